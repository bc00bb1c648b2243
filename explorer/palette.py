"""The one palette of the app: colours, marker shapes, line dashes and fill patterns.

Okabe–Ito colours, which stay apart under the common colour-vision deficiencies. Colour is
never the only cue: every kind of node also has its own marker shape, every basis of a
referral its own fill pattern, and every basis its own line dash.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.model import Basis, NodeKind

__all__ = [
    "BAND_FILL",
    "BAND_FILL_OTHER",
    "BASIS_STYLE",
    "COMPLEX_FILL",
    "COMPLEX_LINE",
    "CONTEXT_TEXT",
    "EDGE_STYLE",
    "INK",
    "KIND_STYLE",
    "MUTED",
    "PAPER",
    "TOPIC_STYLE",
    "BasisStyle",
    "EdgeStyle",
    "KindStyle",
]

INK = "#111111"  # text and outlines
MUTED = "#595959"  # secondary text: 7:1 on white
FAINT = "#d9d9d9"  # context in focus + context views
PAPER = "#ffffff"
SKIN = "#f4efe9"  # the head figure's unlit skin
CHOSEN = "#56B4E9"  # a region the reader picked on the pain map


@dataclass(frozen=True)
class KindStyle:
    colour: str
    symbol: str  # plotly marker symbol
    size: int  # marker size in px at normal type
    glyph: str  # the same shape as a character, for the key in words beside the graph


KIND_STYLE: dict[NodeKind, KindStyle] = {
    NodeKind.REGION: KindStyle("#CC79A7", "diamond", 13, "◆"),
    NodeKind.STRUCTURE: KindStyle("#D55E00", "square", 12, "■"),
    NodeKind.NERVE: KindStyle("#E69F00", "circle", 12, "●"),
    NodeKind.ROOT: KindStyle("#009E73", "triangle-up", 13, "▲"),
    NodeKind.TRACT: KindStyle("#56B4E9", "hexagon", 12, "⬢"),
    NodeKind.STATION: KindStyle("#0072B2", "pentagon", 13, "⬟"),
    NodeKind.HUB: KindStyle("#000000", "star", 18, "★"),
    NodeKind.THALAMUS: KindStyle("#56B4E9", "hexagram", 14, "✡"),
    NodeKind.TARGET: KindStyle("#0072B2", "triangle-down", 13, "▼"),
    NodeKind.CORTEX: KindStyle("#0072B2", "octagon", 14, "⬤"),
}


@dataclass(frozen=True)
class BasisStyle:
    colour: str
    pattern: str  # SVG pattern id drawn over the fill ("" = solid)
    dash: str  # plotly / SVG dash name for outlines and lines


# Solid for what was seen in people, hatched for animals, dotted for predictions (a hypothesis),
# and a pale cross-hatch for claims nobody has shown.
BASIS_STYLE: dict[Basis, BasisStyle] = {
    Basis.PEOPLE: BasisStyle("#D55E00", "", "solid"),
    Basis.ANIMALS: BasisStyle("#E69F00", "hatch", "dash"),
    Basis.PREDICTED: BasisStyle("#0072B2", "dots", "dot"),
    Basis.CLAIMED: BasisStyle("#8c8c8c", "cross", "dashdot"),
}

# An edge of the signal graph takes the dash of its basis (solid: shown in people; dashed: only in
# animals; dash-dot: only claimed); a predicted partner route is dotted. Its colour and width say
# how it stands to the chosen node.
@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    width: float


EDGE_STYLE: dict[str, EdgeStyle] = {
    "lit": EdgeStyle(INK, 2.6),  # on a route of the chosen node
    "partner": EdgeStyle(BASIS_STYLE[Basis.PREDICTED].colour, 2.2),  # a route it is predicted to share
    "context": EdgeStyle("#c8c8c8", 1.0),  # everything else, while a node is chosen
    "idle": EdgeStyle("#9a9a9a", 1.2),  # every edge, while nothing is chosen
    "sample": EdgeStyle("#7a7a7a", 1.4),  # the legend's samples of each basis
}
CONTEXT_TEXT = "#5c5c5c"  # labels away from the chosen routes: 6.7:1 on white, faint yet readable
BAND_FILL = {"V": "#eef4fb", "C1": "#fbf3e8", "C2": "#f3f8ee", "C3": "#f6f0f7"}  # the segment bands
BAND_FILL_OTHER = "#f5f5f5"
COMPLEX_FILL = "#f2f2f2"  # the trigeminocervical complex's box
COMPLEX_LINE = "#7a7a7a"

# The progress chart's topics (explorer.progress.TOPICS): an Okabe–Ito colour and a marker shape each,
# so the lines stay apart without colour too.
TOPIC_STYLE: dict[str, tuple[str, str]] = {
    "anatomy": ("#0072B2", "circle"),
    "referral": ("#E69F00", "square"),
    "criteria": ("#009E73", "diamond"),
    "treatment": ("#CC79A7", "triangle-up"),
    "red-flags": ("#D55E00", "x"),
    "differentials": ("#56B4E9", "star"),
}
