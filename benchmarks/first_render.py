"""First render of every page in headless Chromium: navigation start -> page settled.

One `streamlit run app.py` on a free 127.0.0.1 port. It is warmed once by opening / (so the entry script
has run and st.navigation knows the pages). Then, for each page, --repeats times, a NEW browser context
(cold for the session: no cache, no cookies, no websocket) opens the page's URL and we wait until it is
settled:

* the page's script run has finished: a `script_finished` ForwardMsg arrived on the page's websocket
  (decoded in Python from Playwright's websocket frames), and then in the DOM
* an h1 is visible,
* there is no `[data-testid=stStatusWidget]` and no `[data-stale=true]` element,
* there are as many `[data-testid=stPlotlyChart]` as `plotly_chart` deltas the server sent (the frontend
  loads plotly lazily, so right after the run the chart is not in the DOM yet), and every one contains a
  `.main-svg` (plotly has drawn).

The time reported is `performance.now()` at the moment the DOM check passes, i.e. milliseconds since the
page's navigation start (the browser's own clock). The DOM check starts only after Python has seen
`script_finished`, so a figure can be over-stated by the polling step (~10 ms) plus one IPC round trip.

Also one "cold server" figure: a fresh server's very first request, straight to /explorer?node=GON.

    .venv/bin/python benchmarks/first_render.py [--repeats 5] [--pages explorer,glossary]

With 5 repeats the p95 is the slowest of the five (nearest-rank).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _browser import Server, launch
from playwright.sync_api import sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

PAGES = ["", "what_is_cgh", "explorer", "presentation", "migraine_overlap", "diagnosis", "treatment",
         "coexisting", "blind_spot", "where_does_it_hurt", "self_test", "tours", "glossary", "references"]

_SETTLED_JS = """
(expectedCharts) => {
  const h1 = [...document.querySelectorAll('h1')].some(e => {
    const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
  if (!h1) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  if (charts.length < expectedCharts) return false;  // plotly is loaded lazily: placeholder first
  if (!charts.every(c => c.querySelector('.main-svg'))) return false;
  return performance.now();
}
"""

TIMEOUT_S = 60


def open_and_time(browser, url: str) -> tuple[float, int, float]:
    """ms from navigation start to settled; the number of plotly charts in the DOM; ms to DOMContentLoaded."""
    ctx = browser.new_context(viewport={"width": 1600, "height": 1400})
    finished: list[int] = []
    sent_charts: list[int] = []  # plotly_chart deltas the server sent (the DOM must show this many)

    def on_ws(ws) -> None:
        def on_frame(payload) -> None:
            if isinstance(payload, (bytes, bytearray)):
                fm = ForwardMsg()
                try:
                    fm.ParseFromString(bytes(payload))
                except Exception:
                    return
                kind = fm.WhichOneof("type")
                if kind == "script_finished":
                    finished.append(fm.script_finished)
                elif (kind == "delta" and fm.delta.WhichOneof("type") == "new_element"
                      and fm.delta.new_element.WhichOneof("type") == "plotly_chart"):
                    sent_charts.append(1)
        ws.on("framereceived", on_frame)

    try:
        page = ctx.new_page()
        page.on("websocket", on_ws)
        page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
        deadline = time.monotonic() + TIMEOUT_S
        while not finished:  # events are dispatched while Playwright waits
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url}: no script_finished within {TIMEOUT_S} s")
            page.wait_for_timeout(10)
        ms = page.wait_for_function(_SETTLED_JS, arg=len(sent_charts), timeout=TIMEOUT_S * 1000,
                                    polling="raf").json_value()
        charts = page.locator('[data-testid="stPlotlyChart"]').count()
        dcl = page.evaluate("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        if any(s != ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY") for s in finished):
            raise RuntimeError(f"{url}: script finished with status {finished}")
        if page.locator('[data-testid="stException"]').count():
            raise RuntimeError(f"{url}: the page shows an exception")
        return float(ms), charts, float(dcl)
    finally:
        ctx.close()


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--pages", default=",".join(PAGES), help="comma-separated URL paths ('' = home)")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-server measurement")
    a = ap.parse_args()
    pages = a.pages.split(",")
    results: dict[str, list[float]] = {p: [] for p in pages}
    dcls: list[float] = []
    charts: dict[str, int] = {}
    errors: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            cold = None
            if not a.no_cold:
                with Server("app.py") as server:
                    cold = open_and_time(browser, f"{server.url}/explorer?node=GON")[0]
            with Server("app.py") as server:
                open_and_time(browser, f"{server.url}/")  # the entry script runs once; not reported
                for rep in range(a.repeats):
                    for path in pages:  # interleaved, so drift affects every page alike
                        try:
                            ms, n_charts, dcl = open_and_time(browser, f"{server.url}/{path}")
                            results[path].append(ms)
                            dcls.append(dcl)
                            charts[path] = n_charts
                        except Exception as exc:
                            errors.append(f"rep {rep} /{path}: {type(exc).__name__}: {str(exc).splitlines()[0][:150]}")
        finally:
            browser.close()
    print(f"First render, navigation start -> settled, {a.repeats} new contexts per page, warm server")
    print("| Page | Plotly charts | Median | p95 | Min | Max |")
    print("|---|---|---|---|---|---|")
    for path in pages:
        xs = results[path]
        if not xs:
            print(f"| /{path} | — | failed | | | |")
            continue
        print(f"| /{path} | {charts.get(path, 0)} | {statistics.median(xs):.0f} ms | {pct(xs, 0.95):.0f} ms "
              f"| {min(xs):.0f} ms | {max(xs):.0f} ms |")
    if dcls:
        print(f"DOMContentLoaded (HTML + app bundle, before the websocket), all pages: median "
              f"{statistics.median(dcls):.0f} ms, p95 {pct(dcls, 0.95):.0f} ms")
    if cold is not None:
        print(f"Cold server (fresh server's very first request, /explorer?node=GON): {cold:.0f} ms")
    print(f"errors: {len(errors)}")
    for e in errors[:20]:
        print("  error:", e)


if __name__ == "__main__":
    main()
