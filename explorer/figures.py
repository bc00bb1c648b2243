"""Plotly figures of the convergence graph, as plain dicts. Pure: the same inputs give the same figure.

The figure is drawn in the layout's own pixels (1:1, y downwards), so every label keeps the box
the layout gave it. It is a plain dict rather than a `go.Figure`: Streamlit sends it to the
browser as it is, without plotly validating every property on every click.

Focus + context: the chosen node's own routes are bold and dark, routes that meet them for a
prediction are dotted in the prediction colour, and everything else is faint but still labelled.
"""

from __future__ import annotations

import base64
import copy
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from explorer.graph import Graph, Highlight, edge_basis, kind_of
from explorer.layout import FONT_FAMILY, LINE, Layout, text_width, wrap_label
from explorer.model import Basis, NodeKind, Wording
from explorer.palette import (
    BAND_FILL,
    BAND_FILL_OTHER,
    BASIS_STYLE,
    COMPLEX_FILL,
    COMPLEX_LINE,
    CONTEXT_TEXT,
    EDGE_STYLE,
    FAINT,
    INK,
    KIND_STYLE,
    PAPER,
)

__all__ = ["FigureWords", "apply_look", "convergence_figure", "export_name", "figure_json", "head_area", "head_image",
           "static_image", "titled", "view_look", "view_spec"]

# The legend's samples, top to bottom: (wording key, edge style, dash).
_LEGEND = (
    ("lit", "lit", BASIS_STYLE[Basis.PEOPLE].dash),
    ("partner", "partner", BASIS_STYLE[Basis.PREDICTED].dash),
    ("people", "sample", BASIS_STYLE[Basis.PEOPLE].dash),
    ("animal", "sample", BASIS_STYLE[Basis.ANIMALS].dash),
    ("claimed", "sample", BASIS_STYLE[Basis.CLAIMED].dash),
)


@dataclass(frozen=True)
class FigureWords:
    """The few words the figure shows, from data/wording.yaml (column titles, band names, legend)."""

    columns: tuple[str, ...]  # one title per layout column; a repeated title spans both columns
    bands: tuple[tuple[str, str], ...]  # ("V", "V: trigeminal nerve"), ...
    legend: tuple[tuple[str, str], ...]  # ("lit", "The chosen structure's routes"), ...

    @classmethod
    def of(cls, wording: Wording, *, plain: bool) -> FigureWords:
        graph = wording.graph
        return cls(
            tuple(w.at(plain=plain) for w in graph.columns),
            tuple((band, w.at(plain=plain)) for band, w in graph.bands.items()),
            tuple((key, w.at(plain=plain)) for key, w in graph.legend.items()),
        )


def convergence_figure(
    G: Graph,
    layout: Layout,
    words: FigureWords,
    highlight: Highlight | None = None,
    *,
    people_only: bool = False,
    head: str | None = None,
) -> dict[str, Any]:
    """The layered graph as a plotly figure dict, with `highlight` in focus and the rest as context.

    `people_only` hides every step not shown in people (animal findings and claims), as a filter.
    `head` is an SVG of the head figure (the linked view of where the pain is felt), drawn in the
    empty lower right of the graph, so it sits beside the routes and goes into every export.
    """
    base = _static(G, layout, words)
    fig = copy.deepcopy(base)  # the cached base is shared: never hand it out to be changed
    h = highlight or Highlight()
    fig["data"] = [
        *_edge_traces(G, layout, h, people_only),
        *_node_traces(G, layout, h),
    ]
    if head:
        fig["layout"]["images"] = [_image(layout, head)]
    return fig


def apply_look(fig: dict[str, Any], edge_styles: list[dict[str, Any]], look: Mapping[str, Any]) -> None:
    """Set a look's style values on the figure's traces, as the graph component does in the browser:
    each edge trace takes its style by number, and other traces their dotted paths ("marker.color")."""
    edges = {str(i): edge_styles[s] for i, s in enumerate(look["edges"])}
    for index, values in [*edges.items(), *look["traces"].items()]:
        trace = fig["data"][int(index)]
        for path, value in values.items():
            *parents, last = path.split(".")
            target = trace
            for part in parents:
                target = target.setdefault(part, {})
            target[last] = value


def head_area(layout: Layout) -> tuple[float, float, float, float]:
    """Where the head figure goes: the empty lower right of the drawing, above the legend."""
    x0, y0, x1, y1 = layout.free
    return (x0, y0, x1, y1 - _legend_height(layout))


def _image(layout: Layout, svg: str) -> dict[str, Any]:
    x0, y0, x1, y1 = head_area(layout)
    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return {"source": source, "xref": "x", "yref": "y", "x": x0, "y": y0, "sizex": x1 - x0, "sizey": y1 - y0,
            "xanchor": "left", "yanchor": "top", "sizing": "contain", "layer": "above"}


def _legend_height(layout: Layout) -> float:
    return layout.font * LINE * 1.15 * len(_LEGEND) + layout.font * 1.6


@lru_cache(maxsize=8)
def _static(G: Graph, layout: Layout, words: FigureWords) -> dict[str, Any]:
    """What does not change with a click: size, bands, the complex's box, column titles."""
    font = layout.font
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    for band in layout.bands:
        shapes.append(_rect(band.x0, band.y0, band.x1, band.y1, BAND_FILL.get(band.name, BAND_FILL_OTHER)))
        annotations.append(_text(band.x0 + font * 0.2, (band.y0 + band.y1) / 2, f"<b>{band.name}</b>", font, INK,
                                 xanchor="left", hover=dict(words.bands).get(band.name)))
    if layout.complex_box:
        x0, y0, x1, y1 = layout.complex_box
        shapes.append({**_rect(x0, y0, x1, y1, COMPLEX_FILL), "line": {"color": COMPLEX_LINE, "width": 1.5}})
    previous = ""
    for title in words.columns:
        if not title or title == previous:
            continue
        span = [c for c, t in zip(layout.columns, words.columns, strict=False) if t == title]
        x0, x1 = span[0].x0, span[-1].x1
        lines = wrap_label(title, font, lines=2)
        annotations.append(_text(x0, layout.top - font * 0.4, "<br>".join(f"<b>{_escape(t)}</b>" for t in lines),
                                 font, INK, xanchor="left", yanchor="bottom"))
        previous = title
    shapes_legend, notes_legend = _legend(layout, words)
    shapes += shapes_legend
    annotations += notes_legend
    margin = {"l": 0, "r": 0, "t": 0, "b": 0}
    return {
        "data": [],
        "layout": {
            "width": round(layout.width),
            "height": round(layout.height),
            "margin": margin,
            "autosize": False,
            "paper_bgcolor": PAPER,
            "plot_bgcolor": PAPER,
            "font": {"family": FONT_FAMILY, "size": font, "color": INK},
            "showlegend": False,
            "xaxis": {"visible": False, "range": [0, layout.width], "fixedrange": True},
            "yaxis": {"visible": False, "range": [layout.height, 0], "fixedrange": True},
            "shapes": shapes,
            "annotations": annotations,
            "dragmode": False,
            "hovermode": "closest",
            "hoverdistance": round(font * 2.5),
            "clickmode": "event+select",
            "hoverlabel": {"font": {"size": font, "family": FONT_FAMILY}, "bgcolor": PAPER},
        },
    }


def _legend(layout: Layout, words: FigureWords) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Line samples for the kinds of edge, in the empty lower right of the drawing."""
    font = layout.font
    x0, y0, x1, y1 = layout.free
    names = dict(words.legend)
    row = font * LINE * 1.15
    if y1 - y0 < row * len(_LEGEND) or x1 - x0 < font * 12:
        return [], []
    shapes, notes = [], []
    for i, (key, state, dash) in enumerate(_LEGEND):
        y = y1 - font * 0.8 - row * (len(_LEGEND) - 1 - i)
        style = EDGE_STYLE[state]
        shapes.append({"type": "line", "xref": "x", "yref": "y", "x0": x0, "x1": x0 + font * 2.2, "y0": y, "y1": y,
                       "line": {"color": style.colour, "dash": dash, "width": style.width}})
        notes.append(_text(x0 + font * 2.6, y, _escape(names.get(key, key)), font * 0.92, INK, xanchor="left"))
    return shapes, notes


def _edge_state(G: Graph, u: str, v: str, h: Highlight) -> tuple[str, str]:
    """How edge u->v is drawn under `h`: its state (lit, partner, context, idle) and its dash."""
    basis = edge_basis(G, u, v)
    if (u, v) in h.edges:
        state = "lit"
    elif (u, v) in h.partner_edges:
        state = "partner"
    else:
        state = "context" if h.active else "idle"
    # A partner route is a prediction (dotted), but a step only claimed keeps its own dash-dot there too:
    # a weak step looks weak wherever it is drawn.
    shown = Basis.PREDICTED if state == "partner" and basis is not Basis.CLAIMED else basis
    return state, BASIS_STYLE[shown].dash


def _shown_edges(G: Graph, layout: Layout, people_only: bool) -> list[tuple[str, str]]:
    return [(u, v) for (u, v) in sorted(layout.edges) if not people_only or edge_basis(G, u, v) is Basis.PEOPLE]


_DRAWN_FIRST = ("idle", "context", "partner", "lit")  # what matters most is drawn on top


def _edge_trace(state: str, dash: str, xs: list[float | None], ys: list[float | None]) -> dict[str, Any]:
    style = EDGE_STYLE[state]
    return {
        "type": "scatter", "mode": "lines", "x": xs, "y": ys, "hoverinfo": "skip",
        "line": {"color": style.colour, "width": style.width, "dash": dash, "shape": "linear"},
        "name": f"edges-{state}-{dash}",
    }


def _edge_traces(G: Graph, layout: Layout, h: Highlight, people_only: bool) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[float | None]] = {}
    ys: dict[tuple[str, str], list[float | None]] = {}
    for u, v in _shown_edges(G, layout, people_only):
        points = layout.edges[(u, v)]
        key = _edge_state(G, u, v, h)
        groups.setdefault(key, []).extend([*(p[0] for p in points), None])
        ys.setdefault(key, []).extend([*(p[1] for p in points), None])
    return [_edge_trace(state, dash, xs, ys[(state, dash)])
            for (state, dash), xs in sorted(groups.items(), key=lambda kv: (_DRAWN_FIRST.index(kv[0][0]), kv[0][1]))]


def _node_traces(G: Graph, layout: Layout, h: Highlight) -> list[dict[str, Any]]:
    font = layout.font
    traces: list[dict[str, Any]] = []
    for kind, style in KIND_STYLE.items():
        boxes = sorted((b for n, b in layout.nodes.items() if kind_of(G, n) is kind), key=lambda b: b.id)
        if not boxes:
            continue
        states = [_state(b.id, h) for b in boxes]
        colours = [style.colour if s in ("lit", "focus") or not h.active else
                   (BASIS_STYLE[Basis.PREDICTED].colour if s == "partner" else FAINT) for s in states]
        size = style.size * font / 12
        traces.append({
            "type": "scatter", "mode": "markers", "name": kind.value,
            "x": [b.x for b in boxes], "y": [b.y for b in boxes],
            "customdata": [b.id for b in boxes],
            "hovertext": [_hover(G, b.id) for b in boxes], "hoverinfo": "text",
            "marker": {
                "symbol": style.symbol,
                "size": [size * (1.45 if s == "focus" else 1.0) for s in states],
                "color": colours,
                "line": {"width": [3 if s == "focus" else 1 for s in states], "color": INK},
            },
            "selected": {"marker": {"opacity": 1}}, "unselected": {"marker": {"opacity": 1}},
        })
    # Labels as text anchored at the left of their boxes, so a label never leaves its box; an
    # invisible target over each label makes the label itself clickable, not only the marker.
    boxes = sorted(layout.nodes.values(), key=lambda b: b.id)
    states = [_state(b.id, h) for b in boxes]
    traces.append({
        "type": "scatter", "mode": "text", "name": "labels", "customdata": [b.id for b in boxes],
        "x": [b.label_x for b in boxes],
        "y": [b.y for b in boxes],
        "text": [_label_html(b.lines, s, h.active) for b, s in zip(boxes, states, strict=True)],
        "textposition": "middle right",
        "textfont": {"size": font, "family": FONT_FAMILY,
                     "color": [INK if (s != "context" or not h.active) else CONTEXT_TEXT for s in states]},
        "hoverinfo": "skip",
    })
    targets_x, targets_y, targets_id, targets_hover = [], [], [], []
    for b in boxes:
        step = max(font * 1.6, 1.0)
        n = max(1, int(b.label_width // step))
        for i in range(n):
            targets_x.append(b.label_x + step * (i + 0.5))
            targets_y.append(b.y)
            targets_id.append(b.id)
            targets_hover.append(_hover(G, b.id))
    traces.append({
        "type": "scatter", "mode": "markers", "name": "label-targets",
        "x": targets_x, "y": targets_y, "customdata": targets_id, "hovertext": targets_hover, "hoverinfo": "text",
        "marker": {"size": font * LINE * 1.6, "color": "rgba(0,0,0,0)", "symbol": "square"},
        "selected": {"marker": {"opacity": 0}}, "unselected": {"marker": {"opacity": 0}},
    })
    return traces


def _state(node: str, h: Highlight) -> str:
    if node in h.focus:
        return "focus"
    if node in h.nodes:
        return "lit"
    if node in h.partner_nodes:
        return "partner"
    return "context"


def _label_html(lines: tuple[str, ...], state: str, active: bool) -> str:
    text = "<br>".join(_escape(line) for line in lines)
    return f"<b>{text}</b>" if state in ("focus", "lit") or not active else text


def _hover(G: Graph, node: str) -> str:
    data = G.nodes[node]
    segs = ", ".join(data.get("segments", []))
    return _escape(data["label"]) + (f"<br>{segs}" if segs and kind_of(G, node) is not NodeKind.HUB else "")


def _escape(text: str) -> str:
    # Plotly renders a subset of HTML in text; labels come from data, so show them as written.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rect(x0: float, y0: float, x1: float, y1: float, fill: str) -> dict[str, Any]:
    return {"type": "rect", "xref": "x", "yref": "y", "x0": x0, "y0": y0, "x1": x1, "y1": y1,
            "fillcolor": fill, "line": {"width": 0}, "layer": "below"}


def _text(x: float, y: float, text: str, font: float, colour: str, *, xanchor: str = "center",
          yanchor: str = "middle", hover: str | None = None, width: float | None = None) -> dict[str, Any]:
    note: dict[str, Any] = {"x": x, "y": y, "xref": "x", "yref": "y", "text": text, "showarrow": False,
                            "xanchor": xanchor, "yanchor": yanchor, "font": {"size": font, "color": colour}}
    if hover:
        note["hovertext"] = _escape(hover)
    if width:
        note["width"] = round(width)
    return note


# --- the figure for the browser-side graph (explorer/ui/graphview.py) --------------------------------
#
# The browser draws one figure per layout and audience and lights a choice itself, with one
# `Plotly.restyle` of the traces that change. Only style attributes change between looks (colours,
# widths, dashes, opacities): plotly then restyles what is drawn instead of computing and drawing
# the whole figure again. So every edge is its own trace, a chosen node's larger marker is a ring
# shown over it, and each label is drawn twice (bold and plain), one of the two transparent.

_HIDDEN = "rgba(0,0,0,0)"


def view_spec(
    G: Graph,
    layout: Layout,
    words: FigureWords,
    looks: Mapping[str, Highlight | None],
    *,
    people_only: bool = False,
) -> dict[str, Any]:
    """The graph for the browser: one figure and, for each look (a node's highlight, a tour step), the
    style values to set in it. JSON-ready; the same for every session. With the head figure as
    `head_image` places it, it shows what `convergence_figure` shows for the same highlight.

    - `figure`: the whole graph unlit, with one hidden layout image for the head figure.
    - `looks[key]`: `edges` (per edge trace, in order, an index into `edge_styles`: its `line.color`,
      `line.width` and `line.dash`) and `traces` (per other trace index, the style arrays to set, as
      for `Plotly.restyle` on that one trace). `looks[""]` is the whole graph.
    - `nodes`: each node's id, column, accessible name and the box its marker and label cover.
    `looks` maps a key to its highlight (None: the whole graph).

    Each look holds a value per node and per edge, so all of them together grow with the square of the
    graph: for a big graph, send the figure with few looks and each further one as `view_look` makes it.
    """
    parts = _Parts.of(G, layout, people_only)
    fig = copy.deepcopy(_static(G, layout, words))
    font = layout.font
    edges, kinds = parts.edges, parts.kinds
    boxes = sorted(layout.nodes.values(), key=lambda b: b.id)
    data: list[dict[str, Any]] = [
        {"type": "scatter", "mode": "lines", "name": f"edge-{u}-{v}", "hoverinfo": "skip",
         "x": [p[0] for p in layout.edges[(u, v)]], "y": [p[1] for p in layout.edges[(u, v)]],
         "line": {"shape": "linear"}}
        for u, v in edges]
    for kind, style, kboxes in kinds:
        data.append({
            "type": "scatter", "mode": "markers", "name": kind.value, "x": [b.x for b in kboxes],
            "y": [b.y for b in kboxes], "customdata": [b.id for b in kboxes],
            "hovertext": [_hover(G, b.id) for b in kboxes], "hoverinfo": "text",
            "marker": {"symbol": style.symbol, "size": style.size * font / 12, "line": {"color": INK}},
        })
    for kind, style, kboxes in kinds:  # a chosen node's marker, larger, over its own
        data.append({
            "type": "scatter", "mode": "markers", "name": f"chosen-{kind.value}", "hoverinfo": "skip",
            "x": [b.x for b in kboxes], "y": [b.y for b in kboxes],
            "marker": {"symbol": style.symbol, "size": style.size * font / 12 * 1.45, "color": style.colour,
                       "line": {"width": 3, "color": INK}},
        })
    for bold in (True, False):
        data.append({
            "type": "scatter", "mode": "text", "name": "labels-bold" if bold else "labels",
            "customdata": [b.id for b in boxes], "x": [b.label_x for b in boxes], "y": [b.y for b in boxes],
            "text": [_label_html(b.lines, "lit" if bold else "context", True) for b in boxes],
            "textposition": "middle right", "textfont": {"size": font, "family": FONT_FAMILY},
            "hoverinfo": "skip",
        })
    assert len(data) == parts.first_label + 2  # the trace numbers the looks use
    server_traces = _node_traces(G, layout, Highlight())
    data.append(next(t for t in server_traces if t["name"] == "label-targets"))
    fig["data"] = data
    fig["layout"]["images"] = [head_image(layout, None)]

    styles: dict[tuple[str, str], int] = {}
    out_looks = {key: parts.look(h or Highlight(), styles) for key, h in {"": None, **looks}.items()}
    edge_styles = _edge_styles(styles)
    apply_look(fig, edge_styles, out_looks[""])  # first drawn as the whole graph

    columns = words.columns
    nodes = []
    for n, b in sorted(layout.nodes.items(), key=lambda kv: (kv[1].column, kv[1].y)):
        segs = ", ".join(G.nodes[n].get("segments", []))
        kind_name = columns[b.column] if b.column < len(columns) else ""
        name = ", ".join(part for part in (G.nodes[n]["label"], kind_name, segs) if part)
        half = max(b.label_height, font * LINE) / 2
        nodes.append({"id": n, "column": b.column, "name": name, "x0": round(min(b.x - font, b.label_x), 1),
                      "y0": round(b.y - half, 1), "x1": round(b.label_x + b.label_width, 1),
                      "y1": round(b.y + half, 1)})
    return {"figure": fig, "edge_styles": edge_styles, "looks": out_looks, "nodes": nodes}


def view_look(G: Graph, layout: Layout, h: Highlight | None, *, people_only: bool = False) -> dict[str, Any]:
    """One look of `view_spec`'s figure (same `layout` and `people_only`), made on its own: its `edges`
    and `traces`, and the `edge_styles` its edges number (its own table, not the figure's).

    A look is a value per node and per edge, so sending each when it is shown keeps what a page and a
    click carry in proportion to the graph, where every look sent with the figure grows with its square.
    """
    styles: dict[tuple[str, str], int] = {}
    look = _Parts.of(G, layout, people_only).look(h or Highlight(), styles)
    return {**look, "edge_styles": _edge_styles(styles)}


@dataclass(frozen=True)
class _Parts:
    """What a look is made against: the edges drawn and the figure's trace numbers (see `view_spec`)."""

    G: Graph
    layout: Layout
    edges: list[tuple[str, str]]
    kinds: list[tuple[NodeKind, Any, list[Any]]]  # (kind, its style, its boxes by id) for kinds drawn

    @classmethod
    def of(cls, G: Graph, layout: Layout, people_only: bool) -> _Parts:
        kinds = [(kind, style, sorted((b for n, b in layout.nodes.items() if kind_of(G, n) is kind),
                                      key=lambda b: b.id))
                 for kind, style in KIND_STYLE.items()]
        return cls(G, layout, _shown_edges(G, layout, people_only), [k for k in kinds if k[2]])

    @property
    def first_kind(self) -> int:  # one trace per edge, then one per kind of node
        return len(self.edges)

    @property
    def first_ring(self) -> int:  # then a chosen node's ring, per kind
        return self.first_kind + len(self.kinds)

    @property
    def first_label(self) -> int:  # then the labels, bold and plain
        return self.first_ring + len(self.kinds)

    def look(self, lit: Highlight, styles: dict[tuple[str, str], int]) -> dict[str, Any]:
        """The look of `lit`: each edge's style by number in `styles` (new ones added), each trace's values."""
        G = self.G
        traces: dict[str, dict[str, Any]] = {}
        look_edges = [styles.setdefault(_edge_state(G, u, v, lit), len(styles)) for u, v in self.edges]
        shown = {t["name"]: t for t in _node_traces(G, self.layout, lit)}
        for offset, (kind, _style, kboxes) in enumerate(self.kinds):
            marker = shown[kind.value]["marker"]
            traces[str(self.first_kind + offset)] = {"marker.color": marker["color"],
                                                     "marker.line.width": marker["line"]["width"]}
            traces[str(self.first_ring + offset)] = {
                "marker.opacity": [1 if _state(b.id, lit) == "focus" else 0 for b in kboxes]}
        labels = shown["labels"]
        is_bold = [t.startswith("<b>") for t in labels["text"]]
        colours = labels["textfont"]["color"]
        traces[str(self.first_label)] = {"textfont.color": [c if b else _HIDDEN for c, b in zip(colours, is_bold,
                                                                                                  strict=True)]}
        traces[str(self.first_label + 1)] = {"textfont.color": [_HIDDEN if b else c for c, b in zip(colours, is_bold,
                                                                                                      strict=True)]}
        return {"edges": look_edges, "traces": traces}


def _edge_styles(styles: dict[tuple[str, str], int]) -> list[dict[str, Any]]:
    return [{"line.color": EDGE_STYLE[state].colour, "line.width": EDGE_STYLE[state].width, "line.dash": dash}
            for state, dash in styles]


def head_image(layout: Layout, svg: str | None) -> dict[str, Any]:
    """The figure's layout image for a head figure SVG (None: the hidden image of the whole graph)."""
    return {**_image(layout, svg or ""), "visible": bool(svg)}


def figure_json(fig: Mapping[str, Any]) -> str:
    """The figure as JSON text (for benchmarks and tests)."""
    import json

    return json.dumps(fig, separators=(",", ":"))


def export_name(*, node: str | None = None, tour: str | None = None, step: int | None = None) -> str:
    """The file name (without extension) of an exported view, so that saved views tell themselves apart:
    'convergence', 'convergence-c2_c3_facet_joint', 'tour-whiplash-step-3'. Ids are slugs, safe in a name."""
    if tour is not None:
        return f"tour-{tour}" + (f"-step-{step}" if step is not None else "")
    return f"convergence-{node}" if node else "convergence"


def titled(fig: Mapping[str, Any], title: str) -> dict[str, Any]:
    """A copy of the figure with `title` above the drawing, for an exported image: a saved file names
    the choice it shows. The drawing keeps its pixels; the title gets a band of its own above it."""
    out = copy.deepcopy(dict(fig))
    layout = out.setdefault("layout", {})
    font = float(layout.get("font", {}).get("size", 12))
    size = font * 1.3
    width = float(layout.get("width") or 1600)
    lines = wrap_label(title, size, lines=2) if text_width(title, size) > width - font else (title,)
    band = round(size * LINE * len(lines) + font)  # whole pixels, so the drawing below keeps its own
    layout["margin"] = {**layout.get("margin", {}), "t": band}
    layout["height"] = round(float(layout.get("height") or 900)) + band
    layout["title"] = {"text": "<br>".join(f"<b>{_escape(line)}</b>" for line in lines), "x": font / width,
                       "xanchor": "left", "xref": "paper", "y": 1 - font / 2 / layout["height"], "yanchor": "top",
                       "yref": "container", "font": {"size": size, "color": INK, "family": FONT_FAMILY}}
    return out


def static_image(fig: Mapping[str, Any], fmt: str, *, scale: float = 3.0, title: str | None = None) -> bytes:
    """The figure as PNG (at `scale`×, for slides) or SVG, rendered by kaleido in the system's Chromium;
    with `title` above it (see `titled`). The figure on screen is left as it is."""
    import plotly.io as pio

    if title:
        fig = titled(fig, title)
    layout = fig.get("layout", {})
    image: bytes = pio.to_image(dict(fig), format=fmt, width=layout.get("width") or 1600,
                                height=layout.get("height") or 900, scale=scale if fmt == "png" else 1)
    return image


