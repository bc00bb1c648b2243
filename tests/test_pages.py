"""Every page runs under AppTest in every reading level, and each interactive element does what it says."""

from __future__ import annotations

import networkx as nx
import pytest
from streamlit.testing.v1 import AppTest

from explorer.exercises import flow_dot
from explorer.graph import name_note
from explorer.load import load_knowledge_base
from explorer.model import KnowledgeBase, Titled
from explorer.refs import reference_links
from tests.apptest import open_menu, open_page, texts, ui_stem, ui_text

_KB = load_knowledge_base()
assert _KB.navigation is not None
# The page list drives the tests too: a page added to data/navigation.yaml is tested here at once.
PAGES = [entry.url_path for entry in _KB.navigation.pages]


def widget(kb: KnowledgeBase, page_id: str, kind: str) -> tuple[object, str]:
    """The first widget of `kind` on a page, and the Streamlit key its renderer gives it."""
    page = kb.pages[page_id]
    index, found = next((i, w) for i, w in enumerate(page.widgets) if w.type == kind)
    return found, f"{page_id}_{index}"


def _in_order(node: object) -> list[object]:
    """Every element and block below `node`, in the order the page shows them."""
    out: list[object] = []
    for child in getattr(node, "children", {}).values():
        out.append(child)
        out.extend(_in_order(child))
    return out


def _urgent_line(at: AppTest) -> object | None:
    return next((b for b in _in_order(at.main) if getattr(b, "key", None) == "urgent_line"), None)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("audience", ["patient", "student", "clinician"])
def test_every_page_runs_in_every_audience_with_the_urgent_line_on_top(page: str, audience: str) -> None:
    # One run per page and reading level serves both checks: the machine is shared, AppTest runs are not cheap.
    at = open_page(page, audience=audience)
    assert at.title, "page has no title"
    assert _KB.safety is not None
    line = _urgent_line(at)
    assert line is not None, "no urgent line on this page"
    assert next(iter(at.main.children.values())) is line  # above the title, where a phone shows it first
    words = _KB.safety.short_line.at(plain=audience == "patient")
    # One row unless the page opens the full list at once: then the sentence itself is the list's toggle.
    shown = [m.value for m in line.markdown[:1]] + [e.proto.label for e in line.expander[:1]]  # type: ignore[attr-defined]
    assert any(words in text for text in shown)


@pytest.mark.parametrize("page", ["tours", "explorer"])
def test_the_urgent_line_stays_in_presentation_mode_in_one_row(page: str) -> None:
    assert _KB.safety is not None
    at = open_page(page, view="present")
    line = _urgent_line(at)
    assert line is not None
    # On a projector the sentence itself opens the full list, so a tour step still fits 1080 px.
    only = list(line.children.values())  # type: ignore[attr-defined]
    assert len(only) == 1 and only[0] is line.expander[0]  # type: ignore[attr-defined]
    assert _KB.safety.short_line.clinical in line.expander[0].proto.label  # type: ignore[attr-defined]


@pytest.mark.parametrize("flagged", [False, True])
def test_the_full_list_starts_open_only_on_a_page_flagged_safety(
    monkeypatch: pytest.MonkeyPatch, flagged: bool
) -> None:
    import dataclasses

    from explorer.ui import frame

    assert _KB.navigation is not None
    groups = [g.model_copy(update={"pages": [p.model_copy(update={"safety": p.id == "glossary" and flagged})
                                             for p in g.pages]}) for g in _KB.navigation.groups]
    nav = _KB.navigation.model_copy(update={"groups": groups})
    monkeypatch.setattr(frame, "load_knowledge_base", lambda: dataclasses.replace(_KB, navigation=nav))
    frame._load.clear()  # type: ignore[attr-defined]
    try:
        line = _urgent_line(open_page("glossary"))
        assert line is not None
        assert line.expander[0].proto.expanded is flagged  # type: ignore[attr-defined]
    finally:
        frame._load.clear()  # type: ignore[attr-defined]


@pytest.mark.parametrize("plain", [True, False])
def test_every_warning_sign_is_listed_once_with_its_action_and_emergencies_first(plain: bool) -> None:
    from explorer.model import Action

    assert _KB.safety is not None
    listed = _KB.safety.listed(plain=plain)
    assert listed[0][0] is Action.EMERGENCY
    assert [a for a, _ in listed] == [a for a in Action if a in {a for a, _ in listed}]  # strongest first
    ids = [sign.id for _, signs in listed for sign in signs]
    assert len(ids) == len(set(ids))
    covered = {f.id for f in _KB.safety.red_flags if f.in_urgent_box}
    assert covered and not covered & set(ids)  # a sign already among the urgent ones is not repeated
    unseen = {f.id for f in _KB.safety.red_flags if not f.patient_visible and not f.in_urgent_box}
    assert unseen and (unseen.isdisjoint(ids) if plain else unseen <= set(ids))


def test_the_patient_list_on_a_page_shows_each_sign_with_its_action_and_no_clinicians_notes() -> None:
    assert _KB.safety is not None
    at = open_page("glossary", audience="patient")
    line = _urgent_line(at)
    assert line is not None
    shown = "\n".join(m.value for m in line.markdown)  # type: ignore[attr-defined]
    for action, signs in _KB.safety.listed(plain=True):
        head = shown.index(_KB.safety.actions[action].plain)
        assert all(shown.index(s.plain[:40]) > head for s in signs)
    notes = "\n".join(c.value for c in line.caption)  # type: ignore[attr-defined]
    assert _KB.safety.red_flags_note.clinical not in notes and _KB.safety.age_cutoff_note.plain not in notes


@pytest.mark.parametrize("entry", _KB.navigation.pages, ids=lambda e: e.id)
def test_the_page_title_is_the_one_in_the_menu(entry) -> None:  # type: ignore[no-untyped-def]
    at = open_page(entry.url_path, audience="student")
    assert at.title[0].value == _KB.page_title(entry.id)


def test_explorer_default_shows_whole_graph() -> None:
    at = open_page("explorer")
    assert at.selectbox(key="node_picker").value is None
    assert _KB.wording is not None and _KB.wording.ui["explorer.hint"].clinical in texts(at)


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_the_explorer_shows_its_sections_key_points_and_structure_lists(kb: KnowledgeBase, audience: str) -> None:
    plain = audience == "patient"
    page = kb.pages["explorer"]
    at = open_page("explorer", audience=audience)
    tab_labels = [t.label for t in at.tabs]
    titled = [w for w in page.widgets if isinstance(w, Titled)]
    assert titled
    for widget in titled:  # each in the reader's own words (a patient's tab has the plain title)
        assert widget.title_at(plain=plain) in tab_labels
    shown = [m.value for m in at.markdown]
    assert page.claims
    for c in page.claims:
        assert (c.plain if plain else c.clinical) in shown


def _details_section(at: AppTest, heading: str) -> str:
    """The part of the details under `#### heading`, up to the next such heading (the routes and where the
    pain is felt share one element; see panels._details)."""
    found = [m.value.split(f"#### {heading}\n", 1)[1].split("\n#### ", 1)[0]
             for m in at.markdown if f"#### {heading}\n" in m.value]
    assert len(found) == 1, f"{len(found)} sections headed {heading!r}"
    return found[0]


def test_explorer_node_param_opens_details(kb: KnowledgeBase) -> None:
    at = open_page("explorer", node="GON")
    assert "Greater occipital nerve" in [h.value for h in at.subheader]
    assert _details_section(at, ui_text(kb, "panels.felt_in")).strip()
    assert _details_section(at, ui_text(kb, "panels.routes")).strip()
    assert at.query_params["node"] == "greater_occipital_nerve"


def test_explorer_unknown_node_is_friendly() -> None:
    at = open_page("explorer", node="<b>not-a-node</b>")
    assert at.warning and "do not know" in at.warning[0].value
    assert all("<b>" not in m.value for m in at.markdown)  # the raw input only ever as plain text


def _details_asked_by_name(node: str, asked: str) -> None:
    """A script for AppTest: the details of `node`, opened by the name `asked`."""
    from explorer.ui import panels

    panels.node_details(node, asked=asked)


@pytest.mark.parametrize(("audience", "shown"), [("patient", False), ("student", True), ("clinician", True)])
def test_a_note_on_the_name_asked_for_is_for_clinicians_and_students_not_patients(
    G: nx.DiGraph, audience: str, shown: bool
) -> None:
    note = name_note(G, "ophthalmic_nerve", "Arnold's tentorial nerve")  # an eponym that means another nerve
    assert note
    at = AppTest.from_function(_details_asked_by_name, args=("ophthalmic_nerve", "Arnold's tentorial nerve"),
                               default_timeout=60)
    at.session_state["audience"] = audience
    at.run()
    assert not at.exception, at.exception
    assert (note in [i.value for i in at.info]) is shown
    assert (note in texts(at)) is shown  # nor anywhere else on a patient's page


def test_a_link_by_a_name_with_a_note_shows_that_note_in_the_explorer(G: nx.DiGraph) -> None:
    # The page rewrites ?node= to the id at once; the note must follow the name the link used.
    note = name_note(G, "ophthalmic_nerve", "Arnold's tentorial nerve")
    assert note
    at = open_page("explorer", node="Arnold's tentorial nerve", audience="clinician")
    assert at.query_params["node"] == "ophthalmic_nerve"
    assert note in [i.value for i in at.info]
    at.selectbox(key="node_picker").set_value("lesser_occipital_nerve").run()  # another node: no note
    assert note not in [i.value for i in at.info]


def test_a_structures_references_link_to_every_place_each_can_be_read(kb: KnowledgeBase) -> None:
    at = open_page("explorer", node="GON")
    cited = {m.value[2:].split("**")[0]: m.value for m in at.markdown if m.value[2:].split("**")[0] in kb.references}
    assert cited
    for key, line in cited.items():
        links = reference_links(kb.references[key])
        assert all(f"]({address})" in line for _, address in links), line
    # a reference read only on a web page (no DOI, no PMID) is linked too
    assert any(not kb.references[key].doi and not kb.references[key].pmid and "](" in line
               for key, line in cited.items())


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_the_export_buttons_speak_the_readers_language(kb: KnowledgeBase, audience: str) -> None:
    assert kb.wording is not None
    plain = audience == "patient"
    at = open_page("explorer", node="GON", audience=audience)
    closed = [d.proto.label for d in at.get("download_button")]
    assert kb.wording.ui["toolbar.view_png"].at(plain=plain) not in closed  # made only when the menu opens
    open_menu(at, "explorer_export_menu")
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels[:2] == [kb.wording.ui[key].at(plain=plain) for key in ("toolbar.view_png", "toolbar.view_svg")]
    assert kb.wording.ui["toolbar.whole_graph"].at(plain=plain).format(fmt="csv") in labels
    assert kb.wording.ui["toolbar.link"].at(plain=plain) in texts(at)


def test_explorer_select_box_changes_the_details_and_url() -> None:
    at = open_page("explorer", node="GON")
    at.selectbox(key="node_picker").set_value("c1_c2_joint").run()
    assert "C1–C2 lateral atlanto-axial joint" in [h.value for h in at.subheader]
    assert at.query_params["node"] == "c1_c2_joint"


def test_the_picker_finds_a_node_then_empties_and_whole_graph_goes_back(kb: KnowledgeBase) -> None:
    # A click on the graph reruns only the graph and details, so the box above them holds no choice: it
    # finds one. The way back to the whole graph is the button above the details.
    at = open_page("explorer")
    at.selectbox(key="node_picker").set_value("c1_c2_joint").run()
    assert "C1–C2 lateral atlanto-axial joint" in [h.value for h in at.subheader]
    assert at.selectbox(key="node_picker").value is None
    assert at.query_params["node"] == "c1_c2_joint"
    at.button(key="whole_graph").click().run()
    assert not at.exception, at.exception
    assert "node" not in at.query_params
    assert "C1–C2 lateral atlanto-axial joint" not in [h.value for h in at.subheader]
    assert ui_text(kb, "explorer.hint") in [i.value for i in at.info]


def test_explorer_region_lists_its_sources(kb: KnowledgeBase) -> None:
    at = open_page("explorer", node="occipital")
    assert "- **" in _details_section(at, ui_text(kb, "panels.sources_of_region"))


def test_a_region_with_many_sources_lists_some_and_says_how_many_more(kb: KnowledgeBase, G: nx.DiGraph,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from explorer.graph import sources
    from explorer.ui import frame, panels

    monkeypatch.setattr(panels, "_REFERRALS_SHOWN", 2)
    frame._load.clear()  # type: ignore[attr-defined]  # details are made once per content: make them again
    try:
        at = open_page("explorer", node="occipital_region", audience="clinician")
    finally:
        frame._load.clear()  # type: ignore[attr-defined]
    stem = ui_stem(kb, "panels.more_referrals")
    shown = more = 0
    section = _details_section(at, ui_text(kb, "panels.sources_of_region"))
    for block in section.split("\n\n:material/"):  # one list per kind of knowledge
        items = [line for line in block.splitlines() if line.startswith("- ")]  # a source, or "and N more"
        listed = [line for line in items if line.startswith("- **")]
        assert len(listed) <= 2, block
        shown += len(listed)
        more += sum(int(line.split(stem, 1)[1].split()[0]) for line in items if stem in line)
    assert more > 0 and shown + more == len(sources(G, "occipital_region"))


def test_a_prediction_is_shown_as_a_hypothesis_never_with_a_confirmed_tag(kb: KnowledgeBase) -> None:
    at = open_page("explorer", node="V1", audience="student")
    groups = _details_section(at, ui_text(kb, "panels.felt_in")).split("\n\n:material/")  # one per kind
    predicted = next(g for g in groups if ui_stem(kb, "panels.routes_meet") in g)
    for line in predicted.splitlines():
        if line.startswith("- "):
            assert "hypothesis" in line and "confirmed" not in line


def test_patient_mode_shows_plain_text(kb: KnowledgeBase) -> None:
    at = open_page("explorer", node="GON", audience="patient")
    body = texts(at)
    assert kb.nodes["greater_occipital_nerve"].plain in body
    assert kb.nodes["greater_occipital_nerve"].clinical not in body
    assert kb.wording is not None
    assert kb.wording.bases["observed_people"].explain.plain in body  # plain words for how we know


def test_home_choice_sets_the_audience(kb: KnowledgeBase) -> None:
    at = open_page("home")
    at.get("button_group")[0].set_value("patient").run()  # the reading-level choice
    assert kb.pages["home"].summary.plain in texts(at)
    assert at.query_params["audience"] == "patient"


def test_prevalence_radio_switches_study(kb: KnowledgeBase) -> None:
    at = open_page("what_is_cgh")
    w, key = widget(kb, "what-is-cgh", "prevalence")
    last = w.studies[-1]  # type: ignore[attr-defined]
    at.radio(key=key).set_value(last.id).run()
    assert any(m.label == last.label for m in at.metric)


def test_feature_checklist_marks_criteria(kb: KnowledgeBase) -> None:
    at = open_page("presentation")
    w, key = widget(kb, "presentation", "feature_checklist")
    feature = next(f for f in w.features if f.criteria)  # type: ignore[attr-defined]
    code = next(c.code for c in w.criteria if c.id == feature.criteria[0])  # type: ignore[attr-defined]
    assert f":material/check_box: **{code}**" not in texts(at)
    at.multiselect(key=key).set_value([feature.id]).run()
    assert f":material/check_box: **{code}**" in texts(at)


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
    vignette = w.vignettes[0]  # type: ignore[attr-defined]
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
    block = w.blocks[-1]  # type: ignore[attr-defined]
    at.selectbox(key=key).set_value(block.id).run()
    assert block.clinical in texts(at)


def test_assessment_checklist_counts_progress(kb: KnowledgeBase) -> None:
    at = open_page("blind_spot")
    w, key = widget(kb, "blind-spot", "blind_spot")
    assert "0 of" in at.get("progress")[0].proto.text
    at.checkbox(key=f"{key}_{w.assessment[0].id}").check().run()  # type: ignore[attr-defined]
    assert "1 of" in at.get("progress")[0].proto.text


def test_references_search_forgives_typos() -> None:
    at = open_page("references")
    at.text_input(key="references_query").input("Piovessan").run()
    shown = [m.value for m in at.markdown if m.value.startswith("**")]
    assert {"**Piovesan2001**", "**Piovesan2003**"} <= set(shown)
    at.text_input(key="references_query").input("<script>zz</script>").run()
    assert at.info


def test_flow_diagram_has_every_step_and_link(kb: KnowledgeBase) -> None:
    w, _ = widget(kb, "coexisting", "flow")
    dot = flow_dot(w)  # type: ignore[arg-type]
    assert all(f'"{s.id}" [label=' in dot for s in w.steps)  # type: ignore[attr-defined]
    assert dot.count("->") == sum(len(s.next) for s in w.steps)  # type: ignore[attr-defined]


def test_section_pages_open_on_tabs_not_on_a_wall_of_boxes() -> None:
    at = open_page("diagnosis")
    assert len(at.tabs) >= 3


def test_choosing_the_chosen_reading_level_again_keeps_it(kb: KnowledgeBase) -> None:
    at = open_page("home", audience="patient")
    levels = at.get("button_group")[0]
    levels.set_value(None).run()  # what a second click on the chosen level sends when it may be unchosen
    assert not at.exception
    assert at.query_params["audience"] == "patient"
    assert kb.pages["home"].summary.plain in texts(at)


def test_home_without_ways_in_still_opens(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from explorer.ui import frame

    assert kb.navigation is not None
    bare = dataclasses.replace(kb, navigation=kb.navigation.model_copy(update={"entries": []}))
    monkeypatch.setattr(frame, "load_knowledge_base", lambda: bare)
    frame._load.clear()  # type: ignore[attr-defined]
    try:
        at = open_page("home")  # fails on any exception
        assert at.title[0].value == kb.pages["home"].title
        links = [link.proto.label for link in at.get("page_link")]
        assert links and not any(link == f"**{e.title.clinical}**" for e in kb.navigation.entries for link in links)
    finally:
        frame._load.clear()  # type: ignore[attr-defined]


def test_on_the_map_an_artery_tear_is_said_before_the_likely_sources(kb: KnowledgeBase) -> None:
    assert kb.safety is not None and kb.wording is not None
    sign = next(s for s in kb.safety.urgent_signs if s.id == kb.nodes["vertebral_artery"].urgent_sign)
    at = open_page("where_does_it_hurt", audience="patient", where="occipital_region")
    order = [getattr(e, "value", None) for e in _in_order(at.main)]
    assert order.index(sign.plain) < order.index(kb.wording.ui["map.likely"].plain)
