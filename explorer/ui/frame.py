"""The frame around every page: the shared, read-only content; page config; sidebar; styles.

Every page calls `page_setup(page_id)` first, itself, rather than relying on app.py: Streamlit runs
a page script on its own when a deep link is the first request to a fresh server (and in AppTest).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import streamlit as st

from explorer.figures import FigureWords
from explorer.graph import Graph, build_graph, normalize
from explorer.layout import Layout, convergence_layout
from explorer.load import ContentErrors, load_knowledge_base, report_lines
from explorer.lookup import lookup
from explorer.model import Audience, KnowledgeBase, NavPage
from explorer.ui import state

__all__ = ["App", "app", "audience_label", "link", "nav_entry", "page_setup", "page_title", "safety_notice", "say"]

T = TypeVar("T")

# Drawing budgets of the convergence view, in px: the graph pane beside the details at 1400 px,
# and the projector view at 1920 x 1080 beside the caption.
DESK_FONT, DESK_BOX = 12.0, (740.0, 760.0)
PRESENT_FONT, PRESENT_BOX = 18.0, (1260.0, 900.0)


@dataclass(frozen=True)
class App:
    kb: KnowledgeBase
    graph: Graph
    desk: Layout
    present: Layout
    plain_desk: Layout  # labelled by everyday names, for patients
    # Work made once from this content and shared by every session (see `memo`); it goes with the App
    # when the content is loaded again.
    _memos: dict[str, Callable[..., Any]] = field(default_factory=dict, compare=False, repr=False)

    def memo(self, fn: Callable[..., T], *, maxsize: int = 1024) -> Callable[..., T]:
        """`fn(self, *args)`, remembered for this content: the same arguments give the same object."""
        name = f"{fn.__module__}.{fn.__qualname__}"
        if name not in self._memos:
            self._memos[name] = functools.lru_cache(maxsize=maxsize)(functools.partial(fn, self))
        return self._memos[name]

    def layout(self, presenting: bool, plain: bool = False) -> Layout:
        # The projector keeps the anatomical short labels for everyone: the everyday names do not fit
        # its 18 px budget, and a class reads the anatomy with its teacher.
        if presenting:
            return self.present
        return self.plain_desk if plain else self.desk

    def words(self, plain: bool) -> FigureWords:
        assert self.kb.wording is not None
        return FigureWords.of(self.kb.wording, plain=plain)


@st.cache_resource(show_spinner=False)
def _load() -> App:
    # Read-only after this point and shared by every session: the graph is frozen, layouts immutable.
    kb = load_knowledge_base()
    G = build_graph(kb)
    return App(kb, G, convergence_layout(G, font=DESK_FONT, max_width=DESK_BOX[0], max_height=DESK_BOX[1]),
               convergence_layout(G, font=PRESENT_FONT, max_width=PRESENT_BOX[0], max_height=PRESENT_BOX[1]),
               convergence_layout(G, font=DESK_FONT, max_width=DESK_BOX[0], max_height=DESK_BOX[1], plain=True))


def app() -> App:
    """The knowledge base, graph and layouts; a friendly page if the content files are broken."""
    try:
        return _load()
    except ContentErrors as exc:
        st.error("This page cannot be shown because the app's content files have a problem. "
                 "An editor can fix it; the first line says where:", icon=":material/error:")
        st.code("\n".join(report_lines(exc.errors)[:5]), language=None)  # the same lines as the CLI
        st.caption("Run `python -m explorer validate` for the full report.")
        st.stop()
        raise  # unreachable: st.stop() raises


def say(key: str, **values: object) -> str:
    """A sentence of the page's own, from data/wording.yaml `ui`, in the reader's language."""
    wording = app().kb.wording
    assert wording is not None
    text = wording.ui[key].at(plain=state.audience() is Audience.PATIENT)
    return text.format(**values) if values else text


def audience_label(audience: str) -> str:
    """A reading level's name, the same wherever the reader chooses one."""
    return say(f"audience.{audience}")


def safety_notice(page_id: str) -> None:
    """The urgent line, on every page (drawn by `page_setup`); its full list starts open on the pages whose
    entry in data/navigation.yaml says `safety: true` (pages a patient may act on)."""
    from explorer.ui import panels  # panels builds on this module, so it is imported when first needed

    # One row (the sentence itself opens the list) unless the page opens the list at once: the line must not
    # push a page's own content (the explorer's graph and its details) out of the first screen.
    expanded = nav_entry(app().kb, page_id).safety
    panels.safety_box(expanded=expanded, one_row=state.presenting() or not expanded)


def link(page_id: str, *, label: str, icon: str, **params: str) -> None:
    """The one way to link to a page: its script from the page list, the reader's level kept, `params` added."""
    st.page_link(nav_entry(app().kb, page_id).script, label=label, icon=icon,
                 query_params={"audience": state.audience().value, **params})


def nav_entry(kb: KnowledgeBase, page_id: str) -> NavPage:
    assert kb.navigation is not None
    return next(p for p in kb.navigation.pages if p.id == page_id)


def page_title(page_id: str) -> str:
    return app().kb.page_title(page_id, plain=state.audience() is Audience.PATIENT)


def page_setup(page_id: str) -> App:
    """Run first on every page: tab title, reading level, presentation mode, styles and sidebar."""
    A = app()
    nav_entry(A.kb, page_id)  # a page missing from the page list fails here, at once, not later
    state.sync_common()
    title = A.kb.page_title(page_id, plain=state.audience() is Audience.PATIENT)
    # The tab icon is an emoji, drawn by the browser from a data URL: a Material icon would be fetched
    # from Google's servers, which a locked-down lab network (or the proxy's CSP) does not allow.
    st.set_page_config(page_title=say("frame.tab_title", title=title), page_icon="🧠", layout="wide")
    st.html(_CSS)
    if state.presenting():
        st.html(_PRESENT_CSS)
        st.button(say("frame.leave_present"), key="leave_presentation", on_click=state.set_presenting, args=(False,),
                  shortcut="Escape", type="tertiary", icon=":material/close_fullscreen:")
    else:
        _sidebar(A)
    if st.session_state.pop("view_note", False):
        st.info(say("frame.unknown_view"))
    safety_notice(page_id)  # every page, the projector view included: one line, the full list one tap away
    return A


def _sidebar(A: App) -> None:
    with st.sidebar:
        _search(A)  # first, so that its results open at the top of the sidebar, in view
        state.prepare_audience_widget()
        st.radio(say("frame.audience"), [a.value for a in Audience], key=state.AUDIENCE_WIDGET,
                 on_change=state.audience_chosen, format_func=audience_label, help=say("frame.audience_help"))
        _menu(A)
        st.button(say("frame.present"), key="start_presentation", on_click=state.set_presenting, args=(True,),
                  icon=":material/present_to_all:", help=say("frame.present_help"))
        st.caption(say("frame.education_only"))


def _menu(A: App) -> None:
    """Every page, in the page list's groups. Drawn here rather than by st.navigation, so that the menu
    is the same when a deep link's first request runs a page script on its own (Streamlit's older
    file-based mode, which would list the files instead)."""
    assert A.kb.navigation is not None
    plain = state.audience() is Audience.PATIENT
    for group in A.kb.navigation.groups:
        st.caption(f"**{group.title.at(plain=plain)}**")
        for entry in group.pages:
            link(entry.id, label=A.kb.page_title(entry.id, plain=plain), icon=f":material/{entry.icon}:")
    st.divider()


def _search(A: App) -> None:
    """Search by any name (label, synonym, abbreviation, eponym, glossary term, page), typos forgiven."""
    query = st.text_input(say("frame.search"), key="sidebar_search", max_chars=200,
                          placeholder=say("frame.search_hint"))
    if not query.strip():
        return
    hits = lookup(A.kb, A.graph, query, plain=state.audience() is Audience.PATIENT)
    if not hits:
        st.caption(say("frame.search_empty"))
    for hit in hits:
        shown = hit.label if normalize(hit.matched) in normalize(hit.label) else f"{hit.label} ({hit.matched})"
        if hit.kind == "node":
            link("explorer", label=shown, icon=":material/hub:", node=hit.target)
        elif hit.kind == "term":
            link("glossary", label=shown, icon=":material/dictionary:", q=hit.target)
        elif hit.condition:  # a condition, on the page that explains it
            link(hit.target, label=shown, icon=":material/article:", condition=hit.condition)
        else:
            link(hit.target, label=shown, icon=":material/article:")


# A fixed stylesheet, never user text. Tighter page margins leave the graph room beside its details;
# below 1300 px the explorer's two panes stack; on phones the graph gives way to a tappable list.
_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-left: 1.25rem !important; padding-right: 1.25rem !important;
  padding-top: 2.5rem !important; max-width: 100% !important; }
h1 { font-size: 2.1rem !important; padding-top: 0.2rem !important; padding-bottom: 0.4rem !important; }
[data-testid="stHorizontalBlock"]:has(.st-key-graph_pane) { flex-wrap: nowrap !important; }
[data-testid="stHorizontalBlock"]:has(.st-key-graph_pane) > [data-testid="stColumn"] {
  flex: 1 1 0 !important; width: auto !important; min-width: 0 !important; }
[data-testid="stHorizontalBlock"]:has(.st-key-graph_pane) > [data-testid="stColumn"]:has(.st-key-graph_pane) {
  flex: 0 0 auto !important; }
.st-key-graph_pane { overflow-x: auto; }
.st-key-phone_picker, .st-key-phone_only { display: none; }
/* Long section titles wrap in the menu rather than end in an ellipsis. */
[data-testid="stSidebar"] a span:has(> [data-testid="stMarkdownContainer"]),
[data-testid="stSidebar"] a [data-testid="stMarkdownContainer"],
[data-testid="stSidebar"] a [data-testid="stMarkdownContainer"] p { white-space: normal !important;
  text-overflow: clip !important; overflow: visible !important; }
/* A home card is one link: its whole box opens the page, not only the title line. */
[class*="st-key-entry_"] { position: relative; }
[class*="st-key-entry_"] a::after { content: ""; position: absolute; inset: 0; }
/* Keyboard focus: a thick ring in the ink colour, unlike the menu's mark for the page being read. */
a:focus-visible, button:focus-visible, summary:focus-visible, [role="tab"]:focus-visible {
  outline: 3px solid #1f2937 !important; outline-offset: 2px !important; box-shadow: 0 0 0 5px #ffffff !important; }
/* Phones and touch screens: every control at least 44 px tall (a fingertip; WCAG 2.5.5). */
@media (max-width: 700px), (pointer: coarse) {
  [data-testid="stPageLink-NavLink"], [data-testid="stExpander"] summary, [data-testid="stButtonGroup"] button,
  [data-testid="stPopoverButton"], [data-testid="stTab"], [data-testid^="stBaseButton"],
  [data-testid="stSidebar"] [role="radiogroup"] label { min-height: 44px !important; }
  [data-testid="stPageLink-NavLink"], [data-testid="stSidebar"] [role="radiogroup"] label { align-items: center; }
  [data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button,
  [data-testid^="stTabsScroll"], [data-testid="stMultiSelect"] button {
    min-width: 44px !important; min-height: 44px !important; }
  [data-testid="stMultiSelectTagsContainer"] input { min-height: 44px; }
}
@media (max-width: 1299px) {
  [data-testid="stHorizontalBlock"]:has(.st-key-graph_pane) { flex-direction: column !important; }
  [data-testid="stHorizontalBlock"]:has(.st-key-graph_pane) > [data-testid="stColumn"] { width: 100% !important; }
}
@media (max-width: 700px) {
  .st-key-graph_pane, .st-key-desk_only, .st-key-desk_toggle, .st-key-desk_key { display: none !important; }
  .st-key-phone_picker, .st-key-phone_only { display: block; }
  .st-key-phone_picker button, .st-key-phone_picker [data-testid="stPills"] button { min-height: 44px; }
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem !important; padding-right: 0.75rem !important;
    padding-top: 3.5rem !important; }
  h1 { font-size: 1.7rem !important; }
  /* An answer scrolled into view after a tap stops below the header bar, its heading whole. */
  .st-key-details, .st-key-map_result { scroll-margin-top: 4rem; }
}
</style>"""

_PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.75rem 1.25rem !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.2rem; line-height: 1.45; }
</style>"""
