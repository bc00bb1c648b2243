"""The floor for click latency: a bare page with one plotly scatter and the same on_select="rerun" chart.

Same number of points as the real graph (57 by default; `-- --points N` to change), no other work.
A click shows the clicked point's id as the page's only h2, as the explorer does with the node label.

    .venv/bin/streamlit run benchmarks/floor_app.py -- --points 57
"""

import sys

import plotly.graph_objects as go
import streamlit as st

n = int(sys.argv[sys.argv.index("--points") + 1]) if "--points" in sys.argv else 57
ids = [f"point_{i}" for i in range(n)]
fig = go.Figure(go.Scatter(
    x=[i % 8 for i in range(n)], y=[i // 8 for i in range(n)], mode="markers",
    customdata=ids, marker={"size": 14},
))
fig.update_layout(height=620, dragmode=False, clickmode="event+select", margin={"l": 10, "r": 10, "t": 40, "b": 10})
event = st.plotly_chart(fig, key="chart", on_select="rerun", selection_mode="points")
points = event.selection.points if event and event.selection else []
if points:
    st.header(points[0]["customdata"])
