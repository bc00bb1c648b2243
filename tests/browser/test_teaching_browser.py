"""Teaching in class, in a real browser: a tour link in presentation mode, clicker keys, large labels, exports."""

from __future__ import annotations

import csv
import io
import json
import struct

import networkx as nx
import pytest
from playwright.sync_api import Page, expect

from explorer.load import load_knowledge_base
from tests.browser.helpers import no_exception, open_app, wait_idle

pytestmark = pytest.mark.browser

TOUR = "c2-c3-to-forehead"


@pytest.fixture
def projector(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
    pg = context.new_page()
    open_app(pg, server)
    yield pg
    context.close()


def _labelled_nodes(page: Page) -> set[str]:
    """Text of every node label drawn in the tour's graph (only lit nodes carry one)."""
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .textpoint text').length > 0")
    texts = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot .textpoint text'))
                              .map(t => t.textContent.trim()).filter(Boolean)""")
    return set(texts)


def test_tour_link_in_presentation_mode_and_next_key(projector: Page, server: str) -> None:
    kb = load_knowledge_base()
    steps = kb.tours[TOUR].steps
    open_app(projector, f"{server}/explorer?tour={TOUR}&step=2&view=present")
    no_exception(projector)
    expect(projector.locator("[data-testid='stSidebar']")).to_be_hidden()
    expect(projector.get_by_role("heading", name=steps[1].title)).to_be_visible()
    lit = _labelled_nodes(projector)
    for node in steps[1].nodes:  # the step's nodes are the ones highlighted (labels may wrap onto two lines)
        words = kb.nodes[node].label.split(" (")[0].split()
        assert any(all(w in text for w in words[-2:]) for text in lit), (node, lit)
    # The player's buttons carry the key bindings; they are drawn below the graph.
    expect(projector.get_by_role("button", name="Next")).to_be_enabled()
    projector.keyboard.press("PageDown")
    expect(projector.get_by_role("heading", name=steps[2].title)).to_be_visible(timeout=15_000)
    wait_idle(projector)
    assert "step=3" in projector.url and "view=present" in projector.url
    expect(projector.get_by_role("button", name="Back one step")).to_be_enabled()
    projector.wait_for_timeout(500)  # let the re-drawn buttons register their shortcuts
    projector.keyboard.press("ArrowLeft")
    expect(projector.get_by_role("heading", name=steps[1].title)).to_be_visible(timeout=15_000)


def test_presentation_labels_are_at_least_18px(projector: Page, server: str) -> None:
    open_app(projector, f"{server}/explorer?tour={TOUR}&step=3&view=present")
    projector.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    projector.screenshot(path="/tmp/presentation-1920.png")
    sizes = projector.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot .textpoint text'))
                 .filter(t => t.textContent.trim())
                 .map(t => parseFloat(getComputedStyle(t).fontSize))"""
    )
    assert sizes, "no node labels drawn"
    assert min(sizes) >= 18, sizes


def _download(page: Page, label: str) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).click()
    path = info.value.path()
    assert path
    with open(path, "rb") as handle:
        return handle.read()


def test_exports_open_in_the_libraries_that_read_them(projector: Page, server: str) -> None:
    open_app(projector, f"{server}/explorer?node=GON")
    projector.get_by_text("Export for slides and other tools").click()
    graphml = _download(projector, "Whole graph as graphml")
    G = nx.read_graphml(io.BytesIO(graphml))
    assert "greater_occipital_nerve" in G and G.number_of_edges() > 100
    data = json.loads(_download(projector, "Whole graph as node-link"))
    assert nx.node_link_graph(data, edges="edges").number_of_nodes() == G.number_of_nodes()
    rows = list(csv.DictReader(io.StringIO(_download(projector, "Whole graph as csv").decode())))
    assert len(rows) == G.number_of_edges() and all(r["citations"] for r in rows)
    png = _download(projector, "This view as PNG (3×)")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 3 * 1000 and height >= 3 * 600  # 3x the on-screen figure
    svg = _download(projector, "This view as SVG")
    assert svg.lstrip().startswith(b"<svg") and b"occipital nerve" in svg  # labels stay text, not pixels
    wait_idle(projector)
    no_exception(projector)
