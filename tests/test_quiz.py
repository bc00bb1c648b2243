"""Quiz questions come from the graph: each answer is checked here against the graph independently."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from explorer.load import KnowledgeBase
from explorer.quiz import Question, checklist, generate_quiz
from tests.apptest import open_page

ROOT = Path(__file__).resolve().parent.parent
SEEDS = range(200)
TEACHABLE = {"confirmed-from-source", "confirmed-from-source (secondary)"}
IN_PEOPLE = {"human_blocks", "human_provocation", "patient_series", "clinical_palpation", "human_dissection",
             "textbook"}


def _all_questions(G: nx.DiGraph, kb: KnowledgeBase, plain: bool = False) -> list[Question]:
    return [q for seed in SEEDS for q in generate_quiz(G, kb, seed=seed, plain=plain)]


def _correct_ids(G: nx.DiGraph, kb: KnowledgeBase, q: Question) -> set[str]:
    """The option ids that may be taught as right for `q`, worked out from the raw graph, not explorer.quiz.

    Only edges shown in people and read with a `confirmed` tag may be taught.
    """
    def taught(d: dict) -> bool:
        return d["confidence"] in TEACHABLE and d["evidence_kind"] in IN_PEOPLE

    if q.kind == "nerve":
        return {v for v in G.successors(q.subject)
                if G.edges[q.subject, v]["kind"] == "supplied_by" and taught(G.edges[q.subject, v])}
    if q.kind == "segments":
        return {", ".join(G.nodes[q.subject]["segments"])}
    if q.kind == "felt":
        direct = {v for v in G.successors(q.subject)
                  if G.edges[q.subject, v]["kind"] == "refers_pain_to" and taught(G.edges[q.subject, v])}
        if G.nodes[q.subject]["kind"] == "nerve":  # a nerve is felt in its own skin territory
            direct |= {u for u in G.predecessors(q.subject)
                       if G.edges[u, q.subject]["kind"] == "skin_territory_of" and taught(G.edges[u, q.subject])}
        return direct
    if q.kind == "criterion":
        widget = checklist(kb)
        assert widget is not None
        return set(next(f for f in widget.features if f.id == q.subject).criteria)
    raise AssertionError(q.kind)


def _wrong_ids(G: nx.DiGraph, q: Question) -> set[str]:
    """Option ids that are true in the graph in any way, beyond the taught answers (never a distractor)."""
    if q.kind == "nerve":
        steps = nx.subgraph_view(G, filter_edge=lambda u, v: G.edges[u, v]["kind"] not in ("refers_pain_to", "part_of"))
        signal = steps
        return set(nx.descendants(signal, q.subject))
    if q.kind == "felt":
        from explorer.graph import felt_in

        return {r.region for r in felt_in(G, q.subject)}  # observed, claimed or predicted: never offered as "no"
    if q.kind == "segments":
        mine = set(G.nodes[q.subject]["segments"])
        return {o for o in q.option_ids if set(o.split(", ")) == mine}
    return set()


@pytest.mark.parametrize("plain", [False, True])
def test_every_answer_is_right_and_no_distractor_is(G: nx.DiGraph, kb: KnowledgeBase, plain: bool) -> None:
    questions = _all_questions(G, kb, plain)
    assert {q.kind for q in questions} == {"nerve", "segments", "felt", "criterion"}
    for q in questions:
        assert len(q.options) == len(q.option_ids) == 4, q
        assert len(set(q.options)) == 4, q
        assert 0 <= q.answer < 4
        right = _correct_ids(G, kb, q)
        assert q.option_ids[q.answer] in right, q
        also_right = right | _wrong_ids(G, q)
        for i, option in enumerate(q.option_ids):
            if i != q.answer:
                assert option not in also_right, (q.prompt, option)
        assert q.explanation and q.references
        known = set(kb.references)
        assert set(q.references) <= known, q.references


def test_distractors_are_the_same_kind_as_the_answer(G: nx.DiGraph, kb: KnowledgeBase) -> None:
    widget = checklist(kb)
    assert widget is not None
    criteria = {c.id for c in widget.criteria}
    for q in _all_questions(G, kb):
        if q.kind == "nerve":
            assert all(G.nodes[o]["kind"] in ("nerve", "root") for o in q.option_ids), q
        elif q.kind == "felt":
            assert all(G.nodes[o]["kind"] == "region" for o in q.option_ids), q
            assert q.option_ids[q.answer] in G
        elif q.kind == "criterion":
            assert set(q.option_ids) <= criteria
        else:
            segs = {s for _, d in G.nodes(data=True) for s in d.get("segments", [])}
            assert all(set(o.split(", ")) <= segs for o in q.option_ids)


def test_felt_answers_are_observed_in_people_and_distractors_not_even_predicted(
    G: nx.DiGraph, kb: KnowledgeBase
) -> None:
    from explorer.graph import felt_in
    from explorer.model import Basis

    for q in _all_questions(G, kb):
        if q.kind == "felt":
            basis = {r.region: r.basis for r in felt_in(G, q.subject)}
            assert basis[q.option_ids[q.answer]] is Basis.PEOPLE
            assert not {o for i, o in enumerate(q.option_ids) if i != q.answer} & set(basis)


def test_a_felt_distractor_is_never_skin_of_the_sources_own_nerves(G: nx.DiGraph, kb: KnowledgeBase) -> None:
    # e.g. the face for the supratentorial dura, whose nerves (V2, V3) also supply the face's skin.
    from explorer.graph import trace

    for q in _all_questions(G, kb):
        if q.kind == "felt":
            own = {q.subject} | {v for v in G.successors(q.subject) if G.edges[q.subject, v]["kind"] == "supplied_by"}
            for i, region in enumerate(q.option_ids):
                if i != q.answer:
                    assert not any(own & set(route) for route in trace(G, region).routes), (q.subject, region)


def test_stems_never_name_a_criterion_code(G: nx.DiGraph, kb: KnowledgeBase) -> None:
    import re

    widget = checklist(kb)
    assert widget is not None
    # Single letters (A, B, D) are ordinary words; every longer code and both set names must stay out.
    codes = {c.code for c in widget.criteria if len(c.code) > 1} | {"CHISG", "ICHD"}
    for plain in (False, True):
        for q in _all_questions(G, kb, plain):
            if q.kind == "criterion":
                for code in codes:
                    assert not re.search(rf"(?<![\w–-]){re.escape(code)}(?![\w–-])", q.prompt), (code, q.prompt)


def test_same_seed_same_quiz_and_different_seed_different_quiz(G: nx.DiGraph, kb: KnowledgeBase) -> None:
    first = generate_quiz(G, kb, seed=42)
    assert len(first) == 10
    assert generate_quiz(G, kb, seed=42) == first
    assert generate_quiz(G, kb, seed=43) != first
    assert len({tuple(generate_quiz(G, kb, seed=s)) for s in range(10)}) == 10


def test_quiz_mixes_kinds_and_never_repeats_a_question(G: nx.DiGraph, kb: KnowledgeBase) -> None:
    for seed in SEEDS:
        quiz = generate_quiz(G, kb, seed=seed)
        assert {q.kind for q in quiz} == {"nerve", "segments", "felt", "criterion"}
        assert len({(q.kind, q.subject) for q in quiz}) == len(quiz)
    assert len(generate_quiz(G, kb, seed=1, n=3)) == 3
    assert generate_quiz(G, kb, seed=1, n=0) == []


def test_segment_questions_do_not_give_the_answer_away(G: nx.DiGraph, kb: KnowledgeBase) -> None:
    for q in _all_questions(G, kb):
        if q.kind == "segments":
            label = G.nodes[q.subject]["label"]
            assert not any(seg in label.split() for seg in G.nodes[q.subject]["segments"]), label


# --- the page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["patient", "student", "clinician"])
def test_self_test_page_runs(audience: str) -> None:
    at = open_page("self_test", audience=audience)
    assert at.title and at.subheader
    assert at.query_params["seed"]


def test_self_test_seed_param_check_and_score(G: nx.DiGraph, kb: KnowledgeBase) -> None:
    at = open_page("self_test", seed="7")
    quiz = generate_quiz(G, kb, seed=7)
    assert at.subheader[0].value == quiz[0].prompt
    at.radio(key="quiz_choice_7_0").set_value(quiz[0].answer).run()
    at.button(key="quiz_check").click().run()
    assert not at.exception
    assert at.success and "Right" in at.success[0].value
    assert quiz[0].explanation in [m.value for m in at.markdown]
    assert at.metric[0].value == "1 of 1 answered"
    at.button(key="quiz_next").click().run()
    assert at.subheader[0].value == quiz[1].prompt
    wrong = (quiz[1].answer + 1) % 4
    at.radio(key="quiz_choice_7_1").set_value(wrong).run()
    at.button(key="quiz_check").click().run()
    assert at.error and quiz[1].answer_text in at.error[0].value
    assert at.metric[0].value == "1 of 2 answered"
    # After an answer the list comes back with the right option marked, and the reader's wrong one too.
    marked = next(m.value for m in at.markdown if "(right answer)" in m.value)
    assert f"**{quiz[1].answer_text}** (right answer)" in marked
    assert f"~~{quiz[1].options[wrong]}~~ (your answer)" in marked


def test_self_test_new_quiz_and_bad_seed() -> None:
    at = open_page("self_test", seed="not-a-number")
    assert at.warning
    old = at.query_params["seed"]
    at.button(key="quiz_new").click().run()
    assert not at.exception
    assert at.metric[0].value == "0 of 0 answered"
    assert at.query_params["seed"].isdigit() and old.isdigit()


def test_a_patients_quiz_is_worded_plainly(G: nx.DiGraph, kb: KnowledgeBase) -> None:
    assert kb.wording is not None
    stems = {key: kb.wording.ui[f"quiz.ask_{key}"].plain.split("{")[0] for key in ("nerve", "segments", "felt",
                                                                                 "criterion")}
    evidence = [e.evidence for e in kb.edges if e.evidence]  # written for clinicians
    clinical = [n.clinical for n in kb.nodes.values()]
    for q in _all_questions(G, kb, plain=True):
        assert q.prompt.startswith(stems[q.kind]), q.prompt
        assert not any(text in q.explanation for text in evidence + clinical), q.explanation


def test_a_clinicians_answer_in_a_nerves_own_skin_says_so(G: nx.DiGraph, kb: KnowledgeBase) -> None:
    assert kb.wording is not None
    own_skin = kb.wording.ui["quiz.own_territory"].clinical
    in_own_skin = [q for q in _all_questions(G, kb) if q.kind == "felt"
                   and G.edges.get((q.option_ids[q.answer], q.subject), {}).get("kind") == "skin_territory_of"]
    assert in_own_skin, "no quiz asks where a nerve's own skin is: this test would check nothing"
    for q in in_own_skin:
        assert q.explanation.endswith(own_skin), q.explanation


def test_a_new_seed_in_the_link_starts_that_quiz_afresh(G: nx.DiGraph, kb: KnowledgeBase) -> None:
    at = open_page("self_test", seed="7")
    first = generate_quiz(G, kb, seed=7)[0]
    at.radio(key="quiz_choice_7_0").set_value(first.answer).run()
    at.button(key="quiz_check").click().run()
    assert at.metric[0].value == "1 of 1 answered"
    at.query_params["seed"] = "8"
    at.run()
    assert at.metric[0].value == "0 of 0 answered"
    assert at.subheader[0].value == generate_quiz(G, kb, seed=8)[0].prompt
    at.button(key="quiz_new").click().run()
    assert at.query_params["seed"] != "8" and at.metric[0].value == "0 of 0 answered"
