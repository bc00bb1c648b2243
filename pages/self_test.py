"""Self-test: questions made from facts shown in people, one at a time, with the right answer marked."""

import random

import streamlit as st

from explorer.model import Audience
from explorer.quiz import generate_quiz
from explorer.ui import state
from explorer.ui.frame import page_setup, page_title, say

A = page_setup("self-test")
plain = state.audience() is Audience.PATIENT


def _start(seed: int) -> None:
    st.session_state.quiz_seed = seed
    st.session_state.quiz_index = 0
    st.session_state.quiz_answers = {}  # question index -> chosen option index


def _seed(raw: str | None) -> int:
    if raw is not None:
        try:
            seed = int(raw)
            if 0 <= seed < 10**9:
                _start(seed)
                return seed
        except ValueError:
            pass
        st.session_state["quiz_bad_seed"] = True
    if "quiz_seed" not in st.session_state:
        _start(random.randrange(1_000_000))
    return int(st.session_state.quiz_seed)


seed = state.linked("quiz_seed_linked", "seed", parse=_seed, write=str)
if st.session_state.pop("quiz_bad_seed", False):
    st.warning(say("quiz.bad_seed"))
seed = st.session_state.quiz_seed

quiz = generate_quiz(A.graph, A.kb, seed=seed, plain=plain)
answers: dict[int, int] = st.session_state.quiz_answers
index = min(st.session_state.quiz_index, len(quiz))

st.title(page_title("self-test"), anchor=False)
st.caption(say("quiz.intro", seed=seed))
score = sum(quiz[i].is_correct(c) for i, c in answers.items() if i < len(quiz))
st.metric("Score this quiz", f"{score} of {len(answers)} answered")


def _new() -> None:
    _start(random.randrange(1_000_000))
    st.session_state.quiz_seed_linked = st.session_state.quiz_seed


st.button("New quiz", key="quiz_new", on_click=_new, icon=":material/refresh:")

if not quiz:
    st.info(say("quiz.empty"))
    st.stop()
if index >= len(quiz):
    st.success(say("quiz.done", score=score, total=len(quiz)))
    st.stop()

q = quiz[index]
st.progress(index / len(quiz), text=f"Question {index + 1} of {len(quiz)}")
st.subheader(q.prompt, anchor=False)
done = index in answers
if not done:
    choice = st.radio("Your answer", list(range(len(q.options))), format_func=lambda i: q.options[i], index=None,
                      key=f"quiz_choice_{seed}_{index}")
    if st.button("Check", key="quiz_check", type="primary"):
        if choice is None:
            st.warning(say("quiz.pick_first"))
        else:
            answers[index] = choice
            st.rerun()
else:
    mine = answers[index]
    # The list again, with the right answer marked (and the reader's, if it was wrong).
    lines = []
    for i, option in enumerate(q.options):
        if i == q.answer:
            lines.append(f":material/check_circle: **{option}** (right answer)")
        elif i == mine:
            lines.append(f":material/cancel: ~~{option}~~ (your answer)")
        else:
            lines.append(f":material/radio_button_unchecked: {option}")
    st.markdown("  \n".join(lines))
    if q.is_correct(mine):
        st.success("Right!")
    else:
        st.error(f"Not quite. The answer is: {q.answer_text}")
    st.markdown(q.explanation)
    st.caption(f"Sources: {', '.join(q.references)}")
    last = index + 1 >= len(quiz)
    if st.button("See my score" if last else "Next question", key="quiz_next"):
        st.session_state.quiz_index = index + 1
        st.rerun()
