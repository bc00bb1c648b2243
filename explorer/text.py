"""Every text in the knowledge base, by audience: for review, translation and readability checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel

from explorer.load import KnowledgeBase

__all__ = ["BASIS_LEGEND", "audience_texts", "basis_words"]

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
