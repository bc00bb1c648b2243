"""Where a reader's place lives: the URL says it (so links reproduce it), session state owns it.

One mechanism for every value a link can carry (`?audience=`, `?view=`, `?node=`, `?seed=`, `?q=`):
a new value in the URL is read once; after that the widgets change session state, and the URL is
rewritten from it. Text from a URL is never rendered as markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from explorer.model import Audience

__all__ = ["audience", "linked", "presenting", "set_presenting", "sync_common"]

T = TypeVar("T")


def linked(key: str, param: str, *, parse: Callable[[str | None], T], write: Callable[[T], str | None]) -> T:
    """The value at `st.session_state[key]`, taken from `?param=` whenever the URL brings a new one.

    `parse` turns the URL's text (or None) into a value; `write` turns the value back into the
    URL's text (None removes the parameter).
    """
    seen = f"_url_{key}"
    raw = st.query_params.get(param)
    if raw != st.session_state.get(seen) or key not in st.session_state:
        st.session_state[key] = parse(raw)
    value: T = st.session_state[key]
    text = write(value)
    if text is None:
        st.query_params.pop(param, None)
    elif st.query_params.get(param) != text:
        st.query_params[param] = text
    st.session_state[seen] = text
    return value


def _parse_audience(raw: str | None) -> str:
    known = [a.value for a in Audience]
    if raw in known:
        return raw
    current = st.session_state.get("audience")
    return current if current in known else Audience.STUDENT.value


def sync_common() -> None:
    """Reading level and presentation mode, from the URL or the session; every page calls this first."""
    linked("audience", "audience", parse=_parse_audience, write=lambda a: a)
    view = st.query_params.get("view")
    if view not in (None, "present") and view != st.session_state.get("_url_view_bad"):
        st.session_state["_url_view_bad"] = view
        st.session_state["view_note"] = True
    linked("presenting", "view", parse=lambda raw: raw == "present" if raw is not None
           else bool(st.session_state.get("presenting")), write=lambda on: "present" if on else None)


def audience() -> Audience:
    return Audience(st.session_state.get("audience", Audience.STUDENT.value))


def presenting() -> bool:
    return bool(st.session_state.get("presenting"))


def set_presenting(on: bool) -> None:
    st.session_state.presenting = on
