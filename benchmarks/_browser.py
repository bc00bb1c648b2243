"""Shared helpers for the browser benchmarks: a Streamlit server on 127.0.0.1, plotly point clicks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run script` on 127.0.0.1:<free port>; a context manager that always kills it."""

    def __init__(self, script: str, *script_args: str, root: Path = ROOT) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(self.port),
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
               "--global.developmentMode", "false"]
        if script_args:
            cmd += ["--", *script_args]
        self.log = open(f"/tmp/bench_streamlit_{self.port}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, cwd=root, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.pid = self.proc.pid

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.close()
        raise TimeoutError("streamlit did not become healthy within 60 s")

    def close(self) -> None:
        _stop_group(self.proc, grace=10)
        self.log.close()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rss_kib(self) -> int:
        """Resident memory of the server process (VmRSS from /proc), in KiB."""
        return _proc_rss_kib(self.pid)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (from /proc/PID/stat)."""
        return _proc_cpu_seconds(self.pid)


def _stop_group(proc: subprocess.Popen, *, grace: float) -> None:
    """SIGTERM to the process group we started (ours alone), SIGKILL after `grace` seconds."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def _proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _proc_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Cluster:
    """`./run-app --replicas N` (N Streamlit processes behind HAProxy) on a free port; always stopped.

    The replicas get the same flags as `Server` (no file watcher), so one process and N replicas are
    measured alike. CPU and memory are summed over the replicas alive at the time (a killed replica's
    CPU up to its death is kept), plus HAProxy's CPU.
    """

    def __init__(self, replicas: int, script: str = "app.py") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(f"/tmp/bench_cluster_{self.port}.log")
        self.log = open(self.log_path, "w")  # noqa: SIM115
        env = {**os.environ, "NBTP_PYTHON": sys.executable}
        self.proc = subprocess.Popen(
            [str(ROOT / "run-app"), "--replicas", str(replicas), "--port", str(self.port), "--app", script,
             "--server.fileWatcherType", "none", "--global.developmentMode", "false"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.n = replicas
        self.replicas: dict[str, int] = {}  # name -> pid (the latest, after a restart)
        self.proxy_pid = 0
        self._dead_cpu = 0.0

    def __enter__(self) -> Cluster:
        deadline = time.monotonic() + 300  # the first run may install HAProxy
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"./run-app --replicas exited early; see {self.log_path}")
            self._read_pids()
            if self.proxy_pid and len(self.replicas) == self.n:
                return self
            time.sleep(0.3)
        self.close()
        raise TimeoutError(f"the cluster did not start within 300 s; see {self.log_path}")

    def _read_pids(self) -> None:
        for line in self.log_path.read_text().splitlines():
            words = line.split()
            if line.startswith("replica ") and ": pid " in line:
                self.replicas[words[1].rstrip(":")] = int(words[3].rstrip(","))
            elif line.startswith("replica ") and ": restarted as pid " in line:
                self.replicas[words[1].rstrip(":")] = int(words[-1])
            elif line.startswith("proxy: HAProxy pid "):
                self.proxy_pid = int(words[3])

    def kill_replica(self, name: str) -> None:
        pid = self.replicas[name]
        self._dead_cpu += _proc_cpu_seconds(pid)
        os.kill(pid, signal.SIGKILL)

    def pids(self) -> list[int]:
        self._read_pids()
        return [pid for pid in self.replicas.values() if Path(f"/proc/{pid}").exists()]

    def cpu_seconds(self) -> float:
        alive = sum(_proc_cpu_seconds(pid) for pid in self.pids())
        return self._dead_cpu + alive + (_proc_cpu_seconds(self.proxy_pid) if self.proxy_pid else 0.0)

    def rss_kib(self) -> int:
        return sum(_proc_rss_kib(pid) for pid in self.pids())

    def close(self) -> None:
        _stop_group(self.proc, grace=20)  # ./run-app stops HAProxy and every replica on SIGTERM
        self.log.close()

    def __exit__(self, *exc: object) -> None:
        self.close()


# Page coordinates (viewport pixels) of every marker point that carries customdata.
_POINTS_JS = """
() => {
  const gd = document.querySelector('.js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd._fullData) return [];
  const fl = gd._fullLayout, r = gd.getBoundingClientRect(), out = [];
  gd._fullData.forEach((tr) => {
    if (!tr.customdata || !String(tr.mode).includes('markers')) return;
    for (let j = 0; j < tr.x.length; j++) {
      out.push({id: String(tr.customdata[j]),
                x: r.left + fl._size.l + fl.xaxis.l2p(tr.x[j]),
                y: r.top + fl._size.t + fl.yaxis.l2p(tr.y[j])});
    }
  });
  return out;
}
"""

# Done when a heading (the floor's h2, the explorer's details h3) reads `expected` and Streamlit has finished.
_DONE_JS = """
(expected) => {
  const h = [...document.querySelectorAll('h2, h3')].map(e => e.innerText.trim());
  if (!h.includes(expected)) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const sw = document.querySelector('[data-testid="stStatusWidget"]');
  return !(sw && /running/i.test(sw.innerText));
}
"""


def points(page) -> list[dict]:
    return page.evaluate(_POINTS_JS)


def wait_for_chart(page, timeout_ms: int = 60_000) -> None:
    page.wait_for_function("() => { const g = document.querySelector('.js-plotly-plot');"
                           " return g && g._fullData && g._fullData.length > 0; }", timeout=timeout_ms)


class ClickTimeout(Exception):
    pass


def click_and_wait(page, point: dict, expected: str, timeout_ms: int = 30_000) -> float:
    """Click a point; seconds until the page shows `expected` as its h2 and is idle.

    Raises ClickTimeout (saying what the page showed instead) if that does not happen in time.
    """
    t = time.perf_counter()
    page.mouse.click(point["x"], point["y"])
    try:
        page.wait_for_function(_DONE_JS, arg=expected, timeout=timeout_ms, polling="raf")
    except Exception as exc:  # playwright TimeoutError, or the page/context closed
        try:
            shown = page.evaluate("() => [...document.querySelectorAll('h2, h3')].map(e => e.innerText)")
        except Exception:
            shown = "?"
        raise ClickTimeout(f"clicked {point['id']}, expected heading {expected!r}, page shows {shown}") from exc
    return time.perf_counter() - t


def launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
