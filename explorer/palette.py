"""The one palette of the app: colours, marker shapes, line dashes and fill patterns.

Okabe–Ito colours, which stay apart under the common colour-vision deficiencies. Colour is
never the only cue: every kind of node also has its own marker shape, every basis of a
referral its own fill pattern, and every kind of evidence its own line dash.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.model import Basis, EvidenceKind, NodeKind

__all__ = [
    "BASIS_STYLE",
    "EDGE_DASH",
    "INK",
    "KIND_STYLE",
    "MUTED",
    "PAPER",
    "BasisStyle",
    "KindStyle",
    "edge_dash",
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


KIND_STYLE: dict[NodeKind, KindStyle] = {
    NodeKind.REGION: KindStyle("#CC79A7", "diamond", 13),
    NodeKind.STRUCTURE: KindStyle("#D55E00", "square", 12),
    NodeKind.NERVE: KindStyle("#E69F00", "circle", 12),
    NodeKind.ROOT: KindStyle("#009E73", "triangle-up", 13),
    NodeKind.TRACT: KindStyle("#56B4E9", "hexagon", 12),
    NodeKind.STATION: KindStyle("#0072B2", "pentagon", 13),
    NodeKind.HUB: KindStyle("#000000", "star", 18),
    NodeKind.THALAMUS: KindStyle("#56B4E9", "hexagram", 14),
    NodeKind.CORTEX: KindStyle("#0072B2", "octagon", 14),
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

# Edges of the signal graph: solid where shown in people, dashed where only in animals,
# dash-dot where only claimed.
EDGE_DASH: dict[str, str] = {"people": "solid", "animal": "dash", "claimed": "dashdot"}


def edge_dash(kind: EvidenceKind) -> str:
    """The line dash of an edge whose evidence is of this kind."""
    if kind is EvidenceKind.ANIMAL:
        return EDGE_DASH["animal"]
    if kind is EvidenceKind.ARTICLE_CLAIM:
        return EDGE_DASH["claimed"]
    return EDGE_DASH["people"]
