"""Time `validate` on the real data/ and on hostile files (issues 12, 21): a 10 MB label, an alias bomb, 5,000 levels,
5,000 generated nodes; and the convergence layout of the real graph with one label of 20,000 words.

Each case is laid over tests/fixtures/minimal/ in a temporary folder and validated `--repeats` times in
this process; the table gives the median and the worst time, and the first report line.

    .venv/bin/python benchmarks/validate_content.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer.load import default_data_dir, load_knowledge_base, report_lines, validate
from tests.content import BROKEN, content_folder


def _label_of(size: int, tail: str = "") -> Callable[[Path], Path]:
    def make(data: Path) -> Path:
        nodes = data / "nodes.yaml"
        label = ("cortex " * (size // 7 + 1))[:size] + tail
        nodes.write_text(nodes.read_text().replace("label: Cortex", "label: " + label), encoding="utf-8")
        return data

    return make


def _aliases_at_the_cap(data: Path) -> Path:
    # 100 glossary terms sharing one anchored list of 1,000 aliases: 99,000 values repeated, just under the cap.
    names = ", ".join(f"alias {i}" for i in range(1000))
    terms = [f"- {{term: Term {i}, plain: A term., references: [Jones2005], aliases: "
             + (f"&names [{names}]" if i == 0 else "*names") + "}" for i in range(100)]
    (data / "glossary.yaml").write_text("terms:\n" + "\n".join(terms) + "\n", encoding="utf-8")
    return data


def _generated_nodes(count: int) -> Callable[[Path], Path]:
    # `count` more structures, each supplied by the neck nerve and referring pain to the forehead.
    def make(data: Path) -> Path:
        nodes = [f"- {{id: gen_{i}, label: Generated structure {i}, kind: structure, segments: [C3], "
                 f"clinical: Tissue {i}., plain: Part {i}., references: [Smith2001]}}" for i in range(count)]
        edges = [f"- {{source: gen_{i}, target: neck_nerve, kind: supplied_by, references: [Smith2001], "
                 "confidence: confirmed-from-source, evidence_kind: textbook}" for i in range(count)]
        for name, lines in (("nodes.yaml", nodes), ("edges.yaml", edges)):
            path = data / name
            path.write_text(path.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
        return data

    return make


def _kind(name: str) -> Callable[[Path], Path]:
    def make(data: Path) -> Path:
        return content_folder(data.parent / "kind", name)

    return make


CASES: dict[str, Callable[[Path], Path] | None] = {
    "real data/": None,
    "minimal": lambda data: data,
    "5,000 generated nodes (valid)": _generated_nodes(5_000),
    "20,000-word label": _kind("label-of-20000-words"),
    "10 MB label": _label_of(10_000_000),
    "10 MB label with a tab in it": _label_of(10_000_000, "\tend"),
    "aliases just under the cap (99,000 values)": _aliases_at_the_cap,
    "alias bomb (1 KB, 9**9 values)": _kind("alias-bomb"),
    "recursive alias": _kind("recursive-alias"),
    "5,000 levels of nesting": _kind("deep-nesting"),
    "5,000-digit integer": _kind("huge-integer"),
}


def layout_of_a_long_label(words: int, repeats: int) -> None:
    """The convergence layout (desk size) of the real graph with one node's label `words` words long:
    refused by `validate`, but the layout must stay fast even if such a graph is built some other way."""
    from explorer.graph import build_graph
    from explorer.layout import convergence_layout

    G = build_graph(load_knowledge_base())
    node = next(iter(G.nodes))
    G.nodes[node]["label"] = " ".join(["cervical", "occipital", "a"] * (words // 3 + 1))[: words * 8]
    G.nodes[node]["short"] = None
    times = []
    for _ in range(repeats):
        G.graph["nonce"] = len(times)  # a new graph each time: layouts are cached per graph
        H = G.copy()
        start = time.perf_counter()
        convergence_layout(H, font=12.0, max_width=740.0, max_height=760.0)
        times.append(time.perf_counter() - start)
    print(f"\nConvergence layout, one label of {words:,} words: median {statistics.median(times) * 1000:.0f} ms, "
          f"worst {max(times) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    assert (BROKEN / "alias-bomb").is_dir()
    print("| Case | Median | Worst | First line of the report |\n|---|---|---|---|")
    for name, make in CASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            folder = default_data_dir() if make is None else make(content_folder(Path(tmp)))
            times, report = [], []
            for _ in range(args.repeats):
                start = time.perf_counter()
                errors = validate(folder)
                times.append(time.perf_counter() - start)
                report = report_lines(errors)
        first = report[0] if report else "OK"
        print(f"| {name} | {statistics.median(times) * 1000:.0f} ms | {max(times) * 1000:.0f} ms | "
              f"`{first[:110]}` |")
    layout_of_a_long_label(20_000, args.repeats)


if __name__ == "__main__":
    main()
