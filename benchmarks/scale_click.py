"""What the explorer page sends over the websocket with many nodes (issue 21): the first page, and a click.

For each size, the real data/ with N generated structures added (each supplied by the greater
occipital nerve, so it joins the real graph's routes) is laid into a temporary copy of the app
(explorer/ copied, so `default_data_dir()` is that copy's data/; pages/, app.py and .streamlit/
linked), and `streamlit run app.py` starts headless on 127.0.0.1. One websocket session speaks
Streamlit's browser protocol (as in ws_sessions.py): it opens /explorer?node=GON, timing the run
and counting the bytes the server sends, then 'clicks' --clicks times by setting the node picker
(the same fragment run a click in the graph causes: look name, head figure, details). Like a
browser, it reports the hashes of the cacheable messages it holds, so a repeat is sent as a
reference; the largest messages of each run are named.

`--patch FILE` applies a patch (`patch -p1`) to the copy of explorer/ first: a change measured before
it is made in the tree.

    .venv/bin/python benchmarks/scale_click.py [--nodes 0 600 5000] [--clicks 5] [--first-timeout 300]
                                               [--patch FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _browser import ROOT, _proc_cpu_seconds, _stop_group, free_port
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from explorer.load import validate

NERVE = "greater_occipital_nerve"


def add_structures(data: Path, count: int) -> None:
    """`count` structures, each supplied by NERVE (segment C2), appended to data/nodes.yaml and edges.yaml."""
    nodes = [f"- {{id: gen_{i}, label: Generated structure {i}, plain_label: Made-up part {i}, kind: structure, "
             f"segments: [C2], clinical: Tissue {i}., plain: Part {i}., references: [ElsevierAnatomy]}}"
             for i in range(count)]
    edges = [f"- {{source: gen_{i}, target: {NERVE}, kind: supplied_by, references: [ElsevierAnatomy], "
             "confidence: partially-confirmed, evidence_kind: textbook}" for i in range(count)]
    for name, lines in (("nodes.yaml", nodes), ("edges.yaml", edges)):
        path = data / name
        path.write_text(path.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")


def app_copy(into: Path, count: int, patch: Path | None = None) -> Path:
    """A copy of the app whose content is data/ plus `count` generated structures (and explorer/ patched)."""
    shutil.copytree(ROOT / "explorer", into / "explorer", ignore=shutil.ignore_patterns("__pycache__"))
    if patch is not None:
        subprocess.run(["patch", "-p1", "-s", "-d", str(into), "-i", str(patch.resolve())], check=True)
    for name in ("pages", "app.py", ".streamlit"):
        (into / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "data", into / "data")
    add_structures(into / "data", count)
    if errors := validate(into / "data"):
        raise SystemExit(f"the generated content is not valid: {errors[0]}")
    return into


@dataclass
class Run:
    seconds: float = 0.0
    n_bytes: int = 0
    status: str = ""
    largest: list[tuple[int, str]] = field(default_factory=list)


class Session:
    def __init__(self, ws: object) -> None:
        self.ws = ws
        self.page_hash = ""
        self.query_string = ""
        self.fragment_id = ""
        self.picker: str | None = None
        self.options: list[str] = []
        self.cached: set[str] = set()  # hashes of cacheable messages this 'browser' holds

    async def run(self, *, timeout: float, page_name: str = "", query: str | None = None,
                  pick: str | None = None) -> Run:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string if query is None else query
        cs.page_script_hash = self.page_hash
        cs.page_name = page_name
        cs.cached_message_hashes.extend(sorted(self.cached))
        if pick is not None and self.picker is not None:
            cs.fragment_id = self.fragment_id
            w = cs.widget_states.widgets.add()
            w.id, w.string_value = self.picker, pick
        out = Run()
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())  # type: ignore[attr-defined]
        while True:
            left = start + timeout - time.perf_counter()
            raw = await asyncio.wait_for(self.ws.recv(), max(left, 0.001))  # type: ignore[attr-defined]
            out.n_bytes += len(raw)
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            if fm.metadata.cacheable and fm.hash:
                self.cached.add(fm.hash)
            kind = fm.WhichOneof("type") or "?"
            if kind == "delta":
                what = fm.delta.WhichOneof("type") or "?"
                if what == "new_element":
                    el = fm.delta.new_element
                    what = el.WhichOneof("type") or "?"
                    if what == "selectbox" and el.selectbox.id.endswith("node_picker"):
                        self.picker, self.fragment_id = el.selectbox.id, fm.delta.fragment_id
                        self.options = list(el.selectbox.options)
                kind = f"delta {what}"
            out.largest.append((len(raw), kind))
            if kind == "navigation":
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fm.page_info_changed.query_string
            elif kind == "script_finished":
                out.seconds = time.perf_counter() - start
                out.status = ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)
                out.largest = sorted(out.largest, reverse=True)[:3]
                return out


def _largest(run: Run) -> str:
    return ", ".join(f"{kind} {size / 1024:,.0f} KiB" for size, kind in run.largest)


async def measure(port: int, clicks: int, first_timeout: float, pid: int) -> None:
    async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],  # type: ignore[list-item]
                       max_size=None, open_timeout=30) as ws:
        s = Session(ws)
        cpu = _proc_cpu_seconds(pid)
        try:
            first = await s.run(timeout=first_timeout, page_name="explorer", query="node=GON")
        except TimeoutError:
            print(f"  first page: **not finished in {first_timeout:.0f} s** (server CPU "
                  f"{_proc_cpu_seconds(pid) - cpu:.0f} s)")
            return
        print(f"  first page: {first.n_bytes / 1024:,.0f} KiB in {first.seconds:.1f} s, {first.status} "
              f"(server CPU {_proc_cpu_seconds(pid) - cpu:.1f} s); largest: {_largest(first)}")
        picks = [o for o in s.options if "Generated" not in o][:clicks] or s.options[:clicks]
        runs = []
        for option in picks:
            runs.append(await s.run(timeout=120, pick=option))
            print(f"    {option}: {runs[-1].n_bytes / 1024:,.1f} KiB in {runs[-1].seconds * 1000:,.0f} ms; largest: "
                  f"{_largest(runs[-1])}", flush=True)
        sizes = [r.n_bytes for r in runs]
        print(f"  a click: median {statistics.median(sizes) / 1024:,.1f} KiB (largest {max(sizes) / 1024:,.1f} KiB), "
              f"median {statistics.median(r.seconds for r in runs) * 1000:,.0f} ms, "
              f"{sum(r.status == 'FINISHED_FRAGMENT_RUN_SUCCESSFULLY' for r in runs)}/{len(runs)} fragment runs ok; "
              f"largest messages of the largest: {_largest(max(runs, key=lambda r: r.n_bytes))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[0, 600, 5000], help="structures to add to data/")
    parser.add_argument("--clicks", type=int, default=5)
    parser.add_argument("--first-timeout", type=float, default=300.0, help="seconds to wait for the first page")
    parser.add_argument("--patch", type=Path, help="a patch to apply to the copy of explorer/ (patch -p1)")
    args = parser.parse_args()
    for count in args.nodes:
        with tempfile.TemporaryDirectory() as tmp:
            root = app_copy(Path(tmp), count, args.patch)
            port = free_port()
            print(f"data/ + {count:,} generated structures:", flush=True)
            log = open(Path(tmp) / "streamlit.log", "w")  # noqa: SIM115
            cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                   "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
                   "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]
            proc = subprocess.Popen(cmd, cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                    env={**os.environ, "PYTHONPATH": str(root)})
            try:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                            break
                    except OSError:
                        if time.monotonic() > deadline or proc.poll() is not None:
                            raise RuntimeError("streamlit did not start") from None
                        time.sleep(0.2)
                asyncio.run(measure(port, args.clicks, args.first_timeout, proc.pid))
            finally:
                _stop_group(proc, grace=10)
                log.close()


if __name__ == "__main__":
    main()
