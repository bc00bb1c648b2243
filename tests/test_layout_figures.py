"""The layered layout is deterministic and ordered; figures carry what the reader needs."""

from __future__ import annotations

import networkx as nx

from explorer.figures import KIND_STYLE, convergence_figure
from explorer.graph import felt_in, flow_graph, highlight_set
from explorer.layout import column_titles, layered_layout
from explorer.model import NodeKind


def test_layout_is_deterministic(G: nx.DiGraph) -> None:
    assert layered_layout(G) == layered_layout(G.copy())


def test_layout_ignores_insertion_order(G: nx.DiGraph) -> None:
    shuffled = nx.DiGraph()
    shuffled.add_nodes_from(sorted(G.nodes(data=True), reverse=True))
    shuffled.add_edges_from(sorted(G.edges(data=True), reverse=True))
    assert layered_layout(shuffled) == layered_layout(G)


def test_every_flow_edge_points_right(G: nx.DiGraph) -> None:
    pos = layered_layout(G)
    for u, v in flow_graph(G).edges:
        assert pos[u][0] < pos[v][0], (u, v)


def test_columns_follow_the_signal(G: nx.DiGraph) -> None:
    pos = layered_layout(G)
    x = {kind: {pos[n][0] for n, d in G.nodes(data=True) if d["kind"] == kind.value} for kind in NodeKind}
    assert x[NodeKind.STRUCTURE] == x[NodeKind.REGION] == {0.0}
    assert max(x[NodeKind.ROOT]) < min(x[NodeKind.STATION]) < min(x[NodeKind.HUB]) < min(x[NodeKind.THALAMUS])
    assert max(x[NodeKind.THALAMUS]) < min(x[NodeKind.CORTEX])
    assert len(x[NodeKind.HUB]) == 1
    titles = column_titles(G, pos)
    assert titles[min(x[NodeKind.HUB])] == "Hub"


def _node_points(fig) -> dict[str, tuple[str, str]]:
    """node id -> (fill colour, label) over all node traces."""
    out = {}
    for trace in fig.data:
        if trace.customdata is None:
            continue
        colours = trace.marker.color
        for i, node in enumerate(trace.customdata):
            out[node] = (colours[i], trace.text[i])
    return out


def test_figure_without_highlight_labels_every_node(G: nx.DiGraph) -> None:
    fig = convergence_figure(G, layered_layout(G))
    points = _node_points(fig)
    assert set(points) == set(G)
    assert all(label for _, label in points.values())


def test_figure_highlight_dims_the_rest_and_draws_felt_lines(G: nx.DiGraph) -> None:
    node = "greater_occipital_nerve"
    lit = highlight_set(G, [node])
    fig = convergence_figure(G, layered_layout(G), focus=[node], lit=lit, felt=felt_in(G, node))
    points = _node_points(fig)
    assert points["frontal_region"][0] == KIND_STYLE[NodeKind.REGION].colour
    assert points["jaw_region"][0] != KIND_STYLE[NodeKind.REGION].colour
    assert points["jaw_region"][1] == ""  # dimmed nodes carry no label
    names = {t.name for t in fig.data}
    assert {"Felt in (observed)", "Highlighted pathway"} <= names


def test_each_kind_has_its_own_shape(G: nx.DiGraph) -> None:
    symbols = [s.symbol for s in KIND_STYLE.values()]
    assert len(set(symbols)) == len(symbols)


def test_figure_is_pure(G: nx.DiGraph) -> None:
    pos = layered_layout(G)
    a = convergence_figure(G, pos, focus=["c1_c2_joint"], lit=highlight_set(G, ["c1_c2_joint"]))
    b = convergence_figure(G, pos, focus=["c1_c2_joint"], lit=highlight_set(G, ["c1_c2_joint"]))
    assert a.to_json() == b.to_json()


def test_presentation_figure_uses_large_type(G: nx.DiGraph) -> None:
    fig = convergence_figure(G, layered_layout(G), presentation=True)
    assert fig.layout.font.size >= 18
    assert all(t.textfont.size >= 18 for t in fig.data if t.customdata is not None)
