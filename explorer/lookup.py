"""Search across everything a reader can look up: nodes of the graph, glossary terms and pages.

Examples:
    >>> from explorer.load import load_knowledge_base
    >>> from explorer.graph import build_graph
    >>> kb = load_knowledge_base()
    >>> [h.target for h in lookup(kb, build_graph(kb), "Arnold's nerve")][:1]
    ['greater_occipital_nerve']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import networkx as nx

from explorer.graph import best_matches, search
from explorer.model import Glossary, GlossaryTerm, KnowledgeBase

__all__ = ["GLOSSARY_CUTOFF", "Hit", "glossary_matches", "lookup"]

# How close (0-100) a glossary name must be to what was typed: the sidebar and the glossary page agree.
GLOSSARY_CUTOFF = 75.0


@dataclass(frozen=True)
class Hit:
    kind: Literal["node", "term", "page"]
    target: str  # node id, glossary term, or page id
    label: str  # what to show
    matched: str  # the name that matched
    score: float


def lookup(kb: KnowledgeBase, G: nx.DiGraph, text: str, *, limit: int = 8, plain: bool = False) -> list[Hit]:
    """The best matches for `text` among node names, glossary terms (with aliases) and page titles.

    `plain` words the labels for patients.
    """
    hits = [Hit("node", m.node_id, G.nodes[m.node_id]["label"], m.matched, m.score) for m in search(G, text)]
    if kb.glossary and kb.wording:
        term_label = kb.wording.ui["lookup.term"].at(plain=plain)
        hits += [Hit("term", term.term, term_label.format(term=term.term), name, score)
                 for term, name, score in glossary_matches(kb.glossary, text)]
    named_pages = ((p.id, name) for p in kb.pages.values()
                   for name in (p.title, p.plain_title or p.title, p.article_section or p.title))
    hits += [Hit("page", key, kb.pages[key].title_at(plain=plain), name, score)
             for key, name, score in best_matches(text, named_pages)]
    order = {"node": 0, "term": 1, "page": 2}
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
