"""Names an expert types resolve to one node, or ask (an umbrella name lists its members), never guess.

tests/names.csv holds clinical names, abbreviations, eponyms, Latin names and misspellings collected
from the literature and the 2026-12-07 review (§8): each with the node it must resolve to, or
"ambiguous:" and the candidates it must offer.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from explorer.__main__ import main
from explorer.graph import AmbiguousName, UnknownName, canonical, name_key, node_names, resolve, search
from explorer.model import KnowledgeBase
from tests.content import edited_copy

TABLE = Path(__file__).with_name("names.csv")
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8")))


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_each_name_resolves_or_asks(G: nx.DiGraph, row: dict[str, str]) -> None:
    expected = row["expected"]
    if expected.startswith("ambiguous:"):
        with pytest.raises(AmbiguousName) as info:
            resolve(G, row["name"])
        assert info.value.candidates == expected.removeprefix("ambiguous:").split("|")
    else:
        assert resolve(G, row["name"]) == expected


def test_the_table_is_large_and_covers_every_family() -> None:
    assert len(ROWS) >= 150
    families = " ".join(r["family"] for r in ROWS)
    for family in ("level", "spelling", "plural", "Latin", "eponym", "abbreviation", "part named by parent",
                   "umbrella"):
        assert family in families, family
    assert len({r["name"] for r in ROWS}) == len(ROWS)  # no row twice


def test_level_forms_read_one_way() -> None:
    forms = ["C2-3", "C2/3", "C2–C3", "C2-C3", "C2 3", "C23", "c2 c3", "C 2-3"]
    assert {canonical(f) for f in forms} == {"c2 c3"}
    assert canonical("C1-C3") == "c1 c3"  # not adjacent levels: left as written
    assert canonical("C2") == "c2"


def test_word_order_and_filler_words_do_not_matter(kb: KnowledgeBase) -> None:
    assert name_key("medial branch of the C3 dorsal ramus", kb.names) == name_key("C3 dorsal ramus medial branch",
                                                                                    kb.names)


def test_every_name_in_the_data_resolves_to_its_own_node(G: nx.DiGraph) -> None:
    # No name resolves to two nodes silently, and no umbrella takes a node's own name.
    for node, data in G.nodes(data=True):
        for name in node_names(data):
            assert resolve(G, name) == node, (name, node)


def test_an_abbreviation_most_clinicians_read_otherwise_asks(G: nx.DiGraph) -> None:
    with pytest.raises(AmbiguousName) as info:
        resolve(G, "STT")
    assert info.value.candidates[0] == "spinothalamic_tract"  # the common reading first
    assert info.value.note and "spinothalamic" in info.value.note


def test_a_name_the_model_does_not_hold_is_unknown_with_suggestions(G: nx.DiGraph) -> None:
    with pytest.raises(UnknownName) as info:
        resolve(G, "occipitial nerv")
    assert info.value.suggestions


def test_search_matches_spelling_families_like_resolve(G: nx.DiGraph) -> None:
    assert search(G, "C2 3 facet")[0].node_id == "c2_c3_facet_joint"
    assert search(G, "C2-3 disk")[0].node_id == "c2_c3_disc"
    assert {m.node_id for m in search(G, "facet joint")[:2]} == {"c2_c3_facet_joint", "c3_c4_facet_joint"}


# --- the CLI ---------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_readme_example_traces(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "trace", "C2-3 facet joint")
    assert code == 0 and out.startswith("C2–C3 facet joint [c2_c3_facet_joint]")


def test_an_umbrella_name_exits_2_naming_each_candidate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "trace", "atlanto-axial joint")
    assert code == 2 and not out
    assert "c1_c2_joint (C1–C2 lateral atlanto-axial joint)" in err
    assert "median_atlantoaxial_joint (Median atlanto-axial joint and ligaments)" in err
    assert len(err.strip().splitlines()) == 1


def test_a_name_note_travels_in_trace_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "trace", "Arnold's tentorial nerve", "--json")
    note = json.loads(out)["name_note"]
    assert code == 0 and "auricular branch of the vagus" in note and "V1" in note
    code, out, _ = run(capsys, "trace", "V1", "--json")
    assert json.loads(out)["name_note"] is None


# --- validate refuses a careless edit ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        # a synonym that is another node's name, written another way
        ("nodes.yaml", "  - nervus ophthalmicus\n", "  - nervus ophthalmicus\n  - C2/3 z joint\n",
         "of node 'c2_c3_facet_joint'; a name must lead to one node"),
        # an umbrella name that is a node's name
        ("names.yaml", "- name: thalamus\n", "- name: VPM\n", "is also a name of node 'vpm_thalamus'"),
        ("names.yaml", "  - c3_c4_facet_joint\n", "  - c3_c4_facet_jiont\n", "did you mean 'c3_c4_facet_joint'"),
        ("names.yaml", "  disk: disc\n", "  disk: disc\n  disc: disco\n", "itself a variant"),
    ],
)
def test_validate_refuses_a_name_that_would_mean_two_things(tmp_path: Path, file: str, old: str, new: str,
                                                             expected: str) -> None:
    errors = edited_copy(tmp_path, file, old, new)
    assert errors and expected in errors[0], errors
    assert errors[0].startswith(f"data/{file}:")  # file and line


# --- the app --------------------------------------------------------------------------------------


def test_a_link_by_an_umbrella_name_offers_its_members(kb: KnowledgeBase) -> None:
    from tests.apptest import open_page, texts

    at = open_page("explorer", node="facet joint", audience="clinician")
    assert kb.wording is not None
    assert kb.wording.ui["explorer.ambiguous_node"].clinical.format(name="facet joint") in [i.value for i in at.info]
    links = [el for el in at.get("page_link") if "node" in el.proto.query_string]
    assert {"node=c2_c3_facet_joint", "node=c3_c4_facet_joint"} <= {
        part for el in links for part in el.proto.query_string.split("&")}
    assert "lower cervical levels" in texts(at)  # the umbrella's note, for clinicians


def test_the_details_show_the_ontology_class_to_clinicians_not_patients() -> None:
    from tests.apptest import open_page, texts

    at = open_page("explorer", node="nucleus caudalis", audience="clinician")
    assert "http://purl.obolibrary.org/obo/UBERON_0002866" in texts(at)
    at = open_page("explorer", node="nucleus caudalis", audience="patient")
    assert "UBERON" not in texts(at)
