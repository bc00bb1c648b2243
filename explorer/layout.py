"""Deterministic positions for the layered convergence view.

Columns follow the signal: tissues and skin regions on the left, then nerves, roots,
the dorsal horns and trigeminal nucleus, the convergence hub, the ascending tracts,
thalamus and cortex. Within a column, nodes are ordered by the barycentre of their
neighbours (a few Sugiyama-style sweeps) so that edges cross less; every tie is
broken by id, so the same graph always gets the same picture.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from statistics import fmean

import networkx as nx

from explorer.graph import flow_graph, kind_of
from explorer.model import NodeKind

__all__ = ["Layout", "column_titles", "layered_layout"]

Layout = dict[str, tuple[float, float]]

# Kinds that share one column each, so the reader can name every column.
_ALIGNED = (NodeKind.STRUCTURE, NodeKind.REGION, NodeKind.ROOT, NodeKind.STATION, NodeKind.HUB,
            NodeKind.THALAMUS, NodeKind.CORTEX)
_SWEEPS = 4
_MAX_GAP = 3.0


def layered_layout(G: nx.DiGraph) -> Layout:
    """x = column (longest path along the signal, same-kind nodes aligned), y = rank within column.

    Structures sit above skin regions in the first column, and trigeminal (V1-V3) nodes below
    cervical ones in every column, so the two streams visibly meet at the hub.
    """
    flow = flow_graph(G)
    column = _columns(G, flow)
    by_column: dict[int, list[str]] = {}
    for node in sorted(G, key=lambda n: (_band(G, n), n)):
        by_column.setdefault(column[node], []).append(node)
    order = {n: float(i) for col in by_column.values() for i, n in enumerate(col)}
    columns = sorted(by_column)
    for sweep in range(_SWEEPS):
        sequence = columns[1:] if sweep % 2 == 0 else list(reversed(columns[:-1]))
        for col in sequence:
            neighbours = flow.predecessors if sweep % 2 == 0 else flow.successors
            by_column[col].sort(key=lambda n, nb=neighbours: _barycentre(G, n, order, nb))
            order.update({n: float(i) for i, n in enumerate(by_column[col])})
    # Short columns spread out (up to _MAX_GAP rows apart) so the pathway reads as a funnel.
    tallest = max(len(nodes) for nodes in by_column.values())
    positions: Layout = {}
    for col, nodes in by_column.items():
        gap = min(_MAX_GAP, tallest / len(nodes)) if len(nodes) > 1 else 1.0
        top = gap * (len(nodes) - 1) / 2
        for i, node in enumerate(nodes):
            positions[node] = (float(col), round(top - i * gap, 6))
    return positions


def _barycentre(
    G: nx.DiGraph, node: str, order: dict[str, float], neighbours: Callable[[str], Iterable[str]]
) -> tuple[int, float, str]:
    linked = [order[m] for m in neighbours(node)]
    return (_band(G, node), fmean(linked) if linked else order[node], node)


def column_titles(G: nx.DiGraph, positions: Layout) -> dict[float, str]:
    """A heading per column, named after the kinds of node in it."""
    kinds: dict[float, set[NodeKind]] = {}
    for node, (x, _) in positions.items():
        kinds.setdefault(x, set()).add(kind_of(G, node))
    titles: dict[float, str] = {}
    previous = ""
    for x, ks in sorted(kinds.items()):
        title = " & ".join(t for k, t in _TITLES.items() if k in ks)
        titles[x] = "" if title == previous else title  # a second column of nerves needs no new heading
        previous = title
    return titles


_TITLES = {
    NodeKind.STRUCTURE: "Tissues",
    NodeKind.REGION: "skin",
    NodeKind.NERVE: "Nerves",
    NodeKind.ROOT: "Roots",
    NodeKind.TRACT: "Tracts",
    NodeKind.STATION: "Dorsal horns",
    NodeKind.HUB: "Hub",
    NodeKind.THALAMUS: "Thalamus",
    NodeKind.CORTEX: "Cortex",
}


def _band(G: nx.DiGraph, node: str) -> int:
    """Vertical band: tissues, then cervical nodes, then trigeminal ones, then skin regions."""
    kind = kind_of(G, node)
    if kind is NodeKind.REGION:
        return 3
    segments = G.nodes[node].get("segments", [])
    trigeminal = bool(segments) and all(s.startswith("V") for s in segments)
    return 2 if trigeminal else (0 if kind is NodeKind.STRUCTURE else 1)


def _columns(G: nx.DiGraph, flow: nx.DiGraph) -> dict[str, int]:
    """Longest-path layering, then nodes of an aligned kind pushed right to their kind's column."""
    topo = list(nx.lexicographical_topological_sort(flow))
    column = {n: 0 for n in topo}
    for _ in range(len(_ALIGNED) + 1):  # alignment can push successors; repeat until stable
        for n in topo:
            preds = [column[p] + 1 for p in flow.predecessors(n)]
            column[n] = max([column[n], *preds])
        changed = False
        for kind in _ALIGNED:
            members = [n for n in topo if kind_of(G, n) is kind]
            if members:
                target = max(column[n] for n in members)
                for n in members:
                    changed |= column[n] != target
                    column[n] = target
        if not changed:
            break
    # Regions and tissues both feed nerves: they share the first column.
    first = {column[n] for n in topo if kind_of(G, n) in (NodeKind.STRUCTURE, NodeKind.REGION)}
    if first:
        lo = min(first)
        for n in topo:
            if kind_of(G, n) in (NodeKind.STRUCTURE, NodeKind.REGION):
                column[n] = lo
    shift = min(column.values(), default=0)
    return {n: c - shift for n, c in column.items()}
