"""N concurrent browser sessions clicking nodes on the explorer page; errors, latency and server memory.

One headless Chromium with one context per session (to save memory), all against one
`streamlit run app.py` on a free 127.0.0.1 port. Each session opens / then /explorer, then
clicks random graph nodes (pausing 0.5-1.0 s between clicks, as a person would, and longer than
plotly's 300 ms double-click window) until --seconds have passed or --max-clicks is reached.
A click counts as an error if the page does not show the node's label as its h2 within 10 s.

    .venv/bin/python benchmarks/load_sessions.py [--sessions 50] [--seconds 30] [--max-clicks 100]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from _browser import _DONE_JS, _POINTS_JS, CHROMIUM, CHROMIUM_ARGS, Server
from playwright.async_api import async_playwright

from explorer.graph import build_graph
from explorer.load import load_knowledge_base

CLICK_TIMEOUT_MS = 10_000


async def session(i: int, browser, url: str, labels: dict[str, str], seconds: float, max_clicks: int,
                  lat: list[float], errors: list[str], start_gate: asyncio.Semaphore) -> None:
    rng = random.Random(i)
    ctx = await browser.new_context(viewport={"width": 1600, "height": 1400})
    try:
        page = await ctx.new_page()
        async with start_gate:  # stagger page loads a little so start-up is not one thundering herd
            await page.goto(f"{url}/", wait_until="domcontentloaded", timeout=60_000)
            await page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
            await page.goto(f"{url}/explorer", wait_until="domcontentloaded", timeout=60_000)
            await page.wait_for_function("() => { const g = document.querySelector('.js-plotly-plot');"
                                         " return g && g._fullData && g._fullData.length > 0; }", timeout=60_000)
        last = None
        stop_at = time.monotonic() + seconds  # each session clicks for `seconds` once its page is up
        for _ in range(max_clicks):
            if time.monotonic() >= stop_at:
                break
            await page.wait_for_timeout(rng.randint(500, 1000))
            pts = [p for p in await page.evaluate(_POINTS_JS) if p["id"] in labels and p["id"] != last]
            if not pts:
                errors.append(f"session {i}: no graph points found")
                await page.wait_for_timeout(1000)
                continue
            pt = rng.choice(pts)
            t = time.perf_counter()
            await page.mouse.click(pt["x"], pt["y"])
            try:
                await page.wait_for_function(_DONE_JS, arg=labels[pt["id"]], timeout=CLICK_TIMEOUT_MS,
                                             polling="raf")
                lat.append(time.perf_counter() - t)
                last = pt["id"]
            except Exception as exc:
                errors.append(f"session {i}: click {pt['id']}: {type(exc).__name__}")
                last = None
    except Exception as exc:
        errors.append(f"session {i}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
    finally:
        await ctx.close()


async def sample_rss(server: Server, peak: list[int], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], server.rss_kib())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


async def run(a: argparse.Namespace) -> None:
    labels = {n: d["label"] for n, d in build_graph(load_knowledge_base()).nodes(data=True)}
    with Server("app.py") as server:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                # One warm-up session so the script, caches and layout exist; RSS "before" is after it.
                warm_lat: list[float] = []
                warm_err: list[str] = []
                await session(-1, browser, server.url, labels, 3, 2, warm_lat, warm_err,
                              asyncio.Semaphore(1))
                rss_before = server.rss_kib()
                lat: list[float] = []
                errors: list[str] = []
                peak = [rss_before]
                stop = asyncio.Event()
                sampler = asyncio.create_task(sample_rss(server, peak, stop))
                t0 = time.monotonic()
                cpu0 = server.cpu_seconds()
                gate = asyncio.Semaphore(5)
                tasks = [asyncio.create_task(session(i, browser, server.url, labels, a.seconds, a.max_clicks, lat,
                                                     errors, gate)) for i in range(a.sessions)]
                _, pending = await asyncio.wait(tasks, timeout=a.seconds + 240)  # hard bound on the whole run
                for t in pending:  # report what finished; count the rest as errors
                    t.cancel()
                    errors.append("session did not finish within the time bound")
                await asyncio.gather(*pending, return_exceptions=True)
                elapsed = time.monotonic() - t0
                rss_after = server.rss_kib()
                cpu = server.cpu_seconds() - cpu0
                stop.set()
                await sampler
            finally:
                await browser.close()
    xs = sorted(lat)
    p = lambda q: xs[min(len(xs) - 1, round(q * (len(xs) - 1)))] * 1000 if xs else float("nan")  # noqa: E731
    print(f"sessions {a.sessions}, duration {a.seconds} s (wall {elapsed:.0f} s), warm-up errors {len(warm_err)}")
    print(f"server CPU {cpu:.1f} s over {elapsed:.0f} s wall ({100 * cpu / elapsed:.0f}% of one core; "
          "the rest of the 2 cores goes to Chromium)")
    print(f"clicks ok {len(lat)}, errors {len(errors)}, throughput {len(lat) / elapsed:.1f} clicks/s")
    print(f"latency p50 {p(0.5):.0f} ms, p95 {p(0.95):.0f} ms, max {p(1.0):.0f} ms"
          + (f", mean {statistics.fmean(lat) * 1000:.0f} ms" if lat else ""))
    print(f"server RSS before {rss_before / 1024:.0f} MiB, peak {peak[0] / 1024:.0f} MiB, "
          f"after {rss_after / 1024:.0f} MiB; per session {(rss_after - rss_before) / 1024 / a.sessions:.1f} MiB "
          f"(after-before), {(peak[0] - rss_before) / 1024 / a.sessions:.1f} MiB (peak-before)")
    for e in errors[:10]:
        print("  error:", e)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--max-clicks", type=int, default=100, help="per session")
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
