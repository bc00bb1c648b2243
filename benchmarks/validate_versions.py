"""`validate` of two versions of the code side by side on big content, with floors (issue 21).

Each version's `explorer/` is taken from git (`--before`, default the branch's fork from main; the
working tree as "after"), and each round runs one child process per version, alternating, so both
see the same load. A child validates each case once to warm up, then `--repeats` times, and reports
its times. Two floors are timed in the same children: reading the files (bytes, decoded), and
libyaml's event stream alone (the least any reader built on it can take).

    .venv/bin/python benchmarks/validate_versions.py [--before REV] [--rounds 3] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.validate_content import _generated_nodes  # noqa: E402
from tests.content import content_folder  # noqa: E402

# The child: validate each folder, and time the two floors, in one process of the version under test
# (run in a checkout of explorer/, pages/ and app.py: validate checks that each listed page has a script).
_CHILD = """
import json, sys, time
from pathlib import Path
import yaml
from explorer.load import validate
folders, repeats = json.loads(sys.argv[1]), int(sys.argv[2])
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

def read(folder):
    return [p.read_bytes().decode("utf-8") for p in sorted(Path(folder).rglob("*.yaml"))]

def events(folder):
    for text in read(folder):
        parser = loader(text)
        while not isinstance(parser.get_event(), yaml.StreamEndEvent):
            pass
        parser.dispose()

out = {}
for name, folder in folders.items():
    for what, run in (("validate", lambda: validate(folder)), ("read", lambda: read(folder)),
                      ("events", lambda: events(folder))):
        run()
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            result = run()
            times.append(time.perf_counter() - start)
        out[f"{name}|{what}"] = {"times": times, "errors": len(result) if what == "validate" else None}
print(json.dumps(out))
"""


def _missing_target(data: Path) -> Path:
    # Every generated edge names a node that is not there: 5,000 errors, each with a did-you-mean hint.
    edges = data / "edges.yaml"
    edges.write_text(edges.read_text(encoding="utf-8").replace("target: neck_nerve, kind: supplied_by",
                                                               "target: neck_nerv, kind: supplied_by"),
                     encoding="utf-8")
    return data


def _cases(tmp: Path) -> dict[str, str]:
    valid = _generated_nodes(5_000)(content_folder(tmp / "valid"))
    broken = _missing_target(_generated_nodes(5_000)(content_folder(tmp / "broken")))
    return {"real data/": str(ROOT / "data"), "5,000 generated nodes (valid)": str(valid),
            "5,000 generated nodes, every edge to a missing node": str(broken)}


def _checkout(rev: str, into: Path) -> Path:
    into.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "explorer", "pages", "app.py"],
                             check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main", help="git revision of the code before (default: main)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    times: dict[tuple[str, str], list[float]] = {}
    errors: dict[tuple[str, str], int | None] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folders = _cases(tmp)
        versions = {f"before ({args.before})": _checkout(args.before, tmp / "before"), "after": ROOT}
        for _ in range(args.rounds):
            for version, root in versions.items():
                child = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(folders), str(args.repeats)],
                                       cwd=root, check=True, capture_output=True, text=True)
                for key, got in json.loads(child.stdout).items():
                    times.setdefault((version, key), []).extend(got["times"])
                    errors[(version, key)] = got["errors"]
    before = next(iter(versions))
    print(f"| Case | Read the files (floor) | libyaml events (floor) | `validate` {before} | `validate` after | "
          "Errors before / after |\n|---|---|---|---|---|---|")

    def cell(version: str, name: str, what: str) -> str:
        runs = times[(version, f"{name}|{what}")]
        return f"{statistics.median(runs) * 1000:,.0f} ms ({min(runs) * 1000:,.0f}–{max(runs) * 1000:,.0f})"

    for name in folders:
        print(f"| {name} | {cell('after', name, 'read')} | {cell('after', name, 'events')} | "
              f"{cell(before, name, 'validate')} | **{cell('after', name, 'validate')}** | "
              f"{errors[(before, name + '|validate')]} / {errors[('after', name + '|validate')]} |")
    print(f"\n{args.rounds} rounds alternating the versions, {args.repeats} timed runs per round after one warm-up; "
          "median (fastest–slowest).")


if __name__ == "__main__":
    main()
