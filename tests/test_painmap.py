"""Where does it hurt: the ranked sources of chosen regions, the short summary, the patient table, the page."""

from __future__ import annotations

import networkx as nx
import pytest

from explorer.graph import BASIS_ORDER, sources
from explorer.model import Basis, Confidence, EvidenceKind, KnowledgeBase, NodeKind
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
    seen_in_people = [any(r.basis is Basis.PEOPLE for r in refs) for _, refs in grouped]
    # Sources seen in people come first; then what animals showed, claims, and predictions, in that order.
    assert seen_in_people == sorted(seen_in_people, reverse=True) and seen_in_people[0] and not seen_in_people[-1]
    weakest = [min(BASIS_ORDER.index(r.basis) for r in refs) for _, refs in grouped if not any(
        r.basis is Basis.PEOPLE for r in refs)]
    assert weakest == sorted(weakest)
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


def test_the_map_says_the_shoulder_arm_and_lower_neck_are_out_of_its_scope(kb: KnowledgeBase, G: nx.DiGraph) -> None:
    # No source in our references reaches the shoulder and arm: the page says so rather than showing a blank.
    assert sources(G, "shoulder_arm_region") == []
    at = open_page("where_does_it_hurt", audience="clinician", where="shoulder_arm_region")
    assert kb.wording is not None and kb.wording.ui["map.out_of_scope"].clinical in texts(at)


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


# Strength of evidence in people, on the real content: controlled blocks in patients, then provocation,
# then a case series of patients, then palpation in patients, then textbook maps; animal findings,
# claims and predictions after everything seen in people.
RANKED = {
    "occipital_region": ["c2_c3_facet_joint", "c1_c2_joint", "upper_cervical_dura", "c0_c1_joint",
                         "vertebral_artery", "suboccipital_muscles"],
    "neck_region": ["c2_c3_facet_joint", "c3_c4_facet_joint", "c2_c3_disc", "vertebral_artery", "upper_trapezius",
                    "supratentorial_dura"],
    "frontal_region": ["greater_occipital_nerve", "supratentorial_dura", "internal_carotid_artery", "ophthalmic_nerve",
                       "sternocleidomastoid"],
}


def test_sources_are_ranked_by_strength_of_evidence_in_people(G: nx.DiGraph) -> None:
    for region, expected in RANKED.items():
        ranked = [r.source for r in sources(G, region)]
        assert ranked[: len(expected)] == expected, region
        # The map puts a source whose pain can be an emergency first; the rest keep the same order.
        mapped = [s for s, _ in sources_for_regions(G, [region]) if not G.nodes[s].get("urgent_sign")]
        assert mapped[: len(expected) - 1] == [s for s in expected if not G.nodes[s].get("urgent_sign")][
            : len(expected) - 1], region


def test_third_occipital_headache_outranks_tension_type_trigger_points_for_the_back_of_the_head(
    G: nx.DiGraph,
) -> None:
    refs = {r.source: r for r in sources(G, "occipital_region")}
    joint, muscles = refs["c2_c3_facet_joint"], refs["suboccipital_muscles"]
    assert (joint.evidence_kind, joint.n) == (EvidenceKind.HUMAN_BLOCKS, 100)
    assert muscles.evidence_kind is EvidenceKind.CLINICAL_PALPATION
    assert joint.strength < muscles.strength
    # The short summary a patient sees names the joint before the muscles.
    likely = [item.source for item in summary(G, sources_for_regions(G, ["occipital_region"]))]
    assert likely.index("c2_c3_facet_joint") < likely.index("suboccipital_muscles")


def test_a_dissection_series_is_not_labelled_a_block_study(G: nx.DiGraph) -> None:
    for region in ("neck_region", "occipital_region"):
        artery = next(r for r in sources(G, region) if r.source == "vertebral_artery")
        assert artery.evidence_kind is EvidenceKind.PATIENT_SERIES
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
    # Patients read the everyday name first (the textbook name follows in brackets, lower-cased).
    name = G.nodes["vertebral_artery"]["plain_label"]
    assert any(name in m and kb.safety.actions[sign.action].plain in m for m in marked)


@pytest.mark.parametrize("chosen", [["frontal_region", "occipital_region", "suboccipital_region"],
                                    ["frontal_region", "occipital_region", "neck_region", "temporal_region"]])
def test_the_short_list_names_a_source_for_every_chosen_place(G: nx.DiGraph, chosen: list[str]) -> None:
    grouped = sources_for_regions(G, chosen)
    likely = summary(G, grouped)
    shown_somewhere = {r.region for _, refs in grouped for r in refs
                       if r.basis is Basis.PEOPLE and r.confidence is not None and r.confidence.confirmed}
    assert shown_somewhere <= {region for item in likely for region in item.regions}
    assert "frontal_region" in shown_somewhere  # the case the walk found dropped
