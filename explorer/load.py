"""Read `data/` into a validated knowledge base; every problem names its file, line and field.

Reading is done in three steps, each collecting all problems rather than stopping
at the first: parse each file once (`safeyaml`: bounded work, a line for every field),
validate it against the schema in `model.py`, then check what only the whole set can
show (unknown reference keys, edges to unknown nodes, duplicate ids, cycles).

An item that fails its schema is left out, so whatever names it elsewhere would look
wrong too: such follow-on errors carry the refused item's error as their `cause`, and
`report_lines` folds them into one line under it, root causes first.
"""

from __future__ import annotations

import dataclasses
import gc
import re
import stat
import types
import typing
from collections.abc import Collection, Iterable, Iterator
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from pydantic import BaseModel, ValidationError
from rapidfuzz import fuzz, process

if TYPE_CHECKING:  # graph.py imports nothing from here, but this module reads files before any graph exists
    from explorer.graph import Graph

from explorer import safeyaml, wordingkeys
from explorer.model import (
    CONFUSABLES,
    HEAD_VIEWS,
    WIDGET_TYPES,
    Edge,
    EdgeKind,
    FeatureChecklistWidget,
    FlowWidget,
    Glossary,
    HeadMap,
    KnowledgeBase,
    NameRules,
    Navigation,
    Node,
    NodeKind,
    OntologyId,
    Page,
    QuizWords,
    Reference,
    RefKey,
    Safety,
    Segment,
    Slug,
    Territories,
    Tour,
    VignetteWidget,
    Wording,
    walk_tree,
    year_in_key,
)

__all__ = [
    "MAX_ROUTES",
    "MAX_STEPS",
    "ContentError",
    "ContentErrors",
    "KnowledgeBase",
    "Stage",
    "default_data_dir",
    "load_knowledge_base",
    "ranked",
    "report_lines",
    "validate",
]

# The explorer lists every route from a node and walks them step by step; the real content has at
# most 42 routes from one node and 7 steps on the longest, so these bounds only stop runaway content.
MAX_ROUTES = 1_000
MAX_STEPS = 50
# The largest content file read: the real ones are under 100 KB; a symlink to /dev/zero is not read at all.
MAX_FILE_BYTES = 16 * 1024 * 1024
APP_ROOT = Path(__file__).resolve().parent.parent  # where the page scripts are
# What a listed page's script reads besides the content every page gets: without it the page
# would crash for every learner. (Section pages need their own content file too: see `_page_needs`.)
# A folder ends in '/': without it every tour would silently vanish.
PAGE_NEEDS: dict[str, tuple[str, ...]] = {
    "home": ("pages/home.yaml",),
    "explorer": ("pages/explorer.yaml", "head_map.yaml", "tours/"),
    "where-does-it-hurt": ("head_map.yaml",),
    "tours": ("tours/",),
}


def default_data_dir() -> Path:
    """The `data/` folder that ships beside the package."""
    return Path(__file__).resolve().parent.parent / "data"


class Stage(IntEnum):
    """How early a problem was found; an earlier problem is more likely the cause of later ones."""

    READ = 0  # a file or folder could not be read at all (an I/O error)
    FILE = 1  # a file is missing, or is not YAML that can be loaded safely
    SCHEMA = 2  # a file's content does not fit model.py
    CROSS_FILE = 3  # what only all files together show: unknown keys and ids, duplicates, cycles


@dataclasses.dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one data file, in a form a content editor can act on.

    `cause` is set on a follow-on error: one that only exists because the item (or file) that
    `cause` refused is missing, e.g. an edge to a node whose entry is invalid.
    """

    file: str
    line: int | None
    field: str
    message: str
    stage: Stage = dataclasses.field(default=Stage.CROSS_FILE, compare=False)
    cause: ContentError | None = dataclasses.field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.message}"


class ContentErrors(ValueError):
    """Raised when `data/` is not valid; `.errors` holds every problem found, ranked (see `ranked`)."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = ranked(errors)
        super().__init__("\n".join(report_lines(self.errors)))


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
    """Every problem in `data_dir`, ranked; an empty list means the content is valid."""
    return ranked(_read(Path(data_dir) if data_dir is not None else default_data_dir())[1])


def report_lines(errors: Iterable[ContentError]) -> list[str]:
    """The report a person reads, one line per root cause, the likeliest first.

    The follow-on errors of each root cause are folded into one line after it. The CLI
    prints these lines and the app's content-error page shows them.

    Examples:
        >>> bad = ContentError("data/nodes.yaml", 3, "nodes[0].kind", "input should be 'region'; got 'organ'",
        ...                    Stage.SCHEMA)
        >>> for line in report_lines([
        ...     ContentError("data/edges.yaml", 9, "edges[1].target", "unknown node 'a'", cause=bad),
        ...     ContentError("data/edges.yaml", 4, "edges[0].source", "unknown node 'a'", cause=bad),
        ...     bad,
        ... ]):
        ...     print(line)
        data/nodes.yaml:3: nodes[0].kind: input should be 'region'; got 'organ'
        and 2 more in data/edges.yaml caused by the error above
    """
    errors = list(errors)
    roots = {id(e) for e in errors if e.cause is None}
    follow: dict[int, list[ContentError]] = {}
    for e in errors:
        if e.cause is not None and id(e.cause) in roots:
            follow.setdefault(id(e.cause), []).append(e)
        elif e.cause is not None:  # its cause is not in the list: stands on its own
            roots.add(id(e))
    lines = []
    for root in sorted((e for e in errors if id(e) in roots), key=_rank):
        lines.append(str(root))
        if followers := follow.get(id(root)):
            lines.append(_folded(followers))
    return lines


def ranked(errors: Iterable[ContentError]) -> list[ContentError]:
    """Root causes by stage, file and line, each followed by the errors it causes."""
    errors = list(errors)
    by_cause: dict[int, list[ContentError]] = {}
    for e in errors:
        if e.cause is not None:
            by_cause.setdefault(id(e.cause), []).append(e)
    known = {id(e) for e in errors}
    out = []
    for root in sorted((e for e in errors if e.cause is None or id(e.cause) not in known), key=_rank):
        out.append(root)
        out.extend(sorted(by_cause.get(id(root), []), key=_rank))
    return out


# The ontology classes nodes may name, extracted from the ontology's own release (see its header).
ONTOLOGY_EXTRACT = Path("ontology") / "uberon-extract.tsv"

# Content is read in this order, and a problem in an earlier file more often explains a later one.
_FILE_ORDER = ("references.yaml", "nodes.yaml", "edges.yaml", "pages/", "tours/", "glossary.yaml", "safety.yaml",
               "wording.yaml", "navigation.yaml", "head_map.yaml", "names.yaml", "ontology/", "territories.yaml",
               "quiz.yaml")


def _rank(e: ContentError) -> tuple[Any, ...]:
    name = e.file.split("/", 1)[-1]
    order = next((i for i, prefix in enumerate(_FILE_ORDER) if name.startswith(prefix)), len(_FILE_ORDER))
    return (e.stage, order, e.file, e.line or 0, e.field, e.message)


def _folded(followers: list[ContentError]) -> str:
    files: dict[str, int] = {}
    for e in followers:
        files[e.file] = files.get(e.file, 0) + 1
    if len(files) == 1:
        return f"and {len(followers)} more in {next(iter(files))} caused by the error above"
    where = ", ".join(f"{n} in {f}" for f, n in sorted(files.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"and {len(followers)} more ({where}) caused by the error above"


# --- reading -----------------------------------------------------------------------------


@dataclasses.dataclass
class _Doc:
    """One parsed YAML file with a line for every field path."""

    path: Path
    label: str
    data: Any
    parsed: safeyaml.Parsed
    # Values refused while reading (and read as None), with their errors: pydantic's complaints about
    # them would only repeat those, and an item that holds one is refused even if it fits without it.
    replaced: dict[tuple[str | int, ...], ContentError] = dataclasses.field(default_factory=dict)

    def line(self, loc: Iterable[str | int]) -> int:
        # A file that exists has a line 1, even when it is empty.
        return self.parsed.line(tuple(loc)) or 1


class _Refused:
    """What was refused, by kind ('node', 'reference', 'page', 'edge'), so that errors it causes elsewhere
    can name it as their cause."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, Any], ContentError] = {}
        self.files: dict[str, ContentError] = {}

    def cause(self, kind: str, key: Any) -> ContentError | None:
        return self.items.get((kind, key)) or self.files.get(kind)


class _NotContent(Exception):
    """A path that is not a plain file of a sensible size: named in one line, never read."""


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file (a symlink to one is fine), without ever blocking on a FIFO or a
    device or reading past MAX_FILE_BYTES."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        what = ("a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file")
        raise _NotContent(f"cannot read file: it is {what}, not a plain file (remove or replace it)")
    with path.open("rb") as f:
        raw = f.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise _NotContent(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; content files are far "
                          "smaller (split it, or check what was saved)")
    return raw


def _content_files(c: _Collector, folder: Path, kind: str) -> list[Path]:
    """The .yaml files of a content folder, in name order. Editor and OS droppings (`.#home.yaml`,
    `._home.yaml`, `home.yaml~`) are skipped; a `.yml` file is named, since it would be skipped too."""
    if not folder.is_dir():  # a page that needs it says so (PAGE_NEEDS)
        return []
    out = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~", "#")) or path.name.endswith("~"):
            continue
        if path.suffix == ".yml":
            c.file_error(path, None, f"is named .yml; rename it to {path.stem}.yaml (only .yaml files are read)",
                         Stage.FILE)
            if c.first_error is not None:  # what it leaves missing is a follow-on of this
                c.refused.items.setdefault((kind, path.stem), c.first_error)
        elif path.suffix == ".yaml":
            out.append(path)
    return out


class _Collector:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.errors: list[ContentError] = []
        self.refused = _Refused()
        self.first_error: ContentError | None = None  # of the last file or item that was refused
        # (name, id(known)) -> (known, its size, the hint): thousands of edges can name the same missing node.
        self._hints: dict[tuple[str, int], tuple[Any, int, str]] = {}

    def did_you_mean(self, name: Any, known: Collection[Any]) -> str:
        """`_did_you_mean`, worked out once per name and collection: each costs a sort and a fuzzy
        search of the whole collection, which for 5,000 edges to one missing node took seconds."""
        key = (str(name), id(known))
        kept = self._hints.get(key)
        if kept is None or kept[0] is not known or kept[1] != len(known):  # holding `known` keeps its id unique
            kept = self._hints[key] = (known, len(known), _did_you_mean(name, known))
        return kept[2]

    def add(
        self,
        doc: _Doc,
        loc: tuple[str | int, ...],
        message: str,
        *,
        stage: Stage = Stage.CROSS_FILE,
        cause: ContentError | None = None,
        line: int | None = None,
    ) -> ContentError:
        error = ContentError(doc.label, line or doc.line(loc), _dotted(loc), message, stage, cause)
        self.errors.append(error)
        return error

    def file_error(self, path: Path, line: int | None, message: str, stage: Stage) -> None:
        self.first_error = ContentError(_display_path(path, self.data_dir), line, "", message, stage)
        self.errors.append(self.first_error)

    def parse(self, path: Path) -> _Doc | None:
        """The file's data, or None (with the reason recorded in `first_error`) if it cannot be read."""
        label = _display_path(path, self.data_dir)
        try:
            raw = _read_regular(path)
        except _NotContent as exc:
            self.file_error(path, None, str(exc), Stage.READ)
            return None
        except OSError as exc:
            self.file_error(path, None, f"cannot read file: {exc.strerror or exc}", Stage.READ)
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            self.file_error(path, line, f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x})", Stage.FILE)
            return None
        parsed = safeyaml.parse(text)
        doc = _Doc(path, label, parsed.data, parsed)
        self.first_error = None
        for problem in parsed.problems:
            error = self.add(doc, problem.path, problem.message, stage=Stage.FILE, line=problem.line)
            if problem.path in parsed.replaced:
                doc.replaced.setdefault(problem.path, error)
            if problem.fatal or self.first_error is None:
                self.first_error = error
        return doc if parsed.ok else None

    def model(self, doc: _Doc, model: type[BaseModel], data: Any, loc: tuple[str | int, ...]) -> Any:
        """`data` (found at `loc` in `doc`) as a `model`, or None with every problem recorded."""
        try:
            item = model.model_validate(data)
        except ValidationError as exc:
            found = []
            for err in exc.errors():
                err_loc = loc + _without_union_tags(tuple(err["loc"]), data)
                if err_loc[-1:] == ("[key]",):  # pydantic's path to a mapping key: say "key" in the message
                    err_loc, err = err_loc[:-1], {**err, "msg": f"as a key, {_lower_first(err['msg'])}"}
                if not any(err_loc[: len(r)] == r for r in doc.replaced):
                    found.append((err_loc, err))
            # A misspelt key explains the required field it was meant to be: that one is a follow-on.
            typos: dict[tuple[Any, ...], ContentError] = {}
            errors = []
            for err_loc, err in sorted(found, key=lambda f: f[1]["type"] != "extra_forbidden"):
                meant = _closest(str(err_loc[-1]), _fields_at(model, tuple(err["loc"])[:-1])) \
                    if err["type"] == "extra_forbidden" else None
                cause = typos.get(err_loc) if err["type"] == "missing" else None
                error = self.add(doc, err_loc, _message(err, meant), stage=Stage.SCHEMA, cause=cause)
                if meant is not None:
                    typos[(*err_loc[:-1], meant)] = error
                errors.append(error)
            roots = [e for e in errors if e.cause is None]
            self.first_error = min(roots, key=_rank, default=None) or self._read_error_within(doc, loc)
            return None
        if read_error := self._read_error_within(doc, loc):
            self.first_error = read_error
            return None  # it fits only because a value refused while reading was read as None
        return item

    @staticmethod
    def _read_error_within(doc: _Doc, loc: tuple[str | int, ...]) -> ContentError | None:
        if not doc.replaced:
            return None
        return next((error for path, error in doc.replaced.items() if path[: len(loc)] == loc), None)

    def items(
        self, doc: _Doc, key: str, model: type[BaseModel], kind: str, id_field: str
    ) -> Iterator[tuple[tuple[str | int, ...], Any]]:
        """Validate `doc.data[key]` as a list of `model`; yield (path, item) for the valid ones."""
        data = doc.data
        if not isinstance(data, dict) or not isinstance(data.get(key), list):
            if isinstance(data, dict) and key in data:
                error = self.add(doc, (key,), f"expected a list; got {_describe(data[key])}", stage=Stage.FILE)
            else:
                error = self.add(doc, (), f"expected a top-level '{key}:' list; got {_describe(data)}",
                                 stage=Stage.FILE)
            self.refused.files[kind] = error
            return
        for extra in data:
            if extra != key:
                self.add(doc, (extra,), f"unknown top-level key (this file holds only '{key}:')", stage=Stage.SCHEMA)
        for i, raw in enumerate(data[key]):
            item = self.model(doc, model, raw, (key, i))
            if item is not None:
                yield (key, i), item
            elif self.first_error is not None:
                _remember(self.refused, kind, raw, id_field, self.first_error)


def _remember(refused: _Refused, kind: str, raw: Any, id_field: str, error: ContentError) -> None:
    """Note the ids a refused item would have had, so what names them elsewhere can point here."""
    if not isinstance(raw, dict):
        return
    if kind == "edge":
        for end in ("source", "target"):
            if isinstance(raw.get(end), str):
                refused.items.setdefault(("edge", raw[end]), error)
    elif isinstance(raw.get(id_field), str):
        refused.items.setdefault((kind, raw[id_field]), error)


def _read(data_dir: Path) -> tuple[KnowledgeBase | None, list[ContentError]]:
    # Reading builds hundreds of thousands of objects (the data, then the models) and frees few: the cycle
    # collector, run every 700 allocations, would rescan them again and again, a fifth of the time on 5,000
    # nodes. It is paused, not skipped: whatever cycles there are, it collects when it runs again.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_all(data_dir)
    finally:
        if was_enabled:
            gc.enable()


def _read_all(data_dir: Path) -> tuple[KnowledgeBase | None, list[ContentError]]:
    c = _Collector(data_dir)
    if not data_dir.is_dir():
        why = "is not a folder" if data_dir.exists() else "not found"
        return None, [ContentError(str(data_dir), None, "", f"data folder {why}", Stage.READ)]

    where: dict[int, tuple[_Doc, tuple[str | int, ...]]] = {}  # id(model) -> its place

    def keep(doc: _Doc, loc: tuple[str | int, ...], item: Any) -> Any:
        where[id(item)] = (doc, loc)
        return item

    references: dict[str, Reference] = {}
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    if doc := _required(c, data_dir / "references.yaml", "reference"):
        for loc, ref in c.items(doc, "references", Reference, "reference", "key"):
            _unique(c, references, ref.key, keep(doc, loc, ref), doc, loc + ("key",), "reference key")
    if doc := _required(c, data_dir / "nodes.yaml", "node"):
        for loc, node in c.items(doc, "nodes", Node, "node", "id"):
            _unique(c, nodes, node.id, keep(doc, loc, node), doc, loc + ("id",), "node id")
    if doc := _required(c, data_dir / "edges.yaml", "edge"):
        seen: dict[tuple[str, str], Edge] = {}
        for loc, edge in c.items(doc, "edges", Edge, "edge", ""):
            if _unique(c, seen, (edge.source, edge.target), edge, doc, loc, "edge between these nodes"):
                edges.append(keep(doc, loc, edge))

    pages: dict[str, Page] = {}
    for path in _content_files(c, data_dir / "pages", "page"):
        if (doc := c.parse(path)) and (page := c.model(doc, Page, doc.data, ())):
            _unique(c, pages, page.id, keep(doc, (), page), doc, ("id",), "page id")
        elif c.first_error is not None:
            # Links name a page by its id, which is (by convention) also its file name.
            raw_id = doc.data.get("id") if doc is not None and isinstance(doc.data, dict) else None
            for page_id in {path.stem, raw_id if isinstance(raw_id, str) else path.stem}:
                c.refused.items.setdefault(("page", page_id), c.first_error)
    tours: dict[str, Tour] = {}
    for path in _content_files(c, data_dir / "tours", "tour"):
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
            _check_safety(c, safety, doc)
    if doc := _required(c, data_dir / "wording.yaml", "wording"):
        wording = c.model(doc, Wording, doc.data, ())
        if wording is not None:
            _check_wording(c, wording, doc)
    if doc := _required(c, data_dir / "navigation.yaml", "navigation"):
        navigation = c.model(doc, Navigation, doc.data, ())
        if navigation is not None:
            _check_navigation(c, navigation, pages, doc, data_dir)

    head_map = None
    if (path := data_dir / "head_map.yaml").exists() and (doc := c.parse(path)):
        head_map = c.model(doc, HeadMap, doc.data, ())
        _check_head_map(c, doc, nodes)
    names = None
    if (path := data_dir / "names.yaml").exists() and (doc := c.parse(path)):
        names = c.model(doc, NameRules, doc.data, ())
        if names is not None:
            _check_name_rules(c, names, doc, nodes, _node_names(c, names, nodes, where))
    elif not path.exists():  # no rules: names still may not collide
        _node_names(c, NameRules(), nodes, where)
    _check_ontology(c, data_dir / ONTOLOGY_EXTRACT, nodes, where)

    territories = quiz_words = None
    if (path := data_dir / "territories.yaml").exists() and (doc := c.parse(path)):
        territories = c.model(doc, Territories, doc.data, ())
        if territories is not None:
            keep(doc, (), territories)
            _check_territories(c, territories, nodes, doc)
    if (path := data_dir / "quiz.yaml").exists() and (doc := c.parse(path)):
        quiz_words = c.model(doc, QuizWords, doc.data, ())
        if quiz_words is not None:
            keep(doc, (), quiz_words)
            item_ids: dict[str, object] = {}
            for i, item in enumerate(quiz_words.items):
                _unique(c, item_ids, item.id, item, doc, ("items", i, "id"), "quiz item id")
            for name in quiz_words.plain_names:
                if name not in nodes:
                    c.add(doc, ("plain_names", name), f"unknown node {_short(name)}{c.did_you_mean(name, nodes)}",
                          cause=c.refused.cause("node", name))

    _check_edges(c, edges, nodes, where)
    _check_signal(c, edges, nodes, where)
    for node in nodes.values():
        _check_name_notes(c, node, *where[id(node)])
    for tour in tours.values():
        _check_tour(c, tour, edges, nodes, *where[id(tour)])
        _check_tour_checks(c, tour, quiz_words, *where[id(tour)])
    signs = {sign.id for sign in safety.urgent_signs} if safety is not None else set()
    for node in nodes.values():
        if node.urgent_sign and node.urgent_sign not in signs:
            doc, loc = where[id(node)]
            c.add(doc, loc + ("urgent_sign",),
                  f"unknown urgent sign {node.urgent_sign!r}{c.did_you_mean(node.urgent_sign, signs)}")
    page_ids = set(pages) | ({p.id for p in navigation.pages} if navigation else set())
    for item in [*references.values(), *nodes.values(), *edges, *pages.values(), *tours.values()]:
        _check_links(c, item, *where[id(item)], references, nodes, page_ids)
    for extra in (glossary, safety, territories, quiz_words):
        if extra is not None:
            _check_links(c, extra, *where[id(extra)], references, nodes, page_ids)
    citing = [*nodes.values(), *edges, *pages.values(), *tours.values(),
              *(x for x in (glossary, safety, wording, navigation, head_map) if x)]
    _check_references(c, references, edges, citing, where)
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
        names=names,
        territories=territories,
        quiz_words=quiz_words,
    )
    return kb, c.errors


def _required(c: _Collector, path: Path, kind: str) -> _Doc | None:
    if not path.exists():
        c.file_error(path, None, "required file is missing", Stage.FILE)
    elif doc := c.parse(path):
        return doc
    if c.first_error is not None:
        c.refused.files[kind] = c.first_error
    return None


def _unique(
    c: _Collector, seen: dict[Any, Any], key: Any, item: Any, doc: _Doc, loc: tuple[str | int, ...], what: str
) -> bool:
    """Whether `key` is new (and now in `seen`); a repeat is an error."""
    if key in seen:
        c.add(doc, loc, f"duplicate {what} {_short(key)}")
        return False
    seen[key] = item
    return True


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
                        else c.did_you_mean(region, regions))
                c.add(doc, (view, "regions", i, "region"), f"unknown region {region!r}{hint}",
                      cause=c.refused.cause("node", region))  # a refused node explains it: folded under it
    for region in sorted(regions - drawn):
        c.add(doc, (), f"region {region!r} is not drawn on the head map")


def _check_territories(c: _Collector, territories: Territories, nodes: dict[str, Node], doc: _Doc) -> None:
    """Each id in data/territories.yaml names a node of the right kind (unknown ids: `_check_links`)."""
    def expect(loc: tuple[str | int, ...], node_id: str, kinds: tuple[NodeKind, ...]) -> None:
        node = nodes.get(node_id)
        if node is not None and node.kind not in kinds:
            wanted = " or ".join(k.value for k in kinds)
            c.add(doc, loc, f"{node_id!r} is a {node.kind.value}, not a {wanted}")

    seen: dict[str, object] = {}
    for i, territory in enumerate(territories.territories):
        _unique(c, seen, territory.nerve, territory, doc, ("territories", i, "nerve"), "territory for nerve")
        expect(("territories", i, "nerve"), territory.nerve, (NodeKind.NERVE,))
        for field_name in ("regions", "borders"):
            for j, region in enumerate(getattr(territory, field_name)):
                expect(("territories", i, field_name, j), region, (NodeKind.REGION,))
    for i, contested in enumerate(territories.contested):
        expect(("contested", i, "subject"), contested.subject, (NodeKind.STRUCTURE,))
        for j, nerve in enumerate(contested.nerves):
            expect(("contested", i, "nerves", j), nerve, (NodeKind.NERVE, NodeKind.ROOT))
    for field_name in ("also_felt", "not_taught"):
        for i, item in enumerate(getattr(territories, field_name)):
            expect((field_name, i, "subject"), item.subject, _AFFERENT)
            for j, region in enumerate(item.regions):
                expect((field_name, i, "regions", j), region, (NodeKind.REGION,))


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
    # Second-order neurons -> ascending tract -> thalamus -> cortex: never tract -> tract or thalamus -> thalamus;
    # or second-order neurons straight to another target (the parabrachial nucleus, the hypothalamus).
    EdgeKind.PROJECTS_TO: frozenset({(_K.STATION, _K.TRACT), (_K.TRACT, _K.THALAMUS), (_K.THALAMUS, _K.CORTEX),
                                     (_K.STATION, _K.TARGET)}),
    EdgeKind.REFERS_PAIN_TO: frozenset((kind, _K.REGION) for kind in _AFFERENT),
}
# Only a step that carries several divisions' fibres onward may say which of them take it.
_FIBRE_KINDS = frozenset({EdgeKind.TERMINATES_IN, EdgeKind.ENTERS})

# Fields (outside Node and Edge) whose values are node ids.
_NODE_FIELDS = frozenset({"nodes", "nerves", "borders", "targets", "target_structure", "nerve", "regions", "subject"})


def _check_edges(
    c: _Collector, edges: list[Edge], nodes: dict[str, Node], where: dict[int, tuple[_Doc, tuple[str | int, ...]]]
) -> None:
    for edge in edges:
        doc, loc = where[id(edge)]
        ends = []
        for end in ("source", "target"):
            node_id = getattr(edge, end)
            if node_id not in nodes:
                c.add(doc, loc + (end,), f"unknown node {_short(node_id)}{c.did_you_mean(node_id, nodes)}",
                      cause=c.refused.cause("node", node_id))
            else:
                ends.append(nodes[node_id].kind)
        if len(ends) == 2 and (ends[0], ends[1]) not in EDGE_ENDS[edge.kind]:
            c.add(doc, loc + ("kind",), f"a {edge.kind.value} edge cannot join a {ends[0].value} to a {ends[1].value}")
        if edge.fibres and edge.kind not in _FIBRE_KINDS:
            kinds = " and ".join(sorted(k.value for k in _FIBRE_KINDS))
            c.add(doc, loc + ("fibres",), f"only {kinds} edges name fibres")
        if len(ends) == 2:
            _check_segments(c, edge, nodes, doc, loc)


def _check_segments(c: _Collector, edge: Edge, nodes: dict[str, Node], doc: _Doc, loc: tuple[str | int, ...]) -> None:
    """A tissue or nerve passes only to nerves and roots of its own segments, and a step kept for some
    fibres must be open to some fibres of the node it starts from (else no route could take it)."""
    source, target = nodes[edge.source], nodes[edge.target]
    if (target.kind in (NodeKind.NERVE, NodeKind.ROOT) and source.segments and target.segments
            and not set(source.segments) & set(target.segments)):
        c.add(doc, loc + ("target",), f"{edge.source!r} ({', '.join(source.segments)}) cannot pass to "
              f"{edge.target!r} ({', '.join(target.segments)}): a route goes only through its own segments")
    if edge.fibres and source.segments and not set(edge.fibres) & set(source.segments):
        c.add(doc, loc + ("fibres",), f"no fibres of {edge.source!r} ({', '.join(source.segments)}) are among "
              f"{', '.join(edge.fibres)}, so no route could take this step")


def _check_references(
    c: _Collector,
    references: dict[str, Reference],
    edges: list[Edge],
    citing: list[BaseModel],
    where: dict[int, tuple[_Doc, tuple[str | int, ...]]],
) -> None:
    """The references against what cites them:

    - a referral's kind of evidence and n are those of the strongest study it cites that declares its
      `study` (the kind first in `EvidenceKind`, then the largest n);
    - on otherwise clean content only (a refused item cites nothing, a refused year reads as none):
      every referral cites a declared study, a key that names a year (`year_in_key`) names the
      reference's year, and every reference is cited by some item.
    """
    for edge in edges:
        if edge.kind is not EdgeKind.REFERS_PAIN_TO:
            continue
        studies = [references[k] for k in edge.references if k in references and references[k].study]
        if not studies:
            continue
        best = min(r.study.rank for r in studies if r.study)
        strongest = [r for r in studies if r.study and r.study.rank == best]
        counts = [r.n for r in strongest if r.n]
        top = max(strongest, key=lambda r: r.n or 0)
        doc, loc = where[id(edge)]
        if edge.evidence_kind.rank != best and top.study:
            c.add(doc, loc + ("evidence_kind",), f"{edge.evidence_kind.value}, but the strongest study it cites "
                  f"({top.key}) is {top.study.value}: a referral is labelled by its strongest study")
        elif edge.n != (max(counts) if counts else None):
            want = f"n: {max(counts)}" if counts else "no n"
            c.add(doc, loc + ("n",), f"{edge.n}, but the strongest study it cites ({top.key}) gives {want}: a referral "
                  "takes the n of its strongest study")
    if c.errors:
        return
    for edge in edges:
        if edge.kind is EdgeKind.REFERS_PAIN_TO and not any(
                k in references and references[k].study for k in edge.references):
            doc, loc = where[id(edge)]
            c.add(doc, loc + ("references",), "a referral must cite the study it rests on: give that reference "
                  "its kind in `study` (references.yaml)")
    for key, ref in references.items():
        key_year = year_in_key(key)
        if key_year is not None and key_year != ref.year:
            doc, loc = where[id(ref)]
            given = "no year" if ref.year is None else f"the year {ref.year}"
            c.add(doc, loc + ("key" if ref.year is None else "year",),
                  f"the key {key} names the year {key_year} but the reference gives {given}")
    cited: set[str] = set()
    for item in citing:
        if isinstance(item, (Node, Edge)) and type(item) in _FLAT_ITEMS:  # thousands: no walk (see _is_flat)
            cited.update(item.references)
        else:
            cited.update(key for path, value in walk_tree(item) if path and path[-1] == "references" for key in value)
    for key, ref in references.items():
        if key not in cited:
            doc, loc = where[id(ref)]
            c.add(doc, loc + ("key",), f"reference {key} is cited by no item: cite it where it is used, or remove it")


def _check_signal(
    c: _Collector, edges: list[Edge], nodes: dict[str, Node], where: dict[int, tuple[_Doc, tuple[str | int, ...]]]
) -> None:
    """A pain signal only moves on, and the routes the explorer lists stay few and short.

    Each cycle (a self-loop included) is refused once, at its first edge in the file, naming
    its steps; then a node with more than MAX_ROUTES routes, or a route of more than MAX_STEPS steps.
    """
    signal: Graph = nx.DiGraph()
    placed: dict[tuple[str, str], Edge] = {}
    for edge in edges:
        if edge.kind not in (EdgeKind.REFERS_PAIN_TO, EdgeKind.PART_OF) and {edge.source, edge.target} <= nodes.keys():
            signal.add_edge(edge.source, edge.target)
            placed[(edge.source, edge.target)] = edge

    def line_of(edge: tuple[str, str]) -> int:
        doc, loc = where[id(placed[edge])]
        return doc.line(loc)

    cyclic = False
    for component in nx.strongly_connected_components(signal):
        first = min(component)
        if len(component) == 1 and not signal.has_edge(first, first):
            continue
        cyclic = True
        cycle = [e[:2] for e in nx.find_cycle(signal.subgraph(component), source=first)]
        start = min(range(len(cycle)), key=lambda i: line_of(cycle[i]))
        cycle = cycle[start:] + cycle[:start]  # begin at the edge met first in the file
        doc, loc = where[id(placed[cycle[0]])]
        path = " -> ".join([cycle[0][0], *(v for _, v in cycle)])
        lines = ", ".join(str(line_of(e)) for e in cycle)
        kind, at = ("a self-loop", "edge at line") if len(cycle) == 1 else ("a cycle", "edges at lines")
        c.add(doc, loc, f"the signal would go round in {kind}: {path} ({at} {lines}); "
              "each step must lead on towards the cortex")
    if cyclic:
        return  # routes are only counted on an acyclic signal
    routes: dict[str, int] = {}
    steps: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(signal))):
        after = list(signal.successors(node))
        routes[node] = min(sum(routes[n] for n in after), MAX_ROUTES + 1) if after else 1
        steps[node] = 1 + max(steps[n] for n in after) if after else 0
    for node in sorted(signal, key=lambda n: (-routes[n], -steps[n], n)):
        doc, loc = where[id(nodes[node])]
        if routes[node] > MAX_ROUTES:
            c.add(doc, loc, f"more than {MAX_ROUTES:,} routes lead on from {node!r} (the explorer lists each "
                  "one); look for parallel edges that repeat a step")
        elif steps[node] > MAX_STEPS:
            c.add(doc, loc, f"a route from {node!r} takes {steps[node]} steps (at most {MAX_STEPS})")
        else:
            continue
        return  # one such node explains the nodes upstream of it


def _check_safety(c: _Collector, safety: Safety, doc: _Doc) -> None:
    """Each warning sign once, and a red flag said to be among the urgent signs only where one is: otherwise
    a reader would see the same sign twice, or not at all."""
    seen: dict[str, object] = {}
    for i, sign in enumerate(safety.urgent_signs):
        _unique(c, seen, sign.id, sign, doc, ("urgent_signs", i, "id"), "warning sign")
    for i, flag in enumerate(safety.red_flags):
        _unique(c, seen, flag.id, flag, doc, ("red_flags", i, "id"), "warning sign")
    signs = {sign.id for sign in safety.urgent_signs}
    for i, flag in enumerate(safety.red_flags):
        if flag.in_urgent_box is not None and flag.in_urgent_box not in signs:
            c.add(doc, ("red_flags", i, "in_urgent_box"),
                  f"unknown urgent sign {flag.in_urgent_box!r}{c.did_you_mean(flag.in_urgent_box, signs)}")


def _page_needs(page_id: str, script: Path) -> tuple[str, ...]:
    """The content files a page's script reads: PAGE_NEEDS, and its own file if it is a section page."""
    own = (f"pages/{page_id}.yaml",) if "section_page(" in script.read_text(encoding="utf-8") else ()
    return tuple(dict.fromkeys((*PAGE_NEEDS.get(page_id, ()), *own)))


def _check_navigation(c: _Collector, navigation: Navigation, pages: dict[str, Page], doc: _Doc,
                      data_dir: Path) -> None:
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
            refused = ("page", page.id) in c.refused.items  # its file was refused: that error says it all
            script = APP_ROOT / page.script
            if not script.is_file():
                c.add(doc, loc + ("id",), f"page {page.id!r} has no script {page.script}; add the script, or "
                      "take the page out of the list")
                continue
            needs = _page_needs(page.id, script)
            for need in needs:
                there = (data_dir / need).is_dir() if need.endswith("/") else (data_dir / need).is_file()
                if not there and not (need == f"pages/{page.id}.yaml" and refused):
                    c.add(doc, loc + ("id",), f"page {page.id!r} needs data/{need}, which is missing; add it, or "
                          "take the page out of the list")
            if page.id not in pages and page.title is None and not refused and f"pages/{page.id}.yaml" not in needs:
                c.add(doc, loc + ("title",), f"page {page.id!r} has no content file, so it needs a title here")
    for page_id in sorted(set(pages) - seen):
        c.add(doc, ("groups",), f"content page {page_id!r} is not in the page list")
    for i, entry in enumerate(navigation.entries):
        if entry.page not in seen:
            c.add(doc, ("entries", i, "page"), f"unknown page {entry.page!r}{c.did_you_mean(entry.page, seen)}")


_Where = dict[int, tuple[_Doc, tuple[str | int, ...]]]  # id(model) -> the file and path it was read from


def _node_names(c: _Collector, rules: NameRules, nodes: dict[str, Node], where: _Where) -> dict[str, str]:
    """Name key -> the node it names. No name may mean two nodes silently: a name two nodes share (written
    in any of the forms the rules fold together) is refused; an umbrella is the way to say a name means several."""
    from explorer.graph import name_key  # the one key resolve uses (graph.py imports nothing from here)

    owner: dict[str, str] = {}
    first: dict[str, tuple[str, str]] = {}  # name key -> (the field that named it first, the name as written)
    for node in nodes.values():
        doc, loc = where[id(node)]
        named = [(("label",), node.label), *((("synonyms", i), n) for i, n in enumerate(node.synonyms)),
                 *((("abbreviations", i), n) for i, n in enumerate(node.abbreviations))]
        for field, name in named:
            # Cyrillic and Greek look-alikes read as the Latin letters they imitate: a reader cannot tell them apart.
            key = name_key(name.translate(CONFUSABLES), rules)
            if not key:
                c.add(doc, loc + field,
                      f"name {_short(name)} is empty once the ignored words of names.yaml are left out")
            elif key in owner and owner[key] != node.id:
                field_name, written = first[key]
                same = "the same name" if written == name else f"a name that looks the same ({written!r})"
                c.add(doc, loc + field, f"{name!r} is {same} as the {field_name} of node {owner[key]!r}; a name must "
                      "lead to one node (rename one, or list a name that means several under umbrellas in names.yaml)")
            else:
                owner.setdefault(key, node.id)
                first.setdefault(key, (str(field[0]).rstrip("s"), name))
    return owner


def _check_name_rules(
    c: _Collector, rules: NameRules, doc: _Doc, nodes: dict[str, Node], owner: dict[str, str]
) -> None:
    """Umbrellas name known nodes and are no node's name; the spelling and plural rules do not chain."""
    from explorer.graph import name_key

    for variant, form in rules.spelling.items():
        if chained := next((v for v in rules.spelling if v != variant and re.search(rf"\b{v}\b", form)), None):
            c.add(doc, ("spelling", variant),
                  f"its form {form!r} holds {chained!r}, itself a variant: write the final form")
    for plural, single in rules.plural.items():
        if single in rules.plural:
            c.add(doc, ("plural", plural), f"its singular {single!r} is itself listed as a plural")
    umbrella_keys: dict[str, str] = {}
    for i, umbrella in enumerate(rules.umbrellas):
        for j, member in enumerate(umbrella.members):
            if member not in nodes:
                c.add(doc, ("umbrellas", i, "members", j), f"unknown node {member!r}{c.did_you_mean(member, nodes)}")
        for field, name in [(("name",), umbrella.name), *((("also", j), n) for j, n in enumerate(umbrella.also))]:
            key = name_key(name, rules)
            if key in owner:
                c.add(doc, ("umbrellas", i, *field), f"{_short(name)} is also a name of node {owner[key]!r}; an "
                      "umbrella name must not be a node's name (remove it from one of them)")
            elif key in umbrella_keys and umbrella_keys[key] != umbrella.name:
                c.add(doc, ("umbrellas", i, *field), f"{_short(name)} is already the umbrella {umbrella_keys[key]!r}")
            umbrella_keys.setdefault(key, umbrella.name)


def _check_ontology(c: _Collector, path: Path, nodes: dict[str, Node], where: _Where) -> None:
    """Every ontology id a node names is in the extract, with the label the extract gives it; the extract
    holds only ids some node uses, one well-formed row each."""
    named = [(node, node.ontology) for node in nodes.values() if node.ontology and node.ontology.id]
    label = _display_path(path, c.data_dir)
    if not path.exists():
        if named:
            c.errors.append(ContentError(label, None, "", "missing: nodes name ontology ids, and this file is where "
                                         "they are checked", Stage.FILE))
        return
    extract: dict[str, tuple[str, int]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        c.errors.append(ContentError(label, None, "", f"cannot read file: {exc}", Stage.READ))
        return
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if cells[:2] != ["id", "label"]:
                c.errors.append(ContentError(label, number, "", "the first row must be the header "
                                             "'id<TAB>label<TAB>...'", Stage.FILE))
            continue
        if len(cells) < 2 or not re.fullmatch(r"UBERON:\d{7}|FMA:\d+", cells[0]) or not cells[1].strip():
            c.errors.append(ContentError(label, number, "", f"expected 'ONTOLOGY:digits<TAB>label'; got {_short(line)}",
                                         Stage.FILE))
        elif cells[0] in extract:
            first = extract[cells[0]][1]
            c.errors.append(ContentError(label, number, "", f"duplicate id {cells[0]} (first on line {first})",
                                         Stage.FILE))
        else:
            extract[cells[0]] = (cells[1].strip(), number)
    for node, match in named:
        doc, loc = where[id(node)]
        assert match.id is not None
        if match.id not in extract:
            c.add(doc, loc + ("ontology", "id"), f"{match.id} is not in {label} (add it from the ontology's release, "
                  "with its label, or correct the id)")
        elif match.label != extract[match.id][0]:
            c.add(doc, loc + ("ontology", "label"), f"{match.id} is {extract[match.id][0]!r} in the ontology, not "
                  f"{_short(match.label)}: is the id right?")
    used = {match.id for _, match in named}
    for term, (_, number) in extract.items():
        if term not in used:
            c.errors.append(ContentError(label, number, "", f"{term} is named by no node; the extract holds only the "
                                         "ids nodes use", Stage.CROSS_FILE))


def _check_wording(c: _Collector, wording: Wording, doc: _Doc) -> None:
    """Every sentence the code asks for is there, in both versions, with only the placeholders it fills."""
    for key, asked in wordingkeys.asked_for().items():
        words = wording.ui.get(key)
        if words is None:
            c.add(doc, ("ui",), f"missing sentence {key!r}, which {asked.where} asks for; add it with its "
                  "clinical and plain versions")
            continue
        for version in ("clinical", "plain"):
            if problem := wordingkeys.placeholder_problem(getattr(words, version), asked.placeholders):
                c.add(doc, ("ui", key, version), problem)


def _check_name_notes(c: _Collector, node: Node, doc: _Doc, loc: tuple[str | int, ...]) -> None:
    for name in node.name_notes:
        if name not in node.synonyms:
            c.add(doc, loc + ("name_notes", name), f"note for {_short(name)}, which is not one of this node's synonyms")


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
            # A refused node among them, or a refused edge at one of them, would explain the gap.
            cause = next((e for n in step.nodes if n not in nodes and (e := c.refused.cause("node", n))), None) \
                or next((e for n in known if (e := c.refused.cause("edge", n))), None)
            c.add(doc, here + ("nodes",), f"these nodes are not joined by edges: {groups} (add the steps between them)",
                  cause=cause)
        for j, region in enumerate(step.regions):
            if region in nodes and nodes[region].kind is not NodeKind.REGION:
                c.add(doc, here + ("regions", j), f"{region!r} is a {nodes[region].kind.value}, not a region")


def _check_tour_checks(
    c: _Collector, tour: Tour, quiz_words: QuizWords | None, doc: _Doc, loc: tuple[str | int, ...]
) -> None:
    """A tour's before and after checks name hand-written items of data/quiz.yaml."""
    if tour.checks is None:
        return
    known = {item.id for item in quiz_words.items} if quiz_words is not None else set()
    for phase in ("before", "after"):
        for i, item_id in enumerate(getattr(tour.checks, phase)):
            if item_id not in known:
                c.add(doc, loc + ("checks", phase, i),
                      f"no quiz item {_short(item_id)} in data/quiz.yaml{c.did_you_mean(item_id, known)}")


def _models_in(hint: Any) -> Iterator[type[BaseModel]]:
    """The model classes a field's type names, at any depth of lists, dicts and unions (not inside them)."""
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        yield hint
    for arg in typing.get_args(hint):
        yield from _models_in(arg)


def _is_flat(model: type[BaseModel]) -> bool:
    """Whether the only reference keys in a `model` are its own `references` field: none of the models it
    holds, however deep, has a field the link checks read, a mapping (whose keys walk_tree would read as
    field names) or a widget with local ids. Such an item is checked without walking it."""
    seen: set[type[BaseModel]] = set()
    todo = [m for f in model.model_fields.values() for m in _models_in(f.annotation)]
    while todo:
        inner = todo.pop()
        if inner in seen:
            continue
        seen.add(inner)
        if inner in _LOCAL_IDS or inner is model:
            return False
        for name, f in inner.model_fields.items():
            if name in _LINK_FIELDS or typing.get_origin(f.annotation) is dict:
                return False
            todo.extend(_models_in(f.annotation))
    return True


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
    # Thousands of nodes and edges: their node ids are checked with the graph, only their keys here.
    if isinstance(item, (Node, Edge)) and type(item) in _FLAT_ITEMS:
        for i, key in enumerate(item.references):
            if key not in references:
                c.add(doc, loc + ("references", i),
                      f"unknown reference key {_short(key)}{c.did_you_mean(key, references)}",
                      cause=c.refused.cause("reference", key))
        return
    for path, value in walk_tree(item, loc):
        name = path[-1] if path else None
        if name == "references":
            for i, key in enumerate(value):
                if key not in references:
                    c.add(doc, path + (i,), f"unknown reference key {_short(key)}{c.did_you_mean(key, references)}",
                          cause=c.refused.cause("reference", key))
        elif name in _NODE_FIELDS and not isinstance(item, (Node, Edge)):
            for i, node_id in enumerate(value if isinstance(value, list) else [value]):
                if node_id is not None and node_id not in nodes:
                    sub = path + (i,) if isinstance(value, list) else path
                    c.add(doc, sub, f"unknown node {_short(node_id)}{c.did_you_mean(node_id, nodes)}",
                          cause=c.refused.cause("node", node_id))
        elif name == "page" and isinstance(value, str) and value not in page_ids:
            c.add(doc, path, f"unknown page {_short(value)}{c.did_you_mean(value, page_ids)}",
                  cause=c.refused.cause("page", value))
    _check_local_ids(c, item, doc, loc)


# Ids that must point inside the same widget:
# widget -> (field holding the targets, field holding the referrers, the referrer's id-list field, what a target is)
_LOCAL_IDS: dict[type[BaseModel], tuple[str, str, str, str]] = {
    FeatureChecklistWidget: ("criteria", "features", "criteria", "criterion"),
    VignetteWidget: ("items", "vignettes", "present", "criterion"),
    FlowWidget: ("steps", "steps", "next", "step"),
}

# What `_check_links` looks for, by the field a value sits in.
_LINK_FIELDS = frozenset({"references", "page"}) | _NODE_FIELDS
# Nodes and edges are the thousands of items: their node ids are checked with the graph, their keys
# without a walk. (Node holds an OntologyMatch, which has none of these fields: still flat.)
_FLAT_ITEMS = frozenset(m for m in (Node, Edge) if _is_flat(m))


def _check_local_ids(c: _Collector, item: BaseModel, doc: _Doc, loc: tuple[str | int, ...]) -> None:
    """A feature's criteria, a vignette's items and a step's next must name ids of the same widget."""
    for path, value in walk_tree(item, loc):
        rule = _LOCAL_IDS.get(type(value))
        if rule is None:
            continue
        targets, referrers, field_name, what = rule
        known: set[str] = set()
        for i, target in enumerate(getattr(value, targets)):
            if target.id in known:  # said as what it is, not as an "unknown" id where it is used
                c.add(doc, path + (targets, i, "id"), f"duplicate {what} id {_short(target.id)}")
            known.add(target.id)
        for i, referrer in enumerate(getattr(value, referrers)):
            for j, target in enumerate(getattr(referrer, field_name)):
                if target not in known:
                    c.add(doc, path + (referrers, i, field_name, j), f"unknown {what} {_short(target)}")


# --- pydantic's errors in the reader's words -----------------------------------------------------


def _without_union_tags(loc: tuple[str | int, ...], data: Any) -> tuple[str | int, ...]:
    """`loc` without the member names pydantic puts in the path of a discriminated union (a widget's type).

    pydantic writes the chosen member right after the widget's index: `widgets, 2, routes, routes, 1`
    is widget 2 (of type `routes`), its field `routes`, item 1. A part is a tag only where the data at
    that point is a mapping whose `type:` is that part, which tells the two `routes` apart.
    """
    out: list[str | int] = []
    after_tag = False
    for part in loc:
        if not after_tag and part in WIDGET_TYPES and isinstance(data, dict) and data.get("type") == part:
            after_tag = True  # the next part is a field, even one spelled like the tag
            continue
        after_tag = False
        out.append(part)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            data = None
    return tuple(out)


def _message(err: Any, meant: str | None = None) -> str:
    """One pydantic error as a content editor reads it; `meant` is the field an unknown key was close to."""
    kind = err["type"]
    got = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown field (did you mean {meant!r}?)" if meant else "unknown field (check the spelling)"
    if kind in ("enum", "literal_error"):
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"{_lower_first(err['msg'])}; got {_describe(got)}{_did_you_mean(str(got), expected)}"
    if kind == "union_tag_invalid":
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
        return f"unknown widget type {_short(ctx.get('tag'))}{_did_you_mean(str(ctx.get('tag')), expected)}"
    if kind == "union_tag_not_found":
        return f"a widget needs a 'type:' line (one of {', '.join(sorted(WIDGET_TYPES))})"
    if kind == "string_pattern_mismatch":
        words = _PATTERN_WORDS.get(ctx.get("pattern"), f"in the expected format ({ctx.get('pattern')})")
        return f"{_short(got)} is not {words}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in _OWN_ERRORS:  # raised by model.py's own checks, whose words already name the value
        return str(err["msg"])
    if kind == "string_too_short" and isinstance(got, str):
        return "text is empty"
    if kind == "string_too_long" and isinstance(got, str):
        return f"text is too long: {len(got):,} characters (at most {ctx.get('max_length', 0):,}); shorten it"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of fields (key: value); got {_describe(got)}"
    if kind == "list_type":
        return f"expected a list; got {_describe(got)}"
    if kind == "too_short" and isinstance(got, (list, dict)):
        n = ctx.get("min_length")
        return f"needs at least {n} item{'s' if n != 1 else ''}; got {len(got)}"
    if kind == "int_parsing":  # 'yes', '1:30', 'twelve': text where a number belongs
        return f"expected a whole number; got {_describe(got)}"
    if kind == "int_from_float":
        return f"input should be a whole number; got {_describe(got)}"
    return f"{_lower_first(err['msg'])}; got {_describe(got)}"


# Error types that model.py's own validators raise (PydanticCustomError), worded in full there.
_OWN_ERRORS = frozenset({"svg_path", "anchor", "duplicate_region", "untaught", "half_plain", "same_option",
                         "same_check", "repeated_check"})

# What each id pattern of model.py means, for the reader who broke one.
_PATTERN_WORDS = {
    typing.get_args(alias)[1].pattern: words
    for alias, words in (
        (Slug, "an id (lower-case letters and digits, joined by '_' or '-')"),
        (RefKey, "a reference key (a letter, then letters, digits or '_')"),
        (Segment, "a segment (C0 to C8, or V1 to V3)"),
        (OntologyId, "an ontology id (UBERON: and 7 digits, or FMA:digits)"),
    )
}


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names of the model at `loc` (a pydantic path, union tags included), or [] if unknown."""
    hint: Any = model
    for part in loc:
        hint = _step_into(hint, part)
        if hint is None:
            return []
    return list(hint.model_fields) if isinstance(hint, type) and issubclass(hint, BaseModel) else []


def _step_into(hint: Any, part: str | int) -> Any:
    while typing.get_origin(hint) is typing.Annotated:
        hint = typing.get_args(hint)[0]
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if len(members) > 1:  # a discriminated union: `part` is the member's tag
            return next((m for m in members if _tag_of(m) == part), None)
        hint = members[0]
        while typing.get_origin(hint) is typing.Annotated:
            hint = typing.get_args(hint)[0]
        origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        field_info = hint.model_fields.get(part) if isinstance(part, str) else None
        return field_info.annotation if field_info is not None else None
    if origin is list and isinstance(part, int):
        return args[0]
    if origin is dict:
        return args[1]
    return None


def _tag_of(member: Any) -> Any:
    field_info = member.model_fields.get("type") if isinstance(member, type) and issubclass(member, BaseModel) else None
    return typing.get_args(field_info.annotation)[0] if field_info is not None else None


# --- small helpers --------------------------------------------------------------------------


def _describe(value: Any) -> str:
    """How a message shows what was found: short, one line, whatever its size."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a true/false value; put text in quotes)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return _short(value)


def _short(value: Any) -> str:
    """repr() of `value`, cut to keep a message one short line."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:45]}…{text[-12:]} ({len(str(value)):,} characters)"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _dotted(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _did_you_mean(name: Any, known: Iterable[Any]) -> str:
    close = _closest(str(name), known)
    return f" (did you mean {close!r}?)" if close else ""


def _closest(name: str, known: Iterable[Any]) -> str | None:
    """The known name most like `name` (rapidfuzz's ratio, at least 60 of 100), or None."""
    if len(name) > 200:  # nothing is that close to a 10 MB typo: do not compare it at all
        return None
    best = process.extractOne(name, sorted(str(k) for k in known), scorer=fuzz.ratio, score_cutoff=60)
    return str(best[0]) if best else None


def _display_path(path: Path, data_dir: Path) -> str:
    try:
        return str(Path(data_dir.name) / path.relative_to(data_dir))
    except ValueError:
        return str(path)
