"""The convergence graph as a Streamlit component: plotly.js in the browser, the highlight done there.

One custom component (Streamlit's components v2), registered when this module is imported. The figure
(`explorer.figures.view_spec`: the whole graph, plus every look a click or a tour step can ask for as a
small patch) goes to a page once per layout and audience; after that a run sends only which look to
show. A click, tap, Enter or Space lights the choice in the browser at once and marks the node
(`aria-current`); the server then hears which node was chosen (`picked_node`) and reruns only what
depends on it. Keyboard: Tab enters at the chosen node (or the first), arrows move within a column and
between columns, Enter or Space chooses, Esc goes back to the whole graph.

plotly.js comes from the plotly package's own copy (the one `st.plotly_chart` does not expose), served
by Streamlit as a static file of a v1 component that is never drawn.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly
import streamlit as st

from explorer.figures import head_image, view_look, view_spec
from explorer.graph import Highlight, highlight
from explorer.palette import INK
from explorer.tours import step_highlight
from explorer.ui.frame import app
from explorer.ui.widgets import CHART_CONFIG

__all__ = ["WHOLE", "GraphSpec", "became_narrow", "explorer_spec", "graph_view", "picked_node", "tour_spec"]

WHOLE = ""  # the look of the whole graph, nothing chosen (what Esc asks for)
# Above this many nodes the explorer's figure goes without its per-node looks, and each comes with the
# run that shows it: every look holds a value per node and edge, so all of them together grow with the
# square of the graph (657 nodes: 22 MB and 21 s for the first page; benchmarks/README.md, issue 21).
# NBTP_LOOKS_AHEAD_MAX sets another limit (a browser test uses 0 to see the lazy way on the real graph).
LOOKS_AHEAD_MAX = int(os.environ.get("NBTP_LOOKS_AHEAD_MAX", "300"))

_ASSETS = Path(__file__).parent / "assets"
_PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"
_PLOTLY_NAME = "plotlyjs"  # the v1 component that only serves plotly.min.js

_HTML = '<div class="gv" role="figure"><div class="gv-stage"><div class="gv-plot"></div>' \
        '<div class="gv-keys"></div></div></div>'
_CSS = (_ASSETS / "graphview.css").read_text().replace("var(--gv-ink)", INK)
_JS = (_ASSETS / "graphview.js").read_text()

# Not in a shadow root: plotly.js puts its own styles (mode bar, hover labels) in the document head.
_COMPONENT = st.components.v2.component("nbtp_graph_view", html=_HTML, css=_CSS, js=_JS, isolate_styles=False)

@dataclass(frozen=True, eq=False)
class GraphSpec:
    """A figure with its looks (see `view_spec`) as JSON text, and a version that changes whenever it does."""

    version: str
    text: str  # sent as text: Streamlit then encodes one string, not the whole structure, for each new page
    presenting: bool
    lazy: bool = False  # the looks are not in `text`: each comes with the run that shows it (`_look_text`)
    plain: bool = False
    people_only: bool = False


def _spec(looks: Mapping[str, Highlight | None], *, presenting: bool, plain: bool, people_only: bool,
          lazy: bool = False) -> GraphSpec:
    A = app()
    spec = view_spec(A.graph, A.layout(presenting, plain), A.words(plain), looks, people_only=people_only)
    spec["config"] = CHART_CONFIG
    spec["lazy"] = lazy
    text = json.dumps(spec, separators=(",", ":"))
    return GraphSpec(hashlib.sha1(text.encode()).hexdigest()[:16], text, presenting, lazy, plain, people_only)


@functools.lru_cache(maxsize=8)
def explorer_spec(plain: bool, people_only: bool, presenting: bool = False) -> GraphSpec:
    """The explorer's graph: one look per node (its highlight; with `people_only`, only what is shown in
    people), at desk or projector size. Shared by every session."""
    G = app().graph
    lazy = len(G) > LOOKS_AHEAD_MAX
    looks = {} if lazy else {n: highlight(G, focus=[n], people_only=people_only) for n in G}
    return _spec(looks, presenting=presenting, plain=plain, people_only=people_only, lazy=lazy)


@functools.lru_cache(maxsize=64)
def _look_text(graph: GraphSpec, look: str) -> str:
    """A node's look for a `lazy` explorer graph, as JSON text (see `view_look`). Shared by every session."""
    A = app()
    lit = highlight(A.graph, focus=[look], people_only=graph.people_only)
    return json.dumps(view_look(A.graph, A.layout(graph.presenting, graph.plain), lit, people_only=graph.people_only),
                      separators=(",", ":"))


@functools.lru_cache(maxsize=32)
def tour_spec(tour_id: str, presenting: bool, plain: bool) -> GraphSpec:
    """A tour's graph: one look per step, keyed by its number ("1", "2", ...). Shared by every session."""
    A = app()
    G, tour = A.graph, A.kb.tours[tour_id]
    looks = {str(i): step_highlight(G, tour, step) for i, step in enumerate(tour.steps, start=1)}
    return _spec(looks, presenting=presenting, plain=plain, people_only=False)


@functools.lru_cache(maxsize=256)
def _head_source(svg: str, presenting: bool) -> str:
    """The head figure as the data URL of the figure's layout image (its place is in the figure already)."""
    return str(head_image(app().layout(presenting), svg)["source"])


def _plotly_url() -> str:
    """Where the browser gets plotly.js: registered (once per server) as a v1 component's static file."""
    from streamlit.runtime import Runtime

    registry = Runtime.instance().component_registry
    name = f"{__name__}.{_PLOTLY_NAME}"
    if registry.get_component_path(name) is None:
        st.components.v1.declare_component(_PLOTLY_NAME, path=str(_PLOTLY_DIR))
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{'/' + base if base else ''}/component/{name}/plotly.min.js"


def _on_pick(key: str) -> None:
    value = st.session_state[key].get("pick")
    if isinstance(value, str):
        st.session_state[f"_picked_{key}"] = value


def _on_need(key: str) -> None:
    st.session_state.pop(f"_sent_{key}", None)  # the page lost the figure: send it again this run


def _on_narrow(key: str) -> None:
    st.session_state[f"_narrow_{key}"] = True


def became_narrow(key: str) -> bool:
    """Whether the window of graph `key` has just become phone-narrow (the page then draws a phone's list)."""
    return bool(st.session_state.pop(f"_narrow_{key}", False))


def picked_node(key: str) -> str | None:
    """The node just chosen in graph `key` (`WHOLE` after Esc), once per choice; None otherwise."""
    picked = st.session_state.pop(f"_picked_{key}", None)
    return picked if isinstance(picked, str) else None


def graph_view(graph: GraphSpec, look: str | None, *, head: str | None, key: str, label: str,
               interactive: bool) -> None:
    """Show `graph` with `look` lit (a node id, a tour step's number, or None for the whole graph) and
    `head` (the head figure's SVG for that look, or None) in its corner.

    With `interactive`, a choice in the browser lights at once and is returned by `picked_node(key)` in
    the run it causes. The figure itself is sent to this session once per version, and the head of each
    look once, with the first run that shows it: the page keeps both, so going back to a look sends
    neither (a page that has lost them asks again, as `_on_need` hears).
    """
    sent, heads = f"_sent_{key}", f"_heads_{key}"
    fresh = st.session_state.get(sent) != graph.version
    st.session_state[sent] = graph.version
    if fresh:
        st.session_state[heads] = set()
    looks_sent: set[str] = st.session_state.setdefault(heads, set())
    data: dict[str, Any] = {"version": graph.version, "look": look or WHOLE, "interactive": interactive,
                            "label": label, "plotly": _plotly_url()}
    if data["look"] not in looks_sent:  # no "head" at all: the page has this look's (null: it has none)
        looks_sent.add(data["look"])
        data["head"] = _head_source(head, graph.presenting) if head else None
    # Only strings, numbers and booleans: a nested dict or list makes Streamlit look for data frames in it,
    # which imports pandas and pyarrow into the server (~100 MiB).
    if fresh:
        data["spec"] = graph.text
    if graph.lazy and look and look in app().graph:
        data["look_spec"] = _look_text(graph, look)
    _COMPONENT(key=key, data=data, height="content", on_pick_change=functools.partial(_on_pick, key),
               on_need_change=functools.partial(_on_need, key), on_narrow_change=functools.partial(_on_narrow, key))
