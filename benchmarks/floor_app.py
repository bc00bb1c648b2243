"""Floors for click latency: bare pages with the same on_select="rerun" plotly chart and nothing else.

`--points N` (the static floor): one scatter of N points on a grid that never changes; a click shows
the clicked point's id as the page's only heading. Plotly does not redraw an identical figure, so this
is the least a click can cost.

`--recolour` (the re-colouring floor, issue 13): the explorer's own graph at the explorer's own
positions (the desk layout: every node and every edge as one marker trace and one line trace), and a
click re-colours it as the explorer's highlight does: the chosen node's routes in colour and larger,
the rest grey. No labels, head, legend or details: what is left of a click is plotly redrawing a
changed figure of the same size plus one Streamlit rerun.

`--figure` (not a floor: a probe): the explorer's own figure for the clicked node, exactly as the
explorer builds it (labels, bands, legend, head picture), and nothing else on the page. Against the
explorer it tells how much of a click is the figure and how much the rest of the page.

    .venv/bin/streamlit run benchmarks/floor_app.py -- --points 64
    .venv/bin/streamlit run benchmarks/floor_app.py -- --recolour
    .venv/bin/streamlit run benchmarks/floor_app.py -- --figure
"""

import sys

import plotly.graph_objects as go
import streamlit as st


def static_floor(n: int) -> go.Figure:
    ids = [f"point_{i}" for i in range(n)]
    return go.Figure(go.Scatter(x=[i % 8 for i in range(n)], y=[i // 8 for i in range(n)], mode="markers",
                                customdata=ids, marker={"size": 14}))


@st.cache_resource
def _graph():  # type: ignore[no-untyped-def]
    from explorer.graph import build_graph
    from explorer.layout import convergence_layout
    from explorer.load import load_knowledge_base
    from explorer.ui.frame import DESK_BOX, DESK_FONT

    G = build_graph(load_knowledge_base())
    return G, convergence_layout(G, font=DESK_FONT, max_width=DESK_BOX[0], max_height=DESK_BOX[1])


def recoloured(chosen: str | None) -> go.Figure:
    from explorer.graph import highlight

    G, layout = _graph()
    lit = highlight(G, focus=[chosen]) if chosen else None
    on = set(lit.nodes) if lit else set(G)
    nodes = list(layout.nodes.values())
    ex: list[float | None] = []
    ey: list[float | None] = []
    for line in layout.edges.values():
        ex += [p[0] for p in line] + [None]
        ey += [p[1] for p in line] + [None]
    return go.Figure(
        [go.Scatter(x=ex, y=ey, mode="lines", line={"color": "#888", "width": 1}, hoverinfo="skip"),
         go.Scatter(x=[b.x for b in nodes], y=[b.y for b in nodes], mode="markers", customdata=[b.id for b in nodes],
                    marker={"size": [16 if b.id in on else 9 for b in nodes],
                            "color": ["#b3202f" if b.id == chosen else "#0072B2" if b.id in on else "#ccc"
                                      for b in nodes]})],
        layout={"width": layout.width, "height": layout.height, "showlegend": False,
                "xaxis": {"visible": False}, "yaxis": {"visible": False, "autorange": "reversed"}},
    )


def explorer_figure(chosen: str | None) -> go.Figure:
    from explorer.figures import FigureWords, convergence_figure
    from explorer.graph import highlight
    from explorer.load import load_knowledge_base
    from explorer.ui.explore import _head_image

    G, layout = _graph()
    lit = highlight(G, focus=[chosen]) if chosen else None
    wording = load_knowledge_base().wording
    assert wording is not None  # the real data/ always has wording.yaml
    words = FigureWords.of(wording, plain=False)
    return go.Figure(convergence_figure(G, layout, words, lit, head=_head_image(lit, False)), _validate=False)


def main() -> None:
    recolour = "--recolour" in sys.argv or "--figure" in sys.argv
    event_state = st.session_state.get("chart")
    points = event_state.selection.points if event_state and event_state.selection else []
    picked = points[0]["customdata"] if points else None
    if "--figure" in sys.argv:
        fig = explorer_figure(picked)
    elif recolour:
        fig = recoloured(picked)
    else:
        fig = static_floor(int(sys.argv[sys.argv.index("--points") + 1]) if "--points" in sys.argv else 64)
    if "--figure" not in sys.argv:  # the explorer's figure sets its own
        fig.update_layout(dragmode=False, clickmode="event+select", margin={"l": 10, "r": 10, "t": 40, "b": 10})
    if not recolour:
        fig.update_layout(height=620)
    st.plotly_chart(fig, key="chart", on_select="rerun", selection_mode="points", width="content")
    if picked:
        st.header(_graph()[0].nodes[picked]["label"] if recolour else picked)


if __name__ == "__main__":  # `streamlit run` runs the script as __main__; an import (the tests) draws nothing
    main()
