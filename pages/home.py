"""Home: the ways in (pathway, map, tours) and a choice of reading level; the urgent line comes with `page_setup`."""

import streamlit as st

from explorer.model import Audience
from explorer.ui import panels, state
from explorer.ui.frame import audience_label, link, page_setup, say

A = page_setup("home")
plain = state.audience() is Audience.PATIENT
page = A.kb.pages["home"]
assert A.kb.navigation is not None
st.title(page.title_at(plain=plain), anchor=False)
st.markdown(page.summary.plain if plain else page.summary.clinical)
entries = A.kb.navigation.entries
for col, entry in zip(st.columns(len(entries)) if entries else [], entries, strict=True):  # no ways in, no row
    with col, st.container(border=True, key=f"entry_{entry.page}"):
        link(entry.page, label=f"**{entry.title.at(plain=plain)}**", icon=f":material/{entry.icon}:")
        st.caption(entry.text.at(plain=plain))
if A.kb.safety is not None:  # what the app is not, where a first-time reader looks (the urgent line is on top)
    st.caption(A.kb.safety.disclaimer.plain if plain else A.kb.safety.disclaimer.clinical)


def _chose_level() -> None:
    # `required` keeps one level chosen; a None (never expected) keeps the reader's level, not another.
    if st.session_state.home_level is not None:
        st.session_state.audience = st.session_state.home_level


st.session_state.home_level = state.audience().value
st.segmented_control(say("home.level"), [a.value for a in Audience], format_func=audience_label, key="home_level",
                     required=True, on_change=_chose_level)
for c in page.claims:
    with st.container(border=True):
        panels.claim(c)
panels.evidence_checks(page.evidence_checks)
