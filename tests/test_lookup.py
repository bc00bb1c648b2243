"""Search by any name a reader knows: synonyms, abbreviations, eponyms, typos, glossary terms and pages."""

from __future__ import annotations

import networkx as nx
import pytest

from explorer.load import KnowledgeBase
from explorer.lookup import lookup
from tests.apptest import open_page, ui_stem, ui_text

NAMES = {
    "greater_occipital_nerve": ["GON", "nervus occipitalis major", "occipitalis major", "greater occipitial nerve"],
    "lesser_occipital_nerve": ["LON", "small occipital nerve", "occipitalis minor", "lesser occipitial nerve"],
    "third_occipital_nerve": ["TON", "least occipital nerve", "third occipital", "third occipitial nerve"],
    "c0_c1_joint": ["AO joint", "atlanto-occipital joint", "C0/1", "atlanto-ocipital joint"],
    "c1_c2_joint": ["AAJ", "atlantoaxial joint", "C1-2 joint", "atlanto-axail joint"],
    "c2_c3_facet_joint": ["z-joint", "zygapophyseal joint", "C2/3", "zygapophysial joitn"],
}


@pytest.mark.parametrize(("node", "name"), [(n, name) for n, names in NAMES.items() for name in names])
def test_each_name_finds_the_node(kb: KnowledgeBase, G: nx.DiGraph, node: str, name: str) -> None:
    targets = [h.target for h in lookup(kb, G, name) if h.kind == "node"]
    assert node in targets[:3], (name, targets)


def test_glossary_terms_and_pages_are_found(kb: KnowledgeBase, G: nx.DiGraph) -> None:
    assert ("term", "Allodynia") in {(h.kind, h.target) for h in lookup(kb, G, "allodynia")}
    assert ("page", "diagnosis") in {(h.kind, h.target) for h in lookup(kb, G, "Diagnosis")}


@pytest.mark.parametrize("text", ["", "   ", "<script>alert(1)</script>", "ü" * 5000, "💥", "%00"])
def test_odd_text_finds_nothing(kb: KnowledgeBase, G: nx.DiGraph, text: str) -> None:
    assert lookup(kb, G, text) == []


def test_sidebar_search_links_to_the_node() -> None:
    at = open_page("home")
    at.sidebar.text_input(key="sidebar_search").input("arnolds nerve").run()
    links = at.get("page_link")
    assert any("Greater occipital nerve" in link.proto.label and "node=greater_occipital_nerve" in
               link.proto.query_string for link in links), [(lk.proto.label, lk.proto.query_string) for lk in links]


def test_sidebar_search_with_no_match_says_so(kb: KnowledgeBase) -> None:
    at = open_page("home")
    at.sidebar.text_input(key="sidebar_search").input("qqqqzzzz").run()
    assert any(ui_text(kb, "frame.search_empty") in c.value for c in at.sidebar.caption)


def test_glossary_opens_on_the_term_from_a_link(kb: KnowledgeBase) -> None:
    at = open_page("glossary", q="Allodynia")
    assert [s.value for s in at.subheader] == ["Allodynia"]


def test_terms_in_finds_whole_words_and_case_sensitive_abbreviations(kb: KnowledgeBase) -> None:
    from explorer.text import terms_in

    names = [t.term for t in terms_in(["Pain at the back of the head is called occipital pain."], kb.glossary)]
    assert "Occipital" in names
    assert "Occipital" not in [t.term for t in terms_in(["suboccipitally"], kb.glossary)]
    gon = next(t for t in kb.glossary.terms if "GON" in t.aliases)
    assert gon in terms_in(["the GON"], kb.glossary) and gon not in terms_in(["we are gon na"], kb.glossary)


def test_patient_page_explains_its_words(kb: KnowledgeBase) -> None:
    at = open_page("explorer", node="GON", audience="patient")
    occipital = next(t for t in kb.glossary.terms if t.term == "Occipital")
    assert any(e.label.startswith(ui_stem(kb, "panels.words_on_page", plain=True)) for e in at.expander)
    assert any(occipital.plain in m.value for m in at.markdown)
