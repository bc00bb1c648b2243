"""Blocks of text that pages share: cited claims, evidence checks, citations, node details, safety.

Every word of their own comes from data/wording.yaml (`ui`, keys `panels.*`); every fact from the knowledge base.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import streamlit as st

from explorer.describe import grouped_referrals, route_words, tree_markdown, urgent_line, urgent_of
from explorer.export import citation, ontology_iri
from explorer.graph import Referral, felt_in, name_note, sources, trace
from explorer.mdtext import md_text
from explorer.model import Audience, Basis, Claim, Confidence, EvidenceCheck, EvidenceKind, NodeKind, Wording
from explorer.refs import reference_links
from explorer.text import display_name, evidence_tag, evidence_words, terms_in
from explorer.ui import state
from explorer.ui.frame import App, app, link, say

__all__ = [
    "citations",
    "claim",
    "evidence_badge",
    "evidence_checks",
    "node_details",
    "node_link",
    "node_links",
    "safety_box",
    "words_explained",
]

# Each confidence tag has its own icon beside its words, so neither colour nor emoji is the only cue.
_CONFIDENCE_ICON = {
    Confidence.CONFIRMED: ":material/verified:",
    Confidence.SECONDARY: ":material/task_alt:",
    Confidence.PARTIAL: ":material/rule:",
    Confidence.UNVERIFIED: ":material/help:",
}
_BASIS_ICON = {
    Basis.PEOPLE: ":material/person:",
    Basis.ANIMALS: ":material/pets:",
    Basis.CLAIMED: ":material/campaign:",
    Basis.PREDICTED: ":material/lightbulb:",
}


def _plain() -> bool:
    return state.audience() is Audience.PATIENT


def _wording() -> Wording:
    wording = app().kb.wording
    assert wording is not None
    return wording


def evidence_badge(confidence: Confidence, kind: EvidenceKind | None) -> str:
    """'verified icon confirmed in the source · controlled blocks or patient study', in the reader's words.

    A patient reads a claim of the article as that alone, so its icon is the one of an unchecked fact.
    """
    plain = _plain()
    shown = Confidence.UNVERIFIED if plain and kind is EvidenceKind.ARTICLE_CLAIM else confidence
    return f"{_CONFIDENCE_ICON[shown]} {evidence_tag(_wording(), confidence, kind, plain=plain)}"


def claim(c: Claim, *, show_links: bool = True) -> None:
    """A cited statement at the reader's level, with how well it is sourced and what kind of evidence it is."""
    who = state.audience()
    st.markdown(c.plain if who is Audience.PATIENT else c.clinical)
    if who is Audience.STUDENT:
        st.caption(say("panels.in_plain_words", text=c.plain))
    sources_text = "" if who is Audience.PATIENT else f" · {say('panels.sources', keys=', '.join(c.references))}"
    count = f" (n={c.n})" if c.n and who is not Audience.PATIENT else ""
    st.caption(f"{evidence_badge(c.confidence, c.evidence_kind)}{count}{sources_text}")
    if show_links and c.nodes:
        node_links(c.nodes)


def node_link(node_id: str, *, label: str | None = None) -> None:
    name = display_name(app().graph.nodes[node_id], plain=_plain())
    link("explorer", label=label or say("panels.see_in_pathway", node=name), icon=":material/hub:", node=node_id)


def node_links(node_ids: Sequence[str]) -> None:
    # Two columns: "See it in the pathway: C1–C2 lateral atlanto-axial joint" is cut off in three at 1400 px.
    cols = st.columns(min(2, len(node_ids)) or 1)
    for i, node_id in enumerate(node_ids):
        with cols[i % len(cols)]:
            node_link(node_id)


def citations(keys: Sequence[str], *, title: str | None = None) -> None:
    """Full citations with their DOI, PubMed and source links (as on the references page), in an expander."""
    _draw(_citations_block(tuple(keys), title))


def _citations_block(keys: tuple[str, ...], title: str | None) -> _Block:
    refs = app().kb.references
    unique = list(dict.fromkeys(keys))
    entries = []
    for key in unique:
        ref = refs[key]
        links = " · ".join(f"[{say(f'references.{kind}')}]({address})" for kind, address in reference_links(ref))
        entry = f"**{key}**: {_md(citation(ref))} {links}".rstrip()
        entries.append(f"{entry}  \n*{_md(ref.caveat)}*" if ref.caveat else entry)
    # One block, not one element per citation: each element costs the server a share of every click.
    return _Block("expander", f"{title or say('panels.references')} ({len(unique)})", body="\n\n".join(entries),
                  icon=":material/library_books:")


def evidence_checks(checks: Sequence[EvidenceCheck]) -> None:
    if not checks:
        return
    st.subheader(say("panels.evidence_check"), anchor=False)
    for check in checks:
        with st.container(border=True):
            if _plain():
                st.markdown(check.plain)
            else:
                left, right = st.columns(2)
                left.markdown(f"**{say('panels.article_says')}**")
                left.markdown(check.article_says)
                left.caption(evidence_badge(check.article_confidence, EvidenceKind.ARTICLE_CLAIM))
                right.markdown(f"**{say('panels.evidence_says')}**")
                right.markdown(check.evidence_says)
                right.caption(evidence_badge(check.evidence_confidence, check.evidence_kind))
                st.caption(say("panels.sources", keys=", ".join(check.references)))


def words_explained(texts: Sequence[str]) -> None:
    """'Words on this page': the glossary's plain definition of every term these texts use."""
    if block := _words_block(tuple(texts)):
        _draw(block)


def _words_block(texts: tuple[str, ...]) -> _Block | None:
    terms = terms_in(texts, app().kb.glossary)
    if not terms:
        return None
    return _Block("expander", say("panels.words_on_page", count=len(terms)),
                  body="\n\n".join(f"**{term.term}**: {term.plain}" for term in terms),
                  icon=":material/dictionary:", expanded=_plain())


def safety_box(*, expanded: bool = False, one_row: bool = False) -> None:
    """The urgent line: one sentence on what to do now, and every warning sign with its action one tap away.

    Drawn by every page (see `frame.safety_notice`), inside the container `urgent_line`, so that a test can
    find it on each. Signs come grouped by action, emergencies first, each sign once. `one_row` (the
    projector view, where a tour step must fit 1080 px) makes the sentence itself the toggle.
    """
    safety = app().kb.safety
    if safety is None:
        return
    plain = _plain()
    line = f"**{_md(safety.short_line.at(plain=plain))}**"
    with st.container(border=not one_row, key="urgent_line"):
        if not one_row:
            st.markdown(f":material/emergency: {line}")
        if one_row:
            label, icon = line, ":material/emergency:"
        else:
            label, icon = say("panels.all_warning_signs"), ":material/warning:"
        with st.expander(label, icon=icon, expanded=expanded and not one_row):
            for action, signs in safety.listed(plain=plain):
                st.markdown(f"**{_md(safety.actions[action].at(plain=plain))}**")
                st.markdown("\n".join(f"- {_md(sign.plain if plain else sign.clinical)}" for sign in signs))
            if not plain:  # how the list was built, and the source discrepancy: notes for clinicians only
                st.caption(safety.red_flags_note.clinical)
                st.caption(safety.age_cutoff_note.clinical)
            st.caption(safety.disclaimer.plain if plain else safety.disclaimer.clinical)


# --- the details of one node ----------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    """One element of a block of text, made once and drawn by `_draw` (an expander holds `body`)."""

    kind: Literal["subheader", "error", "info", "caption", "markdown", "expander"]
    text: str
    body: str = ""
    icon: str | None = None
    expanded: bool = False


def _draw(block: _Block) -> None:
    if block.kind == "subheader":
        st.subheader(block.text, anchor=False)
    elif block.kind == "error":
        st.error(block.text, icon=block.icon)
    elif block.kind == "info":
        st.info(block.text, icon=block.icon)
    elif block.kind == "caption":
        st.caption(block.text)
    elif block.kind == "markdown":
        st.markdown(block.text)
    else:
        with st.expander(block.text, icon=block.icon, expanded=block.expanded):
            st.markdown(block.body)


def node_details(node: str, *, asked: str | None = None) -> None:
    """The node, its routes in words, where its pain is felt (or what sends pain to it) and the evidence."""
    for block in app().memo(_details)(node, state.audience(), asked):
        _draw(block)


def _details(A: App, node: str, who: Audience, asked: str | None) -> tuple[_Block, ...]:
    # Made once per node, reading level and name asked for, and shared by every session: finding the
    # glossary's words and wording the routes and referrals was most of a click's time on the server
    # (issue 22). `who` is the session's reading level, the one `say` and `_plain` read too.
    G, plain = A.graph, who is Audience.PATIENT
    data = G.nodes[node]
    blocks = [_Block("subheader", md_text(display_name(data, plain=plain)))]
    # Pain from it can be an emergency (a torn neck artery): say so, with what to do, before anything else.
    urgent = urgent_of(G, node, A.kb.safety, plain=plain)
    if urgent:
        blocks.append(_Block("error", urgent_line(urgent, _wording(), plain=plain), icon=":material/emergency:"))
    facts = []
    if data.get("segments") and not plain:
        facts.append(say("panels.segments", segments=", ".join(data["segments"])))
    if data.get("abbreviations") and not plain:
        facts.append(say("panels.also_written", names=", ".join(data["abbreviations"])))
    if (match := data.get("ontology")) and not plain:
        term = f"[{match['id']}]({ontology_iri(match['id'])})" if match.get("id") else ""
        facts.append(say(f"panels.ontology_{match['relation']}", term=term, label=match.get("label"),
                         why=match.get("why")))
    if facts:
        blocks.append(_Block("caption", " · ".join(facts)))
    # A note on a name (an eponym used differently elsewhere) is written for clinicians, like the
    # other names' notes below: patients read only plain texts.
    note = name_note(G, node, asked) if asked and not plain else None
    if note:
        blocks.append(_Block("info", note, icon=":material/info:"))
    text = data["plain"] if plain else data["clinical"]
    blocks.append(_Block("markdown", text))
    if who is Audience.STUDENT:
        blocks.append(_Block("caption", say("panels.in_plain_words", text=data["plain"])))
    if words := _words_block((text,)):
        blocks.append(words)
    blocks += [_Block("caption", f"“{synonym}”: {note_text}")
               for synonym, note_text in data.get("name_notes", {}).items() if synonym != asked and not plain]

    # The routes, then where the pain is felt (or what sends pain here) by kind of knowledge, in one element:
    # each element is a message of its own, and messages were a large share of a click's time on the server
    # (issue 22: py-spy found ~17 % in waking the event loop once per message).
    t = trace(G, node)
    parts = []
    if t.routes:
        # Each step says how it is known; a step only claimed is set in italics and called weak.
        steps = tree_markdown(G, t.routes, wording=_wording(), plain=plain)
        parts.append(f"#### {say('panels.routes')}\n\n{steps}")
    region = data["kind"] == NodeKind.REGION.value
    referrals = sources(G, node) if region else felt_in(G, node)
    parts.append(f"#### {say('panels.sources_of_region' if region else 'panels.felt_in')}")
    parts += _referrals(referrals, "source" if region else "region")
    blocks.append(_Block("markdown", "\n\n".join(parts)))
    keys = [*data["references"], *(k for r in referrals for k in r.references)]
    blocks.append(_citations_block(tuple(keys), None))
    return tuple(blocks)


# A region of a big graph can have thousands of predicted sources: each kind lists this many, then says how
# many more, so a click's answer stays small whatever the content (issue 21: 1.7 MB for one region of 5,000).
_REFERRALS_SHOWN = 40


def _referrals(items: Sequence[Referral], end: str) -> list[str]:
    """One paragraph and list per kind of knowledge (observed in people, predicted, ...), strongest first."""
    G, plain, wording, safety = app().graph, _plain(), _wording(), app().kb.safety
    if not items:
        return ["—"]
    paragraphs = []
    for group in grouped_referrals(items, wording, plain=plain):
        lines = [f"{_BASIS_ICON[group.basis]} **{group.title.capitalize()}**  ", f"*{_md(group.explain)}*", ""]
        for r in group.items[:_REFERRALS_SHOWN]:
            name = display_name(G.nodes[getattr(r, end)], plain=plain)
            how = (wording.ui["referral.mapped_not_here"].at(plain=plain) if r.basis is Basis.PREDICTED and r.mapped_by
                   else evidence_words(wording, r, plain=plain))
            refs = "" if plain else f" ({', '.join(r.references)})" if r.basis is not Basis.PREDICTED else ""
            urgent = urgent_of(G, getattr(r, end), safety, plain=plain)
            flag = f" — **{_md(wording.ui['urgent.label'].at(plain=plain))}: {_md(urgent.do)}**" if urgent else ""
            lines.append(f"- **{_md(name)}**: {how}{refs}{flag}")
            if r.meeting and not plain:
                meet = say("panels.routes_meet" if r.basis is Basis.PREDICTED else "panels.wiring_allows",
                           station=md_text(G.nodes[r.meeting[0][-1]]["label"]), own=_md(route_words(G, r.meeting[0])),
                           theirs=_md(route_words(G, r.meeting[1])))
                lines.append(f"  - {meet}")
        if len(group.items) > _REFERRALS_SHOWN:
            lines.append(f"- {say('panels.more_referrals', count=len(group.items) - _REFERRALS_SHOWN)}")
        paragraphs.append("\n".join(lines))
    return paragraphs


def _md(text: str) -> str:
    # Text from data and citations: markdown characters print as themselves.
    return md_text(text)
