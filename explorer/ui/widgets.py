"""Interactive pieces pages share: the chart configuration, a section's route chart, the share/export
toolbar, clicker keys. (The explorer's and the tour player's graph is `explorer.ui.graphview`.)"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias
from urllib.parse import urlencode

import plotly.graph_objects as go
import streamlit as st

from explorer.export import export
from explorer.figures import static_image
from explorer.ui.frame import app, say

__all__ = ["CHART_CONFIG", "WHOLE_GRAPH_FILES", "as_chart", "bring_into_view", "chart_config", "convergence_chart",
           "graph_files", "step_keys", "toolbar"]

# The one chart configuration: no plotly logo or zoom tools; the camera saves a 3x PNG for slides.
CHART_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "displayModeBar": "hover",
    "modeBarButtonsToRemove": ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
                               "resetScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 3, "filename": "convergence"},
    "responsive": False,
}


def convergence_chart(fig: Mapping[str, Any] | go.Figure, *, key: str, alt: str) -> None:
    """A figure of the graph at its own size (its labels keep their boxes), drawn by `st.plotly_chart`: a
    section's route chart. A figure drawn again and again is best passed as a `go.Figure` built once: see
    `as_chart`. (The explorer and the tour player use `explorer.ui.graphview` instead.)"""
    st.plotly_chart(fig if isinstance(fig, go.Figure) else as_chart(fig), key=key, on_select="rerun",
                    selection_mode="points", config=CHART_CONFIG, width="content", alt=alt)


def as_chart(fig: Mapping[str, Any]) -> go.Figure:
    """Our figure dict as a Figure, without plotly's validation.

    Streamlit validates a dict in full on every run (~10 ms) but takes a Figure as valid. The figure is
    ours, and the tests validate it in full. Streamlit only reads it (it sends a copy), so one Figure
    can be shared by every session.
    """
    return go.Figure(dict(fig), _validate=False)


# A figure, or a function that makes it (called only when an image is downloaded).
Exportable: TypeAlias = "Mapping[str, Any] | go.Figure | Callable[[], Mapping[str, Any] | go.Figure]"


def _spec(fig: Exportable) -> Mapping[str, Any]:
    made = fig if isinstance(fig, Mapping | go.Figure) else fig()
    spec: Mapping[str, Any] = made.to_dict() if isinstance(made, go.Figure) else made
    return spec


def share_url() -> str:
    base = (st.context.url or "").split("?", 1)[0]
    query = urlencode(dict(st.query_params.items()))
    return f"{base}?{query}" if query else base


def toolbar(fig: Exportable | None, *, key: str, name: str = "convergence", title: str | None = None,
            whole_graph: bool = True) -> None:
    """A compact popover: the link to exactly this view, and downloads for slides and other tools.

    `fig` may be a function that makes the figure: it is called only when an image is downloaded. The
    view's images are saved as `name`.png/.svg (see figures.export_name), with `title` above the drawing
    naming the choice; the graph on screen is left as it is. Without `whole_graph`, the whole graph's
    files are left to `graph_files` (the explorer draws them outside the part a click reruns).
    """
    # Its content is made only while it is open (Streamlit's lazy popover): a click on the graph then
    # reruns no link box and no download buttons nobody is looking at (issue 22).
    menu = st.popover(say("toolbar.share"), icon=":material/ios_share:", key=f"{key}_menu", on_change="rerun")
    if not menu.open:
        return
    with menu:
        st.caption(say("toolbar.link"))
        st.code(share_url(), language=None)
        if fig is not None:
            cols = st.columns(2)
            # Files are made only when asked for: an image takes kaleido about a second.
            cols[0].download_button(say("toolbar.view_png"), data=lambda: static_image(_spec(fig), "png", title=title),
                                    file_name=f"{name}.png", mime="image/png", key=f"{key}_png",
                                    on_click="ignore", icon=":material/image:")
            cols[1].download_button(say("toolbar.view_svg"), data=lambda: static_image(_spec(fig), "svg", title=title),
                                    file_name=f"{name}.svg", mime="image/svg+xml", key=f"{key}_svg",
                                    on_click="ignore", icon=":material/draw:")
        if whole_graph:
            _graph_file_buttons(key)


def graph_files(key: str) -> None:
    """The whole graph's files (GraphML, JSON, JSON-LD, CSV) in a popover of their own."""
    with st.popover(say("toolbar.graph_files"), icon=":material/download:"):
        _graph_file_buttons(key)


def _graph_file_buttons(key: str) -> None:
    A = app()
    for fmt, file_name, mime in WHOLE_GRAPH_FILES:
        st.download_button(say("toolbar.whole_graph", fmt=fmt),
                           data=functools.partial(export, A.graph, fmt, A.kb.references, A.kb.safety),
                           file_name=file_name,
                           mime=mime, key=f"{key}_{fmt}", on_click="ignore", icon=":material/download:")


# The whole graph's downloads: (export format, file name, MIME type).
WHOLE_GRAPH_FILES = (
    ("graphml", "convergence.graphml", "application/xml"),
    ("node-link", "convergence.json", "application/json"),
    ("jsonld", "convergence.jsonld", "application/ld+json"),
    ("csv", "convergence-edges.csv", "text/csv"),
)


def chart_config(name: str) -> dict[str, Any]:
    """The chart configuration with the camera button saving `name`.png (see figures.export_name)."""
    return {**CHART_CONFIG, "toImageButtonOptions": {**CHART_CONFIG["toImageButtonOptions"], "filename": name}}


# A tiny keyboard listener: presentation clickers send PageUp/PageDown (the buttons' own shortcuts);
# the arrow keys press the same buttons, unless the reader is typing or using a slider or list.
_KEYS_JS = """
export default function(component) {
  const doc = window.document;
  if (doc.__nbtpStepKeys) { return; }
  doc.__nbtpStepKeys = true;
  doc.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    const target = event.target;
    const tag = (target && target.tagName) || "";
    const role = (target && target.getAttribute && target.getAttribute("role")) || "";
    if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || ["slider", "listbox", "combobox", "option",
        "radio", "tab"].includes(role) || (target && target.isContentEditable)) { return; }
    const which = {ArrowRight: "step_next", ArrowLeft: "step_previous"}[event.key];
    if (!which) { return; }
    const button = doc.querySelector(".st-key-" + which + " button");
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
}
"""
_keys_component = st.components.v2.component("nbtp_step_keys", js=_KEYS_JS, isolate_styles=False)


def step_keys() -> None:
    """Arrow keys press the step buttons (keys `step_previous` / `step_next`) wherever they are."""
    _keys_component(key="step_keys")


# On a phone the answer to a tap (a structure's details, the map's result) starts below the drawing, out
# of the first screen. When the answer changes, this scrolls it into view; the first answer a page
# opens with (a shared link) is left where it is, and wide screens, where it sits beside, never scroll.
_INTO_VIEW_JS = """
export default function(component) {
  const { data, parentElement } = component;
  const last = parentElement.__nbtpAnswer;
  parentElement.__nbtpAnswer = data.token;
  if (last === undefined || !data.token || last === data.token) { return; }
  if (!window.matchMedia("(max-width: 700px)").matches) { return; }
  let tries = 0;  // the answer is drawn after this component, so it may not be on the page yet
  const look = () => {
    const target = window.document.querySelector(data.selector);
    if (target) { target.scrollIntoView({behavior: "smooth", block: "start"}); }
    else if (++tries < 30) { setTimeout(look, 100); }
  };
  requestAnimationFrame(look);
}
"""
_into_view_component = st.components.v2.component("nbtp_into_view", js=_INTO_VIEW_JS, isolate_styles=False)


def bring_into_view(selector: str, token: str | None, *, key: str) -> None:
    """On a phone, scroll the element at CSS `selector` into view whenever `token` (the answer) changes."""
    _into_view_component(key=key, data={"selector": selector, "token": token or ""})
