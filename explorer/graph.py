"""The knowledge base as a networkx graph, and the questions the app asks of it.

Edges point the way a pain signal travels (tissue -> nerve -> root -> dorsal horn ->
trigeminocervical nucleus -> thalamus -> cortex), except `refers_pain_to`, which
records where pain from a tissue was observed to be felt. "Predicted by
convergence" is derived, never stored: a region is predicted for a structure when
the region's own afferents reach a convergence station that the structure's also reach.

Examples:
    >>> from explorer.load import load_knowledge_base
    >>> G = build_graph(load_knowledge_base())
    >>> resolve(G, "Arnold's nerve")
    'greater_occipital_nerve'
    >>> "trigeminocervical_nucleus" in trace(G, "greater_occipital_nerve").downstream
    True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import networkx as nx
from rapidfuzz import fuzz, process

from explorer.load import KnowledgeBase
from explorer.model import Confidence, EdgeKind, NodeKind

__all__ = [
    "AmbiguousName",
    "Match",
    "Referral",
    "Trace",
    "UnknownName",
    "best_matches",
    "build_graph",
    "felt_in",
    "flow_graph",
    "highlight_set",
    "kind_of",
    "resolve",
    "search",
    "sources",
    "trace",
]

Basis = Literal["observed", "predicted"]

def build_graph(kb: KnowledgeBase) -> nx.DiGraph:
    """One node per content node and one edge per content edge, with every attribute.

    List attributes stay lists; enums become their string values, so the graph
    round-trips through node-link JSON unchanged.
    """
    G = nx.DiGraph()
    for node in kb.nodes.values():
        G.add_node(node.id, **node.model_dump(mode="json", exclude={"id"}))
    for edge in kb.edges:
        G.add_edge(edge.source, edge.target, **edge.model_dump(mode="json", exclude={"source", "target"}))
    return G


def flow_graph(G: nx.DiGraph) -> nx.DiGraph:
    """A read-only view with only the edges a pain signal travels along."""
    return nx.subgraph_view(G, filter_edge=lambda u, v: G.edges[u, v]["kind"] != EdgeKind.REFERS_PAIN_TO.value)


def kind_of(G: nx.DiGraph, node_id: str) -> NodeKind:
    return NodeKind(G.nodes[node_id]["kind"])


# --- names ---------------------------------------------------------------------------------


class UnknownName(LookupError):
    """No node has this name; `suggestions` holds the closest ids."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name, self.suggestions = name, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No structure, nerve or region is called {name!r}.{hint}")


class AmbiguousName(LookupError):
    """Several nodes share this name; `candidates` holds their ids."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name, self.candidates = name, candidates
        super().__init__(f"{name!r} could mean several things: {', '.join(candidates)}. Use one of these ids.")


def normalize(text: str) -> str:
    """Case-, accent-, dash- and punctuation-insensitive form used for every name lookup."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’`]s\b", "s", text.casefold())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _names(data: dict) -> Iterable[str]:
    label = data["label"]
    yield label
    if m := re.fullmatch(r"(.*?)\s*\((.*)\)", label):
        yield from m.groups()
    yield from data.get("synonyms", [])
    yield from data.get("abbreviations", [])


def name_index(G: nx.DiGraph) -> dict[str, set[str]]:
    """Normalized name -> ids of the nodes that carry it (id, label, synonyms, abbreviations)."""
    index: dict[str, set[str]] = {}
    for node_id, data in G.nodes(data=True):
        for name in (node_id, *_names(data)):
            if key := normalize(name):
                index.setdefault(key, set()).add(node_id)
    return index


def resolve(G: nx.DiGraph, name: str) -> str:
    """The id of the node called `name` (its id, label, a synonym or an abbreviation).

    Raises:
        UnknownName: nothing matches exactly; carries up to three close suggestions.
        AmbiguousName: the name belongs to several nodes.
    """
    if name in G:
        return name
    key = normalize(name)
    ids = name_index(G).get(key, set()) if key else set()
    if len(ids) == 1:
        return next(iter(ids))
    if ids:
        raise AmbiguousName(name, sorted(ids))
    raise UnknownName(name, [m.node_id for m in search(G, name, limit=3)])


@dataclass(frozen=True)
class Match:
    node_id: str
    matched: str  # the name that matched, as written in the data
    score: float  # 0-100


def search(G: nx.DiGraph, text: str, *, limit: int = 8, cutoff: float = 70.0) -> list[Match]:
    """Nodes whose names best match `text`, tolerant of case, punctuation, word order and typos."""
    named = ((node_id, name) for node_id, data in G.nodes(data=True) for name in _names(data))
    found = [Match(key, name, score) for key, name, score in best_matches(text, named, cutoff=cutoff)]
    return sorted(found, key=lambda m: (-m.score, G.nodes[m.node_id]["label"]))[:limit]


def best_matches(
    text: str, names: Iterable[tuple[str, str]], *, cutoff: float = 70.0
) -> list[tuple[str, str, float]]:
    """(key, name, score) for every key with a name matching `text`, its best-matching name only.

    The one fuzzy matcher of the app (node search, glossary and page search all use it).
    """
    query = normalize(text)[:200]  # bound the work on pasted essays
    if not query:
        return []
    choices = {(key, name): normalize(name) for key, name in names}
    best: dict[str, tuple[str, str, float]] = {}
    for _, score, (key, name) in process.extract(query, choices, scorer=_score, limit=None, score_cutoff=cutoff):
        if key not in best or score > best[key][2]:
            best[key] = (key, name, score)
    return sorted(best.values(), key=lambda hit: -hit[2])


def _score(query: str, choice: str, **_: object) -> float:
    if query == choice:
        return 100.0
    # Short queries (abbreviations like "GON") must match whole words, not fragments of words.
    if len(query) <= 3:
        return 95.0 if query in choice.split() else 0.0
    return max(fuzz.WRatio(query, choice), 0.0)


# --- tracing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trace:
    node: str
    upstream: list[str]  # what feeds into it (tissues, skin regions, nerves)
    downstream: list[str]  # where its signal goes, up to the cortex


def trace(G: nx.DiGraph, node_id: str) -> Trace:
    """The node's afferent sources and its path to the cortex, in left-to-right order."""
    _require(G, node_id)
    flow = flow_graph(G)
    # Order by distance along the signal, so each list reads as a path.
    down = nx.single_source_shortest_path_length(flow, node_id)
    up = nx.single_source_shortest_path_length(flow.reverse(copy=False), node_id)
    return Trace(
        node_id,
        sorted((n for n in up if n != node_id), key=lambda n: (-up[n], G.nodes[n]["label"])),
        sorted((n for n in down if n != node_id), key=lambda n: (down[n], G.nodes[n]["label"])),
    )


@dataclass(frozen=True)
class Referral:
    """Pain from `source` can be felt in `region`."""

    source: str
    region: str
    basis: Basis
    confidence: Confidence
    references: tuple[str, ...]
    via: tuple[str, ...] = ()  # convergence stations, for predicted referrals
    evidence: str | None = None


def felt_in(G: nx.DiGraph, node_id: str) -> list[Referral]:
    """Where pain from `node_id` is felt: observed regions first, then those predicted by convergence."""
    _require(G, node_id)
    if kind_of(G, node_id) is NodeKind.REGION:
        return []  # a region is where pain is felt; ask `sources` what sends pain to it
    observed = {r.region: r for r in _observed(G, node_id)}
    flow = flow_graph(G)
    predicted: dict[str, Referral] = {}
    for station in _stations(G, nx.descendants(flow, node_id) | {node_id}):
        best = _best_paths(G, flow, station)
        for region, theirs in best.items():
            if kind_of(G, region) is NodeKind.REGION and region not in observed and node_id in best:
                candidate = _prediction(node_id, region, station, best[node_id], theirs)
                predicted[region] = _stronger(predicted.get(region), candidate)
    return _sorted_referrals(G, [*observed.values(), *predicted.values()], key="region")


def sources(G: nx.DiGraph, region_id: str) -> list[Referral]:
    """The tissues, nerves and roots whose pain can be felt in `region_id` (observed, then predicted)."""
    _require(G, region_id)
    if kind_of(G, region_id) is not NodeKind.REGION:
        raise ValueError(f"{G.nodes[region_id]['label']!r} is not a region of the head or neck")
    observed: dict[str, Referral] = {}
    for src in G.predecessors(region_id):
        if G.edges[src, region_id]["kind"] == EdgeKind.REFERS_PAIN_TO.value:
            observed[src] = _edge_referral(G, src, region_id)
    for nerve in G.successors(region_id):
        if G.edges[region_id, nerve]["kind"] == EdgeKind.SKIN_TERRITORY_OF.value:
            observed.setdefault(nerve, _territory_referral(G, nerve, region_id))
    flow = flow_graph(G)
    predicted: dict[str, Referral] = {}
    for station in _stations(G, nx.descendants(flow, region_id)):
        best = _best_paths(G, flow, station)
        for src, mine in best.items():
            # Predicted sources are tissues; every nerve on their way would be listed again otherwise.
            if kind_of(G, src) is NodeKind.STRUCTURE and src not in observed:
                candidate = _prediction(src, region_id, station, mine, best[region_id])
                predicted[src] = _stronger(predicted.get(src), candidate)
    return _sorted_referrals(G, [*observed.values(), *predicted.values()], key="source")


def highlight_set(G: nx.DiGraph, node_ids: Iterable[str]) -> set[str]:
    """Everything to light up for these nodes: each node, its whole path and where its pain is felt.

    For a region, "where its pain is felt" turns around: the structures that can send pain there.
    """
    lit: set[str] = set()
    for node_id in node_ids:
        t = trace(G, node_id)
        lit |= {node_id, *t.downstream}
        if kind_of(G, node_id) is NodeKind.REGION:
            lit |= {r.source for r in sources(G, node_id)}
        else:
            lit |= set(t.upstream) | {r.region for r in felt_in(G, node_id)}
    return lit


# --- internals -------------------------------------------------------------------------------

# The strongest way a node's signal reaches a station: the weakest confidence along that
# path, and the references of the edge by which it enters the station.
_Path = tuple[Confidence, tuple[str, ...]]


def _require(G: nx.DiGraph, node_id: str) -> None:
    if node_id not in G:
        raise nx.NodeNotFound(f"Node {node_id!r} is not in the graph")


def _observed(G: nx.DiGraph, node_id: str) -> list[Referral]:
    found = [
        _edge_referral(G, node_id, region)
        for region in G.successors(node_id)
        if G.edges[node_id, region]["kind"] == EdgeKind.REFERS_PAIN_TO.value
    ]
    if kind_of(G, node_id) is NodeKind.NERVE:  # an irritated nerve is felt in its own skin territory
        seen = {r.region for r in found}
        for region in G.predecessors(node_id):
            data = G.edges[region, node_id]
            if data["kind"] == EdgeKind.SKIN_TERRITORY_OF.value and region not in seen:
                found.append(_territory_referral(G, node_id, region))
    return found


def _edge_referral(G: nx.DiGraph, src: str, region: str) -> Referral:
    data = G.edges[src, region]
    return Referral(
        src, region, "observed", Confidence(data["confidence"]), tuple(data["references"]),
        evidence=data.get("evidence"),
    )


def _territory_referral(G: nx.DiGraph, nerve: str, region: str) -> Referral:
    data = G.edges[region, nerve]
    return Referral(
        nerve, region, "observed", Confidence(data["confidence"]), tuple(data["references"]),
        evidence="The nerve's own skin territory.",
    )


def _stations(G: nx.DiGraph, nodes: Iterable[str]) -> list[str]:
    return sorted(n for n in nodes if G.nodes[n].get("convergence_station"))


def _best_paths(G: nx.DiGraph, flow: nx.DiGraph, station: str) -> dict[str, _Path]:
    """For every node upstream of `station`, its strongest path there (a widest-path search on the DAG)."""
    upstream = nx.ancestors(flow, station)
    best: dict[str, _Path] = {}
    for node in reversed(list(nx.topological_sort(flow.subgraph(upstream | {station})))):
        if node == station:
            continue
        options = []
        for nxt in sorted(flow.successors(node)):
            data = G.edges[node, nxt]
            conf = Confidence(data["confidence"])
            if nxt == station:
                options.append((conf, tuple(data["references"])))
            elif nxt in best:
                options.append((_weaker(conf, best[nxt][0]), best[nxt][1]))
        if options:
            best[node] = min(options, key=lambda o: o[0].rank)
    return best


def _weaker(a: Confidence, b: Confidence) -> Confidence:
    return a if a.rank >= b.rank else b


def _prediction(
    src: str,
    region: str,
    station: str,
    mine: _Path,
    theirs: _Path,
) -> Referral:
    # A prediction is only as strong as the weakest link on either of the two routes that meet.
    confidence = _weaker(mine[0], theirs[0])
    refs = tuple(dict.fromkeys(mine[1] + theirs[1]))
    return Referral(src, region, "predicted", confidence, refs, via=(station,))


def _stronger(old: Referral | None, new: Referral) -> Referral:
    if old is None or new.confidence.rank < old.confidence.rank:
        return new
    if new.confidence.rank == old.confidence.rank:  # same strength: list every station
        via = tuple(sorted({*old.via, *new.via}))
        refs = tuple(dict.fromkeys(old.references + new.references))
        return Referral(old.source, old.region, old.basis, old.confidence, refs, via, old.evidence)
    return old


def _sorted_referrals(G: nx.DiGraph, items: list[Referral], *, key: str) -> list[Referral]:
    return sorted(
        items,
        key=lambda r: (r.basis != "observed", r.confidence.rank, G.nodes[getattr(r, key)]["label"]),
    )

