"""Every reference behind the app, searchable, with DOI and PubMed links."""

import streamlit as st

from explorer import ui
from explorer.export import citation

ui.page_setup("references")
A = ui.app()
st.title("References")
st.caption("Every fact in the app cites one of these keys. Fields the curators could not confirm are flagged.")
query = st.text_input("Search by author, year, title or key", key="references_query", max_chars=200)
needle = query.casefold().strip()
shown = [r for r in A.kb.references.values()
         if not needle or needle in f"{r.key} {citation(r)}".casefold()]
st.caption(f"{len(shown)} of {len(A.kb.references)} references")
for ref in sorted(shown, key=lambda r: r.key.casefold()):
    with st.container(border=True):
        st.markdown(f"**{ref.key}**")
        st.text(citation(ref))
        links = []
        if ref.doi:
            links.append(f"[DOI](https://doi.org/{ref.doi})")
        if ref.pmid:
            links.append(f"[PubMed](https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/)")
        if ref.url:
            links.append(f"[Where it was read]({ref.url})")
        if links:
            st.markdown(" · ".join(links))
        if ref.caveat:
            st.caption(f"⚠️ {ref.caveat}")
if not shown:
    st.info("No reference matches that search.")
