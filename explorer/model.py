"""The content schema: the one definition of what a valid `data/` file holds.

Every model is strict (`extra="forbid"`), so a typo in a YAML key is an error that
names the field instead of being silently ignored. Cross-file checks (unknown
reference keys, edges to unknown nodes) live in `load.py`, which sees all files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from explorer.safeyaml import char_name

__all__ = [
    "WIDGET_TYPES",
    "Audience",
    "Basis",
    "Confidence",
    "Edge",
    "EdgeKind",
    "EvidenceKind",
    "Glossary",
    "GlossaryTerm",
    "KnowledgeBase",
    "Node",
    "NodeKind",
    "Page",
    "Reference",
    "Safety",
    "Tour",
    "Wording",
    "Words",
]

# Line breaks are text; any other control character is a typo (a tab, an escape code), and the bidi
# controls make text read differently from how it is stored.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _printable(text: str) -> str:
    if bad := _CONTROL.search(text):
        raise ValueError(f"{char_name(bad.group())} at character {bad.start() + 1}; text may hold no control "
                         "characters (line breaks excepted)")
    return text


def _matching(pattern: str, what: str) -> AfterValidator:
    """A check that the whole value matches `pattern`, whose message says what was expected."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value) or value.count("(") != value.count(")"):
            shown = value if len(value) <= 40 else value[:29] + "…" + value[-10:]
            raise ValueError(f"{shown!r} is not {what}")
        return value

    return AfterValidator(check)


def _digits_as_text(value: Any) -> Any:
    # `pmid: 12077000` written without quotes is read as a number; it means the same identifier.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")]
RefKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_printable)]
Segment = Annotated[str, StringConstraints(pattern=r"^(C[0-8]|V[1-3])$")]
ShortLabel = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=26), AfterValidator(_printable)
]
Count = Annotated[int, Field(ge=1, le=10_000_000)]
OntologyId = Annotated[str, StringConstraints(pattern=r"^(UBERON|FMA):\d+$")]
# Identifiers end up in links: the patterns leave out spaces, quotes, brackets and unbalanced
# parentheses, which would break the markdown around them. The DOI pattern is Crossref's.
Doi = Annotated[str, _matching(r"10\.\d{4,9}/[-._;()/:A-Za-z0-9]+", "a DOI (10.NNNN/suffix, without 'https://doi.org/')")]
Pmid = Annotated[str, BeforeValidator(_digits_as_text), _matching(r"[1-9]\d{0,8}", "a PMID (digits only)")]
Pmcid = Annotated[str, _matching(r"PMC\d{1,9}", "a PMCID (PMC and digits)")]
WebUrl = Annotated[str, _matching(
    r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d{1,5})?(?:[/?#][-A-Za-z0-9._~:/?#@!$&'()*+,;=%]*)?",
    "a web address (http:// or https:// and a host; spaces, quotes and brackets %-encoded)",
)]


class Strict(BaseModel):
    # allow_inf_nan: 'inf' or 'nan' written as text is no measurement.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
    year: int | None = Field(None, ge=1600, le=2100, description="None for undated web sources")
    title: Text
    journal: Text
    doi: Doi | None = None
    pmid: Pmid | None = None
    pmcid: Pmcid | None = None
    url: WebUrl | None = None
    caveat: Text | None = Field(None, description="Which parts of the citation are unverified")


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
    short: ShortLabel | None = Field(None, description="Abbreviated label for the crowded graph")
    name_notes: dict[Text, Text] = Field(
        {}, description="A note to show with a synonym, e.g. an eponym that means another nerve elsewhere"
    )
    clinical: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)
    convergence_station: bool = Field(
        False,
        description="Second-order neurons here receive afferents from more than one nerve; a region "
        "whose afferents reach the same station from another nerve is 'predicted by convergence'.",
    )


class EdgeKind(str, Enum):
    """Directed relations. `refers_pain_to` records where pain is felt; `part_of` is containment;
    every other kind is one step of a pain signal."""

    SUPPLIED_BY = "supplied_by"  # structure -> the nerve (or root) that carries its pain
    SKIN_TERRITORY_OF = "skin_territory_of"  # region -> the nerve that supplies its skin
    BRANCH_OF = "branch_of"  # branch -> parent nerve
    ENTERS = "enters"  # nerve -> root/ganglion; root -> second-order station, or ganglion -> its tract
    TERMINATES_IN = "terminates_in"  # central tract of first-order neurons -> second-order station
    PART_OF = "part_of"  # station -> the complex it belongs to (containment, not a synapse)
    PROJECTS_TO = "projects_to"  # station -> ascending tract -> thalamus -> cortex
    REFERS_PAIN_TO = "refers_pain_to"  # structure/nerve/root -> region where its pain was felt


class Edge(Strict):
    source: Slug
    target: Slug
    kind: EdgeKind
    references: list[RefKey] = Field(min_length=1)
    confidence: Confidence
    evidence_kind: EvidenceKind
    n: Count | None = Field(None, description="Subjects in the study behind the edge, where it gives them")
    fibres: list[Segment] = Field(
        [], description="Only afferents of these divisions take this step (e.g. V1 fibres descending to C2)"
    )
    evidence: Text | None = Field(None, description="What was observed, in our own words")


# --- Text shared by pages -------------------------------------------------------------


class Claim(Strict):
    """One cited statement, in a precise and a plain version."""

    clinical: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)
    confidence: Confidence = Confidence.CONFIRMED
    evidence_kind: EvidenceKind | None = None
    n: Count | None = None
    nodes: list[Slug] = Field([], description="Nodes to offer as 'explore in graph' links")


class EvidenceCheck(Strict):
    """Where the article says more than (or other than) the literature."""

    article_says: Text
    evidence_says: Text
    plain: Text
    article_confidence: Confidence
    evidence_confidence: Confidence
    evidence_kind: EvidenceKind | None = Field(None, description="Kind of evidence behind `evidence_says`")
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
    prompt: Text = Field(description="The feature alone, naming no criterion, for quiz questions")
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
    evidence_kind: EvidenceKind | None = None
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
    evidence_kind: EvidenceKind | None = None


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
    nodes: list[Slug] = Field(min_length=1, description="Lit on the graph; they must be joined by edges")
    regions: list[Slug] = Field([], description="Regions to show on the head figure")
    clinical: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)


class Tour(Strict):
    id: Slug
    title: Text
    subject: Slug | None = Field(None, description="The source whose referrals the regions of each step show")
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


# --- Words for how we know things ------------------------------------------------------------


class Words(Strict):
    """One thing said two ways: precisely, and in plain language."""

    clinical: Text
    plain: Text

    def at(self, *, plain: bool) -> str:
        return self.plain if plain else self.clinical


class BasisWords(Words):
    explain: Words


class Wording(Strict):
    """The app's names for bases, kinds of evidence and confidence tags (data/wording.yaml)."""

    bases: dict[Basis, BasisWords]
    evidence_kinds: dict[EvidenceKind, Words]
    confidence: dict[Confidence, Words]
    hypothesis: Words = Field(description="What a prediction shows where other items show a confidence tag")

    @model_validator(mode="after")
    def _complete(self) -> Wording:
        for name, enum in (("bases", Basis), ("evidence_kinds", EvidenceKind), ("confidence", Confidence)):
            missing = [m.value for m in enum if m not in getattr(self, name)]
            if missing:
                raise ValueError(f"{name} needs wording for {', '.join(missing)}")
        return self


# --- The whole content, validated --------------------------------------------------------------


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything in `data/`, validated and cross-checked (built by `explorer.load`)."""

    references: dict[str, Reference]
    nodes: dict[str, Node]
    edges: list[Edge]
    pages: dict[str, Page] = field(default_factory=dict)  # in page order
    tours: dict[str, Tour] = field(default_factory=dict)
    glossary: Glossary | None = None
    safety: Safety | None = None
    wording: Wording | None = None


Safety.model_rebuild()
FrtWidget.model_rebuild()
