"""Guided tours: reading a tour position from a link, and what each step lights up. Pure functions.

Steps are numbered from 1 in links (`?tour=ID&step=N`), as a lecturer would say them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from explorer.graph import Graph, Highlight, felt_in, highlight
from explorer.model import KnowledgeBase, Tour, TourStep
from explorer.quiz import Question, hand_written

__all__ = ["CheckPhase", "TourPosition", "check_questions", "grade_checks", "resolve_tour", "step_highlight"]

CheckPhase = Literal["before", "after"]


@dataclass(frozen=True)
class TourPosition:
    tour: Tour
    number: int  # 1-based
    note: str | None = None  # why the link's step was changed, if it was

    @property
    def step(self) -> TourStep:
        return self.tour.steps[self.number - 1]

    @property
    def total(self) -> int:
        return len(self.tour.steps)


def resolve_tour(
    kb: KnowledgeBase, tour_id: str | None, step: str | None, *, plain: bool = False
) -> TourPosition | str | None:
    """The tour position a link asks for; a message if the tour is unknown; None if no tour is asked for.

    A step that is not a whole number, or out of range, falls back to the nearest valid step
    and says so in `note`. Messages (data/wording.yaml `ui`, plain ones if `plain`) never repeat
    the link's text: pages show them as markdown.
    """
    if not tour_id:
        return None

    def say(key: str, **values: object) -> str:
        assert kb.wording is not None
        return kb.wording.ui[f"tours.{key}"].at(plain=plain).format(**values)

    tour = kb.tours.get(tour_id)
    if tour is None:
        return say("unknown", known=", ".join(sorted(kb.tours)))
    total = len(tour.steps)
    if step is None or step == "":
        return TourPosition(tour, 1)
    try:
        number = int(step)
    except ValueError:
        return TourPosition(tour, 1, say("step_not_number"))
    if number < 1:
        return TourPosition(tour, 1, say("step_too_low", number=number))
    if number > total:
        return TourPosition(tour, total, say("step_too_high", total=total))
    return TourPosition(tour, number)


def step_highlight(G: Graph, tour: Tour, step: TourStep) -> Highlight:
    """What a step lights: exactly its nodes and the steps between them, its first node ringed, and
    its regions on the head figure, shown with how the tour's subject is known to be felt there."""
    lit = highlight(G, focus=step.nodes[:1], nodes=step.nodes)
    felt = {r.region: r.basis for r in felt_in(G, tour.subject)} if tour.subject else {}
    return replace(lit, regions={region: felt.get(region) for region in step.regions})


# --- the checks before and after a tour -------------------------------------------------------


def check_questions(G: Graph, kb: KnowledgeBase, tour: Tour, phase: CheckPhase, *,
                    plain: bool = False) -> list[Question] | None:
    """The tour's three questions for `phase`; None if it has none, or one cannot be asked at this level
    (a patient is never asked a clinician's question, so the pair before and after is skipped whole)."""
    if tour.checks is None:
        return None
    if hand_written(G, kb, [*tour.checks.before, *tour.checks.after], plain=plain) is None:
        return None
    return hand_written(G, kb, getattr(tour.checks, phase), plain=plain)


def grade_checks(questions: Sequence[Question], choices: Sequence[int | None]) -> tuple[bool, ...] | None:
    """Right or wrong for each question, from the option index picked; None until every one is answered."""
    if len(choices) != len(questions) or any(c is None for c in choices):
        return None
    return tuple(q.is_correct(c) for q, c in zip(questions, choices, strict=True))
