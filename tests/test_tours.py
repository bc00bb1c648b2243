"""Tours: links to a step resolve (or fall back with a reason), and the player moves through steps."""

from __future__ import annotations

import networkx as nx
import pytest

from explorer.load import KnowledgeBase
from explorer.tours import TourPosition, resolve_tour, step_highlight
from tests.apptest import open_page, texts, ui_stem, ui_text


def test_every_tour_step_lights_exactly_its_nodes_joined_by_real_steps(kb: KnowledgeBase, G: nx.DiGraph) -> None:
    assert kb.tours
    joined = G.to_undirected(as_view=True)
    for tour in kb.tours.values():
        for step in tour.steps:
            h = step_highlight(G, tour, step)
            assert h.focus == tuple(step.nodes[:1]) and h.nodes == set(step.nodes)
            assert all(G.has_edge(u, v) for u, v in h.edges)
            if len(step.nodes) > 1:  # no jumps: the step's nodes hang together by edges of the graph
                assert nx.is_connected(joined.subgraph(step.nodes)), (tour.id, step.title)
            assert set(h.regions) == set(step.regions)


def test_a_step_shows_its_regions_with_how_the_tour_subject_is_felt_there(kb: KnowledgeBase, G: nx.DiGraph) -> None:
    from explorer.model import Basis

    tour = kb.tours["c2-c3-to-forehead"]
    last = tour.steps[-1]
    assert step_highlight(G, tour, last).regions["frontal_region"] is Basis.CLAIMED


@pytest.mark.parametrize(
    ("step", "number", "note"),
    [(None, 1, None), ("2", 2, None), ("0", 1, "step_too_low"), ("999", None, "step_too_high"),
     ("two", 1, "step_not_number")],
)
def test_step_in_a_link_resolves_or_falls_back(kb: KnowledgeBase, step: str | None, number: int | None,
                                               note: str | None) -> None:
    tour_id = next(iter(kb.tours))
    pos = resolve_tour(kb, tour_id, step)
    assert isinstance(pos, TourPosition)
    assert pos.number == (number or pos.total)
    filled = {"step_too_low": {"number": step}, "step_too_high": {"total": pos.total}}.get(note or "", {})
    assert pos.note == (None if note is None else ui_text(kb, f"tours.{note}", **filled))


def test_unknown_tour_is_a_message(kb: KnowledgeBase) -> None:
    found = resolve_tour(kb, "no-such-tour", "1")
    assert isinstance(found, str) and found.startswith(ui_stem(kb, "tours.unknown"))
    assert all(t in found for t in kb.tours)
    assert "no-such-tour" not in found  # link text is never echoed into markdown
    assert resolve_tour(kb, None, "3") is None


def test_player_shows_the_step_and_moves_on(kb: KnowledgeBase) -> None:
    tour = kb.tours["c2-c3-to-forehead"]
    at = open_page("explorer", tour=tour.id, step="2")
    assert tour.steps[1].clinical in texts(at)
    at.button(key="step_next").click().run()
    assert at.query_params["step"] == "3"
    assert tour.steps[2].clinical in texts(at)
    at.button(key="step_previous").click().run()
    assert at.query_params["step"] == "2"


def test_player_details_follow_the_step_focus(kb: KnowledgeBase, G: nx.DiGraph) -> None:
    tour = kb.tours["c2-c3-to-forehead"]
    at = open_page("explorer", tour=tour.id, step="1")
    assert G.nodes[tour.steps[0].nodes[0]]["label"] in [h.value for h in at.subheader]


def test_player_speaks_plain_language_to_patients(kb: KnowledgeBase) -> None:
    tour = kb.tours["migraine-neck"]
    at = open_page("explorer", tour=tour.id, step="1", audience="patient")
    assert tour.steps[0].plain in texts(at) and tour.steps[0].clinical not in texts(at)


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_a_step_link_that_falls_back_says_so_in_the_readers_words(kb: KnowledgeBase, audience: str) -> None:
    assert kb.wording is not None
    note = kb.wording.ui["tours.step_not_number"]
    assert note.plain != note.clinical  # else this test could not tell the two apart
    at = open_page("explorer", tour="migraine-neck", step="two", audience=audience)
    assert [i.value for i in at.info] == [note.at(plain=audience == "patient")]
    assert at.query_params["step"] == "1"


def test_player_buttons_stop_at_the_ends(kb: KnowledgeBase) -> None:
    tour = kb.tours["nerve-block"]
    at = open_page("explorer", tour=tour.id, step="1")
    assert at.button(key="step_previous").disabled and not at.button(key="step_next").disabled
    at = open_page("explorer", tour=tour.id, step=str(len(tour.steps)))
    assert at.button(key="step_next").disabled


def test_unknown_tour_link_warns_and_shows_the_explorer(kb: KnowledgeBase) -> None:
    at = open_page("explorer", tour="<b>bogus</b>", step="2")
    assert any(ui_stem(kb, "tours.unknown") in w.value for w in at.warning)
    assert "tour" not in at.query_params
    assert at.selectbox(key="node_picker") is not None


def test_presentation_mode_hides_the_sidebar_and_keeps_the_url() -> None:
    at = open_page("explorer", view="present", node="GON")
    assert not at.sidebar.radio  # no audience picker, no menu
    assert at.query_params["view"] == "present"
    at.button(key="leave_presentation").click().run()
    assert "view" not in at.query_params
    assert at.sidebar.radio


def test_unknown_view_falls_back_with_a_note() -> None:
    at = open_page("explorer", view="cinema")
    assert kb_text("frame.unknown_view") in [i.value for i in at.info]
    assert at.sidebar.radio


def kb_text(key: str) -> str:
    from explorer.load import load_knowledge_base

    wording = load_knowledge_base().wording
    assert wording is not None
    return wording.ui[key].clinical


def test_tours_page_lists_every_tour(kb: KnowledgeBase) -> None:
    at = open_page("tours")
    assert {s.value for s in at.subheader} == {t.title for t in kb.tours.values()}
