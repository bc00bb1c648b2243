"""A tour's three questions before it starts and three parallel ones after its last step (issue 23).

The learner answers the `before` questions on step 1 and the `after` ones on the last step, then sees
their before/after score. Either set can be skipped. Answers live in the session (one entry per tour);
a learner who keeps progress also has each answer recorded (explorer/progress.py `tour_checks`).
In presentation mode nothing here is drawn: a lecturer is presenting, not being tested.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from explorer import progress as P
from explorer.mdtext import md_text
from explorer.model import Audience
from explorer.quiz import Question
from explorer.tours import CheckPhase, TourPosition, check_questions, grade_checks
from explorer.ui import state
from explorer.ui.frame import App, say
from explorer.ui.progress import database_engine, learner

__all__ = ["tour_checks"]

_KEY = "tour_checks"  # session: tour id -> phase -> the answers' right/wrong, or "skipped"
_RECORDED_PHASE: dict[CheckPhase, Literal["pre", "post"]] = {"before": "pre", "after": "post"}
_NOT_KEPT = "tour_checks_not_kept"  # session: the last answers could not be recorded
_Answers = dict[str, dict[str, tuple[bool, ...] | str]]


def tour_checks(A: App, found: TourPosition) -> None:
    """Draw the checks this step of the tour asks for, if any: the `before` set on step 1, the `after` set on
    the last step (once the before set is answered or skipped), then the before/after line."""
    if state.presenting() or found.tour.checks is None:
        return
    phase: CheckPhase | None = "before" if found.number == 1 else "after" if found.number == found.total else None
    if phase is None:
        return
    plain = state.audience() is Audience.PATIENT
    questions = check_questions(A.graph, A.kb, found.tour, phase, plain=plain)
    if questions is None:  # no checks this reader can be asked
        return
    mine = _answers().setdefault(found.tour.id, {})
    if st.session_state.pop(_NOT_KEPT, False):
        st.warning(say("progress.down"), icon=":material/cloud_off:")
    if phase in mine:
        if phase == "after":
            _score_line(mine)
        return
    with st.container(border=True, key=f"tour_checks_{phase}"):
        st.subheader(say(f"tourchecks.{phase}_title"), anchor=False)
        st.caption(say(f"tourchecks.{phase}_intro"))
        _ask(found.tour.id, phase, questions, mine)


def _answers() -> _Answers:
    answers: _Answers = st.session_state.setdefault(_KEY, {})
    return answers


def _ask(tour: str, phase: CheckPhase, questions: list[Question], mine: dict[str, tuple[bool, ...] | str]) -> None:
    with st.form(key=f"tour_checks_form_{tour}_{phase}", border=False):
        choices = [st.radio(md_text(q.prompt), list(range(len(q.options))), format_func=q.options.__getitem__,
                            index=None, key=f"tour_check_{tour}_{phase}_{n}")
                   for n, q in enumerate(questions)]
        cols = st.columns(2)
        sent = cols[0].form_submit_button(say("tourchecks.check"), type="primary", width="stretch")
        skipped = cols[1].form_submit_button(say("tourchecks.skip"), type="tertiary", width="stretch")
    if skipped:
        mine[phase] = "skipped"
        st.rerun()
    if sent:
        rights = grade_checks(questions, choices)
        if rights is None:
            st.warning(say("tourchecks.answer_all"))
            return
        mine[phase] = rights
        _record(tour, phase, questions, rights)
        st.rerun()


def _record(tour: str, phase: CheckPhase, questions: list[Question], rights: tuple[bool, ...]) -> None:
    """Keep each answer for a learner who keeps progress; a fault says so in one line, never stops the tour."""
    code = learner()
    if not code:
        return
    engine = database_engine()
    try:
        if engine is None:
            raise P.ProgressUnavailable("no database")
        for q, right in zip(questions, rights, strict=True):
            P.record_tour_check(engine, code, tour, _RECORDED_PHASE[phase], q.subject, right=right)
    except P.ProgressUnavailable:
        st.session_state[_NOT_KEPT] = True


def _score_line(mine: dict[str, tuple[bool, ...] | str]) -> None:
    """The learner's before/after, as far as they took part."""
    def part(phase: CheckPhase) -> str:
        rights = mine.get(phase)
        if not isinstance(rights, tuple):
            return say(f"tourchecks.{phase}_skipped")
        return say(f"tourchecks.{phase}_score", right=sum(rights), total=len(rights))

    if mine.get("after") == "skipped":
        return
    st.success(say("tourchecks.score", before=part("before"), after=part("after")), icon=":material/insights:")
