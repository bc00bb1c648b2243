"""Guided tours for teaching: each tells the convergence story one step at a time."""

import streamlit as st

from explorer import ui

ui.page_setup("tours")
A = ui.app()

st.title("Guided tours")
st.caption("Each step lights up part of the graph with a short caption. Use Next/Previous, the arrow keys, "
           "or a presentation clicker (Page Down / Page Up). Presentation mode hides everything else.")
for tour in A.kb.tours.values():
    with st.container(border=True):
        st.subheader(tour.title)
        st.markdown(tour.summary)
        st.caption(f"{len(tour.steps)} steps: " + " → ".join(step.title for step in tour.steps))
        left, right = st.columns(2)
        params = {"tour": tour.id, "step": "1", "audience": ui.audience().value}
        with left:
            st.page_link("pages/explorer.py", label="Start the tour", icon="▶️", query_params=params)
        with right:
            st.page_link("pages/explorer.py", label="Start in presentation mode", icon="📽️",
                         query_params={**params, "view": "present"})
