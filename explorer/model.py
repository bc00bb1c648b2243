"""The content schema: the one definition of what a valid `data/` file holds.

Every model is strict (`extra="forbid"`), so a typo in a YAML key is an error that
names the field instead of being silently ignored. Cross-file checks (unknown
reference keys, edges to unknown nodes) live in `load.py`, which sees all files.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import typing
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from rapidfuzz import fuzz, process

from explorer.safeyaml import char_name

__all__ = [
    "WIDGET_TYPES",
    "Action",
    "Audience",
    "Basis",
    "Condition",
    "Confidence",
    "DifferentialsWidget",
    "Edge",
    "EdgeKind",
    "EvidenceKind",
    "Glossary",
    "GlossaryTerm",
    "HeadMap",
    "HeadRegionShape",
    "HeadView",
    "KnowledgeBase",
    "NameRules",
    "Navigation",
    "Node",
    "NodeKind",
    "OntologyMatch",
    "OntologyRelation",
    "Page",
    "QuizWords",
    "RedFlag",
    "Reference",
    "Safety",
    "Territories",
    "Tour",
    "TourChecks",
    "Umbrella",
    "UrgentCall",
    "UrgentSign",
    "Wording",
    "Words",
    "walk_tree",
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
# Length caps keep every page and drawing fast whatever an editor saves (issue 21): the longest text
# in data/ is about 1,200 characters and the longest name about 70. A name is drawn in the graph and
# the head map and offered in search, so it is capped far lower than prose.
MAX_TEXT = 5_000
MAX_NAME = 120
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT), AfterValidator(_printable)
]
# Characters that show as nothing (zero-width, fillers, joiners, variation selectors): a name made of
# or holding them looks like another name, or like no name at all.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
# Cyrillic and Greek letters drawn like Latin ones: 'Greater оccipital nerve' with a Cyrillic о is
# another name that looks the same. Each maps to the Latin letter it imitates (a Unicode skeleton, cut
# down to the scripts an editor's keyboard is likely to slip into).
CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁһԛԝӏАВЕКМНОРСТХІЈЅԜУѴ" "οαινρτυχκΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhqwlABEKMHOPCTXIJSWYV" "oaivptuxkABEZHIKMNOPTYX",
)


def _visible_name(text: str) -> str:
    if text.isascii():  # nothing invisible and no look-alike: most names, checked at once
        return text
    if bad := _INVISIBLE.search(text):
        raise ValueError(f"{char_name(bad.group())} at character {bad.start() + 1}; a name may hold no invisible "
                         "characters (delete it)")
    for word in text.split():
        if word.isascii() or word.translate(CONFUSABLES) == word:
            continue
        latin = any("a" <= ch.lower() <= "z" for ch in word)
        if latin and (twin := next((ch for ch in word if ch.translate(CONFUSABLES) != ch), None)):
            latin_twin = twin.translate(CONFUSABLES)
            raise ValueError(f"{unicodedata.name(twin, 'a letter').capitalize()} (U+{ord(twin):04X}) in "
                             f"{word[:40]!r} looks like the Latin {latin_twin!r}; type the Latin letter")
    return text


Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME), AfterValidator(_printable),
    AfterValidator(_visible_name),
]
# A spinal segment (C0-C8), a trigeminal division (V1-V3), or one of the three other cranial nerves whose
# somatic afferents join the spinal trigeminal tract (VII, IX, X).
Segment = Annotated[str, StringConstraints(pattern=r"^(C[0-8]|V[1-3]|VII|IX|X)$")]
ShortLabel = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=26), AfterValidator(_printable),
    AfterValidator(_visible_name),
]
Count = Annotated[int, Field(ge=1, le=10_000_000)]
def _code_as_written(value: Any) -> Any:
    # YAML reads `ichd3: 13.10` as the number 13.1: refuse it rather than show a different code.
    if isinstance(value, float):
        raise ValueError(f"the code was read as the number {value!r}, which drops trailing zeros; write it in "
                         "quotes exactly as ICHD-3 prints it (e.g. '13.10')")
    return _digits_as_text(value)


# An ICHD-3 code as the classification prints it: 13.4, 6.5.1, or an appendix entry such as A11.2.5.
Ichd3Code = Annotated[str, BeforeValidator(_code_as_written),
                      _matching(r"A?\d{1,2}(?:\.\d{1,2}){0,3}", "an ICHD-3 code (e.g. 13.4, 6.5.1 or A11.2.5)")]
OntologyId = Annotated[str, StringConstraints(pattern=r"^(UBERON:\d{7}|FMA:\d+)$")]
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

    @property
    def confirmed(self) -> bool:
        """Read in a source that confirms it, first-hand or through a secondary source."""
        return self in (Confidence.CONFIRMED, Confidence.SECONDARY)


class EvidenceKind(str, Enum):
    """How a fact is known: the kind of study behind it. The ONE ordered list of the app: strongest
    evidence in people first, so `rank` orders the pain map, route weakness and the "strongest study"
    rule of `validate` alike.

    Kept apart from `Confidence` (how directly we read the source): a confirmed rat study is
    still a rat study.
    """

    # Patients relieved by diagnostic blocks of the structure or its nerve, at best controlled
    # (comparative or placebo blocks, as in Lord 1994): the structure is shown to be the source of
    # their own pain. The edge's `evidence` says whether the blocks were controlled.
    HUMAN_BLOCKS = "human_blocks"
    # Any other controlled or systematic study of patients or of a population: a randomised trial, a
    # cohort, a population survey, a test-accuracy study.
    PATIENT_STUDY = "patient_study"
    # A stimulus applied on purpose and the felt pain mapped: volunteers' joints distended, nerves
    # injected, dura touched at operation, discs pressurised at discography.
    HUMAN_PROVOCATION = "human_provocation"
    # An uncontrolled series of patients: where pain was in patients with a proven lesion (e.g. a
    # dissected artery: no stimulus, no block, so the lesion is not shown to cause each pain map), or
    # how patients fared after a treatment without a comparison group.
    PATIENT_SERIES = "patient_series"
    # A clinician pressing or moving tissue in patients (trigger points, tender joints) and asking
    # what it reproduces: uncontrolled, examiner-dependent.
    CLINICAL_PALPATION = "clinical_palpation"
    HUMAN_DISSECTION = "human_dissection"  # cadaver or fetal anatomy
    TEXTBOOK = "textbook"  # textbook, review or expert opinion
    ANIMAL = "animal"  # recordings or tracing in animals: never pain felt
    ARTICLE_CLAIM = "article_claim"  # only the popular article (or an untraced summary) says so

    @property
    def rank(self) -> int:
        """0 for the strongest kind (controlled blocks in patients); higher is weaker."""
        return list(EvidenceKind).index(self)

    @property
    def in_people(self) -> bool:
        """Whether the evidence comes from people (studies, dissection or the human anatomy of textbooks)."""
        return self in _HUMAN_KINDS


_HUMAN_KINDS = frozenset({EvidenceKind.HUMAN_BLOCKS, EvidenceKind.PATIENT_STUDY, EvidenceKind.HUMAN_PROVOCATION,
                          EvidenceKind.PATIENT_SERIES, EvidenceKind.CLINICAL_PALPATION, EvidenceKind.HUMAN_DISSECTION,
                          EvidenceKind.TEXTBOOK})


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


class Titled(Strict):
    """Content with a `title` and an optional `plain_title`: precise for clinicians and students,
    plain for patients (the title itself when it is plain already)."""

    title: Text
    plain_title: Text | None = Field(None, description="The title in plain words, for patients")

    def title_at(self, *, plain: bool) -> str:
        return (self.plain_title or self.title) if plain else self.title


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
    study: EvidenceKind | None = Field(
        None, description="For a primary study of where pain is felt: its kind, which a referral citing it may not "
        "exceed (and must reach, if it is the strongest study cited)")
    n: Count | None = Field(None, description="Subjects in that study, as its abstract gives them")

    @field_validator("title", "authors", "journal")
    @classmethod
    def _brackets_pair_up(cls, text: str) -> str:
        if problem := unbalanced_brackets(text):
            raise ValueError(f"{problem}: a stray bracket, or a note pasted into the citation")
        return text

    @model_validator(mode="after")
    def _n_has_a_study(self) -> Reference:
        if self.n is not None and self.study is None:
            raise ValueError("n is the size of a study: give its kind in `study` too")
        return self


_OPENING = {")": "(", "]": "[", "}": "{"}


def unbalanced_brackets(text: str) -> str | None:
    """What is wrong with the brackets of `text` ('an unmatched "]"'), or None if they pair up.

    >>> unbalanced_brackets("Neurology 60(6):935-940]")
    'an unmatched "]"'
    >>> unbalanced_brackets("Cephalalgia 28 (Suppl 1) [review]") is None
    True
    """
    stack: list[str] = []
    for char in text:
        if char in "([{":
            stack.append(char)
        elif char in _OPENING and (not stack or stack.pop() != _OPENING[char]):
            return f'an unmatched "{char}"'
    return f'an unclosed "{stack[-1]}"' if stack else None


def year_in_key(key: str) -> int | None:
    """The year a citation key names: its last run of digits, if that run is exactly four digits long and
    ends the key or is followed only by letters (Lord1994, Hall2010b, Narouze2019ASRA, SVN_ClinAnat2013).
    Keys without such a run (ICHD3, FdlP) name no year.

    >>> [year_in_key(k) for k in ("Lord1994", "Hall2010b", "Narouze2019ASRA", "ICHD3", "EHF_GCA2020", "X12345")]
    [1994, 2010, 2019, None, 2020, None]
    """
    match = re.search(r"(?<!\d)(\d{4})[A-Za-z_]*$", key)
    return int(match.group(1)) if match else None


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
    # A target of second-order neurons other than the thalamus (parabrachial nucleus, hypothalamus): a route
    # ends there in this model, which does not follow its onward links.
    TARGET = "target"
    CORTEX = "cortex"


class OntologyRelation(str, Enum):
    """How a node stands to the ontology class named for it."""

    EXACT = "exact"  # the class is this structure
    PARENT = "parent"  # the class is wider (the node is a kind or a part of it): the nearest one there is
    NONE = "none"  # no class fits; `why` says why


class OntologyMatch(Strict):
    """A node's place in a public anatomy ontology (UBERON; FMA where UBERON has nothing)."""

    id: OntologyId | None = None
    label: Text | None = Field(None, description="The class's label in the ontology release, checked by validate")
    relation: OntologyRelation
    why: Text | None = Field(None, description="Why the match is only a parent, or why there is none")

    @model_validator(mode="after")
    def _relation_fits(self) -> OntologyMatch:
        # A careless editor could pair an id with 'none', or leave a parent unexplained.
        if self.relation is OntologyRelation.NONE:
            if self.id is not None or self.label is not None:
                raise ValueError("relation 'none' takes no id or label; say why in 'why'")
            if self.why is None:
                raise ValueError("relation 'none' needs 'why' (what the ontology lacks)")
        else:
            if self.id is None or self.label is None:
                raise ValueError(f"relation {self.relation.value!r} needs the class's id and its label")
            if self.relation is OntologyRelation.PARENT and self.why is None:
                raise ValueError("relation 'parent' needs 'why' (how the node stands to the wider class)")
        return self


class Umbrella(Strict):
    """A name that covers several nodes (or more than the model holds): resolving it asks, never guesses."""

    name: Text
    also: list[Text] = Field([], description="Other ways of writing the same wide name")
    members: list[Slug] = Field(min_length=1, description="The nodes the name may mean, for the reader to choose")
    note: Text | None = Field(None, description="For clinicians: what else the name means, or what is left out")


NameWord = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+( [a-z0-9]+)*$")]


class NameRules(Strict):
    """How typed names are matched (data/names.yaml): applied alike to what is typed and to every name."""

    spelling: dict[NameWord, NameWord] = Field(
        default_factory=dict, description="A variant word or phrase -> the form used for matching (disk -> disc)"
    )
    plural: dict[NameWord, NameWord] = Field(default_factory=dict, description="A plural word -> its singular")
    ignore: list[NameWord] = Field(default_factory=list, description="Words left out when matching (of, the)")
    umbrellas: list[Umbrella] = []


class Node(Strict):
    id: Slug
    label: Name
    kind: NodeKind
    synonyms: list[Name] = Field(default_factory=list)
    abbreviations: list[Name] = Field(default_factory=list)
    segments: list[Segment] = Field(default_factory=list)
    ontology: OntologyMatch | None = Field(
        None, description="The ontology class that matches the node, checked against data/ontology/"
    )
    short: ShortLabel | None = Field(None, description="Abbreviated label for the crowded graph")
    plain_label: ShortLabel = Field(
        description="The everyday name patients read first (the anatomical name follows it), short enough for the graph"
    )
    name_notes: dict[Name, Text] = Field(
        default_factory=dict,
        description="A note to show with a synonym, e.g. an eponym that means another nerve elsewhere",
    )
    clinical: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)
    urgent_sign: Slug | None = Field(
        None, description="The urgent sign (data/safety.yaml) that pain from this source can be: shown with it"
    )
    convergence_station: bool = Field(
        False,
        description="Second-order neurons here receive afferents from more than one nerve; a region "
        "whose afferents reach the same station from another nerve is 'predicted by convergence'.",
    )

    @model_validator(mode="after")
    def _root_names_its_segments(self) -> Node:
        # The graph is drawn in bands by the segment a signal enters through, so a root without one
        # would have no place in it.
        if self.kind is NodeKind.ROOT and not self.segments:
            raise ValueError("a root needs its segments (the levels it serves, e.g. [C2] or [V1, V2, V3])")
        return self


class EdgeKind(str, Enum):
    """Directed relations. `refers_pain_to` records where pain is felt; `part_of` is containment;
    every other kind is one step of a pain signal."""

    SUPPLIED_BY = "supplied_by"  # structure -> the nerve (or root) that carries its pain
    SKIN_TERRITORY_OF = "skin_territory_of"  # region -> the nerve that supplies its skin
    BRANCH_OF = "branch_of"  # branch -> parent nerve
    ENTERS = "enters"  # nerve -> root/ganglion; root -> second-order station, or ganglion -> its tract
    TERMINATES_IN = "terminates_in"  # central tract of first-order neurons -> second-order station
    PART_OF = "part_of"  # station -> the complex it belongs to (containment, not a synapse)
    PROJECTS_TO = "projects_to"  # station -> ascending tract -> thalamus -> cortex, or station -> another target
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
        default_factory=list,
        description="Only afferents of these divisions take this step (e.g. V1 fibres descending to C2)",
    )
    evidence: Text | None = Field(None, description="What was observed, in our own words")


# --- Text shared by pages -------------------------------------------------------------


class Claim(Strict):
    """One cited statement, in a precise and a plain version."""

    clinical: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)
    confidence: Confidence = Confidence.CONFIRMED
    evidence_kind: EvidenceKind
    n: Count | None = Field(None, description="Subjects in the study behind the claim, where it gives them")
    nodes: list[Slug] = Field(default_factory=list, description="Nodes to offer as 'explore in graph' links")


class EvidenceCheck(Strict):
    """Where the article says more than (or other than) the literature."""

    article_says: Text
    evidence_says: Text
    plain: Text
    article_confidence: Confidence
    evidence_confidence: Confidence
    evidence_kind: EvidenceKind = Field(description="Kind of evidence behind `evidence_says`")
    references: list[RefKey] = Field(min_length=1)


class Action(str, Enum):
    """What a person should do about a warning sign, strongest first."""

    EMERGENCY = "emergency"  # call emergency services now
    SAME_DAY = "same_day"  # see a doctor today
    PROMPT = "prompt"  # see a doctor soon


class UrgentSign(Strict):
    """A warning sign for the neck-specific urgent box, with the one action it calls for."""

    id: Slug
    clinical: Text
    plain: Text
    action: Action
    references: list[RefKey] = Field(min_length=1)


class Safety(Strict):
    """The disclaimer, the urgent line's full list and the red flags shown wherever patients may read."""

    disclaimer: Claim
    short_line: Words = Field(
        description="One sentence for the top of every page, above the full list one tap away"
    )
    urgent_signs: list[UrgentSign] = Field(min_length=1, description="The neck-specific urgent signs")
    actions: dict[Action, Words] = Field(description="What each action tells a person to do")
    red_flags: list[RedFlag] = Field(min_length=1, description="The full SNNOOP10 list, one click away")
    red_flags_note: Words = Field(
        description="Clinicians only: how the SNNOOP10 list is shown (signs already among the urgent signs, "
        "signs only an examiner sees, actions that are ours)"
    )
    age_cutoff_note: Claim

    @model_validator(mode="after")
    def _every_action_worded(self) -> Safety:
        missing = [a.value for a in Action if a not in self.actions]
        if missing:
            raise ValueError(f"actions needs wording for {', '.join(missing)}")
        return self

    def listed(self, *, plain: bool) -> list[tuple[Action, list[UrgentSign | RedFlag]]]:
        """Every sign a reader is shown, each once, grouped by action with emergencies first.

        A red flag already covered by an urgent sign is not repeated; one that only an examiner can
        see is left out of patient text. Actions without signs are left out.
        """
        shown: list[UrgentSign | RedFlag] = [*self.urgent_signs, *(
            f for f in self.red_flags if f.in_urgent_box is None and (f.patient_visible or not plain))]
        return [(a, [s for s in shown if s.action is a]) for a in Action if any(s.action is a for s in shown)]


class RedFlag(Strict):
    """One SNNOOP10 sign, with what to do about it."""

    id: Slug
    clinical: Text
    plain: Text
    action: Action = Field(description="What a person with this sign should do")
    in_urgent_box: Slug | None = Field(
        None, description="The urgent sign that already covers this one: shown there, not twice")
    patient_visible: bool = Field(
        True, description="False for a finding only an examiner can see (papilloedema): not in patient text")
    references: list[RefKey] = Field(min_length=1)


# --- Page widgets: the structured, interactive part of each section page ---------------


class PrevalenceStudy(Strict):
    id: Slug
    label: Name
    population: Text
    criteria: Text
    figure: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)


class PrevalenceWidget(Strict):
    type: Literal["prevalence"]
    studies: list[PrevalenceStudy] = Field(min_length=2)


class NodeListWidget(Titled):
    type: Literal["node_list"]
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
    criteria: list[Slug] = Field(default_factory=list, description="Criterion ids this feature speaks to")
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


class Route(Titled):
    id: Slug
    clinical: Text
    plain: Text
    nodes: list[Slug] = Field(min_length=1, description="Nodes to highlight on the graph")
    evidence_level: Text
    confidence: Confidence
    evidence_kind: EvidenceKind
    references: list[RefKey] = Field(min_length=1)


class RoutesWidget(Strict):
    type: Literal["routes"]
    routes: list[Route] = Field(min_length=1)


class Block(Strict):
    id: Slug
    label: Name
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
    story: Words
    present: list[Slug] = Field(description="Criterion ids (ICHD-3 C items) that the story shows")
    explanation: Words


class VignetteWidget(Strict):
    type: Literal["criterion_c_vignettes"]
    items: list[Criterion] = Field(min_length=4)
    needed: int = Field(ge=1)
    vignettes: list[Vignette] = Field(min_length=2)
    references: list[RefKey] = Field(min_length=1)

    @model_validator(mode="after")
    def _needed_is_reachable(self) -> VignetteWidget:
        if self.needed > len(self.items):
            raise ValueError(f"needed is {self.needed}, but there are only {len(self.items)} items")
        return self


# A head turn measured in the flexion-rotation test: the slider on the diagnosis page runs from half the
# smallest cut-off to past the widest value, so 0 (an empty slider) or 1e308 (no slider) would break it.
Degrees = Annotated[float, Field(ge=1, le=90, description="Degrees of rotation to one side (1 to 90)")]


class FrtWidget(Strict):
    type: Literal["frt"]
    normal_mean_deg: Degrees
    cgh_mean_deg: Degrees
    cutoffs: list[FrtCutoff] = Field(min_length=1)
    accuracy: list[Claim] = Field(min_length=1)
    limits: Claim


class FrtCutoff(Strict):
    degrees: Degrees
    clinical: Text
    references: list[RefKey] = Field(min_length=1)


class TreatmentTier(Titled):
    id: Slug
    tier: Text
    clinical: Text
    plain: Text
    evidence: list[Claim] = Field(min_length=1)
    targets: list[Slug] = Field(min_length=1)


class TreatmentTiersWidget(Strict):
    type: Literal["treatment_tiers"]
    tiers: list[TreatmentTier] = Field(min_length=1)


class FlowStep(Titled):
    id: Slug
    clinical: Text
    plain: Text
    next: list[Slug] = Field(default_factory=list)
    references: list[RefKey] = Field(min_length=1)
    confidence: Confidence
    evidence_kind: EvidenceKind


class FlowWidget(Strict):
    type: Literal["flow"]
    steps: list[FlowStep] = Field(min_length=2)


class Discipline(Strict):
    id: Slug
    name: Text
    examines: Words
    may_miss: Words
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


class UrgentCall(Strict):
    """When a condition needs care now, and how fast. The action's own words come from data/safety.yaml,
    so a condition and the urgent box always say the same thing for the same action."""

    action: Action
    clinical: Text = Field(description="When: the sign that calls for this action, in clinical words")
    plain: Text = Field(description="When, in plain words")


class Condition(Titled):
    """A mimic or differential of cervicogenic headache: what marks it out and what tells the two apart.

    `title` is the clinical name; `plain_title` the name patients read (they see no codes).
    """

    id: Slug
    aliases: list[Text] = Field([], description="Other names a reader may search for (abbreviations, eponyms)")
    ichd3: Ichd3Code | None = Field(None, description="Its ICHD-3 code; None where ICHD-3 gives it none of its own")
    clinical: Text = Field(description="Its discriminating features")
    plain: Text
    separates_by: Words = Field(description="The test, finding or response that separates it from CGH")
    urgent: list[UrgentCall] = Field([], description="When it needs care now; empty if it never does by itself")
    n: Count | None = Field(None, description="Subjects in the study behind its figures, where one study gives them")
    nodes: list[Slug] = Field([], description="Structures of the graph where its anatomy applies")
    references: list[RefKey] = Field(min_length=1)
    confidence: Confidence
    evidence_kind: EvidenceKind

    @property
    def urgency(self) -> Action | None:
        """The strongest action any of its urgent signs calls for, or None."""
        return min(self.urgent_actions, key=list(Action).index, default=None)

    @property
    def urgent_actions(self) -> list[Action]:
        return [call.action for call in self.urgent]


class DifferentialsWidget(Strict):
    type: Literal["differentials"]
    conditions: list[Condition] = Field(min_length=2)

    @field_validator("conditions")
    @classmethod
    def _one_entry_per_condition(cls, conditions: list[Condition]) -> list[Condition]:
        seen: set[str] = set()
        named: dict[str, str] = {}  # a name, folded, -> the condition it names: search must find one
        for condition in conditions:
            if condition.id in seen:
                raise ValueError(f"condition {condition.id!r} is listed twice")
            seen.add(condition.id)
            for name in dict.fromkeys((condition.title, condition.title_at(plain=True), *condition.aliases)):
                other = named.setdefault(" ".join(name.casefold().split()), condition.id)
                if other != condition.id:
                    raise ValueError(f"the name {name!r} is given to both {other!r} and {condition.id!r}; "
                                     "a name may find only one condition")
        return conditions

    def by_urgency(self) -> list[Condition]:
        """The conditions, the most urgent first (emergency, same day, soon, then the rest), else in file order.

        Sorted here rather than trusted to the file, so an editor's new entry cannot bury an emergency.
        """
        rank = {action: i for i, action in enumerate(Action)}
        return sorted(self.conditions, key=lambda c: rank[c.urgency] if c.urgency is not None else len(rank))


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
    | BlindSpotWidget
    | DifferentialsWidget,
    Field(discriminator="type"),
]
# The union above is the one list of widgets; the `type:` tag of each, as written in page files:
_WIDGET_MODELS: tuple[type[Strict], ...] = typing.get_args(typing.get_args(Widget)[0])
WIDGET_TYPES = frozenset(typing.get_args(m.model_fields["type"].annotation)[0] for m in _WIDGET_MODELS)


class Page(Titled):
    id: Slug
    order: int = Field(ge=0, le=10_000)
    article_section: Text | None = None
    summary: Claim
    claims: list[Claim] = Field(default_factory=list)
    widgets: list[Widget] = Field(default_factory=list)
    evidence_checks: list[EvidenceCheck] = Field(default_factory=list)


# --- Tours and glossary -----------------------------------------------------------------


class TourStep(Titled):
    nodes: list[Slug] = Field(min_length=1, description="Lit on the graph; they must be joined by edges")
    regions: list[Slug] = Field(default_factory=list, description="Regions to show on the head figure")
    clinical: Text
    plain: Text
    references: list[RefKey] = Field(min_length=1)


class TourChecks(Strict):
    """Three self-test items asked before a tour and three parallel ones (same idea, other question) after it."""

    before: list[Slug] = Field(min_length=3, max_length=3, description="Ids of items in data/quiz.yaml")
    after: list[Slug] = Field(min_length=3, max_length=3, description="Ids of items in data/quiz.yaml")

    @model_validator(mode="after")
    def _parallel_not_repeated(self) -> TourChecks:
        # Asking the same item twice would measure memory of the question, not what the tour taught.
        if len(set(self.before)) != 3 or len(set(self.after)) != 3:
            raise PydanticCustomError("repeated_check", "a tour check lists the same item twice", {})
        if both := sorted(set(self.before) & set(self.after)):
            raise PydanticCustomError("same_check", "{items} asked both before and after: the after item must be "
                                      "a parallel one", {"items": ", ".join(repr(i) for i in both)})
        return self


class Tour(Titled):
    id: Slug
    subject: Slug | None = Field(None, description="The source whose referrals the regions of each step show")
    summary: Text
    steps: list[TourStep] = Field(min_length=2)
    checks: TourChecks | None = Field(None, description="Questions before and after, to measure what it taught")


class GlossaryTerm(Strict):
    term: Name
    plain: Text
    clinical: Text | None = None
    aliases: list[Name] = Field(default_factory=list)
    nodes: list[Slug] = Field(default_factory=list)
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


class GraphWords(Strict):
    """The words drawn on the convergence view itself."""

    columns: list[Words] = Field(min_length=8, max_length=8, description="One title per column, left to right")
    bands: dict[Literal["V", "C1", "C2", "C3"], Words]
    legend: dict[Literal["lit", "partner", "people", "animal", "claimed"], Words]


class Wording(Strict):
    """The app's names for bases, kinds of evidence and confidence tags (data/wording.yaml)."""

    bases: dict[Basis, BasisWords]
    evidence_kinds: dict[EvidenceKind, Words]
    confidence: dict[Confidence, Words]
    hypothesis: Words = Field(description="What a prediction shows where other items show a confidence tag")
    graph: GraphWords
    widgets: dict[str, Words] = Field(description="The heading of each kind of page widget")
    tabs: dict[Literal["key_points", "evidence", "references"], Words]
    ui: dict[str, Words] = Field(
        default_factory=dict, description="Sentences pages say around the content, asked for by key"
    )

    @model_validator(mode="after")
    def _complete(self) -> Wording:
        for name, enum in (("bases", Basis), ("evidence_kinds", EvidenceKind), ("confidence", Confidence)):
            missing = [m.value for m in enum if m not in getattr(self, name)]
            if missing:
                raise ValueError(f"{name} needs wording for {', '.join(missing)}")
        if missing := sorted(WIDGET_TYPES - self.widgets.keys()):
            raise ValueError(f"widgets needs a heading for {', '.join(missing)}")
        if unknown := sorted(self.widgets.keys() - WIDGET_TYPES):
            raise ValueError(f"widgets names unknown widget types {', '.join(unknown)}")
        return self


# --- The page list ------------------------------------------------------------------------------

@functools.cache
def material_icon_names() -> frozenset[str]:
    """The Material Symbols names the installed Streamlit accepts (an unknown one crashes the page).

    Read from Streamlit's own generated list as data (`streamlit/material_icon_names.py`, one set
    literal), without importing Streamlit, so `validate` stays fast and always agrees with the app.
    """
    spec = importlib.util.find_spec("streamlit")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    source = Path(next(iter(spec.submodule_search_locations))) / "material_icon_names.py"
    try:
        text = source.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    literal = text.partition("ALL_MATERIAL_ICONS = {")[2].partition("}")[0]
    return frozenset(re.findall(r'"([a-z0-9_]+)"', literal))


def _known_icon(name: str) -> str:
    known = material_icon_names()
    if known and name not in known:
        close = process.extractOne(name, sorted(known), scorer=fuzz.ratio, score_cutoff=75)
        hint = f" (did you mean {close[0]!r}?)" if close else " (see fonts.google.com/icons)"
        raise ValueError(f"unknown Material icon {name!r}{hint}")
    return name


MaterialIcon = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$"), AfterValidator(_known_icon)]


class NavPage(Strict):
    id: Slug
    icon: MaterialIcon = Field(description="A Material Symbols name, shown as :material/<icon>:")
    title: Words | None = Field(None, description="Only for pages without a content file in data/pages/")
    safety: bool = Field(
        False, description="Opens the urgent line's full list of warning signs at once (the line is on every page)")

    @property
    def script(self) -> str:
        return f"pages/{self.id.replace('-', '_')}.py"

    @property
    def url_path(self) -> str:
        return self.id.replace("-", "_")


class NavGroup(Strict):
    title: Words
    pages: list[NavPage] = Field(min_length=1)


class NavEntry(Strict):
    """A way in, on the home page."""

    page: Slug
    icon: MaterialIcon
    title: Words
    text: Words


class Navigation(Strict):
    groups: list[NavGroup] = Field(min_length=1)
    entries: list[NavEntry] = Field(default_factory=list)

    @property
    def pages(self) -> list[NavPage]:
        return [p for g in self.groups for p in g.pages]


# --- The whole content, validated --------------------------------------------------------------


class Territory(Strict):
    """A nerve's textbook skin territory, as head-map regions: never offered as a wrong answer about it."""

    nerve: Slug
    regions: list[Slug] = Field(min_length=1, description="Its skin, taught when the confidence is confirmed")
    borders: list[Slug] = Field([], description="Reached only at the edge: never taught, never called wrong")
    clinical: Text
    references: list[RefKey] = Field(min_length=1)
    confidence: Confidence
    evidence_kind: EvidenceKind


class Contested(Strict):
    """Nerves that sources disagree on as the supply of `subject`: neither taught nor offered as wrong."""

    subject: Slug
    nerves: list[Slug] = Field(min_length=1)
    clinical: Text
    references: list[RefKey] = Field(min_length=1)


class RegionsOf(Strict):
    """Regions set aside for one source (`also_felt`: reported there; `not_taught`: linked, too thin to teach)."""

    subject: Slug
    regions: list[Slug] = Field(min_length=1)
    clinical: Text
    references: list[RefKey] = Field(min_length=1)


class Territories(Strict):
    """What the self-test must never call wrong (data/territories.yaml)."""

    territories: list[Territory] = Field(min_length=1)
    contested: list[Contested] = []
    also_felt: list[RegionsOf] = []
    not_taught: list[RegionsOf] = []


class QuizText(Strict):
    """A text at two levels; without `plain`, only clinicians are asked the item."""

    clinical: Text
    plain: Text | None = None


class WrongOption(QuizText):
    why: QuizText = Field(description="Why this option is wrong, in our words")



class QuizItem(Strict):
    """A question written by hand, resting on a fact the app already shows, read in people and confirmed."""

    id: Slug
    topic: Literal["anatomy", "referral", "criteria", "tests", "treatments", "red_flags", "differentials"]
    page: Slug = Field(description="The page that shows the fact the answer rests on")
    stem: QuizText
    answer: QuizText
    why: QuizText = Field(description="Why the answer is right, in our words")
    wrong: list[WrongOption] = Field(min_length=2)
    references: list[RefKey] = Field(min_length=1)
    confidence: Confidence
    evidence_kind: EvidenceKind
    n: Count | None = None

    @model_validator(mode="after")
    def _teachable(self) -> QuizItem:
        if not (self.confidence.confirmed and self.evidence_kind.in_people):
            raise PydanticCustomError(
                "untaught", "a quiz answer must be confirmed and shown in people, not {confidence} / {kind}",
                {"confidence": self.confidence.value, "kind": self.evidence_kind.value})
        texts = [self.stem, self.answer, self.why, *self.wrong, *(w.why for w in self.wrong)]
        if self.stem.plain is not None and any(t.plain is None for t in texts):
            raise PydanticCustomError("half_plain", "an item with a plain stem needs a plain version of every text",
                                      {})
        options = [self.answer.clinical, *(w.clinical for w in self.wrong)]
        if len(set(options)) != len(options):
            raise PydanticCustomError("same_option", "two options have the same text", {})
        return self


class QuizWords(Strict):
    """Words and hand-written questions the self-test needs beyond the graph (data/quiz.yaml)."""

    plain_names: dict[Slug, Text] = Field(description="A node's name in a patient's question, with its article")
    same_words: list[list[Text]] = Field([], description="Word roots that give each other away")
    items: list[QuizItem] = []


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
    navigation: Navigation | None = None
    head_map: HeadMap | None = None
    names: NameRules | None = None
    territories: Territories | None = None
    quiz_words: QuizWords | None = None

    def page_title(self, page_id: str, *, plain: bool = False) -> str:
        """A page's title, the same in the sidebar, on the page and in the browser tab."""
        if page_id in self.pages:
            return self.pages[page_id].title_at(plain=plain)
        entry = next((p for p in (self.navigation.pages if self.navigation else []) if p.id == page_id), None)
        if entry is None or entry.title is None:
            raise KeyError(page_id)
        return entry.title.at(plain=plain)


Safety.model_rebuild()
FrtWidget.model_rebuild()
Vignette.model_rebuild()
Discipline.model_rebuild()
Condition.model_rebuild()
DifferentialsWidget.model_rebuild()


# --- Walking a content item ----------------------------------------------------------------------

TreePath = tuple[str | int, ...]


def walk_tree(value: Any, path: TreePath = (), *, skip: frozenset[str] = frozenset()) -> Iterator[tuple[TreePath, Any]]:
    """Yield (path, value) for `value` and everything inside it, depth first, in field order.

    A path names model fields and mapping keys by name (an enum key by its value) and list items by
    index, so `path[-1]` is the field a value sits in. Fields named in `skip` are left out, contents
    and all. The one walker behind reference checks, readability checks and a page's reference list.

    >>> [p for p, _ in walk_tree(Words(plain="a", clinical="b"))]
    [(), ('clinical',), ('plain',)]
    """
    yield path, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in skip:
                yield from walk_tree(getattr(value, name), path + (name,), skip=skip)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk_tree(item, path + (i,), skip=skip)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_tree(item, path + (str(key.value if isinstance(key, Enum) else key),), skip=skip)


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
            raise PydanticCustomError("anchor", "anchor {anchor} is outside the drawing box ({box})",
                                      {"anchor": f"[{anchor[0]:g}, {anchor[1]:g}]",
                                       "box": f"{x0:g}..{x0 + w:g}, {y0:g}..{y0 + h:g}"})
        return anchor


class HeadView(Strict):
    title: Text
    outline: SvgPath = Field(description="The skin's silhouette: head, neck and the top of the shoulders")
    features: list[SvgPath] = Field(
        default_factory=list, description="Decorative lines: eyes, nose, mouth, ears, hairline"
    )
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
