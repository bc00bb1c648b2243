"""Positions for the convergence view, with room for every label: a layered layout in pixels.

Columns follow the signal (tissues, nerves, roots and ganglia, the trigeminal tract, the
trigeminocervical complex, ascending tracts, thalamus, cortex). Sources are grouped in bands by
the root their pain enters through (trigeminal, then C1, C2, C3, top to bottom, as in the body),
so the four inputs visibly meet in the complex. Each label has its own box: boxes in a column
are stacked with a gap, and columns are as wide as their widest label, so no two labels can
overlap. Edges that skip a column pass through a reserved empty slot in it (a Sugiyama dummy),
and run horizontally inside columns, so they never cross a label; they bend only in the gaps.

Why not Graphviz `dot`: it needs a system binary, and it fails on the same-rank constraints
across clusters this view needs (bands and the complex); a layout we own is deterministic,
guarantees no overlap by construction, and is tested without a browser.

Everything is in pixels at the given font size, y growing downwards; figures draw it 1:1.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from statistics import fmean, median
from types import MappingProxyType

from explorer.graph import Graph, kind_of, signal_graph, trace
from explorer.model import NodeKind
from explorer.text import short_name
from explorer.textbox import ARIAL_BOLD, even_lines, stack

__all__ = ["Band", "Column", "Layout", "NodeBox", "convergence_layout", "overlaps", "text_width", "wrap_label"]

# Column of each kind (regions are drawn on the head figure, not in the graph).
_COLUMN_KINDS: tuple[tuple[NodeKind, ...], ...] = (
    (NodeKind.STRUCTURE,),
    (NodeKind.NERVE,),  # branches
    (NodeKind.NERVE,),  # the rami, plexuses and nerves that enter a root
    (NodeKind.ROOT, NodeKind.TRACT),  # first-order neurons: roots, ganglia, and the trigeminal tract below its ganglion
    (NodeKind.STATION, NodeKind.HUB),  # second-order neurons, inside the trigeminocervical complex
    (NodeKind.TRACT,),  # ascending tracts
    (NodeKind.THALAMUS, NodeKind.TARGET),  # the thalamus, and the other targets of second-order neurons
    (NodeKind.CORTEX,),
)
_SOURCE_COLUMNS = 4  # tissues .. first-order neurons carry segment bands
_ROOTS, _COMPLEX = 3, 4
_BAND_ORDER = ("V", "C1", "C2", "C3")
_OTHER_CRANIAL = frozenset({"VII", "IX", "X"})  # cranial nerves whose ear fibres join the trigeminal tract

LINE = 1.25  # line height, in em
FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, sans-serif"


@lru_cache(maxsize=4096)  # each layout attempt measures every label again
def text_width(text: str, size: float, *, bold: bool = True) -> float:
    """The width in px of `text` at font size `size` (estimated from Arial's metrics, bold by default)."""
    return ARIAL_BOLD.width(text, size) / (1.0 if bold else ARIAL_BOLD.scale)


@lru_cache(maxsize=4096)
def wrap_label(text: str, size: float, *, lines: int = 3) -> tuple[str, ...]:
    """`text` on at most `lines` lines, so that the widest line is as narrow as it can be.

    Lines break at spaces, or at a `|` inside a long word, which then shows as a hyphen
    ("Trigemino|cervical complex" -> "Trigemino-", "cervical", "complex"). Unbroken, the `|` vanishes.
    Near-linear in the text (explorer/textbox.py), so a label of any length wraps at once.
    """
    best: tuple[float, tuple[str, ...]] = (float("inf"), ())
    for count in range(1, max(lines, 1) + 1):
        width, parts = even_lines(text, ARIAL_BOLD, size, count, soft_hyphens=True)
        if len(parts) < count:
            break  # fewer pieces than lines: more lines change nothing
        # Each extra line must pay for itself: a third line only if it saves more than an em.
        width += size * max(len(parts) - 2, 0)
        if width < best[0] - 0.01:
            best = (width, parts)
    return best[1]


@dataclass(frozen=True)
class NodeBox:
    """One node: its marker centre, and its label box to the right of the marker."""

    id: str
    column: int
    x: float  # marker centre
    y: float  # row centre
    lines: tuple[str, ...]
    label_x: float  # left edge of the label
    label_width: float
    label_height: float
    band: str | None = None

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the label."""
        top = self.y - self.label_height / 2
        return (self.label_x, top, self.label_x + self.label_width, top + self.label_height)


@dataclass(frozen=True)
class Column:
    index: int
    x0: float  # left edge (marker side)
    x1: float  # right end of the widest label


@dataclass(frozen=True)
class Band:
    """A horizontal band behind the source columns for the nodes entering through one root."""

    name: str  # "V", "C1", "C2", "C3"
    y0: float
    y1: float
    x0: float
    x1: float


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: layouts are cached and shared
class Layout:
    # Read-only mappings: one layout serves every session of a process.
    nodes: Mapping[str, NodeBox]
    edges: Mapping[tuple[str, str], tuple[tuple[float, float], ...]]  # polyline of each signal edge
    columns: tuple[Column, ...]
    bands: tuple[Band, ...]
    complex_box: tuple[float, float, float, float] | None  # around the trigeminocervical complex
    free: tuple[float, float, float, float]  # an empty area at the lower right (for a legend)
    width: float
    height: float
    font: float
    top: float  # where the first row starts (room for column titles above)

    def label_boxes(self) -> list[tuple[str, tuple[float, float, float, float]]]:
        return [(n, b.box) for n, b in self.nodes.items()]


def convergence_layout(
    G: Graph, *, font: float = 12.0, max_width: float | None = None, max_height: float | None = None,
    plain: bool = False,
) -> Layout:
    """The layered layout at this font size; labels wrap (three lines at most) column by column,
    the widest columns first, until the drawing fits `max_width` or nothing more can wrap while
    staying within `max_height`. The same graph and sizes always give the same layout.

    `plain` labels the nodes by their everyday names (for patients): other words, other widths, so
    a layout of its own.
    """
    return _layout(G, font, max_width, max_height, plain)


@lru_cache(maxsize=16)
def _layout(G: Graph, font: float, max_width: float | None, max_height: float | None, plain: bool) -> Layout:
    columns = _assign_columns(G)
    bands = _bands(G, columns)
    # Column -> the most lines its labels may take. Everyday names are longer than the anatomical short
    # labels, so a patient's column may first wrap to two lines and only later to three.
    wrapped: dict[int, int] = {}
    steps = (2, 3) if plain else (3,)
    attempt = _place(G, columns, bands, font, wrapped, plain)
    # Wrap the column that saves most width, as long as that keeps the drawing within max_height.
    while max_width is not None and attempt.width > max_width:
        options = []
        for col in sorted(set(columns.values())):
            for lines in (n for n in steps if n > wrapped.get(col, 1)):
                trial = _place(G, columns, bands, font, {**wrapped, col: lines}, plain)
                if trial.width < attempt.width and (max_height is None or trial.height <= max_height):
                    options.append((trial.width, col, lines, trial))
        if not options:
            break
        _, col, lines, attempt = min(options, key=lambda o: (o[0], o[1], o[2]))
        wrapped[col] = lines
    return attempt


# --- columns and bands ----------------------------------------------------------------------


def _assign_columns(G: Graph) -> dict[str, int]:
    """Column of every drawn node. A nerve that enters a root sits next to the roots; its branches before it."""
    signal = signal_graph(G)
    column: dict[str, int] = {}
    for node in G:
        kind = kind_of(G, node)
        if kind is NodeKind.REGION:
            continue
        if kind is NodeKind.NERVE:
            enters_root = any(kind_of(G, v) is NodeKind.ROOT for v in signal.successors(node))
            column[node] = 2 if enters_root else 1
        elif kind is NodeKind.TRACT:
            first_order = any(kind_of(G, u) is NodeKind.ROOT for u in signal.predecessors(node))
            column[node] = _ROOTS if first_order else 5
        else:
            column[node] = next(i for i, kinds in enumerate(_COLUMN_KINDS) if kind in kinds and i not in (1, 2))
    return column


def _bands(G: Graph, columns: dict[str, int]) -> dict[str, str]:
    """Band of each source-side node: the root its pain enters through (the middle one if several)."""
    out: dict[str, str] = {}
    for node, col in columns.items():
        if col >= _SOURCE_COLUMNS:
            continue
        found = {_band_of(G.nodes[r].get("segments", [])) for r in _roots(G, node)}
        roots = sorted((b for b in found if b is not None), key=_BAND_ORDER.index)
        if roots:
            out[node] = roots[(len(roots) - 1) // 2]
    return out


def _roots(G: Graph, node: str) -> set[str]:
    if kind_of(G, node) is NodeKind.ROOT:
        return {node}
    if kind_of(G, node) is NodeKind.TRACT:  # the trigeminal tract belongs with its ganglion
        return {u for u in G.predecessors(node) if kind_of(G, u) is NodeKind.ROOT}
    return {n for route in trace(G, node).routes for n in route if kind_of(G, n) is NodeKind.ROOT}


def _band_of(segments: list[str]) -> str | None:
    """The band a node's segments put it in: V if none is cervical (the trigeminal divisions, and VII, IX
    and X, whose afferents share the trigeminal tract), else its highest cervical level (C0 joins C1, and
    levels below C3 join C3, the lowest band drawn); None without segments.

    >>> _band_of(["V1", "V2"]), _band_of(["VII", "IX", "X"]), _band_of(["C3", "C2"]), _band_of(["C0"]), _band_of([])
    ('V', 'V', 'C2', 'C1', None)
    """
    if not segments:
        return None
    if not any(s.startswith("C") for s in segments):
        return "V"
    level = min(int(s[1:]) for s in segments if s.startswith("C"))
    return _BAND_ORDER[min(max(level, 1), len(_BAND_ORDER) - 1)]


# --- placement --------------------------------------------------------------------------------


@dataclass
class _Slot:
    id: str  # node id, or "u->v#i" for the i-th dummy of an edge
    column: int
    lines: tuple[str, ...]
    width: float
    height: float
    band: str | None
    dummy: bool


def _place(G: Graph, columns: dict[str, int], bands: dict[str, str], font: float,
           wrapped: Mapping[int, int], plain: bool) -> Layout:
    marker = font * 1.0  # marker diameter
    pad = font * 0.3  # marker to label
    col_gap = font * 1.3  # between columns: where edges bend
    row_gap = font * 0.45
    band_gap = font * 1.2
    dummy_height = font * 0.5
    top = font * LINE * 2 + font * 0.8  # two lines of column titles

    signal = signal_graph(G)
    edges = sorted((u, v) for u, v in signal.edges if u in columns and v in columns)
    slots: dict[str, _Slot] = {}
    labels = {node: _label_lines(G.nodes[node], col, font, wrapped, plain) for node, col in columns.items()}
    # A wrapped column is as wide as its widest label; a shorter label there takes the fewest lines that
    # fit that width ("Lower", "jaw nerve", not one word a line), which saves height at no cost in width.
    column_width = {col: max(text_width(line, font) for node, c in columns.items() if c == col
                             for line in labels[node]) for col in wrapped}
    for node, col in columns.items():
        lines = labels[node]
        if col in wrapped and len(lines) > 1:
            lines = _fewest_lines(_raw_label(G.nodes[node], plain), font, wrapped[col], column_width[col])
        width = max(text_width(line, font) for line in lines)
        slots[node] = _Slot(node, col, lines, width, font * LINE * len(lines), bands.get(node), False)
    chains: dict[tuple[str, str], list[str]] = {}
    for u, v in edges:
        chain = [u]
        for i, col in enumerate(range(columns[u] + 1, columns[v])):
            dummy = f"{u}->{v}#{i}"
            band = bands.get(u) if col < _SOURCE_COLUMNS else None
            slots[dummy] = _Slot(dummy, col, (), 0.0, dummy_height, band, True)
            chain.append(dummy)
        chains[(u, v)] = [*chain, v]
    links = [(a, b) for chain in chains.values() for a, b in pairwise(chain)]
    preds: dict[str, list[str]] = {s: [] for s in slots}
    succs: dict[str, list[str]] = {s: [] for s in slots}
    for a, b in links:
        succs[a].append(b)
        preds[b].append(a)

    n_cols = len(_COLUMN_KINDS)
    order = _order(G, slots, preds, succs, n_cols)
    ys = _vertical(slots, order, preds, succs, row_gap, band_gap, top)

    # Columns as wide as their widest label, left to right.
    xs: list[float] = []
    x = font * 2.6  # room for the band names at the left
    col_boxes = []
    for col in range(n_cols):
        widest = max((slots[s].width for s in order[col] if not slots[s].dummy), default=0.0)
        xs.append(x + marker / 2)
        right = x + marker + pad + widest
        col_boxes.append(Column(col, x, right))
        x = right + col_gap
    width = x - col_gap + font

    nodes = {}
    for s in slots.values():
        if not s.dummy:
            nodes[s.id] = NodeBox(s.id, s.column, xs[s.column], ys[s.id], s.lines, xs[s.column] + marker / 2 + pad,
                                  s.width, s.height, s.band)
    polylines = {}
    for (u, v), chain in chains.items():
        polylines[(u, v)] = _route(chain, slots, nodes, ys, col_boxes, xs, marker)
    height = max((ys[s] + slots[s].height / 2 for s in slots), default=top) + font
    band_boxes = _band_boxes(slots, ys, col_boxes, font)
    complex_box = _complex_box(nodes, col_boxes, font)
    right_side = [b for b in nodes.values() if b.column >= _COMPLEX]
    free_top = max([b.box[3] for b in right_side] + ([complex_box[3]] if complex_box else [])) + font
    free = (col_boxes[_COMPLEX].x0, free_top, width, height)
    return Layout(MappingProxyType(nodes), MappingProxyType(polylines), tuple(col_boxes), band_boxes, complex_box, free,
                  width, height, font, top)


def _raw_label(data: Mapping[str, object], plain: bool) -> str:
    return str(data["plain_label"] if plain else data.get("short") or data["label"])


def _label_lines(data: Mapping[str, object], col: int, font: float, wrapped: Mapping[int, int],
                 plain: bool) -> tuple[str, ...]:
    """A label at its narrowest within its column's line limit, or on one line if the column is not wrapped."""
    if col in wrapped:
        return wrap_label(_raw_label(data, plain), font, lines=wrapped[col])
    return (short_name(data, plain=plain),)


def _fewest_lines(text: str, font: float, most: int, width: float) -> tuple[str, ...]:
    """`text` on the fewest lines (at most `most`) whose widest line fits `width`."""
    for count in range(1, most + 1):
        lines = wrap_label(text, font, lines=count)
        if max(text_width(line, font) for line in lines) <= width + 0.01:
            return lines
    return wrap_label(text, font, lines=most)


def _order(G: Graph, slots: dict[str, _Slot], preds: dict[str, list[str]], succs: dict[str, list[str]],
           n_cols: int) -> list[list[str]]:
    """Top-to-bottom order in each column: band first, then barycentre sweeps; ties by id."""
    by_col: list[list[str]] = [[] for _ in range(n_cols)]
    for s in sorted(slots):
        by_col[slots[s].column].append(s)

    def band_rank(s: str) -> int:
        band = slots[s].band
        return _BAND_ORDER.index(band) if band in _BAND_ORDER else len(_BAND_ORDER)

    fixed = {_ROOTS, _COMPLEX}  # first- and second-order neurons keep the body's order: V, C1, C2, C3
    for col in fixed:
        by_col[col].sort(key=lambda s: _fixed_rank(G, slots, s))
    position = {s: float(i) for col in by_col for i, s in enumerate(col)}
    for sweep in range(8):
        forward = sweep % 2 == 0
        sequence = range(n_cols) if forward else range(n_cols - 1, -1, -1)
        for col in sequence:
            if col in fixed:
                continue
            neighbours = preds if forward else succs

            def key(s: str, nb: dict[str, list[str]] = neighbours) -> tuple[int, float, str]:
                linked = [position[m] for m in nb[s]] or [position[m] for m in (preds[s] + succs[s])]
                return (band_rank(s), fmean(linked) if linked else position[s], s)

            by_col[col].sort(key=key)
            position.update({s: float(i) for i, s in enumerate(by_col[col])})
    return by_col


def _fixed_rank(G: Graph, slots: dict[str, _Slot], s: str) -> tuple[int, str]:
    if slots[s].dummy:
        band = slots[s].band
        return (_BAND_ORDER.index(band) * 2 + 1 if band in _BAND_ORDER else 99, s)
    kind = kind_of(G, s)
    if kind is NodeKind.HUB:
        return (-1, s)
    if kind is NodeKind.TRACT:  # right under its ganglion, so the step between them is a short drop
        return (1, s)
    segments = G.nodes[s].get("segments", [])
    if segments and set(segments) <= _OTHER_CRANIAL:  # the ganglia of VII, IX and X: under the tract they join,
        return (2, s)  # so their step up to it never crosses the trigeminal ganglion
    band = _band_of(segments)
    return (_BAND_ORDER.index(band) * 2 if band is not None else 98, s)


def _vertical(slots: dict[str, _Slot], order: list[list[str]], preds: dict[str, list[str]],
              succs: dict[str, list[str]], row_gap: float, band_gap: float, top: float) -> dict[str, float]:
    """Row centres. Each column keeps its order and its gaps and is pulled towards its neighbours;
    in the source columns each band stays inside one horizontal stripe shared by all of them."""
    groups: list[tuple[list[str], tuple[float, float] | None]] = []  # (slots in order, bounds of the first)
    stripes = _stripes(slots, order, row_gap, band_gap, top)
    for col, members in enumerate(order):
        if col < _SOURCE_COLUMNS:
            for band in dict.fromkeys(slots[s].band for s in members):
                group = [s for s in members if slots[s].band == band]
                lo, hi = stripes[band]
                groups.append((group, (lo, hi - _stack(slots, group, row_gap))))
        elif members:
            groups.append((members, None))
    offsets: dict[str, float] = {}
    for group, _ in groups:
        offset = 0.0
        for prev, s in zip([None, *group], group, strict=False):
            if prev is not None:
                offset += slots[prev].height / 2 + row_gap + slots[s].height / 2
            offsets[s] = offset
    ys: dict[str, float] = {}
    for group, bounds in groups:
        start = bounds[0] if bounds else top
        for s in group:
            ys[s] = start + slots[group[0]].height / 2 + offsets[s]
    for sweep in range(12):
        forward = sweep % 2 == 0
        for group, bounds in (groups if forward else groups[::-1]):
            wanted = []
            for s in group:
                linked = [ys[m] for m in (preds[s] if forward else succs[s])] or [ys[m] for m in preds[s] + succs[s]]
                wanted.append((median(linked) if linked else ys[s]) - slots[s].height / 2)
            lo, hi = (bounds[0], bounds[1] + _stack(slots, group, row_gap)) if bounds else (-math.inf, math.inf)
            tops = stack(wanted, [slots[s].height for s in group], gap=row_gap, lo=lo, hi=hi)
            for s, y in zip(group, tops, strict=True):
                ys[s] = y + slots[s].height / 2
    shift = top - min(ys[s] - slots[s].height / 2 for s in slots)
    return {s: y + shift for s, y in ys.items()}


def _stack(slots: dict[str, _Slot], group: Sequence[str], row_gap: float) -> float:
    return sum(slots[s].height for s in group) + row_gap * (len(group) - 1)


def _stripes(slots: dict[str, _Slot], order: list[list[str]], row_gap: float, band_gap: float,
             top: float) -> dict[str | None, tuple[float, float]]:
    """The vertical stripe of each band: as tall as its tallest column, stacked V, C1, C2, C3."""
    bands = sorted({slots[s].band for col in order[:_SOURCE_COLUMNS] for s in col},
                   key=lambda b: _BAND_ORDER.index(b) if b in _BAND_ORDER else len(_BAND_ORDER))
    out: dict[str | None, tuple[float, float]] = {}
    y = top
    for band in bands:
        height = max(_stack(slots, [s for s in col if slots[s].band == band], row_gap)
                     for col in order[:_SOURCE_COLUMNS])
        out[band] = (y, y + height)
        y += height + band_gap
    return out


def _route(chain: list[str], slots: dict[str, _Slot], nodes: dict[str, NodeBox], ys: dict[str, float],
           cols: list[Column], xs: list[float], marker: float) -> tuple[tuple[float, float], ...]:
    """An edge's polyline: horizontal inside columns (in its own row or slot), a smooth bend in each gap."""
    points: list[tuple[float, float]] = []
    first = nodes[chain[0]]
    if len(chain) == 2 and nodes[chain[1]].column == first.column:  # ganglion -> its tract, right above or below
        last = nodes[chain[1]]
        down = 1 if last.y > first.y else -1
        return ((first.x, first.y + down * marker / 2), (last.x, last.y - down * marker / 2))
    points.append((first.label_x + first.label_width + 2, first.y))
    points.append((cols[first.column].x1 + 2, first.y))
    for s in chain[1:-1]:
        col = slots[s].column
        _bend(points, (xs[col] - marker / 2, ys[s]))
        points.append((cols[col].x1 + 2, ys[s]))
    last = nodes[chain[-1]]
    _bend(points, (last.x - marker / 2 - 1, last.y))
    return tuple((round(x, 2), round(y, 2)) for x, y in points)


def _bend(points: list[tuple[float, float]], end: tuple[float, float], steps: int = 8) -> None:
    """A cubic S-curve from the last point to `end`, flat at both ends."""
    (x0, y0), (x1, y1) = points[-1], end
    mid = (x1 - x0) / 2
    for i in range(1, steps + 1):
        t = i / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        points.append((a * x0 + b * (x0 + mid) + c * (x1 - mid) + d * x1, (a + b) * y0 + (c + d) * y1))


def _band_boxes(slots: dict[str, _Slot], ys: dict[str, float], cols: list[Column], font: float) -> tuple[Band, ...]:
    out = []
    for band in _BAND_ORDER:
        members = [s for s in slots.values() if s.band == band and s.column < _SOURCE_COLUMNS]
        if not members:
            continue
        y0 = min(ys[s.id] - s.height / 2 for s in members) - font * 0.45
        y1 = max(ys[s.id] + s.height / 2 for s in members) + font * 0.45
        out.append(Band(band, y0, y1, font * 0.2, cols[_SOURCE_COLUMNS - 1].x1 + font * 0.6))
    return tuple(out)


def _complex_box(
    nodes: dict[str, NodeBox], cols: list[Column], font: float
) -> tuple[float, float, float, float] | None:
    members = [b for b in nodes.values() if b.column == _COMPLEX]
    if not members:
        return None
    y0 = min(b.box[1] for b in members) - font * 0.5
    y1 = max(b.box[3] for b in members) + font * 0.5
    return (cols[_COMPLEX].x0 - font * 0.4, y0, cols[_COMPLEX].x1 + font * 0.4, y1)


def overlaps(boxes: Iterable[tuple[float, float, float, float]]) -> list[tuple[int, int]]:
    """Index pairs of boxes that overlap (for tests and checks)."""
    items = list(boxes)
    found = []
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                found.append((i, j))
    return found
