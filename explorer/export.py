"""The knowledge graph in formats other tools read: node-link JSON, GraphML and a CSV of edges."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx

from explorer.model import Reference

__all__ = ["FORMATS", "citation", "edges_csv", "export", "flat_graph", "graphml", "node_link_json"]

FORMATS = ("node-link", "graphml", "csv")
_LIST_SEPARATOR = "; "


def export(G: nx.DiGraph, fmt: str, references: dict[str, Reference]) -> bytes:
    """The graph in `fmt` (one of FORMATS), as bytes ready to write or download."""
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
                     "n", "fibres", "evidence", "reference_keys", "citations"])
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1])):
        keys = d["references"]
        writer.writerow([
            u, G.nodes[u]["label"], d["kind"], v, G.nodes[v]["label"], d["confidence"], d["evidence_kind"],
            d.get("n") or "", _LIST_SEPARATOR.join(d.get("fibres") or []), d.get("evidence") or "",
            _LIST_SEPARATOR.join(keys),
            " | ".join(citation(references[k]) for k in keys if k in references),
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
