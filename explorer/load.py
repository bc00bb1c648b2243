"""Read `data/` into a validated knowledge base; every problem names its file, line and field.

Reading is done in three steps, each collecting all problems rather than stopping
at the first: parse YAML (keeping line numbers), validate each file against the
schema in `model.py`, then check what only the whole set can show (unknown
reference keys, edges to unknown nodes, duplicate ids).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import yaml
from pydantic import BaseModel, ValidationError

from explorer.model import (
    HEAD_VIEWS,
    WIDGET_TYPES,
    Edge,
    EdgeKind,
    FeatureChecklistWidget,
    FlowWidget,
    Glossary,
    HeadMap,
    KnowledgeBase,
    Navigation,
    Node,
    NodeKind,
    Page,
    Reference,
    Safety,
    Tour,
    VignetteWidget,
    Wording,
)

__all__ = [
    "ContentError",
    "ContentErrors",
    "KnowledgeBase",
    "default_data_dir",
    "load_knowledge_base",
    "validate",
]



def default_data_dir() -> Path:
    """The `data/` folder that ships beside the package."""
    return Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one data file, in a form a content editor can act on."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.message}"


class ContentErrors(ValueError):
    """Raised when `data/` is not valid; `.errors` holds every problem found."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def load_knowledge_base(data_dir: Path | str | None = None) -> KnowledgeBase:
    """Load and validate every file under `data_dir`.

    Raises:
        ContentErrors: listing every problem, each with file, line and field.
    """
    kb, errors = _read(Path(data_dir) if data_dir is not None else default_data_dir())
    if errors:
        raise ContentErrors(errors)
    assert kb is not None
    return kb


def validate(data_dir: Path | str | None = None) -> list[ContentError]:
    """Every problem in `data_dir`, sorted; an empty list means the content is valid."""
    return sorted(_read(Path(data_dir) if data_dir is not None else default_data_dir())[1])


# --- reading -----------------------------------------------------------------------------


@dataclass
class _Doc:
    """One parsed YAML file with its node tree, so a field path can be turned into a line."""

    path: Path
    label: str
    data: Any
    tree: yaml.Node | None

    def line(self, loc: Iterable[str | int]) -> int | None:
        node = self.tree
        found = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                node = node.value[part] if part < len(node.value) else None
            else:
                node = None
            if node is None:
                break
            found = node.start_mark.line + 1
        return found


class _Collector:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.errors: list[ContentError] = []

    def add(self, doc: _Doc, loc: tuple[str | int, ...], message: str) -> None:
        self.errors.append(ContentError(doc.label, doc.line(loc), _dotted(loc), message))

    def parse(self, path: Path) -> _Doc | None:
        label = _display_path(path, self.data_dir)
        try:
            text = path.read_text(encoding="utf-8")
            tree = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except OSError as exc:
            self.errors.append(ContentError(label, None, "", f"cannot read file: {exc.strerror}"))
            return None
        except UnicodeDecodeError:
            self.errors.append(ContentError(label, None, "", "file is not UTF-8 text"))
            return None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc)
            line = mark.line + 1 if mark is not None else None
            self.errors.append(ContentError(label, line, "", f"malformed YAML: {problem}"))
            return None
        doc = _Doc(path, label, data, tree)
        for loc, key in _duplicate_keys(tree, ()):
            self.add(doc, loc, f"key '{key}' appears twice in the same mapping")
        return doc

    def model(self, doc: _Doc, model: type[BaseModel], data: Any, loc: tuple[str | int, ...]) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                err_loc = loc + tuple(p for p in err["loc"] if not _is_union_tag(p))
                self.add(doc, err_loc, _message(err))
            return None

    def items(
        self, doc: _Doc, key: str, model: type[BaseModel]
    ) -> Iterator[tuple[tuple[str | int, ...], Any]]:
        """Validate `doc.data[key]` as a list of `model`; yield (path, item) for the valid ones."""
        if not isinstance(doc.data, dict) or not isinstance(doc.data.get(key), list):
            self.add(doc, (), f"expected a top-level '{key}:' list")
            return
        for i, raw in enumerate(doc.data[key]):
            item = self.model(doc, model, raw, (key, i))
            if item is not None:
                yield (key, i), item


def _read(data_dir: Path) -> tuple[KnowledgeBase | None, list[ContentError]]:
    c = _Collector(data_dir)
    if not data_dir.is_dir():
        return None, [ContentError(str(data_dir), None, "", "data folder not found")]

    where: dict[int, tuple[_Doc, tuple[str | int, ...]]] = {}  # id(model) -> its place

    def keep(doc: _Doc, loc: tuple[str | int, ...], item: Any) -> Any:
        where[id(item)] = (doc, loc)
        return item

    references: dict[str, Reference] = {}
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    if doc := _required(c, data_dir / "references.yaml"):
        for loc, ref in c.items(doc, "references", Reference):
            _unique(c, references, ref.key, keep(doc, loc, ref), doc, loc + ("key",), "reference key")
    if doc := _required(c, data_dir / "nodes.yaml"):
        for loc, node in c.items(doc, "nodes", Node):
            _unique(c, nodes, node.id, keep(doc, loc, node), doc, loc + ("id",), "node id")
    if doc := _required(c, data_dir / "edges.yaml"):
        seen: dict[tuple[str, str], Edge] = {}
        for loc, edge in c.items(doc, "edges", Edge):
            edges.append(keep(doc, loc, edge))
            _unique(c, seen, (edge.source, edge.target), edge, doc, loc, "edge between these nodes")

    pages: dict[str, Page] = {}
    for path in sorted((data_dir / "pages").glob("*.yaml")):
        if (doc := c.parse(path)) and (page := c.model(doc, Page, doc.data, ())):
            _unique(c, pages, page.id, keep(doc, (), page), doc, ("id",), "page id")
    tours: dict[str, Tour] = {}
    for path in sorted((data_dir / "tours").glob("*.yaml")):
        if (doc := c.parse(path)) and (tour := c.model(doc, Tour, doc.data, ())):
            _unique(c, tours, tour.id, keep(doc, (), tour), doc, ("id",), "tour id")
    glossary = safety = wording = navigation = None
    if (path := data_dir / "glossary.yaml").exists() and (doc := c.parse(path)):
        glossary = c.model(doc, Glossary, doc.data, ())
        if glossary is not None:
            keep(doc, (), glossary)
    if (path := data_dir / "safety.yaml").exists() and (doc := c.parse(path)):
        safety = c.model(doc, Safety, doc.data, ())
        if safety is not None:
            keep(doc, (), safety)
    if doc := _required(c, data_dir / "wording.yaml"):
        wording = c.model(doc, Wording, doc.data, ())
    if doc := _required(c, data_dir / "navigation.yaml"):
        navigation = c.model(doc, Navigation, doc.data, ())
        if navigation is not None:
            _check_navigation(c, navigation, pages, doc)

    head_map = None
    if (path := data_dir / "head_map.yaml").exists() and (doc := c.parse(path)):
        head_map = c.model(doc, HeadMap, doc.data, ())
        _check_head_map(c, doc, nodes)

    _check_edges(c, edges, nodes, where)
    _check_signal(c, edges, nodes, where)
    for node in nodes.values():
        _check_name_notes(c, node, *where[id(node)])
    for tour in tours.values():
        _check_tour(c, tour, edges, nodes, *where[id(tour)])
    page_ids = set(pages) | ({p.id for p in navigation.pages} if navigation else set())
    for item in [*references.values(), *nodes.values(), *edges, *pages.values(), *tours.values()]:
        _check_links(c, item, *where[id(item)], references, nodes, page_ids)
    for item in (glossary, safety):
        if item is not None:
            _check_links(c, item, *where[id(item)], references, nodes, page_ids)
    if glossary is not None:
        doc, _ = where[id(glossary)]
        terms: dict[str, object] = {}
        for i, term in enumerate(glossary.terms):
            _unique(c, terms, term.term.casefold(), term, doc, ("terms", i, "term"), "glossary term")

    kb = KnowledgeBase(
        references=references,
        nodes=nodes,
        edges=edges,
        pages=dict(sorted(pages.items(), key=lambda kv: (kv[1].order, kv[0]))),
        tours=tours,
        glossary=glossary,
        safety=safety,
        wording=wording,
        navigation=navigation,
        head_map=head_map,
    )
    return kb, c.errors


def _required(c: _Collector, path: Path) -> _Doc | None:
    if not path.exists():
        c.errors.append(ContentError(_display_path(path, c.data_dir), None, "", "required file is missing"))
        return None
    return c.parse(path)


def _unique(
    c: _Collector, seen: dict[Any, Any], key: Any, item: Any, doc: _Doc, loc: tuple[str | int, ...], what: str
) -> None:
    if key in seen:
        c.add(doc, loc, f"duplicate {what} {key!r}")
    else:
        seen[key] = item


# --- cross-file checks -----------------------------------------------------------------

def _check_head_map(c: _Collector, doc: _Doc, nodes: dict[str, Node]) -> None:
    """Every drawn region is a region node, and every region node is drawn in at least one view.

    Reads the raw file, so these problems are reported alongside any schema errors.
    """
    regions = {n for n, node in nodes.items() if node.kind is NodeKind.REGION}
    drawn: set[str] = set()
    views = doc.data if isinstance(doc.data, dict) else {}
    for view in HEAD_VIEWS:
        shapes = views.get(view, {}).get("regions") if isinstance(views.get(view), dict) else None
        for i, shape in enumerate(shapes if isinstance(shapes, list) else []):
            region = shape.get("region") if isinstance(shape, dict) else None
            if not isinstance(region, str):
                continue
            drawn.add(region)
            if region not in regions:
                hint = (f" (it is a {nodes[region].kind.value}, not a region)" if region in nodes
                        else _did_you_mean(region, regions))
                c.add(doc, (view, "regions", i, "region"), f"unknown region {region!r}{hint}")
    for region in sorted(regions - drawn):
        c.add(doc, (), f"region {region!r} is not drawn on the head map")


# Which kinds of node each kind of edge may join: the format's rules as data.
_K = NodeKind
_AFFERENT = (_K.STRUCTURE, _K.NERVE, _K.ROOT)
EDGE_ENDS: dict[EdgeKind, frozenset[tuple[NodeKind, NodeKind]]] = {
    EdgeKind.SUPPLIED_BY: frozenset({(_K.STRUCTURE, _K.NERVE), (_K.STRUCTURE, _K.ROOT)}),
    EdgeKind.SKIN_TERRITORY_OF: frozenset({(_K.REGION, _K.NERVE)}),
    EdgeKind.BRANCH_OF: frozenset({(_K.NERVE, _K.NERVE)}),
    # A nerve reaches its root or ganglion; a root's first-order neurons end on second-order neurons,
    # or (the trigeminal ganglion) continue as a central tract.
    EdgeKind.ENTERS: frozenset({(_K.NERVE, _K.ROOT), (_K.ROOT, _K.STATION), (_K.ROOT, _K.TRACT)}),
    EdgeKind.TERMINATES_IN: frozenset({(_K.TRACT, _K.STATION)}),
    EdgeKind.PART_OF: frozenset({(_K.STATION, _K.HUB)}),
    # Second-order neurons -> ascending tract -> thalamus -> cortex: never tract -> tract or thalamus -> thalamus.
    EdgeKind.PROJECTS_TO: frozenset({(_K.STATION, _K.TRACT), (_K.TRACT, _K.THALAMUS), (_K.THALAMUS, _K.CORTEX)}),
    EdgeKind.REFERS_PAIN_TO: frozenset((kind, _K.REGION) for kind in _AFFERENT),
}
# Only a step that carries several divisions' fibres onward may say which of them take it.
_FIBRE_KINDS = frozenset({EdgeKind.TERMINATES_IN, EdgeKind.ENTERS})

# Fields (outside Node and Edge) whose values are node ids.
_NODE_FIELDS = frozenset({"nodes", "targets", "target_structure", "nerve", "regions", "subject"})


def _check_edges(
    c: _Collector, edges: list[Edge], nodes: dict[str, Node], where: dict[int, tuple[_Doc, tuple[str | int, ...]]]
) -> None:
    for edge in edges:
        doc, loc = where[id(edge)]
        ends = []
        for end in ("source", "target"):
            node_id = getattr(edge, end)
            if node_id not in nodes:
                c.add(doc, loc + (end,), f"unknown node {node_id!r}{_did_you_mean(node_id, nodes)}")
            else:
                ends.append(nodes[node_id].kind)
        if len(ends) == 2 and (ends[0], ends[1]) not in EDGE_ENDS[edge.kind]:
            c.add(doc, loc + ("kind",), f"a {edge.kind.value} edge cannot join a {ends[0].value} to a {ends[1].value}")
        if edge.fibres and edge.kind not in _FIBRE_KINDS:
            kinds = " and ".join(sorted(k.value for k in _FIBRE_KINDS))
            c.add(doc, loc + ("fibres",), f"only {kinds} edges name fibres")


def _check_signal(
    c: _Collector, edges: list[Edge], nodes: dict[str, Node], where: dict[int, tuple[_Doc, tuple[str | int, ...]]]
) -> None:
    """A pain signal only moves on: a cycle (or a self-loop) along its steps is refused, naming its edges."""
    signal = nx.DiGraph()
    placed: dict[tuple[str, str], Edge] = {}
    for edge in edges:
        if edge.kind not in (EdgeKind.REFERS_PAIN_TO, EdgeKind.PART_OF) and {edge.source, edge.target} <= nodes.keys():
            signal.add_edge(edge.source, edge.target)
            placed[(edge.source, edge.target)] = edge
    try:
        cycle = nx.find_cycle(signal)
    except nx.NetworkXNoCycle:
        return
    doc, loc = where[id(placed[cycle[0][:2]])]
    steps = " -> ".join([cycle[0][0], *(v for _, v in cycle)])
    c.add(doc, loc, f"the signal would go round in a cycle: {steps} (a signal step must lead on towards the cortex)")


def _check_navigation(c: _Collector, navigation: Navigation, pages: dict[str, Page], doc: _Doc) -> None:
    """Every content page is listed once; a page without a content file names its own title."""
    seen: set[str] = set()
    for g, group in enumerate(navigation.groups):
        for p, page in enumerate(group.pages):
            loc: tuple[str | int, ...] = ("groups", g, "pages", p)
            if page.id in seen:
                c.add(doc, loc + ("id",), f"page {page.id!r} is listed twice")
            seen.add(page.id)
            if page.id in pages and page.title is not None:
                c.add(doc, loc + ("title",), f"page {page.id!r} takes its title from data/pages/{page.id}.yaml")
            if page.id not in pages and page.title is None:
                c.add(doc, loc + ("title",), f"page {page.id!r} has no content file, so it needs a title here")
    for page_id in sorted(set(pages) - seen):
        c.add(doc, ("groups",), f"content page {page_id!r} is not in the page list")
    for i, entry in enumerate(navigation.entries):
        if entry.page not in seen:
            c.add(doc, ("entries", i, "page"), f"unknown page {entry.page!r}{_did_you_mean(entry.page, seen)}")


def _check_name_notes(c: _Collector, node: Node, doc: _Doc, loc: tuple[str | int, ...]) -> None:
    for name in node.name_notes:
        if name not in node.synonyms:
            c.add(doc, loc + ("name_notes", name), f"note for {name!r}, which is not one of this node's synonyms")


def _check_tour(
    c: _Collector, tour: Tour, edges: list[Edge], nodes: dict[str, Node], doc: _Doc, loc: tuple[str | int, ...]
) -> None:
    """Each step lights nodes joined by real edges (no jumps past the steps between), and regions are regions."""
    joined = nx.Graph((e.source, e.target) for e in edges)
    for i, step in enumerate(tour.steps):
        here = loc + ("steps", i)
        known = [n for n in step.nodes if n in nodes]
        parts = list(nx.connected_components(joined.subgraph(known))) if len(known) > 1 else [set(known)]
        apart = [n for n in known if n not in joined]
        if len(parts) > 1 or (apart and len(known) > 1):
            groups = " | ".join(", ".join(sorted(p)) for p in sorted(parts, key=lambda p: sorted(p)))
            c.add(doc, here + ("nodes",), f"these nodes are not joined by edges: {groups} (add the steps between them)")
        for j, region in enumerate(step.regions):
            if region in nodes and nodes[region].kind is not NodeKind.REGION:
                c.add(doc, here + ("regions", j), f"{region!r} is a {nodes[region].kind.value}, not a region")


def _check_links(
    c: _Collector,
    item: BaseModel,
    doc: _Doc,
    loc: tuple[str | int, ...],
    references: dict[str, Reference],
    nodes: dict[str, Node],
    page_ids: set[str],
) -> None:
    """Check every reference key, node id and page id inside `item`, however deeply nested."""
    for path, name, value in _walk(item, loc):
        if name == "references":
            for i, key in enumerate(value):
                if key not in references:
                    c.add(doc, path + (i,), f"unknown reference key {key!r}{_did_you_mean(key, references)}")
        elif name in _NODE_FIELDS and not isinstance(item, (Node, Edge)):
            for i, node_id in enumerate(value if isinstance(value, list) else [value]):
                if node_id not in nodes:
                    sub = path + (i,) if isinstance(value, list) else path
                    c.add(doc, sub, f"unknown node {node_id!r}{_did_you_mean(node_id, nodes)}")
        elif name == "page" and value not in page_ids:
            c.add(doc, path, f"unknown page {value!r}{_did_you_mean(value, page_ids)}")
    _check_local_ids(c, item, doc, loc)


# Ids that must point inside the same widget:
# widget -> (field holding the targets, field holding the referrers, the referrer's id-list field, what a target is)
_LOCAL_IDS: dict[type[BaseModel], tuple[str, str, str, str]] = {
    FeatureChecklistWidget: ("criteria", "features", "criteria", "criterion"),
    VignetteWidget: ("items", "vignettes", "present", "criterion"),
    FlowWidget: ("steps", "steps", "next", "step"),
}


def _check_local_ids(c: _Collector, item: BaseModel, doc: _Doc, loc: tuple[str | int, ...]) -> None:
    """A feature's criteria, a vignette's items and a step's next must name ids of the same widget."""
    for path, _, value in _walk(item, loc):
        rule = _LOCAL_IDS.get(type(value))
        if rule is None:
            continue
        targets, referrers, field_name, what = rule
        known = {t.id for t in getattr(value, targets)}
        for i, referrer in enumerate(getattr(value, referrers)):
            for j, target in enumerate(getattr(referrer, field_name)):
                if target not in known:
                    c.add(doc, path + (referrers, i, field_name, j), f"unknown {what} {target!r}")


def _walk(value: Any, loc: tuple[str | int, ...], name: str = "") -> Iterator[tuple[tuple[str | int, ...], str, Any]]:
    """Yield (path, field name, value) for every field of a model tree, the root included."""
    yield loc, name, value
    if isinstance(value, BaseModel):
        for key in type(value).model_fields:
            yield from _walk(getattr(value, key), loc + (key,), key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, BaseModel):
                yield from _walk(item, loc + (i,), name)


# --- small helpers --------------------------------------------------------------------------


def _duplicate_keys(node: yaml.Node | None, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for k, v in node.value:
            if k.value in seen:
                yield loc + (k.value,), k.value
            seen.add(k.value)
            yield from _duplicate_keys(v, loc + (k.value,))
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            yield from _duplicate_keys(v, loc + (i,))


def _is_union_tag(part: Any) -> bool:
    # pydantic puts the chosen member of a discriminated union (e.g. 'frt') into the path.
    return isinstance(part, str) and part in WIDGET_TYPES


def _message(err: Any) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    if kind == "enum":
        return f"{err['msg'].lower()}; got {err['input']!r}"
    if kind == "string_pattern_mismatch":
        return f"{err['input']!r} is not in the expected format ({err['ctx']['pattern']})"
    return str(err["msg"])


def _dotted(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _display_path(path: Path, data_dir: Path) -> str:
    try:
        return str(Path(data_dir.name) / path.relative_to(data_dir))
    except ValueError:
        return str(path)
