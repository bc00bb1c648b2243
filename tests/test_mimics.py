"""The mimics page: conditions that can look like cervicogenic headache, each found by its names in the
sidebar and the CLI, the ones that can need care now shown first, in the urgent box's own words."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from explorer.__main__ import main
from explorer.load import load_knowledge_base
from explorer.lookup import conditions, find_condition, lookup
from explorer.model import Action, Condition, DifferentialsWidget, KnowledgeBase
from tests.apptest import open_page, texts

_KB = load_knowledge_base()
ENTRIES = conditions(_KB)
PAGE = ENTRIES[0].page if ENTRIES else ""
# The conditions the expert review asks for (§11 item 11, §12 item 1), by id.
ASKED_FOR = {"occipital-neuralgia", "c2-neuralgia", "neck-tongue-syndrome", "hemicrania-continua",
             "cervical-artery-dissection", "giant-cell-arteritis", "chiari-malformation",
             "spontaneous-intracranial-hypotension", "posterior-fossa-lesion", "medication-overuse-headache",
             "cluster-headache", "migraine-with-neck-pain", "tension-type-with-neck-pain"}
NAMES = [(e.condition.id, name) for e in ENTRIES
         for name in dict.fromkeys((e.condition.title, e.condition.title_at(plain=True), *e.condition.aliases))]


def _address(kb: KnowledgeBase, page_id: str) -> str:
    assert kb.navigation is not None
    return "/" + next(p for p in kb.navigation.pages if p.id == page_id).url_path


def test_the_conditions_the_review_asks_for_are_on_one_page() -> None:
    assert {e.condition.id for e in ENTRIES} >= ASKED_FOR
    assert {e.page for e in ENTRIES} == {PAGE}


# --- found by name -----------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.condition.id)
def test_trace_explains_a_condition_by_its_name_and_exits_0(capsys: pytest.CaptureFixture[str], entry) -> None:  # type: ignore[no-untyped-def]
    c: Condition = entry.condition
    assert main(["trace", c.title]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{c.title} is a condition, not a structure")
    assert _address(_KB, entry.page) in out
    for node in c.nodes:  # the structures it involves, by id, ready to trace
        assert f"[{node}]" in out
    assert ("URGENT" in out) is bool(c.urgent)


@pytest.mark.parametrize(("condition", "name"), NAMES)
def test_every_name_of_a_condition_finds_it(kb: KnowledgeBase, G: nx.DiGraph, condition: str, name: str) -> None:
    found = find_condition(kb, name)
    assert found is not None and found.condition.id == condition, name
    hits = [(h.kind, h.target, h.condition) for h in lookup(kb, G, name)]
    assert ("condition", PAGE, condition) in hits[:3], (name, hits)


def test_a_typo_in_a_whole_name_still_finds_the_condition(kb: KnowledgeBase) -> None:
    found = find_condition(kb, "occipital neuralgai")
    assert found is not None and found.condition.id == "occipital-neuralgia"


def test_a_structure_s_name_still_traces_the_structure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "vertebral artery"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Vertebral artery [vertebral_artery]") and "is a condition" not in out


@pytest.mark.parametrize("name", ["qqqq zzzz", "neuralgia"])
def test_a_name_that_is_no_condition_is_still_a_usage_error(capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert main(["trace", name]) == 2
    _, err = capsys.readouterr()
    assert err.startswith("error:") and len(err.splitlines()) == 1


def test_trace_json_for_a_condition(capsys: pytest.CaptureFixture[str], G: nx.DiGraph) -> None:
    assert main(["trace", "GCA", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["condition"]
    assert data["id"] == "giant-cell-arteritis" and data["ichd3"] == "6.4.1"
    assert data["urgency"] == "emergency"
    assert [u["action"] for u in data["urgent"]] == ["emergency", "same_day"]  # most urgent first
    assert data["address"] == _address(_KB, PAGE)
    assert all(item["id"] in G for item in data["related"])


def test_lookup_command_lists_what_a_name_means(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "occipital neuralgia"]) == 0
    out = capsys.readouterr().out
    assert "Occipital neuralgia is a condition" in out and "condition " in out
    assert main(["lookup", "qqqq zzzz"]) == 2


def test_sidebar_search_finds_a_condition_and_links_to_its_page() -> None:
    at = open_page("home", audience="patient")
    at.sidebar.text_input(key="sidebar_search").input("giant cell arteritis").run()
    links = [(link.proto.label, link.proto.query_string) for link in at.get("page_link")]
    plain = next(e.condition for e in ENTRIES if e.condition.id == "giant-cell-arteritis").title_at(plain=True)
    assert any(label.startswith(plain) and _KB.page_title(PAGE, plain=True) in label
               and "condition=giant-cell-arteritis" in query for label, query in links), links


def _headings(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.value for m in at.markdown if m.value.startswith("#### ")]


def test_a_link_to_a_condition_opens_the_page_on_it() -> None:
    gca = next(e.condition for e in ENTRIES if e.condition.id == "giant-cell-arteritis")
    at = open_page(PAGE.replace("-", "_"), audience="clinician", condition=gca.id)
    assert _headings(at)[0].endswith(f" {gca.title}")
    assert len(_headings(at)) == len(ENTRIES)  # each condition once: the chosen one moves to the top
    assert gca.id in str(at.query_params["condition"])  # the URL keeps the place


def test_an_unknown_condition_in_a_link_shows_the_whole_list() -> None:
    at = open_page(PAGE.replace("-", "_"), audience="clinician", condition="<b>nope</b>")
    assert len(_headings(at)) == len(ENTRIES)
    assert all("<b>" not in m.value for m in at.markdown)


# --- the page ------------------------------------------------------------------------------------


def _rank(c: Condition) -> int:
    return list(Action).index(c.urgency) if c.urgency is not None else len(Action)


def test_the_page_shows_the_most_urgent_conditions_first() -> None:
    at = open_page(PAGE.replace("-", "_"), audience="clinician")
    by_title = {e.condition.title: e.condition for e in ENTRIES}
    shown = [title for heading in _headings(at) for title in by_title if heading.endswith(f" {title}")]
    assert sorted(shown) == sorted(by_title)
    ranks = [_rank(by_title[t]) for t in shown]
    assert ranks == sorted(ranks) and ranks[0] == 0


def test_an_emergency_condition_comes_first_whatever_the_file_order() -> None:
    widget = next(w for p in _KB.pages.values() for w in p.widgets if isinstance(w, DifferentialsWidget))
    reversed_widget = widget.model_copy(update={"conditions": list(reversed(widget.conditions))})
    ordered = reversed_widget.by_urgency()
    assert ordered[0].urgency is Action.EMERGENCY
    assert [_rank(c) for c in ordered] == sorted(_rank(c) for c in ordered)


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_urgent_calls_say_what_the_urgent_box_says(kb: KnowledgeBase, audience: str) -> None:
    assert kb.safety is not None
    plain = audience == "patient"
    at = open_page(PAGE.replace("-", "_"), audience=audience)
    emergency_words = kb.safety.actions[Action.EMERGENCY].at(plain=plain)
    calls = [e.value for e in at.error if e.value.endswith(f"**{emergency_words}**")]
    wanted = [call for e in ENTRIES for call in e.condition.urgent if call.action is Action.EMERGENCY]
    assert len(calls) == len(wanted) > 0


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_patients_read_plain_names_without_codes(audience: str) -> None:
    at = open_page(PAGE.replace("-", "_"), audience=audience)
    shown = texts(at)
    on = next(e.condition for e in ENTRIES if e.condition.id == "occipital-neuralgia")
    assert ("ICHD-3 13.4" in shown) is (audience == "clinician")
    assert (on.title_at(plain=True) in shown) is (audience == "patient")


def test_a_condition_at_an_urgent_structure_is_at_least_as_urgent(kb: KnowledgeBase) -> None:
    """A condition linked to a node that carries an urgent sign (data/safety.yaml) asks for that sign's action
    or a stronger one, so the page and the urgent box never disagree about the same artery."""
    assert kb.safety is not None
    signs = {s.id: s for s in kb.safety.urgent_signs}
    checked = 0
    for entry in ENTRIES:
        for node in entry.condition.nodes:
            sign = kb.nodes[node].urgent_sign
            if sign is not None:
                checked += 1
                assert _rank(entry.condition) <= list(Action).index(signs[sign].action), (entry.condition.id, node)
    assert checked > 0
