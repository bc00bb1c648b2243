"""Self-test: questions made from facts shown in people, one at a time, with the right answer marked."""

import random

import streamlit as st

from explorer.model import Audience
from explorer.quiz import generate_quiz
from explorer.ui import progress, state
from explorer.ui.frame import page_setup, page_title, say

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
if st.session_state.get("quiz_answers_for") != seed:  # a new quiz starts with no answers
    st.session_state.quiz_answers_for = seed
    st.session_state.quiz_index = 0
    st.session_state.quiz_answers = {}  # question index -> chosen option index

quiz = progress.due_first(generate_quiz(A.graph, A.kb, seed=seed, plain=plain), seed)
answers: dict[int, int] = st.session_state.quiz_answers
index = min(st.session_state.quiz_index, len(quiz))

st.title(page_title("self-test"), anchor=False)
st.caption(say("quiz.intro", seed=seed))
progress.self_test_panel()  # "Keep my progress" (off unless chosen), the code and what is due
score = sum(quiz[i].is_correct(c) for i, c in answers.items() if i < len(quiz))
st.metric(say("quiz.score_label"), say("quiz.score", score=score, answered=len(answers)))
st.button(say("quiz.new"), key="quiz_new", on_click=_new, icon=":material/refresh:")

if not quiz:
    st.info(say("quiz.empty"))
    st.stop()
if index >= len(quiz):
    st.success(say("quiz.done", score=score, total=len(quiz)))
    st.stop()

q = quiz[index]
st.progress(index / len(quiz), text=say("quiz.progress", number=index + 1, total=len(quiz)))
st.subheader(q.prompt, anchor=False)
done = index in answers
if not done:
    choice = st.radio(say("quiz.your_answer"), list(range(len(q.options))), format_func=lambda i: q.options[i],
                      index=None, key=f"quiz_choice_{seed}_{index}")
    if st.button(say("quiz.check"), key="quiz_check", type="primary"):
        if choice is None:
            st.warning(say("quiz.pick_first"))
        else:
            answers[index] = choice
            progress.answered(q, q.is_correct(choice))
            st.rerun()
else:
    mine = answers[index]
    # The list again, with the right answer marked (and the reader's, if it was wrong).
    lines = []
    for i, option in enumerate(q.options):
        if i == q.answer:
            lines.append(f":material/check_circle: **{option}** {say('quiz.right_answer')}")
        elif i == mine:
            lines.append(f":material/cancel: ~~{option}~~ {say('quiz.wrong_answer')}")
        else:
            lines.append(f":material/radio_button_unchecked: {option}")
    st.markdown("  \n".join(lines))
    if q.is_correct(mine):
        st.success(say("quiz.right"))
    else:
        st.error(say("quiz.not_quite", answer=q.answer_text))
    st.markdown(q.explanation)
    st.caption(say("panels.sources", keys=", ".join(q.references)))
    last = index + 1 >= len(quiz)
    if st.button(say("quiz.see_score" if last else "quiz.next"), key="quiz_next"):
        st.session_state.quiz_index = index + 1
        st.rerun()
