"""The graph's answers in words: route trees and referrals grouped by how we know them. Pure.

The CLI prints these and the app shows them, so both say the same thing the same way.

Examples:
    >>> from explorer.load import load_knowledge_base
    >>> from explorer.graph import build_graph, trace
    >>> G = build_graph(load_knowledge_base())
    >>> tree_lines(G, trace(G, "c2_c3_facet_joint").routes)[:3]
    ['C2–C3 facet joint', '└─ Third occipital nerve', '   └─ C3 dorsal ramus']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from explorer.graph import BASIS_ORDER, Referral, Route, kind_of, route_tree
from explorer.model import Basis, EdgeKind, NodeKind, Wording
from explorer.text import display_name, evidence_words

__all__ = ["ReferralGroup", "grouped_referrals", "referral_line", "route_words", "tree_lines", "tree_markdown"]

# What each kind of node is in the chain of neurons, shown after its name in a tree.
_ROLE = {
    NodeKind.ROOT: "first-order neurons",
    NodeKind.STATION: "second-order neurons",
}


def tree_lines(G: nx.DiGraph, routes: Sequence[Route], *, roles: bool = False) -> list[str]:
    """The routes as an indented text tree; a branch already drawn in full is named again, not repeated."""

    def name(node: str) -> str:
        role = _ROLE.get(kind_of(G, node)) if roles else None
        whole = [G.nodes[v]["label"] for v in G.successors(node) if G.edges[node, v]["kind"] == EdgeKind.PART_OF.value]
        if role and whole:
            role += f", part of the {whole[0]}"
        return str(G.nodes[node]["label"]) + (f"  [{role}]" if role else "")

    lines: list[str] = []
    leads: list[str] = []  # the "│  " or "   " of each open level
    for depth, node, last, repeated in _walk(routes):
        del leads[max(depth - 1, 0):]
        if depth == 0:
            lines.append(name(node))
            continue
        branch = "└─ " if last else "├─ "
        more = " … (continues as above)" if repeated else ""
        lines.append(f"{''.join(leads)}{branch}{name(node)}{more}")
        leads.append("   " if last else "│  ")
    return lines


def tree_markdown(G: nx.DiGraph, routes: Sequence[Route], *, plain: bool = False) -> str:
    """The routes as a nested markdown list (read well by screen readers), repeats named, not repeated;
    `plain` names each node by its everyday name first."""
    return "\n".join(f"{'  ' * depth}- {_md(display_name(G.nodes[node], plain=plain))}"
                      + (" (then as above)" if repeated else "")
                      for depth, node, _, repeated in _walk(routes))


def _walk(routes: Sequence[Route]) -> Iterator[tuple[int, str, bool, bool]]:
    """(depth, node, is the last of its siblings, is a repeat of a branch drawn above) down the route tree."""
    drawn: dict[str, dict[str, Any]] = {}

    def visit(tree: dict[str, Any], depth: int) -> Iterator[tuple[int, str, bool, bool]]:
        for i, (node, below) in enumerate(tree.items()):
            repeated = bool(below) and drawn.get(node) == below
            yield depth, node, i == len(tree) - 1, repeated
            if below and not repeated:
                drawn[node] = below
                yield from visit(below, depth + 1)

    yield from visit(route_tree(routes), 0)


def route_words(G: nx.DiGraph, route: Route, *, plain: bool = False) -> str:
    """One route as 'A → B → C', with full labels (for patients, everyday names first)."""
    return " → ".join(display_name(G.nodes[n], plain=plain) for n in route)


@dataclass(frozen=True)
class ReferralGroup:
    basis: Basis
    title: str  # e.g. "observed in people"
    explain: str  # what that basis means
    items: tuple[Referral, ...]


def grouped_referrals(items: Sequence[Referral], wording: Wording, *, plain: bool) -> list[ReferralGroup]:
    """Referrals in groups by basis, strongest first, with the group's name and meaning in the reader's words."""
    groups = []
    for basis in BASIS_ORDER:
        chosen = tuple(r for r in items if r.basis is basis)
        if chosen:
            words = wording.bases[basis]
            groups.append(ReferralGroup(basis, words.at(plain=plain), words.explain.at(plain=plain), chosen))
    return groups


def referral_line(G: nx.DiGraph, r: Referral, end: str, wording: Wording, *, plain: bool) -> str:
    """'Forehead (frontal): provocation or stimulation in people, n=3 · confirmed in the source'."""
    return f"{display_name(G.nodes[getattr(r, end)], plain=plain)}: {evidence_words(wording, r, plain=plain)}"


def _md(text: str) -> str:
    # Labels come from data: show markdown characters as themselves.
    return "".join("\\" + ch if ch in "\\`*_{}[]<>()#+-.!|" else ch for ch in text)
