"""Shared fixtures: the real knowledge base, its graph, and a copy of data/ to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest

from explorer.graph import build_graph
from explorer.load import KnowledgeBase, default_data_dir, load_knowledge_base


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="session")
def G(kb: KnowledgeBase) -> nx.DiGraph:
    return build_graph(kb)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break one file."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target
