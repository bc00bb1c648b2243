"""The deployment files: HAProxy accepts its configuration, the Kubernetes manifest agrees with itself
and with the proxy (no cluster here: it is parsed and cross-checked, not applied), and `./run-app`
alone listens on this machine only."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

from deploy.serve import HAPROXY_CONFIG, haproxy_config
from tests.browser.conftest import ROOT, RUN_APP_ENV, _free_port
from tests.sockets import listening_addresses

MANIFEST = ROOT / "deploy" / "k8s" / "neck-behind-the-pain.yaml"
Object = dict[str, Any]


@pytest.fixture(scope="module")
def k8s() -> dict[tuple[str, str], Object]:
    """Every object in the manifest by (kind, name)."""
    objects = [doc for doc in yaml.safe_load_all(MANIFEST.read_text()) if doc]
    by_key = {(o["kind"], o["metadata"]["name"]): o for o in objects}
    assert len(by_key) == len(objects), "two objects share a kind and name"
    return by_key


def _one(k8s: dict[tuple[str, str], Object], kind: str) -> Object:
    found = [o for (k, _), o in k8s.items() if k == kind]
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def _haproxy_response_headers() -> dict[str, str]:
    return dict(re.findall(r'^\s*http-after-response set-header (\S+) "(.*)"$', HAPROXY_CONFIG.read_text(), re.M))


def test_manifest_holds_deployment_service_headers_policy_and_two_ingresses_in_one_namespace(k8s) -> None:  # type: ignore[no-untyped-def]
    kinds = sorted(kind for kind, _ in k8s)
    assert kinds == ["ConfigMap", "Deployment", "Ingress", "Ingress", "NetworkPolicy", "Service"]
    assert {o["metadata"]["namespace"] for o in k8s.values()} == {"neck-behind-the-pain"}


def test_service_selects_the_pods_and_targets_their_port_with_client_ip_affinity(k8s) -> None:  # type: ignore[no-untyped-def]
    deployment, service = _one(k8s, "Deployment"), _one(k8s, "Service")
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    assert service["spec"]["selector"].items() <= pod_labels.items()
    container_ports = {p["name"] for p in deployment["spec"]["template"]["spec"]["containers"][0]["ports"]}
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= container_ports
    assert service["spec"]["sessionAffinity"] == "ClientIP"
    assert deployment["spec"]["replicas"] >= 2


def test_pods_listen_on_their_declared_port_and_are_probed_on_streamlit_health(k8s) -> None:  # type: ignore[no-untyped-def]
    container = _one(k8s, "Deployment")["spec"]["template"]["spec"]["containers"][0]
    port = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert "--server.address=0.0.0.0" in container["command"]  # inside a pod, loopback is unreachable
    assert f"--server.port={port['http']}" in container["command"]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}, probe


def test_ingresses_route_to_the_service_on_one_host(k8s) -> None:  # type: ignore[no-untyped-def]
    service = _one(k8s, "Service")
    service_ports = {p["name"] for p in service["spec"]["ports"]}
    hosts = set()
    for (kind, name), ingress in k8s.items():
        if kind != "Ingress":
            continue
        for rule in ingress["spec"]["rules"]:
            hosts.add(rule["host"])
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                assert backend["name"] == service["metadata"]["name"], name
                assert backend["port"]["name"] in service_ports, name
    assert len(hosts) == 1


def test_ingress_is_sticky_by_cookie_keeps_websockets_open_and_sets_haproxys_headers(k8s) -> None:  # type: ignore[no-untyped-def]
    notes = k8s[("Ingress", "neck-behind-the-pain")]["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "session-cookie-change-on-failure"] == "true"
    assert int(notes[prefix + "proxy-read-timeout"]) >= 3600 and int(notes[prefix + "proxy-send-timeout"]) >= 3600
    namespace, name = notes[prefix + "custom-headers"].split("/")
    headers = k8s[("ConfigMap", name)]
    assert headers["metadata"]["namespace"] == namespace
    assert headers["data"] == _haproxy_response_headers()  # one policy, whichever proxy serves it


def test_ingress_refuses_metrics_to_every_address(k8s) -> None:  # type: ignore[no-untyped-def]
    ingress = k8s[("Ingress", "neck-behind-the-pain-metrics")]
    ranges = ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/denylist-source-range"]
    assert set(ranges.split(",")) == {"0.0.0.0/0", "::/0"}
    paths = [p["path"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    assert paths == ["/_stcore/metrics"]


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
    env = {**os.environ, "NBTP_PROXY_ADDRESS": "127.0.0.1", "NBTP_PROXY_PORT": "18501",
           "NBTP_DEPLOY_DIR": str(ROOT / "deploy")}
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


def _wait_for(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"  # a zombie has exited; only its exit status is left
    except OSError:
        return False


def test_one_process_sends_the_proxys_security_headers_and_refuses_metrics(tmp_path: Path) -> None:
    port = _free_port()
    log_path = tmp_path / "run-app.log"
    with open(log_path, "wb") as log:
        app = subprocess.Popen(["./run-app", "--port", str(port), "--server.headless", "true"], cwd=ROOT,
                               env=RUN_APP_ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/_stcore/health", app, log_path)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            sent = {k.lower(): v for k, v in response.headers.items()}
        for name, value in _haproxy_response_headers().items():
            assert sent[name.lower()] == value
        for path in ("/_stcore/metrics", "/_stcore/%6Detrics", "/_STCORE//metrics"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)
            assert refused.value.code == 403
            assert refused.value.headers["X-Frame-Options"] == "DENY"
    finally:
        app.terminate()
        app.wait(timeout=20)


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGHUP], ids=["SIGKILL", "SIGHUP"])
def test_killing_the_launcher_leaves_no_replica_proxy_or_temp_folder(tmp_path: Path, signum: int) -> None:
    if not (shutil.which("haproxy") or os.access("/usr/sbin/haproxy", os.X_OK)):
        pytest.skip("HAProxy is not installed")
    port = _free_port()
    log_path = tmp_path / "run-app.log"
    with open(log_path, "wb") as log:
        # The launcher itself, not the ./run-app shell, so the signal reaches the process that owns the children.
        launcher = subprocess.Popen([sys.executable, "deploy/serve.py", "--replicas", "2", "--port", str(port)],
                                    cwd=ROOT, env=RUN_APP_ENV, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while "Serving 2 replicas" not in log_path.read_text():
            assert launcher.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.5)
        text = log_path.read_text()
        children = [int(p) for p in re.findall(r"pid (\d+)", text)]
        run_dir = Path(re.findall(r"\(log (\S+)/r1\.log\)", text)[0])
        assert len(children) == 3 and run_dir.is_dir()
        os.kill(launcher.pid, signum)
        launcher.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_alive(p) for p in children) or run_dir.exists():
            assert time.monotonic() < deadline, (
                f"left behind: {[p for p in children if _alive(p)]}, folder {run_dir.exists()}\n{log_path.read_text()}")
            time.sleep(0.5)
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
    finally:
        if launcher.poll() is None:
            launcher.kill()


def test_haproxys_own_400_page_carries_the_same_headers() -> None:
    # HAProxy answers a request it cannot parse from this raw file (HAProxy 3.2 and later: 2.6 still
    # sends its built-in page for errors found before a stream exists, haproxy/haproxy#3032).
    head, _, body = (ROOT / "deploy" / "errors" / "400.http").read_bytes().partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    assert lines[0] == "HTTP/1.1 400 Bad request" and int(headers["Content-Length"]) == len(body)
    for name, value in _haproxy_response_headers().items():
        assert headers[name] == value


def test_pods_are_hardened_and_fenced(k8s) -> None:  # type: ignore[no-untyped-def]
    pod = _one(k8s, "Deployment")["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
    (app,) = pod["containers"]
    ctx = app["securityContext"]
    assert ctx["allowPrivilegeEscalation"] is False and ctx["readOnlyRootFilesystem"] is True
    assert ctx["capabilities"]["drop"] == ["ALL"]
    assert app["resources"]["limits"]["cpu"] and app["resources"]["limits"]["memory"]
    assert app["command"][:2] == ["python", "deploy/secure_streamlit.py"]  # headers on the pod itself
    policy = _one(k8s, "NetworkPolicy")["spec"]
    assert policy["podSelector"]["matchLabels"] == _one(k8s, "Deployment")["spec"]["selector"]["matchLabels"]
    assert set(policy["policyTypes"]) == {"Ingress", "Egress"} and policy["egress"] == []
    assert [p["port"] for rule in policy["ingress"] for p in rule["ports"]] == [app["ports"][0]["containerPort"]]


@pytest.mark.parametrize(("option", "value", "says"), [
    ("--port", "70000", "70000 is not a port number (1 to 65535)"),
    ("--port", "http", "'http' is not a port number (1 to 65535)"),
    ("--address", "999.1.1.1", "'999.1.1.1' is not an IP address"),
])
def test_a_bad_option_is_refused_in_one_line(option: str, value: str, says: str) -> None:
    result = subprocess.run([sys.executable, "deploy/serve.py", option, value], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert says in result.stderr.strip().splitlines()[-1]
