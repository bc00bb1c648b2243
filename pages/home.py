"""Home: the ways in (pathway, map, tours), a short safety line, and a choice of reading level."""

import streamlit as st

from explorer.model import Audience
from explorer.ui import panels, state
from explorer.ui.frame import nav_entry, page_setup

_LEVELS = {"patient": "Plain language", "student": "I am studying", "clinician": "I am a clinician"}

A = page_setup("home")
plain = state.audience() is Audience.PATIENT
page = A.kb.pages["home"]
assert A.kb.navigation is not None
st.title(page.title, anchor=False)
st.markdown(page.summary.plain if plain else page.summary.clinical)
for col, entry in zip(st.columns(len(A.kb.navigation.entries)), A.kb.navigation.entries, strict=True):
    with col, st.container(border=True, key=f"entry_{entry.page}"):
        st.page_link(nav_entry(A.kb, entry.page).script, label=f"**{entry.title.at(plain=plain)}**",
                     icon=f":material/{entry.icon}:", query_params={"audience": state.audience().value})
        st.caption(entry.text.at(plain=plain))
panels.safety_box(compact=True)
st.session_state.home_level = state.audience().value
st.segmented_control("How should the app talk to you?", list(_LEVELS), format_func=_LEVELS.get, key="home_level",
                     on_change=lambda: st.session_state.update(audience=st.session_state.home_level or "student"))
for c in page.claims:
    with st.container(border=True):
        panels.claim(c)
panels.evidence_checks(page.evidence_checks)
