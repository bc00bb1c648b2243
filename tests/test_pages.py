"""Every page runs under AppTest, and each page's interactive element does what it says."""

from __future__ import annotations

import pytest

from explorer.load import KnowledgeBase
from explorer.text import BASIS_LEGEND
from tests.apptest import open_page, texts

PAGES = ["home", "what_is_cgh", "explorer", "presentation", "migraine_overlap", "diagnosis", "treatment",
         "coexisting", "blind_spot", "where_does_it_hurt", "self_test", "glossary", "tours", "references"]


def widget(kb: KnowledgeBase, page_id: str, kind: str) -> tuple[object, str]:
    """The first widget of `kind` on a page, and the Streamlit key its renderer gives it."""
    page = kb.pages[page_id]
    index, found = next((i, w) for i, w in enumerate(page.widgets) if w.type == kind)
    return found, f"{page_id}_{index}"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("audience", ["patient", "student", "clinician"])
def test_every_page_runs_in_every_audience(page: str, audience: str) -> None:
    at = open_page(page, audience=audience)
    assert at.title, "page has no title"


def test_explorer_default_shows_whole_graph() -> None:
    at = open_page("explorer")
    assert at.selectbox(key="explorer_select").value is None
    assert "Click a node" in texts(at)


def test_explorer_node_param_opens_details() -> None:
    at = open_page("explorer", node="GON")
    assert [h.value for h in at.header] == ["Greater occipital nerve"]
    assert "Where its pain is felt" in [s.value for s in at.subheader]
    assert at.query_params["node"] == "greater_occipital_nerve"


def test_explorer_unknown_node_is_friendly() -> None:
    at = open_page("explorer", node="<b>not-a-node</b>")
    assert at.warning and "do not know" in at.warning[0].value
    assert not at.header
    # the raw input is shown as plain text only, never as markdown/HTML
    assert all("<b>" not in m.value for m in at.markdown)


def test_explorer_select_box_changes_the_details_and_url() -> None:
    at = open_page("explorer", node="GON")
    at.selectbox(key="explorer_select").set_value("c1_c2_joint").run()
    assert [h.value for h in at.header] == ["C1–C2 lateral atlanto-axial joint"]
    assert at.query_params["node"] == "c1_c2_joint"


def test_explorer_region_lists_its_sources() -> None:
    at = open_page("explorer", node="occipital")
    assert "Which structures can send pain here" in [s.value for s in at.subheader]


def test_patient_mode_shows_plain_text(kb: KnowledgeBase) -> None:
    at = open_page("explorer", node="GON", audience="patient")
    body = texts(at)
    assert kb.nodes["greater_occipital_nerve"].plain in body
    assert kb.nodes["greater_occipital_nerve"].clinical not in body
    assert BASIS_LEGEND[1] in body and BASIS_LEGEND[0] not in body  # "seen in studies", not jargon


def test_home_choice_sets_the_audience(kb: KnowledgeBase) -> None:
    at = open_page("home")
    at.get("button_group")[0].set_value("patient").run()  # st.pills
    assert kb.pages["home"].summary.plain in texts(at)
    assert at.query_params["audience"] == "patient"


def test_prevalence_radio_switches_study(kb: KnowledgeBase) -> None:
    at = open_page("what_is_cgh")
    w, key = widget(kb, "what-is-cgh", "prevalence")
    last = w.studies[-1]
    at.radio(key=key).set_value(last.id).run()
    assert any(m.label == last.label for m in at.metric)


def test_feature_checklist_marks_criteria(kb: KnowledgeBase) -> None:
    at = open_page("presentation")
    w, key = widget(kb, "presentation", "feature_checklist")
    feature = next(f for f in w.features if f.criteria)
    assert "✅" not in texts(at)
    at.multiselect(key=key).set_value([feature.id]).run()
    body = texts(at)
    code = next(c.code for c in w.criteria if c.id == feature.criteria[0])
    assert f"✅ **{code}**" in body


@pytest.mark.parametrize(
    ("page", "page_id", "kind", "items", "pick"),
    [
        ("migraine_overlap", "migraine-overlap", "routes", "routes", 1),
        ("treatment", "treatment", "treatment_tiers", "tiers", 2),
        ("coexisting", "coexisting", "flow", "steps", -1),
    ],
)
def test_choosing_an_item_shows_its_text(
    kb: KnowledgeBase, page: str, page_id: str, kind: str, items: str, pick: int
) -> None:
    at = open_page(page)
    w, key = widget(kb, page_id, kind)
    item = getattr(w, items)[pick]
    assert item.clinical not in texts(at)
    at.radio(key=key).set_value(item.id).run()
    assert item.clinical in texts(at)


def test_diagnosis_vignette_check_gives_feedback(kb: KnowledgeBase) -> None:
    at = open_page("diagnosis")
    w, key = widget(kb, "diagnosis", "criterion_c_vignettes")
    vignette = w.vignettes[0]
    at.multiselect(key=f"{key}_picked_{vignette.id}").set_value(list(vignette.present)).run()
    at.button(key=f"{key}_check_{vignette.id}").click().run()
    assert at.success and "Right" in at.success[0].value


def test_frt_slider_compares_with_cutoffs(kb: KnowledgeBase) -> None:
    at = open_page("diagnosis")
    _, key = widget(kb, "diagnosis", "frt")
    at.slider(key=key).set_value(20).run()
    assert "20° is below" in texts(at)
    at.slider(key=key).set_value(50).run()
    assert "50° is at or above" in texts(at)


def test_block_explainer_shows_the_chosen_block(kb: KnowledgeBase) -> None:
    at = open_page("diagnosis")
    w, key = widget(kb, "diagnosis", "block_explainer")
    block = w.blocks[-1]
    at.selectbox(key=key).set_value(block.id).run()
    assert block.clinical in texts(at)


def test_assessment_checklist_counts_progress(kb: KnowledgeBase) -> None:
    at = open_page("blind_spot")
    w, key = widget(kb, "blind-spot", "blind_spot")
    assert "0 of" in at.get("progress")[0].proto.text
    at.checkbox(key=f"{key}_{w.assessment[0].id}").check().run()
    assert "1 of" in at.get("progress")[0].proto.text


def test_references_search_filters() -> None:
    at = open_page("references")
    at.text_input(key="references_query").input("Piovesan").run()
    assert "2 of" in texts(at)
    at.text_input(key="references_query").input("<script>zz</script>").run()
    assert "No reference matches" in texts(at)


def test_flow_diagram_has_every_step_and_link(kb: KnowledgeBase) -> None:
    from explorer.sections import flow_dot

    w, _ = widget(kb, "coexisting", "flow")
    dot = flow_dot(w)
    assert all(f'"{s.id}" [label=' in dot for s in w.steps)
    assert dot.count("->") == sum(len(s.next) for s in w.steps)
