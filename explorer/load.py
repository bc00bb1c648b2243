"""Read `data/` into a validated knowledge base; every problem names its file, line and field.

Reading is done in three steps, each collecting all problems rather than stopping
at the first: parse YAML (keeping line numbers), validate each file against the
schema in `model.py`, then check what only the whole set can show (unknown
reference keys, edges to unknown nodes, duplicate ids).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    Node,
    NodeKind,
    Page,
    Reference,
    Safety,
    Tour,
    VignetteWidget,
)

__all__ = [
    "APP_PAGE_IDS",
    "ContentError",
    "ContentErrors",
    "KnowledgeBase",
    "default_data_dir",
    "load_knowledge_base",
    "validate",
]

# Pages that exist in the app but have no content file; tours may point at them.
APP_PAGE_IDS = frozenset({"where-does-it-hurt", "glossary", "self-test", "references", "tours"})


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


@dataclass(frozen=True)
class KnowledgeBase:
    references: dict[str, Reference]
    nodes: dict[str, Node]
    edges: list[Edge]
    pages: dict[str, Page] = field(default_factory=dict)  # in page order
    tours: dict[str, Tour] = field(default_factory=dict)
    glossary: Glossary | None = None
    safety: Safety | None = None
    head_map: HeadMap | None = None


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
    glossary = safety = None
    if (path := data_dir / "glossary.yaml").exists() and (doc := c.parse(path)):
        glossary = c.model(doc, Glossary, doc.data, ())
        if glossary is not None:
            keep(doc, (), glossary)
    if (path := data_dir / "safety.yaml").exists() and (doc := c.parse(path)):
        safety = c.model(doc, Safety, doc.data, ())
        if safety is not None:
            keep(doc, (), safety)

    head_map = None
    if (path := data_dir / "head_map.yaml").exists() and (doc := c.parse(path)):
        head_map = c.model(doc, HeadMap, doc.data, ())
        _check_head_map(c, doc, nodes)

    _check_edges(c, edges, nodes, where)
    page_ids = set(pages) | APP_PAGE_IDS | {"explorer"}
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
_ANY_AFFERENT = {NodeKind.STRUCTURE, NodeKind.NERVE, NodeKind.ROOT}
EDGE_ENDS: dict[EdgeKind, tuple[set[NodeKind], set[NodeKind]]] = {
    EdgeKind.SUPPLIED_BY: ({NodeKind.STRUCTURE}, {NodeKind.NERVE, NodeKind.ROOT}),
    EdgeKind.SKIN_TERRITORY_OF: ({NodeKind.REGION}, {NodeKind.NERVE}),
    EdgeKind.BRANCH_OF: ({NodeKind.NERVE}, {NodeKind.NERVE}),
    EdgeKind.ENTERS: ({NodeKind.NERVE, NodeKind.ROOT}, {NodeKind.ROOT, NodeKind.STATION, NodeKind.TRACT}),
    EdgeKind.TERMINATES_IN: ({NodeKind.TRACT}, {NodeKind.STATION}),
    EdgeKind.DESCENDS_TO: ({NodeKind.NERVE}, {NodeKind.STATION}),
    EdgeKind.PART_OF: ({NodeKind.STATION}, {NodeKind.HUB}),
    EdgeKind.PROJECTS_TO: (
        {NodeKind.HUB, NodeKind.TRACT, NodeKind.THALAMUS},
        {NodeKind.TRACT, NodeKind.THALAMUS, NodeKind.CORTEX},
    ),
    EdgeKind.REFERS_PAIN_TO: (_ANY_AFFERENT, {NodeKind.REGION}),
}

# Fields (outside Node and Edge) whose values are node ids.
_NODE_FIELDS = frozenset({"nodes", "targets", "target_structure", "nerve"})


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
        if len(ends) == 2:
            allowed_from, allowed_to = EDGE_ENDS[edge.kind]
            if ends[0] not in allowed_from or ends[1] not in allowed_to:
                c.add(
                    doc,
                    loc + ("kind",),
                    f"a {edge.kind.value} edge cannot join a {ends[0].value} to a {ends[1].value}",
                )


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
