"""Render a section page from its content file: summary, claims, one interactive widget per entry, checks.

Each widget type has one renderer here; the medical content comes from the page file.
Widget keys are prefixed with the page id so two pages never share session state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from pydantic import BaseModel

from explorer import ui
from explorer.figures import convergence_figure
from explorer.model import (
    Audience,
    BlindSpotWidget,
    BlockExplainerWidget,
    ComparisonWidget,
    FeatureChecklistWidget,
    FlowWidget,
    FrtWidget,
    NodeListWidget,
    Page,
    PrevalenceWidget,
    RoutesWidget,
    TreatmentTiersWidget,
    VignetteWidget,
)
from explorer.text import model_texts

__all__ = ["flow_dot", "frt_verdict", "matched_criteria", "render_page", "vignette_verdict"]


def render_page(page_id: str) -> None:
    A = ui.app()
    page = A.kb.pages.get(page_id)
    if page is None:
        st.error(f"The content file data/pages/{page_id}.yaml is missing.")
        st.stop()
        return
    st.title(page.title)
    ui.claim(page.summary)
    ui.words_explained(model_texts(page, plain=_plain()))
    if page_id == "home" or page_id in _PATIENT_SENSITIVE:
        ui.safety_panel(expanded=page_id == "home")
    for c in page.claims:
        with st.container(border=True):
            ui.claim(c)
    for i, widget in enumerate(page.widgets):
        _RENDERERS[type(widget)](widget, f"{page.id}_{i}")
    ui.evidence_checks(page.evidence_checks)
    ui.citations(_page_references(page), title="References on this page")
    st.page_link("pages/references.py", label="All references", icon="📚",
                 query_params={"audience": ui.audience().value})


_PATIENT_SENSITIVE = {"presentation", "diagnosis", "treatment", "coexisting"}


def _plain() -> bool:
    return ui.audience() is Audience.PATIENT


def _text(item: Any) -> str:
    return item.plain if _plain() else item.clinical


# --- pure helpers (tested without Streamlit) ------------------------------------------------


def matched_criteria(widget: FeatureChecklistWidget, features: list[str]) -> dict[str, list[str]]:
    """Criterion id -> the chosen feature ids that speak to it, for the chosen features."""
    out: dict[str, list[str]] = {}
    for feature in widget.features:
        if feature.id in features:
            for crit in feature.criteria:
                out.setdefault(crit, []).append(feature.id)
    return out


def vignette_verdict(widget: VignetteWidget, vignette_id: str, picked: list[str]) -> tuple[bool, bool, int]:
    """(the picked items are exactly those present, the vignette meets the rule, items present)."""
    vignette = next(v for v in widget.vignettes if v.id == vignette_id)
    present = set(vignette.present)
    return set(picked) == present, len(present) >= widget.needed, len(present)


def flow_dot(widget: FlowWidget) -> str:
    """The steps as a Graphviz DOT digraph, top to bottom, one box per step."""
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["digraph care {", "  rankdir=TB;", '  node [shape=box, style="rounded", fontname="sans-serif"];']
    lines += [f"  {quote(s.id)} [label={quote(s.title)}];" for s in widget.steps]
    lines += [f"  {quote(s.id)} -> {quote(n)};" for s in widget.steps for n in s.next]
    return "\n".join([*lines, "}"])


def frt_verdict(widget: FrtWidget, degrees: float) -> list[tuple[float, bool]]:
    """For each published cut-off: (cut-off, whether this range falls below it)."""
    return [(c.degrees, degrees < c.degrees) for c in widget.cutoffs]


# --- renderers ------------------------------------------------------------------------------


def _prevalence(w: PrevalenceWidget, key: str) -> None:
    st.subheader("How common is it? It depends on who was counted, and how")
    labels = {s.id: s.label for s in w.studies}
    chosen = st.radio("Pick a study", list(labels), format_func=labels.get, key=key, horizontal=True)
    study = next(s for s in w.studies if s.id == chosen)
    with st.container(border=True):
        st.metric(study.label, study.figure)
        if _plain():
            st.markdown(study.plain)
        else:
            st.markdown(f"**Population:** {study.population}  \n**Criteria:** {study.criteria}")
        st.caption(f"Sources: {', '.join(study.references)}")
    st.table(
        [{"Study": s.label, "Figure": s.figure, "Population": s.population, "Criteria": s.criteria} for s in w.studies],
        hide_index=True,
    )


def _node_list(w: NodeListWidget, key: str) -> None:
    st.subheader(w.title)
    ui.node_links(w.nodes)


def _feature_checklist(w: FeatureChecklistWidget, key: str) -> None:
    st.subheader("Try it: which criteria does a feature speak to?")
    st.caption("A learning exercise about how the criteria are built — not a way to diagnose anyone.")
    labels = {f.id: _text(f) for f in w.features}
    picked = st.multiselect("Pick clinical features", list(labels), format_func=labels.get, key=key)
    matches = matched_criteria(w, picked)
    for criteria_set in ("ICHD-3 11.2.1", "CHISG 1998"):
        with st.container(border=True):
            st.markdown(f"**{criteria_set}**")
            for crit in (c for c in w.criteria if c.set == criteria_set):
                hit = crit.id in matches
                mark = "✅" if hit else "▫️"
                st.markdown(f"{mark} **{crit.code}** — {_text(crit)}")
                if hit:
                    st.caption("Spoken to by: " + "; ".join(labels[f] for f in matches[crit.id]))


def _comparison(w: ComparisonWidget, key: str) -> None:
    st.subheader("Typical features side by side")
    st.table(
        [{"Aspect": r.aspect, "Cervicogenic headache": r.cgh, "Migraine": r.migraine,
          "Tension-type headache": r.tension_type, "Sources": ", ".join(r.references)} for r in w.rows],
        hide_index=True,
    )


def _routes(w: RoutesWidget, key: str) -> None:
    A = ui.app()
    st.subheader("Three routes, shown on the graph")
    titles = {r.id: r.title for r in w.routes}
    chosen = st.radio("Show a route", list(titles), format_func=titles.get, key=key)
    route = next(r for r in w.routes if r.id == chosen)
    st.markdown(_text(route))
    st.caption(f"Evidence: {route.evidence_level} · {ui.confidence_badge(route.confidence)} · "
               f"Sources: {', '.join(route.references)}")
    fig = convergence_figure(A.graph, A.layout, focus=route.nodes[:1], lit=set(route.nodes))
    st.plotly_chart(fig, key=f"{key}_chart", config={"displaylogo": False},
                    alt=f"Graph with the route '{route.title}' highlighted: "
                    + " → ".join(A.graph.nodes[n]["label"] for n in route.nodes))
    st.caption("Route in words: " + " → ".join(A.graph.nodes[n]["label"] for n in route.nodes))
    ui.node_link(route.nodes[0])


def _block_explainer(w: BlockExplainerWidget, key: str) -> None:
    G = ui.app().graph
    st.subheader("Diagnostic blocks: a test of a hypothesis")
    labels = {b.id: b.label for b in w.blocks}
    chosen = st.selectbox("Pick a block", list(labels), format_func=labels.get, key=key)
    block = next(b for b in w.blocks if b.id == chosen)
    with st.container(border=True):
        cols = st.columns(2)
        cols[0].markdown(f"**Structure it tests:** {G.nodes[block.target_structure]['label']}")
        cols[1].markdown(f"**Nerve it numbs:** {G.nodes[block.nerve]['label']}")
        st.markdown(_text(block))
        if not _plain():
            st.markdown(f"**A positive result means:** {block.positive_means}")
        st.caption(f"Sources: {', '.join(block.references)}")
        ui.node_link(block.target_structure)
    st.markdown("**Why one block is not enough**")
    ui.claim(w.controlled_blocks, show_links=False)


def _vignettes(w: VignetteWidget, key: str) -> None:
    st.subheader(f"Practice: criterion C needs at least {w.needed} of {len(w.items)}")
    st.caption("Invented teaching cases. Tick the items each story shows, then check.")
    labels = {v.id: f"Case {i + 1}" for i, v in enumerate(w.vignettes)}
    chosen = st.radio("Case", list(labels), format_func=labels.get, key=f"{key}_case", horizontal=True)
    vignette = next(v for v in w.vignettes if v.id == chosen)
    st.markdown(f"> {vignette.story}")
    items = {c.id: f"{c.code}: {_text(c)}" for c in w.items}
    picked = st.multiselect("Items this story shows", list(items), format_func=items.get,
                            key=f"{key}_picked_{chosen}")
    if st.button("Check my answer", key=f"{key}_check_{chosen}"):
        right, meets, count = vignette_verdict(w, chosen, picked)
        (st.success if right else st.error)(
            ("Right: " if right else "Not quite: ") + f"the story shows {count} item(s), so it "
            + ("meets" if meets else "does not meet") + " criterion C."
        )
        st.markdown(vignette.explanation)
        st.caption(f"Sources: {', '.join(w.references)}")


def _frt(w: FrtWidget, key: str) -> None:
    st.subheader("The flexion–rotation test, interactively")
    degrees = st.slider("Rotation to the more limited side (degrees)", 0, 60, int(w.normal_mean_deg), key=key)
    cols = st.columns(2)
    cols[0].metric("Average in people without headache", f"{w.normal_mean_deg:g}°")
    cols[1].metric("Average toward the headache side in CGH", f"{w.cgh_mean_deg:g}°")
    for cutoff, (deg, below) in zip(w.cutoffs, frt_verdict(w, degrees), strict=True):
        verdict = "below" if below else "at or above"
        st.markdown(f"{'🔻' if below else '✔️'} **{degrees}° is {verdict} the {deg:g}° cut-off.** {cutoff.clinical}")
        st.caption(f"Sources: {', '.join(cutoff.references)}")
    st.caption("A range below a cut-off is what the studies counted as a positive test — "
               "one piece of an examination, not a diagnosis.")
    for c in w.accuracy:
        ui.claim(c, show_links=False)
    st.markdown("**Limits of this evidence**")
    ui.claim(w.limits, show_links=False)


def _treatment_tiers(w: TreatmentTiersWidget, key: str) -> None:
    st.subheader("Four tiers of care, and what the studies show")
    st.caption("What studies tested — not advice. Talk to a clinician about your own care.")
    names = {t.id: f"{t.tier}: {t.title}" for t in w.tiers}
    chosen = st.radio("Tier", list(names), format_func=names.get, key=key, horizontal=True)
    tier = next(t for t in w.tiers if t.id == chosen)
    st.markdown(f"### {names[chosen]}")
    st.markdown(_text(tier))
    for c in tier.evidence:
        with st.container(border=True):
            ui.claim(c, show_links=False)
    st.markdown("**Structures it targets**")
    ui.node_links(tier.targets)


def _flow(w: FlowWidget, key: str) -> None:
    st.subheader("The suggested order of care, step by step")
    index = {s.id: s for s in w.steps}
    st.graphviz_chart(flow_dot(w), width="stretch")
    st.caption("Steps in order: " + " → ".join(s.title for s in w.steps))
    chosen = st.radio("Open a step", list(index), format_func=lambda i: index[i].title, key=key)
    step = index[chosen]
    with st.container(border=True):
        st.markdown(f"**{step.title}**")
        st.markdown(_text(step))
        st.caption(f"{ui.confidence_badge(step.confidence)} · Sources: {', '.join(step.references)}")
        if step.next:
            st.caption("Next: " + "; ".join(index[n].title for n in step.next))


def _blind_spot(w: BlindSpotWidget, key: str) -> None:
    st.subheader("Who examines what")
    cols = st.columns(len(w.disciplines))
    for col, d in zip(cols, w.disciplines, strict=True):
        with col, st.container(border=True):
            st.markdown(f"**{d.name}**")
            st.markdown(f"Examines: {d.examines}")
            st.markdown(f"May miss: {d.may_miss}")
            st.caption(f"Sources: {', '.join(d.references)}")
    st.subheader("A structured cervical assessment")
    done = 0
    for item in w.assessment:
        if st.checkbox(_text(item), key=f"{key}_{item.id}"):
            done += 1
        st.caption(f"Sources: {', '.join(item.references)}")
    st.progress(done / len(w.assessment), text=f"{done} of {len(w.assessment)} parts covered")


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
}


def _page_references(page: Page) -> list[str]:
    keys: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                item = getattr(value, name)
                if name == "references":
                    keys.extend(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(page)
    return list(dict.fromkeys(keys))
