"""Teaching in class, in a real browser: every tour step fits a 1080p projector, one pair of step buttons
answers the clicker and the arrow keys, and the exports open in the tools that read them."""

from __future__ import annotations

import csv
import io
import json
import struct

import networkx as nx
import pytest
from playwright.sync_api import Page, expect

from explorer.load import load_knowledge_base
from tests.browser.helpers import inside, no_exception, open_app, overlapping, plotted_labels, wait_idle

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1920, 1080


@pytest.fixture
def projector(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def _step_heading(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("heading", name=title, exact=True)


@pytest.mark.parametrize("tour_id", sorted(load_knowledge_base().tours))
def test_every_step_fits_the_projector_with_every_lit_node_labelled(projector: Page, server: str, tour_id: str) -> None:
    kb = load_knowledge_base()
    tour = kb.tours[tour_id]
    open_app(projector, f"{server}/explorer?tour={tour_id}&step=1&view=present")
    expect(projector.locator("[data-testid='stSidebar']")).to_be_hidden()
    for number, step in enumerate(tour.steps, start=1):
        heading = _step_heading(projector, step.title)
        expect(heading).to_be_visible(timeout=15_000)
        wait_idle(projector, after_action=False)
        labels = plotted_labels(projector)
        assert overlapping(labels) == [], (tour_id, number)
        assert min(lab["size"] for lab in labels) >= 18
        by_id = {lab["id"]: lab for lab in labels}
        regions = {n for n in step.nodes if kb.nodes[n].kind.value == "region"}
        assert regions <= set(step.regions), (tour_id, number)  # regions show on the head figure instead
        for node in set(step.nodes) - regions:  # every other node of the step is drawn, bold and on screen
            assert node in by_id and by_id[node]["bold"], (tour_id, number, node)
            assert inside(by_id[node], WIDTH, HEIGHT), (tour_id, number, node, by_id[node])
        caption = projector.locator("[data-testid='stColumn']").filter(has=heading).first.bounding_box()
        assert caption and caption["y"] + caption["height"] <= HEIGHT, (tour_id, number, caption)
        for name in ("Previous", "Next"):  # one pair of step buttons, on screen
            button = projector.get_by_role("button", name=name)
            expect(button).to_have_count(1)
            box = button.bounding_box()
            assert box and box["y"] + box["height"] <= HEIGHT
        if number < len(tour.steps):
            projector.get_by_role("button", name="Next").click()
    no_exception(projector)


def test_the_clicker_and_the_arrow_keys_move_through_the_tour(projector: Page, server: str) -> None:
    tour = load_knowledge_base().tours["c2-c3-to-forehead"]
    titles = [s.title for s in tour.steps]
    open_app(projector, f"{server}/explorer?tour={tour.id}&step=2&view=present")
    for key, expected in (("PageDown", 3), ("ArrowRight", 4), ("PageUp", 3), ("ArrowLeft", 2)):
        expect(_step_heading(projector, titles[expected - 2 if key in ("PageDown", "ArrowRight") else expected])
               ).to_be_visible(timeout=15_000)
        wait_idle(projector, after_action=False)
        projector.wait_for_timeout(300)  # let the re-drawn buttons register their keys
        projector.keyboard.press(key)
        expect(_step_heading(projector, titles[expected - 1])).to_be_visible(timeout=15_000)
        wait_idle(projector)
        assert f"step={expected}" in projector.url and "view=present" in projector.url
    no_exception(projector)


def _download(page: Page, label: str) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).click()
    path = info.value.path()
    assert path
    with open(path, "rb") as handle:
        return handle.read()


def test_exports_open_in_the_libraries_that_read_them(projector: Page, server: str) -> None:
    open_app(projector, f"{server}/explorer?node=GON")
    projector.get_by_role("button", name="Download the graph").click()
    graphml = _download(projector, "Whole graph as graphml")
    G = nx.read_graphml(io.BytesIO(graphml))
    assert "greater_occipital_nerve" in G and G.number_of_edges() > 100
    data = json.loads(_download(projector, "Whole graph as node-link"))
    assert nx.node_link_graph(data, edges="edges").number_of_nodes() == G.number_of_nodes()
    rows = list(csv.DictReader(io.StringIO(_download(projector, "Whole graph as csv").decode())))
    assert len(rows) == G.number_of_edges() and all(r["citations"] and r["evidence_kind"] for r in rows)
    projector.keyboard.press("Escape")  # close that menu; the view's images are in the share menu
    projector.get_by_role("button", name="Share and export").click()
    png = _download(projector, "This view as PNG (3×)")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 3 * 700 and height >= 3 * 600  # 3x the on-screen figure
    svg = _download(projector, "This view as SVG")
    assert svg.lstrip().startswith(b"<svg") and b"Greater" in svg  # labels stay text, not pixels
    wait_idle(projector)
    no_exception(projector)
