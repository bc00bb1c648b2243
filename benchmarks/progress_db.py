"""Progress database under a class's load: N learners each answering every 3-8 s, from 1 or 2 processes.

Each simulated learner does what the self-test does with a kept answer: `record_answer` (one row, the
card state under a write lock, retried if busy) and then `due_items` (the "due today" count the next
question is shown with). Timed is that database work per answer, which is what keeping progress adds to
answer -> next question; the page's own run (the quiz and its widgets) is measured by ws_sessions.py.
Two processes stand for `./run-app --replicas 2`: two Streamlit servers sharing one SQLite file (WAL) or
one PostgreSQL database, each with its own connection pool.

    .venv/bin/python benchmarks/progress_db.py --learners 200 --seconds 60 --processes 2 --database sqlite
    .venv/bin/python benchmarks/progress_db.py --database postgresql   # a throwaway cluster (tests/pg.py)
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explorer import progress as P  # after the path is set

ITEMS = [f"bench:item:{i}" for i in range(150)]


def _learners(url: str, codes: list[str], seconds: float, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    engine = P.make_engine(url)
    timings: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def learner(code: str) -> None:
        rng = random.Random(code)
        time.sleep(rng.uniform(0, 8))  # learners arrive spread out, not all in one second
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                P.record_answer(engine, code, rng.choice(ITEMS), topic="anatomy", right=rng.random() < 0.7)
                P.due_items(engine, code)
            except Exception as exc:  # counted, not raised: the benchmark reports errors
                with lock:
                    errors.append(repr(exc)[:200])
            else:
                with lock:
                    timings.append(time.perf_counter() - started)
            time.sleep(rng.uniform(3, 8))

    threads = [threading.Thread(target=learner, args=(c,)) for c in codes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.dispose()
    out.put((timings, errors))


def run(url: str, learners: int, processes: int, seconds: float) -> dict[str, object]:
    engine = P.make_engine(url)
    P.upgrade(engine)
    codes = [P.new_learner(engine) for _ in range(learners)]
    engine.dispose()
    out: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    procs = [multiprocessing.Process(target=_learners, args=(url, codes[i::processes], seconds, out))
             for i in range(processes)]
    for p in procs:
        p.start()
    timings: list[float] = []
    errors: list[str] = []
    for _ in procs:
        t, e = out.get()
        timings += t
        errors += e
    for p in procs:
        p.join()
    timings.sort()
    q = statistics.quantiles(timings, n=100) if len(timings) > 1 else [0.0] * 99
    return {"answers": len(timings), "errors": len(errors), "first_error": errors[0] if errors else "",
            "median_ms": round(1000 * statistics.median(timings), 1) if timings else None,
            "p95_ms": round(1000 * q[94], 1), "max_ms": round(1000 * timings[-1], 1) if timings else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    if args.database == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            result = run(f"sqlite:///{tmp}/progress.sqlite", args.learners, args.processes, args.seconds)
    else:
        from tests.pg import throwaway_postgres
        with throwaway_postgres() as url:
            result = run(url, args.learners, args.processes, args.seconds)
    print(f"{args.database}, {args.processes} process(es), {args.learners} learners, {args.seconds:.0f} s: {result}")


if __name__ == "__main__":
    main()
