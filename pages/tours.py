"""Guided tours for teaching: each tells the convergence story one step at a time."""

import streamlit as st

from explorer.mdtext import md_text
from explorer.model import Audience
from explorer.ui import state
from explorer.ui.frame import link, page_setup, page_title, say

A = page_setup("tours")
st.title(page_title("tours"), anchor=False)
st.caption(say("tours.intro"))
plain = state.audience() is Audience.PATIENT
for tour in A.kb.tours.values():
    with st.container(border=True):
        st.subheader(md_text(tour.title_at(plain=plain)), anchor=False)
        st.markdown(tour.summary)  # written once, plainly, for every reader (checked like plain text)
        steps = " → ".join(step.title_at(plain=plain) for step in tour.steps)
        st.caption(say("tours.steps", count=len(tour.steps), titles=steps))
        left, right = st.columns(2)
        with left:
            link("explorer", label=say("tours.start"), icon=":material/play_arrow:", tour=tour.id, step="1")
        with right:
            link("explorer", label=say("tours.start_present"), icon=":material/present_to_all:", tour=tour.id,
                 step="1", view="present")
