"""The content schema: the one definition of what a valid `data/` file holds.

Every model is strict (`extra="forbid"`), so a typo in a YAML key is an error that
names the field instead of being silently ignored. Cross-file checks (unknown
reference keys, edges to unknown nodes) live in `load.py`, which sees all files.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

__all__ = [
    "WIDGET_TYPES",
    "Audience",
    "Confidence",
    "Edge",
    "EdgeKind",
    "Glossary",
    "GlossaryTerm",
    "HeadMap",
    "HeadRegionShape",
    "HeadView",
    "Node",
    "NodeKind",
    "Page",
    "Reference",
    "Safety",
    "Tour",
]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")]
RefKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Segment = Annotated[str, StringConstraints(pattern=r"^(C[0-8]|V[1-3])$")]
OntologyId = Annotated[str, StringConstraints(pattern=r"^(UBERON|FMA):\d+$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Confidence(str, Enum):
    """The confidence tags of the curated fact base, weakest last."""

    CONFIRMED = "confirmed-from-source"
    SECONDARY = "confirmed-from-source (secondary)"
    PARTIAL = "partially-confirmed"
    UNVERIFIED = "unverified"

    @property
    def rank(self) -> int:
        """0 for the strongest tag; higher is weaker."""
        return list(Confidence).index(self)


class EvidenceKind(str, Enum):
    """How a fact is known: the kind of study behind it, strongest human evidence first.

    Kept apart from `Confidence` (how directly we read the source): a confirmed rat study is
    still a rat study.
    """

    HUMAN_BLOCKS = "human_blocks"  # controlled diagnostic blocks, or other studies of patients
    HUMAN_PROVOCATION = "human_provocation"  # volunteers provoked or stimulated, incl. at operation
    HUMAN_DISSECTION = "human_dissection"  # cadaver or fetal anatomy
    ANIMAL = "animal"  # recordings or tracing in animals
    TEXTBOOK = "textbook"  # textbook, review or expert opinion
    ARTICLE_CLAIM = "article_claim"  # only the popular article (or an untraced summary) says so

    @property
    def in_people(self) -> bool:
        """Whether the evidence comes from people (studies, dissection or the human anatomy of textbooks)."""
        return self in _HUMAN_KINDS


_HUMAN_KINDS = frozenset({EvidenceKind.HUMAN_BLOCKS, EvidenceKind.HUMAN_PROVOCATION,
                          EvidenceKind.HUMAN_DISSECTION, EvidenceKind.TEXTBOOK})


class Basis(str, Enum):
    """How we know that pain from a source is felt in a region."""

    PEOPLE = "observed_people"  # seen in people: blocks, provocation, clinical maps, a nerve's own skin
    ANIMALS = "observed_animals"  # seen only in animals
    CLAIMED = "claimed"  # only claimed: the popular article, or a summary we could not trace
    PREDICTED = "predicted"  # inferred from convergence in the graph: a hypothesis


class Audience(str, Enum):
    PATIENT = "patient"
    STUDENT = "student"
    CLINICIAN = "clinician"


class Reference(Strict):
    key: RefKey
    authors: Text
    year: int | None = Field(None, description="None for undated web sources")
    title: Text
    journal: Text
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    caveat: str | None = Field(None, description="Which parts of the citation are unverified")


class NodeKind(str, Enum):
    """Kinds of node, in the order of the layered view (left to right)."""

    REGION = "region"  # a head or neck area where pain is felt
    STRUCTURE = "structure"  # a cervical (or dural) tissue that can generate pain
    NERVE = "nerve"  # peripheral nerve, ramus or branch
    ROOT = "root"  # dorsal root, ganglion
    TRACT = "tract"  # central fibre bundle
    STATION = "station"  # second-order nucleus or dorsal horn
    HUB = "hub"  # the trigeminocervical nucleus/complex
    THALAMUS = "thalamus"
    CORTEX = "cortex"


class Node(Strict):
    id: Slug
    label: Text
    kind: NodeKind
    synonyms: list[Text] = []
    abbreviations: list[Text] = []
    segments: list[Segment] = []
    ontology_id: OntologyId | None = None
    clinical: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)
    convergence_station: bool = Field(
        False,
        description="Second-order neurons here receive both cervical and trigeminal input; "
        "regions whose afferents reach the same station are 'predicted by convergence'.",
    )


class EdgeKind(str, Enum):
    """Directed relations. All but `refers_pain_to` follow the flow of a pain signal."""

    SUPPLIED_BY = "supplied_by"  # structure -> the nerve that carries its pain
    SKIN_TERRITORY_OF = "skin_territory_of"  # region -> the nerve that supplies its skin
    BRANCH_OF = "branch_of"  # branch -> parent nerve
    ENTERS = "enters"  # nerve -> root/ganglion, root -> station or tract
    TERMINATES_IN = "terminates_in"  # tract -> station
    DESCENDS_TO = "descends_to"  # trigeminal nerve -> upper cervical dorsal horn it reaches
    PART_OF = "part_of"  # station -> hub
    PROJECTS_TO = "projects_to"  # hub -> tract -> thalamus -> cortex
    REFERS_PAIN_TO = "refers_pain_to"  # structure/nerve -> region, observed in people


class Edge(Strict):
    source: Slug
    target: Slug
    kind: EdgeKind
    references: list[RefKey] = Field(min_length=1)
    confidence: Confidence
    evidence: Text | None = Field(None, description="What was observed, in our own words")


# --- Text shared by pages -------------------------------------------------------------


class Claim(Strict):
    """One cited statement, in a precise and a plain version."""

    clinical: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)
    confidence: Confidence = Confidence.CONFIRMED
    nodes: list[Slug] = Field([], description="Nodes to offer as 'explore in graph' links")


class EvidenceCheck(Strict):
    """Where the article says more than (or other than) the literature."""

    article_says: Text
    evidence_says: Text
    plain: Text
    article_confidence: Confidence
    evidence_confidence: Confidence
    references: list[RefKey] = Field(min_length=1)


class Safety(Strict):
    """The disclaimer and red flags shown wherever patients may read."""

    disclaimer: Claim
    urgent_care: Claim
    red_flags: list[RedFlag] = Field(min_length=1)
    age_cutoff_note: Claim


class RedFlag(Strict):
    id: Slug
    clinical: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)


# --- Page widgets: the structured, interactive part of each section page ---------------


class PrevalenceStudy(Strict):
    id: Slug
    label: Text
    population: Text
    criteria: Text
    figure: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)


class PrevalenceWidget(Strict):
    type: Literal["prevalence"]
    studies: list[PrevalenceStudy] = Field(min_length=2)


class NodeListWidget(Strict):
    type: Literal["node_list"]
    title: Text
    nodes: list[Slug] = Field(min_length=1)


class Criterion(Strict):
    id: Slug
    set: Literal["ICHD-3 11.2.1", "CHISG 1998"]
    code: Text  # e.g. "C2" or "Ia"
    clinical: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)


class Feature(Strict):
    id: Slug
    clinical: Text
    plain: Text
    criteria: list[Slug] = Field([], description="Criterion ids this feature speaks to")
    references: list[RefKey] = Field(min_length=1)


class FeatureChecklistWidget(Strict):
    type: Literal["feature_checklist"]
    criteria: list[Criterion] = Field(min_length=1)
    features: list[Feature] = Field(min_length=1)


class ComparisonRow(Strict):
    aspect: Text
    cgh: Text
    migraine: Text
    tension_type: Text
    references: list[RefKey] = Field(min_length=1)


class ComparisonWidget(Strict):
    type: Literal["comparison"]
    rows: list[ComparisonRow] = Field(min_length=1)


class Route(Strict):
    id: Slug
    title: Text
    clinical: Text
    plain: Text
    nodes: list[Slug] = Field(min_length=1, description="Nodes to highlight on the graph")
    evidence_level: Text
    confidence: Confidence
    references: list[RefKey] = Field(min_length=1)


class RoutesWidget(Strict):
    type: Literal["routes"]
    routes: list[Route] = Field(min_length=1)


class Block(Strict):
    id: Slug
    label: Text
    target_structure: Slug
    nerve: Slug
    clinical: Text
    plain: Text
    positive_means: Text
    references: list[RefKey] = Field(min_length=1)


class BlockExplainerWidget(Strict):
    type: Literal["block_explainer"]
    blocks: list[Block] = Field(min_length=1)
    controlled_blocks: Claim


class Vignette(Strict):
    id: Slug
    story: Text
    present: list[Slug] = Field(description="Criterion ids (ICHD-3 C items) that the story shows")
    explanation: Text


class VignetteWidget(Strict):
    type: Literal["criterion_c_vignettes"]
    items: list[Criterion] = Field(min_length=4)
    needed: int = Field(ge=1)
    vignettes: list[Vignette] = Field(min_length=2)
    references: list[RefKey] = Field(min_length=1)


class FrtWidget(Strict):
    type: Literal["frt"]
    normal_mean_deg: float
    cgh_mean_deg: float
    cutoffs: list[FrtCutoff] = Field(min_length=1)
    accuracy: list[Claim] = Field(min_length=1)
    limits: Claim


class FrtCutoff(Strict):
    degrees: float
    clinical: Text
    references: list[RefKey] = Field(min_length=1)


class TreatmentTier(Strict):
    id: Slug
    tier: Text
    title: Text
    clinical: Text
    plain: Text
    evidence: list[Claim] = Field(min_length=1)
    targets: list[Slug] = Field(min_length=1)


class TreatmentTiersWidget(Strict):
    type: Literal["treatment_tiers"]
    tiers: list[TreatmentTier] = Field(min_length=1)


class FlowStep(Strict):
    id: Slug
    title: Text
    clinical: Text
    plain: Text
    next: list[Slug] = []
    references: list[RefKey] = Field(min_length=1)
    confidence: Confidence


class FlowWidget(Strict):
    type: Literal["flow"]
    steps: list[FlowStep] = Field(min_length=2)


class Discipline(Strict):
    id: Slug
    name: Text
    examines: Text
    may_miss: Text
    references: list[RefKey] = Field(min_length=1)


class AssessmentItem(Strict):
    id: Slug
    clinical: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)


class BlindSpotWidget(Strict):
    type: Literal["blind_spot"]
    disciplines: list[Discipline] = Field(min_length=2)
    assessment: list[AssessmentItem] = Field(min_length=1)


_WIDGET_MODELS = (
    PrevalenceWidget,
    NodeListWidget,
    FeatureChecklistWidget,
    ComparisonWidget,
    RoutesWidget,
    BlockExplainerWidget,
    VignetteWidget,
    FrtWidget,
    TreatmentTiersWidget,
    FlowWidget,
    BlindSpotWidget,
)
# The `type:` tag of each widget, as written in page files.
WIDGET_TYPES = frozenset(m.model_fields["type"].annotation.__args__[0] for m in _WIDGET_MODELS)

Widget = Annotated[
    PrevalenceWidget
    | NodeListWidget
    | FeatureChecklistWidget
    | ComparisonWidget
    | RoutesWidget
    | BlockExplainerWidget
    | VignetteWidget
    | FrtWidget
    | TreatmentTiersWidget
    | FlowWidget
    | BlindSpotWidget,
    Field(discriminator="type"),
]


class Page(Strict):
    id: Slug
    order: int = Field(ge=0)
    title: Text
    article_section: Text | None = None
    summary: Claim
    claims: list[Claim] = []
    widgets: list[Widget] = []
    evidence_checks: list[EvidenceCheck] = []


# --- Tours and glossary -----------------------------------------------------------------


class TourStep(Strict):
    title: Text
    nodes: list[Slug] = Field(min_length=1)
    page: Slug = "explorer"
    clinical: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)


class Tour(Strict):
    id: Slug
    title: Text
    summary: Text
    steps: list[TourStep] = Field(min_length=2)


class GlossaryTerm(Strict):
    term: Text
    plain: Text
    clinical: Text | None = None
    aliases: list[Text] = []
    nodes: list[Slug] = []
    references: list[RefKey] = Field(min_length=1)


class Glossary(Strict):
    terms: list[GlossaryTerm] = Field(min_length=1)


Safety.model_rebuild()
FrtWidget.model_rebuild()


# --- Head map ---------------------------------------------------------------------------
# The drawing of the pain map: layout data (which area of the drawing stands for which region
# node), not medical facts. Cross-checks against the graph's region nodes live in load.py.

HEAD_VIEWBOX = (0.0, 0.0, 200.0, 240.0)  # every view is drawn in this box (x right, y down)
HEAD_VIEWS = ("front", "side", "back")
_SVG_PATH_CHARS = re.compile(r"[MmLlHhVvCcSsQqTtAaZz0-9.,\- e]*")


def _svg_path(d: str) -> str:
    bad = _SVG_PATH_CHARS.match(d)
    end = bad.end() if bad else 0
    if end < len(d):
        raise PydanticCustomError("svg_path", "not SVG path data: unexpected {char} at position {pos}",
                                  {"char": repr(d[end]), "pos": end})
    if d[0] not in "Mm":
        raise PydanticCustomError("svg_path", "SVG path data must start with M or m")
    return d


SvgPath = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_svg_path)]


class HeadRegionShape(Strict):
    """One region node's area in one view: one or more closed paths, and a point inside for its label."""

    region: Slug
    paths: list[SvgPath] = Field(min_length=1)
    anchor: tuple[float, float] = Field(description="A point inside the area, where the label's leader line ends")

    @field_validator("anchor")
    @classmethod
    def _anchor_in_box(cls, anchor: tuple[float, float]) -> tuple[float, float]:
        x0, y0, w, h = HEAD_VIEWBOX
        if not (x0 <= anchor[0] <= x0 + w and y0 <= anchor[1] <= y0 + h):
            raise PydanticCustomError("anchor", "anchor {anchor} is outside the drawing box (0..200, 0..240)",
                                      {"anchor": f"[{anchor[0]:g}, {anchor[1]:g}]"})
        return anchor


class HeadView(Strict):
    title: Text
    outline: SvgPath = Field(description="The skin's silhouette: head, neck and the top of the shoulders")
    features: list[SvgPath] = Field([], description="Decorative lines: eyes, nose, mouth, ears, hairline")
    regions: list[HeadRegionShape] = Field(min_length=1)

    @field_validator("regions")
    @classmethod
    def _one_shape_per_region(cls, regions: list[HeadRegionShape]) -> list[HeadRegionShape]:
        seen: set[str] = set()
        for shape in regions:
            if shape.region in seen:
                raise PydanticCustomError("duplicate_region", "region {region} is drawn twice in this view",
                                          {"region": repr(shape.region)})
            seen.add(shape.region)
        return regions


class HeadMap(Strict):
    """The three views of the head-and-neck figure (data/head_map.yaml)."""

    front: HeadView
    side: HeadView
    back: HeadView

    @property
    def views(self) -> dict[str, HeadView]:
        """The views by name, in the order front, side, back."""
        return {name: getattr(self, name) for name in HEAD_VIEWS}
