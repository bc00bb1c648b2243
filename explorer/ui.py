"""The few Streamlit helpers that pages share. Everything medical comes from the knowledge base.

User-supplied text (query parameters, search input) is only ever shown through
`st.text`/`st.code` or in widget values, never as markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import networkx as nx
import plotly.graph_objects as go
import streamlit as st

from explorer.export import citation, export
from explorer.figures import convergence_figure, static_image
from explorer.graph import (
    AmbiguousName,
    Referral,
    UnknownName,
    build_graph,
    felt_in,
    normalize,
    resolve,
    sources,
    trace,
)
from explorer.layout import Layout, layered_layout
from explorer.load import ContentErrors, KnowledgeBase, load_knowledge_base
from explorer.lookup import lookup
from explorer.model import Audience, Claim, Confidence, EvidenceCheck, NodeKind
from explorer.text import BASIS_LEGEND, basis_words, terms_in
from explorer.tours import TourPosition, resolve_tour, step_highlight

__all__ = [
    "App",
    "active_tour",
    "app",
    "audience",
    "basis_legend",
    "chart_config",
    "citations",
    "claim",
    "disclaimer",
    "evidence_checks",
    "export_controls",
    "node_details",
    "node_from_query",
    "node_link",
    "page_script",
    "page_setup",
    "presenting",
    "red_flags",
    "safety_panel",
    "share_link",
    "sync_view",
    "tour_panel",
    "words_explained",
]

_CONFIDENCE_BADGE = {
    Confidence.CONFIRMED: "🟢 confirmed in source",
    Confidence.SECONDARY: "🟡 confirmed in a secondary source",
    Confidence.PARTIAL: "🟠 partly confirmed",
    Confidence.UNVERIFIED: "⚪ unverified",
}


@dataclass(frozen=True)
class App:
    kb: KnowledgeBase
    graph: nx.DiGraph
    layout: Layout


@st.cache_resource(show_spinner=False)
def _load() -> App:
    # Read-only after this point: every page builds its own figures from it.
    kb = load_knowledge_base()
    G = build_graph(kb)
    nx.freeze(G)
    return App(kb, G, layered_layout(G))


def app() -> App:
    """The knowledge base, graph and layout; a friendly stop if the content is broken."""
    try:
        return _load()
    except ContentErrors as exc:
        st.error("The app's content files have problems, so this page cannot be shown. Details for editors:")
        st.code(str(exc), language=None)
        st.stop()
        raise  # unreachable; st.stop() raises


_AUDIENCE_LABELS = {"patient": "Patient (plain language)", "student": "Student", "clinician": "Clinician"}


def page_setup(page_id: str | None = None) -> None:
    """Run first on every page: page config, reading level, presentation mode, sidebar, active tour.

    Pages call this themselves rather than relying on app.py, because Streamlit runs a page
    script on its own when it is opened straight from a URL on a fresh server (and in AppTest).
    Reading level and presentation mode live in the URL (so links reproduce them) and in the
    session (so sidebar navigation, which drops query parameters, keeps them).
    """
    st.set_page_config(page_title="Neck Behind the Pain", page_icon="🧠", layout="wide")
    choices = [a.value for a in Audience]
    wanted = st.query_params.get("audience")
    if wanted in choices and wanted != st.session_state.get("audience_seen"):
        st.session_state.audience = wanted
    if st.session_state.get("audience") not in choices:
        st.session_state.audience = Audience.STUDENT.value
    sync_view()
    if st.session_state.pop("view_unknown", False):
        st.warning("Unknown view in the link; showing the normal view.")
    if presenting():
        st.html(_PRESENTATION_CSS)
        st.button("Exit presentation", key="exit_presentation", on_click=_set_presenting, args=(False,),
                  shortcut="Esc", type="tertiary")
    else:
        with st.sidebar:
            st.radio("I am a…", choices, key="audience", format_func=_AUDIENCE_LABELS.get,
                     help="Changes the language of every page.")
            _sidebar_search()
            st.button("Presentation mode", key="start_presentation", on_click=_set_presenting, args=(True,),
                      icon="📽️", help="Large type, no sidebar: for projecting in class. Esc leaves it.")
            st.caption("Education only — not a diagnosis or medical advice.")
    st.session_state.audience_seen = st.session_state.audience
    st.query_params["audience"] = st.session_state.audience
    if presenting():
        st.query_params["view"] = st.session_state.view_seen = "present"
    elif "view" in st.query_params:
        del st.query_params["view"]
        st.session_state.view_seen = None
    tour_panel()


def _sidebar_search() -> None:
    """Search by any name (label, synonym, abbreviation, eponym, glossary term, page), typos forgiven."""
    query = st.text_input("Search", key="sidebar_search", max_chars=200,
                          placeholder="e.g. GON, z-joint, allodynia")
    if not query.strip():
        return
    A = app()
    hits = lookup(A.kb, A.graph, query)
    if not hits:
        st.caption("Nothing matches that. Try another name or a shorter word.")
    keep = {"audience": audience().value}
    for hit in hits:
        shown = hit.label if normalize(hit.matched) in normalize(hit.label) else f"{hit.label} ({hit.matched})"
        if hit.kind == "node":
            st.page_link("pages/explorer.py", label=shown, icon="🔎", query_params={**keep, "node": hit.target})
        elif hit.kind == "term":
            st.page_link("pages/glossary.py", label=shown, icon="📖", query_params={**keep, "q": hit.target})
        else:
            st.page_link(page_script(hit.target), label=shown, icon="📄", query_params=keep)


def active_tour() -> TourPosition | None:
    """The tour step the URL asks for, if it names a known tour."""
    found = resolve_tour(app().kb, st.query_params.get("tour"), st.query_params.get("step"))
    return found if isinstance(found, TourPosition) else None


def tour_panel(current_page: str | None = None) -> None:
    """The tour player: caption, highlighted graph, step counter, and keys a presentation clicker sends."""
    found = resolve_tour(app().kb, st.query_params.get("tour"), st.query_params.get("step"))
    if found is None:
        return
    if isinstance(found, str):
        st.warning(found)
        st.page_link("pages/tours.py", label="See all tours", icon="🧭")
        for key in ("tour", "step"):
            st.query_params.pop(key, None)
        return
    if found.note:
        st.info(found.note)
    st.query_params["step"] = str(found.number)
    A = app()
    step = found.step
    with st.container(border=True, key="tour_panel"):
        st.caption(f"Tour: {found.tour.title} · step {found.number} of {found.total}")
        st.subheader(step.title)
        st.markdown(step.plain if audience() is Audience.PATIENT else step.clinical)
        # Controls sit above the graph so they stay on screen on a projector.
        cols = st.columns(5)
        first, last = found.number == 1, found.number == found.total
        cols[0].button("Previous", key="tour_prev", on_click=_go_step, args=(found.number - 1,), disabled=first,
                       shortcut="PageUp", icon="⏮️", width="stretch")
        cols[1].button("Next", key="tour_next", on_click=_go_step, args=(found.number + 1,), disabled=last,
                       shortcut="PageDown", icon="⏭️", width="stretch", type="primary")
        cols[2].button("Back one step (← key)", key="tour_left", on_click=_go_step, args=(found.number - 1,),
                       disabled=first, shortcut="Left", type="tertiary")
        cols[3].button("Forward one step (→ key)", key="tour_right", on_click=_go_step, args=(found.number + 1,),
                       disabled=last, shortcut="Right", type="tertiary")
        cols[4].button("End tour", key="tour_end", on_click=_end_tour, type="tertiary")
        focus, lit = step_highlight(step)
        names = " · ".join(A.graph.nodes[n]["label"] for n in step.nodes)
        st.plotly_chart(
            convergence_figure(A.graph, A.layout, focus=focus, lit=lit, presentation=presenting()),
            key="tour_chart", config=chart_config(), alt=f"Convergence graph with these highlighted: {names}.",
        )
        st.caption(f"Highlighted: {names} · Sources: {', '.join(step.references)}")
        if current_page is not None and step.page != current_page:
            st.page_link(page_script(step.page), label="Open the page for this step", icon="📄",
                         query_params=dict(st.query_params.items()))
        share_link()


def _go_step(number: int) -> None:
    st.query_params["step"] = str(number)


def _end_tour() -> None:
    for key in ("tour", "step"):
        st.query_params.pop(key, None)


def page_script(page_id: str) -> str:
    """The script of a page id used in content files ('what-is-cgh' -> 'pages/what_is_cgh.py')."""
    return f"pages/{'home' if page_id == 'home' else page_id.replace('-', '_')}.py"


def share_link() -> None:
    """The address of exactly this view (page, node, tour step, reading level, presentation), to copy."""
    base = (st.context.url or "").split("?", 1)[0]
    query = urlencode(dict(st.query_params.items()))
    st.code(f"{base}?{query}" if query else base, language=None)
    st.caption("Link to this view: use the copy button at the right of the box.")


def chart_config() -> dict[str, object]:
    """Plotly toolbar: no logo; the camera button saves a 3× PNG for slides."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 3, "filename": "convergence"}}


def presenting() -> bool:
    return bool(st.session_state.get("presenting"))


def sync_view() -> None:
    """Take presentation mode from a new `?view=` in the URL (app.py and every page call this)."""
    view = st.query_params.get("view")
    if view is not None and view != st.session_state.get("view_seen"):
        st.session_state.view_seen = view
        st.session_state.presenting = view == "present"
        st.session_state.view_unknown = view != "present"


def _set_presenting(on: bool) -> None:
    st.session_state.presenting = on


# Projector styling: no chrome, larger type, full width. A fixed stylesheet, never user text.
_PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1rem 2rem !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.35rem; line-height: 1.5; }
</style>"""


def audience() -> Audience:
    return Audience(st.session_state.get("audience", Audience.STUDENT.value))


def confidence_badge(conf: Confidence) -> str:
    return _CONFIDENCE_BADGE[conf]


def claim(c: Claim, *, show_links: bool = True) -> None:
    """A cited statement at the reader's level, with its confidence and sources."""
    who = audience()
    if who is Audience.PATIENT:
        st.markdown(c.plain)
    elif who is Audience.CLINICIAN:
        st.markdown(c.clinical)
    else:
        st.markdown(c.clinical)
        st.caption(f"In plain words: {c.plain}")
    st.caption(f"{confidence_badge(c.confidence)} · Sources: {', '.join(c.references)}")
    if show_links and c.nodes:
        node_links(c.nodes)


def node_link(node_id: str, *, label: str | None = None) -> None:
    G = app().graph
    st.page_link(
        "pages/explorer.py",
        label=label or f"Explore in graph: {G.nodes[node_id]['label']}",
        icon="🔎",
        query_params={"node": node_id, "audience": audience().value},
    )


def node_links(node_ids: Sequence[str]) -> None:
    cols = st.columns(min(3, len(node_ids)) or 1)
    for i, node_id in enumerate(node_ids):
        with cols[i % len(cols)]:
            node_link(node_id)


def citations(keys: Sequence[str], *, title: str = "References") -> None:
    """Full citations with DOI/PMID links, in an expander."""
    refs = app().kb.references
    with st.expander(f"{title} ({len(keys)})"):
        for key in dict.fromkeys(keys):
            ref = refs[key]
            links = []
            if ref.doi:
                links.append(f"[doi:{ref.doi}](https://doi.org/{ref.doi})")
            if ref.pmid:
                links.append(f"[PMID {ref.pmid}](https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/)")
            st.markdown(f"**{key}** — {_escape(citation(ref))} {' '.join(links)}")
            if ref.caveat:
                st.caption(ref.caveat)


def evidence_checks(checks: Sequence[EvidenceCheck]) -> None:
    if not checks:
        return
    st.subheader("Evidence check")
    for check in checks:
        with st.container(border=True):
            if audience() is Audience.PATIENT:
                st.markdown(check.plain)
            else:
                left, right = st.columns(2)
                left.markdown(f"**The article says** ({confidence_badge(check.article_confidence)})")
                left.markdown(check.article_says)
                right.markdown(f"**The evidence says** ({confidence_badge(check.evidence_confidence)})")
                right.markdown(check.evidence_says)
            st.caption(f"Sources: {', '.join(check.references)}")


def safety_panel(*, expanded: bool = False) -> None:
    """The education-not-diagnosis statement, when to seek urgent care, and the full red-flag list."""
    disclaimer()
    red_flags(expanded=expanded)


def disclaimer() -> None:
    """Always visible: this is education, and the short 'seek urgent care if…' message."""
    safety = app().kb.safety
    if safety is not None:
        plain = audience() is Audience.PATIENT
        st.info(safety.disclaimer.plain if plain else safety.disclaimer.clinical, icon="ℹ️")
        st.warning(safety.urgent_care.plain if plain else safety.urgent_care.clinical, icon="🚩")


def red_flags(*, expanded: bool = False) -> None:
    """Every red flag (SNNOOP10 and artery dissection), in the reader's language."""
    safety = app().kb.safety
    if safety is None:
        return
    plain = audience() is Audience.PATIENT
    with st.expander("🚩 All warning signs (red flags)", expanded=expanded):
        for flag in safety.red_flags:
            st.markdown(f"- {flag.plain if plain else flag.clinical}")
        st.caption(safety.age_cutoff_note.plain if plain else safety.age_cutoff_note.clinical)


def node_from_query(param: str = "node") -> str | None:
    """The node named in the URL, or None; an unknown name gets a friendly note, never a traceback."""
    raw = st.query_params.get(param)
    if not raw:
        return None
    try:
        return resolve(app().graph, raw)
    except (UnknownName, AmbiguousName) as exc:
        st.warning("The link asked for a structure we do not know, so the full graph is shown instead.")
        st.text(str(exc)[:300])
        return None


def node_details(node: str) -> None:
    """The details panel: both descriptions, segments, the signal's path, where the pain is felt, citations."""
    G = app().graph
    data = G.nodes[node]
    who = audience()
    t = trace(G, node)
    st.header(data["label"])
    facts = [f"**Kind:** {data['kind']}"]
    if data.get("segments") and who is not Audience.PATIENT:  # segment codes are jargon for patients
        facts.append(f"**Segments:** {', '.join(data['segments'])}")
    if data.get("abbreviations") and who is not Audience.PATIENT:
        facts.append(f"**Also written:** {', '.join(data['abbreviations'])}")
    if data.get("ontology_id"):
        facts.append(f"**Ontology:** {data['ontology_id']}")
    st.markdown(" · ".join(facts))
    if who is Audience.PATIENT:
        st.markdown(data["plain"])
    else:
        st.markdown(data["clinical"])
        if who is Audience.STUDENT:
            st.caption(f"In plain words: {data['plain']}")
    if data.get("synonyms"):
        st.caption(f"Other names: {', '.join(data['synonyms'])}")
    words_explained([data["plain"] if who is Audience.PATIENT else data["clinical"]])

    st.subheader("Path of the signal")
    st.markdown(" → ".join([f"**{data['label']}**", *(G.nodes[n]["label"] for n in t.downstream)]))
    if t.upstream:
        st.caption("Fed by: " + ", ".join(G.nodes[n]["label"] for n in t.upstream))

    if data["kind"] == NodeKind.REGION.value:
        st.subheader("Which structures can send pain here")
        referrals = sources(G, node)
        rows = referral_rows(G, referrals, "source")
    else:
        st.subheader("Where its pain is felt")
        referrals = felt_in(G, node)
        rows = referral_rows(G, referrals, "region")
    if rows:
        st.table(rows, hide_index=True)
    else:
        st.caption("No referral is recorded for this node.")
    basis_legend()
    citations([*data["references"], *(k for r in referrals for k in r.references)])


def export_controls(fig: go.Figure) -> None:
    """Downloads for slides and for other tools: this view as PNG (3×) or SVG, the whole graph as data."""
    A = app()
    with st.expander("Export for slides and other tools"):
        cols = st.columns(2)
        # Files are made only when asked for, not on every rerun (an image takes kaleido about a second).
        cols[0].download_button("This view as PNG (3×)", data=lambda: static_image(fig, "png"),
                                file_name="convergence.png", mime="image/png", key="export_png", on_click="ignore")
        cols[1].download_button("This view as SVG", data=lambda: static_image(fig, "svg"),
                                file_name="convergence.svg", mime="image/svg+xml", key="export_svg",
                                on_click="ignore")
        for fmt, name, mime in (("graphml", "convergence.graphml", "application/xml"),
                                ("node-link", "convergence.json", "application/json"),
                                ("csv", "convergence-edges.csv", "text/csv")):
            st.download_button(f"Whole graph as {fmt}", data=lambda fmt=fmt: export(A.graph, fmt, A.kb.references),
                               file_name=name, mime=mime, key=f"export_{fmt}", on_click="ignore")


def words_explained(texts: Sequence[str]) -> None:
    """'Words on this page': the glossary's plain definition of every term these texts use."""
    terms = terms_in(texts, app().kb.glossary)
    if not terms:
        return
    with st.expander(f"📖 Words on this page ({len(terms)})", expanded=audience() is Audience.PATIENT):
        for term in terms:
            st.markdown(f"**{term.term}** — {term.plain}")


def basis_legend() -> None:
    """What 'observed' and 'predicted' mean, in the reader's language."""
    st.caption(BASIS_LEGEND[audience() is Audience.PATIENT])


def referral_rows(G: nx.DiGraph, items: Sequence[Referral], end: str) -> list[dict[str, str]]:
    """Table rows for felt-in or sources lists, with the basis named in the reader's language."""
    plain = audience() is Audience.PATIENT
    return [
        {
            ("Region" if end == "region" else "Structure"): G.nodes[getattr(r, end)]["label"],
            "Basis": basis_words(r.basis, plain=plain),
            "Via": ", ".join(G.nodes[s]["label"] for s in r.via),
            "Confidence": r.confidence.value,
            "References": ", ".join(r.references),
        }
        for r in items
    ]


def _escape(text: str) -> str:
    # Markdown control characters in titles (e.g. '*', '_') must print as themselves.
    return "".join("\\" + ch if ch in "\\`*_{}[]<>()#+-.!|" else ch for ch in text)
