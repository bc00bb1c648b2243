"""N learners keeping progress on the self-test, over Streamlit's websocket (no browser): answer -> next question.

Each session opens /self_test?seed=S&learner=CODE (a learning code made beforehand: the resume link), then
every 3-8 s (not timed) answers the question shown (the radio's first option + Check: the answer is kept in
the progress database and the "due today" count is read) and presses Next. Timed: Check sent -> its
`script_finished` ("answer"), and Next sent -> `script_finished` ("next"); their sum is answer -> next
question as the server sees it. A run is an error if it does not finish successfully in 30 s or shows an
exception. The database is a fresh SQLite file (NBTP_DATABASE_URL), or with --postgres a throwaway cluster.
Protocol notes as in ws_sessions.py (BackMsg rerun_script with widget states; buttons are trigger values).

    .venv/bin/python benchmarks/ws_self_test.py --sessions 200 --seconds 60 [--replicas 2] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa
from _browser import Cluster, Server
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from explorer import progress as P

OK = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
RERUN = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")  # st.rerun(): the next run follows


@dataclass
class Totals:
    answer: list[float] = field(default_factory=list)
    next: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Client:
    """One session; remembers the ids of the self-test's radio and buttons from the deltas."""

    def __init__(self, ws) -> None:  # type: ignore[no-untyped-def]
        self.ws = ws
        self.page_hash = ""
        self.query = ""
        self.ids: dict[str, str] = {}

    async def run(self, *, page_name: str = "", query: str | None = None, strings: dict[str, str] | None = None,
                  triggers: tuple[str, ...] = (), timeout: float = 30) -> float:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query if query is None else query
        cs.page_script_hash = self.page_hash
        cs.page_name = page_name
        for wid, value in (strings or {}).items():  # a radio's state is its option's text
            w = cs.widget_states.widgets.add()
            w.id, w.string_value = wid, value
        for wid in triggers:
            w = cs.widget_states.widgets.add()
            w.id, w.trigger_value = wid, True
        self.ids = {}
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout))
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fm.new_session.page_script_hash
            elif kind == "navigation":
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                ek = el.WhichOneof("type")
                if ek == "exception":
                    raise RuntimeError(f"{el.exception.type}: {el.exception.message[:160]}")
                if ek in ("radio", "button"):
                    wid = getattr(el, ek).id
                    for name in ("quiz_choice", "quiz_check", "quiz_next", "quiz_new"):
                        if name in wid:
                            self.ids[name] = wid
                    if ek == "radio" and el.radio.options:
                        self.ids["first_option"] = el.radio.options[0]
            elif kind == "script_finished":
                if fm.script_finished == RERUN:
                    self.ids = {}
                    continue
                if fm.script_finished != OK:
                    raise RuntimeError(f"run finished with status {fm.script_finished}")
                return time.perf_counter() - started


async def learner(i: int, url: str, code: str | None, seconds: float, tot: Totals) -> None:
    rng = random.Random(i)
    stop = time.monotonic() + seconds
    try:
        async with connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=60, ping_interval=None) as ws:
            c = Client(ws)
            await asyncio.sleep(rng.uniform(0, 8))
            query = f"seed={i}" + (f"&learner={code}" if code else "")
            await c.run(page_name="self_test", query=query, timeout=120)
            while time.monotonic() < stop:
                await asyncio.sleep(rng.uniform(3, 8))
                if "quiz_choice" not in c.ids:  # the quiz is done: a new one
                    await c.run(triggers=(c.ids["quiz_new"],))
                    continue
                choice = {c.ids["quiz_choice"]: c.ids["first_option"]}
                tot.answer.append(await c.run(strings=choice, triggers=(c.ids["quiz_check"],)))
                tot.next.append(await c.run(triggers=(c.ids["quiz_next"],)))
    except Exception as exc:
        tot.errors.append(f"learner {i}: {type(exc).__name__}: {str(exc)[:160]}")


def pct(xs: list[float], q: int) -> float:
    return round(1000 * statistics.quantiles(xs, n=100)[q - 1], 1) if len(xs) > 1 else float("nan")


async def main_async(a: argparse.Namespace) -> None:
    engine = P.make_engine(os.environ["NBTP_DATABASE_URL"])
    P.upgrade(engine)
    codes = [P.new_learner(engine) for _ in range(a.sessions)]
    with Cluster(a.replicas) if a.replicas else Server("app.py") as server:
        url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
        warm = Totals()
        await learner(10_000, url, codes[0], 2, warm)  # script compiled, caches built
        tot = Totals()
        await asyncio.gather(*(learner(i, url, None if a.no_keep else code, a.seconds, tot)
                               for i, code in enumerate(codes)))
    with engine.connect() as conn:  # every timed answer (and the warm-up's) must be in the database
        kept = conn.execute(sa.select(sa.func.count()).select_from(P.reviews)).scalar_one() - len(warm.answer)
    engine.dispose()
    both = [x + y for x, y in zip(tot.answer, tot.next, strict=False)]
    mode = " (not keeping progress)" if a.no_keep else ""
    print(f"{a.sessions} learners{mode}, {a.replicas or 1} process(es), {a.seconds:.0f} s: {len(tot.answer)} answers, "
          f"{kept} kept, {len(tot.errors)} errors; answer p50/p95 {pct(tot.answer, 50)}/{pct(tot.answer, 95)} ms, "
          f"next p50/p95 {pct(tot.next, 50)}/{pct(tot.next, 95)} ms, "
          f"answer+next p95 {pct(both, 95)} ms")
    for line in tot.errors[:5]:
        print("  ", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--replicas", type=int, default=0)
    parser.add_argument("--no-keep", action="store_true", help="the same load without keeping progress (baseline)")
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL cluster (tests/pg.py)")
    a = parser.parse_args()
    if a.postgres:
        from tests.pg import throwaway_postgres
        with throwaway_postgres() as url:
            os.environ["NBTP_DATABASE_URL"] = url
            asyncio.run(main_async(a))
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NBTP_DATABASE_URL"] = f"sqlite:///{tmp}/progress.sqlite"
        asyncio.run(main_async(a))


if __name__ == "__main__":
    main()
