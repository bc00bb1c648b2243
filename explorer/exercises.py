"""The logic of the interactive exercises on section pages, without Streamlit. Pure and tested.

Examples:
    >>> from explorer.model import FrtCutoff, FrtWidget, Claim
    >>> c = Claim(clinical="x", plain="x", references=["K"], evidence_kind="textbook")
    >>> w = FrtWidget(type="frt", normal_mean_deg=44, cgh_mean_deg=28, accuracy=[c], limits=c,
    ...               cutoffs=[FrtCutoff(degrees=32, clinical="Hall 2010b", references=["K"])])
    >>> frt_verdict(w, 28)
    [(32.0, True)]
"""

from __future__ import annotations

from explorer.model import FeatureChecklistWidget, FlowWidget, FrtWidget, VignetteWidget

__all__ = ["flow_dot", "frt_verdict", "matched_criteria", "vignette_verdict"]


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


def flow_dot(widget: FlowWidget, *, plain: bool = False) -> str:
    """The steps as a Graphviz DOT digraph, top to bottom, one box per step (titled for the reader)."""
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["digraph care {", "  rankdir=TB;", '  node [shape=box, style="rounded", fontname="sans-serif"];']
    lines += [f"  {quote(s.id)} [label={quote(s.title_at(plain=plain))}];" for s in widget.steps]
    lines += [f"  {quote(s.id)} -> {quote(n)};" for s in widget.steps for n in s.next]
    return "\n".join([*lines, "}"])


def frt_verdict(widget: FrtWidget, degrees: float) -> list[tuple[float, bool]]:
    """For each published cut-off: (cut-off, whether this range falls below it)."""
    return [(c.degrees, degrees < c.degrees) for c in widget.cutoffs]
