"""Click -> updated page latency in a real browser: the explorer vs two bare plotly floors, in one run.

Starts three Streamlit servers on free 127.0.0.1 ports: the app; benchmarks/floor_app.py with the same
number of points on a grid that never changes (the static floor); and floor_app.py --recolour, the
explorer's own graph at its own positions re-coloured by each click (the re-colouring floor, the
target's yardstick). Opens each in headless Chromium, clicks >= 10 different graph points and times
click -> (a heading shows the clicked node's label and Streamlit is idle).

    .venv/bin/python benchmarks/click_latency.py [--clicks 12]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _browser import ClickTimeout, Server, click_and_wait, launch, points, wait_for_chart
from playwright.sync_api import sync_playwright

from explorer.graph import build_graph
from explorer.load import load_knowledge_base

PAUSE_MS = 500


def run_clicks(page, n_clicks: int, label_of) -> list[float]:
    """One warm-up click, then n_clicks timed clicks, each on a different point than the last."""
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
            dt = click_and_wait(page, pt, label_of(target), timeout_ms=15_000)
        except ClickTimeout as exc:
            print(f"  click error: {exc}")
            continue
        if i:  # the first click warms caches
            times.append(dt)
    return times


def measure(browser, url_first: str, url: str, n_clicks: int, label_of) -> list[float]:
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
        return run_clicks(page, n_clicks, label_of)
    finally:
        ctx.close()


def summary(name: str, xs: list[float]) -> str:
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]
    return (f"{name}: {len(xs)} clicks, median {statistics.median(xs) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"min {xs[0] * 1000:.0f} ms, max {xs[-1] * 1000:.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clicks", type=int, default=12)
    a = ap.parse_args()
    G = build_graph(load_knowledge_base())
    with Server("app.py") as app, Server("benchmarks/floor_app.py", "--points", str(len(G))) as floor, \
            Server("benchmarks/floor_app.py", "--recolour") as recolour, \
            Server("benchmarks/floor_app.py", "--figure") as alone, sync_playwright() as p:
        browser = launch(p)
        try:
            real = measure(browser, f"{app.url}/", f"{app.url}/explorer", a.clicks,
                           lambda n: G.nodes[n]["label"])
            base = measure(browser, f"{floor.url}/", f"{floor.url}/", a.clicks, lambda n: n)
            painted = measure(browser, f"{recolour.url}/", f"{recolour.url}/", a.clicks,
                              lambda n: G.nodes[n]["label"])
            figure = measure(browser, f"{alone.url}/", f"{alone.url}/", a.clicks, lambda n: G.nodes[n]["label"])
        finally:
            browser.close()
    print(summary("explorer (app.py)", real))
    print(summary("static floor (floor_app.py)", base))
    print(summary("re-colouring floor (floor_app.py --recolour)", painted))
    print(summary("the explorer's figure alone (floor_app.py --figure)", figure))
    ratio = statistics.median(real) / statistics.median(painted)
    verdict = 'met' if ratio <= 1.0 else 'MISSED'
    print(f"explorer / re-colouring floor (medians): {ratio:.2f}  (target <= 1.00: {verdict})")
    print(f"explorer / static floor (medians): {statistics.median(real) / statistics.median(base):.2f}")


if __name__ == "__main__":
    main()
