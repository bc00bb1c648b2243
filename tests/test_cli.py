"""`python -m explorer`: validate, trace, sources, export and text, as a user runs them."""

from __future__ import annotations

import csv
import io
import itertools
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from explorer.__main__ import main
from explorer.export import flat_graph, with_urgency
from explorer.model import Action, KnowledgeBase
from tests.content import content_folder

ITEM_KEYS = {"id", "label", "kind"}
REFERRAL_KEYS = ITEM_KEYS | {"basis", "references", "confidence", "evidence_kind", "n", "via", "meeting",
                              "own_territory"}
BASES = {"observed_people", "observed_animals", "claimed", "predicted"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_passes_on_bundled_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate")
    assert code == 0
    assert out.startswith("OK:") and "nodes" in out


def test_validate_fails_with_one_line_per_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = content_folder(tmp_path)
    nodes = data / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("id: tract,", "id: thalamus,", 1))
    edges = data / "edges.yaml"
    edges.write_text(edges.read_text().replace("references: [Smith2001]", "references: [Nobody1999]", 1))
    code, out, _ = run(capsys, "validate", str(data))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines and all(line.startswith("data/") for line in lines)  # one problem per line
    assert any(line.startswith("data/nodes.yaml:") and "duplicate node id" in line for line in lines)
    assert any(line.startswith("data/edges.yaml:") and "Nobody1999" in line for line in lines)


def test_trace_gon_lists_forehead_as_felt(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "trace", "greater occipital nerve")
    assert code == 0
    assert "Forehead" in out and "Piovesan2001" in out


def test_trace_json_shape(capsys: pytest.CaptureFixture[str], G: nx.DiGraph) -> None:
    code, out, _ = run(capsys, "trace", "GON", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"node", "name_note", "upstream", "downstream", "routes", "route_steps",
                                       "felt_in"}
    assert set(data["node"]) >= ITEM_KEYS
    assert all(set(i) >= ITEM_KEYS for i in data["upstream"] + data["downstream"])
    assert all(set(i) >= REFERRAL_KEYS and i["basis"] in BASES for i in data["felt_in"])
    frontal = next(i for i in data["felt_in"] if i["id"] == "frontal_region")
    assert frontal["basis"] == "observed_people" and frontal["references"]
    # Its strongest study: GON blocks in patients (Bovim & Sand; the abstract gives no n), not the 3 volunteers.
    assert frontal["evidence_kind"] == "human_blocks" and frontal["n"] is None
    orbital = next(i for i in data["felt_in"] if i["id"] == "orbital_region")
    # Piovesan 2001 does not place the pain in the orbit: the edge is shown as claimed, not observed.
    assert (orbital["evidence_kind"], orbital["n"], orbital["confidence"], orbital["basis"]) == (
        "human_provocation", 3, "unverified", "claimed")
    assert len(data["routes"]) > 1 and all(r[0] == "greater_occipital_nerve" for r in data["routes"])
    for route in data["routes"]:
        assert all(G.has_edge(u, v) for u, v in itertools.pairwise(route))


@pytest.mark.parametrize("name", ["GON", "posterior fossa dura", "supratentorial dura", "C2-3 disc"])
def test_every_route_step_in_the_json_carries_its_edges_evidence(capsys: pytest.CaptureFixture[str],
                                                                  G: nx.DiGraph, name: str) -> None:
    _, out, _ = run(capsys, "trace", name, "--json")
    data = json.loads(out)
    assert len(data["route_steps"]) == len(data["routes"])
    for route, steps in zip(data["routes"], data["route_steps"], strict=True):
        assert [(s["source"], s["target"]) for s in steps] == list(itertools.pairwise(route))
        for s in steps:
            edge = G.edges[s["source"], s["target"]]
            assert (s["confidence"], s["evidence_kind"], s["references"]) == (
                edge["confidence"], edge["evidence_kind"], edge["references"])
            assert s["weak"] == (s["basis"] == "claimed")


def test_an_unverified_step_is_weak_in_the_json_and_the_text(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "trace", "posterior fossa dura", "--json")
    steps = {(s["source"], s["target"]): s for route in json.loads(out)["route_steps"] for s in route}
    assert steps["upper_cervical_dura", "greater_occipital_nerve"]["weak"]
    assert not steps["upper_cervical_dura", "c2_sinuvertebral_nerve"]["weak"]
    _, text, _ = run(capsys, "trace", "posterior fossa dura")
    gon = [line for line in text.splitlines() if "─ Greater occipital nerve" in line]
    assert gon and all("unverified" in line and "weak" in line for line in gon)
    sinu = [line for line in text.splitlines() if "─ C2 sinuvertebral nerve" in line]
    assert sinu and not any("weak" in line for line in sinu)


@pytest.mark.parametrize("name", ["VA", "ICA"])
def test_a_torn_artery_is_marked_urgent_in_trace_text_and_json(capsys: pytest.CaptureFixture[str],
                                                                kb: KnowledgeBase, name: str) -> None:
    assert kb.safety is not None and kb.wording is not None
    action = kb.safety.actions[Action.EMERGENCY].clinical
    _, text, _ = run(capsys, "trace", name)
    headline = text.splitlines()[:3]
    assert any(kb.wording.ui["urgent.label"].clinical in line and action in line and "dissection" in line
               for line in headline)
    _, out, _ = run(capsys, "trace", name, "--json")
    data = json.loads(out)
    urgent = data["node"]["urgent"]
    assert urgent["action"] == "emergency" and "dissection" in urgent["text"] and urgent["do"] == action
    assert data["felt_in"] and all(i["urgent"] == urgent for i in data["felt_in"])


def test_sources_neck_never_lists_the_vertebral_artery_without_its_urgent_marker(
        capsys: pytest.CaptureFixture[str], kb: KnowledgeBase) -> None:
    assert kb.wording is not None
    label = kb.wording.ui["urgent.label"].clinical
    _, text, _ = run(capsys, "sources", "neck")
    lines = [line for line in text.splitlines() if line.strip().startswith("Vertebral artery")]
    assert lines and all(label in line for line in lines)
    assert text.index("Vertebral artery") < text.index("Structures whose pain can be felt here")
    _, out, _ = run(capsys, "sources", "neck", "--json")
    items = {i["id"]: i for i in json.loads(out)["sources"]}
    assert items["vertebral_artery"]["urgent"]["sign"] == "torn-neck-artery"
    assert items["upper_trapezius"]["urgent"] is None


@pytest.mark.parametrize("name", ["GON", "C2-C3 facet joint", "V1", "supratentorial dura", "C3-4 facet joint"])
def test_no_prediction_in_the_json_carries_a_confidence_tag(capsys: pytest.CaptureFixture[str], name: str) -> None:
    _, out, _ = run(capsys, "trace", name, "--json")
    predicted = [i for i in json.loads(out)["felt_in"] if i["basis"] == "predicted"]
    assert predicted
    assert all(i["confidence"] is None and i["evidence_kind"] is None and i["meeting"] for i in predicted)


def test_trace_v1_prints_a_branching_tree_ganglion_before_dorsal_horn(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "trace", "V1")
    tree = out.split("Routes to the cortex", 1)[1].split("Fed by:", 1)[0]
    assert code == 0
    assert tree.index("Trigeminal ganglion") < tree.index("Spinal trigeminal tract") < tree.index("C2 dorsal horn")
    assert "├─" in tree and "└─" in tree  # branches, not one chain
    steps = [line.split("[")[0].strip(" │├└─") for line in tree.splitlines()]
    assert "Trigeminocervical complex" not in steps  # containment is not a step
    assert any("part of the Trigeminocervical complex" in line for line in tree.splitlines())
    felt = out.split("Where its pain is felt:", 1)[1]
    assert "Predicted by convergence" in felt and "confirmed" not in felt.split("Predicted by convergence", 1)[1]


def test_trace_tells_what_a_confusable_name_means(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "trace", "Arnold's tentorial nerve")
    assert "auricular branch of the vagus" in out.splitlines()[1]


def test_sources_occipital_json_lists_upper_cervical_joints(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sources", "occipital", "--json")
    data = json.loads(out)
    assert code == 0 and data["region"]["id"] == "occipital_region"
    ids = {s["id"] for s in data["sources"]}
    assert {"c1_c2_joint", "c2_c3_facet_joint"} <= ids
    assert all(set(s) >= REFERRAL_KEYS for s in data["sources"])


@pytest.mark.parametrize("name", ["occipitial", "nonsense-structure", "<b>x</b>"])
def test_unknown_name_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = run(capsys, "trace", name)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_sources_of_a_non_region_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "sources", "GON")
    assert code == 2 and "not a region" in err


def test_export_graphml_reads_back_identical(tmp_path: Path, G: nx.DiGraph, kb: KnowledgeBase, capsys) -> None:
    path = tmp_path / "graph.graphml"
    assert run(capsys, "export", "--format", "graphml", "-o", str(path))[0] == 0
    back = nx.read_graphml(path)
    expected = flat_graph(with_urgency(G, kb.safety))
    # read_graphml adds empty node_default/edge_default graph attributes; nodes and edges are identical.
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(back.edges(data=True)) == sorted(expected.edges(data=True))


def test_export_node_link_round_trips(G: nx.DiGraph, kb: KnowledgeBase, capsys) -> None:
    code, out, _ = run(capsys, "export", "--format", "node-link")
    back = nx.node_link_graph(json.loads(out), edges="edges")
    assert code == 0
    assert dict(back.nodes(data=True)) == dict(with_urgency(G, kb.safety).nodes(data=True))
    assert sorted(back.edges(data=True)) == sorted(G.edges(data=True))


@pytest.mark.parametrize("fmt", ["node-link", "graphml", "csv"])
def test_every_export_says_a_torn_artery_is_an_emergency(capsys, fmt: str) -> None:
    _, out, _ = run(capsys, "export", "--format", fmt)
    if fmt == "csv":
        rows = [r for r in csv.DictReader(io.StringIO(out)) if r["source"] == "vertebral_artery"]
        assert rows and all("dissection" in r["source_urgent"] for r in rows)
        assert not any(r["source_urgent"] for r in csv.DictReader(io.StringIO(out)) if r["source"] == "c2_c3_disc")
        return
    graph = (nx.node_link_graph(json.loads(out), edges="edges") if fmt == "node-link"
             else nx.read_graphml(io.BytesIO(out.encode())))
    for artery in ("vertebral_artery", "internal_carotid_artery"):
        assert graph.nodes[artery]["urgent_action"] == "emergency"
        assert "dissection" in graph.nodes[artery]["urgent_text"]
    assert "urgent_text" not in graph.nodes["c2_c3_disc"]


def test_export_csv_has_every_edge_with_citations(G: nx.DiGraph, capsys) -> None:
    code, out, _ = run(capsys, "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == G.number_of_edges()
    assert all(r["citations"] and r["confidence"] and r["evidence_kind"] for r in rows)
    assert any(r["n"] for r in rows) and any(r["fibres"] == "V1" for r in rows)


def test_text_patient_prints_only_plain_texts(capsys, kb) -> None:
    code, out, _ = run(capsys, "text", "--audience", "patient")
    assert code == 0
    assert kb.nodes["greater_occipital_nerve"].plain in out
    assert kb.nodes["greater_occipital_nerve"].clinical not in out


def test_output_cut_short_by_head_ends_quietly() -> None:
    cmd = f"{sys.executable} -m explorer trace V1 | head -n 1"
    result = subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=Path(__file__).parent.parent,
                            check=False)
    assert result.stdout.startswith("Ophthalmic nerve") and "Traceback" not in result.stderr


def test_module_runs_as_a_script() -> None:
    result = subprocess.run([sys.executable, "-m", "explorer", "trace", "TON"], capture_output=True, text=True,
                            cwd=Path(__file__).parent.parent, check=False)
    assert result.returncode == 0 and "Third occipital nerve" in result.stdout
