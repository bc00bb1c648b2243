"""Glossary: the words the app uses, in plain language (and precisely, for students and clinicians)."""

import streamlit as st

from explorer.graph import best_matches
from explorer.model import Audience
from explorer.ui import panels, state
from explorer.ui.frame import page_setup, page_title, say

A = page_setup("glossary")
who = state.audience()
st.title(page_title("glossary"), anchor=False)
st.caption(say("glossary.intro"))
# `?q=` (from the sidebar search) fills the box when the link brings it; after that the reader's typing wins.
state.linked("glossary_query", "q", parse=lambda raw: (raw or "")[:200], write=lambda q: q or None)
query = st.text_input("Search the glossary", key="glossary_query", max_chars=200)
terms = A.kb.glossary.terms if A.kb.glossary else []
if query.strip():
    by_term = {t.term: t for t in terms}
    named = ((t.term, name) for t in terms for name in (t.term, *t.aliases))
    shown = [by_term[key] for key, _, _ in best_matches(query, named, cutoff=75.0)]
else:
    shown = sorted(terms, key=lambda t: t.term.casefold())
st.caption(f"{len(shown)} of {len(terms)} terms")
for term in shown:
    with st.container(border=True):
        st.subheader(term.term, anchor=False)
        st.markdown(term.plain)
        if term.clinical and who is not Audience.PATIENT:
            st.markdown(f"**More precisely:** {term.clinical}")
        if term.aliases:
            st.caption("Also called: " + ", ".join(term.aliases))
        for node_id in term.nodes:
            if node_id in A.graph:
                panels.node_link(node_id)
        st.caption(f"Sources: {', '.join(term.references)}")
if not shown:
    st.info(say("glossary.none"))
