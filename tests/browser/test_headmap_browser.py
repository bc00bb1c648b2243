"""The head map widget in a real browser: one click, one key press or one tap chooses a region; no axe-core
violations on a wide screen or a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import running_app
from tests.browser.helpers import no_exception, open_app, wait_idle
from tests.browser.test_accessibility import _report, _violations

pytestmark = pytest.mark.browser

APP = Path(__file__).with_name("headmap_app.py")
FIGURE = "svg.headmap"  # Playwright's CSS selectors reach into the component's shadow root


@pytest.fixture(scope="module")
def headmap_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("headmap"), APP) as url:
        yield url


def _page(browser: Browser, url: str, *, phone: bool = False) -> Page:
    if phone:
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                      device_scale_factor=2)
    else:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    open_app(page, url)
    page.locator(FIGURE).wait_for()
    return page


def _region(page: Page, region: str, view: str) -> object:
    return page.locator(f'{FIGURE} g.view[data-view="{view}"] g.region[data-region="{region}"]')


def _centre_of_area(page: Page, region: str, view: str) -> dict[str, float]:
    """A point on the screen inside the region's drawn area (its anchor), not on its label."""
    point = page.evaluate(
        """([region, view]) => {
            const find = (root) => root.querySelector('svg.headmap') ||
                [...root.querySelectorAll('*')].map(e => e.shadowRoot && find(e.shadowRoot)).find(Boolean);
            const svg = find(document);
            const g = svg.querySelector(`g.view[data-view="${view}"]`);
            const shape = g.querySelector(`g.region[data-region="${region}"] path.shape`);
            const box = shape.getBBox();
            let p = svg.createSVGPoint();
            // Walk the area's middle row until the point is inside the path itself.
            for (let i = 0; i <= 20; i++) {
                p.x = box.x + box.width * (0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.04);
                p.y = box.y + box.height / 2;
                if (shape.isPointInFill(p)) break;
            }
            const s = p.matrixTransform(shape.getScreenCTM());
            return {x: s.x, y: s.y};
        }""",
        [region, view],
    )
    assert point, f"{region} is not drawn in the {view} view"
    return point


def _last_chosen(page: Page, region: str) -> None:
    expect(page.get_by_text(f"Last chosen: {region}")).to_be_visible(timeout=15_000)


def test_one_click_on_the_forehead_chooses_it(browser: Browser, headmap_server: str) -> None:
    page = _page(browser, headmap_server)
    forehead = _region(page, "frontal_region", "front")
    expect(forehead).to_have_attribute("aria-pressed", "false")
    point = _centre_of_area(page, "frontal_region", "front")
    page.mouse.click(point["x"], point["y"])  # no hover first
    wait_idle(page)
    _last_chosen(page, "frontal_region")
    expect(page.get_by_text("Choices made: 1")).to_be_visible()
    expect(forehead).to_have_attribute("aria-pressed", "true")
    # All three views side by side on a wide screen, text at least 12 px on the screen.
    for view in ("front", "side", "back"):
        expect(page.locator(f'{FIGURE} g.view[data-view="{view}"]')).to_be_visible()
    expect(page.locator(".hm-tabs")).to_be_hidden()
    assert _smallest_text_px(page) >= 12
    # A click on a label chooses its region too.
    page.locator(f'{FIGURE} g.view[data-view="back"] g.region[data-region="occipital_region"] rect.label-box').click()
    wait_idle(page)
    _last_chosen(page, "occipital_region")
    no_exception(page)
    found = _violations(page)
    assert not found, _report(found)
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


def _focused_region(page: Page) -> str | None:
    return page.evaluate(
        """() => {
            let el = document.activeElement;
            while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
            return el && el.matches && el.matches('g.region[role=button]') ? el.dataset.region : null;
        }"""
    )


def test_tab_to_a_region_and_enter_chooses_it(browser: Browser, headmap_server: str) -> None:
    page = _page(browser, headmap_server)
    region = None
    for _ in range(60):
        page.keyboard.press("Tab")
        region = _focused_region(page)
        if region:
            break
    assert region, "Tab never reached a region of the map"
    assert page.evaluate(  # the focus is visible: the focused region's label gets a thick outline
        """() => {
            let el = document.activeElement;
            while (el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
            return parseFloat(getComputedStyle(el.querySelector('rect.label-box')).strokeWidth);
        }"""
    ) >= 3
    page.keyboard.press("Enter")
    wait_idle(page)
    _last_chosen(page, region)
    expect(page.locator(f'{FIGURE} g.region[data-region="{region}"]').first).to_have_attribute("aria-pressed", "true")
    # The focus stays on the region, so the next key goes on from there; Space also chooses.
    assert _focused_region(page) == region
    page.keyboard.press("Tab")
    following = _focused_region(page)
    assert following and following != region
    page.keyboard.press(" ")
    wait_idle(page)
    _last_chosen(page, following)
    expect(page.get_by_text("Choices made: 2")).to_be_visible()
    page.context.close()


def test_phone_shows_one_view_with_big_view_buttons_and_one_tap_chooses(browser: Browser, headmap_server: str) -> None:
    page = _page(browser, headmap_server, phone=True)
    buttons = page.locator(".hm-tabs button")
    expect(buttons).to_have_count(3)
    assert [b.inner_text() for b in buttons.all()] == ["Front", "Side", "Back"]
    for b in buttons.all():
        box = b.bounding_box()
        assert box and box["height"] >= 44, box
    expect(page.locator(f'{FIGURE} g.view[data-view="front"]')).to_be_visible()
    expect(page.locator(f'{FIGURE} g.view[data-view="side"]')).to_be_hidden()
    assert _smallest_text_px(page) >= 12
    # Every region's button (its area and its label) is at least 24 px tall to tap.
    for g in page.locator(f'{FIGURE} g.view[data-view="front"] g.region').all():
        box = g.locator("rect.label-box").bounding_box()
        assert box and box["height"] >= 24, (g.get_attribute("data-region"), box)
    point = _centre_of_area(page, "frontal_region", "front")
    page.touchscreen.tap(point["x"], point["y"])
    wait_idle(page)
    _last_chosen(page, "frontal_region")
    expect(page.get_by_text("Choices made: 1")).to_be_visible()
    # Switch to the back view and tap the back of the head: still one tap, one choice.
    page.locator(".hm-tabs button", has_text="Back").tap()
    expect(page.locator(f'{FIGURE} g.view[data-view="back"]')).to_be_visible()
    expect(page.locator(f'{FIGURE} g.view[data-view="front"]')).to_be_hidden()
    point = _centre_of_area(page, "occipital_region", "back")
    page.touchscreen.tap(point["x"], point["y"])
    wait_idle(page)
    _last_chosen(page, "occipital_region")
    expect(page.get_by_text("Choices made: 2")).to_be_visible()
    expect(page.locator(f'{FIGURE} g.view[data-view="back"]')).to_be_visible()  # the view stays chosen
    expect(page.locator(".hm-tabs button", has_text="Front")).to_have_text("Front (1)")
    found = _violations(page)  # axe-core, into the component's shadow root, with regions chosen
    assert not found, _report(found)
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


def _smallest_text_px(page: Page) -> float:
    """The smallest font size of the visible text of the figure, in CSS px on the screen."""
    return page.evaluate(
        """() => {
            const find = (root) => root.querySelector('svg.headmap') ||
                [...root.querySelectorAll('*')].map(e => e.shadowRoot && find(e.shadowRoot)).find(Boolean);
            const svg = find(document);
            const scale = svg.getScreenCTM().a;
            const sizes = [...svg.querySelectorAll('text')].filter(t => t.getClientRects().length)
                .map(t => parseFloat(t.getAttribute('font-size')) * scale);
            return Math.min(...sizes);
        }"""
    )
