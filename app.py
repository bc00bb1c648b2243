"""Entry point: navigation over pages/. Each page sets up the shared sidebar itself (ui.page_setup)."""

import streamlit as st

from explorer import ui

st.set_page_config(page_title="Neck Behind the Pain", page_icon="🧠", layout="wide")

# Each url_path is the script's own name. Until st.navigation has run once, a fresh server routes
# by the files in pages/ (Streamlit's older multipage mode); matching names keep deep links working
# on that first request instead of showing "Page not found".
pages = {
    "Start": [
        st.Page("pages/home.py", title="Home", icon="🏠", url_path="home", default=True),
    ],
    "The article, section by section": [
        st.Page("pages/what_is_cgh.py", title="1. What is cervicogenic headache?", url_path="what_is_cgh"),
        st.Page("pages/explorer.py", title="2. The anatomy of the connection", url_path="explorer"),
        st.Page("pages/presentation.py", title="3. How it presents", url_path="presentation"),
        st.Page("pages/migraine_overlap.py", title="4. The overlap with migraine", url_path="migraine_overlap"),
        st.Page("pages/diagnosis.py", title="5. Diagnosis", url_path="diagnosis"),
        st.Page("pages/treatment.py", title="6. Treatment approaches", url_path="treatment"),
        st.Page("pages/coexisting.py", title="7. When migraine and CGH coexist", url_path="coexisting"),
        st.Page("pages/blind_spot.py", title="8. The clinical blind spot", url_path="blind_spot"),
    ],
    "Learn and look things up": [
        st.Page("pages/where_does_it_hurt.py", title="Where does it hurt?", icon="📍", url_path="where_does_it_hurt"),
        st.Page("pages/self_test.py", title="Test yourself", icon="✅", url_path="self_test"),
        st.Page("pages/tours.py", title="Guided tours", icon="🧭", url_path="tours"),
        st.Page("pages/glossary.py", title="Glossary", icon="📖", url_path="glossary"),
        st.Page("pages/references.py", title="References", icon="📚", url_path="references"),
    ],
}
# In presentation mode the page menu is hidden; the sidebar is not drawn at all (ui.page_setup).
ui.sync_view()
current = st.navigation(pages, position="hidden" if ui.presenting() else "sidebar")

current.run()
