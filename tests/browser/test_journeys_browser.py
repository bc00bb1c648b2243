"""Journeys that keep their place (issue 20): the reading level and the chosen structure hold through every
way a reader moves — menu, home cards, "see it in the pathway" links, Back, reload, search, picker, graph
click and head tap — and the URL, the radio, the heading, the menu, the share link and the details agree.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from explorer.load import load_knowledge_base
from explorer.model import Audience, KnowledgeBase
from explorer.text import short_name
from tests.browser.helpers import click_graph_node, no_exception, open_app, wait_idle

pytestmark = pytest.mark.browser

KB: KnowledgeBase = load_knowledge_base()
SIDEBAR = "[data-testid='stSidebar']"


def _query(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def _page_id(page: Page) -> str:
    path = urlparse(page.url).path.strip("/")
    assert KB.navigation is not None
    return next(e.id for e in KB.navigation.pages if (e.url_path or "") == path or (not path and e.id == "home"))


def _assert_level(page: Page, level: Audience) -> None:
    """URL, radio, heading and menu all say the same reading level."""
    wait_idle(page)
    plain = level is Audience.PATIENT
    assert KB.wording is not None
    assert _query(page).get("audience") == level.value, page.url
    radio_label = KB.wording.ui[f"audience.{level.value}"].at(plain=plain)
    expect(page.locator(SIDEBAR).get_by_role("radio", name=radio_label, exact=True)).to_be_checked()
    page_id = _page_id(page)
    if page_id != "explorer" or "tour" not in _query(page):
        expect(page.locator("h1").first).to_have_text(KB.page_title(page_id, plain=plain))
    assert KB.navigation is not None
    menu = set(page.locator(f"{SIDEBAR} a [data-testid='stMarkdownContainer']").all_inner_texts())
    for entry in KB.navigation.pages:
        shown, other = KB.page_title(entry.id, plain=plain), KB.page_title(entry.id, plain=not plain)
        assert shown in menu, (shown, menu)
        assert shown == other or other not in menu, (other, menu)
    no_exception(page)


@pytest.mark.parametrize("level", list(Audience))
def test_every_menu_item_and_back_keep_the_reading_level(page: Page, server: str, level: Audience) -> None:
    plain = level is Audience.PATIENT
    open_app(page, f"{server}/?audience={level.value}")
    _assert_level(page, level)
    assert KB.navigation is not None
    previous = "home"
    for entry in KB.navigation.pages:
        page.locator(SIDEBAR).get_by_role("link", name=KB.page_title(entry.id, plain=plain), exact=True).click()
        expect(page.locator("h1").first).to_have_text(KB.page_title(entry.id, plain=plain))
        _assert_level(page, level)
        assert _page_id(page) == entry.id
        if entry.id in ("glossary", "explorer"):  # Back, then forward again, on a few of them
            page.go_back()
            expect(page.locator("h1").first).to_have_text(KB.page_title(previous, plain=plain))
            _assert_level(page, level)
            page.go_forward()
            _assert_level(page, level)
        previous = entry.id
    page.reload()
    page.wait_for_selector("[data-testid='stApp']")
    _assert_level(page, level)


@pytest.mark.parametrize("level", list(Audience))
def test_home_cards_and_pathway_links_keep_the_reading_level(page: Page, server: str, level: Audience) -> None:
    plain = level is Audience.PATIENT
    assert KB.navigation is not None
    for card in KB.navigation.entries:
        open_app(page, f"{server}/?audience={level.value}")
        page.locator(f".st-key-entry_{card.page} a").click()
        expect(page.locator("h1").first).to_have_text(KB.page_title(card.page, plain=plain))
        _assert_level(page, level)
        page.go_back()
        expect(page.locator("h1").first).to_have_text(KB.page_title("home", plain=plain))
        _assert_level(page, level)
    # A "see it in the pathway" link in a page's text opens the explorer on its structure, at the same level.
    open_app(page, f"{server}/what_is_cgh?audience={level.value}")
    link = page.locator("[data-testid='stMain'] a[href*='node=']").first
    node = parse_qs(urlparse(link.get_attribute("href") or "").query)["node"][0]
    link.click()
    expect(page.locator(".st-key-details").get_by_role("heading", name=KB.nodes[node].label)).to_be_visible()
    _assert_level(page, level)
    assert _query(page)["node"] == node
    page.go_back()
    expect(page.locator("h1").first).to_have_text(KB.page_title("what-is-cgh", plain=plain))
    _assert_level(page, level)


def _share_link(page: Page) -> dict[str, str]:
    assert KB.wording is not None
    share = KB.wording.ui["toolbar.share"].at(plain=False)
    page.get_by_role("button", name=share).first.click()
    code = page.get_by_role("dialog", name=share).locator("code").first
    expect(code).to_be_visible()
    text = code.inner_text().strip()
    page.keyboard.press("Escape")
    return {k: v[0] for k, v in parse_qs(urlparse(text).query).items()}


def _assert_chosen(page: Page, node: str, *, share: bool = True) -> None:
    """The URL, the share link and the details name the same structure, and still do after a reload."""
    details = page.locator(".st-key-details")
    expect(details.get_by_role("heading", name=KB.nodes[node].label)).to_be_visible(timeout=15_000)
    wait_idle(page)
    assert _query(page).get("node") == node, page.url
    if share:
        assert _share_link(page).get("node") == node
    page.reload()
    page.wait_for_selector("[data-testid='stApp']")
    wait_idle(page)
    expect(details.get_by_role("heading", name=KB.nodes[node].label)).to_be_visible(timeout=15_000)
    assert _query(page).get("node") == node, page.url
    no_exception(page)


def test_a_structure_chosen_any_way_is_kept(page: Page, server: str) -> None:
    start = "greater_occipital_nerve"
    # 1. A link that names it.
    open_app(page, f"{server}/explorer?audience=student&node={start}")
    _assert_chosen(page, start)
    # 2. The sidebar search, on the explorer itself (the link goes to the page already shown).
    page.locator(SIDEBAR).get_by_role("textbox").fill("third occipital nerve")
    page.keyboard.press("Enter")
    wait_idle(page)
    page.locator(SIDEBAR).get_by_role("link", name=KB.nodes["third_occipital_nerve"].label).first.click()
    _assert_chosen(page, "third_occipital_nerve")
    # 3. The picker.
    page.locator(".st-key-desk_only [data-testid='stSelectbox']").click()
    page.keyboard.type(KB.nodes["c1_c2_joint"].label)
    page.get_by_role("option", name=KB.nodes["c1_c2_joint"].label, exact=True).click()
    _assert_chosen(page, "c1_c2_joint")
    # 4. A click on the graph.
    click_graph_node(page, "lesser_occipital_nerve")
    _assert_chosen(page, "lesser_occipital_nerve")
    # 5. A "see it in the pathway" link on another page.
    open_app(page, f"{server}/what_is_cgh?audience=student")
    link = page.locator("[data-testid='stMain'] a[href*='node=']").first
    node = parse_qs(urlparse(link.get_attribute("href") or "").query)["node"][0]
    link.click()
    _assert_chosen(page, node)


def test_a_head_tap_on_a_phone_is_kept(browser: Browser, server: str) -> None:
    # 6. A tap on the head figure (the phone's view of the explorer).
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_app(page, f"{server}/explorer?audience=patient")
    region = page.locator(".st-key-phone_only svg.headmap g.region[data-region='frontal_region'] path.shape").first
    region.scroll_into_view_if_needed()
    region.tap()
    _assert_chosen(page, "frontal_region", share=False)  # the phone hides the share menu with the graph
    context.close()


# Every control a finger can reach: links, buttons, tabs, radios, inputs (a hidden input by its label),
# head-map regions inside the component's shadow root. The skip link is exempt: it
# is one pixel until a keyboard focuses it.
_SMALL_TARGETS = """() => {
  const small = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll("a[href], button, summary, input, select, [role='button'], [role='tab'],"
                                           + " [role='radio'], [role='option'], [role='checkbox'], [role='switch']")) {
      if (el.closest("[data-testid='stSkipToContent']")) continue;
      const bar = el.closest("[data-testid='stSidebar']");
      if (bar && bar.getBoundingClientRect().right <= 0) continue;
      let target = el;
      const own = el.getBoundingClientRect();
      if (el.tagName === "INPUT" && (own.width < 2 || own.height < 2)) target = el.closest("label") || el;
      const r = target.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (own.width === 0 || own.height === 0 || style.visibility === "hidden") continue;
      if (r.width < 44 || r.height < 44) {
        small.push(`${el.tagName} ${(el.innerText || el.getAttribute("aria-label") || "").slice(0, 40)}: `
                   + `${Math.round(r.width)}x${Math.round(r.height)}`);
      }
    }
    for (const host of root.querySelectorAll("*")) { if (host.shadowRoot) walk(host.shadowRoot); }
  };
  walk(document);
  return small;
}"""


def _phone(browser: Browser):  # type: ignore[no-untyped-def]
    return browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


@pytest.mark.parametrize("path", ["", "where_does_it_hurt", "explorer"])
def test_on_a_phone_every_control_is_a_fingertip_wide(browser: Browser, server: str, path: str) -> None:
    context = _phone(browser)
    page = context.new_page()
    open_app(page, f"{server}/{path}?audience=patient")
    small = page.evaluate(_SMALL_TARGETS)
    for _ in range(10):  # the page's style sheet may land a moment after the script has finished
        if not small:
            break
        page.wait_for_timeout(500)
        small = page.evaluate(_SMALL_TARGETS)
    assert small == []
    context.close()


def test_on_a_phone_the_answer_to_a_tap_comes_into_view(browser: Browser, server: str) -> None:
    context = _phone(browser)
    page = context.new_page()
    open_app(page, f"{server}/where_does_it_hurt?audience=patient")
    page.locator("svg.headmap g.view[data-view='front'] g.region[data-region='frontal_region'] path.shape").tap()
    result = page.locator(".st-key-map_result")
    expect(result).to_be_in_viewport(timeout=15_000)
    open_app(page, f"{server}/explorer?audience=patient")
    pill = short_name(KB.nodes["c2_c3_facet_joint"].model_dump(), plain=True)  # patients read everyday names
    page.locator(".st-key-phone_picker").get_by_role("radio", name=pill).tap()
    heading = page.locator(".st-key-details").get_by_role("heading", name=KB.nodes["c2_c3_facet_joint"].label)
    expect(heading).to_be_in_viewport(timeout=15_000)
    # ... whole, below the header bar that stays over the top of the page (the scroll is smooth: let it end)
    tops = [-1.0]
    for _ in range(30):
        page.wait_for_timeout(200)
        tops.append(heading.bounding_box()["y"])
        if tops[-1] == tops[-2]:
            break
    header = page.locator("[data-testid='stHeader']").bounding_box()
    assert tops[-1] >= header["y"] + header["height"], (tops[-1], header)
    context.close()
