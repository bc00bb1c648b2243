"""Deployment: `./run-app` alone listens on this machine only."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path

from tests.browser.conftest import ROOT, RUN_APP_ENV, _free_port
from tests.sockets import listening_addresses


def test_run_app_alone_listens_on_loopback_only(tmp_path: Path) -> None:
    port = _free_port()
    with open(tmp_path / "run-app.log", "wb") as log:
        app = subprocess.Popen(["./run-app", "--port", str(port), "--server.headless", "true"], cwd=ROOT,
                               env=RUN_APP_ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert app.poll() is None and time.monotonic() < deadline, (tmp_path / "run-app.log").read_text()
                time.sleep(0.3)
        assert listening_addresses(port) == {"127.0.0.1"}
    finally:
        app.terminate()
        app.wait(timeout=20)
