"""Entry point: page config, the shared sidebar, and navigation over pages/."""

import streamlit as st

from explorer import ui
from explorer.model import Audience

st.set_page_config(page_title="Neck Behind the Pain", page_icon="🧠", layout="wide")

# Audience lives in the URL so a shared link opens at the same reading level.
_AUDIENCES = [a.value for a in Audience]
wanted = st.query_params.get("audience")
if wanted in _AUDIENCES and wanted != st.session_state.get("audience_seen"):
    st.session_state.audience = wanted
st.session_state.setdefault("audience", Audience.STUDENT.value)

pages = {
    "Start": [
        st.Page("pages/home.py", title="Home", icon="🏠", url_path="home", default=True),
    ],
    "The article, section by section": [
        st.Page("pages/what_is_cgh.py", title="1. What is cervicogenic headache?", url_path="what-is-cgh"),
        st.Page("pages/explorer.py", title="2. The anatomy of the connection", url_path="explorer"),
        st.Page("pages/presentation.py", title="3. How it presents", url_path="presentation"),
        st.Page("pages/migraine_overlap.py", title="4. The overlap with migraine", url_path="migraine-overlap"),
        st.Page("pages/diagnosis.py", title="5. Diagnosis", url_path="diagnosis"),
        st.Page("pages/treatment.py", title="6. Treatment approaches", url_path="treatment"),
        st.Page("pages/coexisting.py", title="7. When migraine and CGH coexist", url_path="coexisting"),
        st.Page("pages/blind_spot.py", title="8. The clinical blind spot", url_path="blind-spot"),
    ],
    "Look things up": [
        st.Page("pages/references.py", title="References", icon="📚", url_path="references"),
    ],
}
current = st.navigation(pages)

with st.sidebar:
    st.radio(
        "I am a…",
        _AUDIENCES,
        key="audience",
        format_func={"patient": "Patient (plain language)", "student": "Student", "clinician": "Clinician"}.get,
        help="Changes the language of every page.",
    )
    st.caption("Education only — not a diagnosis or medical advice.")
st.session_state.audience_seen = st.session_state.audience
st.query_params["audience"] = st.session_state.audience

current.run()
