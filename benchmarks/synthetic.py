"""A synthetic knowledge graph shaped like the real one, at any size (benchmarks only).

The real graph (57 nodes, 106 edges) has, left to right: structures and skin regions ->
nerves (with branch_of between nerves) -> roots -> dorsal-horn stations (the convergence
stations) -> hub -> tracts -> thalamus -> cortex, plus `refers_pain_to` edges from
structures (and a few nerves/roots) to regions. `synthetic_graph` keeps those proportions
and attribute names, so the app's functions see the same shapes, only more of them.
"""

from __future__ import annotations

import random

import networkx as nx

from explorer.graph import Graph

__all__ = ["synthetic_graph"]

# Share of nodes per kind, from the real graph (hub, thalamus and cortex are fixed-size).
_SHARE = {"structure": 0.21, "region": 0.23, "nerve": 0.27, "root": 0.08, "station": 0.07, "tract": 0.05}
_CONF = ["confirmed-from-source", "confirmed-from-source (secondary)", "partially-confirmed", "unverified"]
_SEGMENTS = ["C1", "C2", "C3", "C4", "C5", "V1", "V2", "V3"]
# Evidence kinds, weighted roughly as on the real graph's edges.
_EVIDENCE = ["textbook"] * 6 + ["human_dissection"] * 2 + ["human_provocation", "animal", "human_blocks",
                                                            "patient_series", "article_claim"]


def synthetic_graph(n: int, seed: int = 0) -> Graph:
    """A frozen layered DAG (ignoring refers_pain_to) of about `n` nodes with the real graph's attributes."""
    rng = random.Random(seed)
    G: Graph = nx.DiGraph()
    counts = {k: max(1, round(n * s)) for k, s in _SHARE.items()}
    fixed = {"hub": 1, "thalamus": max(1, n // 30), "cortex": max(1, n // 20)}
    counts.update(fixed)
    ids: dict[str, list[str]] = {}
    refs = [f"Ref{i}" for i in range(max(5, n // 10))]

    def seg() -> list[str]:
        return rng.sample(_SEGMENTS, rng.choice([1, 1, 2]))

    for kind, count in counts.items():
        ids[kind] = []
        for i in range(count):
            node = f"{kind}_{i}"
            ids[kind].append(node)
            G.add_node(
                node,
                label=f"{kind.title()} {i} (synthetic)",
                plain_label=f"{kind.title()} {i}",
                kind=kind,
                synonyms=[f"{kind} number {i}"],
                abbreviations=[],
                segments=seg() if kind in ("structure", "nerve", "root", "station") else [],
                short=None,
                ontology=None,
                name_notes={},
                urgent_sign=None,
                clinical=f"Clinical text for {kind} {i}.",
                plain=f"Plain text for {kind} {i}.",
                references=rng.sample(refs, 2),
                convergence_station=kind == "station",
            )

    def edge(u: str, v: str, kind: str) -> None:
        G.add_edge(u, v, kind=kind, references=rng.sample(refs, rng.choice([1, 2])),
                   confidence=rng.choice(_CONF), evidence_kind=rng.choice(_EVIDENCE), n=None, fibres=[],
                   evidence=None)

    # Nerves: the first 80% are "trunks"; the rest are branches of a trunk (branch_of keeps the DAG acyclic).
    nerves = ids["nerve"]
    trunks = nerves[: max(1, int(len(nerves) * 0.8))]
    for b in nerves[len(trunks):]:
        edge(b, rng.choice(trunks), "branch_of")
    for s in ids["structure"]:
        for nv in rng.sample(nerves, min(len(nerves), rng.choice([1, 1, 2]))):
            edge(s, nv, "supplied_by")
        for r in rng.sample(ids["region"], min(len(ids["region"]), rng.choice([2, 3, 3]))):
            edge(s, r, "refers_pain_to")
    for r in ids["region"]:
        edge(r, rng.choice(nerves), "skin_territory_of")
    for nv in trunks:
        if rng.random() < 0.85:
            edge(nv, rng.choice(ids["root"]), "enters")
        else:
            edge(nv, rng.choice(ids["station"]), "descends_to")
    for nv in rng.sample(nerves, max(1, len(nerves) // 8)):
        edge(nv, rng.choice(ids["region"]), "refers_pain_to")
    for rt in ids["root"]:
        edge(rt, rng.choice(ids["station"]), "enters")
    for st in ids["station"]:
        edge(st, ids["hub"][0], "part_of")
    for tr in ids["tract"]:
        edge(ids["hub"][0], tr, "projects_to")
        edge(tr, rng.choice(ids["thalamus"]), "projects_to")
    for th in ids["thalamus"]:
        for cx in rng.sample(ids["cortex"], min(len(ids["cortex"]), 2)):
            edge(th, cx, "projects_to")
    for cx in ids["cortex"]:  # every cortex node reachable
        if not G.in_degree(cx):
            edge(rng.choice(ids["thalamus"]), cx, "projects_to")
    frozen: Graph = nx.freeze(G)  # read-only like build_graph's, so routes and referrals are worked out once
    return frozen
