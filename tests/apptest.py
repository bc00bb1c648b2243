"""Helpers for running a page of the app under Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from explorer.model import KnowledgeBase

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


def open_menu(at: AppTest, key: str) -> AppTest:
    """Open the popover with `key`, as a click on it does: its content is made only while it is open."""
    at.session_state[key] = True
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """All visible text elements of the last run, one per line."""
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "text", "header", "subheader", "title",
                                              "success", "error", "warning", "info")
                     for e in getattr(at, kind))


def ui_text(kb: KnowledgeBase, key: str, *, plain: bool = False, **values: object) -> str:
    """A sentence the app says (data/wording.yaml, `ui.<key>`), filled in as the page fills it.

    Tests look for these rather than typing the English out, so rewording a sentence in the data
    file does not break them.
    """
    assert kb.wording is not None
    text = kb.wording.ui[key].at(plain=plain)
    return text.format(**values) if values else text


def ui_stem(kb: KnowledgeBase, key: str, *, plain: bool = False) -> str:
    """The words of `ui.<key>` before its first {placeholder}: enough to find it without knowing what fills it."""
    stem = ui_text(kb, key, plain=plain).split("{", 1)[0].strip()
    assert stem, f"ui.{key} starts with a placeholder; compare the filled-in text with ui_text instead"
    return stem
