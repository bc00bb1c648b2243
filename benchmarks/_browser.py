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

    def __init__(self, script: str, *script_args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(self.port),
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
               "--global.developmentMode", "false"]
        if script_args:
            cmd += ["--", *script_args]
        self.log = open(f"/tmp/bench_streamlit_{self.port}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
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
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # our own process group only
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rss_kib(self) -> int:
        """Resident memory of the server process (VmRSS from /proc), in KiB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (from /proc/PID/stat)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
