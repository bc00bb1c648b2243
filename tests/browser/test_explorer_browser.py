"""The explorer in a real browser: readable labels, clicks on markers and labels, the linked head, phones."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from explorer.load import load_knowledge_base
from explorer.text import short_name
from tests.browser.helpers import (
    click_graph_node,
    inside,
    no_exception,
    open_app,
    overlapping,
    plotted_labels,
    wait_idle,
)

pytestmark = pytest.mark.browser


def test_at_1400_every_label_is_legible_and_none_overlaps(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_app(page, f"{server}/explorer?node=c2_c3_facet_joint")
    labels = plotted_labels(page)
    kb = load_knowledge_base()
    assert {lab["id"] for lab in labels} == {n for n, node in kb.nodes.items() if node.kind.value != "region"}
    assert overlapping(labels) == []
    assert min(lab["size"] for lab in labels) >= 12
    lit = [lab for lab in labels if lab["bold"]]
    assert {"c2_c3_facet_joint", "third_occipital_nerve", "c3_drg", "c3_dorsal_horn"} <= {lab["id"] for lab in lit}
    assert all(inside(lab, 1400, 1000) for lab in lit), [lab for lab in lit if not inside(lab, 1400, 1000)]
    # The details sit beside the graph, in the first screen, not below it.
    details = page.locator(".st-key-details").bounding_box()
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    assert details and chart and details["x"] >= chart["x"] + chart["width"] - 1 and details["y"] < 1000
    expect(page.locator(".st-key-details").get_by_role("heading", name="C2–C3 facet joint")).to_be_visible()
    no_exception(page)


def test_clicking_a_marker_or_a_label_chooses_the_node(page: Page, server: str) -> None:
    open_app(page, f"{server}/explorer")
    details = page.locator(".st-key-details")
    click_graph_node(page, "greater_occipital_nerve")
    expect(details.get_by_role("heading", name="Greater occipital nerve")).to_be_visible(timeout=15_000)
    wait_idle(page)
    assert "node=greater_occipital_nerve" in page.url
    label = next(lab for lab in plotted_labels(page) if lab["id"] == "c3_dorsal_horn")
    page.mouse.move(label["x0"] + 30, label["y0"] + 20)
    page.mouse.move((label["x0"] + label["x1"]) / 2, (label["y0"] + label["y1"]) / 2)
    page.wait_for_timeout(300)
    page.mouse.click((label["x0"] + label["x1"]) / 2, (label["y0"] + label["y1"]) / 2)
    expect(details.get_by_role("heading", name="C3 dorsal horn")).to_be_visible(timeout=15_000)
    wait_idle(page)
    no_exception(page)
    assert page.errors == []  # type: ignore[attr-defined]


def test_routes_and_felt_regions_are_listed_in_words(page: Page, server: str) -> None:
    open_app(page, f"{server}/explorer?node=V1&audience=student")
    details = page.locator(".st-key-details")
    expect(details.get_by_text("Routes to the cortex")).to_be_visible()
    expect(details.get_by_role("listitem").filter(has_text="Trigeminal ganglion").first).to_be_visible()
    expect(details.get_by_text("Predicted by convergence (hypothesis)", exact=False)).to_be_visible()


def test_unknown_deep_link_is_friendly(page: Page, server: str) -> None:
    open_app(page, f"{server}/explorer?node=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    expect(page.get_by_text("do not know", exact=False)).to_be_visible()
    no_exception(page)
    assert page.locator("img[src='x']").count() == 0


def test_on_a_phone_one_tap_on_a_structure_traces_it(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_app(page, f"{server}/explorer?audience=patient")
    expect(page.locator(".st-key-graph_pane")).to_be_hidden()
    pill = short_name(load_knowledge_base().nodes["c2_c3_facet_joint"].model_dump(), plain=True)  # everyday name
    button = page.locator(".st-key-phone_picker").get_by_role("radio", name=pill)
    box = button.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44
    button.tap()
    expect(page.locator(".st-key-details").get_by_role("heading", name="C2–C3 facet joint")).to_be_visible(
        timeout=15_000)
    wait_idle(page)
    assert "node=c2_c3_facet_joint" in page.url
    no_exception(page)
    context.close()


@pytest.mark.parametrize("path", ["where_does_it_hurt?audience=patient", "explorer?node=GON"])
def test_deep_link_is_the_first_request_to_a_fresh_server(page: Page, fresh_server: str, path: str) -> None:
    open_app(page, f"{fresh_server}/{path}")
    expect(page.locator("[data-testid='stDialog']")).to_have_count(0)  # no "Page not found"
    expect(page.locator("h1").first).to_be_visible()
    # The menu is the app's own, the same as on any other request: every page, by title.
    kb = load_knowledge_base()
    assert kb.navigation is not None
    menu = page.locator("[data-testid='stSidebar']")
    plain = "audience=patient" in path
    for entry in kb.navigation.pages:
        expect(menu.get_by_role("link", name=kb.page_title(entry.id, plain=plain), exact=True)).to_have_count(1)
    no_exception(page)
