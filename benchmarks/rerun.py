"""Server-side cost of one explorer rerun, without a browser.

One rerun after a click = highlight + felt_in + convergence_figure + figure_json
(what the explorer page does per click, minus Streamlit's own overhead). Measured on the
real graph and on synthetic graphs of ~600 and ~6,000 nodes. convergence_layout (the desk
layout) is timed separately: the app computes it once per process (st.cache_resource).

Optionally (on by default) also times a whole AppTest run of the explorer page with ?node=.

    .venv/bin/python benchmarks/rerun.py [--repeats 5] [--no-apptest] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from benchmarks.synthetic import synthetic_graph  # noqa: E402
from explorer import layout as layout_module  # noqa: E402
from explorer.figures import FigureWords, convergence_figure, figure_json  # noqa: E402
from explorer.graph import Graph, build_graph, felt_in, highlight  # noqa: E402
from explorer.layout import Layout, convergence_layout  # noqa: E402
from explorer.load import load_knowledge_base  # noqa: E402
from explorer.ui.frame import DESK_BOX, DESK_FONT  # noqa: E402

__all__ = ["desk_layout", "one_rerun", "synthetic_graph"]


def desk_layout(G: Graph) -> Layout:
    """The layout the explorer draws beside the details, computed afresh (the app caches it per process)."""
    layout_module._layout.cache_clear()
    return convergence_layout(G, font=DESK_FONT, max_width=DESK_BOX[0], max_height=DESK_BOX[1])


def one_rerun(G: Graph, layout: Layout, words: FigureWords, node: str) -> dict[str, float]:
    """Seconds spent in each step of one explorer rerun for `node`."""
    t0 = time.perf_counter()
    lit = highlight(G, focus=[node])
    t1 = time.perf_counter()
    felt_in(G, node)
    t2 = time.perf_counter()
    fig = convergence_figure(G, layout, words, lit)
    t3 = time.perf_counter()
    figure_json(fig)
    t4 = time.perf_counter()
    return {"highlight": t1 - t0, "felt": t2 - t1, "figure": t3 - t2, "to_json": t4 - t3, "total": t4 - t0}


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))]


def sample_nodes(G: Graph, k: int, seed: int) -> list[str]:
    """Up to k nodes, spread over kinds (every kind appears), deterministic."""
    rng = random.Random(seed)
    by_kind: dict[str, list[str]] = {}
    for n in sorted(G.nodes):
        by_kind.setdefault(G.nodes[n]["kind"], []).append(n)
    picked: list[str] = []
    while len(picked) < min(k, len(G)):
        for nodes in by_kind.values():
            rest = [n for n in nodes if n not in picked]
            if rest and len(picked) < k:
                picked.append(rng.choice(rest))
    return picked


def bench(name: str, G: Graph, words: FigureWords, nodes_k: int, repeats: int, profile: bool) -> dict[str, Any]:
    t = time.perf_counter()
    layout = desk_layout(G)
    layout_s = time.perf_counter() - t
    nodes = sample_nodes(G, nodes_k, seed=1)
    one_rerun(G, layout, words, nodes[0])  # warm-up (imports, plotly validators)
    runs: list[dict[str, float]] = []
    deadline = time.perf_counter() + 120  # bound each graph to two minutes
    for _ in range(repeats):
        for n in nodes:
            if time.perf_counter() > deadline:
                break
            runs.append(one_rerun(G, layout, words, n))
    t = time.perf_counter()
    whole = figure_json(convergence_figure(G, layout, words))
    whole_s = time.perf_counter() - t
    totals = [r["total"] for r in runs]
    res: dict[str, Any] = {
        "name": name, "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "layout_s": layout_s,
        "runs": len(runs), "median": statistics.median(totals), "p95": pct(totals, 95),
        "steps": {k: statistics.median(r[k] for r in runs) for k in runs[0]},
        "whole_graph_s": whole_s, "json_kb": len(whole) / 1024,
    }
    print(f"\n== {name}: {res['nodes']} nodes, {res['edges']} edges")
    print(f"  convergence_layout (once per process): {layout_s * 1000:.1f} ms")
    print(f"  rerun ({len(runs)} runs over {len(nodes)} nodes): median {res['median'] * 1000:.1f} ms, "
          f"p95 {res['p95'] * 1000:.1f} ms")
    print("  median per step: " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in res["steps"].items()))
    print(f"  whole graph (no node): {whole_s * 1000:.1f} ms, figure JSON {res['json_kb']:.0f} KiB")
    if profile:
        pr = cProfile.Profile()
        pr.enable()
        for n in nodes[:10]:
            one_rerun(G, layout, words, n)
        pr.disable()
        s = io.StringIO()
        pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(18)
        print("\n".join(s.getvalue().splitlines()[:45]))
    return res


def bench_apptest(runs: int) -> None:
    """A whole script run of the explorer page (app.py + pages/explorer.py) via AppTest."""
    from streamlit.testing.v1 import AppTest

    os.chdir(ROOT)
    nodes = ["greater_occipital_nerve", "c2_c3_zygapophysial_joint", "trigeminocervical_nucleus"]
    G = build_graph(load_knowledge_base())
    nodes = [n for n in nodes if n in G] or sample_nodes(G, 3, 0)
    times: list[float] = []
    for i in range(runs):
        node = nodes[i % len(nodes)]
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.query_params["node"] = node
        at.switch_page("pages/explorer.py")
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
        if at.exception:
            print(f"  AppTest exception: {at.exception}")
            return
        headers = [h.value for h in at.header]
        if G.nodes[node]["label"] not in headers:
            print(f"  AppTest: header {G.nodes[node]['label']!r} not found in {headers}")
            return
        # Second run in the same session = a rerun (cache warm), like a click.
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
    print(f"\n== AppTest explorer page with ?node= ({len(times)} runs; first is cold: {times[0] * 1000:.0f} ms)")
    warm = times[1:]
    print(f"  warm run: median {statistics.median(warm) * 1000:.1f} ms, p95 {pct(warm, 95) * 1000:.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5, help="passes over the sampled nodes (real graph)")
    ap.add_argument("--no-apptest", action="store_true")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of 10 reruns per graph")
    a = ap.parse_args()
    kb = load_knowledge_base()
    assert kb.wording is not None
    words = FigureWords.of(kb.wording, plain=False)
    real = build_graph(kb)
    bench("real graph", real, words, nodes_k=len(real), repeats=a.repeats, profile=a.profile)
    bench("synthetic ~600", synthetic_graph(600, seed=0), words, nodes_k=30, repeats=3, profile=a.profile)
    bench("synthetic ~6000", synthetic_graph(6000, seed=0), words, nodes_k=20, repeats=1, profile=a.profile)
    if not a.no_apptest:
        bench_apptest(runs=4)


if __name__ == "__main__":
    main()
