"""Every text in the knowledge base, by audience: for review, translation and readability checks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel

from explorer.load import KnowledgeBase
from explorer.model import Glossary, GlossaryTerm

__all__ = ["BASIS_LEGEND", "audience_texts", "basis_words", "model_texts", "terms_in"]

# How the app names the two kinds of referral, for students/clinicians and for patients.
_BASIS_WORDS = {
    "observed": ("observed", "seen in studies"),
    "predicted": ("predicted by convergence", "expected from the wiring, not yet seen"),
}
BASIS_LEGEND = (
    "Observed: seen in people (or animals, where the evidence says so). Predicted by convergence: both "
    "inputs reach the same dorsal-horn neurons; a hypothesis, not an observation.",
    "Seen in studies: people in studies felt pain there. Expected from the wiring: the nerves meet in the "
    "same place, so it may happen, but no study has shown it yet.",
)


def basis_words(basis: str, *, plain: bool = False) -> str:
    """'observed' / 'predicted by convergence', or the patient wording of the same."""
    return _BASIS_WORDS[basis][plain]


# Fields that hold ids, keys, tags or bibliographic data rather than prose.
_NOT_PROSE = frozenset({
    "id", "key", "type", "kind", "source", "target", "references", "nodes", "targets", "target_structure",
    "nerve", "segments", "ontology_id", "synonyms", "abbreviations", "aliases", "label", "page", "set", "code",
    "confidence", "article_confidence", "evidence_confidence", "criteria", "present", "next", "title", "term",
    "authors", "journal", "doi", "pmid", "pmcid", "url", "caveat", "year",
})


def audience_texts(kb: KnowledgeBase, audience: Literal["patient", "clinician"]) -> list[tuple[str, str]]:
    """(where, text) for every text a reader of `audience` sees; patients read only `plain` fields."""
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
    out: list[tuple[str, str]] = []
    for where, model in roots:
        for path, text in _texts(model, ""):
            if (audience == "patient") == (path.rsplit(".", 1)[-1] == "plain"):
                out.append((f"{where} {path}".strip(), text))
    return out


def model_texts(model: BaseModel, *, plain: bool) -> list[str]:
    """The prose of one content item that a reader sees: its `plain` fields, or all other prose."""
    return [text for path, text in _texts(model, "") if (path.rsplit(".", 1)[-1] == "plain") == plain]


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


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _NOT_PROSE:
                yield from _texts(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value
