"""Just enough SVG path geometry for the head map: flatten a path `d` into polygons.

Used to keep labels off the drawing (the outline's extent at a given height) and, in the tests,
to check that regions lie inside the outline and do not overlap. Every SVG path command is read,
absolute and relative; curves and arcs are sampled at a fixed number of points.

Examples:
    >>> flatten("M0,0 L10,0 L10,10 Z")
    [[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 0.0)]]
    >>> contains(flatten("M0,0 H10 V10 H0 Z"), (5, 5)), contains(flatten("M0,0 H10 V10 H0 Z"), (15, 5))
    (True, False)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from itertools import pairwise

__all__ = ["Point", "bounds", "contains", "flatten", "x_extent"]

Point = tuple[float, float]

_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARGS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}
_STEPS = 16  # points per curve or arc


def flatten(d: str) -> list[list[Point]]:
    """The subpaths of `d` as lists of points (closed subpaths end where they began).

    Raises:
        ValueError: if `d` is not a well-formed path.
    """
    polys: list[list[Point]] = []
    cur: list[Point] = []
    x = y = sx = sy = 0.0
    last_ctrl: Point | None = None  # reflected by S/T
    last_cmd = ""
    for cmd, args in _commands(d):
        up, rel = cmd.upper(), cmd.islower()
        ox, oy = (x, y) if rel else (0.0, 0.0)
        if up == "M":
            if len(cur) > 1:
                polys.append(cur)
            x, y = ox + args[0], oy + args[1]
            sx, sy = x, y
            cur = [(x, y)]
        elif up == "Z":
            cur.append((sx, sy))
            polys.append(cur)
            x, y = sx, sy
            cur = [(x, y)]
        elif up in "LHV":
            if up == "L":
                x, y = ox + args[0], oy + args[1]
            elif up == "H":
                x = ox + args[0]
            else:
                y = oy + args[0]
            cur.append((x, y))
        elif up in "CS":
            if up == "C":
                c1 = (ox + args[0], oy + args[1])
                c2, end = (ox + args[2], oy + args[3]), (ox + args[4], oy + args[5])
            else:
                c1 = _reflect(last_ctrl, (x, y)) if last_cmd in "CS" else (x, y)
                c2, end = (ox + args[0], oy + args[1]), (ox + args[2], oy + args[3])
            cur.extend(_cubic((x, y), c1, c2, end))
            last_ctrl, (x, y) = c2, end
        elif up in "QT":
            if up == "Q":
                c, end = (ox + args[0], oy + args[1]), (ox + args[2], oy + args[3])
            else:
                c = _reflect(last_ctrl, (x, y)) if last_cmd in "QT" else (x, y)
                end = (ox + args[0], oy + args[1])
            cur.extend(_cubic((x, y), _lerp((x, y), c, 2 / 3), _lerp(end, c, 2 / 3), end))
            last_ctrl, (x, y) = c, end
        else:  # A
            end = (ox + args[5], oy + args[6])
            cur.extend(_arc((x, y), args[0], args[1], args[2], bool(args[3]), bool(args[4]), end))
            x, y = end
        last_cmd = up
    if len(cur) > 1:
        polys.append(cur)
    return polys


def contains(polys: Sequence[Sequence[Point]], p: Point) -> bool:
    """Whether `p` is inside the area of `polys` (non-zero winding, SVG's default fill rule)."""
    px, py = p
    winding = 0
    for poly in polys:
        for (x0, y0), (x1, y1) in zip(poly, [*poly[1:], poly[0]], strict=True):
            if y0 <= py < y1 and _cross(x0, y0, x1, y1, px, py) > 0:
                winding += 1
            elif y1 <= py < y0 and _cross(x0, y0, x1, y1, px, py) < 0:
                winding -= 1
    return winding != 0


def bounds(polys: Sequence[Sequence[Point]]) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) of all points."""
    xs = [p[0] for poly in polys for p in poly]
    ys = [p[1] for poly in polys for p in poly]
    return min(xs), min(ys), max(xs), max(ys)


def x_extent(polys: Sequence[Sequence[Point]], y0: float, y1: float) -> tuple[float, float] | None:
    """The leftmost and rightmost x of the drawing between heights y0 and y1, or None if it has none there."""
    xs: list[float] = []
    for poly in polys:
        for (ax, ay), (bx, by) in pairwise(poly):
            lo, hi = min(ay, by), max(ay, by)
            if hi < y0 or lo > y1:
                continue
            # The part of this edge inside the band: its ends, clipped to y0 and y1.
            for y in (max(lo, y0), min(hi, y1)):
                t = 0.0 if by == ay else (y - ay) / (by - ay)
                xs.append(ax + (bx - ax) * min(1.0, max(0.0, t)))
    return (min(xs), max(xs)) if xs else None


def _commands(d: str) -> Iterator[tuple[str, list[float]]]:
    tokens = _tokens(d)
    cmd = ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.isalpha():
            cmd, i = tok, i + 1
            if cmd in "Zz":
                yield cmd, []
                continue
        elif not cmd or cmd in "Zz":
            raise ValueError(f"path data must start with a command, not {tok!r}")
        n = _ARGS[cmd.upper()]
        args = tokens[i : i + n]
        if len(args) < n or any(a.isalpha() for a in args):
            raise ValueError(f"command {cmd!r} needs {n} numbers")
        yield cmd, [float(a) for a in args]
        i += n
        if cmd in "Mm":  # further pairs after a moveto are linetos
            cmd = "l" if cmd == "m" else "L"


def _tokens(d: str) -> list[str]:
    out: list[str] = []
    pos = 0
    arc_arg = -1  # position within an arc's 7 numbers; flags may be written without separators
    for m in re.finditer(r"\S", d):
        if m.start() < pos:
            continue
        ch = d[m.start()]
        if ch == ",":
            pos = m.start() + 1
            continue
        if ch.isalpha() and ch not in "eE":
            out.append(ch)
            arc_arg = 0 if ch in "Aa" else -1
            pos = m.start() + 1
            continue
        if arc_arg in (3, 4) and ch in "01":
            tok, pos = ch, m.start() + 1
        else:
            num = _TOKEN.match(d, m.start())
            if num is None or num.group().isalpha():
                raise ValueError(f"unexpected {ch!r} at position {m.start()}")
            tok, pos = num.group(), num.end()
        out.append(tok)
        if arc_arg >= 0:
            arc_arg = (arc_arg + 1) % 7
    return out


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _reflect(ctrl: Point | None, about: Point) -> Point:
    if ctrl is None:
        return about
    return (2 * about[0] - ctrl[0], 2 * about[1] - ctrl[1])


def _cubic(p0: Point, c1: Point, c2: Point, p1: Point) -> list[Point]:
    out = []
    for i in range(1, _STEPS + 1):
        t = i / _STEPS
        u = 1 - t
        out.append((u**3 * p0[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t**3 * p1[0],
                    u**3 * p0[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t**3 * p1[1]))
    return out


def _arc(p0: Point, rx: float, ry: float, angle: float, large: bool, sweep: bool, p1: Point) -> list[Point]:
    """Points along an elliptical arc (the SVG spec's endpoint-to-centre conversion)."""
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0 or p0 == p1:
        return [p1]
    phi = math.radians(angle)
    cos, sin = math.cos(phi), math.sin(phi)
    dx, dy = (p0[0] - p1[0]) / 2, (p0[1] - p1[1]) / 2
    x1, y1 = cos * dx + sin * dy, -sin * dx + cos * dy
    scale = (x1 / rx) ** 2 + (y1 / ry) ** 2
    if scale > 1:
        rx, ry = rx * math.sqrt(scale), ry * math.sqrt(scale)
    num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1
    den = rx * rx * y1 * y1 + ry * ry * x1 * x1
    k = math.sqrt(max(0.0, num / den)) * (-1 if large == sweep else 1)
    cx1, cy1 = k * rx * y1 / ry, -k * ry * x1 / rx
    cx = cos * cx1 - sin * cy1 + (p0[0] + p1[0]) / 2
    cy = sin * cx1 + cos * cy1 + (p0[1] + p1[1]) / 2
    start = math.atan2((y1 - cy1) / ry, (x1 - cx1) / rx)
    end = math.atan2((-y1 - cy1) / ry, (-x1 - cx1) / rx)
    delta = end - start
    if sweep and delta < 0:
        delta += 2 * math.pi
    elif not sweep and delta > 0:
        delta -= 2 * math.pi
    out = []
    for i in range(1, _STEPS + 1):
        a = start + delta * i / _STEPS
        ex, ey = rx * math.cos(a), ry * math.sin(a)
        out.append((cos * ex - sin * ey + cx, sin * ex + cos * ey + cy))
    return out


def _cross(x0: float, y0: float, x1: float, y1: float, px: float, py: float) -> float:
    return (x1 - x0) * (py - y0) - (px - x0) * (y1 - y0)
