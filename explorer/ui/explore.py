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

from explorer.figures import convergence_figure, export_name
from explorer.graph import BASIS_ORDER, AmbiguousName, Highlight, UnknownName, highlight, resolve, short_label
from explorer.headmap import head_svg, with_legend
from explorer.layout import FONT_FAMILY
from explorer.mdtext import md_text
from explorer.model import Audience, NodeKind
from explorer.palette import KIND_STYLE
from explorer.text import display_name, short_name
from explorer.tours import TourPosition, resolve_tour, step_highlight
from explorer.ui import panels, state
from explorer.ui.frame import App, link, page_setup, say
from explorer.ui.graphview import WHOLE, became_narrow, explorer_spec, graph_view, picked_node, tour_spec
from explorer.ui.headmap import head_map
from explorer.ui.sections import page_tabs
from explorer.ui.tourchecks import tour_checks
from explorer.ui.widgets import as_chart, bring_into_view, graph_files, step_keys, toolbar

__all__ = ["explorer_page"]

_GRAPH_KEY = "graph"
_HEAD_KEY = "head_linked"
# Set by a control that only a wide screen shows (the select box, the people-only toggle): the run it
# causes leaves out what only a phone shows (its head figure and tap list), a third of such a run's time on
# the server (issue 22). A click on the graph reruns neither (see _graph_and_details). A phone's own
# controls, a full run, and the graph's word that the window became phone-narrow draw them again.
_WIDE_RUN = "_wide_run"
# Set by a control in the graph's part whose effect the part above shows too (a phone's list): the page reruns.
_PAGE_RUN = "_page_run"


def explorer_page() -> None:
    A = page_setup("explorer")
    found = resolve_tour(A.kb, st.query_params.get("tour"), st.query_params.get("step"),
                         plain=state.audience() is Audience.PATIENT)
    if isinstance(found, TourPosition):
        _tour(A, found)
        return
    if isinstance(found, str):
        st.warning(found)
        link("tours", label=say("tours.see_all"), icon=":material/co_present:")
        for key in ("tour", "step"):
            st.query_params.pop(key, None)
    _explore(A)


# --- exploring ----------------------------------------------------------------------------------


def _parse_node(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        node = resolve(_app().graph, raw)
    except AmbiguousName as exc:  # an umbrella name: offer its members, never guess
        st.session_state["node_choices"] = exc
        return None
    except UnknownName as exc:
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
    if not state.presenting():  # on a projector the graph and its details are the whole screen
        st.title(page.title_at(plain=state.audience() is Audience.PATIENT), anchor=False)
    _explore_view()
    _rerun_on_reconnect()
    plain = state.audience() is Audience.PATIENT
    with st.container(key="desk_key"):  # below the graph, whose pane is only as wide as the drawing
        st.caption(shape_key(plain))
    if state.presenting():
        return
    graph_files("explorer_export")  # the same files whatever is chosen: outside the part a click reruns
    panels.claim(page.summary, show_links=False)
    page_tabs(page)  # the article's section on the pathway: its key points, structures, evidence, references


@st.fragment
def _explore_view() -> None:
    """The picker, toggle and share menu, a phone's list and head, then the graph with its details.

    A pick in the picker or on a phone reruns this part of the page (issue 13: the sidebar, title and the
    article's claims below do not change with the node); a click on the graph reruns only the graph and
    details (`_graph_and_details`, issue 22): the controls above it were a third of a click's messages.
    """
    A = _app()
    who = state.audience()
    wide = bool(st.session_state.pop(_WIDE_RUN, False))
    if (picked := st.session_state.pop("_head_pick", None)) and picked in A.graph:
        _choose(picked)
    node = _node_from_url()
    if note := st.session_state.pop("node_note", None):
        st.warning(say("explorer.unknown_node"))
        st.text(note)
    if choices := st.session_state.pop("node_choices", None):
        st.info(say("explorer.ambiguous_node", name=choices.name[:80]), icon=":material/help:")
        panels.node_links(choices.candidates)
        if choices.note and who is not Audience.PATIENT:
            st.caption(choices.note)
    # What a wide screen's run leaves out still has its slot, so everything after it keeps its place in
    # the page: an element that moves is drawn anew (the graph would be plotted again, losing focus).
    with st.container(key="into_view_slot"):
        if not wide:  # it scrolls only a phone's screen
            bring_into_view(".st-key-details", node, key="details_into_view")
    if not state.presenting():  # on a projector the tools stand beside the graph (see _graph_and_details)
        _tools(A, node, columns=True, phone=not wide)
    with st.container(key="phone_only"):
        # On a phone the graph, and the head drawn in it, give way to this (above the details).
        if not wide:
            _head(A, node, bool(st.session_state.get("people_only", False)), key=_HEAD_KEY)
    _graph_and_details()


def _node_from_url() -> str | None:
    """The chosen node: the URL's, when it brings a new one; the session's otherwise (the URL follows it)."""
    return state.linked("node", "node", parse=_parse_node, write=lambda n: n)


@st.fragment
def _graph_and_details() -> None:
    """The graph and the details of its choice: all a click on the graph reruns."""
    A = _app()
    G, who = A.graph, state.audience()
    # A click on the graph chooses like the picker does (session state), and the one URL<->state helper
    # then writes the address: the URL wins only when it brings a new node.
    picked = picked_node(_GRAPH_KEY)
    if picked == WHOLE:  # Esc in the graph: back to the whole graph
        _choose(None)
    elif picked and picked in G:
        _choose(picked)
    if st.session_state.pop(_PAGE_RUN, False) or became_narrow(_GRAPH_KEY):
        # A phone's list and head show the choice too, and are drawn by the part above: run the whole page.
        st.rerun(scope="app")
    node = _node_from_url()
    asked_for, asked = st.session_state.get("_asked", (None, None))
    asked = asked if node and asked_for == node else None
    people_only = bool(st.session_state.get("people_only", False))
    plain, presenting = who is Audience.PATIENT, state.presenting()
    if presenting:
        # On a projector the graph takes the screen's height, and the tools stand above the details
        # beside it (as a tour step's controls do), so both fit a 1920 x 1080 screen.
        graph_col, side_col = st.columns([3, 1.3], gap="medium")
        with side_col:
            _tools(A, node, columns=False, phone=False)
    else:
        graph_col, side_col = st.columns([3, 2], gap="medium")
    with graph_col, st.container(key="graph_pane"):
        head = _head_image(_focus(node, people_only), plain)
        graph_view(explorer_spec(plain, people_only, presenting), node, head=head, key=_GRAPH_KEY,
                   label=_alt(A, node), interactive=True)
    with side_col, st.container(height=(860 if presenting else 720) if node else "content", border=False,
                                key="details"):
        if node:
            # The way back, where the eye already is (the picker above finds a node; it holds no choice).
            st.button(say("explorer.whole_graph"), key="whole_graph", on_click=_back_to_whole_graph,
                      icon=":material/arrow_back:", type="tertiary")
            panels.node_details(node, asked=asked)
        else:
            st.info(say("explorer.hint"), icon=":material/touch_app:")


def _back_to_whole_graph() -> None:
    _choose(None)
    st.session_state[_PAGE_RUN] = True


@st.fragment(run_every=timedelta(hours=1))
def _rerun_on_reconnect() -> None:
    # Draws nothing. Streamlit's browser side reruns the whole page when its websocket reconnects
    # only if the page has a timed fragment (or the last run was a fragment run). Without one, a tab
    # that reconnects to a restarted server sends its next pick to a fragment the new session has
    # never registered, and the server skips it: the pick does nothing. With this, the page runs
    # once on reconnect, so the first pick works. Its hourly run costs nothing.
    return


@functools.lru_cache(maxsize=512)
def _figure(node: str | None, people_only: bool, plain: bool, presenting: bool = False) -> go.Figure:
    """The explorer's figure for one choice: built once per choice and shared by every session.

    A pick then costs a cache lookup instead of a new figure (issue 13). Nothing changes it after this:
    Streamlit and the exports only read it.
    """
    A, h = _app(), _focus(node, people_only)
    return as_chart(convergence_figure(A.graph, A.layout(presenting, plain), A.words(plain), h, people_only=people_only,
                                       head=_head_image(h, plain)))


@functools.lru_cache(maxsize=256)
def _focus(node: str | None, people_only: bool = False) -> Highlight | None:
    """The chosen node's highlight, worked out once per node (read-only, shared like the figures)."""
    return highlight(_app().graph, focus=[node], people_only=people_only) if node else None


def _mark_wide() -> None:
    st.session_state[_WIDE_RUN] = True


def _tools(A: App, node: str | None, *, columns: bool, phone: bool) -> None:
    """The picker, the people-only toggle and the share menu: in a row above the graph, or stacked."""
    people_only = bool(st.session_state.get("people_only", False))
    plain, presenting = state.audience() is Audience.PATIENT, state.presenting()
    fig = functools.partial(_figure, node, people_only, plain, presenting)  # built only for an export
    slots = st.columns([5, 3, 2], vertical_alignment="bottom") if columns else [st.container() for _ in range(3)]
    with slots[0]:
        _picker(A, phone=phone, node=node)
    with slots[1], st.container(key="desk_toggle"):
        st.toggle(say("explorer.people_only"), key="people_only", help=say("explorer.people_only_help"),
                  on_change=_mark_wide)
    with slots[2]:
        shown = say("toolbar.image_node", node=display_name(A.graph.nodes[node], plain=plain)) if node else None
        toolbar(fig, key="explorer_export", name=export_name(node=node), title=shown or say("toolbar.image_whole"),
                whole_graph=False)


def shape_key(plain: bool) -> str:
    """The key to the node shapes, in words: one glyph per kind of node drawn in the graph."""
    kinds = [k for k in NodeKind if k is not NodeKind.REGION]  # regions are drawn on the head, not as nodes
    return " · ".join(f"{KIND_STYLE[k].glyph} {say(f'explorer.kind.{k.value}')}" for k in kinds)


def _picker(A: App, *, phone: bool, node: str | None) -> None:
    """A searchable select box on desktop; on a phone, one tap on a structure's name chooses it.

    The box finds a node and then empties itself: a click on the graph reruns only the graph's part of
    the page, so a box that showed the choice would show an old one. The graph's mark, the details'
    heading and the address say what is chosen.
    """
    G, plain = A.graph, state.audience() is Audience.PATIENT
    names = A.memo(_picker_names)(plain)
    st.session_state.node_picker = None
    with st.container(key="desk_only"):
        st.selectbox(say("explorer.picker"), list(names), key="node_picker", index=None,
                     placeholder=say("explorer.picker_placeholder"), on_change=_picked_in_select_box,
                     format_func=names.__getitem__)
    with st.container(key="phone_picker"):  # always there, empty on a wide screen's run (see _explore_view)
        if not phone:
            return
        st.markdown(f"**{say('explorer.phone_pick')}**")
        for band, members in _phone_groups(A):
            key = f"pick_{band}"
            st.session_state[key] = node if node in members else None
            st.pills(band, members, key=key, format_func=lambda n: md_text(short_name(G.nodes[n], plain=plain)),
                     on_change=lambda k=key: _choose(st.session_state[k]), label_visibility="visible")


def _picked_in_select_box() -> None:
    if st.session_state.node_picker is not None:
        _choose(st.session_state.node_picker)
    _mark_wide()


def _picker_names(A: App, plain: bool) -> dict[str, str]:
    """The select box's options (every node by name) and their names."""
    G = A.graph
    nodes = sorted(G, key=lambda n: display_name(G.nodes[n], plain=plain).casefold())
    return {n: display_name(G.nodes[n], plain=plain) for n in nodes}


def _phone_groups(A: App) -> list[tuple[str, list[str]]]:
    G = A.graph
    groups: dict[str, list[str]] = {}
    names = dict(A.words(state.audience() is Audience.PATIENT).bands)
    other = say("explorer.other_band")  # a structure outside the C1-C3 and trigeminal bands
    for n, box in sorted(A.desk.nodes.items(), key=lambda kv: (kv[1].column, kv[1].y)):
        if G.nodes[n]["kind"] == NodeKind.STRUCTURE.value:
            groups.setdefault(names.get(box.band or "", other), []).append(n)
    return list(groups.items())


def _head(A: App, node: str | None, people_only: bool, *, key: str) -> None:
    """The head figure linked to the graph: regions lit by how we know pain is felt there; a click picks one."""
    plain = state.audience() is Audience.PATIENT
    picked = head_map(_head_svg(_lit(_focus(node, people_only)), plain, interactive=True), key=key, interactive=True)
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
    # A region's short label is already in everyday words, and the head's label boxes are fitted to it.
    labels = {n: short_label(G.nodes[n]) for n in G if G.nodes[n]["kind"] == NodeKind.REGION.value}
    title = A.kb.wording.ui["explorer.head_title"].at(plain=plain)
    if interactive:
        return head_svg(A.kb.head_map, labels, states, views=("side",), interactive=True, title=title)
    svg = head_svg(A.kb.head_map, labels, states, views=("side",), interactive=False, title=title, font=FONT_FAMILY)
    present = [b for b in BASIS_ORDER if b.value in states.values()]
    return with_legend(svg, [(b, A.kb.wording.bases[b].at(plain=plain)) for b in present], font=FONT_FAMILY)


def _alt(A: App, node: str | None) -> str:
    if not node:
        return say("explorer.alt_whole")
    return say("explorer.alt_node", label=display_name(A.graph.nodes[node], plain=state.audience() is Audience.PATIENT))


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
    # The checks before the tour take a slot that is there at every step (empty after step 1), so the graph
    # below keeps its place in the page and each next step restyles it rather than drawing it anew.
    with st.container(key="tour_before_slot"):
        if found.number == 1:
            tour_checks(A, found)  # three questions before the tour starts (none in presentation mode)
    h = step_highlight(G, found.tour, step)
    layout = A.layout(presenting, plain)
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
        st.subheader(md_text(step.title_at(plain=plain)), anchor=False)
        st.markdown(step.plain if plain else step.clinical)
        st.caption(say("panels.sources", keys=", ".join(step.references)))
        if not presenting:
            st.button(say("tours.end"), key="tour_end", on_click=_end, type="tertiary", icon=":material/close:")
            toolbar(fig, key="tour_export", name=export_name(tour=found.tour.id, step=found.number),
                    title=say("toolbar.image_step", tour=found.tour.title_at(plain=plain), number=found.number,
                              title=step.title_at(plain=plain)))
    with graph_col, st.container(key="graph_pane"):
        names = " · ".join(display_name(G.nodes[n], plain=plain) for n in step.nodes)
        graph_view(tour_spec(found.tour.id, presenting, plain), str(found.number), head=_head_image(h, plain),
                   key="tour_graph", label=say("tours.chart_alt", names=names), interactive=False)
    if found.number == found.total:
        tour_checks(A, found)  # three parallel questions after the last step, then the before/after line
    if not presenting:
        about = say("tours.more_about", node=md_text(display_name(G.nodes[step.nodes[0]], plain=plain)))
        with st.expander(about, icon=":material/info:"):
            panels.node_details(step.nodes[0])
