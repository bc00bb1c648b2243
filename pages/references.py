"""Every reference behind the app, searchable (typos forgiven), with DOI and PubMed links."""

import streamlit as st

from explorer.export import citation
from explorer.graph import best_matches
from explorer.refs import reference_links
from explorer.ui.frame import page_setup, page_title, say

A = page_setup("references")
st.title(page_title("references"), anchor=False)
st.caption(say("references.intro"))
query = st.text_input(say("references.search"), key="references_query", max_chars=200)
refs = A.kb.references
if query.strip():
    named = ((r.key, text) for r in refs.values() for text in (r.key, r.authors, r.title, str(r.year or "")))
    shown = [refs[key] for key, _, _ in best_matches(query, named, cutoff=75.0)]
else:
    shown = sorted(refs.values(), key=lambda r: r.key.casefold())
st.caption(say("references.count", shown=len(shown), total=len(refs)))
for ref in shown:
    with st.container(border=True):
        st.markdown(f"**{ref.key}**")
        st.text(citation(ref))
        links = reference_links(ref)
        if links:
            st.markdown(" · ".join(f"[{say(f'references.{kind}')}]({address})" for kind, address in links))
        if ref.caveat:
            st.caption(f":material/warning: {ref.caveat}")
if not shown:
    st.info(say("references.none"))
