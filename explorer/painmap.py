"""Where does it hurt: which sources can send pain to the regions a reader chose, and how we know. Pure.

The drawing is `explorer.headmap`; this module only answers the question, as a short ranked
summary (the few best-evidenced sources) and as full table rows.

Examples:
    >>> from explorer.load import load_knowledge_base
    >>> from explorer.graph import build_graph
    >>> G = build_graph(load_knowledge_base())
    >>> "c2_c3_facet_joint" in dict(sources_for_regions(G, ["occipital_region"]))
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from explorer.describe import urgent_of
from explorer.graph import Graph, Referral, kind_of, short_label, sources
from explorer.model import Basis, NodeKind, Safety, Wording
from explorer.text import basis_words, display_name, evidence_words

__all__ = ["Likely", "region_ids", "source_rows", "sources_for_regions", "summary", "toggle"]


def region_ids(G: Graph) -> list[str]:
    """Every region node of the graph, by label."""
    return sorted((n for n in G if kind_of(G, n) is NodeKind.REGION), key=lambda n: G.nodes[n]["label"].casefold())


def toggle(chosen: Sequence[str], clicked: Iterable[str]) -> list[str]:
    """`chosen` with each clicked region removed if it was there and added (at the end) if not."""
    out = list(chosen)
    for region in clicked:
        out = [r for r in out if r != region] if region in out else [*out, region]
    return out


def sources_for_regions(G: Graph, regions: Iterable[str]) -> list[tuple[str, list[Referral]]]:
    """Each tissue, nerve or root that can send pain to any of `regions`, with its referral per region.

    A source whose pain can be an emergency (it has an `urgent_sign`, e.g. a torn neck artery) comes
    first, whatever its evidence: a reader must meet it before the ordinary causes. Then sources known
    better: more chosen regions seen in people, then stronger evidence, then more regions at all, then
    by label.
    """
    wanted = list(dict.fromkeys(regions))
    grouped: dict[str, list[Referral]] = {}
    for region in wanted:
        for referral in sources(G, region):
            grouped.setdefault(referral.source, []).append(referral)
    return sorted(grouped.items(), key=lambda item: (not G.nodes[item[0]].get("urgent_sign"), _strength(item[1]),
                                                     G.nodes[item[0]]["label"].casefold()))


def _strength(refs: Sequence[Referral]) -> tuple[int, int, int, int, int, int]:
    # Seen in people in more chosen regions first; then the strongest evidence (`Referral.strength`:
    # basis, kind of study in the order of `EvidenceKind`, tag, size); then more regions at all.
    people = sum(r.basis is Basis.PEOPLE for r in refs)
    best_basis, best_kind, best_tag, bigger = min(r.strength for r in refs)
    return (-people, best_basis, best_kind, best_tag, bigger, -len(refs))


@dataclass(frozen=True)
class Likely:
    """One line of the short summary: a source, the chosen regions it reaches, and the best evidence."""

    source: str
    regions: tuple[str, ...]
    best: Referral


def summary(G: Graph, grouped: Sequence[tuple[str, list[Referral]]], *, limit: int = 4) -> list[Likely]:
    """The few sources best shown in people for the chosen regions: tissues, confirmed tags, strongest kind of
    evidence first.

    A nerve is listed only if no tissue is (pain felt in a nerve's own skin says little about a cause).
    """
    def shown(refs: Sequence[Referral]) -> list[Referral]:
        return [r for r in refs if r.basis is Basis.PEOPLE and r.confidence is not None and r.confidence.confirmed]

    def evidence(item: tuple[str, list[Referral]]) -> tuple[int, int, int, int, str]:
        # The strongest kind of evidence first (patient blocks before trigger points found by palpation),
        # then more of the chosen regions, then the stronger tag, then the larger study. (All are shown
        # in people here.)
        refs = item[1]
        _, best_kind, best_tag, bigger = min(r.strength for r in refs)
        return (best_kind, -len(refs), best_tag, bigger, G.nodes[item[0]]["label"].casefold())

    # A source whose pain is itself an urgent sign (a torn neck artery) is not "likely": pages show it apart.
    tissues = sorted(((s, shown(refs)) for s, refs in grouped if kind_of(G, s) is NodeKind.STRUCTURE and shown(refs)
                      and not G.nodes[s].get("urgent_sign")), key=evidence)
    others = sorted(((s, shown(refs)) for s, refs in grouped if kind_of(G, s) is not NodeKind.STRUCTURE
                     and shown(refs)), key=evidence)
    ranked = tissues or others
    picked = ranked[:limit]
    # Every chosen place gets its best-shown source, even when stronger sources of other places fill the list.
    covered = {r.region for _, refs in picked for r in refs}
    for region in dict.fromkeys(r.region for _, refs in grouped for r in refs):
        best = next((item for item in [*tissues, *others] if any(r.region == region for r in item[1])), None)
        if region not in covered and best is not None:
            picked.append(best)
            covered.update(r.region for r in best[1])
    return [
        Likely(s, tuple(r.region for r in refs),
               min(refs, key=lambda r: r.strength))
        for s, refs in picked
    ]


def source_rows(
    G: Graph, grouped: Sequence[tuple[str, list[Referral]]], wording: Wording, *, plain: bool = False,
    safety: Safety | None = None,
) -> list[dict[str, str]]:
    """Table rows: one per source, each chosen region it reaches with how we know, in the reader's words.

    Patients see plain words only: no citation keys and no raw confidence tags. With `safety`, a
    source whose pain can be an emergency is named with the urgent label and what to do.
    """
    rows = []
    for source, refs in grouped:
        data = G.nodes[source]
        urgent = urgent_of(G, source, safety, plain=plain)
        label = wording.ui["urgent.label"].at(plain=plain)
        name = display_name(data, plain=plain)
        row = {"Structure": f"{name} ({label}: {urgent.do})" if urgent else name}
        row["Where, and how we know"] = "; ".join(
            f"{short_label(G.nodes[r.region])}: {basis_words(wording, r.basis, plain=plain)}"
            + ("" if plain or r.basis is Basis.PREDICTED else f" ({evidence_words(wording, r)})")
            for r in refs
        )
        if not plain:
            row["References"] = ", ".join(dict.fromkeys(k for r in refs for k in r.references))
        rows.append(row)
    return rows
