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

__all__ = ["AUDIENCE_WIDGET", "audience", "audience_chosen", "linked", "prepare_audience_widget", "presenting",
           "set_presenting", "sync_common"]

T = TypeVar("T")


def linked(key: str, param: str, *, parse: Callable[[str | None], T], write: Callable[[T], str | None]) -> T:
    """The value at `st.session_state[key]`, taken from `?param=` whenever the URL brings a new one.

    `parse` turns the URL's text (or None) into a value; `write` turns the value back into the
    URL's text (None removes the parameter).
    """
    seen = f"_url_{key}"
    raw = st.query_params.get(param)
    fresh = raw != st.session_state.get(seen) or key not in st.session_state
    if fresh:
        st.session_state[key] = parse(raw)
    value: T = st.session_state[key]
    text = write(value)
    if text is None:
        st.query_params.pop(param, None)
    elif fresh or st.query_params.get(param) != text:
        # Written back even when equal: a link to the page already shown (a search result for another
        # structure, say) reruns it with the new query but leaves the old one in the address bar.
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


# The radio that chooses the reading level is drawn by every page, and a widget's identity includes
# the page that draws it: on a page switch Streamlit drops the old radio's state and draws a new one
# at its first option. So the level itself lives under a key no widget owns ("audience"), is copied
# into the radio's own key before the radio is drawn, and copied back when the reader changes it.
AUDIENCE_WIDGET = "audience_choice"


def prepare_audience_widget() -> None:
    """Call just before drawing the reading-level radio with `key=AUDIENCE_WIDGET`."""
    st.session_state[AUDIENCE_WIDGET] = audience().value


def audience_chosen() -> None:
    """The radio's on_change: the reader's choice becomes the reading level (and the URL follows)."""
    st.session_state["audience"] = st.session_state[AUDIENCE_WIDGET]


def presenting() -> bool:
    return bool(st.session_state.get("presenting"))


def set_presenting(on: bool) -> None:
    st.session_state.presenting = on
