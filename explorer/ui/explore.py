"""The convergence explorer: the graph, the head figure beside it, the details, and the tour player.

Desktop: the graph (at its own size, so no label leaves its box) with the head figure and the
details beside it. Phones: the graph gives way to a tappable list of structures, with the same
head figure and details (the routes as a nested list). A tour link (`?tour=&step=`) turns the page
into the tour player; presentation mode (`?view=present`) draws it at projector size.
"""

from __future__ import annotations

import functools
from datetime import timedelta

import plotly.graph_objects as go
import streamlit as st

from explorer.figures import convergence_figure
from explorer.graph import BASIS_ORDER, AmbiguousName, Highlight, UnknownName, highlight, resolve, short_label
from explorer.headmap import head_svg, with_legend
from explorer.layout import FONT_FAMILY
from explorer.model import Audience, NodeKind
from explorer.tours import TourPosition, resolve_tour, step_highlight
from explorer.ui import panels, state
from explorer.ui.frame import App, page_setup, say
from explorer.ui.graphview import WHOLE, explorer_spec, graph_view, picked_node, tour_spec
from explorer.ui.headmap import head_map
from explorer.ui.sections import page_tabs
from explorer.ui.widgets import as_chart, step_keys, toolbar

__all__ = ["explorer_page"]

_GRAPH_KEY = "graph"
_HEAD_KEY = "head_linked"


def explorer_page() -> None:
    A = page_setup("explorer")
    found = resolve_tour(A.kb, st.query_params.get("tour"), st.query_params.get("step"),
                         plain=state.audience() is Audience.PATIENT)
    if isinstance(found, TourPosition):
        _tour(A, found)
        return
    if isinstance(found, str):
        st.warning(found)
        st.page_link("pages/tours.py", label=say("tours.see_all"), icon=":material/co_present:")
        for key in ("tour", "step"):
            st.query_params.pop(key, None)
    _explore(A)


# --- exploring ----------------------------------------------------------------------------------


def _parse_node(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        node = resolve(_app().graph, raw)
    except (UnknownName, AmbiguousName) as exc:
        st.session_state["node_note"] = str(exc)[:300]
        return None
    # The URL is rewritten to the node's id at once; the name the link used is kept for its note
    # (an eponym that means something else elsewhere, say).
    st.session_state["_asked"] = (node, raw)
    return node


def _app() -> App:
    from explorer.ui.frame import app

    return app()


def _choose(node: str | None) -> None:
    st.session_state.node = node


def _explore(A: App) -> None:
    page = A.kb.pages["explorer"]
    st.title(page.title_at(plain=state.audience() is Audience.PATIENT), anchor=False)
    _explore_view()
    _rerun_on_reconnect()
    panels.claim(page.summary, show_links=False)
    page_tabs(page)  # the article's section on the pathway: its key points, structures, evidence, references


@st.fragment
def _explore_view() -> None:
    """Picker, graph, head figure and details: a pick reruns only this part of the page (issue 13:
    the sidebar, title and the article's claims below do not change with the node)."""
    A = _app()
    G, who = A.graph, state.audience()
    # The chosen node: from the URL when it brings a new one, else from a click, the head or a picker.
    node = state.linked("node", "node", parse=_parse_node, write=lambda n: n)
    if note := st.session_state.pop("node_note", None):
        st.warning(say("explorer.unknown_node"))
        st.text(note)
    asked_for, asked = st.session_state.get("_asked", (None, None))
    asked = asked if node and asked_for == node else None
    picked_in_graph = picked_node(_GRAPH_KEY)
    if picked_in_graph == WHOLE and node:  # Esc in the graph: back to the whole graph
        node = st.session_state.node = None
        st.query_params.pop("node", None)
    for picked in (picked_in_graph, st.session_state.pop("_head_pick", None)):
        if picked and picked in G and picked != node:
            node = st.session_state.node = picked
            st.query_params["node"] = node
    people_only = bool(st.session_state.get("people_only", False))
    plain = who is Audience.PATIENT
    fig = functools.partial(_figure, node, people_only, plain)  # built only for an export

    tools = st.columns([5, 3, 2], vertical_alignment="bottom")
    with tools[0]:
        _picker(A, node)
    with tools[1], st.container(key="desk_toggle"):
        st.toggle(say("explorer.people_only"), key="people_only", help=say("explorer.people_only_help"))
    with tools[2]:
        toolbar(fig, key="explorer_export")
    graph_col, side_col = st.columns([3, 2], gap="medium")
    with graph_col, st.container(key="graph_pane"):
        graph_view(explorer_spec(plain, people_only), node, head=_head_image(_focus(node), plain), key=_GRAPH_KEY,
                   label=_alt(A, node), interactive=True)
    with side_col:
        with st.container(key="phone_only"):
            _head(A, node, key=_HEAD_KEY)  # on a phone the graph, and the head drawn in it, give way to this
        with st.container(height=720 if node else "content", border=False, key="details"):
            if node:
                panels.node_details(node, asked=asked)
            else:
                st.info(say("explorer.hint"), icon=":material/touch_app:")


@st.fragment(run_every=timedelta(hours=1))
def _rerun_on_reconnect() -> None:
    # Draws nothing. Streamlit's browser side reruns the whole page when its websocket reconnects
    # only if the page has a timed fragment (or the last run was a fragment run). Without one, a tab
    # that reconnects to a restarted server sends its next pick to a fragment the new session has
    # never registered, and the server skips it: the pick does nothing. With this, the page runs
    # once on reconnect, so the first pick works. Its hourly run costs nothing.
    return


@functools.lru_cache(maxsize=512)
def _figure(node: str | None, people_only: bool, plain: bool) -> go.Figure:
    """The explorer's figure for one choice: built once per choice and shared by every session.

    A pick then costs a cache lookup instead of a new figure (issue 13). Nothing changes it after this:
    Streamlit and the exports only read it.
    """
    A, h = _app(), _focus(node)
    return as_chart(convergence_figure(A.graph, A.desk, A.words(plain), h, people_only=people_only,
                                       head=_head_image(h, plain)))


@functools.lru_cache(maxsize=256)
def _focus(node: str | None) -> Highlight | None:
    """The chosen node's highlight, worked out once per node (read-only, shared like the figures)."""
    return highlight(_app().graph, focus=[node]) if node else None


def _picker(A: App, node: str | None) -> None:
    """A searchable select box on desktop; on a phone, one tap on a structure's name chooses it."""
    G = A.graph
    options = [None, *sorted((n for n in G), key=lambda n: G.nodes[n]["label"].casefold())]
    st.session_state.node_picker = node
    whole = say("explorer.whole_graph")
    with st.container(key="desk_only"):
        st.selectbox(say("explorer.picker"), options, key="node_picker",
                     on_change=lambda: _choose(st.session_state.node_picker),
                     format_func=lambda n: whole if n is None else G.nodes[n]["label"])
    with st.container(key="phone_picker"):
        st.markdown(f"**{say('explorer.phone_pick')}**")
        for band, members in _phone_groups(A):
            key = f"pick_{band}"
            st.session_state[key] = node if node in members else None
            st.pills(band, members, key=key, format_func=lambda n: short_label(G.nodes[n]),
                     on_change=lambda k=key: _choose(st.session_state[k]), label_visibility="visible")


def _phone_groups(A: App) -> list[tuple[str, list[str]]]:
    G = A.graph
    groups: dict[str, list[str]] = {}
    names = dict(A.words(state.audience() is Audience.PATIENT).bands)
    other = say("explorer.other_band")  # a structure outside the C1-C3 and trigeminal bands
    for n, box in sorted(A.desk.nodes.items(), key=lambda kv: (kv[1].column, kv[1].y)):
        if G.nodes[n]["kind"] == NodeKind.STRUCTURE.value:
            groups.setdefault(names.get(box.band or "", other), []).append(n)
    return list(groups.items())


def _head(A: App, node: str | None, *, key: str) -> None:
    """The head figure linked to the graph: regions lit by how we know pain is felt there; a click picks one."""
    picked = head_map(_head_svg(_lit(_focus(node)), state.audience() is Audience.PATIENT, interactive=True),
                      key=key, interactive=True)
    if picked and picked in A.graph:
        st.session_state["_head_pick"] = picked
        st.rerun(scope="fragment")


def _lit(h: Highlight | None) -> tuple[tuple[str, str], ...]:
    """The head's regions and how each is lit ("chosen" for a region that is itself the choice), as a cache key."""
    return tuple(sorted((r, b.value if b is not None else "chosen") for r, b in (h.regions if h else {}).items()))


def _head_image(h: Highlight | None, plain: bool) -> str | None:
    """The head figure for the graph's corner: regions lit by how we know pain is felt there."""
    lit = _lit(h)
    return _head_svg(lit, plain, interactive=False) if lit else None


@functools.lru_cache(maxsize=512)
def _head_svg(lit: tuple[tuple[str, str], ...], plain: bool, *, interactive: bool) -> str:
    # Placing the labels takes a few ms; there are only as many different heads as nodes and tour steps.
    A = _app()
    G = A.graph
    assert A.kb.head_map is not None and A.kb.wording is not None
    states = dict(lit)
    labels = {n: short_label(G.nodes[n]) for n in G if G.nodes[n]["kind"] == NodeKind.REGION.value}
    title = A.kb.wording.ui["explorer.head_title"].at(plain=plain)
    if interactive:
        return head_svg(A.kb.head_map, labels, states, views=("side",), interactive=True, title=title)
    svg = head_svg(A.kb.head_map, labels, states, views=("side",), interactive=False, title=title, font=FONT_FAMILY)
    present = [b for b in BASIS_ORDER if b.value in states.values()]
    return with_legend(svg, [(b, A.kb.wording.bases[b].at(plain=plain)) for b in present], font=FONT_FAMILY)


def _alt(A: App, node: str | None) -> str:
    return say("explorer.alt_node", label=A.graph.nodes[node]["label"]) if node else say("explorer.alt_whole")


# --- the tour player ------------------------------------------------------------------------


def _go(number: int) -> None:
    st.query_params["step"] = str(number)


def _end() -> None:
    for key in ("tour", "step"):
        st.query_params.pop(key, None)


def _tour(A: App, found: TourPosition) -> None:
    G, who = A.graph, state.audience()
    plain, presenting = who is Audience.PATIENT, state.presenting()
    step = found.step
    st.query_params["step"] = str(found.number)
    if found.note:
        st.info(found.note)
    if not presenting:  # on a projector the step's own heading is the title; elsewhere the page keeps its own
        st.title(A.kb.pages["explorer"].title_at(plain=plain), anchor=False)
    h = step_highlight(G, found.tour, step)
    layout = A.layout(presenting)
    fig = functools.partial(convergence_figure, G, layout, A.words(plain), h, head=_head_image(h, plain))
    graph_col, side_col = st.columns([3, 1.3], gap="medium")
    with side_col:
        st.caption(say("tours.position", title=found.tour.title_at(plain=plain), number=found.number,
                       total=found.total))
        first, last = found.number == 1, found.number == found.total
        nav = st.columns(2)
        # One pair of buttons: clickers send PageUp/PageDown, and the arrow keys press them too.
        nav[0].button(say("tours.previous"), key="step_previous", on_click=_go, args=(found.number - 1,),
                      disabled=first, shortcut="PageUp", icon=":material/arrow_back:", width="stretch")
        nav[1].button(say("tours.next"), key="step_next", on_click=_go, args=(found.number + 1,), disabled=last,
                      shortcut="PageDown", icon=":material/arrow_forward:", width="stretch", type="primary")
        step_keys()
        st.subheader(step.title_at(plain=plain), anchor=False)
        st.markdown(step.plain if plain else step.clinical)
        st.caption(say("panels.sources", keys=", ".join(step.references)))
        if not presenting:
            st.button(say("tours.end"), key="tour_end", on_click=_end, type="tertiary", icon=":material/close:")
            toolbar(fig, key="tour_export")
    with graph_col, st.container(key="graph_pane"):
        names = " · ".join(G.nodes[n]["label"] for n in step.nodes)
        graph_view(tour_spec(found.tour.id, presenting, plain), str(found.number), head=_head_image(h, plain),
                   key="tour_graph", label=say("tours.chart_alt", names=names), interactive=False)
    if not presenting:
        with st.expander(say("tours.more_about", node=G.nodes[step.nodes[0]]["label"]), icon=":material/info:"):
            panels.node_details(step.nodes[0])
