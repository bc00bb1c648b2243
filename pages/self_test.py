"""Self-test: questions made from facts shown in people, one at a time, each option explained after an answer.

The learner's place (quiz number, question, answers so far) lives in the link, so a server restart or a
shared link brings the same quiz back at the same place.
"""

import random

import streamlit as st

from explorer.graph import short_label
from explorer.headmap import head_svg
from explorer.mdtext import md_text
from explorer.model import Audience, Basis
from explorer.quiz import Progress, generate_quiz, graded, parse_progress, picked_id, progress_params
from explorer.ui import (
    progress as kept,  # the learner's kept progress (as `progress` below is their place in this quiz)
)
from explorer.ui import state
from explorer.ui.frame import page_setup, page_title, say
from explorer.ui.headmap import head_map

A = page_setup("self-test")
plain = state.audience() is Audience.PATIENT
_MAX_SEED = 10**9


def _usable(raw: str | None) -> int | None:
    """The quiz number a link gives, if it is one."""
    try:
        seed = int(raw) if raw is not None else None
    except ValueError:
        return None
    return seed if seed is not None and 0 <= seed < _MAX_SEED else None


def _parse_seed(raw: str | None) -> int:
    """The link's quiz number; without a usable one, the quiz in progress, or a new quiz."""
    seed = _usable(raw)
    if seed is None:
        current = st.session_state.get("quiz_seed")
        seed = current if isinstance(current, int) else random.randrange(1_000_000)
    return seed


def _new() -> None:
    st.session_state.quiz_seed = random.randrange(1_000_000)


raw_seed = st.query_params.get("seed")  # before linked() rewrites the link
seed = state.linked("quiz_seed", "seed", parse=_parse_seed, write=str)
if raw_seed is not None and _usable(raw_seed) is None:
    st.warning(say("quiz.bad_seed"))
quiz = kept.due_first(generate_quiz(A.graph, A.kb, seed=seed, plain=plain), seed)  # due reviews first

# The link is the record: a link whose place differs from the one this session last wrote (a restart, a
# shared link) is read back; a new quiz number alone starts that quiz afresh.
in_link = (st.query_params.get("at"), st.query_params.get("answers"))
written = st.session_state.get("quiz_written")
restarted = False
if written is None or in_link != written[1]:
    progress = parse_progress(*in_link, quiz)
    restarted = written is None and bool(progress.answers)
elif written[0] != seed:
    progress = Progress()
else:
    progress = st.session_state.quiz_progress


def _keep(new: Progress) -> None:
    """Remember `new` in the session and in the link."""
    st.session_state.quiz_progress = new
    at, answers = progress_params(new)
    for param, value in (("at", at), ("answers", answers)):
        if value is None:
            st.query_params.pop(param, None)
        else:
            st.query_params[param] = value
    st.session_state.quiz_written = (seed, (at, answers))


_keep(progress)

st.title(page_title("self-test"), anchor=False)
st.caption(say("quiz.intro", seed=seed))
kept.self_test_panel()  # "Keep my progress" (off unless chosen), the code and what is due
if restarted:
    st.info(say("quiz.restarted"))
score = progress.score(quiz)
st.metric(say("quiz.score_label"), say("quiz.score", score=score, answered=len(progress.answers)))
st.button(say("quiz.new"), key="quiz_new", on_click=_new, icon=":material/refresh:")

if not quiz:
    st.info(say("quiz.empty"))
    st.stop()
index = progress.index
if index >= len(quiz):
    st.success(say("quiz.done", score=score, total=len(quiz)))
    st.stop()

q = quiz[index]
st.progress(index / len(quiz), text=say("quiz.progress", number=index + 1, total=len(quiz)))
st.subheader(md_text(q.prompt), anchor=False)


def _answer(token: str) -> None:
    if (right := graded(q, token)) is not None:  # a tap that cannot be marked is not a review either
        kept.answered(q, right)
    _keep(Progress(index, (*progress.answers, token)))
    st.rerun()


def _head(states: dict[str, Basis | str], *, interactive: bool) -> str:
    assert A.kb.head_map is not None
    labels = {r: short_label(A.graph.nodes[r]) for r in q.tappable}
    return head_svg(A.kb.head_map, labels, states, interactive=interactive, title=q.prompt)


done = index < len(progress.answers)
if not done:
    if q.kind == "point":
        st.caption(say("quiz.point_tap"))
        tapped = head_map(_head({}, interactive=True), key=f"quiz_head_{seed}_{index}", interactive=True)
        if tapped is not None:
            if graded(q, tapped) is None:
                st.info(say("quiz.point_ungraded", region=A.graph.nodes[tapped]["label"] if tapped in A.graph else ""))
            else:
                _answer(tapped)
    label = say("quiz.point_list") if q.kind == "point" else say("quiz.your_answer")
    choice = st.radio(label, list(range(len(q.options))), format_func=lambda i: q.options[i],
                      index=None, key=f"quiz_choice_{seed}_{index}")
    if st.button(say("quiz.check"), key="quiz_check", type="primary"):
        if choice is None:
            st.warning(say("quiz.pick_first"))
        else:
            _answer(str(choice))
else:
    token = progress.answers[index]
    mine = picked_id(q, token)
    right = graded(q, token) is True
    if q.kind == "point":
        lit: dict[str, Basis | str] = dict.fromkeys(q.accepted, Basis.PEOPLE)
        if mine is not None and not right:
            lit[mine] = "chosen"
        head_map(_head(lit, interactive=False), key=f"quiz_head_{seed}_{index}_shown", interactive=False)
        if mine is not None and mine not in q.option_ids:
            st.caption(say("quiz.you_tapped", region=A.graph.nodes[mine]["label"]))
    # The list again, with the right answer marked (and the reader's, if it was wrong).
    lines = []
    for i, option in enumerate(q.options):
        if i == q.answer or (q.kind == "point" and q.option_ids[i] in q.accepted):
            lines.append(f":material/check_circle: **{option}** {say('quiz.right_answer')}")
        elif q.option_ids[i] == mine:
            lines.append(f":material/cancel: ~~{option}~~ {say('quiz.wrong_answer')}")
        else:
            lines.append(f":material/radio_button_unchecked: {option}")
    st.markdown("  \n".join(lines))
    if right:
        st.success(say("quiz.right"))
    else:
        st.error(say("quiz.not_quite", answer=q.answer_text))
        if mine in q.option_ids:
            i = q.option_ids.index(mine)
            st.markdown(say("quiz.why_not", option=q.options[i], why=q.why_wrong[i]))
            if q.wrong_references[i]:
                st.caption(say("panels.sources", keys=", ".join(q.wrong_references[i])))
        elif mine is not None and (why := dict(q.tap_why).get(mine)):  # a tapped region not in the list
            st.markdown(say("quiz.why_not", option=A.graph.nodes[mine]["label"], why=why))
    st.markdown(q.explanation)
    st.caption(say("panels.sources", keys=", ".join(q.references)))
    last = index + 1 >= len(quiz)
    if st.button(say("quiz.see_score" if last else "quiz.next"), key="quiz_next"):
        _keep(Progress(index + 1, progress.answers))
        st.rerun()
