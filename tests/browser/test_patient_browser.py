"""Patients, in a real browser: the home page's ways in, and the pain map on a phone with one tap a choice."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from explorer.load import load_knowledge_base
from tests.browser.helpers import no_exception, open_app, wait_idle
from tests.browser.test_headmap_browser import _centre_of_area

pytestmark = pytest.mark.browser


def test_home_leads_with_the_ways_in_above_the_fold(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    kb = load_knowledge_base()
    assert kb.navigation is not None and kb.safety is not None
    open_app(page, f"{server}/home")
    for entry in kb.navigation.entries:
        link = page.get_by_role("link", name=entry.title.clinical)
        box = link.first.bounding_box()
        assert box and box["y"] + box["height"] <= 1000, entry.page
    expect(page.get_by_text(kb.safety.short_line.clinical)).to_be_visible()
    expect(page.get_by_text("View more", exact=False)).to_have_count(0)  # every page is in the menu
    assert page.title().startswith(kb.page_title("home"))
    no_exception(page)


def test_on_a_phone_one_tap_on_the_head_chooses_a_region(browser: Browser, server: str) -> None:
    kb = load_knowledge_base()
    assert kb.safety is not None
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_app(page, f"{server}/where_does_it_hurt?audience=patient")
    expect(page.get_by_text(kb.safety.short_line.plain)).to_be_visible()
    region = page.locator('svg.headmap g.region[data-region="frontal_region"] >> visible=true').first
    region.scroll_into_view_if_needed()
    expect(region).to_have_attribute("aria-pressed", "false")
    point = _centre_of_area(page, "frontal_region", "front")  # on the drawn area itself, not its label
    page.touchscreen.tap(point["x"], point["y"])
    wait_idle(page)
    expect(page.locator('svg.headmap g.region[data-region="frontal_region"] >> visible=true').first).to_have_attribute(
        "aria-pressed", "true", timeout=15_000)
    assert "where=frontal_region" in page.url
    expect(page.get_by_role("heading", name="What studies in people found")).to_be_visible()
    expect(page.get_by_text("Sternocleidomastoid", exact=False).first).to_be_visible()
    no_exception(page)
    context.close()


def test_forehead_and_back_of_head_give_a_short_summary_then_the_full_table(page: Page, server: str) -> None:
    open_app(page, f"{server}/where_does_it_hurt?audience=patient&where=frontal_region,occipital_region")
    summary = page.get_by_role("heading", name="What studies in people found")
    expect(summary).to_be_visible()
    expect(page.get_by_text("C1–C2 lateral atlanto-axial joint", exact=False).first).to_be_visible()
    expect(page.get_by_role("table")).to_be_hidden()  # the full table is one click away
    page.get_by_text("Show all", exact=False).click()
    table = page.get_by_role("table")
    expect(table).to_be_visible()
    expect(table).not_to_contain_text("Piovesan2001")  # no citation keys for patients
    expect(table).not_to_contain_text("confirmed-from-source")  # no raw tags
    no_exception(page)
