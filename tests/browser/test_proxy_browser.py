"""Serving a class, in a real browser: `./run-app --replicas 2`, two Streamlit processes behind HAProxy.

Each test starts the proxy the way users do (`./run-app --replicas 2`, on a free port) and drives
Chromium through it. It serves tests/browser/proxy_app.py, a stand-in for app.py that draws the same
kinds of things without the app's code: these tests are about the proxy, and the pages are being
rewritten. The stand-in's page carries the home page's reading-level pills and the sidebar search.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import ROOT, RUN_APP_ENV, _free_port
from tests.browser.helpers import click_graph_node, no_exception, wait_idle
from tests.sockets import listening_addresses

pytestmark = pytest.mark.browser

STAND_IN = "tests/browser/proxy_app.py"
COOKIE = "nbtp_replica"
STARTUP_TIMEOUT_S = 300  # the first run on a fresh machine installs HAProxy with apt-get
RECOVERY_TIMEOUT_S = 60
# Collects every Content-Security-Policy violation the page reports.
_CSP_RECORDER = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '')));"""


@dataclass
class Replicas:
    url: str
    launcher: subprocess.Popen[bytes]
    output: Path
    replica_pids: dict[str, int]  # cookie value (r1, r2) -> pid
    replica_urls: dict[str, str]
    proxy_pid: int


def _haproxy_available() -> bool:
    return bool(shutil.which("haproxy")) or os.access("/usr/sbin/haproxy", os.X_OK)


@contextmanager
def running_replicas(log_dir: Path, app: str | None = STAND_IN) -> Iterator[Replicas]:
    """`./run-app --replicas 2` on a free port until the block ends, then SIGTERM (and SIGKILL if need be).

    `app` None serves the real app.py."""
    if not _haproxy_available() and os.geteuid() != 0:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("HAProxy is not installed and this is not root (./run-tests installs it as root)")
        pytest.skip("HAProxy is not installed (apt-get install haproxy)")
    port = _free_port()
    output = log_dir / f"run-app-{port}.log"
    with open(output, "wb") as log:
        extra = ["--app", app] if app else []
        launcher = subprocess.Popen(["./run-app", "--replicas", "2", "--port", str(port), *extra],
                                    cwd=ROOT, env=RUN_APP_ENV, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
    pids: list[int] = []
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while "Serving 2 replicas" not in (text := output.read_text()):
            if launcher.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"./run-app --replicas 2 did not start:\n{text}")
            time.sleep(0.3)
        replicas = {name: (int(pid), url) for name, pid, url in re.findall(r"replica (r\d): pid (\d+), (\S+)", text)}
        proxy_pid = int(re.search(r"HAProxy pid (\d+)", text)[1])  # type: ignore[index]
        pids = [proxy_pid, *(pid for pid, _ in replicas.values())]
        yield Replicas(f"http://127.0.0.1:{port}", launcher, output, {k: v[0] for k, v in replicas.items()},
                       {k: v[1] for k, v in replicas.items()}, proxy_pid)
    finally:
        if launcher.poll() is None:
            launcher.send_signal(signal.SIGTERM)
            try:
                launcher.wait(timeout=30)
            except subprocess.TimeoutExpired:
                launcher.kill()
        for pid in pids:  # never leave a replica or the proxy behind, whatever the launcher did
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    with running_replicas(tmp_path_factory.mktemp("replicas")) as running:
        yield running


@pytest.fixture(scope="module")
def real_replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    """The real app behind the proxy, as `./run-app --replicas 2` serves it to a class."""
    with running_replicas(tmp_path_factory.mktemp("real"), app=None) as running:
        yield running


@pytest.fixture
def fresh_replicas(tmp_path: Path) -> Iterator[Replicas]:
    """Replicas no other test has touched, for the tests that kill or stop them."""
    with running_replicas(tmp_path) as running:
        yield running


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000})
    ctx.add_init_script(_CSP_RECORDER)
    yield ctx
    ctx.close()


@pytest.fixture
def learner(context: BrowserContext) -> Page:
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors  # type: ignore[attr-defined]
    return pg


def test_page_loads_and_a_reading_level_and_a_search_work_through_the_proxy(learner: Page, replicas: Replicas) -> None:
    learner.goto(replicas.url)
    wait_idle(learner)
    no_exception(learner)
    learner.get_by_text("I am studying").click()
    expect(learner.get_by_text("Reading level: student")).to_be_visible()
    learner.get_by_label("Search").fill("GON")
    learner.get_by_label("Search").press("Enter")
    expect(learner.get_by_text("Searched for: GON")).to_be_visible()
    expect(learner.locator(".js-plotly-plot")).to_be_visible()  # plotly draws under the CSP
    wait_idle(learner)
    no_exception(learner)
    assert learner.errors == []  # type: ignore[attr-defined]
    assert _csp_violations(learner) == []


def test_plotly_camera_button_still_saves_a_png_under_the_csp(learner: Page, replicas: Replicas) -> None:
    """Plotly draws the PNG through a blob: image, which is why img-src allows blob:."""
    learner.goto(replicas.url)
    wait_idle(learner)
    learner.locator(".js-plotly-plot").hover()
    with learner.expect_download(timeout=30_000) as download:
        learner.locator(".modebar-btn[data-title='Download plot as a PNG']").click()
    path = download.value.path()
    assert path and Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _csp_violations(learner) == []


def test_page_response_carries_the_framing_and_content_headers(learner: Page, replicas: Replicas) -> None:
    response = learner.goto(replicas.url)
    assert response is not None and response.ok
    headers = response.headers
    assert headers["x-frame-options"] == "DENY"
    csp = dict(d.strip().split(" ", 1) for d in headers["content-security-policy"].split(";"))
    assert csp["frame-ancestors"] == "'none'"
    assert csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
    assert "'unsafe-eval'" not in csp["script-src"] and "'unsafe-inline'" not in csp["script-src"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_another_site_cannot_frame_the_app(learner: Page, replicas: Replicas) -> None:
    """A page of another origin embeds the app: through the proxy and from a bare replica alike (one process
    sends the same headers as the proxy, issue 21), the frame stays empty, and the app itself still opens."""
    embeds = {"/proxy": replicas.url, "/replica": replicas.replica_urls["r1"]}
    learner.goto(replicas.replica_urls["r1"])  # the control: the replica serves the app to its own origin
    expect(learner.locator("[data-testid='stApp']")).to_have_count(1, timeout=30_000)
    with _site_that_frames(embeds) as elsewhere:
        for path in embeds:
            learner.goto(f"{elsewhere}{path}")
            frame = learner.wait_for_selector("iframe").content_frame()
            assert frame is not None
            frame.wait_for_load_state()
            assert frame.url.startswith("chrome-error:"), (path, frame.url)  # Chromium's page for a refused frame
            expect(learner.frame_locator("iframe").locator("[data-testid='stApp']")).to_have_count(0)


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/metrics?families=session_events",
                                  "/_stcore/%6Detrics", "/%5Fstcore/metrics", "/_STCORE/metrics", "/_stcore//metrics"])
def test_metrics_are_refused_by_the_proxy(replicas: Replicas, path: str) -> None:
    assert _status(replicas.url + path) == 403


def test_metrics_are_refused_by_a_replica_too_while_health_answers(replicas: Replicas) -> None:
    """One process refuses the metrics as the proxy does (issue 21); health answers both ways (the control)."""
    for base in (replicas.replica_urls["r1"], replicas.url):
        assert _status(f"{base}/_stcore/health") == 200
        assert _status(f"{base}/_stcore/metrics") == 403


def test_every_request_of_a_page_carries_the_stickiness_cookie(learner: Page, replicas: Replicas) -> None:
    """The page, its scripts, its websocket and its reruns all reach the replica its cookie names."""
    requests: list[Request] = []
    learner.on("request", lambda r: requests.append(r))
    cdp = learner.context.new_cdp_session(learner)
    cdp.send("Network.enable")
    handshakes: list[dict[str, str]] = []
    cdp.on("Network.webSocketWillSendHandshakeRequest", lambda e: handshakes.append(e["request"]["headers"]))
    first = learner.goto(replicas.url)
    wait_idle(learner)
    learner.get_by_text("I am a clinician").click()
    expect(learner.get_by_text("Reading level: clinician")).to_be_visible()

    assert first is not None
    set_cookie = first.header_value("set-cookie") or ""
    chosen = re.search(rf"{COOKIE}=(r\d)", set_cookie)
    assert chosen, set_cookie
    replica = chosen[1]
    later = [r for r in requests[1:] if r.url.startswith(replicas.url)]
    assert len(later) > 10
    for request in later:
        assert f"{COOKIE}={replica}" in request.all_headers().get("cookie", ""), request.url
    assert handshakes and all(f"{COOKIE}={replica}" in h.get("Cookie", "") for h in handshakes)
    expect(learner.get_by_text(f"Served by process {replicas.replica_pids[replica]}")).to_be_visible()


def test_a_page_keeps_working_after_its_replica_is_killed(
    learner: Page, fresh_replicas: Replicas, capsys: pytest.CaptureFixture[str]
) -> None:
    learner.goto(fresh_replicas.url)
    wait_idle(learner)
    learner.get_by_text("I am studying").click()
    expect(learner.get_by_text("Reading level: student")).to_be_visible()
    dead = _replica_of(learner)
    survivor = next(name for name in fresh_replicas.replica_pids if name != dead)
    expect(learner.get_by_text(f"Served by process {fresh_replicas.replica_pids[dead]}")).to_be_visible()

    killed_at = time.monotonic()
    os.kill(fresh_replicas.replica_pids[dead], signal.SIGKILL)
    while True:  # the learner keeps clicking until a click is answered again
        try:
            learner.get_by_text("I am a clinician").click(timeout=500)
            expect(learner.get_by_text("Reading level: clinician")).to_be_visible(timeout=500)
            break
        except (PlaywrightError, AssertionError):
            assert time.monotonic() - killed_at < RECOVERY_TIMEOUT_S, "the page did not recover"
    recovered_s = time.monotonic() - killed_at
    expect(learner.get_by_text(f"Served by process {fresh_replicas.replica_pids[survivor]}")).to_be_visible()
    assert _replica_of(learner) == survivor
    no_exception(learner)
    assert f"replica {dead} (pid {fresh_replicas.replica_pids[dead]}) exited" in fresh_replicas.output.read_text()
    with capsys.disabled():
        print(f"\nfailover: replica {dead} killed (SIGKILL); the page answered a click on {survivor} "
              f"{recovered_s:.1f} s later")


def test_the_proxy_and_the_replicas_listen_on_loopback_by_default(replicas: Replicas) -> None:
    ports = [int(replicas.url.rsplit(":", 1)[1])] + [int(u.rsplit(":", 1)[1]) for u in replicas.replica_urls.values()]
    for port in ports:
        assert listening_addresses(port) == {"127.0.0.1"}, port


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_signal_to_run_app_stops_haproxy_and_every_replica(fresh_replicas: Replicas, signum: int) -> None:
    fresh_replicas.launcher.send_signal(signum)
    assert fresh_replicas.launcher.wait(timeout=30) == 0
    for pid in [fresh_replicas.proxy_pid, *fresh_replicas.replica_pids.values()]:
        assert not _alive(pid), pid
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{fresh_replicas.url}/_stcore/health", timeout=5)


def _replica_of(page: Page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE)


def _csp_violations(page: Page) -> list[str]:
    """Violations other than the one Streamlit's protobuf library (long.js) provokes on purpose: it tries
    to compile a tiny WebAssembly module for 64-bit arithmetic and falls back to JavaScript when refused."""
    found: list[str] = page.evaluate("window.__csp")
    return [v for v in found if not v.startswith("script-src wasm-eval")]


@contextmanager
def _site_that_frames(embeds: dict[str, str]) -> Iterator[str]:
    """Another origin (its own loopback port: Chromium keeps non-local pages from framing loopback ones)
    whose page at each path is an iframe of the URL given for it."""

    class FramingPage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f'<iframe src="{embeds[self.path]}" width="800" height="600"></iframe>'.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), FramingPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_real_explorer_and_map_work_through_the_proxy_under_its_csp(learner: Page, real_replicas: Replicas) -> None:
    learner.goto(f"{real_replicas.url}/explorer?node=GON")
    wait_idle(learner, after_action=False)
    details = learner.locator(".st-key-details")
    expect(details.get_by_role("heading", name="Greater occipital nerve")).to_be_visible(timeout=30_000)
    click_graph_node(learner, "c2_c3_facet_joint")
    expect(details.get_by_role("heading", name="C2–C3 facet joint")).to_be_visible(timeout=15_000)
    learner.goto(f"{real_replicas.url}/where_does_it_hurt")
    wait_idle(learner, after_action=False)
    forehead = learner.locator('svg.headmap g.region[data-region="frontal_region"] >> visible=true').first
    forehead.focus()
    learner.keyboard.press("Enter")  # the head map is a custom component: its script must run under the CSP
    expect(learner.locator('svg.headmap g.region[data-region="frontal_region"] >> visible=true').first
           ).to_have_attribute("aria-pressed", "true", timeout=15_000)
    no_exception(learner)
    assert learner.errors == []  # type: ignore[attr-defined]
    assert _csp_violations(learner) == []
