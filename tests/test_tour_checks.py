"""A tour's checks: three questions before step 1, three parallel ones after the last step, then the
learner's before/after; skippable, never shown on a projector, never a clinician's question to a patient."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from streamlit.testing.v1 import AppTest

from explorer import progress as P
from explorer.load import KnowledgeBase
from explorer.tours import CheckPhase, check_questions, grade_checks
from tests.apptest import open_page, texts, ui_text

TOUR = "c2-c3-to-forehead"


def _button(at: AppTest, kb: KnowledgeBase, key: str) -> object:
    label = ui_text(kb, key)
    return next(b for b in at.button if b.label == label)


def _answer(at: AppTest, kb: KnowledgeBase, G: nx.DiGraph, phase: CheckPhase, right: list[bool]) -> None:
    questions = check_questions(G, kb, kb.tours[TOUR], phase)
    assert questions is not None
    for n, (q, ok) in enumerate(zip(questions, right, strict=True)):
        at.radio(key=f"tour_check_{TOUR}_{phase}_{n}").set_value(q.answer if ok else (q.answer + 1) % len(q.options))
    _button(at, kb, "tourchecks.check").click().run()  # type: ignore[attr-defined]
    assert not at.exception, at.exception


def _walk_to_the_end(at: AppTest, kb: KnowledgeBase) -> None:
    for _ in range(len(kb.tours[TOUR].steps) - 1):
        at.button(key="step_next").click().run()
    assert at.query_params["step"] == str(len(kb.tours[TOUR].steps))


def test_every_tour_has_three_checks_before_and_three_parallel_ones_after(kb: KnowledgeBase, G: nx.DiGraph) -> None:
    for tour in kb.tours.values():
        before, after = check_questions(G, kb, tour, "before"), check_questions(G, kb, tour, "after")
        assert before is not None and after is not None, tour.id
        assert len(before) == len(after) == 3
        assert not {q.subject for q in before} & {q.subject for q in after}


def test_grading_waits_for_every_answer(kb: KnowledgeBase, G: nx.DiGraph) -> None:
    questions = check_questions(G, kb, kb.tours[TOUR], "before")
    assert questions is not None
    right = [q.answer for q in questions]
    assert grade_checks(questions, [right[0], None, right[2]]) is None
    assert grade_checks(questions, [right[0], (right[1] + 1) % 2, right[2]]) == (True, False, True)


def test_a_tour_asks_before_and_after_and_shows_the_before_after_line(kb: KnowledgeBase, G: nx.DiGraph) -> None:
    before = check_questions(G, kb, kb.tours[TOUR], "before")
    assert before is not None
    at = open_page("explorer", tour=TOUR, step="1")
    assert ui_text(kb, "tourchecks.before_title") in texts(at)
    assert all(at.radio(key=f"tour_check_{TOUR}_before_{n}").label == q.prompt for n, q in enumerate(before))
    assert kb.tours[TOUR].steps[0].clinical in texts(at)  # the step is still there beneath the questions

    _answer(at, kb, G, "before", [True, False, False])
    assert ui_text(kb, "tourchecks.before_title") not in texts(at)  # answered: gone
    assert at.query_params["step"] == "1"

    _walk_to_the_end(at, kb)
    assert ui_text(kb, "tourchecks.after_title") in texts(at)
    _answer(at, kb, G, "after", [True, True, True])
    assert ui_text(kb, "tourchecks.after_title") not in texts(at)
    line = ui_text(kb, "tourchecks.score", before=ui_text(kb, "tourchecks.before_score", right=1, total=3),
                   after=ui_text(kb, "tourchecks.after_score", right=3, total=3))
    assert [s.value for s in at.success] == [line]


def test_checks_can_be_skipped_and_an_unanswered_one_is_asked_for(kb: KnowledgeBase, G: nx.DiGraph) -> None:
    at = open_page("explorer", tour=TOUR, step="1")
    _button(at, kb, "tourchecks.check").click().run()  # type: ignore[attr-defined]
    assert [w.value for w in at.warning] == [ui_text(kb, "tourchecks.answer_all")]
    _button(at, kb, "tourchecks.skip").click().run()  # type: ignore[attr-defined]
    assert ui_text(kb, "tourchecks.before_title") not in texts(at)

    _walk_to_the_end(at, kb)
    _answer(at, kb, G, "after", [False, True, False])
    line = ui_text(kb, "tourchecks.score", before=ui_text(kb, "tourchecks.before_skipped"),
                   after=ui_text(kb, "tourchecks.after_score", right=1, total=3))
    assert [s.value for s in at.success] == [line]


@pytest.mark.parametrize("where", ["first", "last"])
def test_presentation_mode_shows_no_checks(kb: KnowledgeBase, where: str) -> None:
    step = "1" if where == "first" else str(len(kb.tours[TOUR].steps))
    at = open_page("explorer", tour=TOUR, step=step, view="present")
    shown = texts(at)
    assert ui_text(kb, "tourchecks.before_title") not in shown and ui_text(kb, "tourchecks.after_title") not in shown
    assert not at.radio


@pytest.mark.parametrize("tour_id", ["migraine-neck", TOUR])
def test_a_patient_is_asked_in_plain_words_or_not_at_all(kb: KnowledgeBase, G: nx.DiGraph, tour_id: str) -> None:
    tour = kb.tours[tour_id]
    at = open_page("explorer", tour=tour_id, step="1", audience="patient")
    asked = [r.label for r in at.radio if r.key and r.key.startswith("tour_check_")]
    plain = check_questions(G, kb, tour, "before", plain=True)
    clinical = check_questions(G, kb, tour, "before")
    assert plain is not None or tour_id == TOUR  # migraine-neck is written for patients too; c2-c3 is not
    assert asked == ([q.prompt for q in plain] if plain else [])
    assert clinical is not None and not {q.prompt for q in clinical} & set(asked)


def test_a_learner_who_keeps_progress_has_each_answer_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               kb: KnowledgeBase, G: nx.DiGraph) -> None:
    url = f"sqlite:///{tmp_path / 'progress.sqlite'}"
    monkeypatch.setenv("NBTP_DATABASE_URL", url)
    engine = P.prepare_engine(P.make_engine(url))
    P.upgrade(engine)
    code = P.new_learner(engine)
    at = open_page("explorer", tour=TOUR, step="1", learner=code)
    _answer(at, kb, G, "before", [True, True, False])
    _walk_to_the_end(at, kb)
    _answer(at, kb, G, "after", [True, True, True])
    assert P.tour_checks(engine, code, TOUR) == {"pre": (2, 3), "post": (3, 3)}
    engine.dispose()
