"""Glossary: the words the app uses, in plain language (and precisely, for students and clinicians)."""

import streamlit as st

from explorer.lookup import glossary_matches
from explorer.mdtext import md_text
from explorer.model import Audience
from explorer.ui import panels, state
from explorer.ui.frame import page_setup, page_title, say

A = page_setup("glossary")
who = state.audience()
st.title(page_title("glossary"), anchor=False)
st.caption(say("glossary.intro"))
# `?q=` (from the sidebar search) fills the box when the link brings it; after that the reader's typing wins.
state.linked("glossary_query", "q", parse=lambda raw: (raw or "")[:200], write=lambda q: q or None)
query = st.text_input(say("glossary.search"), key="glossary_query", max_chars=200)
terms = A.kb.glossary.terms if A.kb.glossary else []
if query.strip() and A.kb.glossary:
    shown = [term for term, _, _ in glossary_matches(A.kb.glossary, query)]
else:
    shown = sorted(terms, key=lambda t: t.term.casefold())
st.caption(say("glossary.count", shown=len(shown), total=len(terms)))
for term in shown:
    with st.container(border=True):
        st.subheader(md_text(term.term), anchor=False)
        st.markdown(term.plain)
        if term.clinical and who is not Audience.PATIENT:
            st.markdown(f"**{say('glossary.precisely')}:** {term.clinical}")
        if term.aliases:
            st.caption(say("glossary.also_called", names=", ".join(term.aliases)))
        for node_id in term.nodes:
            if node_id in A.graph:
                panels.node_link(node_id)
        st.caption(say("panels.sources", keys=", ".join(term.references)))
if not shown:
    st.info(say("glossary.none"))
