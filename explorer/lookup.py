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
from explorer.model import KnowledgeBase

__all__ = ["Hit", "lookup"]


@dataclass(frozen=True)
class Hit:
    kind: Literal["node", "term", "page"]
    target: str  # node id, glossary term, or page id
    label: str  # what to show
    matched: str  # the name that matched
    score: float


def lookup(kb: KnowledgeBase, G: nx.DiGraph, text: str, *, limit: int = 8) -> list[Hit]:
    """The best matches for `text` among node names, glossary terms (with aliases) and page titles."""
    hits = [Hit("node", m.node_id, G.nodes[m.node_id]["label"], m.matched, m.score) for m in search(G, text)]
    if kb.glossary:
        terms = {t.term: t for t in kb.glossary.terms}
        named = ((t.term, name) for t in terms.values() for name in (t.term, *t.aliases))
        hits += [Hit("term", key, f"Glossary: {key}", name, score) for key, name, score in best_matches(text, named)]
    named_pages = ((p.id, name) for p in kb.pages.values() for name in (p.title, p.article_section or p.title))
    hits += [Hit("page", key, kb.pages[key].title, name, score) for key, name, score in best_matches(text, named_pages)]
    order = {"node": 0, "term": 1, "page": 2}
    return sorted(hits, key=lambda h: (-h.score, order[h.kind], h.label))[:limit]
