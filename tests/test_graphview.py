"""The browser-side graph's figure and looks (explorer.figures.view_spec): applying a look to the figure,
as the component's JavaScript does, must draw exactly what the server's figure for that choice draws."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from explorer.figures import FigureWords, convergence_figure, view_spec
from explorer.graph import build_graph, highlight
from explorer.layout import convergence_layout
from explorer.load import load_knowledge_base


@pytest.fixture(scope="module")
def world() -> tuple[Any, Any, FigureWords]:
    kb = load_knowledge_base()
    G = build_graph(kb)
    assert kb.wording is not None
    return G, convergence_layout(G), FigureWords.of(kb.wording, plain=False)


def _apply(spec: dict[str, Any], key: str) -> dict[str, Any]:
    """What graphview.js does for a look: fill each edge slot, set the node traces' values, show the head."""
    fig = copy.deepcopy(spec["figure"])
    look = spec["looks"][key]
    for i, ids in enumerate(look["edges"]):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for e in ids:
            xs += [*spec["edges"][e][0], None]
            ys += [*spec["edges"][e][1], None]
        fig["data"][i]["x"], fig["data"][i]["y"] = xs, ys
    for index, values in look["traces"].items():
        trace = fig["data"][int(index)]
        for path, value in values.items():
            if path == "text":
                value = [spec["texts"][t] for t in value]
            *parents, last = path.split(".")
            target = trace
            for part in parents:
                target = target[part]
            target[last] = value
    fig["layout"]["images"] = [spec["heads"][look["head"]]] if look["head"] is not None else []
    return fig


def _drawn(fig: dict[str, Any]) -> dict[str, Any]:
    """The figure as seen: edge traces by name (empty ones are not seen), the other traces as they are."""
    edges = {t["name"]: (t["x"], t["y"]) for t in fig["data"] if t["name"].startswith("edges-") and t["x"]}
    rest = [t for t in fig["data"] if not t["name"].startswith("edges-")]
    images = [i for i in fig["layout"].get("images", []) if i.get("visible", True)]
    return {"edges": edges, "rest": rest, "images": [i["source"] for i in images]}


@pytest.mark.parametrize("people_only", [False, True])
def test_every_look_draws_what_the_server_figure_draws(world: tuple[Any, Any, FigureWords],
                                                       people_only: bool) -> None:
    G, layout, words = world
    nodes = sorted(G)[:: max(1, len(G) // 12)]  # a dozen nodes of every kind
    looks = {n: highlight(G, focus=[n]) for n in nodes}
    heads = {n: f"<svg><title>{n}</title></svg>" for n in nodes[::2]}
    spec = view_spec(G, layout, words, looks, heads, people_only=people_only)
    for n in nodes:
        expected = convergence_figure(G, layout, words, looks[n], people_only=people_only, head=heads.get(n))
        got = _apply(spec, n)
        assert _drawn(got)["edges"] == _drawn(expected)["edges"], n
        assert _drawn(got)["rest"] == _drawn(expected)["rest"], n
        assert _drawn(got)["images"] == _drawn(expected)["images"], n
    whole = convergence_figure(G, layout, words, None, people_only=people_only)
    assert _drawn(_apply(spec, "")) == _drawn(whole)
    assert _drawn(spec["figure"])["edges"] == _drawn(whole)["edges"]  # first drawn as the whole graph


def test_a_look_is_small_and_heads_are_shared(world: tuple[Any, Any, FigureWords]) -> None:
    G, layout, words = world
    looks = {n: highlight(G, focus=[n]) for n in G}
    same = "<svg>same head</svg>"
    spec = view_spec(G, layout, words, looks, dict.fromkeys(G, same))
    assert len(spec["heads"]) == 1  # one copy of a head figure however many looks show it
    assert {spec["looks"][n]["head"] for n in G} == {0}
    assert spec["looks"][""]["head"] is None


def test_every_node_has_a_box_and_a_name_with_its_column(world: tuple[Any, Any, FigureWords]) -> None:
    G, layout, words = world
    spec = view_spec(G, layout, words, {}, {})
    assert {n["id"] for n in spec["nodes"]} == set(layout.nodes)
    for n in spec["nodes"]:
        box = layout.nodes[n["id"]]
        assert n["name"].startswith(G.nodes[n["id"]]["label"] + ", " + words.columns[box.column])
        assert n["x0"] <= box.x <= n["x1"] and n["y0"] <= box.y <= n["y1"]
