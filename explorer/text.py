"""Every text in the knowledge base, by audience: for review, translation and readability checks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel

from explorer.graph import Referral, short_label
from explorer.model import (
    Basis,
    Confidence,
    EvidenceKind,
    Glossary,
    GlossaryTerm,
    KnowledgeBase,
    Titled,
    TreePath,
    Wording,
    walk_tree,
)

__all__ = [
    "audience_texts",
    "basis_words",
    "display_name",
    "evidence_tag",
    "evidence_words",
    "model_texts",
    "short_name",
    "terms_in",
]


def display_name(data: Mapping[str, Any], *, plain: bool) -> str:
    """A node's name in lists, headings and links: its label, or for patients the everyday name first
    and the anatomical one after it, e.g. 'Lower jaw nerve (mandibular nerve, V3)'.

    `data` is a node's attributes in the graph (or a node dumped to a dict). A label that already
    holds the everyday name ('Back of the head (occipital)') is shown as it is, not twice.
    """
    label = str(data["label"])
    if not plain:
        return label
    everyday = str(data.get("plain_label") or label)
    if everyday.casefold() in label.casefold():
        return label
    # 'Mandibular nerve (V3)' reads 'mandibular nerve, V3' inside the brackets: no brackets in brackets.
    anatomical = re.sub(r"\s*\((.*)\)$", r", \1", label)
    if len(anatomical) > 1 and anatomical[0].isupper() and anatomical[1].islower():
        anatomical = anatomical[0].lower() + anatomical[1:]  # not 'VPM' or 'C2': only an ordinary word
    return f"{everyday} ({anatomical})"


def short_name(data: Mapping[str, Any], *, plain: bool) -> str:
    """A node's name where space is short (graph labels, pills, the head map): the short anatomical label,
    or for patients the everyday name alone (the anatomical one is in the details and the hover)."""
    return str(data.get("plain_label") or short_label(data)) if plain else short_label(data)


def evidence_tag(wording: Wording, confidence: Confidence, kind: EvidenceKind | None, *, plain: bool) -> str:
    """'confirmed in the source · human dissection': how well a fact is sourced and what kind of evidence it is.

    For patients a claim of the popular article is said once, by its kind ('only the article says so'):
    its confidence tag says we read the article right, which beside it reads as a contradiction.
    """
    kind_words = wording.evidence_kinds[kind].at(plain=plain) if kind is not None else None
    if plain and kind is EvidenceKind.ARTICLE_CLAIM and kind_words:
        return kind_words
    checked = wording.confidence[confidence].at(plain=plain)
    return f"{checked} · {kind_words}" if kind_words else checked

def basis_words(wording: Wording, basis: Basis, *, plain: bool = False) -> str:
    """'observed in people', 'predicted by convergence (hypothesis)'... or the plain wording of the same."""
    return wording.bases[basis].at(plain=plain)


def evidence_words(wording: Wording, referral: Referral, *, plain: bool = False) -> str:
    """How a referral is known, in words: its kind of evidence, n and confidence, or 'hypothesis'.

    A prediction never shows a confidence tag: it is a hypothesis, whatever the wiring rests on.
    """
    if referral.basis is Basis.PREDICTED or referral.evidence_kind is None or referral.confidence is None:
        return wording.hypothesis.at(plain=plain)
    kind = wording.evidence_kinds[referral.evidence_kind].at(plain=plain)
    if plain and referral.evidence_kind is EvidenceKind.ARTICLE_CLAIM:
        return evidence_tag(wording, referral.confidence, referral.evidence_kind, plain=plain)
    count = f", n={referral.n}" if referral.n and not plain else ""
    return f"{kind}{count} · {wording.confidence[referral.confidence].at(plain=plain)}"


# Fields that hold ids, keys, tags, names of things or bibliographic data rather than prose.
# (`authors`, `journal`... are Reference fields; references are cited, not read as prose.)
_NOT_PROSE = frozenset({
    "id", "key", "type", "kind", "source", "target", "references", "nodes", "targets", "target_structure",
    "nerve", "segments", "ontology_id", "synonyms", "abbreviations", "aliases", "label", "page", "set", "code",
    "confidence", "article_confidence", "evidence_confidence", "criteria", "present", "next", "term",
    "authors", "journal", "doi", "pmid", "pmcid", "url", "caveat", "year", "short", "evidence_kind", "fibres",
    "urgent_sign", "icon",
})
# Prose written once for every reader, patients included: titles and names of pages, tours, steps,
# routes, tiers and disciplines, a tour's summary, a study's headline figure. It must read plainly.
# A title with a `plain_title` is the clinicians' only; the plain one is the patients'.
_SHARED = frozenset({"title", "summary", "tier", "name", "figure"})
_PLAIN = frozenset({"plain", "plain_title", "plain_label"})


def audience_texts(kb: KnowledgeBase, audience: Literal["patient", "clinician"]) -> list[tuple[str, str]]:
    """(where, text) for every text a reader of `audience` sees.

    Patients read the `plain` fields and the prose written for everyone (titles, names); clinicians
    read every other field. A field a page shows to patients must be one of these, so that the
    readability check reads what patients read.
    """
    roots: list[tuple[str, Any]] = [
        *((f"nodes.yaml: {n.id}", n) for n in kb.nodes.values()),
        *((f"edges.yaml: {e.source} -> {e.target}", e) for e in kb.edges),
        *((f"pages/{p.id}.yaml", p) for p in kb.pages.values()),
        *((f"tours/{t.id}.yaml", t) for t in kb.tours.values()),
    ]
    if kb.glossary:
        roots.append(("glossary.yaml", kb.glossary))
    if kb.safety:
        roots.append(("safety.yaml", kb.safety))
    if kb.wording:
        roots.append(("wording.yaml", kb.wording))
    if kb.navigation:
        roots.append(("navigation.yaml", kb.navigation))
    if kb.head_map:
        roots.append(("head_map.yaml", kb.head_map))
    if kb.quiz_words:  # the self-test's hand-written questions
        roots.append(("quiz.yaml", kb.quiz_words))
    out: list[tuple[str, str]] = []
    for where, model in roots:
        for path, text, patients in _texts(model):
            if patients == (audience == "patient"):
                out.append((f"{where} {_dotted(path)}".strip(), text))
    return out


def model_texts(model: BaseModel, *, plain: bool) -> list[str]:
    """The prose of one content item that a reader sees: its `plain` fields and the prose written for
    everyone, or (not `plain`) all its prose but the `plain` fields."""
    return [text for _, text, patients in _texts(model) if patients == plain]


def terms_in(texts: Iterable[str], glossary: Glossary | None) -> list[GlossaryTerm]:
    """Glossary terms whose name or an alias appears in `texts` as a whole word, in glossary order.

    Abbreviations (all capitals) must match case; other names match in any case.
    """
    if glossary is None:
        return []
    body = "\n".join(texts)
    found = []
    for term in glossary.terms:
        for name in (term.term, *term.aliases):
            flags = 0 if name.isupper() else re.IGNORECASE
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", body, flags):
                found.append(term)
                break
    return found


def _texts(model: BaseModel) -> Iterator[tuple[TreePath, str, bool]]:
    """(path, text, whether patients read it) for every string of prose in `model` (not ids, keys,
    tags or bibliographic data)."""
    retitled = set()  # items whose title has a plain version: patients read that instead
    for path, value in walk_tree(model, skip=_NOT_PROSE):
        if isinstance(value, Titled) and getattr(value, "plain_title", None):
            retitled.add(path)
        if isinstance(value, str) and not isinstance(value, Enum):
            field = path[-1] if path else None
            if field == "title" and path[:-1] in retitled:
                yield path, value, False
            else:
                plain_name = len(path) > 1 and path[-2] == "plain_names"  # data/quiz.yaml: a node's name for patients
                yield path, value, field in _PLAIN or field in _SHARED or plain_name


def _dotted(path: TreePath) -> str:
    """A tree path as a content editor writes it: `widgets[2].steps[0].plain`."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")

