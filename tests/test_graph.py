"""Name resolution, tracing, and observed vs predicted referral on the real graph and on a tiny one."""

from __future__ import annotations

import networkx as nx
import pytest

from explorer.graph import (
    AmbiguousName,
    UnknownName,
    felt_in,
    highlight_set,
    resolve,
    search,
    sources,
    trace,
)


@pytest.mark.parametrize(
    ("name", "node"),
    [
        ("greater occipital nerve", "greater_occipital_nerve"),
        ("GON", "greater_occipital_nerve"),
        ("Arnold's nerve", "greater_occipital_nerve"),
        ("ARNOLDS NERVE", "greater_occipital_nerve"),
        ("TON", "third_occipital_nerve"),
        ("z-joint", "c2_c3_facet_joint"),
        ("C2–C3 facet joint", "c2_c3_facet_joint"),
        ("c2-c3 facet joint", "c2_c3_facet_joint"),
        ("atlanto-axial joint", "c1_c2_joint"),
        ("Atlantoaxial joint", "c1_c2_joint"),
        ("occipital", "occipital_region"),
        ("forehead", "frontal_region"),
        ("trigeminocervical complex", "trigeminocervical_nucleus"),
        ("c2_drg", "c2_drg"),
    ],
)
def test_resolve_accepts_ids_labels_synonyms_and_abbreviations(G: nx.DiGraph, name: str, node: str) -> None:
    assert resolve(G, name) == node


def test_unknown_name_suggests_close_matches(G: nx.DiGraph) -> None:
    with pytest.raises(UnknownName) as info:
        resolve(G, "occipitial")
    assert "occipital_region" in info.value.suggestions
    assert "Did you mean" in str(info.value)


def test_ambiguous_name_lists_candidates() -> None:
    H = nx.DiGraph()
    H.add_node("a", label="Alpha", kind="nerve", synonyms=["shared"])
    H.add_node("b", label="Beta", kind="nerve", synonyms=["Shared"])
    with pytest.raises(AmbiguousName) as info:
        resolve(H, "shared")
    assert info.value.candidates == ["a", "b"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("occipitial", "occipital_region"),
        ("greater occipitial nerve", "greater_occipital_nerve"),
        ("lesser ocipital", "lesser_occipital_nerve"),
        ("GON", "greater_occipital_nerve"),
        ("arnold", "greater_occipital_nerve"),
        ("atlantoaxial", "c1_c2_joint"),
        ("zygapophyseal", "c2_c3_facet_joint"),
    ],
)
def test_search_tolerates_typos_and_partial_names(G: nx.DiGraph, text: str, expected: str) -> None:
    assert expected in [m.node_id for m in search(G, text, limit=5)]


@pytest.mark.parametrize("text", ["", "   ", "<script>alert(1)</script>", "x" * 10_000, "💥🧠"])
def test_search_survives_odd_text(G: nx.DiGraph, text: str) -> None:
    assert isinstance(search(G, text), list)


def test_trace_reaches_cortex_through_the_hub(G: nx.DiGraph) -> None:
    t = trace(G, "greater_occipital_nerve")
    assert t.downstream.index("c2_dorsal_horn") < t.downstream.index("trigeminocervical_nucleus")
    assert G.nodes[t.downstream[-1]]["kind"] == "cortex"
    assert "semispinalis_capitis" in t.upstream  # the muscle it supplies feeds into it


def test_gon_pain_is_felt_in_the_forehead_with_evidence(G: nx.DiGraph) -> None:
    frontal = next(r for r in felt_in(G, "greater_occipital_nerve") if r.region == "frontal_region")
    assert frontal.basis == "observed"
    assert {"Piovesan2001", "BovimSand1992"} <= set(frontal.references)


def test_predicted_regions_share_a_convergence_station(G: nx.DiGraph) -> None:
    """The C2-C3 disc has no mapped referral, so every region listed for it is a prediction."""
    felt = felt_in(G, "c2_c3_disc")
    assert felt and all(r.basis == "predicted" for r in felt)
    for r in felt:
        assert r.via, r
        for station in r.via:
            assert G.nodes[station]["convergence_station"]
            assert station in trace(G, "c2_c3_disc").downstream
            assert station in trace(G, r.region).downstream


def test_prediction_is_no_stronger_than_its_weakest_link(G: nx.DiGraph) -> None:
    # Splenius capitis reaches the dorsal horn only through unverified edges.
    assert all(r.confidence.value == "unverified" for r in felt_in(G, "splenius_capitis") if r.basis == "predicted")


def test_observed_region_is_not_listed_again_as_predicted(G: nx.DiGraph) -> None:
    regions = [r.region for r in felt_in(G, "c1_c2_joint")]
    assert len(regions) == len(set(regions))


def test_sources_of_occipital_include_the_upper_cervical_joints(G: nx.DiGraph) -> None:
    found = {r.source: r for r in sources(G, "occipital_region")}
    assert found["c1_c2_joint"].basis == "observed"
    assert found["c2_c3_facet_joint"].basis == "observed"


def test_sources_and_felt_in_agree(G: nx.DiGraph) -> None:
    for region in [n for n, d in G.nodes(data=True) if d["kind"] == "region"]:
        for r in sources(G, region):
            if G.nodes[r.source]["kind"] == "structure":
                assert region in {f.region for f in felt_in(G, r.source)}, (r.source, region)


def test_sources_rejects_a_non_region(G: nx.DiGraph) -> None:
    with pytest.raises(ValueError, match="not a region"):
        sources(G, "c1_c2_joint")


def test_unknown_node_raises_networkx_error(G: nx.DiGraph) -> None:
    with pytest.raises(nx.NodeNotFound):
        trace(G, "no_such_node")


def test_highlight_of_a_region_lights_its_sources(G: nx.DiGraph) -> None:
    lit = highlight_set(G, ["occipital_region"])
    assert {"c1_c2_joint", "greater_occipital_nerve", "trigeminocervical_nucleus"} <= lit
    assert "jaw_region" not in lit


def test_tiny_graph_prediction_by_construction() -> None:
    """A tissue and a skin region feeding the same flagged station: the region is predicted."""
    H = nx.DiGraph()
    H.add_node("joint", label="Joint", kind="structure")
    H.add_node("skin", label="Skin", kind="region")
    H.add_node("other_skin", label="Other", kind="region")
    H.add_node("n1", label="N1", kind="nerve")
    H.add_node("n2", label="N2", kind="nerve")
    H.add_node("n3", label="N3", kind="nerve")
    H.add_node("dh", label="DH", kind="station", convergence_station=True)
    H.add_node("dh2", label="DH2", kind="station", convergence_station=True)
    for u, v in [("joint", "n1"), ("n1", "dh"), ("skin", "n2"), ("n2", "dh"), ("other_skin", "n3"), ("n3", "dh2")]:
        kind = "skin_territory_of" if u.endswith("skin") else ("supplied_by" if u == "joint" else "enters")
        H.add_edge(u, v, kind=kind, confidence="confirmed-from-source", references=["K"])
    felt = felt_in(H, "joint")
    assert [(r.region, r.basis, r.via) for r in felt] == [("skin", "predicted", ("dh",))]
