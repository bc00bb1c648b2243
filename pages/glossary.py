"""Glossary: the words the app uses, in plain language (and precisely, for students and clinicians)."""

import streamlit as st

from explorer import ui
from explorer.model import Audience

ui.page_setup("glossary")
A = ui.app()
who = ui.audience()

st.title("Glossary")
st.caption("Words you will meet in the app. Search by a word or one of its other names.")
# `?q=` (from the sidebar search) fills the box once; after that the reader's typing wins.
wanted = st.query_params.get("q")
if wanted is not None and wanted != st.session_state.get("glossary_seen_q"):
    st.session_state.glossary_seen_q = wanted
    st.session_state.glossary_query = wanted[:200]
query = st.text_input("Search the glossary", key="glossary_query", max_chars=200)
needle = query.casefold().strip()
terms = A.kb.glossary.terms if A.kb.glossary else []
shown = [t for t in terms if not needle or any(needle in name.casefold() for name in (t.term, *t.aliases))]
st.caption(f"{len(shown)} of {len(terms)} terms")

for term in sorted(shown, key=lambda t: t.term.casefold()):
    with st.container(border=True):
        st.subheader(term.term)
        st.markdown(term.plain)
        if term.clinical and who is not Audience.PATIENT:
            st.markdown(f"**More precisely:** {term.clinical}")
        if term.aliases:
            st.caption("Also called: " + ", ".join(term.aliases))
        for node_id in term.nodes:
            if node_id in A.graph:
                ui.node_link(node_id)
        st.caption(f"Sources: {', '.join(term.references)}")

if not shown:
    st.info("No term matches that search.")
