"""A section page from its content file: summary, then one tab per topic (key points, each widget,
the evidence check, references), so a page opens on what it teaches rather than on a wall of boxes.

Each widget type has one renderer here; the logic of the exercises is in `explorer.exercises`.
Widget keys are prefixed with the page id so two pages never share session state.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from explorer.exercises import flow_dot, frt_verdict, matched_criteria, vignette_verdict
from explorer.figures import convergence_figure
from explorer.graph import highlight
from explorer.mdtext import md_text
from explorer.model import (
    Action,
    Audience,
    BlindSpotWidget,
    BlockExplainerWidget,
    ComparisonWidget,
    Condition,
    DifferentialsWidget,
    FeatureChecklistWidget,
    FlowWidget,
    FrtWidget,
    NodeListWidget,
    Page,
    PrevalenceWidget,
    RoutesWidget,
    Titled,
    TreatmentTiersWidget,
    VignetteWidget,
    walk_tree,
)
from explorer.text import display_name, model_texts
from explorer.ui import panels, state
from explorer.ui.frame import app, link, page_setup, say
from explorer.ui.widgets import convergence_chart

__all__ = ["section_page"]


def section_page(page_id: str) -> None:
    """One page per section of the article: title, summary, then `page_tabs` (the urgent line is drawn by
    `page_setup`, as on every page)."""
    A = page_setup(page_id)
    page = A.kb.pages[page_id]
    plain = _plain()
    st.title(page.title_at(plain=plain), anchor=False)
    if page.article_section and not plain:
        st.caption(say("sections.article_section", section=page.article_section))
    panels.claim(page.summary)
    page_tabs(page)


def page_tabs(page: Page) -> None:
    """The page's content below its summary: key points, its widgets, evidence checks and references as
    tabs, then the glossary's words for what the page says. Section pages and the explorer share it."""
    wording = app().kb.wording
    assert wording is not None
    plain = _plain()
    tabs: list[tuple[str, Callable[[], None]]] = []
    if page.claims:
        tabs.append((wording.tabs["key_points"].at(plain=plain), lambda: _claims(page)))
    for i, widget in enumerate(page.widgets):
        if plain and isinstance(widget, _CLINICAL_ONLY):
            continue
        title = (widget.title_at(plain=plain) if isinstance(widget, Titled)
                 else wording.widgets[widget.type].at(plain=plain))
        tabs.append((title, functools.partial(_RENDERERS[type(widget)], widget, f"{page.id}_{i}")))
    if page.evidence_checks:
        tabs.append((wording.tabs["evidence"].at(plain=plain), lambda: panels.evidence_checks(page.evidence_checks)))
    tabs.append((wording.tabs["references"].at(plain=plain), lambda: _references(page)))
    for tab, render in zip(st.tabs([t for t, _ in tabs]), (r for _, r in tabs), strict=True):
        with tab:
            render()
    panels.words_explained(model_texts(page, plain=plain))


def _claims(page: Page) -> None:
    for c in page.claims:
        with st.container(border=True):
            panels.claim(c)


def _references(page: Page) -> None:
    panels.citations(_page_references(page), title=say("sections.page_references"))
    link("references", label=say("sections.all_references"), icon=":material/library_books:")


def _plain() -> bool:
    return state.audience() is Audience.PATIENT


def _text(item: Any) -> str:
    return str(item.plain if _plain() else item.clinical)


def _sources(keys: Sequence[str]) -> None:
    st.caption(say("panels.sources", keys=", ".join(keys)))


def _bold(key: str, value: str) -> str:
    """'**Label:** value', the label in the reader's words."""
    return f"**{say(key)}:** {value}"


# --- renderers ------------------------------------------------------------------------------


def _prevalence(w: PrevalenceWidget, key: str) -> None:
    labels = {s.id: s.label for s in w.studies}
    chosen = st.radio(say("sections.pick_study"), list(labels), format_func=labels.__getitem__, key=key,
                      horizontal=True)
    study = next(s for s in w.studies if s.id == chosen)
    with st.container(border=True):
        st.metric(study.label, study.figure)
        if _plain():
            st.markdown(study.plain)
        else:
            st.markdown(f"{_bold('sections.population', study.population)}  \n"
                        f"{_bold('sections.criteria', study.criteria)}")
        _sources(study.references)
    # Population and criteria are written for clinicians; patients read each study's plain text above.
    study_, figure, population, criteria = (say(k) for k in ("sections.study", "sections.figure",
                                                               "sections.population", "sections.criteria"))
    st.table(
        [{study_: s.label, figure: s.figure} | ({} if _plain() else {population: s.population, criteria: s.criteria})
         for s in w.studies],
        hide_index=True,
    )


def _node_list(w: NodeListWidget, key: str) -> None:
    st.markdown(f"**{md_text(w.title_at(plain=_plain()))}**")
    panels.node_links(w.nodes)


def _feature_checklist(w: FeatureChecklistWidget, key: str) -> None:
    st.caption(say("sections.checklist_note"))
    labels = {f.id: _text(f) for f in w.features}
    picked = st.multiselect(say("sections.pick_features"), list(labels), format_func=labels.__getitem__, key=key)
    matches = matched_criteria(w, picked)
    for criteria_set in dict.fromkeys(c.set for c in w.criteria):
        with st.container(border=True):
            st.markdown(f"**{criteria_set}**")
            for crit in (c for c in w.criteria if c.set == criteria_set):
                hit = crit.id in matches
                mark = ":material/check_box:" if hit else ":material/check_box_outline_blank:"
                st.markdown(f"{mark} **{crit.code}**: {_text(crit)}")
                if hit:
                    st.caption(say("sections.spoken_to_by", features="; ".join(labels[f] for f in matches[crit.id])))


def _comparison(w: ComparisonWidget, key: str) -> None:
    aspect, cgh, migraine, tension, sources = (say(k) for k in ("sections.aspect", "sections.cgh",
                                                               "sections.migraine", "sections.tension_type",
                                                               "sections.sources_column"))
    st.table(
        [{aspect: r.aspect, cgh: r.cgh, migraine: r.migraine, tension: r.tension_type,
          sources: ", ".join(r.references)} for r in w.rows],
        hide_index=True,
    )


def _routes(w: RoutesWidget, key: str) -> None:
    A = app()
    titles = {r.id: r.title_at(plain=_plain()) for r in w.routes}
    chosen = st.radio(say("sections.show_route"), list(titles), format_func=titles.__getitem__, key=key)
    route = next(r for r in w.routes if r.id == chosen)
    st.markdown(_text(route))
    badge = panels.evidence_badge(route.confidence, route.evidence_kind)
    if _plain():  # the evidence level is written for clinicians
        st.caption(badge)
    else:
        st.caption(" · ".join((say("sections.evidence_level", level=route.evidence_level), badge,
                               say("panels.sources", keys=", ".join(route.references)))))
    lit = highlight(A.graph, focus=route.nodes[:1], nodes=route.nodes)
    fig = convergence_figure(A.graph, A.layout(state.presenting(), _plain()), A.words(_plain()), lit)
    path = " → ".join(display_name(A.graph.nodes[n], plain=_plain()) for n in route.nodes)
    with st.container(key=f"graph_pane_{key}"):
        convergence_chart(fig, key=f"{key}_chart", alt=say("sections.route_alt", title=titles[chosen], path=path))
    st.caption(say("sections.route_words", path=path))
    panels.node_link(route.nodes[0])


def _block_explainer(w: BlockExplainerWidget, key: str) -> None:
    G = app().graph
    labels = {b.id: b.label for b in w.blocks}
    chosen = st.selectbox(say("sections.pick_block"), list(labels), format_func=labels.__getitem__, key=key)
    block = next(b for b in w.blocks if b.id == chosen)
    with st.container(border=True):
        cols = st.columns(2)
        structure, nerve = (display_name(G.nodes[n], plain=_plain()) for n in (block.target_structure, block.nerve))
        cols[0].markdown(_bold("sections.block_structure", structure))
        cols[1].markdown(_bold("sections.block_nerve", nerve))
        st.markdown(_text(block))
        if not _plain():
            st.markdown(_bold("sections.block_positive", block.positive_means))
        _sources(block.references)
        panels.node_link(block.target_structure)
    st.markdown(f"**{say('sections.one_block')}**")
    panels.claim(w.controlled_blocks, show_links=False)


def _vignettes(w: VignetteWidget, key: str) -> None:
    st.markdown(say("sections.criterion_c_needs", needed=w.needed, total=len(w.items)))
    st.caption(say("sections.vignettes_note"))
    labels = {v.id: say("sections.case", number=i + 1) for i, v in enumerate(w.vignettes)}
    chosen = st.radio(say("sections.case_pick"), list(labels), format_func=labels.__getitem__, key=f"{key}_case",
                      horizontal=True)
    vignette = next(v for v in w.vignettes if v.id == chosen)
    st.markdown(f"> {vignette.story.at(plain=_plain())}")
    items = {c.id: f"{c.code}: {_text(c)}" for c in w.items}
    picked = st.multiselect(say("sections.story_items"), list(items), format_func=items.__getitem__,
                            key=f"{key}_picked_{chosen}")
    if st.button(say("sections.check"), key=f"{key}_check_{chosen}"):
        right, meets, count = vignette_verdict(w, chosen, picked)
        verdict = say("sections.vignette_meets" if meets else "sections.vignette_not_met", count=count)
        (st.success if right else st.error)(
            say("sections.vignette_right" if right else "sections.vignette_wrong", verdict=verdict))
        st.markdown(vignette.explanation.at(plain=_plain()))
        _sources(w.references)


def _frt(w: FrtWidget, key: str) -> None:
    low = int(min(c.degrees for c in w.cutoffs) // 2)
    high = int(max(w.normal_mean_deg, *(c.degrees for c in w.cutoffs)) * 1.4)
    degrees = st.slider(say("sections.frt_slider"), low, high, int(w.normal_mean_deg), key=key)
    cols = st.columns(2)
    cols[0].metric(say("sections.frt_normal"), f"{w.normal_mean_deg:g}°")
    cols[1].metric(say("sections.frt_cgh"), f"{w.cgh_mean_deg:g}°")
    for cutoff, (deg, below) in zip(w.cutoffs, frt_verdict(w, degrees), strict=True):
        icon = ":material/south:" if below else ":material/check:"
        verdict = say("sections.frt_below" if below else "sections.frt_above", degrees=degrees, cutoff=f"{deg:g}")
        st.markdown(f"{icon} **{verdict}**")
        if not _plain():  # the study behind each cut-off, for clinicians; patients read the plain claims below
            st.markdown(cutoff.clinical)
            _sources(cutoff.references)
    st.caption(say("sections.frt_note"))
    for c in w.accuracy:
        panels.claim(c, show_links=False)
    st.markdown(f"**{say('sections.limits')}**")
    panels.claim(w.limits, show_links=False)


def _treatment_tiers(w: TreatmentTiersWidget, key: str) -> None:
    st.caption(say("sections.tiers_note"))
    names = {t.id: f"{t.tier}: {t.title_at(plain=_plain())}" for t in w.tiers}
    chosen = st.radio(say("sections.tier"), list(names), format_func=names.__getitem__, key=key, horizontal=True)
    tier = next(t for t in w.tiers if t.id == chosen)
    st.markdown(f"#### {md_text(names[chosen])}")
    st.markdown(_text(tier))
    for c in tier.evidence:
        with st.container(border=True):
            panels.claim(c, show_links=False)
    st.markdown(f"**{say('sections.targets')}**")
    panels.node_links(tier.targets)


def _flow(w: FlowWidget, key: str) -> None:
    index = {s.id: s for s in w.steps}
    titles = {s.id: s.title_at(plain=_plain()) for s in w.steps}
    st.graphviz_chart(flow_dot(w, plain=_plain()), width="stretch")
    st.caption(say("sections.flow_steps", steps=" → ".join(titles.values())))
    chosen = st.radio(say("sections.open_step"), list(index), format_func=titles.__getitem__, key=key)
    step = index[chosen]
    with st.container(border=True):
        st.markdown(f"**{md_text(titles[chosen])}**")
        st.markdown(_text(step))
        st.caption(f"{panels.evidence_badge(step.confidence, step.evidence_kind)} · "
                   + say("panels.sources", keys=", ".join(step.references)))
        if step.next:
            st.caption(say("sections.next_steps", steps="; ".join(titles[n] for n in step.next)))


def _blind_spot(w: BlindSpotWidget, key: str) -> None:
    cols = st.columns(len(w.disciplines))
    for col, d in zip(cols, w.disciplines, strict=True):
        with col, st.container(border=True):
            st.markdown(f"**{md_text(d.name)}**")
            st.markdown(f"{say('sections.examines')}: {d.examines.at(plain=_plain())}")
            st.markdown(f"{say('sections.may_miss')}: {d.may_miss.at(plain=_plain())}")
            _sources(d.references)
    st.markdown(f"**{say('sections.assessment')}**")
    done = 0
    for item in w.assessment:
        if st.checkbox(_text(item), key=f"{key}_{item.id}"):
            done += 1
        _sources(item.references)
    st.progress(done / len(w.assessment), text=say("sections.covered", done=done, total=len(w.assessment)))


def _differentials(w: DifferentialsWidget, key: str) -> None:
    ordered = w.by_urgency()
    titles = {c.id: c.title_at(plain=_plain()) for c in ordered}
    # `?condition=<id>` (a search result) opens on that condition; an unknown id just shows the list.
    state.linked(f"{key}_condition", "condition", parse=lambda raw: raw if raw in titles else None,
                 write=lambda chosen: chosen)
    chosen = st.selectbox(say("sections.pick_condition"), list(titles), format_func=titles.__getitem__,
                          index=None, key=f"{key}_condition", placeholder=say("sections.pick_condition_hint"))
    if chosen is not None:
        _condition_card(next(c for c in ordered if c.id == chosen))
        st.divider()
    st.caption(say("sections.differentials_note"))
    for condition in ordered:
        if condition.id != chosen:
            _condition_card(condition)


def _condition_card(condition: Condition) -> None:
    with st.container(border=True):
        st.markdown(f"#### {_URGENCY_ICONS[condition.urgency]} {condition.title_at(plain=_plain())}")
        _condition(condition)


def _condition(c: Condition) -> None:
    safety = app().kb.safety
    for call in sorted(c.urgent, key=lambda call: list(Action).index(call.action)):
        action = safety.actions[call.action].at(plain=_plain()) if safety else ""
        _URGENCY_BOXES[call.action](say("sections.urgent_call", when=_text(call), action=action),
                                    icon=_URGENCY_ICONS[call.action])
    if not _plain():  # patients read plain names and no codes
        st.caption(say("sections.ichd3", code=c.ichd3) if c.ichd3 else say("sections.no_ichd3"))
    st.markdown(_text(c))
    st.markdown(_bold("sections.separates", c.separates_by.at(plain=_plain())))
    badge = panels.evidence_badge(c.confidence, c.evidence_kind)
    count = f" · n={c.n}" if c.n and not _plain() else ""
    st.caption(f"{badge}{count} · " + say("panels.sources", keys=", ".join(c.references)))
    if c.nodes:
        panels.node_links(c.nodes)


_URGENCY_BOXES: dict[Action, Callable[..., Any]] = {Action.EMERGENCY: st.error, Action.SAME_DAY: st.warning,
                                                    Action.PROMPT: st.info}
_URGENCY_ICONS: dict[Action | None, str] = {Action.EMERGENCY: ":material/emergency:",
                                            Action.SAME_DAY: ":material/schedule:",
                                            Action.PROMPT: ":material/event:", None: ":material/info:"}


# Widgets the content writes in clinical words only (no plain version): patients do not get their tab.
_CLINICAL_ONLY = (ComparisonWidget,)

_RENDERERS: dict[type, Callable[[Any, str], None]] = {
    PrevalenceWidget: _prevalence,
    NodeListWidget: _node_list,
    FeatureChecklistWidget: _feature_checklist,
    ComparisonWidget: _comparison,
    RoutesWidget: _routes,
    BlockExplainerWidget: _block_explainer,
    VignetteWidget: _vignettes,
    FrtWidget: _frt,
    TreatmentTiersWidget: _treatment_tiers,
    FlowWidget: _flow,
    BlindSpotWidget: _blind_spot,
    DifferentialsWidget: _differentials,
}


def _page_references(page: Page) -> list[str]:
    """Every reference key cited anywhere on the page, once each, in the order they first appear."""
    keys = [key for path, key in walk_tree(page) if len(path) > 1 and path[-2] == "references"]
    return list(dict.fromkeys(keys))
