"""Patients, in a real browser: the pain map, with the disclaimer and the red flags in view."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from explorer.load import load_knowledge_base
from tests.browser.helpers import click_graph_node, no_exception, open_app, wait_idle

pytestmark = pytest.mark.browser


def test_forehead_and_back_of_head_show_joint_and_nerve_with_safety(page: Page, server: str) -> None:
    kb = load_knowledge_base()
    open_app(page, server)
    open_app(page, f"{server}/where_does_it_hurt?audience=patient")
    expect(page.get_by_text(kb.safety.disclaimer.plain)).to_be_visible()
    expect(page.get_by_text(kb.safety.urgent_care.plain)).to_be_visible()
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    click_graph_node(page, "frontal_region")
    expect(page.get_by_role("table")).to_be_visible(timeout=15_000)
    wait_idle(page)
    page.wait_for_timeout(600)  # plotly reads two clicks within 300 ms as a double-click
    click_graph_node(page, "occipital_region")
    wait_idle(page)
    expect(page.get_by_role("button", name="Back of the head (occipital)", exact=False)).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("C2–C3 facet joint")
    expect(table).to_contain_text("Greater occipital nerve")
    expect(table).to_contain_text("seen in studies")  # the patient wording, not "observed"
    # The full list of warning signs is on the page, open.
    expect(page.get_by_text(kb.safety.red_flags[0].plain)).to_be_visible()
    no_exception(page)
