"""Plotly figures of the convergence graph. Pure: the same inputs give the same figure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import networkx as nx

# plotly imports pandas lazily, on the first figure, by looking in sys.modules first. When two
# Streamlit sessions build their first figures at once, one can get a half-imported pandas
# ("partially initialized module 'pandas' has no attribute 'Series'"). Importing it here, under
# the import lock of this module, settles it before any figure is built.
import pandas  # noqa: F401
import plotly.graph_objects as go

from explorer.graph import Referral, flow_graph, kind_of
from explorer.layout import Layout, column_titles
from explorer.model import NodeKind

__all__ = ["KIND_STYLE", "Style", "convergence_figure", "short_label", "static_image"]


@dataclass(frozen=True)
class Style:
    colour: str
    symbol: str
    size: int
    name: str


# Okabe-Ito colours (safe for the common colour-vision deficiencies), and a distinct marker shape
# per kind so that colour is never the only cue.
KIND_STYLE: dict[NodeKind, Style] = {
    NodeKind.REGION: Style("#CC79A7", "diamond", 15, "Skin region (where pain is felt)"),
    NodeKind.STRUCTURE: Style("#D55E00", "square", 14, "Neck tissue (pain source)"),
    NodeKind.NERVE: Style("#E69F00", "circle", 13, "Nerve"),
    NodeKind.ROOT: Style("#009E73", "triangle-up", 15, "Root or ganglion"),
    NodeKind.TRACT: Style("#56B4E9", "hexagon", 14, "Tract"),
    NodeKind.STATION: Style("#0072B2", "pentagon", 15, "Dorsal horn or nucleus"),
    NodeKind.HUB: Style("#000000", "star", 26, "Trigeminocervical nucleus (convergence hub)"),
    NodeKind.THALAMUS: Style("#56B4E9", "hexagram", 17, "Thalamus"),
    NodeKind.CORTEX: Style("#0072B2", "octagon", 17, "Cortex"),
}
_DIM_FILL = "#dcdcdc"
_DIM_TEXT = "#5f5f5f"  # still 6:1 on white, so dimmed labels stay readable
_TEXT = "#111111"
_EDGE = "#c4c4c4"
_EDGE_LIT = "#222222"
_FELT = {"observed": "#CC79A7", "predicted": "#7a4f6c"}


def short_label(label: str) -> str:
    """The label without its parenthetical, for the crowded graph ('Forehead (frontal)' -> 'Forehead')."""
    return label.split(" (", 1)[0]


def convergence_figure(
    G: nx.DiGraph,
    positions: Layout,
    *,
    focus: Sequence[str] = (),
    lit: Collection[str] | None = None,
    felt: Sequence[Referral] = (),
    presentation: bool = False,
) -> go.Figure:
    """The layered graph; `lit` nodes (and edges between them) stand out, the rest is dimmed.

    Once something is lit, only lit nodes carry labels (dimmed ones keep their hover text), so
    the path reads cleanly. `focus` nodes get a ring; `felt` referrals are drawn as dashed lines
    from the cortex back to the region where the pain is felt, so the misattribution is visible.
    With `lit=None`, nothing is dimmed. `presentation` enlarges type and markers for a projector.
    """
    lit_set = set(G) if lit is None else set(lit)
    font = 18 if presentation else 12
    column_sizes = Counter(x for x, _ in positions.values())
    tallest = max(column_sizes.values(), default=1)
    # Two-line labels only where rows are far apart; in crowded columns they would collide vertically.
    roomy = {x for x, size in column_sizes.items() if size * 2 <= tallest}
    fig = go.Figure()
    _add_edges(fig, G, positions, lit_set if lit is not None else set())
    _add_felt(fig, G, positions, lit_set, felt)
    for kind, style in KIND_STYLE.items():
        nodes = sorted(n for n in G if kind_of(G, n) is kind)
        if nodes:
            fig.add_trace(_node_trace(G, positions, nodes, style, lit_set, set(focus), font, presentation,
                                      label_all=lit is None, roomy=roomy))
    for x, title in column_titles(G, positions).items():
        fig.add_annotation(x=x - 0.1, y=1.0, yref="paper", xanchor="left", yanchor="bottom", text=f"<b>{title}</b>",
                           showarrow=False, font={"size": font, "color": _TEXT})
    fig.update_layout(
        height=1000 if presentation else max(620, 30 * tallest),
        margin={"l": 10, "r": 10, "t": 40 if not presentation else 60, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        font={"color": _TEXT, "size": font},
        showlegend=True,
        legend={"orientation": "h", "y": -0.02, "yanchor": "top", "font": {"size": font - 2}},
        xaxis={"visible": False, "range": [-0.15, max((p[0] for p in positions.values()), default=0) + 1.5]},
        yaxis={"visible": False},
        dragmode=False,
        clickmode="event+select",
        hoverlabel={"font": {"size": font}},
    )
    return fig


def _node_trace(
    G: nx.DiGraph,
    positions: Layout,
    nodes: list[str],
    style: Style,
    lit: set[str],
    focus: set[str],
    font: int,
    presentation: bool,
    *,
    label_all: bool,
    roomy: set[float],
) -> go.Scatter:
    def label(n: str) -> str:
        text = short_label(G.nodes[n]["label"])
        return _wrapped(text) if positions[n][0] in roomy else text

    labels = [label(n) if (label_all or n in lit) else "" for n in nodes]
    size = round(style.size * (1.4 if presentation else 1.0))
    return go.Scatter(
        x=[positions[n][0] for n in nodes],
        y=[positions[n][1] for n in nodes],
        mode="markers+text",
        name=style.name,
        text=labels,
        textposition="middle right",
        textfont={"size": font, "color": [_TEXT if n in lit else _DIM_TEXT for n in nodes]},
        customdata=nodes,
        hovertext=[_hover(G, n) for n in nodes],
        hoverinfo="text",
        marker={
            "symbol": style.symbol,
            "size": [size * 1.35 if n in focus else size for n in nodes],
            "color": [style.colour if n in lit else _DIM_FILL for n in nodes],
            "line": {"width": [3 if n in focus else 1 for n in nodes], "color": _TEXT},
        },
        # Keep plotly from fading points itself after a click: the highlight is ours.
        selected={"marker": {"opacity": 1}},
        unselected={"marker": {"opacity": 1}},
    )


def _wrapped(label: str, width: int = 16) -> str:
    """Break a long label onto two lines at the space nearest its middle, so columns do not collide."""
    if len(label) <= width or " " not in label:
        return label
    middle = len(label) // 2
    cut = min((i for i, ch in enumerate(label) if ch == " "), key=lambda i: abs(i - middle))
    return f"{label[:cut]}<br>{label[cut + 1:]}"


def _hover(G: nx.DiGraph, node: str) -> str:
    data = G.nodes[node]
    segs = ", ".join(data.get("segments", []))
    return f"{data['label']}<br>{KIND_STYLE[kind_of(G, node)].name}" + (f"<br>Segments: {segs}" if segs else "")


def _add_edges(fig: go.Figure, G: nx.DiGraph, positions: Layout, lit: set[str]) -> None:
    flow = flow_graph(G)
    for name, colour, width, wanted in (
        ("Pathway", _EDGE, 1.0, False),
        ("Highlighted pathway", _EDGE_LIT, 2.5, True),
    ):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for u, v in sorted(flow.edges):
            if (u in lit and v in lit) == wanted:
                xs += [positions[u][0], positions[v][0], None]
                ys += [positions[u][1], positions[v][1], None]
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=name, hoverinfo="skip",
                                     line={"color": colour, "width": width}, showlegend=wanted))


def _add_felt(fig: go.Figure, G: nx.DiGraph, positions: Layout, lit: set[str], felt: Sequence[Referral]) -> None:
    cortex = [n for n in sorted(lit) if kind_of(G, n) is NodeKind.CORTEX]
    if not cortex or not felt:
        return
    mid = sum(positions[n][1] for n in cortex) / len(cortex)
    start = min(cortex, key=lambda n: (abs(positions[n][1] - mid), n))
    for basis, dash in (("observed", "dash"), ("predicted", "dot")):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for r in felt:
            if r.basis == basis and r.region in positions:
                xs += [positions[start][0], positions[r.region][0], None]
                ys += [positions[start][1], positions[r.region][1], None]
        if xs:
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="lines", hoverinfo="skip",
                name=f"Felt in ({basis})",
                line={"color": _FELT[basis], "width": 2, "dash": dash},
            ))


def static_image(fig: go.Figure, fmt: str, *, scale: float = 3.0) -> bytes:
    """The figure as PNG (at `scale`×, for slides) or SVG, rendered by kaleido in the system's Chromium."""
    width = fig.layout.width or 1600
    height = fig.layout.height or 900
    return fig.to_image(format=fmt, width=width, height=height, scale=scale if fmt == "png" else 1)
