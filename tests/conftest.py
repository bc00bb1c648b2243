"""Shared fixtures: the real knowledge base and its graph (small content to break: tests/content.py)."""

from __future__ import annotations

import networkx as nx
import pytest

from explorer.graph import build_graph
from explorer.load import KnowledgeBase, load_knowledge_base


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="session")
def G(kb: KnowledgeBase) -> nx.DiGraph:
    return build_graph(kb)
