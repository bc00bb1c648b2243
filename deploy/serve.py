"""Serve the app: `./run-app` runs this after setting up `.venv` and validating `data/`.

It becomes `streamlit run app.py`, listening on 127.0.0.1 unless `--address` says otherwise.
Options it does not know go to `streamlit run`.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn

__all__ = ["main"]

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8501


def main(argv: list[str] | None = None) -> NoReturn:
    args, streamlit_args = _parser().parse_known_args(argv)
    _exec_one_process(args, streamlit_args)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="./run-app",
        description="Start the app. Options not listed here are passed to `streamlit run` "
        "(e.g. --logger.level debug).",
    )
    p.add_argument("--address", default=LOOPBACK,
                   help="where the app listens (default 127.0.0.1: this machine only; 0.0.0.0: every "
                   "network interface, e.g. for a lecture hall)")
    p.add_argument("--port", type=int, help=f"the port it listens on (default {DEFAULT_PORT})")
    p.add_argument("--app", default="app.py", help="the Streamlit script to serve (default app.py)")
    return p


def _exec_one_process(args: argparse.Namespace, streamlit_args: list[str]) -> NoReturn:
    """Become `streamlit run`, so Ctrl-C and the exit status are Streamlit's own, as before."""
    command = [sys.executable, "-m", "streamlit", "run", args.app, "--browser.gatherUsageStats", "false",
               "--server.address", args.address]
    if args.port is not None:
        command += ["--server.port", str(args.port)]
    os.execv(sys.executable, command + streamlit_args)  # later options win: the user's come last


if __name__ == "__main__":
    main()
