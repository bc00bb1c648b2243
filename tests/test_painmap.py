"""The pain map: every region can be chosen, markers carry region ids, and sources combine correctly."""

from __future__ import annotations

import networkx as nx
import plotly.graph_objects as go
import pytest

from explorer.graph import sources
from explorer.painmap import (
    REGION_POSITIONS,
    VIEWS,
    pain_map_figure,
    region_ids,
    source_rows,
    sources_for_regions,
    toggle,
)
from tests.apptest import open_page


def _marker_traces(fig: go.Figure) -> list[go.Scatter]:
    return [t for t in fig.data if t.customdata is not None]


def test_every_region_is_clickable_or_in_the_multiselect(G: nx.DiGraph) -> None:
    regions = {n for n, d in G.nodes(data=True) if d["kind"] == "region"}
    assert set(region_ids(G)) == regions  # the multiselect's options
    clickable = {c for t in _marker_traces(pain_map_figure(G, [])) for c in t.customdata}
    assert clickable <= regions
    # Every region is either drawn on the map or (at least) offered by the multiselect.
    assert clickable | set(region_ids(G)) == regions
    missing = regions - clickable
    assert missing == regions - set(REGION_POSITIONS)


def test_positions_refer_to_regions_and_views(G: nx.DiGraph) -> None:
    for region, places in REGION_POSITIONS.items():
        assert region in G and G.nodes[region]["kind"] == "region", region
        assert places
        assert all(view in VIEWS for view, _, _ in places)


def test_figure_customdata_are_region_ids_and_chosen_ones_stand_out(G: nx.DiGraph) -> None:
    fig = pain_map_figure(G, ["frontal_region"])
    traces = _marker_traces(fig)
    assert traces
    for t in traces:
        assert all(G.nodes[c]["kind"] == "region" for c in t.customdata)
    chosen = [t for t in traces if "frontal_region" in t.customdata]
    assert len(chosen) == 1
    [star] = chosen
    assert set(star.customdata) == {"frontal_region"}
    others = [t for t in traces if t is not star]
    # marked by shape, size and label, not by colour alone
    assert all(star.marker.symbol != o.marker.symbol and star.marker.size > o.marker.size for o in others)
    assert all("✔" in text for text in star.text)
    assert not any("frontal_region" in o.customdata for o in others)


def test_figure_is_deterministic(G: nx.DiGraph) -> None:
    assert pain_map_figure(G, ["occipital_region"]).to_json() == pain_map_figure(G, ["occipital_region"]).to_json()


def test_forehead_and_back_of_head_sources(G: nx.DiGraph) -> None:
    grouped = dict(sources_for_regions(G, ["frontal_region", "occipital_region"]))
    assert {"c2_c3_facet_joint", "greater_occipital_nerve"} <= set(grouped)
    assert [r.region for r in grouped["c2_c3_facet_joint"]] == ["frontal_region", "occipital_region"]


def test_sources_for_regions_is_the_union_of_sources(G: nx.DiGraph) -> None:
    regions = ["frontal_region", "occipital_region", "neck_region"]
    grouped = sources_for_regions(G, regions)
    expected: dict[str, dict[str, str]] = {}
    for region in regions:
        for r in sources(G, region):
            expected.setdefault(r.source, {})[region] = r.basis
    assert {s: {r.region: r.basis for r in refs} for s, refs in grouped} == expected
    assert len(grouped) == len({s for s, _ in grouped})
    assert sources_for_regions(G, []) == []
    assert dict(sources_for_regions(G, ["frontal_region", "frontal_region"])) == dict(
        sources_for_regions(G, ["frontal_region"]))


@pytest.mark.parametrize("plain", [False, True])
def test_source_rows_in_the_readers_language(G: nx.DiGraph, plain: bool) -> None:
    rows = source_rows(G, sources_for_regions(G, ["frontal_region"]), plain=plain)
    gon = next(r for r in rows if r["Structure"] == G.nodes["greater_occipital_nerve"]["label"])
    assert (gon.get("What it is") == G.nodes["greater_occipital_nerve"]["plain"]) is plain
    assert gon["Basis"] == "observed" and gon["References"]


def test_toggle_adds_and_removes() -> None:
    assert toggle([], ["frontal_region"]) == ["frontal_region"]
    assert toggle(["frontal_region", "occipital_region"], ["frontal_region"]) == ["occipital_region"]
    assert toggle(["occipital_region"], ["frontal_region", "occipital_region"]) == ["frontal_region"]
    assert toggle(["occipital_region"], []) == ["occipital_region"]


# --- the page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["patient", "student", "clinician"])
def test_page_shows_safety_first_and_lists_sources(G: nx.DiGraph, audience: str) -> None:
    at = open_page("where_does_it_hurt", audience=audience)
    assert at.info and at.expander  # disclaimer and red flags come before anything else
    assert not at.table
    at.multiselect(key="painmap_select").set_value(["frontal_region", "occipital_region"]).run()
    assert not at.exception
    assert at.session_state["painmap_regions"] == ["frontal_region", "occipital_region"]
    table = at.table[0].value
    names = set(table["Structure"])
    assert {G.nodes["c2_c3_facet_joint"]["label"], G.nodes["greater_occipital_nerve"]["label"]} <= names
    assert ("What it is" in table.columns) is (audience == "patient")
