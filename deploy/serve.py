"""Serve the app: one Streamlit process, or N replicas on loopback behind HAProxy.

`./run-app` runs this after setting up `.venv` and validating `data/`. Without `--replicas` it
becomes `streamlit run app.py` (one process, as before). With `--replicas N` it starts N Streamlit
processes on free loopback ports and HAProxy in front of them (`deploy/haproxy.cfg`), installing
HAProxy with apt-get first when it is missing and this is root; it restarts a replica that dies
and stops every process on Ctrl-C, SIGTERM or SIGHUP (a closed terminal). The launcher owns its
children: each dies with it even when it is killed outright (SIGKILL), by a parent-death signal
(Linux `prctl(PR_SET_DEATHSIG)`), and a small reaper removes the run folder after it. Either way,
one process or many, every response carries the same security headers as HAProxy's
(deploy/secure_streamlit.py). Options it does not know go to `streamlit run`.
"""

from __future__ import annotations

import argparse
import ctypes
import ipaddress
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NoReturn

__all__ = ["haproxy_config", "main"]

ROOT = Path(__file__).resolve().parents[1]
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"
SECURE_STREAMLIT = ROOT / "deploy" / "secure_streamlit.py"
LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8501
STARTUP_TIMEOUT_S = 120.0
RESTART_DELAY_S = 5.0  # its learners have moved on by then, and a replica that dies at once cannot spin


def main(argv: list[str] | None = None) -> int:
    try:
        args, streamlit_args = _parser().parse_known_args(argv)
        if args.replicas is None:
            _exec_one_process(args, streamlit_args)
        return _serve_replicas(args, streamlit_args)
    except KeyboardInterrupt:  # Ctrl-C before the children are up: nothing to stop, no traceback
        print("\nStopped.", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="./run-app",
        description="Start the app: one Streamlit process, or N replicas behind HAProxy. "
        "Options not listed here are passed to `streamlit run` (e.g. --logger.level debug).",
    )
    p.add_argument("--replicas", type=_positive_int, metavar="N",
                   help="run N Streamlit processes on loopback behind one HAProxy port (a class at once)")
    p.add_argument("--address", default=LOOPBACK, type=_address,
                   help="where the app, or with --replicas the proxy, listens (default 127.0.0.1: this "
                   "machine only; 0.0.0.0: every network interface, e.g. for a lecture hall)")
    p.add_argument("--port", type=_port, help=f"the port it listens on, 1 to 65535 (default {DEFAULT_PORT})")
    p.add_argument("--app", default="app.py", help="the Streamlit script to serve (default app.py)")
    return p


def _exec_one_process(args: argparse.Namespace, streamlit_args: list[str]) -> NoReturn:
    """Become `streamlit run` (with the security headers), so Ctrl-C and the exit status are Streamlit's own."""
    command = [sys.executable, str(SECURE_STREAMLIT), "run", args.app, "--browser.gatherUsageStats", "false",
               "--server.address", args.address]
    if args.port is not None:
        command += ["--server.port", str(args.port)]
    os.execv(sys.executable, command + streamlit_args)  # later options win: the user's come last


@dataclass
class _Replica:
    name: str
    port: int
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    restart_at: float | None = None


@dataclass
class _Cluster:
    replicas: list[_Replica]
    run_dir: Path
    proxy: subprocess.Popen[bytes] | None = None
    _logs: list[IO[bytes]] = field(default_factory=list)

    def start_replica(self, r: _Replica, command: list[str], env: dict[str, str]) -> None:
        log = open(r.log, "ab")  # noqa: SIM115 - closed in stop(); a file, so a full pipe never blocks a replica
        self._logs.append(log)
        r.proc = subprocess.Popen(command + ["--server.port", str(r.port)], cwd=ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                  preexec_fn=_dies_with(os.getpid()))
        r.restart_at = None
        self._record_pids()

    def _record_pids(self) -> None:
        """The children's process groups, for the reaper (each child leads its own session)."""
        pids = [p.pid for p in [self.proxy, *(r.proc for r in self.replicas)] if p is not None]
        (self.run_dir / "pids").write_text(" ".join(map(str, pids)))

    def start_proxy(self, haproxy: str, address: str, port: int) -> None:
        config = self.run_dir / "haproxy.cfg"
        config.write_text(haproxy_config({r.name: r.port for r in self.replicas}))
        command = [haproxy, "-db", "-f", str(config)]
        env = {**os.environ, "NBTP_PROXY_ADDRESS": address, "NBTP_PROXY_PORT": str(port),
               "NBTP_DEPLOY_DIR": str(ROOT / "deploy")}
        checked = subprocess.run([*command, "-c"], env=env, capture_output=True, text=True)
        if checked.returncode != 0:
            sys.exit(f"HAProxy refused its configuration:\n{checked.stdout}{checked.stderr}")
        log = open(self.run_dir / "haproxy.log", "wb")  # noqa: SIM115 - closed in stop()
        self._logs.append(log)
        self.proxy = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                      start_new_session=True, preexec_fn=_dies_with(os.getpid()))
        self._record_pids()

    def stop(self) -> None:
        """The proxy first (no new requests), then the replicas; each gets 10 s before SIGKILL."""
        procs = [p for p in [self.proxy, *(r.proc for r in self.replicas)] if p is not None]
        for p in procs:
            if p.poll() is None:
                p.terminate()
        deadline = time.monotonic() + 10
        for p in procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for log in self._logs:
            log.close()


class _Stop(Exception):
    """Raised by the SIGINT/SIGTERM/SIGHUP handler to leave the supervision loop."""


# Ctrl-C, `kill`, and a closed terminal (or ssh session) all stop the whole cluster.
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _dies_with(parent: int) -> Callable[[], None]:
    """A child's pre-exec step: the kernel sends it SIGTERM when the launcher dies, however it dies
    (SIGKILL included), so no replica or proxy is left serving with nothing supervising it."""

    def preexec() -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):  # not Linux: the reaper still stops the children (below)
            pass
        if os.getppid() != parent:  # the launcher died before prctl took effect
            os._exit(1)

    return preexec


_REAPER = """
import os, shutil, signal, sys, time
run_dir, parent = sys.argv[1], int(sys.argv[2])
signal.signal(signal.SIGHUP, signal.SIG_IGN)
while os.path.isdir(run_dir):
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        break
    time.sleep(0.5)
time.sleep(3)  # the children got SIGTERM when the launcher died; let them close their logs
pids = [int(p) for p in open(os.path.join(run_dir, "pids")).read().split()] if os.path.exists(
    os.path.join(run_dir, "pids")) else []
for pid in pids:  # a child that outlived its parent-death signal (or a system without one)
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read()
        ours = b"secure_streamlit" in cmdline or run_dir.encode() in cmdline
    except OSError:
        ours = False  # gone already (or no /proc); never signal a process that may not be ours
    if ours:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
shutil.rmtree(run_dir, ignore_errors=True)
"""


def _start_reaper(run_dir: Path) -> None:
    """A tiny process, in its own session, that waits for the launcher to end, then makes sure its
    children are gone and removes its run folder: the clean-up a SIGKILLed launcher cannot do."""
    subprocess.Popen([sys.executable, "-c", _REAPER, str(run_dir), str(os.getpid())], start_new_session=True,
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _serve_replicas(args: argparse.Namespace, streamlit_args: list[str]) -> int:
    haproxy = _ensure_haproxy()
    public_port = args.port if args.port is not None else DEFAULT_PORT
    run_dir = Path(tempfile.mkdtemp(prefix="neck-behind-the-pain-"))
    _start_reaper(run_dir)
    ports = _free_ports(args.replicas, avoid={public_port})
    replicas = [_Replica(f"r{i}", port, run_dir / f"r{i}.log") for i, port in enumerate(ports, 1)]
    # Replicas always bind loopback: only the proxy is reachable from outside. These options come
    # after the user's, so they win. Signed cookies must validate on whichever replica a learner
    # lands on, so all replicas share one secret (kept out of argv, which `ps` shows).
    command = [sys.executable, str(SECURE_STREAMLIT), "run", args.app, *streamlit_args, "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.address", LOOPBACK]
    env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    cluster = _Cluster(replicas, run_dir)

    def _on_signal(signum: int, _frame: object) -> None:
        raise _Stop(signal.Signals(signum).name)

    for signum in _STOP_SIGNALS:
        signal.signal(signum, _on_signal)
    try:
        for r in replicas:
            cluster.start_replica(r, command, env)
        for r in replicas:
            assert r.proc is not None
            _wait_healthy(f"replica {r.name}", f"http://{LOOPBACK}:{r.port}", r.log, r.proc)
            print(f"replica {r.name}: pid {r.proc.pid}, http://{LOOPBACK}:{r.port} (log {r.log})", flush=True)
        cluster.start_proxy(haproxy, args.address, public_port)
        assert cluster.proxy is not None
        _wait_healthy("HAProxy", f"http://{_connect_host(args.address)}:{public_port}", run_dir / "haproxy.log",
                      cluster.proxy)
        print(f"proxy: HAProxy pid {cluster.proxy.pid} (log {run_dir / 'haproxy.log'})", flush=True)
        print(f"Serving {len(replicas)} replicas of {args.app} at {_public_url(args.address, public_port)}"
              " (Ctrl-C stops them all)", flush=True)
        return _supervise(cluster, command, env)
    except _Stop as stop:
        print(f"\n{stop}: stopping HAProxy and {len(replicas)} replicas", flush=True)
        return 0
    finally:
        # A second Ctrl-C must not cut the clean-up short (stop() ends with SIGKILL anyway).
        for signum in _STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
        cluster.stop()
        shutil.rmtree(run_dir, ignore_errors=True)


def _supervise(cluster: _Cluster, command: list[str], env: dict[str, str]) -> int:
    """Restart a replica that exits (HAProxy has moved its learners); give up if HAProxy exits."""
    while True:
        time.sleep(0.5)
        if cluster.proxy is not None and cluster.proxy.poll() is not None:
            print(f"HAProxy exited with status {cluster.proxy.returncode}; see {cluster.run_dir / 'haproxy.log'}",
                  file=sys.stderr, flush=True)
            return 1
        for r in cluster.replicas:
            assert r.proc is not None
            if r.restart_at is None and r.proc.poll() is not None:
                r.restart_at = time.monotonic() + RESTART_DELAY_S
                print(f"replica {r.name} (pid {r.proc.pid}) exited with status {r.proc.returncode}; "
                      f"its learners moved to the others; restarting it in {RESTART_DELAY_S:.0f} s", flush=True)
            elif r.restart_at is not None and time.monotonic() >= r.restart_at:
                cluster.start_replica(r, command, env)
                print(f"replica {r.name}: restarted as pid {r.proc.pid}", flush=True)


def _ensure_haproxy() -> str:
    """The haproxy binary, installed from Debian's package first when missing and this is root."""
    found = _find_haproxy()
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("HAProxy is not installed; installing Debian's haproxy package (apt-get) ...", flush=True)
        apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt_env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "haproxy"], check=True, env=apt_env,
                       stdout=subprocess.DEVNULL)
        found = _find_haproxy()
        if found:
            return found
    sys.exit("--replicas needs HAProxy, which is not installed.\n"
             "  On Debian or Ubuntu: sudo apt-get install haproxy   (or run ./run-app as root: it installs it)\n"
             "  Elsewhere: install HAProxy 2.6 or later from your system's packages, then run this again.")


def _find_haproxy() -> str | None:
    # Debian installs it in /usr/sbin, which is not on an ordinary user's PATH.
    found = shutil.which("haproxy")
    if found:
        return found
    return "/usr/sbin/haproxy" if os.access("/usr/sbin/haproxy", os.X_OK) else None


def haproxy_config(replica_ports: dict[str, int]) -> str:
    """deploy/haproxy.cfg completed with one server line per replica (name -> loopback port).

    The file ends inside the `replicas` backend; each server's cookie value is its name.
    """
    servers = "".join(f"    server {name} {LOOPBACK}:{port} cookie {name}\n" for name, port in replica_ports.items())
    return HAPROXY_CONFIG.read_text() + servers


def _wait_healthy(what: str, url: str, log: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited with status {proc.returncode} while starting:\n{_tail(log)}")
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not answer {url}/_stcore/health within {STARTUP_TIMEOUT_S:.0f} s:\n"
                             f"{_tail(log)}")
        time.sleep(0.3)


def _tail(log: Path, lines: int = 8) -> str:
    text = log.read_text(errors="replace").splitlines()[-lines:] if log.exists() else []
    return "\n".join(f"  {line}" for line in text) + f"\n(log: {log})"


def _free_ports(n: int, avoid: set[int]) -> list[int]:
    """N distinct free loopback ports, chosen by the OS."""
    ports: list[int] = []
    while len(ports) < n:
        with socket.socket() as s:
            s.bind((LOOPBACK, 0))
            port = int(s.getsockname()[1])
        if port not in avoid and port not in ports:
            ports.append(port)
    return ports


_EVERY_INTERFACE = ("0.0.0.0", "::")


def _connect_host(address: str) -> str:
    return LOOPBACK if address in _EVERY_INTERFACE else address


def _public_url(address: str, port: int) -> str:
    if address in _EVERY_INTERFACE:
        return f"http://{socket.gethostname()}:{port} (every network interface; here: http://{LOOPBACK}:{port})"
    return f"http://{address}:{port}"


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (1 to 65535)")
    return value


def _address(text: str) -> str:
    """An IP address, or a host name this machine can resolve (e.g. localhost)."""
    try:
        ipaddress.ip_address(text)
        return text
    except ValueError:
        pass
    if not any(ch.isalpha() for ch in text):  # 999.1.1.1 is a broken address, not a host name
        raise argparse.ArgumentTypeError(f"{text!r} is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)")
    try:
        socket.getaddrinfo(text, None)
    except OSError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an address or host name this machine knows") from None
    return text


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


if __name__ == "__main__":
    sys.exit(main())
