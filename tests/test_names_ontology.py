"""Ontology ids: checked against an extract of UBERON's own repository, and carried by every export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
import rdflib

from explorer.export import export, ontology_iri
from explorer.load import ONTOLOGY_EXTRACT, default_data_dir
from explorer.model import KnowledgeBase, OntologyRelation
from tests.content import edited_copy

SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
NODE = "https://neck-behind-the-pain.invalid/node/"


def _extract() -> dict[str, str]:
    lines = (default_data_dir() / ONTOLOGY_EXTRACT).read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader((line for line in lines if not line.startswith("#")), delimiter="\t")
    return {row["id"]: row["label"] for row in rows}


def test_at_least_40_nodes_carry_an_id_checked_against_the_extract(kb: KnowledgeBase) -> None:
    extract = _extract()
    checked = [n for n in kb.nodes.values() if n.ontology and n.ontology.id]
    assert len(checked) >= 40
    for node in checked:
        assert node.ontology is not None and node.ontology.id is not None
        assert extract[node.ontology.id] == node.ontology.label, node.id


def test_the_review_s_examples_have_their_uberon_class(kb: KnowledgeBase) -> None:
    expected = {
        "trigeminal_nucleus_caudalis": "UBERON:0002866",
        "c2_drg": "UBERON:0002839",
        "great_auricular_nerve": "UBERON:0008833",
        "spinal_trigeminal_tract": "UBERON:0014761",
        "vpm_thalamus": "UBERON:0002945",
    }
    for node, term in expected.items():
        match = kb.nodes[node].ontology
        assert match is not None and match.id == term and match.relation is OntologyRelation.EXACT


def test_a_parent_or_a_none_says_why(kb: KnowledgeBase) -> None:
    for node in kb.nodes.values():
        if node.ontology and node.ontology.relation is not OntologyRelation.EXACT:
            assert node.ontology.why, node.id
    none = kb.nodes["trigeminocervical_nucleus"].ontology
    assert none is not None and none.relation is OntologyRelation.NONE and none.id is None


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        # a pasted id that is not the class named
        ("nodes.yaml", "    id: UBERON:0002866\n", "    id: UBERON:0002873\n", "is not in data/ontology"),
        ("nodes.yaml", "    label: caudal part of spinal trigeminal nucleus\n",
         "    label: spinal trigeminal nucleus\n", "is 'caudal part of spinal trigeminal nucleus' in the ontology"),
        ("nodes.yaml", "    id: UBERON:0000220\n    label: atlanto-occipital joint\n    relation: exact\n",
         "    id: UBERON:0000220\n    label: atlanto-occipital joint\n    relation: none\n", "takes no id"),
        ("nodes.yaml", "    label: atlanto-occipital joint\n    relation: exact\n",
         "    label: atlanto-occipital joint\n    relation: parent\n", "needs 'why'"),
        ("ontology/uberon-extract.tsv", "UBERON:0000220\t", "UBERON:220\t", "expected 'ONTOLOGY:digits"),
    ],
)
def test_validate_refuses_a_wrong_ontology_entry(tmp_path: Path, file: str, old: str, new: str,
                                                 expected: str) -> None:
    errors = edited_copy(tmp_path, file, old, new)
    assert any(expected in e and e.startswith(f"data/{file}:") for e in errors), errors


def test_the_extract_holds_only_ids_that_nodes_use(tmp_path: Path) -> None:
    errors = edited_copy(tmp_path, "ontology/uberon-extract.tsv", "id\tlabel\tsource\n",
                     "id\tlabel\tsource\nUBERON:0001645\ttrigeminal nerve\tx\n")
    assert any("UBERON:0001645 is named by no node" in e for e in errors), errors


# --- exports -----------------------------------------------------------------------------------------


def test_json_ld_parses_and_maps_ids_to_obo_iris(kb: KnowledgeBase, G: nx.DiGraph) -> None:
    g = rdflib.Graph().parse(data=export(G, "jsonld", kb.references).decode(), format="json-ld")
    caudalis = rdflib.URIRef(NODE + "trigeminal_nucleus_caudalis")
    assert (caudalis, SKOS.exactMatch, rdflib.URIRef("http://purl.obolibrary.org/obo/UBERON_0002866")) in g
    # a wider class is a broadMatch, never an exactMatch
    assert (rdflib.URIRef(NODE + "c1_dorsal_horn"), SKOS.broadMatch, rdflib.URIRef(ontology_iri("UBERON:0002256"))) in g
    assert not list(g.objects(rdflib.URIRef(NODE + "c1_dorsal_horn"), SKOS.exactMatch))
    matched = {s for s in g.subjects(SKOS.exactMatch, None)} | {s for s in g.subjects(SKOS.broadMatch, None)}
    assert len(matched) == sum(1 for n in kb.nodes.values() if n.ontology and n.ontology.id)
    # steps are links between nodes
    gon = rdflib.URIRef(NODE + "greater_occipital_nerve")
    assert any(str(o).startswith(NODE) for o in g.objects(gon, None) if isinstance(o, rdflib.URIRef))


def test_graphml_node_link_and_csv_carry_the_ontology(kb: KnowledgeBase, G: nx.DiGraph) -> None:
    back = nx.read_graphml(io.BytesIO(export(G, "graphml", kb.references)))
    assert back.nodes["c2_drg"]["ontology_id"] == "UBERON:0002839"
    assert back.nodes["c2_drg"]["ontology_relation"] == "exact"
    linked = json.loads(export(G, "node-link", kb.references))
    c2 = next(n for n in linked["nodes"] if n["id"] == "c2_drg")
    assert c2["ontology"]["id"] == "UBERON:0002839"
    rows = list(csv.DictReader(io.StringIO(export(G, "csv", kb.references).decode())))
    row = next(r for r in rows if r["source"] == "c2_drg")
    assert row["source_ontology_id"] == "UBERON:0002839" and row["source_ontology_relation"] == "exact"
