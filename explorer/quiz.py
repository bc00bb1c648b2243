"""Multiple-choice questions generated from the knowledge graph, so every answer is right by construction.

Four kinds of question, each asked of one subject:

* ``nerve``     - "Which nerve carries pain from <structure>?" (a ``supplied_by`` target)
* ``segments``  - "Which segment(s) does <node> belong to?" (the node's ``segments``)
* ``felt``      - "Where can pain from <structure> be felt?" (a region from ``felt_in``)
* ``criterion`` - "Which criterion does <feature> speak to?" (the presentation page's feature checklist)

A quiz must never teach an error, so a correct answer is only ever a fact shown in people and
read with a `confirmed` tag: no animal finding, no claim of the article, no prediction, nothing
partly confirmed or unverified. Distractors are of the same kind as the answer (nerves for a
nerve, regions for a region...) and are false in the graph: a region offered as wrong is one the
graph does not link to the source at all, not even as a hypothesis or through the nerves of
that region's own skin. Stems never name a criterion
code. The same seed always gives the same quiz. Stems and explanations are worded in data/wording.yaml
(`ui`, keys `quiz.*`), at the reader's level; a patient's explanation quotes only plain texts.

Examples:
    >>> from explorer.load import load_knowledge_base
    >>> from explorer.graph import build_graph
    >>> kb = load_knowledge_base()
    >>> quiz = generate_quiz(build_graph(kb), kb, seed=1, n=4)
    >>> len(quiz), all(len(q.options) == 4 for q in quiz)
    (4, True)
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from explorer.graph import felt_in, kind_of, own_territory, signal_graph
from explorer.model import (
    Basis,
    Confidence,
    Criterion,
    EdgeKind,
    EvidenceKind,
    Feature,
    FeatureChecklistWidget,
    KnowledgeBase,
    NodeKind,
)

__all__ = ["QUESTION_KINDS", "TEACHABLE", "Question", "QuestionKind", "checklist", "generate_quiz", "segment_text",
           "teachable"]

QuestionKind = Literal["nerve", "segments", "felt", "criterion"]
QUESTION_KINDS: tuple[QuestionKind, ...] = ("nerve", "segments", "felt", "criterion")

_OPTIONS = 4
# Only these tags may stand behind a correct answer: those read in a confirming source, first-hand or not.
TEACHABLE = frozenset(tag for tag in Confidence if tag.confirmed)


def teachable(data: Mapping[str, Any]) -> bool:
    """Whether an edge may be a quiz answer: shown in people, with a `confirmed` tag."""
    return Confidence(data["confidence"]) in TEACHABLE and EvidenceKind(data["evidence_kind"]).in_people


@dataclass(frozen=True)
class Question:
    """One multiple-choice question.

    Attributes:
        kind: which of the four question kinds this is.
        subject: the node id (or feature id, for ``criterion``) the question is about.
        prompt: the question, as shown to the reader.
        options: the four answer texts, in display order.
        option_ids: what each option stands for: a node id, a criterion id, or for
            ``segments`` the segments joined by ", " (same order as ``options``).
        answer: index into ``options`` of the correct option.
        explanation: why the answer is right, built from the node, edge or criterion texts.
        references: citation keys behind the explanation.
    """

    kind: QuestionKind
    subject: str
    prompt: str
    options: tuple[str, ...]
    option_ids: tuple[str, ...]
    answer: int
    explanation: str
    references: tuple[str, ...]

    @property
    def answer_text(self) -> str:
        """The text of the correct option."""
        return self.options[self.answer]

    def is_correct(self, choice: int | None) -> bool:
        """Whether option index `choice` is the right one."""
        return choice == self.answer


def segment_text(segments: list[str] | tuple[str, ...]) -> str:
    """A node's segments as one option text, e.g. ``"C2, C3"``."""
    return ", ".join(segments)


def checklist(kb: KnowledgeBase) -> FeatureChecklistWidget | None:
    """The feature checklist widget of the presentation page, if the content has one."""
    page = kb.pages.get("presentation")
    if page is None:
        return None
    return next((w for w in page.widgets if isinstance(w, FeatureChecklistWidget)), None)


def generate_quiz(G: nx.DiGraph, kb: KnowledgeBase, *, seed: int, n: int = 10, plain: bool = False) -> list[Question]:
    """Up to `n` questions drawn from the graph and the feature checklist, the same for the same seed.

    Kinds take turns (in an order the seed shuffles) so a quiz mixes them; each subject is asked
    about at most once. `plain` picks the plain-language texts (for patients) over the clinical ones.
    Fewer than `n` questions come back only if the content cannot supply more.
    """
    rng = random.Random(seed)
    assert kb.wording is not None
    words = kb.wording.ui

    def say(key: str, **values: object) -> str:
        return words[f"quiz.{key}"].at(plain=plain).format(**values)

    builders: dict[QuestionKind, list[Callable[[random.Random], Question | None]]] = {
        kind: [] for kind in QUESTION_KINDS
    }
    for node_id in sorted(G):
        builders["nerve"].append(functools.partial(_ask, _nerve_question, G, node_id, plain, say))
        builders["segments"].append(functools.partial(_ask, _segments_question, G, node_id, plain, say))
        builders["felt"].append(functools.partial(_ask, _felt_question, G, node_id, plain, say))
    widget = checklist(kb)
    if widget is not None:
        for feature in widget.features:
            builders["criterion"].append(functools.partial(_criterion_question, widget, feature, plain=plain, say=say))

    pools = {kind: rng.sample(items, len(items)) for kind, items in builders.items()}
    order = list(QUESTION_KINDS)
    rng.shuffle(order)
    quiz: list[Question] = []
    while len(quiz) < n and any(pools.values()):
        for kind in order:
            if len(quiz) >= n:
                break
            while pools[kind]:
                question = pools[kind].pop()(rng)
                if question is not None:
                    quiz.append(question)
                    break
    return quiz


# --- the four kinds -----------------------------------------------------------------------------


Say = Callable[..., str]  # a sentence of data/wording.yaml `ui` (key without "quiz."), at the reader's level


def _ask(
    build: Callable[[nx.DiGraph, str, random.Random, bool, Say], Question | None],
    G: nx.DiGraph, subject: str, plain: bool, say: Say, rng: random.Random,
) -> Question | None:
    return build(G, subject, rng, plain, say)


def _text(data: Mapping[str, Any], plain: bool) -> str:
    return str(data["plain"] if plain else data["clinical"])


def _label(G: nx.DiGraph, node_id: str) -> str:
    return str(G.nodes[node_id]["label"])


def _nerve_question(G: nx.DiGraph, structure: str, rng: random.Random, plain: bool, say: Say) -> Question | None:
    if kind_of(G, structure) is not NodeKind.STRUCTURE:
        return None
    supplied = sorted(
        v for v in G.successors(structure) if G.edges[structure, v]["kind"] == EdgeKind.SUPPLIED_BY.value
    )
    answers = [v for v in supplied if kind_of(G, v) is NodeKind.NERVE and teachable(G.edges[structure, v])]
    if not answers:
        return None
    # Every nerve the structure's pain travels along (a parent of its nerve, say) is also "right".
    also_right = set(supplied) | set(nx.descendants(signal_graph(G), structure))
    pool = [v for v in sorted(G) if kind_of(G, v) is NodeKind.NERVE and v not in also_right]
    answer = rng.choice(answers)
    edge = G.edges[structure, answer]
    # An edge's evidence is written for clinicians; patients read the nerve's plain text.
    because = _text(G.nodes[answer], plain) if plain else edge.get("evidence") or _text(G.nodes[answer], plain)
    return _question(
        rng, "nerve", structure,
        say("ask_nerve", structure=_label(G, structure)),
        (answer, _label(G, answer)),
        [(d, _label(G, d)) for d in pool],
        say("why_nerve", structure=_label(G, structure), nerve=_label(G, answer), because=because),
        (*edge["references"], *G.nodes[answer]["references"]),
    )


def _segments_question(G: nx.DiGraph, node_id: str, rng: random.Random, plain: bool, say: Say) -> Question | None:
    data = G.nodes[node_id]
    kind = kind_of(G, node_id)
    if not data.get("segments") or kind not in (NodeKind.STRUCTURE, NodeKind.NERVE, NodeKind.ROOT):
        return None
    if kind is NodeKind.STRUCTURE:
        # A tissue's segments follow from its nerve supply: ask only where every supply edge is teachable.
        supply = [G.edges[node_id, v] for v in G.successors(node_id)
                  if G.edges[node_id, v]["kind"] == EdgeKind.SUPPLIED_BY.value]
        if not supply or not all(teachable(d) for d in supply):
            return None
    if any(re.search(rf"\b{seg}\b", data["label"]) for seg in data["segments"]):
        return None  # the label gives the answer away ("C1 ventral ramus")
    answer = segment_text(data["segments"])
    mine = frozenset(data["segments"])
    others = sorted(
        {segment_text(d["segments"]) for _, d in G.nodes(data=True)
         if d.get("segments") and frozenset(d["segments"]) != mine}
    )
    return _question(
        rng, "segments", node_id,
        say("ask_segments", node=data["label"]),
        (answer, answer),
        [(o, o) for o in others],
        say("why_segments", node=data["label"], answer=answer, because=_text(data, plain)),
        tuple(data["references"]),
    )


def _felt_question(G: nx.DiGraph, source: str, rng: random.Random, plain: bool, say: Say) -> Question | None:
    if kind_of(G, source) not in (NodeKind.STRUCTURE, NodeKind.NERVE):
        return None
    referrals = felt_in(G, source)
    observed = [r for r in referrals if r.basis is Basis.PEOPLE and r.confidence in TEACHABLE]
    if not observed:
        return None
    # Nothing linked in any way (animals, claimed, predicted, its own nerves' skin) is offered as
    # wrong: only a plain "no".
    anywhere = {r.region for r in referrals} | own_territory(G, source)
    pool = [v for v in sorted(G) if kind_of(G, v) is NodeKind.REGION and v not in anywhere]
    chosen = rng.choice(observed)
    because = (_text(G.nodes[source], plain) if plain
               else say("own_territory") if chosen.own_territory
               else chosen.evidence or _text(G.nodes[source], plain))
    return _question(
        rng, "felt", source,
        say("ask_felt", source=_label(G, source)),
        (chosen.region, _label(G, chosen.region)),
        [(d, _label(G, d)) for d in pool],
        say("why_felt", source=_label(G, source), region=_label(G, chosen.region), because=because),
        chosen.references,
    )


def _criterion_label(c: Criterion, plain: bool) -> str:
    return f"{c.set} {c.code}: {c.plain if plain else c.clinical}"


def _criterion_question(
    w: FeatureChecklistWidget, feature: Feature, rng: random.Random, *, plain: bool, say: Say
) -> Question | None:
    criteria = {c.id: c for c in w.criteria}
    answers = [c for c in feature.criteria if c in criteria]
    if not answers:
        return None
    answer = criteria[rng.choice(answers)]
    # Wrong answers from the same criteria set first, so the choice is not given away by the set name.
    pool = sorted((c for c in w.criteria if c.id not in feature.criteria), key=lambda c: (c.set != answer.set, c.id))
    same_set = [c for c in pool if c.set == answer.set]
    if len(same_set) >= _OPTIONS - 1:
        pool = same_set
    feature_text = feature.plain if plain else feature.prompt
    return _question(
        rng, "criterion", feature.id,
        say("ask_criterion", feature=feature_text),
        (answer.id, _criterion_label(answer, plain)),
        [(c.id, _criterion_label(c, plain)) for c in pool],
        say("why_criterion", criterion=_criterion_label(answer, plain)),
        (*feature.references, *answer.references),
    )


def _question(
    rng: random.Random,
    kind: QuestionKind,
    subject: str,
    prompt: str,
    answer: tuple[str, str],
    pool: list[tuple[str, str]],
    explanation: str,
    references: tuple[str, ...],
) -> Question | None:
    """Pick three distractors from `pool` (distinct texts, never the answer) and shuffle the four options."""
    seen = {answer[1]}
    candidates = []
    for item in pool:
        if item[1] not in seen and item[0] != answer[0]:
            seen.add(item[1])
            candidates.append(item)
    if len(candidates) < _OPTIONS - 1:
        return None
    options = [answer, *rng.sample(candidates, _OPTIONS - 1)]
    rng.shuffle(options)
    return Question(
        kind=kind,
        subject=subject,
        prompt=prompt,
        options=tuple(text for _, text in options),
        option_ids=tuple(i for i, _ in options),
        answer=options.index(answer),
        explanation=explanation,
        references=tuple(dict.fromkeys(references)),
    )
