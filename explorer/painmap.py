"""A clickable head-and-neck map (front, side and back views) and the pain sources of chosen regions.

The drawing and the marker positions are layout, not medical facts: which region is where on
the cartoon. What a region *is* (its label) and what sends pain to it come from the graph.
A region of the graph with no position here is simply not drawn; pages offer a multiselect too.

Examples:
    >>> from explorer.load import load_knowledge_base
    >>> from explorer.graph import build_graph
    >>> G = build_graph(load_knowledge_base())
    >>> grouped = dict(sources_for_regions(G, ["frontal_region"]))
    >>> "c2_c3_facet_joint" in grouped
    True
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Literal

import networkx as nx
import plotly.graph_objects as go

from explorer.figures import short_label
from explorer.graph import Referral, kind_of, sources
from explorer.model import NodeKind
from explorer.text import basis_words

__all__ = [
    "REGION_POSITIONS",
    "VIEWS",
    "pain_map_figure",
    "region_ids",
    "source_rows",
    "sources_for_regions",
    "toggle",
]

View = Literal["front", "side", "back"]

# Left-to-right order of the three panels, and the x offset of each panel's centre.
VIEWS: dict[View, float] = {"front": 0.0, "side": 3.0, "back": 6.0}

# Where each region's marker(s) sit, in panel coordinates: the head is an ellipse centred on
# (0, 0.3) with half-axes 0.7 x 0.9; the neck runs down to y = -1.0. The side view faces right.
REGION_POSITIONS: dict[str, tuple[tuple[View, float, float], ...]] = {
    "frontal_region": (("front", 0.0, 0.85), ("side", 0.55, 0.72)),
    "orbital_region": (("front", -0.28, 0.38), ("side", 0.58, 0.38)),
    "temporal_region": (("front", 0.6, 0.52), ("side", 0.22, 0.52)),
    "vertex_region": (("front", 0.0, 1.12), ("side", 0.0, 1.13), ("back", 0.0, 1.12)),
    "parietal_region": (("side", -0.2, 0.88), ("back", 0.42, 0.85)),
    "occipital_region": (("back", 0.0, 0.45), ("side", -0.6, 0.42)),
    "suboccipital_region": (("back", 0.0, -0.5), ("side", -0.4, -0.42)),
    "retroauricular_region": (("side", -0.32, 0.12), ("back", -0.62, 0.12)),
    "ear_region": (("side", -0.02, 0.12), ("front", 0.76, 0.2)),
    "face_region": (("front", 0.32, 0.0), ("side", 0.5, 0.02)),
    "jaw_region": (("front", 0.0, -0.45), ("side", 0.36, -0.42)),
    "neck_region": (("back", 0.2, -0.85), ("side", -0.15, -0.85)),
    "shoulder_arm_region": (("back", 0.95, -1.3), ("front", -0.95, -1.3)),
}

# Okabe-Ito colours; chosen markers also change shape, size and label, so colour is never the only cue.
_OPEN = "#0072B2"
_CHOSEN = "#D55E00"
_INK = "#111111"
_SKIN = "#f3f3f3"


def region_ids(G: nx.DiGraph) -> list[str]:
    """Every region node of the graph, by label."""
    return sorted((n for n in G if kind_of(G, n) is NodeKind.REGION), key=lambda n: G.nodes[n]["label"].casefold())


def toggle(chosen: Sequence[str], clicked: Iterable[str]) -> list[str]:
    """`chosen` with each clicked region removed if it was there and added (at the end) if not."""
    out = list(chosen)
    for region in clicked:
        out = [r for r in out if r != region] if region in out else [*out, region]
    return out


def pain_map_figure(G: nx.DiGraph, selected: Collection[str]) -> go.Figure:
    """Front, side and back views of a head and neck, with one clickable marker per region position.

    Every marker's `customdata` is its region id. Chosen regions are drawn as large stars with a
    bold, ticked label; the others as smaller circles labelled once (hover gives the full label).
    """
    chosen = set(selected)
    fig = go.Figure()
    for view, x0 in VIEWS.items():
        _draw_view(fig, view, x0)
        fig.add_annotation(x=x0, y=1.55, text=f"<b>{view.capitalize()}</b>", showarrow=False,
                           font={"size": 14, "color": _INK})
    points: dict[bool, list[tuple[float, float, str, str]]] = {False: [], True: []}
    for region in region_ids(G):
        label = short_label(G.nodes[region]["label"])
        for i, (view, x, y) in enumerate(REGION_POSITIONS.get(region, ())):
            is_chosen = region in chosen
            # Label each open region once, so the drawing stays readable; chosen ones everywhere.
            text = f"<b>✔ {label}</b>" if is_chosen else (label if i == 0 else "")
            points[is_chosen].append((VIEWS[view] + x, y, region, text))
    for is_chosen, name, symbol, size, colour in (
        (False, "Region (click to choose)", "circle", 14, _OPEN),
        (True, "Chosen region", "star", 26, _CHOSEN),
    ):
        pts = points[is_chosen]
        fig.add_trace(go.Scatter(
            x=[p[0] for p in pts],
            y=[p[1] for p in pts],
            mode="markers+text",
            name=name,
            text=[p[3] for p in pts],
            textposition="bottom center",
            textfont={"size": 13 if is_chosen else 11, "color": _INK},
            customdata=[p[2] for p in pts],
            hovertext=[G.nodes[p[2]]["label"] + (" (chosen: click to remove)" if is_chosen else " (click to choose)")
                       for p in pts],
            hoverinfo="text",
            marker={"symbol": symbol, "size": size, "color": colour, "line": {"width": 1.5, "color": _INK}},
            selected={"marker": {"opacity": 1}},
            unselected={"marker": {"opacity": 1}},
            showlegend=True,
        ))
    fig.update_layout(
        height=460,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        font={"color": _INK},
        xaxis={"visible": False, "range": [-1.4, VIEWS["back"] + 1.4], "fixedrange": True},
        yaxis={"visible": False, "range": [-1.7, 1.7], "fixedrange": True, "scaleanchor": "x"},
        legend={"orientation": "h", "y": 0.0, "yanchor": "top"},
        dragmode=False,
        clickmode="event+select",
    )
    return fig


def _draw_view(fig: go.Figure, view: View, x0: float) -> None:
    line = {"color": _INK, "width": 2}
    thin = {"color": _INK, "width": 1}

    def ellipse(cx: float, cy: float, rx: float, ry: float, style: dict = line, fill: str = _SKIN) -> None:
        fig.add_shape(type="circle", x0=x0 + cx - rx, x1=x0 + cx + rx, y0=cy - ry, y1=cy + ry,
                      line=style, fillcolor=fill, layer="below")

    # Shoulders and neck first, so the head is drawn over them.
    fig.add_shape(type="path", layer="below", line=line, fillcolor=_SKIN,
                  path=f"M {x0 - 1.25},-1.6 L {x0 - 1.2},-1.2 Q {x0 - 0.9},-1.0 {x0 - 0.3},-0.95 "
                       f"L {x0 + 0.3},-0.95 Q {x0 + 0.9},-1.0 {x0 + 1.2},-1.2 L {x0 + 1.25},-1.6 Z")
    neck_left, neck_right = (-0.38, 0.18) if view == "side" else (-0.3, 0.3)
    fig.add_shape(type="rect", layer="below", line=line, fillcolor=_SKIN,
                  x0=x0 + neck_left, x1=x0 + neck_right, y0=-1.05, y1=-0.4)
    ellipse(0.0, 0.3, 0.7, 0.9)
    if view == "front":
        for side in (-1, 1):
            ellipse(side * 0.74, 0.2, 0.08, 0.18)
            ellipse(side * 0.28, 0.38, 0.1, 0.05, thin, "white")
        fig.add_shape(type="line", x0=x0, x1=x0 + 0.05, y0=0.3, y1=0.05, line=thin)
        fig.add_shape(type="line", x0=x0 - 0.15, x1=x0 + 0.15, y0=-0.2, y1=-0.2, line=thin)
    elif view == "side":
        ellipse(-0.05, 0.18, 0.1, 0.2)
        ellipse(0.45, 0.38, 0.06, 0.04, thin, "white")
        fig.add_shape(type="path", layer="below", line=thin,
                      path=f"M {x0 + 0.68},0.35 L {x0 + 0.82},0.1 L {x0 + 0.68},0.05")
    else:
        for side in (-1, 1):
            ellipse(side * 0.74, 0.2, 0.08, 0.18)
        fig.add_shape(type="line", x0=x0 - 0.45, x1=x0 + 0.45, y0=-0.25, y1=-0.25, line={**thin, "dash": "dot"})


# --- what sends pain to the chosen regions -------------------------------------------------------


def sources_for_regions(G: nx.DiGraph, regions: Iterable[str]) -> list[tuple[str, list[Referral]]]:
    """Each structure, nerve or root that can send pain to any of `regions`, with its referral per region.

    The referrals of one source follow the order of `regions`. Sources that reach more of the
    chosen regions by observation come first, then by their best confidence, then by label.
    """
    wanted = list(dict.fromkeys(regions))
    grouped: dict[str, list[Referral]] = {}
    for region in wanted:
        for referral in sources(G, region):
            grouped.setdefault(referral.source, []).append(referral)

    def order(item: tuple[str, list[Referral]]) -> tuple[int, int, int, str]:
        source, refs = item
        observed = sum(r.basis == "observed" for r in refs)
        return (-observed, -len(refs), min(r.confidence.rank for r in refs), G.nodes[source]["label"].casefold())

    return sorted(grouped.items(), key=order)


def source_rows(
    G: nx.DiGraph, grouped: Sequence[tuple[str, list[Referral]]], *, plain: bool = False
) -> list[dict[str, str]]:
    """Table rows for `sources_for_regions`: one row per source, in the reader's language.

    Patients get the node's plain text; others the kind of node. Each chosen region the source
    reaches is listed with how we know (observed or predicted) and the confidence tag.
    """
    rows = []
    for source, refs in grouped:
        data = G.nodes[source]
        row = {"Structure": data["label"]}
        if plain:
            row["What it is"] = data["plain"]
        else:
            row["Kind"] = data["kind"]
        row["Where (how we know)"] = "; ".join(
            f"{short_label(G.nodes[r.region]['label'])}: {basis_words(r.basis, plain=plain)}" for r in refs
        )
        row["Basis"] = basis_words("observed" if any(r.basis == "observed" for r in refs) else "predicted")
        row["Confidence"] = "; ".join(dict.fromkeys(r.confidence.value for r in refs))
        row["References"] = ", ".join(dict.fromkeys(k for r in refs for k in r.references))
        rows.append(row)
    return rows
