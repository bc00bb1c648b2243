"""Patients read everyday names first, evidence tags that never contradict, and exports named after the view."""

from __future__ import annotations

import itertools
import re

import networkx as nx
import pytest

from explorer.figures import FigureWords, convergence_figure, export_name, titled
from explorer.layout import convergence_layout, overlaps
from explorer.model import Confidence, EvidenceKind, KnowledgeBase, walk_tree
from explorer.text import display_name, evidence_tag, short_name
from explorer.ui.frame import DESK_BOX, DESK_FONT
from tests.apptest import open_menu, open_page, texts

# --- one name for each reader -------------------------------------------------------------------------


def test_patients_read_the_everyday_name_first_and_the_anatomical_one_after_it(G: nx.DiGraph) -> None:
    for node, data in G.nodes(data=True):
        label, everyday = data["label"], data["plain_label"]
        assert display_name(data, plain=False) == label, node
        shown = display_name(data, plain=True)
        assert shown.startswith(everyday) or shown == label, node
        # the anatomical name is still there to be learnt (its words, whatever brackets or case)
        words = set(re.findall(r"\w+", label.casefold()))
        assert words <= set(re.findall(r"\w+", shown.casefold())), node


def test_a_label_holding_the_everyday_name_is_not_said_twice() -> None:
    region = {"label": "Forehead (frontal)", "plain_label": "Forehead"}
    assert display_name(region, plain=True) == "Forehead (frontal)"
    nerve = {"label": "Mandibular nerve (V3)", "plain_label": "Lower jaw nerve"}
    assert display_name(nerve, plain=True) == "Lower jaw nerve (mandibular nerve, V3)"
    root = {"label": "C2 dorsal root and ganglion", "plain_label": "C2 nerve root"}
    assert display_name(root, plain=True) == "C2 nerve root (C2 dorsal root and ganglion)"  # 'C2' keeps its case


def test_short_names_are_everyday_for_patients_and_anatomical_otherwise(G: nx.DiGraph) -> None:
    data = G.nodes["c2_sinuvertebral_nerve"]
    assert short_name(data, plain=True) == data["plain_label"]
    assert short_name(data, plain=False) == data["short"].replace("|", "")


def test_no_two_nodes_share_an_everyday_name(kb: KnowledgeBase) -> None:
    names = [n.plain_label.casefold() for n in kb.nodes.values()]
    assert sorted(n for n in names if names.count(n) > 1) == []


def test_the_patients_graph_fits_the_desk_budget_with_everyday_labels(G: nx.DiGraph) -> None:
    layout = convergence_layout(G, font=DESK_FONT, max_width=DESK_BOX[0], max_height=DESK_BOX[1], plain=True)
    assert layout.width <= DESK_BOX[0] and layout.height <= DESK_BOX[1]
    assert overlaps(b for _, b in layout.label_boxes()) == []
    for node, box in layout.nodes.items():  # every label shows the whole everyday name, perhaps wrapped
        assert " ".join(box.lines).replace("- ", "-") == G.nodes[node]["plain_label"], node


def test_the_patient_explorer_names_the_structure_in_everyday_words(G: nx.DiGraph) -> None:
    data = G.nodes["c2_sinuvertebral_nerve"]
    patient = open_page("explorer", node="c2_sinuvertebral_nerve", audience="patient")
    assert next(h.value for h in patient.subheader) == display_name(data, plain=True)
    picker = patient.selectbox(key="node_picker")
    assert picker.format_func("c2_sinuvertebral_nerve") == display_name(data, plain=True)
    student = open_page("explorer", node="c2_sinuvertebral_nerve", audience="student")
    assert next(h.value for h in student.subheader) == data["label"]
    assert data["plain_label"] not in texts(student)


# --- evidence tags -----------------------------------------------------------------------------------


def _pairs(kb: KnowledgeBase) -> set[tuple[Confidence, EvidenceKind | None]]:
    """Every (confidence, kind of evidence) pair the content holds: edges, claims, routes, steps, checks."""
    found: set[tuple[Confidence, EvidenceKind | None]] = set()
    roots = [*kb.edges, *kb.pages.values(), *kb.tours.values()]
    for root in roots:
        for _, item in itertools.chain([((), root)], walk_tree(root)):
            if isinstance(getattr(item, "confidence", None), Confidence) and hasattr(item, "evidence_kind"):
                found.add((item.confidence, item.evidence_kind))
            if isinstance(getattr(item, "article_confidence", None), Confidence):
                found.add((item.article_confidence, EvidenceKind.ARTICLE_CLAIM))
    return found


def test_no_evidence_tag_contradicts_itself_for_patients(kb: KnowledgeBase) -> None:
    assert kb.wording is not None
    w = kb.wording
    pairs = _pairs(kb)
    assert any(kind is EvidenceKind.ARTICLE_CLAIM for _, kind in pairs)  # the case the rule is for
    for confidence, kind in sorted(pairs, key=str):
        plain = evidence_tag(w, confidence, kind, plain=True)
        clinical = evidence_tag(w, confidence, kind, plain=False)
        assert w.confidence[confidence].clinical in clinical  # clinicians always read both
        if kind is EvidenceKind.ARTICLE_CLAIM:
            # one thing said once: no 'checked' beside 'only the article says so'
            assert plain == w.evidence_kinds[kind].plain, (confidence, kind)
            assert not any(c.plain in plain for c in w.confidence.values()), (confidence, kind)
        else:
            assert w.confidence[confidence].plain in plain, (confidence, kind)
            if kind is not None:
                assert w.evidence_kinds[kind].plain in plain and w.evidence_kinds[kind].clinical in clinical


# --- exports -----------------------------------------------------------------------------------------


def test_exports_are_named_after_the_view() -> None:
    assert export_name() == "convergence"
    assert export_name(node="c2_c3_facet_joint") == "convergence-c2_c3_facet_joint"
    assert export_name(tour="whiplash", step=3) == "tour-whiplash-step-3"


def test_an_exported_image_has_a_title_above_the_unchanged_drawing(kb: KnowledgeBase, G: nx.DiGraph) -> None:
    assert kb.wording is not None
    layout = convergence_layout(G, font=DESK_FONT, max_width=DESK_BOX[0], max_height=DESK_BOX[1])
    fig = convergence_figure(G, layout, FigureWords.of(kb.wording, plain=False))
    before = repr(fig)
    title = "Trigeminocervical convergence: " + G.nodes["c2_c3_facet_joint"]["label"] + " <b>&"
    out = titled(fig, title)
    assert repr(fig) == before  # the figure on screen is left alone
    band = out["layout"]["margin"]["t"]
    assert band > 0 and out["layout"]["height"] == fig["layout"]["height"] + band
    assert out["layout"]["yaxis"] == fig["layout"]["yaxis"] and out["data"] == fig["data"]  # same drawing
    shown = re.sub(r"<br>|</?b>", " ", out["layout"]["title"]["text"])
    assert "C2–C3 facet joint" in shown and "&lt;b&gt;&amp;" in shown  # the name, and data shown as written
    long = titled(fig, "word " * 200)
    assert long["layout"]["title"]["text"].count("<br>") == 1  # wraps to two lines, not off the image


def test_the_camera_button_saves_the_views_name() -> None:
    from explorer.ui.widgets import CHART_CONFIG, chart_config

    config = chart_config("convergence-c2_c3_facet_joint")
    assert config["toImageButtonOptions"]["filename"] == "convergence-c2_c3_facet_joint"
    assert config["toImageButtonOptions"]["scale"] == CHART_CONFIG["toImageButtonOptions"]["scale"]
    assert CHART_CONFIG["toImageButtonOptions"]["filename"] == "convergence"  # the shared one untouched


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_the_toolbar_offers_json_ld_of_the_whole_graph(kb: KnowledgeBase, audience: str) -> None:
    assert kb.wording is not None
    at = open_page("explorer", node="c2_c3_facet_joint", audience=audience)
    open_menu(at, "explorer_export_menu")  # the share menu's content is made when it opens
    labels = [d.proto.label for d in at.get("download_button")]
    assert kb.wording.ui["toolbar.whole_graph"].at(plain=audience == "patient").format(fmt="jsonld") in labels
