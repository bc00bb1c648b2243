"""The knowledge base as a networkx graph, and the questions the app asks of it.

Edges point the way a pain signal travels: tissue -> nerve -> root or ganglion (first-order
neuron) -> second-order neurons (nucleus caudalis, C1-C3 dorsal horns) -> parallel ascending
tracts -> thalamic nuclei -> cortex. Two kinds of edge are not steps: `part_of` says which
stations make up the trigeminocervical complex, and `refers_pain_to` records where pain from a
source was felt, with the kind of evidence.

A route carries the fibres of the division or segment it actually passes (`route_fibres`), so a
step kept for some fibres (`fibres: [V1]`) is taken only by routes carrying them, and each step
keeps its edge's evidence (`route_steps`).

A region is *predicted by convergence* for a source when a route from the source and a route
from the region's skin reach the same second-order station from different nerves, and not
both from the trigeminal nerve: a hypothesis drawn from the wiring, never an observation.

Examples:
    >>> from explorer.load import load_knowledge_base
    >>> G = build_graph(load_knowledge_base())
    >>> resolve(G, "C2-3 zygapophyseal joint")
    'c2_c3_facet_joint'
    >>> route = trace(G, "ophthalmic_nerve").routes[0]
    >>> route[:3]
    ('ophthalmic_nerve', 'trigeminal_ganglion', 'spinal_trigeminal_tract')
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, TypeAlias

import networkx as nx
from rapidfuzz import fuzz, process

from explorer.model import Basis, Confidence, EdgeKind, EvidenceKind, KnowledgeBase, NameRules, NodeKind, Umbrella

# The graph every function here takes and returns: node ids are strings; attributes are dicts.
Graph: TypeAlias = "nx.DiGraph[str]"

__all__ = [
    "BASIS_ORDER",
    "AmbiguousName",
    "Graph",
    "Highlight",
    "Match",
    "Referral",
    "Route",
    "Step",
    "Trace",
    "UnknownName",
    "basis_of",
    "best_matches",
    "build_graph",
    "canonical",
    "edge_basis",
    "felt_in",
    "highlight",
    "kind_of",
    "name_key",
    "name_note",
    "name_rules",
    "node_names",
    "own_territory",
    "people_view",
    "resolve",
    "route_fibres",
    "route_steps",
    "route_tree",
    "search",
    "short_label",
    "signal_graph",
    "sources",
    "trace",
]

# Strongest first: the order in which referrals are listed.
BASIS_ORDER: tuple[Basis, ...] = (Basis.PEOPLE, Basis.ANIMALS, Basis.CLAIMED, Basis.PREDICTED)
_NOT_STEPS = frozenset({EdgeKind.REFERS_PAIN_TO.value, EdgeKind.PART_OF.value})
NAME_RULES = "name_rules"  # the graph attribute that holds data/names.yaml's rules
_SOURCE_KINDS = frozenset({NodeKind.STRUCTURE, NodeKind.NERVE, NodeKind.ROOT})

Route = tuple[str, ...]


def build_graph(kb: KnowledgeBase) -> Graph:
    """One node per content node and one edge per content edge, with every attribute; read-only.

    List attributes stay lists; enums become their string values, so the graph
    round-trips through node-link JSON unchanged. The graph is frozen, so routes and
    referrals are worked out once per graph and shared by every page and session.
    """
    G: Graph = nx.DiGraph()
    for node in kb.nodes.values():
        G.add_node(node.id, **node.model_dump(mode="json", exclude={"id"}))
    for edge in kb.edges:
        G.add_edge(edge.source, edge.target, **edge.model_dump(mode="json", exclude={"source", "target"}))
    G.graph[NAME_RULES] = kb.names  # how names are matched (resolve, search); exports leave it out
    frozen: Graph = nx.freeze(G)
    return frozen


def signal_graph(G: Graph) -> Graph:
    """A read-only view with only the edges that are steps of a pain signal."""
    view: Graph = nx.subgraph_view(G, filter_edge=lambda u, v: G.edges[u, v]["kind"] not in _NOT_STEPS)
    return view


def kind_of(G: Graph, node_id: str) -> NodeKind:
    return NodeKind(G.nodes[node_id]["kind"])


def basis_of(kind: EvidenceKind, confidence: Confidence) -> Basis:
    """How we know a referral, from the kind of evidence behind it and how directly it was read.

    The popular article's claim, or a summary no retrieved source confirms, is only *claimed*.
    """
    if kind is EvidenceKind.ARTICLE_CLAIM or confidence is Confidence.UNVERIFIED:
        return Basis.CLAIMED
    return Basis.ANIMALS if kind is EvidenceKind.ANIMAL else Basis.PEOPLE


def edge_basis(G: Graph, u: str, v: str) -> Basis:
    """How we know the step u → v: what the graph draws it as and what "people only" keeps."""
    data = G.edges[u, v]
    return basis_of(EvidenceKind(data["evidence_kind"]), Confidence(data["confidence"]))


# --- names ---------------------------------------------------------------------------------


class UnknownName(LookupError):
    """No node has this name; `suggestions` holds the closest ids."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name, self.suggestions = name, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No structure, nerve or region is called {name!r}.{hint}")


class AmbiguousName(LookupError):
    """A name that may mean several nodes (or more than the model holds): `candidates` holds their ids.

    `labels` names each candidate; `note` (for clinicians) says what else the name means.
    """

    def __init__(self, name: str, candidates: list[str], *, labels: Mapping[str, str] | None = None,
                 note: str | None = None) -> None:
        self.name, self.candidates, self.note = name, candidates, note
        self.labels = dict(labels or {})
        named = "; ".join(f"{c} ({self.labels[c]})" if c in self.labels else c for c in candidates)
        what = "could mean several things" if len(candidates) > 1 else "is a wider name; here it covers only"
        super().__init__(f"{name!r} {what}: {named}. Use one of these ids." + (f" Note: {note}" if note else ""))


_LEVEL_PAIR = re.compile(r"\bc ?([0-7]) ?c?([1-8])\b")
_LEVEL = re.compile(r"\bc ([0-8])\b")


def normalize(text: str) -> str:
    """Case-, accent-, dash- and punctuation-insensitive form used for every name lookup."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’`]s\b", "s", text.casefold())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def canonical(text: str, rules: NameRules | None = None) -> str:
    """`normalize`, then one spelling for each family: levels (C2-3, C2/3, C2–C3, "C2 3" and C23 all read
    "c2 c3"), and the spelling, plural and ignored words of data/names.yaml."""
    text = _LEVEL.sub(r"c\1", normalize(text))
    text = _LEVEL_PAIR.sub(lambda m: f"c{m[1]} c{m[2]}" if int(m[2]) == int(m[1]) + 1 else m[0], text)
    if rules is None:
        return text
    spelling, ignore = _compiled(rules)
    if spelling is not None:
        text = spelling.sub(lambda m: rules.spelling[m[0]], text)
    return " ".join(rules.plural.get(word, word) for word in text.split() if word not in ignore)


_COMPILED: dict[int, tuple[NameRules, re.Pattern[str] | None, frozenset[str]]] = {}


def _compiled(rules: NameRules) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    # One pass of one pattern for all spellings (longest first, so "zygo apophyseal" wins over
    # "apophyseal"); validate refuses chains, so one pass is all it takes. Kept per rules object.
    entry = _COMPILED.get(id(rules))
    if entry is None or entry[0] is not rules:
        variants = sorted(rules.spelling, key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, variants)) + r")\b") if variants else None
        entry = _COMPILED[id(rules)] = (rules, pattern, frozenset(rules.ignore))
    return entry[1], entry[2]


def name_key(text: str, rules: NameRules | None = None) -> str:
    """The key two names share when they are the same name written differently: `canonical`, in any word
    order ("medial branch of C3" = "C3 medial branch")."""
    return " ".join(sorted(canonical(text, rules).split()))


def name_rules(G: Graph) -> NameRules | None:
    """The name rules the graph was built with (None for a graph built by hand)."""
    rules: NameRules | None = G.graph.get(NAME_RULES)
    return rules


def _names(data: Mapping[str, Any]) -> Iterator[str]:
    label = data["label"]
    yield label
    if m := re.fullmatch(r"(.*?)\s*\((.*)\)", label):
        yield from m.groups()
    if data.get("short"):
        yield short_label(data)
    yield from data.get("synonyms", [])
    yield from data.get("abbreviations", [])


def node_names(data: Mapping[str, Any]) -> list[str]:
    """Every name a node answers to, as written in the data: label (and its parts), short label, synonyms,
    abbreviations."""
    return list(dict.fromkeys(_names(data)))


def short_label(data: Mapping[str, Any]) -> str:
    """The node's short label as shown (a `|` in it only marks where it may break), or its label."""
    return str(data.get("short") or data["label"]).replace("|", "")


def name_index(G: Graph) -> dict[str, set[str]]:
    """Name key -> ids of the nodes that carry it (id, label, synonyms, abbreviations)."""
    return _name_index(G)


def _name_index(G: Graph) -> dict[str, set[str]]:
    # Like traces: the app's frozen graph is indexed once; a graph that can still change, every time.
    return _name_index_of_frozen(G) if nx.is_frozen(G) else _compute_name_index(G)


@lru_cache(maxsize=8)
def _name_index_of_frozen(G: Graph) -> dict[str, set[str]]:
    return _compute_name_index(G)


def _compute_name_index(G: Graph) -> dict[str, set[str]]:
    rules = name_rules(G)
    index: dict[str, set[str]] = {}
    for node_id, data in G.nodes(data=True):
        for name in (node_id, *_names(data)):
            if key := name_key(name, rules):
                index.setdefault(key, set()).add(node_id)
    return index


def _folded_names(G: Graph) -> dict[str, str]:
    # Every node name in its canonical form, worked out once for the app's frozen graph.
    return _folded_names_of_frozen(G) if nx.is_frozen(G) else {}


@lru_cache(maxsize=8)
def _folded_names_of_frozen(G: Graph) -> dict[str, str]:
    rules = name_rules(G)
    return {name: canonical(name, rules) for _, data in G.nodes(data=True) for name in _names(data)}


def _umbrella_index(G: Graph) -> dict[str, Umbrella]:
    return _umbrella_index_of_frozen(G) if nx.is_frozen(G) else _compute_umbrella_index(G)


@lru_cache(maxsize=8)
def _umbrella_index_of_frozen(G: Graph) -> dict[str, Umbrella]:
    return _compute_umbrella_index(G)


def _compute_umbrella_index(G: Graph) -> dict[str, Umbrella]:
    rules = name_rules(G)
    return {name_key(name, rules): u for u in (rules.umbrellas if rules else []) for name in (u.name, *u.also)}


def resolve(G: Graph, name: str) -> str:
    """The id of the node called `name` (its id, label, a synonym or an abbreviation, written in any of the
    forms `canonical` folds together).

    Raises:
        UnknownName: nothing matches exactly; carries up to three close suggestions.
        AmbiguousName: the name is an umbrella for several nodes (data/names.yaml), or (which validate
            refuses) belongs to several nodes.
    """
    if name in G:
        return name
    key = name_key(name, name_rules(G))
    if key and (umbrella := _umbrella_index(G).get(key)):
        raise AmbiguousName(name, list(umbrella.members), labels=_labels(G, umbrella.members), note=umbrella.note)
    ids = _name_index(G).get(key, set()) if key else set()
    if len(ids) == 1:
        return next(iter(ids))
    if ids:
        raise AmbiguousName(name, sorted(ids), labels=_labels(G, ids))
    raise UnknownName(name, [m.node_id for m in search(G, name, limit=3)])


def _labels(G: Graph, ids: Iterable[str]) -> dict[str, str]:
    return {n: str(G.nodes[n]["label"]) for n in ids if n in G}


def name_note(G: Graph, node_id: str, name: str) -> str | None:
    """The note the content gives for this name of the node (e.g. an eponym used differently elsewhere)."""
    rules = name_rules(G)
    key = name_key(name, rules)
    notes: dict[str, str] = G.nodes[node_id].get("name_notes", {})
    return next((note for synonym, note in notes.items() if name_key(synonym, rules) == key), None)


@dataclass(frozen=True)
class Match:
    node_id: str
    matched: str  # the name that matched, as written in the data
    score: float  # 0-100


def search(G: Graph, text: str, *, limit: int = 8, cutoff: float = 70.0) -> list[Match]:
    """Nodes whose names best match `text`, tolerant of case, punctuation, word order, typos and the
    spelling families `canonical` folds ("C2 3 facet" finds the C2–C3 facet joint); the members of an
    umbrella name come first."""
    rules = name_rules(G)
    found: dict[str, Match] = {}
    key = name_key(text[:1000], rules)  # bound the work on pasted essays, as best_matches does
    if umbrella := _umbrella_index(G).get(key):
        found = {m: Match(m, umbrella.name, 100.0) for m in umbrella.members}
    for node_id in sorted(_name_index(G).get(key, set())) if key else []:
        name = next((n for n in _names(G.nodes[node_id]) if name_key(n, rules) == key), G.nodes[node_id]["label"])
        found.setdefault(node_id, Match(node_id, name, 100.0))
    named = ((node_id, name) for node_id, data in G.nodes(data=True) for name in _names(data))
    folded = _folded_names(G)
    for node_id, name, score in best_matches(text, named, cutoff=cutoff,
                                             fold=lambda name: folded.get(name) or canonical(name, rules)):
        found.setdefault(node_id, Match(node_id, name, score))
    return sorted(found.values(), key=lambda m: (-m.score, G.nodes[m.node_id]["label"]))[:limit]


def best_matches(
    text: str, names: Iterable[tuple[str, str]], *, cutoff: float = 70.0, fold: Callable[[str], str] = normalize,
) -> list[tuple[str, str, float]]:
    """(key, name, score) for every key with a name matching `text`, its best-matching name only.

    The one fuzzy matcher of the app: node search, glossary, references and page search all use it.
    """
    query = fold(text[:1000])[:200]  # bound the work on pasted essays
    if not query:
        return []
    choices = {(key, name): fold(name) for key, name in names}
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
    # ...and short names must not be found as fragments of a long query ("C0/1" inside any text with a 1).
    if len(choice) <= 4:
        return 95.0 if f" {choice} " in f" {query} " else fuzz.ratio(query, choice)
    return max(fuzz.WRatio(query, choice), 0.0)


# --- routes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trace:
    node: str
    # Tuples: one Trace serves every session of a process, so nothing may change it in place.
    upstream: tuple[str, ...]  # what feeds into it (tissues, skin regions, nerves), farthest first
    downstream: tuple[str, ...]  # every node on its routes, nearest first
    routes: tuple[Route, ...]  # each route from the node (or, for the complex, from its parts) to a cortex


def trace(G: Graph, node_id: str) -> Trace:
    """The node's routes to the cortex, as branching paths of real steps, and what feeds into it.

    The trigeminocervical complex is not a step: tracing it traces each of its parts.
    """
    _require(G, node_id)
    return _traces(G)[node_id]


def route_tree(routes: Iterable[Route]) -> dict[str, Any]:
    """The routes as a nested dict (a prefix tree): {first: {second: {...}}}, leaves are empty dicts."""
    tree: dict[str, Any] = {}
    for route in routes:
        level = tree
        for node in route:
            level = level.setdefault(node, {})
    return tree


def _require(G: Graph, node_id: str) -> None:
    if node_id not in G:
        raise nx.NodeNotFound(f"Node {node_id!r} is not in the graph")


# The nodes a fibre passes before its cell body: where a route's fibres are still sorted by nerve.
_PERIPHERAL = frozenset({NodeKind.REGION, NodeKind.STRUCTURE, NodeKind.NERVE, NodeKind.ROOT})


def route_fibres(G: Graph, route: Route) -> frozenset[str]:
    """The divisions or segments whose fibres a route carries: those named by every node it passes
    up to and including its first-order neuron (a root or ganglion).

    A route from the supratentorial dura (V1, V2, V3) through the mandibular nerve (V3) carries V3
    fibres only, so it may not take a step kept for V1 fibres. A route that starts beyond the
    ganglion (at the tract) carries what its first node carries. Empty when the nodes disagree: a
    route through a segment its structure does not have (which validate's tests refuse).
    """
    fibres: set[str] | None = None
    for node in route:
        kind = kind_of(G, node)
        if fibres is not None and kind not in _PERIPHERAL:
            break
        if segments := G.nodes[node].get("segments"):
            fibres = set(segments) if fibres is None else fibres & set(segments)
        if kind is NodeKind.ROOT:
            break
    return frozenset(fibres or ())


def _walk(G: Graph, signal: Graph, start: str) -> list[Route]:
    """Every route from `start` that follows signal steps to a node with no further step.

    A step that only some fibres take (`fibres`, e.g. V1 afferents descending to C2) is taken
    only by a route whose fibres (`route_fibres`: the division of the nerve it actually passes)
    are among them.
    """
    found: list[Route] = []

    def extend(route: Route) -> None:
        here = route[-1]
        steps = sorted(signal.successors(here))
        taken = False
        for nxt in steps:
            if nxt in route:
                continue  # validate refuses cycles; this only guards the walk
            fibres = G.edges[here, nxt].get("fibres") or []
            if fibres and not (route_fibres(G, route) & set(fibres)):
                continue
            taken = True
            extend((*route, nxt))
        if not taken and len(route) > 1:
            found.append(route)

    extend((start,))
    return found


@lru_cache(maxsize=8)
def _traces_of_frozen(G: Graph) -> dict[str, Trace]:
    return _compute_traces(G)


def _traces(G: Graph) -> dict[str, Trace]:
    # The app's graph is frozen and shared, so its traces are worked out once; a graph that can
    # still change (tests building small graphs) is worked out afresh each time.
    return _traces_of_frozen(G) if nx.is_frozen(G) else _compute_traces(G)


def _compute_traces(G: Graph) -> dict[str, Trace]:
    signal = signal_graph(G)
    routes = {n: _walk(G, signal, n) for n in G}
    for hub in (n for n in G if kind_of(G, n) is NodeKind.HUB):
        routes[hub] = [r for part in _parts(G, hub) for r in routes[part]]
    upstream: dict[str, dict[str, int]] = {n: {} for n in G}
    for start, its_routes in routes.items():
        if kind_of(G, start) is NodeKind.HUB:
            continue
        for route in its_routes:
            for distance, node in enumerate(route[1:], start=1):
                best = upstream[node].get(start)
                upstream[node][start] = distance if best is None else min(best, distance)
    for hub in (n for n in G if kind_of(G, n) is NodeKind.HUB):
        for part in _parts(G, hub):
            for node, distance in upstream[part].items():
                upstream[hub][node] = min(distance, upstream[hub].get(node, distance))
    traces = {}
    for node in G:
        nearest: dict[str, int] = {}
        for route in routes[node]:
            for distance, step in enumerate(route):
                if step != node:
                    nearest[step] = min(distance, nearest.get(step, distance))
        ups = upstream[node]
        traces[node] = Trace(
            node,
            tuple(sorted(ups, key=lambda n: (-ups[n], G.nodes[n]["label"]))),
            tuple(sorted(nearest, key=lambda n: (nearest[n], G.nodes[n]["label"]))),
            tuple(sorted(routes[node])),
        )
    return traces


def _parts(G: Graph, hub: str) -> list[str]:
    return sorted(u for u in G.predecessors(hub) if G.edges[u, hub]["kind"] == EdgeKind.PART_OF.value)


@dataclass(frozen=True)
class Step:
    """One step of a route with how we know it: the edge's own confidence, kind of evidence and n."""

    source: str
    target: str
    kind: EdgeKind
    confidence: Confidence
    evidence_kind: EvidenceKind
    references: tuple[str, ...]
    n: int | None = None

    @property
    def basis(self) -> Basis:
        return basis_of(self.evidence_kind, self.confidence)

    @property
    def weak(self) -> bool:
        """Only claimed (unverified, or the popular article's word): drawn and printed as weaker."""
        return self.basis is Basis.CLAIMED


def route_steps(G: Graph, route: Route) -> tuple[Step, ...]:
    """The steps of a route, each with its edge's evidence, in order."""
    return tuple(_step(G, u, v) for u, v in itertools.pairwise(route))


def _step(G: Graph, u: str, v: str) -> Step:
    data = G.edges[u, v]
    return Step(u, v, EdgeKind(data["kind"]), Confidence(data["confidence"]), EvidenceKind(data["evidence_kind"]),
                tuple(data["references"]), data.get("n"))


# --- where pain is felt --------------------------------------------------------------------


@dataclass(frozen=True)
class Referral:
    """Pain from `source` can be felt in `region`, and how we know it.

    A prediction has no confidence tag and no evidence kind of its own: it is a hypothesis,
    and `meeting` names the two routes (source's, region's) that reach the same station.
    """

    source: str
    region: str
    basis: Basis
    confidence: Confidence | None
    evidence_kind: EvidenceKind | None
    references: tuple[str, ...]
    n: int | None = None
    via: tuple[str, ...] = ()  # the stations where the routes meet, for predictions
    meeting: tuple[Route, Route] | None = None  # (source route, region route) up to the first station
    evidence: str | None = None  # the edge's own words on what was observed, for clinicians
    own_territory: bool = field(default=False, compare=False)  # a nerve felt in its own skin
    # For a prediction: the studies that stimulated or provoked this source in people and mapped where
    # its pain was felt without reporting this region. The prediction was in that sense tested.
    mapped_by: tuple[str, ...] = ()

    @property
    def strength(self) -> tuple[int, int, int, int]:
        """A sort key, strongest first: basis, then kind of evidence, then tag (a prediction has neither),
        then the larger study (controlled blocks in 100 patients before blocks in 34)."""
        kind = self.evidence_kind.rank if self.evidence_kind is not None else len(EvidenceKind)
        tag = self.confidence.rank if self.confidence is not None else len(Confidence)
        return (BASIS_ORDER.index(self.basis), kind, tag, -(self.n or 0))


def felt_in(G: Graph, node_id: str) -> list[Referral]:
    """Where pain from `node_id` is felt: what was seen (people, animals), claimed, then predicted."""
    _require(G, node_id)
    return list(_referrals(G).get(node_id, ()))


def sources(G: Graph, region_id: str) -> list[Referral]:
    """The sources whose pain can be felt in `region_id`, ordered as `felt_in` orders regions.

    Predicted sources are tissues only; otherwise every nerve on a tissue's way would be listed too.
    """
    _require(G, region_id)
    if kind_of(G, region_id) is not NodeKind.REGION:
        raise ValueError(f"{G.nodes[region_id]['label']!r} is not a region of the head or neck")
    found = [
        r for refs in _referrals(G).values() for r in refs
        if r.region == region_id and (r.basis is not Basis.PREDICTED or kind_of(G, r.source) is NodeKind.STRUCTURE)
    ]
    return _ordered(G, found, key="source")


@lru_cache(maxsize=8)
def _referrals_of_frozen(G: Graph) -> dict[str, tuple[Referral, ...]]:
    return _compute_referrals(G)


def _referrals(G: Graph) -> dict[str, tuple[Referral, ...]]:
    return _referrals_of_frozen(G) if nx.is_frozen(G) else _compute_referrals(G)


def _compute_referrals(G: Graph) -> dict[str, tuple[Referral, ...]]:
    traces = _traces(G)
    regions = [n for n in G if kind_of(G, n) is NodeKind.REGION]
    region_arrivals = {r: _arrivals(G, traces[r].routes) for r in regions}
    out: dict[str, tuple[Referral, ...]] = {}
    for source in G:
        if kind_of(G, source) not in _SOURCE_KINDS:
            continue
        recorded = {r.region: r for r in _recorded(G, source)}
        mapped = tuple(dict.fromkeys(ref for r in recorded.values() if r.basis is Basis.PEOPLE
                                     and r.evidence_kind is EvidenceKind.HUMAN_PROVOCATION for ref in r.references))
        mine = _arrivals(G, traces[source].routes)
        territory = _own_territory(G, source, regions, traces)
        found: dict[str, Referral] = {}
        for region in regions:
            known = recorded.get(region)
            if known is not None and known.basis is not Basis.CLAIMED:
                found[region] = known
                continue
            # Pain in the source's own territory needs no convergence to explain it.
            if region in territory:
                if known is not None:
                    found[region] = known
                continue
            meetings = [
                (station, own, theirs)
                for station in sorted(mine.keys() & region_arrivals[region].keys())
                for own in mine[station]
                for theirs in region_arrivals[region][station]
                if _root(G, own) != _root(G, theirs)
            ]
            if not meetings:
                if known is not None:
                    found[region] = known
                continue
            via = tuple(sorted({station for station, _, _ in meetings}))
            _, own, theirs = min(meetings, key=lambda m: (_route_weakness(G, m[1]) + _route_weakness(G, m[2]), m))
            if known is not None:  # claimed, and the wiring would allow it: say so, but it stays a claim
                found[region] = replace(known, via=via, meeting=(own, theirs))
                continue
            refs = tuple(dict.fromkeys(ref for route in (own, theirs) for ref in _route_references(G, route)))
            found[region] = Referral(source, region, Basis.PREDICTED, None, None, refs, via=via, meeting=(own, theirs),
                                     mapped_by=mapped)
        out[source] = tuple(_ordered(G, list(found.values()), key="region"))
    return out


def own_territory(G: Graph, source: str) -> frozenset[str]:
    """Regions whose own nerves run through `source`, or through a nerve that supplies it.

    Pain there is the source's own (a nerve's skin, or a tissue sharing the nerve of that skin):
    no convergence is needed to explain it, so the graph predicts nothing there, and a quiz may
    not call it wrong.
    """
    return _own_territory(G, source, [n for n in G if kind_of(G, n) is NodeKind.REGION], _traces(G))


def _own_territory(G: Graph, source: str, regions: list[str], traces: Mapping[str, Trace]) -> frozenset[str]:
    # `regions` found once by the caller: asked for every source, a scan of the whole graph made the
    # referrals grow with its square (5,000 nodes: 76 of 98 s).
    carriers = {source} | {v for v in G.successors(source)
                           if G.edges[source, v]["kind"] == EdgeKind.SUPPLIED_BY.value}
    return frozenset(region for region in regions if any(carriers & set(route) for route in traces[region].routes))


def _recorded(G: Graph, source: str) -> list[Referral]:
    """Referrals the content records: `refers_pain_to` edges, and a nerve's own skin territory."""
    found = {}
    for region in G.successors(source):
        data = G.edges[source, region]
        if data["kind"] == EdgeKind.REFERS_PAIN_TO.value:
            found[region] = _from_edge(source, region, data)
    if kind_of(G, source) is NodeKind.NERVE:
        for region in G.predecessors(source):
            data = G.edges[region, source]
            if data["kind"] == EdgeKind.SKIN_TERRITORY_OF.value and region not in found:
                found[region] = _from_edge(source, region, data, own_territory=True)
    return list(found.values())


def _from_edge(source: str, region: str, data: Mapping[str, Any], *, own_territory: bool = False) -> Referral:
    # A nerve's own skin carries the edge's evidence words, if any; `own_territory` says why pain is
    # felt there, and readers are told so in the wording (data/wording.yaml), not here.
    confidence, kind = Confidence(data["confidence"]), EvidenceKind(data["evidence_kind"])
    return Referral(source, region, basis_of(kind, confidence), confidence, kind, tuple(data["references"]),
                    n=data.get("n"), evidence=data.get("evidence"), own_territory=own_territory)


def _arrivals(G: Graph, routes: Iterable[Route]) -> dict[str, set[Route]]:
    """Station -> the beginnings of routes up to the first convergence station they reach."""
    out: dict[str, set[Route]] = {}
    for route in routes:
        for i, node in enumerate(route):
            if i and G.nodes[node].get("convergence_station"):
                out.setdefault(node, set()).add(route[: i + 1])
                break
    return out


def _root(G: Graph, route: Route) -> str | None:
    """The first-order neuron a route passes through: a dorsal root ganglion or the trigeminal ganglion.

    Two routes meeting at a station make a prediction only if they come through different roots:
    cervical with trigeminal (neck and forehead), or two cervical segments (C3 and C2). Two
    trigeminal divisions share one ganglion, so spread between them predicts nothing here.
    """
    return next((n for n in route if kind_of(G, n) is NodeKind.ROOT), None)


def _route_weakness(G: Graph, route: Route) -> tuple[int, int, int]:
    """Sort key for the best-evidenced of several meetings: steps not shown in people, weakest tag, length."""
    steps = list(itertools.pairwise(route))
    not_people = sum(edge_basis(G, u, v) is not Basis.PEOPLE for u, v in steps)
    weakest = max((Confidence(G.edges[u, v]["confidence"]).rank for u, v in steps), default=0)
    return (not_people, weakest, len(steps))


def _route_references(G: Graph, route: Route) -> Iterator[str]:
    for u, v in itertools.pairwise(route):
        yield from G.edges[u, v]["references"]


def _ordered(G: Graph, items: list[Referral], *, key: str) -> list[Referral]:
    return sorted(items, key=lambda r: (*r.strength, G.nodes[getattr(r, key)]["label"]))


# --- highlight ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Highlight:
    """What to light up for a selection, used by clicks, tours, route widgets and the pain map alike.

    `nodes`/`edges` are the selection's own routes (drawn bold); `partner_nodes`/`partner_edges`
    are the other routes that meet them (drawn in the style of a prediction); `regions` maps each
    region to show on the head figure to how we know it.
    """

    focus: tuple[str, ...] = ()
    nodes: frozenset[str] = frozenset()
    edges: frozenset[tuple[str, str]] = frozenset()
    partner_nodes: frozenset[str] = frozenset()
    partner_edges: frozenset[tuple[str, str]] = frozenset()
    regions: Mapping[str, Basis | None] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.focus or self.nodes)


@lru_cache(maxsize=8)
def people_view(G: Graph) -> Graph:
    """The graph with only the steps and referrals shown in people (no animal findings, no claims).

    A read-only view, made once per graph: "show only what is shown in people" traces in it, so a
    step known only from animals, and everything it alone leads to, is neither drawn nor lit.
    """
    view: Graph = nx.subgraph_view(G, filter_edge=lambda u, v: edge_basis(G, u, v) is Basis.PEOPLE)
    return view


def highlight(G: Graph, *, focus: Iterable[str] = (), nodes: Iterable[str] | None = None,
              people_only: bool = False) -> Highlight:
    """The one highlight of the app.

    With `nodes` (a tour step, a route widget), exactly those nodes and the steps between them
    are lit and `focus` only gets the ring. Otherwise each focus node lights its routes, what
    feeds it, and where its pain is felt; a region lights its own routes and the sources that
    can send pain to it. With `people_only`, only what is shown in people: routes through steps
    shown in people, regions where pain was observed in people, and no predictions.
    """
    focus = tuple(dict.fromkeys(focus))
    for node in focus:
        _require(G, node)
    if people_only:
        h = highlight(people_view(G), focus=focus, nodes=nodes)
        return replace(h, partner_nodes=frozenset(), partner_edges=frozenset(),
                       regions={r: b for r, b in h.regions.items() if b is None or b is Basis.PEOPLE})
    if nodes is not None:
        chosen = frozenset(nodes)
        edges = frozenset((u, v) for u, v in G.subgraph(chosen).edges
                          if G.edges[u, v]["kind"] != EdgeKind.REFERS_PAIN_TO.value)
        return Highlight(focus, chosen, edges, regions=_step_regions(G, focus, chosen))
    lit: set[str] = set()
    lit_edges: set[tuple[str, str]] = set()
    partner: set[str] = set()
    partner_edges: set[tuple[str, str]] = set()
    regions: dict[str, Basis | None] = {}
    for node in focus:
        t = trace(G, node)
        lit |= {node, *t.downstream}
        lit_edges |= {e for r in t.routes for e in itertools.pairwise(r)}
        if kind_of(G, node) is NodeKind.REGION:
            regions[node] = None
            for source in sources(G, node):
                # A source whose pain was recorded here is lit like the choice; only a prediction is drawn
                # as one (with the route that meets), so a source shown in people never looks like a guess.
                if source.basis is Basis.PREDICTED:
                    partner.add(source.source)
                    if source.meeting:
                        _add_route(source.meeting[0], partner, partner_edges)
                else:
                    lit.add(source.source)
        else:
            upstream_routes = [r for up in t.upstream for r in trace(G, up).routes if node in r]
            for route in upstream_routes:
                head = route[: route.index(node) + 1]
                lit.update(head)
                lit_edges.update(itertools.pairwise(head))
            for referral in felt_in(G, node):
                regions.setdefault(referral.region, referral.basis)
                if referral.meeting:
                    _add_route(referral.meeting[1][1:], partner, partner_edges)
    partner -= lit
    partner_edges -= lit_edges
    return Highlight(focus, frozenset(lit), frozenset(lit_edges), frozenset(partner), frozenset(partner_edges),
                     regions)


def _add_route(route: Route, nodes: set[str], edges: set[tuple[str, str]]) -> None:
    nodes.update(route)
    edges.update(itertools.pairwise(route))


def _step_regions(G: Graph, focus: tuple[str, ...], chosen: frozenset[str]) -> dict[str, Basis | None]:
    """The regions among a step's nodes, with how the step's first node is felt there (if it is)."""
    felt = {r.region: r.basis for node in focus[:1] if kind_of(G, node) in _SOURCE_KINDS for r in felt_in(G, node)}
    return {n: felt.get(n) for n in sorted(chosen) if kind_of(G, n) is NodeKind.REGION}
