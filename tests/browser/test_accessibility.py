"""Accessibility in a real browser: axe-core (WCAG 2 A/AA) on every page at every reading level,
keyboard-only use of the explorer's select box, and a text alternative for every explorer chart.

axe-core is pinned in tests/browser/package.json; install it with `npm ci --prefix tests/browser`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from explorer.load import load_knowledge_base
from tests.browser.helpers import no_exception, open_app

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
AUDIENCES = ["patient", "student", "clinician"]
KB = load_knowledge_base()
_NAV = KB.navigation
assert _NAV is not None
PATHS = [entry.url_path for entry in _NAV.pages]  # the one page list drives these tests too
BLOCKING = {"serious", "critical"}

# Violations in Streamlit's own markup that the app cannot change. Key: (axe rule id, CSS selector); a violating
# element is allowed when it matches the selector or sits inside an element that does (Element.closest).
ALLOW_LIST: dict[tuple[str, str], str] = {
    ("list", "[data-testid='stSidebarNav'] ul[data-testid='stSidebarNavItems']"):
        "Streamlit's sidebar page navigation (st.navigation with page sections) renders "
        "<ul data-testid=stSidebarNavItems> whose direct children are one <div> per section (a <header> plus "
        "the <li> links), so the <ul> holds <div>s. The markup comes from Streamlit's frontend; the app could "
        "only avoid it by dropping the page sections.",
    ("listitem", "[data-testid='stSidebarNav'] ul[data-testid='stSidebarNavItems'] li"):
        "Same Streamlit sidebar navigation markup: each page link <li> sits inside a section <div>, not directly "
        "inside the <ul>, so axe reports it as a list item without a list parent.",
}

_RUN_AXE = """async (known) => {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('axe.run took over 30 s')), 30000));
    const result = await Promise.race([
        // WCAG 2.0 and 2.1 A/AA, and "label in name" (2.5.3), which axe-core ships as experimental.
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'experimental']},
                           rules: {'label-content-name-mismatch': {enabled: true}}}), timeout]);
    const find = (target) => {
        const sel = Array.isArray(target) ? target[target.length - 1] : target;
        try { return document.querySelector(sel); } catch (e) { return null; }
    };
    const out = [];
    for (const v of result.violations) {
        for (const node of v.nodes) {
            const el = find(node.target[node.target.length - 1]);
            const matched = known.filter(([rule, sel]) => rule === v.id && el && el.closest(sel))
                                 .map(([rule, sel]) => sel);
            const checks = [...node.any, ...node.all, ...node.none].map(c => c.message);
            out.push({rule: v.id, impact: node.impact || v.impact, target: node.target.join(' >>> '),
                      html: node.html.slice(0, 200), message: checks.join(' / '), matched});
        }
    }
    return out;
}"""


def _axe_ready(page: Page) -> None:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed ({AXE} is missing): run `npm ci --prefix tests/browser` "
                    "(or `cd tests/browser && npm ci`) first")
    page.add_script_tag(path=str(AXE))


def _violations(page: Page) -> list[dict[str, Any]]:
    """Serious or critical axe violations on the current page; `matched` lists the ALLOW_LIST
    selectors (for the same rule) that cover each one."""
    _axe_ready(page)
    found = page.evaluate(_RUN_AXE, [list(k) for k in ALLOW_LIST])
    return [v for v in found if v["impact"] in BLOCKING]


def _report(found: list[dict[str, Any]]) -> str:
    return "\n".join(f"- {v['rule']} ({v['impact']}) at {v['target']}: {v['message']}\n    {v['html']}"
                     for v in found)


_SETTLED = """() => {
    const now = performance.now();
    const size = document.querySelectorAll('*').length;
    const busy = document.querySelector('[data-testid="stSkeleton"], [data-testid="stStatusWidget"]');
    if (busy || window.__a11ySize !== size) {
        window.__a11ySize = size;
        window.__a11ySince = now;
        return false;
    }
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    return now - window.__a11ySince > 500 && charts.every(c => c.querySelector('.main-svg'));
}"""


def _open_ready(page: Page, url: str) -> None:
    """Open a page and wait until its script has run, its title shows and lazy parts (charts) are drawn."""
    open_app(page, url)
    expect(page.locator("h1").first).to_be_visible(timeout=30_000)
    try:
        page.wait_for_function(_SETTLED, polling=100, timeout=30_000)
    except PlaywrightTimeoutError:
        busy = page.evaluate("""() => [...document.querySelectorAll('[data-testid]')].map(e => e.dataset.testid)
            .filter(t => /Skeleton|Status|Plotly/.test(t)).join(', ')""")
        pytest.fail(f"{url} never settled within 30 s (still busy: {busy or 'DOM kept changing'}); "
                    "was an app file edited while the tests ran?")
    no_exception(page)


@pytest.fixture(scope="module", params=AUDIENCES)
def audience_page(request: pytest.FixtureRequest, browser: Browser, server: str) -> Iterator[tuple[str, Page]]:
    """One browser context per reading level, reused for every page at that level."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    open_app(page, server)  # a fresh server needs one run of the entry script
    yield request.param, page
    context.close()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p or "home")
def test_page_has_no_serious_axe_violations(audience_page: tuple[str, Page], server: str, path: str) -> None:
    audience, page = audience_page
    _open_ready(page, f"{server}/{path}?audience={audience}")
    # Every page, at every level, opens with the one-line urgent signs (issue 19), the full list one tap away.
    urgent = page.locator(".st-key-urgent_line")
    expect(urgent).to_be_visible()
    assert KB.safety is not None
    expect(urgent).to_contain_text(KB.safety.short_line.at(plain=audience == "patient").split(".")[0])
    found = [v for v in _violations(page) if not v["matched"]]
    assert not found, f"/{path}?audience={audience}: serious or critical axe violations:\n{_report(found)}"


def test_explorer_select_box_works_from_the_keyboard_alone(page: Page, server: str) -> None:
    open_app(page, server)
    _open_ready(page, f"{server}/explorer?audience=student")
    label = re.compile(r"^Choose a structure")
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const e = document.activeElement;
            const box = e && e.closest('[data-testid="stSelectbox"]');
            return box ? (e.getAttribute('aria-label') || box.innerText) : null;
        }""")
        if focused and label.search(focused):
            break
    else:
        pytest.fail("60 Tab presses never reached the 'Choose a structure' select box")
    page.keyboard.type("greater occ")
    page.keyboard.press("Enter")
    details = page.locator(".st-key-details")
    expect(details.get_by_role("heading", name="Greater occipital nerve")).to_be_visible(timeout=15_000)
    no_exception(page)
    assert "node=greater_occipital_nerve" in page.url


@pytest.mark.parametrize("query", ["", "?node=GON"], ids=["whole-graph", "one-node"])
def test_every_explorer_chart_has_a_text_alternative(page: Page, server: str, query: str) -> None:
    # Streamlit 1.67 renders st.plotly_chart(alt=...) as role="figure" aria-label="<alt>" on the
    # stPlotlyChart element; the explorer's graph component (graphview) labels its own role="figure".
    open_app(page, server)
    _open_ready(page, f"{server}/explorer{query}")
    charts = page.locator("[data-testid='stPlotlyChart'], .gv[role='figure']")
    assert charts.count() >= 1
    for i in range(charts.count()):
        chart = charts.nth(i)
        expect(chart).to_have_attribute("role", "figure")
        alt = chart.get_attribute("aria-label") or ""
        assert len(alt.split()) >= 8, f"chart {i} has no useful text alternative: {alt!r}"
    if query:  # with a node chosen, the promised text version follows the chart
        expect(page.get_by_role("heading", name="Routes to the cortex")).to_be_visible()
        expect(page.get_by_role("heading", name="Where its pain is felt")).to_be_visible()
