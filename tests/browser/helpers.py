"""Small Playwright helpers for a Streamlit page."""

from __future__ import annotations

import contextlib

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout


def open_app(page: Page, url: str) -> None:
    """Open a page and wait until Streamlit has finished running its script."""
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp']")
    wait_idle(page)


_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
_BUSY = ("[data-testid='stApp'][data-test-script-state='running'], "
         "[data-testid='stApp'][data-test-script-state='initial']")


def wait_idle(page: Page, timeout: float = 30_000, *, after_action: bool = True) -> None:
    """Wait until Streamlit has finished running the page script (its own `data-test-script-state`).

    After an action the rerun may not have started yet, so first give it a moment to start.
    """
    if after_action:
        with contextlib.suppress(PlaywrightTimeout):  # it was quick, or there was nothing to rerun
            page.wait_for_selector(_BUSY, timeout=600)
    page.wait_for_selector(_IDLE, timeout=timeout)
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=timeout)


def no_exception(page: Page) -> None:
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def click_graph_node(page: Page, node_id: str, chart_index: int = 0) -> None:
    """Click the marker whose customdata is `node_id`, at its on-screen position."""
    point = page.evaluate(
        """([nodeId, idx]) => {
            const gd = document.querySelectorAll('.js-plotly-plot')[idx];
            const fl = gd._fullLayout;
            for (const trace of gd.data) {
                const cd = trace.customdata || [];
                const i = Array.from(cd).indexOf(nodeId);
                if (i >= 0) {
                    const box = gd.getBoundingClientRect();
                    return {x: box.left + fl.xaxis._offset + fl.xaxis.l2p(trace.x[i]),
                            y: box.top + fl.yaxis._offset + fl.yaxis.l2p(trace.y[i])};
                }
            }
            return null;
        }""",
        [node_id, chart_index],
    )
    assert point, f"{node_id} is not in the graph"
    # Plotly picks the clicked point from its last hover, so hover first, as a hand on a mouse would,
    # until plotly answers with its hover label (right after a render it may not be listening yet).
    hover = page.locator(".js-plotly-plot .hoverlayer .hovertext")
    for _ in range(20):
        page.mouse.move(point["x"] + 40, point["y"] + 40)
        page.mouse.move(point["x"], point["y"])
        try:
            hover.first.wait_for(state="visible", timeout=500)
            break
        except PlaywrightTimeout:
            continue
    page.mouse.click(point["x"], point["y"])
