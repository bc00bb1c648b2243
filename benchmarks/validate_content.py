"""Time `validate` on the real data/ and on hostile files (issue 12): a 10 MB label, an alias bomb, 5,000 levels.

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

from explorer.load import default_data_dir, report_lines, validate
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


def _kind(name: str) -> Callable[[Path], Path]:
    def make(data: Path) -> Path:
        return content_folder(data.parent / "kind", name)

    return make


CASES: dict[str, Callable[[Path], Path] | None] = {
    "real data/": None,
    "minimal": lambda data: data,
    "10 MB label (valid)": _label_of(10_000_000),
    "10 MB label with a tab in it": _label_of(10_000_000, "\tend"),
    "aliases just under the cap (99,000 values)": _aliases_at_the_cap,
    "alias bomb (1 KB, 9**9 values)": _kind("alias-bomb"),
    "recursive alias": _kind("recursive-alias"),
    "5,000 levels of nesting": _kind("deep-nesting"),
    "5,000-digit integer": _kind("huge-integer"),
}


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


if __name__ == "__main__":
    main()
