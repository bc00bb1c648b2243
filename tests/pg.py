"""A throwaway PostgreSQL cluster for the tests: Debian's server, in a temporary directory, on a free port.

Skipped where PostgreSQL is not installed, unless REQUIRE_POSTGRES=1 (CI), where that is a failure.
As root the server runs as the `postgres` user (it refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = ["postgres_bin", "postgres_or_skip", "throwaway_postgres"]


def postgres_bin() -> Path | None:
    """The directory holding initdb and pg_ctl, newest version first; None if there is none."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parent.parent.name), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def postgres_or_skip() -> Path:
    """initdb's directory, or skip the test (fail it under REQUIRE_POSTGRES=1)."""
    where = postgres_bin()
    if where is None:
        message = "PostgreSQL is not installed (Debian: apt-get install postgresql); ./run-tests installs it as root"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return where


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a fresh cluster and yield its SQLAlchemy URL; stop and delete it afterwards."""
    where = postgres_or_skip()
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    base = Path(tempfile.mkdtemp(prefix="nbtp-pg-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    if as_root:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "check": True}
    try:
        subprocess.run([*run_as, str(where / "initdb"), "-D", str(data), "-U", "nbtp", "--auth=trust",
                        "--no-sync", "-E", "UTF8"], **quiet)  # type: ignore[call-overload]
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run([*run_as, str(where / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l",
                        str(base / "log"), "start"], **quiet)  # type: ignore[call-overload]
        try:
            yield f"postgresql+psycopg://nbtp@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run([*run_as, str(where / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    finally:
        shutil.rmtree(base, ignore_errors=True)
