"""A stand-in for app.py behind the proxy (tests/browser/test_proxy_browser.py): none of the app's code.

The proxy test checks the proxy, not the pages, and the pages are being rewritten; so it serves this
script, which draws the same kinds of things app.py draws, for the Content-Security-Policy to be
tried against the same browser features: an emoji page icon, injected CSS (presentation mode), the
home page's reading-level pills, the sidebar's search box, a plotly figure and an HTML table. It
names the process that served it, so a test can tell the replicas apart.
"""

import os

import plotly.graph_objects as go
import streamlit as st

_LABELS = {"patient": "I want plain language", "student": "I am studying", "clinician": "I am a clinician"}

st.set_page_config(page_title="Neck Behind the Pain (proxy stand-in)", page_icon="🧠", layout="wide")
st.html("<style>[data-testid='stCaptionContainer'] {font-variant-numeric: tabular-nums}</style>")
with st.sidebar:
    query = st.text_input("Search", key="sidebar_search", max_chars=200)
    if query.strip():
        st.caption(f"Searched for: {query}")
level = st.pills("How should the app talk to you?", list(_LABELS), key="home_audience", format_func=_LABELS.get)
st.write(f"Reading level: {level or 'not chosen'}")
st.caption(f"Served by process {os.getpid()}")
figure = go.Figure(go.Scatter(x=[0, 1, 2], y=[2, 0, 1], mode="markers+text", text=["joint", "nerve", "forehead"]))
st.plotly_chart(figure, key="chart")
st.table({"Structure": ["C2–C3 facet joint"], "Felt in": ["forehead"]})
