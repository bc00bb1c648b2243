"""Text boxes: how wide a text is, how to wrap it into even lines, and how to stack boxes in a column.

One module for both drawings that place labels: the convergence view (explorer/layout.py, Arial)
and the head map (explorer/headmap.py, Streamlit's Source Sans). Every function here runs in time
near-linear in the text, whatever an editor saves: wrapping searches the narrowest width by
bisection with a greedy fit (O(n log n) per width tried), never by trying every set of breaks.

Pure: no Streamlit, no I/O.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from types import MappingProxyType
from typing import Literal

__all__ = ["ARIAL_BOLD", "SOURCE_SANS_BOLD", "Metrics", "even_lines", "fewest_lines", "stack", "tokens"]


@dataclass(frozen=True)
class Metrics:
    """Advance widths of one font, in em, for estimating a text's width without a browser."""

    em: MappingProxyType[str, float]
    default: float  # a character not in the table
    scale: float = 1.0  # e.g. bold runs this much wider than the table

    def char(self, ch: str) -> float:
        return self.em.get(ch, self.default) * self.scale

    def width(self, text: str, px: float) -> float:
        """The width in px of `text` at font size `px`."""
        return sum(map(self.em.get, text, repeat(self.default))) * self.scale * px


_ARIAL_CHARS = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
_ARIAL_1000 = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10, 278, 278,
               584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667,
               778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556,
               278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,
               334, 260, 334, 584]

# Helvetica/Arial advance widths (Liberation Sans, the usual Linux stand-in, shares them); bold
# labels run about 9 % wider.
ARIAL_BOLD = Metrics(
    MappingProxyType({**{c: w / 1000 for c, w in zip(_ARIAL_CHARS, _ARIAL_1000, strict=True)},
                      "–": 0.556, "—": 1.0, "’": 0.222}),
    default=0.6, scale=1.09,
)

# Bold Source Sans, Streamlit's font, rounded up: head-map labels are sized for bold text, so a
# label keeps its box when its region is chosen (and its text turns bold).
SOURCE_SANS_BOLD = Metrics(
    MappingProxyType({" ": 0.2, **dict.fromkeys("ijlI,.':;", 0.3), **dict.fromkeys("-f()!/", 0.34),
                      **dict.fromkeys("tr", 0.4), **dict.fromkeys("szc?", 0.47),
                      **dict.fromkeys("xJevyFLagY0123456789", 0.53), **dict.fromkeys("ZkEoSTVbdhnpquAX", 0.57),
                      **dict.fromkeys("CBPKR", 0.61), **dict.fromkeys("DGHNU&OQ", 0.68),
                      **dict.fromkeys("MwWm", 0.86)}),
    default=0.6,
)

Sep = Literal[" ", "|", ""]


def tokens(text: str, *, soft_hyphens: bool) -> list[tuple[str, Sep]]:
    """(piece, separator after it): ' ' between words, '|' inside a word where it may break (if
    `soft_hyphens`; the line then ends in a hyphen), '' after the last piece.

    >>> tokens("Trigemino|cervical complex", soft_hyphens=True)
    [('Trigemino', '|'), ('cervical', ' '), ('complex', '')]
    """
    out: list[tuple[str, Sep]] = []
    for word in text.split():
        pieces = word.split("|") if soft_hyphens else [word]
        out.extend((p, "|") for p in pieces[:-1])
        out.append((pieces[-1], " "))
    if out:
        out[-1] = (out[-1][0], "")
    return out


def join(toks: Sequence[tuple[str, Sep]]) -> str:
    """The text of one line: pieces joined, a trailing soft break shown as a hyphen, a lone `|` dropped."""
    text = "".join(piece + ("" if sep == "|" else sep) for piece, sep in toks).strip()
    return text + "-" if toks and toks[-1][1] == "|" else text


class _Spans:
    """Widths of runs of tokens as lines, in O(1) each (prefix sums)."""

    def __init__(self, toks: Sequence[tuple[str, Sep]], metrics: Metrics, px: float) -> None:
        self.n = len(toks)
        space, self.hyphen = metrics.char(" ") * px, metrics.char("-") * px
        pieces = [metrics.width(p, px) for p, _ in toks]
        gaps = [space if sep == " " else 0.0 for _, sep in toks]
        self.soft = [sep == "|" for _, sep in toks]
        self.piece_sum = [0.0, *accumulate(pieces)]
        self.gap_sum = [0.0, *accumulate(gaps)]
        # Width without the trailing hyphen of line [0, b): non-decreasing in b, so it can be bisected.
        self.base = [self.piece_sum[b] + (self.gap_sum[b - 1] if b else 0.0) for b in range(self.n + 1)]

    def width(self, a: int, b: int) -> float:
        """Width of tokens a..b-1 on one line (b > a)."""
        inner = self.gap_sum[b - 1] - self.gap_sum[a]
        return self.piece_sum[b] - self.piece_sum[a] + inner + (self.hyphen if self.soft[b - 1] else 0.0)

    def furthest(self, a: int, limit: float) -> int:
        """The largest b > a whose line a..b-1 fits `limit` (at least a + 1: a token longer than the
        limit gets a line of its own)."""
        # base(a, b) = base[b] - piece/gap sums before a; bisect on the monotone part, then step back
        # over a trailing hyphen that does not fit.
        offset = self.piece_sum[a] + self.gap_sum[a]
        b = min(self.n, bisect_right(self.base, limit + offset, lo=a + 1) - 1)
        while b > a + 1 and self.width(a, b) > limit:
            b -= 1
        return max(b, a + 1)

    def count(self, limit: float, most: int) -> int:
        """How many lines a greedy fill at `limit` needs (stops counting past `most`)."""
        a, lines = 0, 0
        while a < self.n and lines <= most:
            a, lines = self.furthest(a, limit), lines + 1
        return lines

    def nearest_start(self, b: int, limit: float, earliest: int) -> int:
        """The smallest a >= earliest whose line a..b-1 fits `limit` (b - 1 if none does)."""
        lo, hi = earliest, b - 1
        while lo < hi:  # width(a, b) shrinks as a grows (up to the fixed trailing hyphen)
            mid = (lo + hi) // 2
            if self.width(mid, b) <= limit:
                hi = mid
            else:
                lo = mid + 1
        return lo


def fewest_lines(text: str, metrics: Metrics, px: float, limit: float, *, soft_hyphens: bool = False) -> int:
    """How many lines `text` needs so that no line is wider than `limit` (a word wider than it gets its own)."""
    spans = _Spans(tokens(text, soft_hyphens=soft_hyphens), metrics, px)
    return max(1, spans.count(limit, spans.n))


def even_lines(text: str, metrics: Metrics, px: float, lines: int, *,
               soft_hyphens: bool = False) -> tuple[float, tuple[str, ...]]:
    """`text` on exactly `lines` lines (fewer if it has fewer words) with the widest line as narrow
    as it can be, and that width. Among equally narrow ways, the earlier lines are the shorter ones.

    >>> even_lines("Back and side of the neck", SOURCE_SANS_BOLD, 13, 2)[1]
    ('Back and side', 'of the neck')
    """
    toks = tokens(text, soft_hyphens=soft_hyphens)
    if not toks:
        return 0.0, ("",)
    spans = _Spans(toks, metrics, px)
    lines = max(1, min(lines, spans.n))
    lo = max(spans.width(i, i + 1) for i in range(spans.n)) if lines < spans.n else 0.0
    hi = spans.width(0, spans.n)
    # The narrowest limit a greedy fill meets in `lines` lines, to a hundredth of a pixel.
    lo = min(lo, hi)
    if spans.count(lo, lines) <= lines:
        hi = lo
    for _ in range(200):
        if hi - lo <= 0.005 or not math.isfinite(hi):
            break
        mid = (lo + hi) / 2
        if spans.count(mid, lines) <= lines:
            hi = mid
        else:
            lo = mid
    # Fill from the end, each line as full as fits, leaving at least one token for each line above.
    cuts = [spans.n]
    for remaining in range(lines - 1, 0, -1):
        cuts.append(spans.nearest_start(cuts[-1], hi, earliest=remaining))
    cuts.append(0)
    cuts.reverse()
    parts = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]
    widest = max(spans.width(a, b) for a, b in parts)
    return widest, tuple(join(toks[a:b]) for a, b in parts)


def stack(wanted: Sequence[float], heights: Sequence[float], *, gap: float, lo: float = -math.inf,
          hi: float = math.inf) -> list[float]:
    """Tops for boxes (in order) as near as possible to the wanted tops, `gap` apart, within lo..hi.

    A 1-D push-apart in linear time: boxes that would overlap merge into a block placed where its
    boxes move least on average (least squares); a block is kept inside lo..hi (it runs past hi only
    if it is taller than that), and merged again with the block above if it then meets it.

    >>> stack([0, 0, 100], [10, 10, 10], gap=5, lo=0, hi=240)
    [0.0, 15.0, 100.0]
    """
    blocks: list[list[float]] = []  # [top, height, sum of (wanted top - offset in block), count, first]
    for i, (top, h) in enumerate(zip(wanted, heights, strict=True)):
        blocks.append([top, h, top, 1, i])
        while True:
            b = blocks[-1]
            b[0] = max(lo, min(b[2] / b[3], hi - b[1]))
            if len(blocks) > 1 and blocks[-2][0] + blocks[-2][1] + gap > b[0]:
                a = blocks.pop(-2)
                shift = a[1] + gap  # b's boxes sit this much lower in the merged block
                blocks[-1] = [a[0], a[1] + gap + b[1], a[2] + b[2] - shift * b[3], a[3] + b[3], a[4]]
            else:
                break
    tops = [0.0] * len(wanted)
    for top, _, _, count, first in blocks:
        y = top
        for i in range(int(first), int(first + count)):
            tops[i] = float(y)
            y += heights[i] + gap
    return tops
