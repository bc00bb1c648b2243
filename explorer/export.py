"""The knowledge graph in formats other tools read: node-link JSON, GraphML and a CSV of edges."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx

from explorer.model import Reference, Safety

__all__ = ["FORMATS", "citation", "edges_csv", "export", "flat_graph", "graphml", "node_link_json", "with_urgency"]

FORMATS = ("node-link", "graphml", "csv")
_LIST_SEPARATOR = "; "


def export(G: nx.DiGraph, fmt: str, references: dict[str, Reference], safety: Safety | None = None) -> bytes:
    """The graph in `fmt` (one of FORMATS), as bytes ready to write or download.

    With `safety`, a node whose pain can be an emergency carries its action and sign in words
    (`with_urgency`), so a lecturer's export says "dissection" where the app does.
    """
    G = with_urgency(G, safety)
    if fmt == "node-link":
        return node_link_json(G).encode()
    if fmt == "graphml":
        return graphml(G)
    if fmt == "csv":
        return edges_csv(G, references).encode()
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def node_link_json(G: nx.DiGraph) -> str:
    """Every node and edge attribute, lists included; `nx.node_link_graph` reads it back."""
    return json.dumps(nx.node_link_data(G, edges="edges"), indent=2, ensure_ascii=False, sort_keys=True)


def with_urgency(G: nx.DiGraph, safety: Safety | None) -> nx.DiGraph:
    """A copy in which each node with an `urgent_sign` also has `urgent_action` and `urgent_text` (clinical words)."""
    if safety is None:
        return G
    signs = {sign.id: sign for sign in safety.urgent_signs}
    H = nx.DiGraph(G)
    for _, data in H.nodes(data=True):
        if (sign := signs.get(data.get("urgent_sign") or "")) is not None:
            data["urgent_action"] = sign.action.value
            data["urgent_text"] = f"{safety.actions[sign.action].clinical} {sign.clinical}"
    return H


def flat_graph(G: nx.DiGraph) -> nx.DiGraph:
    """A copy whose list attributes are joined with '; ' and None dropped, as GraphML needs scalars."""
    H = nx.DiGraph()
    H.add_nodes_from((n, _flat(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, _flat(d)) for u, v, d in G.edges(data=True))
    return H


def graphml(G: nx.DiGraph) -> bytes:
    """GraphML of `flat_graph(G)`; `nx.read_graphml` gives that graph back unchanged."""
    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(G), buffer, encoding="utf-8")
    return buffer.getvalue()


def edges_csv(G: nx.DiGraph, references: dict[str, Reference]) -> str:
    """One row per edge with both labels, its evidence, confidence and full citations."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "source_label", "kind", "target", "target_label", "confidence", "evidence_kind",
                     "n", "fibres", "evidence", "reference_keys", "citations", "source_urgent", "target_urgent"])
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1])):
        keys = d["references"]
        writer.writerow([
            u, G.nodes[u]["label"], d["kind"], v, G.nodes[v]["label"], d["confidence"], d["evidence_kind"],
            d.get("n") or "", _LIST_SEPARATOR.join(d.get("fibres") or []), d.get("evidence") or "",
            _LIST_SEPARATOR.join(keys),
            " | ".join(citation(references[k]) for k in keys if k in references),
            G.nodes[u].get("urgent_text") or "", G.nodes[v].get("urgent_text") or "",
        ])
    return out.getvalue()


def citation(ref: Reference) -> str:
    """'Authors (year). Title. Journal. doi:… PMID:…' with whatever identifiers are known."""
    parts = [f"{ref.authors} ({ref.year if ref.year else 'n.d.'}). {ref.title}. {ref.journal}."]
    if ref.doi:
        parts.append(f"doi:{ref.doi}")
    if ref.pmid:
        parts.append(f"PMID:{ref.pmid}")
    if ref.pmcid:
        parts.append(ref.pmcid)
    return " ".join(parts)


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    # GraphML holds scalars: lists are joined, mappings (name notes) become JSON, empty values are dropped.
    flat = {}
    for k, v in data.items():
        if v is None or v == [] or v == {}:
            continue
        if isinstance(v, list):
            v = _LIST_SEPARATOR.join(v)
        elif isinstance(v, dict):
            v = json.dumps(v, ensure_ascii=False, sort_keys=True)
        flat[k] = v
    return flat
