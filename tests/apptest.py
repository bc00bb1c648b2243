"""Helpers for running a page of the app under Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).parent.parent / "app.py")


def open_page(page: str, **params: str) -> AppTest:
    """Run `pages/<page>.py` with these query parameters, and fail on any exception."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{page}.py")  # runs the page script itself, as a fresh server does
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """All visible text elements of the last run, one per line."""
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "text", "header", "subheader", "title",
                                              "success", "error", "warning", "info")
                     for e in getattr(at, kind))
