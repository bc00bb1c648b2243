"""N concurrent *websocket* sessions 'clicking' on the explorer page: errors, latency, server memory and CPU.

Why not browsers: `load_sessions.py` runs one Chromium context per session on the same 2 cores as the
server, so it measures the load generator. This script speaks Streamlit's own browser protocol instead
(protobuf `BackMsg`/`ForwardMsg` over the websocket at `ws://127.0.0.1:PORT/_stcore/stream`, subprotocol
`streamlit`; in Streamlit 1.67 the server is Starlette/uvicorn and the XSRF token in the subprotocol is only
used for auth cookies, so none is needed). Each session:

1. connects and sends `rerun_script` with `page_name="explorer"` and `query_string="node=GON"` (what the
   browser sends when it opens /explorer?node=GON), and waits for `script_finished`;
2. finds the select box with key `node_picker` in the deltas (its widget id and its option strings);
3. 'clicks' every 0.5-1.0 s (a person's pace; the pause is not timed): sends `rerun_script` with
   `page_script_hash` from `new_session`, the query string the server last set (`page_info_changed`, which
   is what the browser's URL would hold), and a `WidgetStates` setting the select box's `string_value` to a
   different node's option string ("Label (kind)"; `SelectboxSerde` in 1.67 uses formatted strings), and
   times send -> `script_finished` (FINISHED_SUCCESSFULLY).

A click is an error if the run does not finish successfully within --click-timeout, if the run shows an
exception element, or if no header (`heading` delta) reads the chosen node's label. After a timeout the
session waits (up to 60 s more) for that run to finish and goes on clicking, so the load stays on; the
late finishes are reported separately, and the session stops only if the run never finishes.
Latency here is server time + loopback transfer; it does not include the browser's rendering of the
new figure (see click_latency.py for that). Unlike a browser, the client sends only the select box's
widget state (the server keeps the other widgets' previous values) and no `cached_message_hashes` (so the
server sends every message in full, never a `ref_hash`).

    .venv/bin/python benchmarks/ws_sessions.py [--sessions 50] [--seconds 60]
    .venv/bin/python benchmarks/ws_sessions.py --sessions 1 --seconds 5 --verbose   # print what is received
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _browser import ROOT, Cluster, Server
from streamlit.components.v2.bidi_component.constants import EVENT_DELIM
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from explorer.graph import build_graph
from explorer.load import load_knowledge_base

OK = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
FRAGMENT_OK = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_FRAGMENT_RUN_SUCCESSFULLY")
START_QUERY = "node=GON"  # as a shared link would have it; the page resolves the abbreviation
START_NODE = "greater_occipital_nerve"


@dataclass
class RunResult:
    status: int | None = None
    seconds: float = 0.0
    headings: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    n_msgs: int = 0
    n_bytes: int = 0


class StreamlitWS:
    """One Streamlit session over the websocket, driven like the browser drives it."""

    def __init__(self, ws, verbose: bool = False) -> None:
        self.ws = ws
        self.verbose = verbose
        self.page_hash = ""
        self.query_string = ""
        self.select_id: str | None = None
        self.select_options: list[str] = []
        self.fragment_id = ""  # the explorer's picker lives in an st.fragment; its reruns name it
        self.graph_events: str | None = None  # the graph component's trigger widget (`--via graph`)
        self.graph_fragment_id = ""

    async def run(self, *, page_name: str = "", query_string: str | None = None,
                  widgets: dict[str, str] | None = None, triggers: dict[str, str] | None = None,
                  timeout: float = 10.0) -> RunResult:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string if query_string is None else query_string
        cs.page_script_hash = self.page_hash
        cs.page_name = page_name
        if widgets and self.fragment_id:
            cs.fragment_id = self.fragment_id  # as the browser does for a widget inside a fragment
        if triggers and self.graph_fragment_id:
            cs.fragment_id = self.graph_fragment_id
        for wid, value in (widgets or {}).items():
            w = cs.widget_states.widgets.add()
            w.id = wid
            w.string_value = value
        for wid, value in (triggers or {}).items():
            w = cs.widget_states.widgets.add()
            w.id = wid
            w.json_trigger_value = value
        res = RunResult()
        t = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        deadline = t + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no script_finished within {timeout:.0f} s")
            try:
                data = await asyncio.wait_for(self.ws.recv(), left)
            except TimeoutError:
                raise TimeoutError(f"no script_finished within {timeout:.0f} s") from None
            fm = ForwardMsg()
            fm.ParseFromString(data)
            res.n_msgs += 1
            res.n_bytes += len(data)
            kind = fm.WhichOneof("type")
            if self.verbose:
                print(f"  <- {kind} ({len(data)} B)" + self._describe(fm, kind))
            if kind == "new_session":
                self.page_hash = fm.new_session.page_script_hash
            elif kind == "navigation":  # with st.navigation the browser takes the current page from here
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fm.page_info_changed.query_string
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                ek = el.WhichOneof("type")
                if ek == "heading":
                    res.headings.append(el.heading.body)
                elif ek == "exception":
                    res.exceptions.append(f"{el.exception.type}: {el.exception.message[:200]}")
                elif ek == "selectbox" and el.selectbox.id.endswith("node_picker"):
                    self.select_id = el.selectbox.id
                    self.fragment_id = fm.delta.fragment_id
                    self.select_options = list(el.selectbox.options)
                elif ek == "bidi_component" and el.bidi_component.id.endswith("-graph"):
                    # Components v2: a component's events go to one trigger widget named after its id
                    # (streamlit/components/v2/bidi_component/main.py, `_make_trigger_id`).
                    self.graph_events = f"{STREAMLIT_INTERNAL_KEY_PREFIX}_{el.bidi_component.id}{EVENT_DELIM}events"
                    self.graph_fragment_id = fm.delta.fragment_id
            elif kind == "script_finished":
                res.status = fm.script_finished
                res.seconds = time.perf_counter() - t
                return res

    async def drain(self, timeout: float) -> None:
        """Read (and track page state from) messages until the current run's script_finished."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(self.ws.recv(), left))
            kind = fm.WhichOneof("type")
            if kind == "navigation":
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fm.page_info_changed.query_string
            elif kind == "script_finished":
                return

    @staticmethod
    def _describe(fm: ForwardMsg, kind: str | None) -> str:
        if kind == "new_session":
            ns = fm.new_session
            return f" page_script_hash={ns.page_script_hash} pages={[p.url_pathname for p in ns.app_pages][:3]}..."
        if kind == "navigation":
            return f" page_script_hash={fm.navigation.page_script_hash}"
        if kind == "page_info_changed":
            return f" query_string={fm.page_info_changed.query_string!r}"
        if kind == "script_finished":
            return f" status={ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)}"
        if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            ek = el.WhichOneof("type")
            extra = ""
            if ek == "heading":
                extra = f" {el.heading.tag} {el.heading.body!r}"
            elif ek == "selectbox":
                extra = f" id={el.selectbox.id} {len(el.selectbox.options)} options"
            elif ek == "exception":
                extra = f" {el.exception.type}: {el.exception.message[:120]}"
            return f" element={ek}{extra}"
        if kind == "session_status_changed":
            return f" running={fm.session_status_changed.script_is_running}"
        return ""


@dataclass
class Place:
    """Where one learner is: kept across reconnects, as the browser's URL keeps it."""

    node: str = START_NODE
    clicks: int = 0


@dataclass
class Totals:
    lat: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    first_runs: list[float] = field(default_factory=list)
    late: list[float] = field(default_factory=list)  # send -> finish of clicks that missed --click-timeout
    bytes_per_click: list[int] = field(default_factory=list)
    connected: int = 0
    dropped: int = 0  # sessions whose connection was lost (their replica killed)
    lost_clicks: int = 0  # clicks sent on a connection that then dropped
    recovered: dict[int, float] = field(default_factory=dict)  # session -> seconds from the kill to a good click
    killed_at: float | None = None


async def session(i: int, ws_url: str, options: dict[str, str], labels: dict[str, str], a: argparse.Namespace,
                  tot: Totals, done_clicking: asyncio.Event | None, close_gate: asyncio.Event,
                  verbose: bool = False) -> None:
    """One learner: open the page, click for --seconds, stay connected until every session is done.

    When the connection drops (its replica was killed), the session does what the browser does: it
    reconnects (through the proxy, to a live replica), opens the page again at the node it was on, and
    goes on clicking. The clicks lost meanwhile are errors; the time from the kill to its next good
    click is its recovery time.
    """
    rng = random.Random(i)
    place = Place()
    stop_at = time.monotonic() + a.seconds
    every = [n for n in options if n != START_NODE] if getattr(a, "every_node", False) else None
    dropped_at: float | None = None
    try:
        while True:
            try:
                async with connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=30,
                                   close_timeout=5, ping_interval=None) as ws:
                    if dropped_at is None:
                        tot.connected += 1
                    c = StreamlitWS(ws, verbose)
                    query = START_QUERY if place.node == START_NODE else f"node={place.node}"
                    r = await c.run(page_name="explorer", query_string=query, timeout=60)
                    if (r.status != OK or r.exceptions or labels[place.node] not in r.headings or not c.select_id
                            or (a.via == "graph" and not c.graph_events)):
                        tot.errors.append(f"session {i}: first run status={r.status} exc={r.exceptions[:1]} "
                                          f"headings={r.headings[:4]} select={c.select_id}")
                        return
                    if dropped_at is None:
                        tot.first_runs.append(r.seconds)
                    missing = [n for n, o in options.items() if o not in c.select_options]
                    if missing:
                        tot.errors.append(f"session {i}: option strings not in the select box: {missing[:3]}")
                        return
                    await _click(i, c, rng, place, every, stop_at, options, labels, a, tot, dropped_at, verbose)
                    if done_clicking is not None:
                        done_clicking.set()
                    await close_gate.wait()  # stay connected until every session is done, to read RSS with all open
                    return
            except (ConnectionClosed, OSError) as exc:
                if not a.reconnect or time.monotonic() >= stop_at:
                    raise
                if dropped_at is None:
                    dropped_at = time.monotonic()
                    tot.dropped += 1
                    tot.errors.append(f"session {i}: connection lost ({type(exc).__name__}); reconnecting")
                await asyncio.sleep(0.5)  # the browser retries after a short back-off too
    except Exception as exc:
        tot.errors.append(f"session {i}: {type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}")
    finally:
        if done_clicking is not None:
            done_clicking.set()


async def _click(i: int, c: StreamlitWS, rng: random.Random, place: Place, every: list[str] | None,
                 stop_at: float, options: dict[str, str], labels: dict[str, str], a: argparse.Namespace,
                 tot: Totals, dropped_at: float | None, verbose: bool) -> None:
    """Click every --pause seconds until --seconds have passed (or --max-clicks)."""
    while place.clicks < a.max_clicks:
        await asyncio.sleep(rng.uniform(*a.pause))  # a person's pause; not timed
        if time.monotonic() >= stop_at:
            return
        k = place.clicks
        place.clicks += 1
        target = every[k % len(every)] if every else rng.choice([n for n in options if n != place.node])
        t_click = time.perf_counter()
        try:
            if a.via == "graph" and c.graph_events:
                # What graphview.js sends for a click on a node: the "pick" event with its id.
                pick = json.dumps([{"event": "pick", "value": target}])
                r = await c.run(triggers={c.graph_events: pick}, timeout=a.click_timeout)
            else:
                r = await c.run(widgets={c.select_id: options[target]}, timeout=a.click_timeout)
        except TimeoutError as exc:
            # An error; but keep the load honest: wait (bounded) for that run to finish, then go on.
            try:
                await c.drain(60)
                late = time.perf_counter() - t_click
                tot.errors.append(f"session {i}: click {target}: {exc} (finished after {late:.1f} s)")
                tot.late.append(late)
                continue
            except TimeoutError:
                tot.errors.append(f"session {i}: click {target}: {exc}, nor within 60 s more; session stopped")
                return
        except (ConnectionClosed, OSError):
            tot.lost_clicks += 1
            raise
        problem = None
        if r.status not in (OK, FRAGMENT_OK):
            problem = f"status {ForwardMsg.ScriptFinishedStatus.Name(r.status)}"
        elif r.exceptions:
            problem = f"exception {r.exceptions[0]}"
        elif labels[target] not in r.headings:
            problem = f"header {labels[target]!r} not among {r.headings[:5]}"
        if problem:
            tot.errors.append(f"session {i}: click {target}: {problem}")
        else:
            tot.lat.append(r.seconds)
            tot.bytes_per_click.append(r.n_bytes)
            place.node = target
            if dropped_at is not None and i not in tot.recovered:
                tot.recovered[i] = time.monotonic() - (tot.killed_at or dropped_at)
        if verbose:
            print(f"click {target}: {r.seconds * 1000:.0f} ms, {r.n_msgs} msgs, {r.n_bytes} B, "
                  f"query now {c.query_string!r}, {problem or 'OK'}")


async def sample(server: Server, peak: list[int], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], server.rss_kib())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))] * 1000 if xs else float("nan")


def _labels(app_root: Path | None) -> dict[str, str]:
    """Every node's label, read by the app's own code and content (another checkout may hold others)."""
    if app_root is None:
        return {n: d["label"] for n, d in build_graph(load_knowledge_base()).nodes(data=True)}
    code = ("import json; from explorer.graph import build_graph; from explorer.load import load_knowledge_base; "
            "print(json.dumps({n: d['label'] for n, d in build_graph(load_knowledge_base()).nodes(data=True)}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=app_root, capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout))


async def run(a: argparse.Namespace) -> None:
    labels = _labels(a.app_root)
    options = dict(labels)  # the picker's format_func shows the label
    with (Cluster(a.replicas) if a.replicas else Server("app.py", root=a.app_root or ROOT)) as server:
        ws_url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
        if a.verbose:
            tot = Totals()
            gate = asyncio.Event()
            gate.set()
            await asyncio.wait_for(session(0, ws_url, options, labels, a, tot, None, gate, verbose=True),
                                   a.seconds + 120)
            print(f"errors: {tot.errors}")
            return
        # Warm-up: one short session (script compiled, caches and layout built); "before" is measured after it.
        warm = Totals()
        gate = asyncio.Event()
        gate.set()
        # The app builds each choice's figure and head once and shares them, so by default the warm-up picks
        # every node once (what a class reaches in its first minutes); --cold-start measures without that.
        n_warm = 3 if a.cold_start else len(options) - 1
        wa = argparse.Namespace(**{**vars(a), "seconds": 3 if a.cold_start else 600, "max_clicks": n_warm,
                                   "pause": a.pause if a.cold_start else (0.0, 0.0),
                                   "every_node": not a.cold_start})
        # One warm-up session per replica, at once, so the proxy (fewest connections first) warms each.
        await asyncio.wait_for(asyncio.gather(*(session(-1 - k, ws_url, options, labels, wa, warm, None, gate)
                                                for k in range(max(1, a.replicas)))), 900)
        if warm.errors or not warm.lat:
            print("warm-up failed:", warm.errors)
            return
        print(f"warm-up: {len(warm.lat)} picks, median {pct(warm.lat, 0.5):.0f} ms, max {pct(warm.lat, 1.0):.0f} ms")
        await asyncio.sleep(2)
        rss_before = server.rss_kib()
        tot = Totals()
        peak = [rss_before]
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample(server, peak, stop))
        close_gate = asyncio.Event()
        dones = [asyncio.Event() for _ in range(a.sessions)]
        cpu0, wall0, own0 = server.cpu_seconds(), time.monotonic(), time.process_time()
        # Each session's first page is a whole run (the figure and every look), not a click: once every
        # session has had it, the server's CPU goes to clicks alone, so that share is counted apart too.
        steady: list[tuple[float, int]] = []

        async def mark_steady() -> None:
            while len(tot.first_runs) < a.sessions and not tot.errors:
                await asyncio.sleep(0.05)
            steady.append((server.cpu_seconds(), len(tot.lat)))

        steady_task = asyncio.create_task(mark_steady())
        tasks = []
        killer = asyncio.create_task(_kill_later(server, a, tot)) if a.kill_after is not None else None
        for i in range(a.sessions):  # ramp up over --ramp seconds, not one thundering herd
            tasks.append(asyncio.create_task(session(i, ws_url, options, labels, a, tot, dones[i], close_gate)))
            await asyncio.sleep(a.ramp / max(1, a.sessions))
        bound = a.seconds + a.ramp + 120  # hard bound on the whole run
        try:
            await asyncio.wait_for(asyncio.gather(*(d.wait() for d in dones)), bound)
        except TimeoutError:
            tot.errors.append(f"{sum(not d.is_set() for d in dones)} sessions still clicking at the time bound")
        if killer is not None:
            await killer
        wall = time.monotonic() - wall0
        cpu = server.cpu_seconds() - cpu0
        own = time.process_time() - own0
        steady_task.cancel()
        steady_cpu = ((server.cpu_seconds() - steady[0][0], len(tot.lat) - steady[0][1]) if steady else None)
        rss_connected = server.rss_kib()
        close_gate.set()
        _, pending = await asyncio.wait(tasks, timeout=30)
        for t in pending:
            t.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        await asyncio.sleep(3)
        rss_after = server.rss_kib()
        stop.set()
        await sampler
    n = a.sessions
    print(f"server: {f'{a.replicas} replicas behind HAProxy' if a.replicas else 'one Streamlit process'}")
    if a.kill_after is not None:
        rec = sorted(tot.recovered.values())
        print(f"replica r1 killed (SIGKILL) {a.kill_after:.0f} s into the run: {tot.dropped} sessions lost their "
              f"connection, {tot.lost_clicks} clicks were lost with it; {len(rec)} of them worked again, "
              f"{rec[len(rec) // 2]:.1f} s (median) and {rec[-1]:.1f} s (max) after the kill"
              if rec else f"replica r1 killed: {tot.dropped} sessions lost their connection; none recovered")
    print(f"sessions {n} (connected {tot.connected}), {a.seconds:.0f} s of clicking each, ramp {a.ramp:.0f} s, "
          f"wall {wall:.0f} s")
    print(f"server CPU {cpu:.1f} s over {wall:.0f} s wall = {100 * cpu / wall:.0f}% of one core "
          f"(2 cores = 200%); load generator CPU {own:.1f} s ({100 * own / wall:.0f}%)")
    print(f"clicks ok {len(tot.lat)}, errors {len(tot.errors)}, throughput {len(tot.lat) / wall:.1f} clicks/s, "
          f"server CPU per click {1000 * cpu / max(1, len(tot.lat)):.0f} ms")
    if steady_cpu and steady_cpu[1]:
        print(f"server CPU per click once every session had its first page: "
              f"{1000 * steady_cpu[0] / steady_cpu[1]:.1f} ms ({steady_cpu[1]} clicks)")
    print(f"latency p50 {pct(tot.lat, 0.5):.0f} ms, p95 {pct(tot.lat, 0.95):.0f} ms, max {pct(tot.lat, 1.0):.0f} ms"
          + (f", mean {statistics.fmean(tot.lat) * 1000:.0f} ms" if tot.lat else ""))
    if tot.late:
        print(f"{len(tot.late)} clicks missed the {a.click_timeout:.0f} s timeout (errors) and finished after "
              f"p50 {pct(tot.late, 0.5) / 1000:.1f} s, max {pct(tot.late, 1.0) / 1000:.1f} s; including them, "
              f"p95 {pct(tot.lat + tot.late, 0.95):.0f} ms")
    if tot.first_runs:
        print(f"first run of the page per session: p50 {pct(tot.first_runs, 0.5):.0f} ms, "
              f"p95 {pct(tot.first_runs, 0.95):.0f} ms")
    if tot.bytes_per_click:
        print(f"bytes sent by the server per click: median {statistics.median(tot.bytes_per_click) / 1024:.0f} KiB")
    print(f"server RSS before {rss_before / 1024:.0f} MiB, peak {peak[0] / 1024:.0f} MiB, with all sessions "
          f"connected {rss_connected / 1024:.0f} MiB, after disconnect {rss_after / 1024:.0f} MiB; per session "
          f"{(rss_connected - rss_before) / 1024 / n:.2f} MiB (connected-before), "
          f"{(peak[0] - rss_before) / 1024 / n:.2f} MiB (peak-before)")
    for e in tot.errors[:10]:
        print("  error:", e)


async def _kill_later(server: Server | Cluster, a: argparse.Namespace, tot: Totals) -> None:
    await asyncio.sleep(a.kill_after)
    assert isinstance(server, Cluster)
    tot.killed_at = time.monotonic()
    server.kill_replica("r1")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60, help="clicking time per session")
    ap.add_argument("--ramp", type=float, default=5, help="seconds over which sessions are started")
    ap.add_argument("--max-clicks", type=int, default=200, help="per session")
    ap.add_argument("--click-timeout", type=float, default=10)
    ap.add_argument("--pause", type=float, nargs=2, default=(0.5, 1.0), metavar=("MIN", "MAX"),
                    help="seconds between one session's clicks (200 sessions: --pause 3 8)")
    ap.add_argument("--cold-start", action="store_true", help="warm up with 3 picks only, not every node")
    ap.add_argument("--replicas", type=int, default=0, help="N Streamlit processes behind HAProxy (./run-app)")
    ap.add_argument("--kill-after", type=float, help="with --replicas: SIGKILL replica r1 this many seconds in")
    ap.add_argument("--via", choices=("graph", "picker"), default="graph",
                    help="click a node in the graph component (its pick event) or choose it in the picker")
    ap.add_argument("--app-root", type=Path, help="run the app from this checkout (to compare commits in one run)")
    ap.add_argument("--verbose", action="store_true", help="one session; print every message received")
    a = ap.parse_args()
    a.reconnect = a.kill_after is not None  # otherwise a dropped connection is an error, as before
    if a.kill_after is not None and not a.replicas:
        ap.error("--kill-after needs --replicas")
    asyncio.run(run(a))


if __name__ == "__main__":
    main()
