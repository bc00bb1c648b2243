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
    shown = page.locator("[data-testid='stException']")
    if shown.count():  # say which exception, so a failure in CI can be read from its log
        raise AssertionError(f"the page shows an exception: {shown.first.inner_text()[:500]}")
    expect(shown).to_have_count(0)


def click_graph_node(page: Page, node_id: str, chart_index: int = 0) -> None:
    """Click the marker whose customdata is `node_id`, at its on-screen position."""
    page.wait_for_function("(i) => { const gd = document.querySelectorAll('.js-plotly-plot')[i];"
                           " return gd && gd._fullLayout && gd.data && gd.data.length > 0; }", arg=chart_index)
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
                            y: box.top + fl.yaxis._offset + fl.yaxis.l2p(trace.y[i]),
                            hover: String((trace.hovertext || [])[i] || "").split("<br>")[0]};
                }
            }
            return null;
        }""",
        [node_id, chart_index],
    )
    assert point, f"{node_id} is not in the graph"
    # Plotly picks the clicked point from its last hover, so hover first, as a hand on a mouse would,
    # until plotly's hover label names this node (right after a render it may not be listening yet, and
    # a label from an earlier hover can linger for a moment).
    wanted = point["hover"].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    hover = page.locator(".js-plotly-plot .hoverlayer .hovertext", has_text=wanted)
    for attempt in range(20):
        page.mouse.move(point["x"] + (3 if attempt % 2 else -3), point["y"])
        page.mouse.move(point["x"], point["y"])
        try:
            hover.first.wait_for(state="visible", timeout=500)
            break
        except PlaywrightTimeout:
            continue
    page.mouse.click(point["x"], point["y"])


def plotted_labels(page: Page, chart_index: int = 0) -> list[dict]:
    """Every node label drawn in a convergence chart: its node id, text, screen box and weight."""
    page.wait_for_function(
        "(i) => { const gd = document.querySelectorAll('.js-plotly-plot')[i];"
        " return gd && gd.querySelectorAll('.textpoint text').length > 0; }", arg=chart_index)
    return page.evaluate(
        r"""(i) => {
            const gd = document.querySelectorAll('.js-plotly-plot')[i];
            const groups = gd.querySelectorAll('.scatterlayer > .trace');
            const out = [];
            // The label traces ('labels'; the graph component draws each label twice, bold in 'labels-bold',
            // and makes one of the two transparent): the labels a reader sees.
            gd.data.forEach((trace, ti) => {
                if (!['labels', 'labels-bold'].includes(trace.name)) return;
                groups[ti].querySelectorAll('.textpoint text').forEach((t, k) => {
                    if (/^(transparent|rgba\(0, 0, 0, 0\))$/.test(getComputedStyle(t).fill)) return;
                    const r = t.getBoundingClientRect();
                    const bold = !!t.querySelector('tspan[style*="bold"]')
                        || /bold|700/.test(getComputedStyle(t).fontWeight);
                    out.push({id: trace.customdata[k], text: t.textContent, x0: r.left, y0: r.top, x1: r.right,
                              y1: r.bottom, bold, size: parseFloat(getComputedStyle(t).fontSize)});
                });
            });
            return out;
        }""",
        chart_index,
    )


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes overlap by more than a pixel."""
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["x0"] + 1 < b["x1"] and b["x0"] + 1 < a["x1"] and a["y0"] + 1 < b["y1"] and b["y0"] + 1 < a["y1"]:
                found.append((a["id"], b["id"]))
    return found


def inside(box: dict, width: int, height: int) -> bool:
    return box["x0"] >= 0 and box["y0"] >= 0 and box["x1"] <= width and box["y1"] <= height
