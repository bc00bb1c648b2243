"""Where does it hurt: the ranked sources of chosen regions, the short summary, the patient table, the page."""

from __future__ import annotations

import networkx as nx

from explorer.model import Basis, Confidence, KnowledgeBase, NodeKind
from explorer.painmap import region_ids, source_rows, sources_for_regions, summary, toggle
from tests.apptest import open_page, texts


def test_every_region_is_offered(G: nx.DiGraph) -> None:
    assert set(region_ids(G)) == {n for n in G if G.nodes[n]["kind"] == "region"}


def test_toggle_adds_and_removes_in_order() -> None:
    assert toggle([], ["a"]) == ["a"]
    assert toggle(["a", "b"], ["a"]) == ["b"]
    assert toggle(["b"], ["c", "b"]) == ["c"]


def test_sources_of_two_regions_put_what_is_shown_in_people_first(G: nx.DiGraph) -> None:
    grouped = sources_for_regions(G, ["frontal_region", "occipital_region"])
    first_prediction = next(i for i, (_, refs) in enumerate(grouped) if all(r.basis is Basis.PREDICTED for r in refs))
    assert all(any(r.basis is Basis.PEOPLE for r in refs) for _, refs in grouped[:first_prediction])
    assert len({s for s, _ in grouped}) == len(grouped)


def test_summary_names_a_few_tissues_each_shown_in_people_with_a_confirmed_tag(G: nx.DiGraph) -> None:
    grouped = sources_for_regions(G, ["frontal_region", "occipital_region"])
    likely = summary(G, grouped)
    assert 1 <= len(likely) <= 4 < len(grouped)
    for item in likely:
        assert G.nodes[item.source]["kind"] == NodeKind.STRUCTURE.value
        assert item.best.basis is Basis.PEOPLE
        assert item.best.confidence in (Confidence.CONFIRMED, Confidence.SECONDARY)


def test_patient_rows_carry_no_citation_keys_or_raw_tags(G: nx.DiGraph, kb: KnowledgeBase) -> None:
    assert kb.wording is not None
    grouped = sources_for_regions(G, ["occipital_region"])
    plain = source_rows(G, grouped, kb.wording, plain=True)
    clinical = source_rows(G, grouped, kb.wording, plain=False)
    assert plain and "References" not in plain[0] and "References" in clinical[0]
    text = str(plain)
    assert "confirmed-from-source" not in text and "Lord1994" not in text


def test_the_page_shows_the_summary_for_places_in_the_link(kb: KnowledgeBase) -> None:
    at = open_page("where_does_it_hurt", audience="patient", where="frontal_region,occipital_region")
    assert at.query_params["where"] == "frontal_region,occipital_region"
    assert any("What studies in people found" in s.value for s in at.subheader)
    body = texts(at)
    assert kb.wording is not None and kb.wording.ui["map.caution"].plain in body
    assert at.multiselect(key="painmap_select").value == ["frontal_region", "occipital_region"]


def test_the_page_without_a_choice_asks_for_one() -> None:
    at = open_page("where_does_it_hurt", audience="student", where="<b>nowhere</b>")
    assert at.info and not at.subheader
    assert "where" not in at.query_params


def test_a_place_an_artery_tear_can_hurt_shows_that_urgent_sign_not_a_likely_source(kb: KnowledgeBase) -> None:
    assert kb.safety is not None
    sign = next(s for s in kb.safety.urgent_signs if s.id == kb.nodes["vertebral_artery"].urgent_sign)
    at = open_page("where_does_it_hurt", audience="patient", where="occipital_region")
    assert sign.plain in [e.value for e in at.error]
    likely = [m.value for m in at.markdown if m.value.startswith("**")]
    assert not any(kb.nodes["vertebral_artery"].label in line for line in likely)


def test_the_link_follows_the_list_and_loses_where_when_nothing_is_chosen() -> None:
    at = open_page("where_does_it_hurt", audience="student", where="frontal_region")
    at.multiselect(key="painmap_select").set_value(["frontal_region", "occipital_region"]).run()
    assert at.query_params["where"] == "frontal_region,occipital_region"
    at.multiselect(key="painmap_select").set_value([]).run()
    assert "where" not in at.query_params  # removed, not left as an empty `?where=`
    assert at.info  # and the page asks for a choice again


def test_a_source_whose_pain_can_be_an_emergency_comes_first_and_is_marked(G: nx.DiGraph, kb: KnowledgeBase) -> None:
    assert kb.wording is not None and kb.safety is not None
    grouped = sources_for_regions(G, ["neck_region", "occipital_region"])
    urgent = [s for s, _ in grouped if G.nodes[s].get("urgent_sign")]
    assert urgent and [s for s, _ in grouped[: len(urgent)]] == urgent
    rows = source_rows(G, grouped, kb.wording, plain=True, safety=kb.safety)
    label = kb.wording.ui["urgent.label"].plain
    marked = [r["Structure"] for r in rows if label in r["Structure"]]
    assert marked == [r["Structure"] for r in rows[: len(urgent)]]
    sign = next(s for s in kb.safety.urgent_signs if s.id == G.nodes["vertebral_artery"]["urgent_sign"])
    assert any(G.nodes["vertebral_artery"]["label"] in m and kb.safety.actions[sign.action].plain in m for m in marked)
