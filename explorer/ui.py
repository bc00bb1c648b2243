"""The few Streamlit helpers that pages share. Everything medical comes from the knowledge base.

User-supplied text (query parameters, search input) is only ever shown through
`st.text`/`st.code` or in widget values, never as markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import streamlit as st

from explorer.export import citation
from explorer.graph import AmbiguousName, Referral, UnknownName, build_graph, resolve
from explorer.layout import Layout, layered_layout
from explorer.load import ContentErrors, KnowledgeBase, load_knowledge_base
from explorer.model import Audience, Claim, Confidence, EvidenceCheck
from explorer.text import BASIS_LEGEND, basis_words

__all__ = [
    "App",
    "app",
    "audience",
    "basis_legend",
    "citations",
    "claim",
    "disclaimer",
    "evidence_checks",
    "node_from_query",
    "node_link",
    "page_setup",
    "red_flags",
    "safety_panel",
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


def page_setup() -> None:
    """Run first on every page: page config, the reading level (kept in the URL) and the shared sidebar.

    Pages call this themselves rather than relying on app.py, because Streamlit runs a page
    script on its own when it is opened straight from a URL on a fresh server (and in AppTest).
    """
    st.set_page_config(page_title="Neck Behind the Pain", page_icon="🧠", layout="wide")
    choices = [a.value for a in Audience]
    wanted = st.query_params.get("audience")
    if wanted in choices and wanted != st.session_state.get("audience_seen"):
        st.session_state.audience = wanted
    if st.session_state.get("audience") not in choices:
        st.session_state.audience = Audience.STUDENT.value
    with st.sidebar:
        st.radio("I am a…", choices, key="audience", format_func=_AUDIENCE_LABELS.get,
                 help="Changes the language of every page.")
        st.caption("Education only — not a diagnosis or medical advice.")
    st.session_state.audience_seen = st.session_state.audience
    st.query_params["audience"] = st.session_state.audience


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
