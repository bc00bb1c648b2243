"""Self-test: multiple-choice questions generated from the knowledge graph, one at a time."""

import random

import streamlit as st

from explorer import ui
from explorer.model import Audience
from explorer.quiz import generate_quiz

ui.page_setup("self-test")
A = ui.app()
plain = ui.audience() is Audience.PATIENT


def _start(seed: int) -> None:
    st.session_state.quiz_seed = seed
    st.session_state.quiz_index = 0
    st.session_state.quiz_answers = {}  # question index -> chosen option index


# The seed comes from ?seed= when that is a new, valid integer; otherwise it is kept for the session.
param = st.query_params.get("seed")
if param != st.session_state.get("quiz_seen_param"):
    st.session_state.quiz_seen_param = param
    if param is not None:
        try:
            _start(int(param))
        except ValueError:
            st.warning("The link's quiz number is not a whole number, so a new quiz was started.")
if "quiz_seed" not in st.session_state:
    _start(random.randrange(1_000_000))
seed: int = st.session_state.quiz_seed
st.query_params["seed"] = str(seed)
st.session_state.quiz_seen_param = str(seed)

quiz = generate_quiz(A.graph, A.kb, seed=seed, plain=plain)
answers: dict[int, int] = st.session_state.quiz_answers
index = min(st.session_state.quiz_index, len(quiz))

st.title("Test yourself")
st.caption("Questions made from the app's graph of nerves and joints. A learning game, not a medical test. "
           f"Quiz number {seed} — share the link to give a friend the same questions.")
score = sum(quiz[i].is_correct(c) for i, c in answers.items() if i < len(quiz))
st.metric("Score this quiz", f"{score} of {len(answers)} answered")

if st.button("New quiz", key="quiz_new"):
    _start(random.randrange(1_000_000))
    st.rerun()

if not quiz:
    st.info("There is not enough content to make a quiz.")
    st.stop()

if index >= len(quiz):
    st.success(f"Done! You got {score} of {len(quiz)} right. Press “New quiz” to try other questions.")
    st.stop()

q = quiz[index]
st.progress(index / len(quiz), text=f"Question {index + 1} of {len(quiz)}")
st.subheader(q.prompt)
done = index in answers
choice = st.radio(
    "Your answer",
    list(range(len(q.options))),
    format_func=lambda i: q.options[i],
    index=answers.get(index),
    key=f"quiz_choice_{seed}_{index}",
    disabled=done,
)
if not done and st.button("Check", key="quiz_check", type="primary"):
    if choice is None:
        st.warning("Pick an answer first.")
    else:
        answers[index] = choice
        st.rerun()

if done:
    if q.is_correct(answers[index]):
        st.success("Right!")
    else:
        st.error(f"Not quite. The answer is: {q.answer_text}")
    st.markdown(q.explanation)
    st.caption(f"Sources: {', '.join(q.references)}")
    last = index + 1 >= len(quiz)
    if st.button("See my score" if last else "Next question", key="quiz_next"):
        st.session_state.quiz_index = index + 1
        st.rerun()
