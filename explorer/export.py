"""The knowledge graph in formats other tools read: node-link JSON, GraphML, a CSV of edges and JSON-LD.

Every format carries each node's ontology class (UBERON, or FMA) and how it matches: `exact`, `parent`
(the class is wider) or `none` (with why).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx

from explorer.graph import Graph
from explorer.model import Reference, Safety

__all__ = [
    "FORMATS", "ONTOLOGY_IRI", "citation", "edges_csv", "export", "flat_graph", "graphml", "json_ld", "node_link_json",
    "ontology_iri", "with_urgency",
]

FORMATS = ("node-link", "graphml", "csv", "jsonld")
# Where an ontology id lives on the web: the OBO Foundry's PURLs (UBERON:0002866 -> .../UBERON_0002866).
ONTOLOGY_IRI = "http://purl.obolibrary.org/obo/"
# The app's own terms (node kinds, edge kinds, fields) in JSON-LD; nodes are named by their ids under it.
_VOCAB = "https://neck-behind-the-pain.invalid/vocab#"
_NODE_BASE = "https://neck-behind-the-pain.invalid/node/"
_LIST_SEPARATOR = "; "


def export(G: Graph, fmt: str, references: dict[str, Reference], safety: Safety | None = None) -> bytes:
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
    if fmt == "jsonld":
        return json_ld(G).encode()
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def node_link_json(G: Graph) -> str:
    """Every node and edge attribute, lists included; `nx.node_link_graph` reads it back."""
    data = nx.node_link_data(G, edges="edges")
    data["graph"] = {}  # the graph's own attributes are the app's settings (name rules), not content
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)


def with_urgency(G: Graph, safety: Safety | None) -> Graph:
    """A copy in which each node with an `urgent_sign` also has `urgent_action` and `urgent_text` (clinical words)."""
    if safety is None:
        return G
    signs = {sign.id: sign for sign in safety.urgent_signs}
    H: Graph = nx.DiGraph(G)
    for _, data in H.nodes(data=True):
        if (sign := signs.get(data.get("urgent_sign") or "")) is not None:
            data["urgent_action"] = sign.action.value
            data["urgent_text"] = f"{safety.actions[sign.action].clinical} {sign.clinical}"
    return H


def flat_graph(G: Graph) -> Graph:
    """A copy whose list attributes are joined with '; ' and None dropped, as GraphML needs scalars."""
    H: Graph = nx.DiGraph()
    H.add_nodes_from((n, _flat(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, _flat(d)) for u, v, d in G.edges(data=True))
    return H


def graphml(G: Graph) -> bytes:
    """GraphML of `flat_graph(G)`; `nx.read_graphml` gives that graph back unchanged."""
    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(G), buffer, encoding="utf-8")
    return buffer.getvalue()


def edges_csv(G: Graph, references: dict[str, Reference]) -> str:
    """One row per edge with both labels, its evidence, confidence and full citations."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "source_label", "kind", "target", "target_label", "confidence", "evidence_kind",
                     "n", "fibres", "evidence", "reference_keys", "citations", "source_ontology_id",
                     "source_ontology_relation", "target_ontology_id", "target_ontology_relation", "source_urgent",
                     "target_urgent"])
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1])):
        keys = d["references"]
        writer.writerow([
            u, G.nodes[u]["label"], d["kind"], v, G.nodes[v]["label"], d["confidence"], d["evidence_kind"],
            d.get("n") or "", _LIST_SEPARATOR.join(d.get("fibres") or []), d.get("evidence") or "",
            _LIST_SEPARATOR.join(keys),
            " | ".join(citation(references[k]) for k in keys if k in references),
            *_ontology_cells(G.nodes[u]), *_ontology_cells(G.nodes[v]),
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


def ontology_iri(term: str) -> str:
    """The web address of an ontology id: UBERON:0002866 -> http://purl.obolibrary.org/obo/UBERON_0002866."""
    return ONTOLOGY_IRI + term.replace(":", "_", 1)


def json_ld(G: Graph) -> str:
    """The graph as JSON-LD: each node with its kind, names and ontology match (skos:exactMatch, or
    skos:broadMatch for a wider class), and its steps and referrals as links to other nodes."""
    edge_kinds = sorted({d["kind"] for _, _, d in G.edges(data=True)})
    context: dict[str, Any] = {
        "@version": 1.1,
        "@vocab": _VOCAB,
        "@base": _NODE_BASE,
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "obo": ONTOLOGY_IRI,
        # An OBO PURL ends in '_', so JSON-LD 1.1 needs `@prefix` to expand UBERON:0002866 with it.
        "UBERON": {"@id": ONTOLOGY_IRI + "UBERON_", "@prefix": True},
        "FMA": {"@id": ONTOLOGY_IRI + "FMA_", "@prefix": True},
        "label": "rdfs:label",
        "altLabel": "skos:altLabel",
        "exactMatch": {"@id": "skos:exactMatch", "@type": "@id"},
        "broadMatch": {"@id": "skos:broadMatch", "@type": "@id"},
        **{kind: {"@id": _VOCAB + kind, "@type": "@id"} for kind in edge_kinds},
    }
    graph = []
    for node in sorted(G.nodes):
        data = G.nodes[node]
        item: dict[str, Any] = {"@id": node, "@type": data["kind"], "label": data["label"]}
        if names := [*data.get("synonyms", []), *data.get("abbreviations", [])]:
            item["altLabel"] = names
        if data.get("segments"):
            item["segments"] = list(data["segments"])
        match = data.get("ontology") or {}
        if match.get("id"):
            item["exactMatch" if match["relation"] == "exact" else "broadMatch"] = match["id"]
        if match:
            item["ontologyRelation"] = match["relation"]
            if match.get("why"):
                item["ontologyNote"] = match["why"]
        for kind in edge_kinds:
            if targets := sorted(v for _, v, d in G.out_edges(node, data=True) if d["kind"] == kind):
                item[kind] = targets
        graph.append(item)
    return json.dumps({"@context": context, "@graph": graph}, indent=2, ensure_ascii=False)


def _ontology_cells(data: dict[str, Any]) -> tuple[str, str]:
    match = data.get("ontology") or {}
    return match.get("id") or "", match.get("relation") or ""


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    # GraphML holds scalars: lists are joined, mappings (name notes) become JSON, empty values are dropped;
    # the ontology match becomes its own attributes, so a tool can filter on the id.
    data = dict(data)
    for k, v in (data.pop("ontology", None) or {}).items():
        data[f"ontology_{k}"] = v
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
