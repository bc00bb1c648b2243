"""Deployment: HAProxy accepts its configuration and sets the headers, and `./run-app` alone listens
on this machine only."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from deploy.serve import HAPROXY_CONFIG, haproxy_config
from tests.browser.conftest import ROOT, RUN_APP_ENV, _free_port
from tests.sockets import listening_addresses


def _haproxy_response_headers() -> dict[str, str]:
    return dict(re.findall(r'^\s*http-after-response set-header (\S+) "(.*)"$', HAPROXY_CONFIG.read_text(), re.M))


def test_haproxy_sets_framing_and_content_headers() -> None:
    headers = _haproxy_response_headers()
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert set(headers) == {"X-Frame-Options", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"}


def test_haproxy_accepts_its_configuration(tmp_path: Path) -> None:
    haproxy = shutil.which("haproxy") or ("/usr/sbin/haproxy" if os.access("/usr/sbin/haproxy", os.X_OK) else None)
    if haproxy is None:
        pytest.skip("HAProxy is not installed (./run-tests installs it as root)")
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config({"r1": 18511, "r2": 18512}))
    env = {**os.environ, "NBTP_PROXY_ADDRESS": "127.0.0.1", "NBTP_PROXY_PORT": "18501"}
    checked = subprocess.run([haproxy, "-c", "-f", str(config)], env=env, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "ALERT" not in checked.stdout + checked.stderr and "WARNING" not in checked.stdout + checked.stderr


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
