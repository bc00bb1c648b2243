"""The browser-side graph's figure and looks (explorer.figures.view_spec): applying a look to the figure,
as the component's JavaScript does, must show what the server's figure for that choice shows."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from explorer.figures import FigureWords, apply_look, convergence_figure, head_image, view_spec
from explorer.graph import build_graph, highlight
from explorer.layout import convergence_layout
from explorer.load import load_knowledge_base
from explorer.model import NodeKind
from explorer.palette import KIND_STYLE


@pytest.fixture(scope="module")
def world() -> tuple[Any, Any, FigureWords]:
    kb = load_knowledge_base()
    G = build_graph(kb)
    assert kb.wording is not None
    return G, convergence_layout(G), FigureWords.of(kb.wording, plain=False)


def _apply(spec: dict[str, Any], key: str, head: dict[str, Any]) -> dict[str, Any]:
    """What graphview.js does for a look: set each trace's style values; and the head image it is sent."""
    fig = copy.deepcopy(spec["figure"])
    apply_look(fig, spec["edge_styles"], spec["looks"][key])
    fig["layout"]["images"] = [head]
    return fig


def _lines(xs: list[Any], ys: list[Any]) -> list[tuple[tuple[float, float], ...]]:
    out, line = [], []
    for x, y in zip([*xs, None], [*ys, None], strict=True):
        if x is None:
            if line:
                out.append(tuple(line))
            line = []
        else:
            line.append((x, y))
    return out


def _drawn(fig: dict[str, Any]) -> dict[str, Any]:
    font = fig["layout"]["font"]["size"]
    """The figure as a reader sees it: the polylines drawn in each line style; each node's marker colour,
    outline and whether it is drawn large; each label's colour and weight; the head figure."""
    edges: dict[tuple[str, float, str], list[Any]] = {}
    markers: dict[str, tuple[str, float, bool]] = {}
    labels: dict[tuple[float, float], tuple[str, bool]] = {}
    for t in fig["data"]:
        name = t["name"]
        if t["mode"] == "lines":
            style = (t["line"]["color"], t["line"]["width"], t["line"]["dash"])
            edges.setdefault(style, []).extend(_lines(t["x"], t["y"]))
        elif name.startswith("chosen-"):
            for i, (x, y) in enumerate(zip(t["x"], t["y"], strict=True)):
                if t["marker"]["opacity"][i]:
                    markers[f"{x},{y}"] = (*markers[f"{x},{y}"][:2], True)
        elif t["mode"] == "markers" and name != "label-targets":
            m = t["marker"]
            size = m["size"] if isinstance(m["size"], list) else [m["size"]] * len(t["x"])
            normal = KIND_STYLE[NodeKind(name)].size * font / 12
            for i, (x, y) in enumerate(zip(t["x"], t["y"], strict=True)):
                markers[f"{x},{y}"] = (m["color"][i], m["line"]["width"][i], size[i] > normal * 1.2)
        elif t["mode"] == "text":
            colours = t["textfont"]["color"]
            for x, y, text, colour in zip(t["x"], t["y"], t["text"], colours, strict=True):
                if colour != "rgba(0,0,0,0)":
                    labels[(x, y)] = (colour, text.startswith("<b>"))
    images = [i["source"] for i in fig["layout"].get("images", []) if i.get("visible", True)]
    return {"edges": {k: sorted(v) for k, v in edges.items() if v}, "markers": markers, "labels": labels,
            "images": images}


@pytest.mark.parametrize("people_only", [False, True])
def test_every_look_draws_what_the_server_figure_draws(world: tuple[Any, Any, FigureWords],
                                                       people_only: bool) -> None:
    G, layout, words = world
    nodes = sorted(G)[:: max(1, len(G) // 12)]  # a dozen nodes of every kind
    looks = {n: highlight(G, focus=[n]) for n in nodes}
    heads = {n: f"<svg><title>{n}</title></svg>" for n in nodes[::2]}
    spec = view_spec(G, layout, words, looks, people_only=people_only)
    for n in nodes:
        expected = convergence_figure(G, layout, words, looks[n], people_only=people_only, head=heads.get(n))
        assert _drawn(_apply(spec, n, head_image(layout, heads.get(n)))) == _drawn(expected), n
        if n in layout.nodes:  # (a region is drawn on the head, not in the graph)
            assert any(large for _c, _w, large in _drawn(expected)["markers"].values()), n  # one drawn large
    whole = _drawn(convergence_figure(G, layout, words, None, people_only=people_only))
    assert _drawn(_apply(spec, "", head_image(layout, None))) == whole
    assert _drawn(spec["figure"]) == whole  # first drawn as the whole graph


def test_looks_are_small(world: tuple[Any, Any, FigureWords]) -> None:
    G, layout, words = world
    spec = view_spec(G, layout, words, {n: highlight(G, focus=[n]) for n in G})
    # A handful of line styles, shared by number: a look is a few numbers per edge, not a figure.
    assert len(spec["edge_styles"]) <= 12
    assert all(len(look["edges"]) == len(spec["looks"][""]["edges"]) for look in spec["looks"].values())


def test_every_node_has_a_box_and_a_name_with_its_column(world: tuple[Any, Any, FigureWords]) -> None:
    G, layout, words = world
    spec = view_spec(G, layout, words, {})
    assert {n["id"] for n in spec["nodes"]} == set(layout.nodes)
    for n in spec["nodes"]:
        box = layout.nodes[n["id"]]
        assert n["name"].startswith(G.nodes[n["id"]]["label"] + ", " + words.columns[box.column])
        assert n["x0"] <= box.x <= n["x1"] and n["y0"] <= box.y <= n["y1"]
