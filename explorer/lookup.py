"""Search across everything a reader can look up: nodes of the graph, glossary terms, conditions and pages.

Conditions (the mimics and differentials of a page's `differentials` widget) are not nodes of the graph:
a name finds the page that explains them, and the structures they involve.

Examples:
    >>> from explorer.load import load_knowledge_base
    >>> from explorer.graph import build_graph
    >>> kb = load_knowledge_base()
    >>> [h.target for h in lookup(kb, build_graph(kb), "Arnold's nerve")][:3]  # an eponym with three meanings
    ['ear_branches_vii_ix_x', 'greater_occipital_nerve', 'ophthalmic_nerve']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from explorer.graph import Graph, best_matches, normalize, search
from explorer.model import Condition, DifferentialsWidget, Glossary, GlossaryTerm, KnowledgeBase

__all__ = ["CONDITION_CUTOFF", "GLOSSARY_CUTOFF", "ConditionEntry", "Hit", "condition_matches", "conditions",
           "find_condition", "glossary_matches", "lookup"]

# How close (0-100) a glossary name must be to what was typed: the sidebar and the glossary page agree.
GLOSSARY_CUTOFF = 75.0
# How close a condition's name must be: typos pass, but "occipital" alone is the region, not the neuralgia.
CONDITION_CUTOFF = 88.0


@dataclass(frozen=True)
class Hit:
    kind: Literal["node", "term", "condition", "page"]
    target: str  # node id, glossary term, or page id (for a condition: the page that explains it)
    label: str  # what to show
    matched: str  # the name that matched
    score: float
    condition: str | None = None  # the condition's id, for a condition


@dataclass(frozen=True)
class ConditionEntry:
    """A condition and the page that explains it."""

    page: str
    condition: Condition


def lookup(kb: KnowledgeBase, G: Graph, text: str, *, limit: int = 8, plain: bool = False) -> list[Hit]:
    """The best matches for `text` among node names, glossary terms (with aliases) and page titles.

    `plain` words the labels for patients.
    """
    hits = [Hit("node", m.node_id, G.nodes[m.node_id]["label"], m.matched, m.score) for m in search(G, text)]
    if kb.glossary and kb.wording:
        term_label = kb.wording.ui["lookup.term"].at(plain=plain)
        hits += [Hit("term", term.term, term_label.format(term=term.term), name, score)
                 for term, name, score in glossary_matches(kb.glossary, text)]
    if kb.wording:
        condition_label = kb.wording.ui["lookup.condition"].at(plain=plain)
        hits += [Hit("condition", entry.page,
                     condition_label.format(condition=entry.condition.title_at(plain=plain),
                                            page=kb.page_title(entry.page, plain=plain)),
                     name, score, entry.condition.id)
                 for entry, name, score in condition_matches(kb, text)]
    named_pages = ((p.id, name) for p in kb.pages.values()
                   for name in (p.title, p.plain_title or p.title, p.article_section or p.title))
    hits += [Hit("page", key, kb.pages[key].title_at(plain=plain), name, score)
             for key, name, score in best_matches(text, named_pages)]
    order = {"node": 0, "term": 1, "condition": 2, "page": 3}
    return sorted(hits, key=lambda h: (-h.score, order[h.kind], h.label))[:limit]


def glossary_matches(glossary: Glossary, text: str) -> list[tuple[GlossaryTerm, str, float]]:
    """Glossary terms whose name or an alias is close to `text`: (term, the name that matched, score), best first.

    >>> from explorer.load import load_knowledge_base
    >>> [(t.term, name) for t, name, _ in glossary_matches(load_knowledge_base().glossary, "cgh")][:1]
    [('Cervicogenic headache', 'CGH')]
    """
    terms = {t.term: t for t in glossary.terms}
    named = ((t.term, name) for t in glossary.terms for name in (t.term, *t.aliases))
    return [(terms[key], name, score) for key, name, score in best_matches(text, named, cutoff=GLOSSARY_CUTOFF)]


def conditions(kb: KnowledgeBase) -> list[ConditionEntry]:
    """Every condition of every page's differentials, in page order.

    >>> from explorer.load import load_knowledge_base
    >>> [e.page for e in conditions(load_knowledge_base()) if e.condition.id == "occipital-neuralgia"]
    ['mimics']
    """
    return [ConditionEntry(page.id, condition) for page in kb.pages.values() for widget in page.widgets
            if isinstance(widget, DifferentialsWidget) for condition in widget.conditions]


def condition_matches(kb: KnowledgeBase, text: str, *, cutoff: float = CONDITION_CUTOFF
                      ) -> list[tuple[ConditionEntry, str, float]]:
    """Conditions whose name (clinical, plain or an alias) is close to `text`: (entry, name matched, score)."""
    entries = {f"{e.page}/{e.condition.id}": e for e in conditions(kb)}
    named = ((key, name) for key, e in entries.items()
             for name in dict.fromkeys((e.condition.title, e.condition.title_at(plain=True), *e.condition.aliases)))
    return [(entries[key], name, score) for key, name, score in best_matches(text, named, cutoff=cutoff)]


def find_condition(kb: KnowledgeBase, text: str) -> ConditionEntry | None:
    """The condition `text` names: one whose name is `text` exactly (ignoring case and punctuation), else the
    one name it misspells, else None.

    >>> from explorer.load import load_knowledge_base
    >>> find_condition(load_knowledge_base(), "occipital neuralgia").condition.ichd3
    '13.4'
    """
    query = normalize(text)
    named = [(e, normalize(name)) for e in conditions(kb)
             for name in (e.condition.title, e.condition.title_at(plain=True), *e.condition.aliases)]
    exact = [e for e, name in named if name == query]
    if exact:
        return exact[0]
    # A typo in a whole name, scored on the whole name: a fragment ("neuralgia") is not a name, and the
    # reader is better served by `lookup`'s list than by a guess.
    close = {e.condition.id: e for e, name in named if fuzz.ratio(query, name) >= _TYPO_SCORE}
    return next(iter(close.values())) if len(close) == 1 else None


_TYPO_SCORE = 90.0
