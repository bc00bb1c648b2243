"""Home: what the app is, who it is for, and a first choice of reading level."""

import streamlit as st

from explorer import ui
from explorer.model import Audience
from explorer.sections import render_page

_LABELS = {"patient": "I want plain language", "student": "I am studying", "clinician": "I am a clinician"}


def _chosen() -> None:
    if st.session_state.home_audience:
        st.session_state.audience = st.session_state.home_audience


ui.page_setup("home")
st.session_state.home_audience = st.session_state.get("audience")
st.pills("How should the app talk to you?", [a.value for a in Audience], key="home_audience",
         format_func=_LABELS.get, on_change=_chosen)
render_page("home")
