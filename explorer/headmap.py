"""The head-and-neck figure as one SVG: front, side and back views whose regions can be lit or chosen.

Pure: the same map, labels and states give the same markup, and nothing here imports Streamlit
(`explorer.ui.headmap` mounts the SVG as a clickable component). Labels sit in the margins
beside each view, never on the drawing or on each other, with a thin leader line to their region.

A region's state is how we know pain is felt there (a `Basis`: filled with its colour and its
pattern, so colour is never the only cue), or "chosen" by the reader (a pale blue fill, a thick
outline and a check mark), or absent (unlit skin).

Examples:
    >>> from explorer.load import load_knowledge_base
    >>> head = load_knowledge_base().head_map
    >>> svg = head_svg(head, {"frontal_region": "Forehead"}, {"frontal_region": "observed_people"})
    >>> svg.startswith("<svg") and 'data-region="frontal_region"' in svg
    True
    >>> [b.region for b in label_boxes(head, {}, {"frontal_region": "chosen"}, views=("front",))]
    ['frontal_region']
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from typing import Literal

from explorer.model import HEAD_VIEWBOX, HEAD_VIEWS, Basis, HeadMap, HeadView
from explorer.palette import BASIS_STYLE, CHOSEN, INK, MUTED, PAPER, SKIN
from explorer.svgpath import Point, flatten, x_extent
from explorer.textbox import ARIAL_BOLD, SOURCE_SANS_BOLD, even_lines, fewest_lines, stack

__all__ = [
    "CHOSEN_STATE",
    "FONT_PX",
    "LabelBox",
    "head_svg",
    "label_boxes",
    "legend_img",
    "legend_items",
    "legend_svg",
    "with_legend",
]

CHOSEN_STATE = "chosen"  # the state of a region the reader picked

# Sizes in px at the figure's natural size, where one unit of a view's 200 x 240 box is one px.
FONT_PX = 13  # label text
TITLE_PX = 15  # view titles
LINE_PX = 16  # line height of a label
TEXT_MAX = 92  # a label's text wraps at this width
PAD_X, PAD_Y = 6, 4  # inside a label's box
MARKER = 12  # the swatch or check box beside a label
MIN_BOX_H = 26  # a label's least height in a figure that is only looked at
TAP_BOX_H = 44  # in one that is tapped: 44 px or more on a phone, where a view is drawn at 1.0x or more
GAP_Y = 5  # between two labels on one side
GAP_DRAWING = 9  # between a label and the drawing
TITLE_H = 26  # the band above each view for its title
VIEW_GAP = 20  # between views
EDGE = 4  # around each view's canvas
_BOX_W, _BOX_H = HEAD_VIEWBOX[2], HEAD_VIEWBOX[3]  # a view's drawing box
_CENTRE_X = _BOX_W / 2

State = Basis | Literal["chosen"]
Side = Literal["left", "right"]


@dataclass(frozen=True)
class LabelBox:
    """A placed label, in the SVG's coordinates (the views side by side, as `head_svg` draws them)."""

    view: str
    region: str
    x: float
    y: float
    width: float
    height: float
    side: Side
    lines: tuple[str, ...] = field(repr=False)
    anchor: Point = field(repr=False)  # the end of the leader line, in the SVG's coordinates

    def overlaps(self, other: LabelBox) -> bool:
        """Whether the two boxes share any area (touching edges do not count)."""
        return (self.x < other.x + other.width and other.x < self.x + self.width
                and self.y < other.y + other.height and other.y < self.y + self.height)


def head_svg(
    head_map: HeadMap,
    labels: Mapping[str, str],
    states: Mapping[str, State | str],
    *,
    views: Sequence[str] = HEAD_VIEWS,
    interactive: bool = False,
    title: str = "Head and neck, seen from the front, the right side and the back",
    notes: Mapping[str, str] | None = None,
    font: str = "'Source Sans', 'Source Sans 3', 'Source Sans Pro', sans-serif",
) -> str:
    """One `<svg>` of the chosen views side by side, with each region drawn in its state.

    `labels` gives each region's short label (a region without one is labelled by its id);
    `states` maps region ids to a `Basis` value or "chosen" (regions not in it are unlit).
    `notes` adds words to a region's tooltip, e.g. how we know. In `interactive` mode every region
    is a button (`role="button"`, focusable, `aria-pressed` when chosen) and every region is
    labelled; otherwise only regions with a state are labelled. Labels and notes are escaped.
    `font` is the text's font family: Streamlit's by default; an SVG shown as an image (inside a
    chart, or a download) cannot reach the page's web fonts, so it names a common system font.

    Raises:
        ValueError: for an unknown view name or state.
    """
    layout = _layout(head_map, labels, _states(states), tuple(views), interactive)
    notes = notes or {}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="headmap{" headmap-interactive" if interactive else ""}" '
        f'viewBox="0 0 {_n(layout.width)} {_n(layout.height)}" width="{_n(layout.width)}" '
        f'height="{_n(layout.height)}" role="group" aria-label="{_e(title)}" '
        f'font-family="{_e(font)}">',
        f"<title>{_e(title)}</title>",
        f"<style>{_css(interactive)}</style>",
        f"<defs>{_patterns('')}</defs>",
    ]
    for view in layout.views:
        out.append(_view_svg(view, layout.states, labels, notes, interactive))
    out.append("</svg>")
    return "".join(out)


def label_boxes(
    head_map: HeadMap,
    labels: Mapping[str, str],
    states: Mapping[str, State | str],
    *,
    views: Sequence[str] = HEAD_VIEWS,
    interactive: bool = False,
) -> list[LabelBox]:
    """Every label `head_svg` would place for the same arguments, with its box."""
    layout = _layout(head_map, labels, _states(states), tuple(views), interactive)
    return [box for view in layout.views for box in view.boxes]


def legend_items(states: Mapping[str, State | str]) -> list[Basis]:
    """The bases present in `states`, in the palette's order (strongest evidence first)."""
    present = {s for s in _states(states).values() if isinstance(s, Basis)}
    return [b for b in BASIS_STYLE if b in present]


def legend_svg(basis: Basis | str, *, label: str | None = None, width: int = 28, height: int = 18) -> str:
    """A small swatch of one basis (its colour and pattern), for a legend beside the figure.

    With `label`, the swatch is an image with that accessible name; without, it is decorative.
    """
    b = Basis(basis)
    style = BASIS_STYLE[b]
    pid = f"legend-{style.pattern}" if style.pattern else ""
    a11y = f'role="img" aria-label="{_e(label)}"' if label else 'aria-hidden="true"'
    overlay = f'<rect width="{width}" height="{height}" fill="url(#{pid})"/>' if pid else ""
    defs = f"<defs>{_patterns('legend-', only=style.pattern)}</defs>" if pid else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" {a11y}>{defs}'
            f'<rect width="{width}" height="{height}" fill="{style.colour}"/>{overlay}'
            f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="none" stroke="{INK}"/></svg>')


def with_legend(svg: str, items: Sequence[tuple[Basis | str, str]], *, font: str, columns: int = 2) -> str:
    """`svg` (from `head_svg`) with a legend of basis swatches under it, as one SVG (for an image).

    `items` are (basis, words) pairs; the swatches carry each basis's colour and pattern.
    """
    import re

    size = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if size is None or not items:
        return svg
    width, height = float(size.group(1)), float(size.group(2))
    # One column when any item's words would run past its column (and be cut off at the figure's edge:
    # "predicted by convergence (hypothesis)" lost its last word beside a second item).
    while columns > 1 and any(34 + ARIAL_BOLD.width(words, FONT_PX) > width / columns - 4 for _, words in items):
        columns -= 1
    row, col_w = 22.0, width / columns
    rows = -(-len(items) // columns)
    parts = []
    for i, (basis, words) in enumerate(items):
        x, y = (i % columns) * col_w + 4, height + 6 + (i // columns) * row
        swatch = legend_svg(basis).replace("<svg ", f'<svg x="{_n(x)}" y="{_n(y)}" ', 1)
        parts.append(swatch)
        parts.append(f'<text x="{_n(x + 34)}" y="{_n(y + 13)}" font-size="{FONT_PX}" fill="{INK}">{_e(words)}</text>')
    total = height + 10 + rows * row
    inner = svg.replace("<svg ", '<svg x="0" y="0" ', 1)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(total)}" width="{_n(width)}" '
            f'height="{_n(total)}" font-family="{_e(font)}">{inner}{"".join(parts)}</svg>')


def legend_img(basis: Basis | str, *, label: str | None = None) -> str:
    """`legend_svg` as an `<img>` tag, for `st.html` (which removes inline SVG; `st.markdown` keeps it).

    >>> legend_img("predicted", label="predicted").startswith('<img alt="predicted" src="data:image/svg+xml;base64,')
    True
    """
    data = base64.b64encode(legend_svg(basis).encode()).decode()
    return f'<img alt="{_e(label or "")}" src="data:image/svg+xml;base64,{data}" width="28" height="18"/>'


# --- layout ------------------------------------------------------------------------------------


@dataclass
class _ViewLayout:
    name: str
    view: HeadView
    dx: float  # where the view's box origin sits in the SVG
    dy: float
    x0: float  # the view's canvas in its own coordinates (labels included)
    x1: float
    y1: float
    boxes: list[LabelBox]


@dataclass
class _Layout:
    views: list[_ViewLayout]
    width: float
    height: float
    states: dict[str, State]


def _layout(head_map: HeadMap, labels: Mapping[str, str], states: dict[str, State], views: tuple[str, ...],
            interactive: bool) -> _Layout:
    unknown = [v for v in views if v not in HEAD_VIEWS]
    if unknown or not views:
        raise ValueError(f"unknown view(s) {unknown}; choose from {HEAD_VIEWS}")
    placed = []
    for name in views:
        view = head_map.views[name]
        drawn = [s.region for s in view.regions]
        shown = drawn if interactive else [r for r in drawn if r in states]
        local = _place_labels(view, shown, labels, TAP_BOX_H if interactive else MIN_BOX_H)
        # The canvas is the one every region's label would need, so the figure keeps its size as
        # regions light up and go dark.
        frame = local if interactive else _place_labels(view, drawn, labels, MIN_BOX_H)
        x0 = min([0.0, *(b.x for b in local + frame)]) - EDGE
        x1 = max([_BOX_W, *(b.x + b.width for b in local + frame)]) + EDGE
        y1 = max([_BOX_H, *(b.y + b.height for b in local + frame)]) + EDGE
        placed.append((name, view, local, x0, x1, y1))
    height = TITLE_H + max(p[5] for p in placed)
    out, left = [], 0.0
    for name, view, local, x0, x1, y1 in placed:
        dx, dy = left - x0, float(TITLE_H)
        boxes = [LabelBox(name, b.region, b.x + dx, b.y + dy, b.width, b.height, b.side, b.lines,
                          (b.anchor[0] + dx, b.anchor[1] + dy)) for b in local]
        out.append(_ViewLayout(name, view, dx, dy, x0, x1, y1, boxes))
        left += (x1 - x0) + VIEW_GAP
    return _Layout(out, left - VIEW_GAP, height, states)


def _place_labels(view: HeadView, regions: Sequence[str], labels: Mapping[str, str],
                  min_height: float) -> list[LabelBox]:
    """Labels of one view in its own coordinates: sides by anchor, stacked apart, beside the drawing."""
    shapes = {s.region: s for s in view.regions}
    items = []
    for region in regions:
        lines = _wrap(_label_text(region, labels))
        w = PAD_X + MARKER + 5 + max(_text_width(ln) for ln in lines) + PAD_X
        h = float(max(min_height, len(lines) * LINE_PX + 2 * PAD_Y))
        items.append((region, lines, w, h, shapes[region].anchor))
    sides = _sides(items)
    outline = _outline(view.outline)
    # The swaps below re-stack the same labels many times at the same heights: remember each band's extent.
    extent = cache(lambda y0, y1: x_extent(outline, y0, y1))
    boxes: list[LabelBox] = []
    for side in ("left", "right"):
        group = sorted((it for it in items if sides[it[0]] == side), key=lambda it: (it[4][1], it[4][0]))
        placed = _stack_side(group, side, extent)
        # Swap neighbouring labels while that leaves fewer leader lines crossing.
        improved = True
        while improved:
            improved = False
            for i in range(len(group) - 1):
                trial = [*group[:i], group[i + 1], group[i], *group[i + 2:]]
                trial_placed = _stack_side(trial, side, extent)
                if _crossings(trial_placed) < _crossings(placed):
                    group, placed, improved = trial, trial_placed, True
        boxes.extend(_clear_leaders(placed))
    return boxes


def _stack_side(group: list[tuple[str, tuple[str, ...], float, float, Point]], side: Side,
                extent: Callable[[float, float], tuple[float, float] | None]) -> list[LabelBox]:
    """Labels of one side, top to bottom in the given order, each just clear of the drawing."""
    tops = stack([it[4][1] - it[3] / 2 for it in group], [it[3] for it in group], gap=GAP_Y, lo=0.0, hi=_BOX_H)
    out = []
    for (region, lines, w, h, anchor), top in zip(group, tops, strict=True):
        ext = extent(top - GAP_Y, top + h + GAP_Y) or (_CENTRE_X, _CENTRE_X)
        x = ext[0] - GAP_DRAWING - w if side == "left" else ext[1] + GAP_DRAWING
        out.append(LabelBox("", region, x, top, w, h, side, lines, anchor))
    return out


def _crossings(boxes: list[LabelBox]) -> int:
    return sum(_crosses(a, b) for a, b in combinations(boxes, 2))


def _crosses(a: LabelBox, b: LabelBox) -> bool:
    """Whether the leader lines of two labels cross."""
    p, q, r, s = _leader_start(a), a.anchor, _leader_start(b), b.anchor

    def orient(o: Point, x: Point, y: Point) -> float:
        return (x[0] - o[0]) * (y[1] - o[1]) - (x[1] - o[1]) * (y[0] - o[0])

    return orient(p, q, r) * orient(p, q, s) < 0 and orient(r, s, p) * orient(r, s, q) < 0


def _sides(items: list[tuple[str, tuple[str, ...], float, float, Point]]) -> dict[str, Side]:
    """Left of the middle goes left, right goes right; labels on the middle line balance the two."""
    sides: dict[str, Side] = {}
    height = {"left": 0.0, "right": 0.0}
    for region, _, _, h, (ax, _) in sorted(items, key=lambda it: (abs(it[4][0] - _CENTRE_X), it[4][1])):
        side: Side
        if abs(ax - _CENTRE_X) > 1e-9:
            side = "left" if ax < _CENTRE_X else "right"
        else:
            side = "left" if height["left"] < height["right"] else "right"
        sides[region] = side
        height[side] += h + GAP_Y
    return sides


def _clear_leaders(boxes: list[LabelBox]) -> list[LabelBox]:
    """Move a label outwards where another label's leader line would cross it."""
    boxes = list(boxes)
    for _ in range(len(boxes)):
        moved = False
        for i, b in enumerate(boxes):
            for a in boxes:
                if a is b:
                    continue
                start = _leader_start(a)
                cut = _segment_x_in_band(start, a.anchor, b.y - 1, b.y + b.height + 1)
                if cut is None:
                    continue
                lo_x, hi_x = cut
                if b.side == "left" and b.x + b.width > lo_x - 3:
                    boxes[i] = b = _moved(b, lo_x - 3 - b.width)
                    moved = True
                elif b.side == "right" and b.x < hi_x + 3:
                    boxes[i] = b = _moved(b, hi_x + 3)
                    moved = True
        if not moved:
            break
    return boxes


def _moved(b: LabelBox, x: float) -> LabelBox:
    return LabelBox(b.view, b.region, x, b.y, b.width, b.height, b.side, b.lines, b.anchor)


def _leader_start(b: LabelBox) -> Point:
    return (b.x + b.width if b.side == "left" else b.x, b.y + b.height / 2)


def _segment_x_in_band(p: Point, q: Point, y0: float, y1: float) -> tuple[float, float] | None:
    """The x range of segment p-q between heights y0 and y1, or None if it does not pass there."""
    (px, py), (qx, qy) = p, q
    lo, hi = max(min(py, qy), y0), min(max(py, qy), y1)
    if lo > hi:
        return None
    if abs(qy - py) < 1e-9:
        return (min(px, qx), max(px, qx))
    xs = [px + (qx - px) * (y - py) / (qy - py) for y in (lo, hi)]
    return (min(xs), max(xs))


@cache
def _outline(d: str) -> tuple[tuple[Point, ...], ...]:
    return tuple(tuple(poly) for poly in flatten(d))


def _label_text(region: str, labels: Mapping[str, str]) -> str:
    return labels.get(region) or region.replace("_", " ")


def _wrap(text: str) -> tuple[str, ...]:
    """The label in as few lines as fit TEXT_MAX, with the words spread so the lines are even.

    >>> _wrap("Back and side of the neck")
    ('Back and side', 'of the neck')
    """
    count = fewest_lines(text, SOURCE_SANS_BOLD, FONT_PX, TEXT_MAX)
    return even_lines(text, SOURCE_SANS_BOLD, FONT_PX, count)[1]


def _text_width(text: str, px: float = FONT_PX) -> float:
    return SOURCE_SANS_BOLD.width(text, px)


# --- drawing -----------------------------------------------------------------------------------


def _view_svg(v: _ViewLayout, states: dict[str, State], labels: Mapping[str, str], notes: Mapping[str, str],
              interactive: bool) -> str:
    view = v.view
    w, h = v.x1 - v.x0, v.y1 + TITLE_H
    out = [f'<g class="view" data-view="{v.name}" data-title="{_e(view.title)}" data-x0="{_n(v.x0)}" '
           f'data-y0="{-TITLE_H}" data-w="{_n(w)}" data-h="{_n(h)}" '
           f'transform="translate({_n(v.dx)},{_n(v.dy)})" aria-label="{_e(view.title)}">',
           f'<text class="view-title" x="{_n(_CENTRE_X)}" y="-9" text-anchor="middle" '
           f'font-size="{TITLE_PX}" font-weight="700" fill="{INK}">{_e(view.title)}</text>',
           f'<path class="skin" d="{view.outline}" fill="{SKIN}"/>']
    boxes = {b.region: b for b in v.boxes}
    for shape in view.regions:
        region, state = shape.region, states.get(shape.region)
        label = _label_text(region, labels)
        tip = f"{label} ({notes[region]})" if region in notes else label
        attrs = f'class="region{_state_class(state)}" data-region="{_e(region)}"'
        if interactive:
            pressed = "true" if state == CHOSEN_STATE else "false"
            attrs += f' role="button" tabindex="0" aria-pressed="{pressed}" aria-label="{_e(tip)}"'
        out.append(f"<g {attrs}><title>{_e(tip)}</title>")
        fill, pattern, stroke, width = _region_style(state)
        for d in shape.paths:
            out.append(f'<path class="shape" d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="{width}" '
                       f'stroke-linejoin="round"/>')
            if pattern:
                out.append(f'<path class="pattern" d="{d}" fill="url(#{pattern})" pointer-events="none"/>')
        if region in boxes:
            out.append(_label_svg(boxes[region], v, state, interactive))
        out.append("</g>")
    # Over the regions: the skin's outline, the face and ears, then what must stay visible on any fill.
    out.append(f'<path class="outline" d="{view.outline}" fill="none" stroke="{INK}" stroke-width="1.6" '
               f'stroke-linejoin="round" pointer-events="none"/>')
    if view.features:
        out.append(f'<g class="features" fill="none" stroke="{INK}" stroke-width="1" stroke-linecap="round" '
                   f'stroke-linejoin="round" pointer-events="none">')
        out.extend(f'<path d="{d}"/>' for d in view.features)
        out.append("</g>")
    out.append('<g class="marks" pointer-events="none" aria-hidden="true">')
    for shape in view.regions:
        if states.get(shape.region) == CHOSEN_STATE:
            out.extend(f'<path d="{d}" fill="none" stroke="{INK}" stroke-width="2.6" stroke-linejoin="round"/>'
                       for d in shape.paths)
    for b in v.boxes:
        (sx, sy), (ax, ay) = _leader_start(b), b.anchor
        sx, sy, ax, ay = sx - v.dx, sy - v.dy, ax - v.dx, ay - v.dy
        line = f'x1="{_n(sx)}" y1="{_n(sy)}" x2="{_n(ax)}" y2="{_n(ay)}"'
        out.append(f'<line {line} stroke="{PAPER}" stroke-width="3" stroke-linecap="round"/>'
                   f'<line {line} stroke="{INK}" stroke-width="1.1"/>')
        if states.get(b.region) == CHOSEN_STATE:
            out.append(_check(ax, ay, 7.5))
        else:
            out.append(f'<circle cx="{_n(ax)}" cy="{_n(ay)}" r="2.6" fill="{INK}" stroke="{PAPER}" '
                       f'stroke-width="1.2"/>')
    out.append("</g></g>")
    return "".join(out)


def _label_svg(b: LabelBox, v: _ViewLayout, state: State | None, interactive: bool) -> str:
    x, y = b.x - v.dx, b.y - v.dy
    chosen = state == CHOSEN_STATE
    box_stroke = f'stroke="{INK if chosen else MUTED}" stroke-width="{2 if chosen else 1}"' if interactive \
        else 'stroke="none"'
    out = [f'<rect class="label-box" x="{_n(x)}" y="{_n(y)}" width="{_n(b.width)}" height="{_n(b.height)}" '
           f'rx="5" fill="{PAPER}" {box_stroke}/>']
    # The marker sits on the side nearest the drawing; the text runs away from it.
    mx = x + b.width - PAD_X - MARKER if b.side == "left" else x + PAD_X
    my = y + b.height / 2 - MARKER / 2
    out.append(_marker(mx, my, state))
    if b.side == "left":
        tx, anchor = mx - 5, "end"
    else:
        tx, anchor = mx + MARKER + 5, "start"
    first = y + b.height / 2 - (len(b.lines) - 1) * LINE_PX / 2 + FONT_PX * 0.35
    weight = ' font-weight="700"' if chosen else ""
    out.append(f'<text class="label" x="{_n(tx)}" y="{_n(first)}" font-size="{FONT_PX}" fill="{INK}" '
               f'text-anchor="{anchor}"{weight}>')
    for i, text in enumerate(b.lines):
        # A space ends every wrapped line but the last, so the label reads as its words ("Ear and jaw
        # angle", not "Ear andjaw angle") to a screen reader and matches the region's accessible name.
        gap = " " if i < len(b.lines) - 1 else ""
        out.append(f'<tspan x="{_n(tx)}" dy="{0 if i == 0 else LINE_PX}">{_e(text)}{gap}</tspan>')
    out.append("</text>")
    return "".join(out)


def _marker(x: float, y: float, state: State | None) -> str:
    rect = f'x="{_n(x)}" y="{_n(y)}" width="{MARKER}" height="{MARKER}" rx="2"'
    if state == CHOSEN_STATE:
        return (f'<rect {rect} fill="{CHOSEN}" stroke="{INK}" stroke-width="1.2"/>'
                + _check_path(x + MARKER / 2, y + MARKER / 2, MARKER / 2 - 1, INK, 2))
    if isinstance(state, Basis):
        style = BASIS_STYLE[state]
        out = f'<rect {rect} fill="{style.colour}" stroke="{INK}" stroke-width="1"/>'
        if style.pattern:
            out += f'<rect {rect} fill="url(#{style.pattern})" pointer-events="none"/>'
        return out
    return f'<rect {rect} fill="{PAPER}" stroke="{MUTED}" stroke-width="1.2"/>'


def _check(cx: float, cy: float, r: float) -> str:
    """A check mark in a white disc: the sign of a chosen region on the drawing."""
    return (f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{PAPER}" stroke="{INK}" stroke-width="1.4"/>'
            + _check_path(cx, cy, r * 0.62, INK, 2.2))


def _check_path(cx: float, cy: float, s: float, colour: str, width: float) -> str:
    d = (f"M{_n(cx - s)},{_n(cy + s * 0.05)} L{_n(cx - s * 0.3)},{_n(cy + s * 0.7)} "
         f"L{_n(cx + s)},{_n(cy - s * 0.65)}")
    return (f'<path class="check" d="{d}" fill="none" stroke="{colour}" stroke-width="{width}" '
            f'stroke-linecap="round" stroke-linejoin="round"/>')


def _region_style(state: State | None) -> tuple[str, str, str, float]:
    """(fill, pattern id or "", outline colour, outline width) of a region in a state."""
    if state == CHOSEN_STATE:
        return CHOSEN, "", INK, 1.0
    if isinstance(state, Basis):
        style = BASIS_STYLE[state]
        return style.colour, style.pattern, INK, 0.9
    return SKIN, "", MUTED, 0.6


def _state_class(state: State | None) -> str:
    if state == CHOSEN_STATE:
        return " is-chosen"
    if isinstance(state, Basis):
        return f" is-lit basis-{state.value}"
    return ""


def _patterns(prefix: str, only: str | None = None) -> str:
    """The fill patterns of the bases, drawn in white over the basis colour."""
    defs = {
        "hatch": f'<pattern id="{prefix}hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
                 f'patternTransform="rotate(45)"><rect x="0" y="0" width="2.2" height="6" fill="{PAPER}"/></pattern>',
        "dots": f'<pattern id="{prefix}dots" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<circle cx="3" cy="3" r="1.5" fill="{PAPER}"/></pattern>',
        "cross": f'<pattern id="{prefix}cross" width="7" height="7" patternUnits="userSpaceOnUse" '
                 f'patternTransform="rotate(45)"><path d="M3.5,0 V7 M0,3.5 H7" stroke="{PAPER}" '
                 f'stroke-width="1.4"/></pattern>',
    }
    used = {s.pattern for s in BASIS_STYLE.values() if s.pattern}
    assert used <= set(defs), used - set(defs)
    return "".join(p for name, p in defs.items() if only is None or name == only)


def _css(interactive: bool) -> str:
    css = ("svg.headmap text{font-family:inherit}"
           "svg.headmap .view-title,svg.headmap .label{pointer-events:none}")
    if interactive:
        css += (f"svg.headmap .region{{cursor:pointer;outline:none;-webkit-tap-highlight-color:transparent}}"
                f"svg.headmap .region:hover .shape{{stroke:{INK};stroke-width:1.6}}"
                f"svg.headmap .region:hover .label-box{{stroke:{INK}}}"
                f"svg.headmap .region:focus-visible .shape{{stroke:{INK};stroke-width:3.5;stroke-dasharray:5 3}}"
                f"svg.headmap .region:focus-visible .label-box{{stroke:{INK};stroke-width:3;"
                f"stroke-dasharray:5 3}}")
    return css


def _states(states: Mapping[str, State | str]) -> dict[str, State]:
    out: dict[str, State] = {}
    for region, state in states.items():
        if state == CHOSEN_STATE:
            out[region] = "chosen"
            continue
        try:
            out[region] = Basis(state)
        except ValueError:
            choices = [b.value for b in Basis] + [CHOSEN_STATE]
            raise ValueError(f"unknown state {state!r} for region {region!r}; choose from {choices}") from None
    return out


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _n(x: float) -> str:
    """A coordinate with at most one decimal."""
    r = round(x, 1)
    return str(int(r)) if r == int(r) else str(r)
