"""The explorer in a real browser: deep link, clicking nodes, the select box, and no errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import click_graph_node, no_exception, open_app, wait_idle

pytestmark = pytest.mark.browser


def test_clicking_nodes_updates_highlight_and_details(page: Page, server: str) -> None:
    open_app(page, server)  # a fresh server must run the entry script once
    open_app(page, f"{server}/explorer")
    no_exception(page)
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    for node_id, label in [("greater_occipital_nerve", "Greater occipital nerve"),
                           ("c2_c3_facet_joint", "C2–C3 facet joint"),
                           ("occipital_region", "Back of the head (occipital)")]:
        click_graph_node(page, node_id)
        expect(page.get_by_role("heading", name=label, level=2)).to_be_visible(timeout=15_000)
        wait_idle(page)
        no_exception(page)
        assert f"node={node_id}" in page.url
    assert page.errors == []  # type: ignore[attr-defined]


def test_deep_link_opens_on_one_node(page: Page, server: str) -> None:
    open_app(page, server)
    open_app(page, f"{server}/explorer?node=TON")
    expect(page.get_by_role("heading", name="Third occipital nerve", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Where its pain is felt")).to_be_visible()


def test_unknown_deep_link_is_friendly(page: Page, server: str) -> None:
    open_app(page, server)
    open_app(page, f"{server}/explorer?node=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    expect(page.get_by_text("do not know", exact=False)).to_be_visible()
    no_exception(page)
    assert page.locator("img[src='x']").count() == 0


@pytest.mark.parametrize("path", ["", "what_is_cgh", "explorer", "presentation", "migraine_overlap", "diagnosis",
                                  "treatment", "coexisting", "blind_spot", "references", "where_does_it_hurt",
                                  "self_test", "glossary", "tours"])
def test_every_page_loads_without_exception(page: Page, server: str, path: str) -> None:
    open_app(page, server)
    open_app(page, f"{server}/{path}")
    expect(page.locator("h1").first).to_be_visible()
    no_exception(page)


@pytest.mark.parametrize("path", ["where_does_it_hurt?audience=patient", "explorer?node=GON"])
def test_deep_link_is_the_first_request_to_a_fresh_server(page: Page, fresh_server: str, path: str) -> None:
    open_app(page, f"{fresh_server}/{path}")
    page.wait_for_timeout(1000)
    expect(page.locator("[data-testid='stDialog']")).to_have_count(0)  # no "Page not found"
    expect(page.locator("h1").first).to_be_visible()
    no_exception(page)
