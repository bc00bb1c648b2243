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

from explorer.graph import BASIS_ORDER, Graph, Referral, Route, Step, kind_of, route_steps, route_tree
from explorer.model import Action, Basis, EdgeKind, NodeKind, Safety, Wording
from explorer.text import display_name, evidence_words

__all__ = [
    "ReferralGroup",
    "Urgent",
    "grouped_referrals",
    "referral_line",
    "route_words",
    "step_words",
    "tree_lines",
    "tree_markdown",
    "urgent_line",
    "urgent_of",
]

# What each kind of node is in the chain of neurons, shown after its name in a tree.
_ROLE = {
    NodeKind.ROOT: "first-order neurons",
    NodeKind.STATION: "second-order neurons",
}


def tree_lines(G: Graph, routes: Sequence[Route], *, roles: bool = False, wording: Wording | None = None,
               plain: bool = False) -> list[str]:
    """The routes as an indented text tree; a branch already drawn in full is named again, not repeated.

    With `wording`, each step says how it is known (its edge's kind of evidence, n and confidence),
    and a step only claimed says it is weak.
    """

    def name(node: str) -> str:
        role = _ROLE.get(kind_of(G, node)) if roles else None
        whole = [G.nodes[v]["label"] for v in G.successors(node) if G.edges[node, v]["kind"] == EdgeKind.PART_OF.value]
        if role and whole:
            role += f", part of the {whole[0]}"
        return str(G.nodes[node]["label"]) + (f"  [{role}]" if role else "")

    lines: list[str] = []
    leads: list[str] = []  # the "│  " or "   " of each open level
    for depth, parent, node, last, repeated in _walk(routes):
        del leads[max(depth - 1, 0):]
        if depth == 0:
            lines.append(name(node))
            continue
        branch = "└─ " if last else "├─ "
        more = " … (continues as above)" if repeated else ""
        known = f"  ({_step_note(G, parent, node, wording, plain)})" if wording is not None and parent else ""
        lines.append(f"{''.join(leads)}{branch}{name(node)}{known}{more}")
        leads.append("   " if last else "│  ")
    return lines


def tree_markdown(G: Graph, routes: Sequence[Route], *, wording: Wording | None = None,
                  plain: bool = False) -> str:
    """The routes as a nested markdown list (read well by screen readers), repeats named, not repeated;
    `plain` names each node by its everyday name first.

    With `wording`, each step says how it is known; a weak step is set in italics and says so.
    """
    lines = []
    for depth, parent, node, _, repeated in _walk(routes):
        label = _md(display_name(G.nodes[node], plain=plain))
        if wording is not None and parent:
            note = _md(_step_note(G, parent, node, wording, plain))
            weak = route_steps(G, (parent, node))[0].weak
            label += f" — *{note}*" if weak else f" — {note}"
        lines.append(f"{'  ' * depth}- {label}" + (" (then as above)" if repeated else ""))
    return "\n".join(lines)


_Visit = tuple[int, str | None, str, bool, bool]


def _walk(routes: Sequence[Route]) -> Iterator[_Visit]:
    """(depth, parent, node, is the last of its siblings, is a repeat of a branch drawn above) down the tree."""
    drawn: dict[str, dict[str, Any]] = {}

    def visit(tree: dict[str, Any], depth: int, parent: str | None) -> Iterator[_Visit]:
        for i, (node, below) in enumerate(tree.items()):
            repeated = bool(below) and drawn.get(node) == below
            yield depth, parent, node, i == len(tree) - 1, repeated
            if below and not repeated:
                drawn[node] = below
                yield from visit(below, depth + 1, node)

    yield from visit(route_tree(routes), 0, None)


def step_words(wording: Wording, step: Step, *, plain: bool = False) -> str:
    """'human dissection, n=5 · confirmed in the source', and for a claimed step, that it is weak."""
    kind = wording.evidence_kinds[step.evidence_kind].at(plain=plain)
    count = f", n={step.n}" if step.n and not plain else ""
    words = f"{kind}{count} · {wording.confidence[step.confidence].at(plain=plain)}"
    return f"{words} · {wording.ui['route.weak_step'].at(plain=plain)}" if step.weak else words


def _step_note(G: Graph, parent: str, node: str, wording: Wording, plain: bool) -> str:
    step = route_steps(G, (parent, node))[0]
    return wording.ui["route.step_evidence"].at(plain=plain).format(evidence=step_words(wording, step, plain=plain))


def route_words(G: Graph, route: Route, *, plain: bool = False) -> str:
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


def referral_line(G: Graph, r: Referral, end: str, wording: Wording, *, plain: bool) -> str:
    """'Forehead (frontal): provocation or stimulation in people, n=3 · confirmed in the source'.

    A prediction for a source that was mapped in people says the mapping did not report it, not
    that it was never tested.
    """
    if r.basis is Basis.PREDICTED and r.mapped_by:
        known = wording.ui["referral.mapped_not_here"].at(plain=plain)
        if not plain:
            known += f" ({', '.join(r.mapped_by)})"
    else:
        known = evidence_words(wording, r, plain=plain)
    return f"{display_name(G.nodes[getattr(r, end)], plain=plain)}: {known}"


@dataclass(frozen=True)
class Urgent:
    """Pain from this structure can be an emergency: the urgent sign (data/safety.yaml) and what to do."""

    sign: str
    action: Action
    text: str  # the sign, in the reader's words
    do: str  # the action, in the reader's words


def urgent_of(G: Graph, node: str, safety: Safety | None, *, plain: bool = False) -> Urgent | None:
    """The urgent sign the node's pain can be (its `urgent_sign`), worded for the reader; None if it has none."""
    sign_id = G.nodes[node].get("urgent_sign")
    if not sign_id or safety is None:
        return None
    sign = next((s for s in safety.urgent_signs if s.id == sign_id), None)
    if sign is None:  # validate refuses an unknown sign; a hand-built graph may still carry one
        return None
    text = sign.plain if plain else sign.clinical
    return Urgent(sign.id, sign.action, text, safety.actions[sign.action].at(plain=plain))


def urgent_line(urgent: Urgent, wording: Wording, *, plain: bool = False) -> str:
    """'URGENT: Call emergency services now; ... New one-sided pain in the neck ...'."""
    return f"{wording.ui['urgent.label'].at(plain=plain)}: {urgent.do} {urgent.text}"


def _md(text: str) -> str:
    # Labels come from data: show markdown characters as themselves.
    return "".join("\\" + ch if ch in "\\`*_{}[]<>()#+-.!|" else ch for ch in text)
