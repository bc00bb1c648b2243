"""Click -> updated page latency in a real browser: the explorer vs bare plotly floors, in one run.

Starts Streamlit servers on free 127.0.0.1 ports: the app, and floor_app.py --recolour, the explorer's
own graph at its own positions re-coloured by each click on the server (the re-colouring floor, the
target's yardstick); with --all also floor_app.py with as many points on a grid that never changes (the
static floor) and floor_app.py --figure (the explorer's figure alone, as st.plotly_chart drew it).
Opens each in headless Chromium, clicks different graph points and times, per click, in the page (from
the mouse press's own time stamp to the first animation frame showing the result):

- the explorer (its graph component, explorer/ui/graphview.py): click -> the chosen node is marked
  (`aria-current`) and lit (the plot shows its look), and click -> the details show its label and
  Streamlit is idle;
- each floor: click -> its heading shows the clicked node and Streamlit is idle.

    .venv/bin/python benchmarks/click_latency.py [--clicks 24] [--all]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _browser import _DONE_JS, Server, launch, points, wait_for_chart
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from explorer.graph import build_graph
from explorer.load import load_knowledge_base

PAUSE_MS = 500


# The explorer's graph shows node `id` lit and marked (graphview.js sets both in the click's own task).
_LIT_JS = """
(id) => {
  const plot = document.querySelector('.gv-plot');
  const mark = document.querySelector('.gv-node[aria-current="true"]');
  return !!plot && plot.dataset.look === id && !!mark && mark.dataset.node === id;
}
"""

# Times are taken in the page, from the mouse press (the event's own time stamp) to the first animation
# frame in which a condition holds, so the automation's round trips are not counted, on any page.
_PRESS_JS = """() => {
  if (!window.__pressClock) {
    window.__pressClock = true;
    document.addEventListener('mousedown', (e) => { window.__pressAt = e.timeStamp; }, true);
  }
  window.__pressAt = null;
}"""


def _timed(condition: str) -> str:
    return f"(arg) => window.__pressAt != null && ({condition})(arg) && (performance.now() - window.__pressAt)"


def _wait(page, condition: str, arg: str) -> float:
    """Seconds from the last mouse press to the first frame in which `condition(arg)` holds."""
    ms = page.wait_for_function(_timed(condition), arg=arg, timeout=15_000, polling="raf").json_value()
    return float(ms) / 1000


def run_clicks(page, n_clicks: int, label_of, lit: list[float] | None = None) -> list[float]:
    """One warm-up click, then n_clicks timed clicks, each on a different point than the last.

    Returns each click's time to its page done (the heading shows the node and Streamlit is idle). With
    `lit`, the page is the explorer: each click's time to marked-and-lit is appended to it too."""
    pts = points(page)
    ids = sorted({p["id"] for p in pts})
    step = max(1, len(ids) // (n_clicks + 1))
    order = [ids[(i * step) % len(ids)] for i in range(n_clicks + 1)]
    times: list[float] = []
    for i, target in enumerate(order):
        # Plotly reads two clicks within its doubleClickDelay (300 ms) as a double-click, which clears
        # the selection; a person pauses longer than that, so we do too (the pause is not timed).
        page.wait_for_timeout(PAUSE_MS)
        pt = next(p for p in points(page) if p["id"] == target)  # fresh coordinates each time
        try:
            page.evaluate(_PRESS_JS)
            page.mouse.click(pt["x"], pt["y"])
            t_lit = _wait(page, _LIT_JS, target) if lit is not None else 0.0
            dt = _wait(page, _DONE_JS, label_of(target))
        except PlaywrightError as exc:
            print(f"  click {target} error: {exc}")
            continue
        if i:  # the first click warms caches
            times.append(dt)
            if lit is not None:
                lit.append(t_lit)
    return times


def measure(browser, url_first: str, url: str, n_clicks: int, label_of, lit: list[float] | None = None) -> list[float]:
    ctx = browser.new_context(viewport={"width": 1600, "height": 1400})
    page = ctx.new_page()
    page.goto(url_first, wait_until="domcontentloaded")
    if url != url_first:
        page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
        time.sleep(1)
        page.goto(url, wait_until="domcontentloaded")
    wait_for_chart(page)
    page.wait_for_timeout(500)
    try:
        return run_clicks(page, n_clicks, label_of, lit)
    finally:
        ctx.close()


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def summary(name: str, xs: list[float]) -> str:
    xs = sorted(xs)
    return (f"{name}: {len(xs)} clicks, median {statistics.median(xs) * 1000:.0f} ms, p95 {p95(xs) * 1000:.0f} ms, "
            f"min {xs[0] * 1000:.0f} ms, max {xs[-1] * 1000:.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clicks", type=int, default=24)
    ap.add_argument("--all", action="store_true", help="also the static floor and the figure-alone probe")
    a = ap.parse_args()
    G = build_graph(load_knowledge_base())
    label = lambda n: G.nodes[n]["label"]  # noqa: E731
    results: dict[str, list[float]] = {}
    lit: list[float] = []
    with contextlib.ExitStack() as stack:
        app = stack.enter_context(Server("app.py"))
        recolour = stack.enter_context(Server("benchmarks/floor_app.py", "--recolour"))
        floor = stack.enter_context(Server("benchmarks/floor_app.py", "--points", str(len(G)))) if a.all else None
        alone = stack.enter_context(Server("benchmarks/floor_app.py", "--figure")) if a.all else None
        p = stack.enter_context(sync_playwright())
        browser = launch(p)
        try:
            results["explorer: click -> details shown (app.py)"] = measure(
                browser, f"{app.url}/", f"{app.url}/explorer", a.clicks, label, lit)
            results["re-colouring floor: click -> re-coloured (floor_app.py --recolour)"] = painted = measure(
                browser, f"{recolour.url}/", f"{recolour.url}/", a.clicks, label)
            if floor and alone:
                results["static floor (floor_app.py)"] = measure(browser, f"{floor.url}/", f"{floor.url}/",
                                                                 a.clicks, lambda n: n)
                results["the explorer's figure alone (floor_app.py --figure)"] = measure(
                    browser, f"{alone.url}/", f"{alone.url}/", a.clicks, label)
        finally:
            browser.close()
    print(summary("explorer: click -> node marked and lit (app.py)", lit))
    for name, xs in results.items():
        print(summary(name, xs))
    floor_p50 = statistics.median(painted)
    details = next(iter(results.values()))
    r_lit, r_details = statistics.median(lit) / floor_p50, statistics.median(details) / floor_p50
    print(f"marked and lit / re-coloured (medians): {r_lit:.2f}  "
          f"(target <= 0.50: {'met' if r_lit <= 0.5 else 'MISSED'})")
    print(f"details shown / re-coloured (medians): {r_details:.2f}  "
          f"(target <= 1.00: {'met' if r_details <= 1.0 else 'MISSED'})")
    print(f"p95: lit {p95(lit) / p95(painted):.2f}, details {p95(details) / p95(painted):.2f} of the floor's p95")


if __name__ == "__main__":
    main()
