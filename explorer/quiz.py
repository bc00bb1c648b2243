"""Multiple-choice and point-to-it questions made from the knowledge graph and the content files.

Kinds of question, each asked of one subject:

* ``nerve``      - "Which nerve carries pain from <structure>?" (a ``supplied_by`` target)
* ``branch``     - "Which nerve does <nerve> branch from?" (a ``branch_of`` target)
* ``segments``   - "Which segments does <node> belong to?" (the node's ``segments``)
* ``route``      - "Where does the signal of <node> go next?" (an ``enters``/``terminates_in``/``projects_to``)
* ``felt``       - "Where has pain from <source> been felt in people?" (a ``refers_pain_to`` region)
* ``source``     - "Pain from which of these has been felt in <region>?" (the same facts, the other way)
* ``point``      - "Tap the head map where pain from <source> has been felt" (any such region is right)
* ``skin``       - "Which area of skin does <nerve> supply?" (data/territories.yaml)
* ``skin_nerve`` - "Which nerve supplies the skin of <region>?" (the same facts, the other way)
* ``criterion``  - "Which criterion does <feature> speak to?" (the presentation page's feature checklist)
* ``mimic``      - "Which condition does this finding set apart from CGH?" (the mimics page's conditions)
* ``code``       - "What is the ICHD-3 code of <condition>?" (the same conditions)
* ``fact``       - a question written by hand in data/quiz.yaml (tests, trials, red flags, differentials),
  resting on a fact a page shows, confirmed and read in people (`validate` refuses any other)

A quiz must never teach an error. So:

* a correct answer is only ever a fact shown in people and read with a `confirmed` tag (an edge's, or a
  territory entry's), and never one that data/territories.yaml sets aside as `not_taught`;
* a wrong option is false everywhere we know of: not linked to the subject in the graph in any way
  (not even claimed, seen in animals or predicted), not in the textbook skin territory of the subject's
  nerves, not a supply the sources dispute (all in data/territories.yaml);
* a stem never shares a key word with any of its options (``key_words``; word roots that give each other
  away, such as *auricular* and *ear*, come from data/quiz.yaml);
* a patient's question names nodes only by their plain names (data/quiz.yaml): no Latin, no segment
  name, no criterion code. Kinds whose answers are nerve names or segments are for clinicians only.

Every option carries its own explanation: why the answer is right, or why that option is wrong, with the
citation keys behind it. Sentences come from data/wording.yaml (`ui`, keys `quiz.*`), with the verb
agreeing with its subject ("The suboccipital muscles are supplied..."). The same seed always gives the
same quiz, and the question bank is built once per graph, so a quiz costs a few random draws.

Examples:
    >>> from explorer.load import load_knowledge_base
    >>> from explorer.graph import build_graph
    >>> kb = load_knowledge_base()
    >>> quiz = generate_quiz(build_graph(kb), kb, seed=1, n=4)
    >>> len(quiz), all(3 <= len(q.options) <= 4 for q in quiz)
    (4, True)
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from explorer.graph import Graph, felt_in, kind_of, own_territory, signal_graph
from explorer.model import (
    Basis,
    Condition,
    Confidence,
    Criterion,
    DifferentialsWidget,
    EdgeKind,
    EvidenceKind,
    FeatureChecklistWidget,
    KnowledgeBase,
    NodeKind,
)

__all__ = ["QUESTION_KINDS", "TEACHABLE", "Progress", "Question", "QuestionKind", "checklist", "generate_quiz",
           "graded", "hand_written", "key_words", "option_text", "parse_progress", "picked_id", "progress_params",
           "segment_text", "teachable"]

QuestionKind = Literal["nerve", "branch", "segments", "route", "felt", "source", "point", "skin", "skin_nerve",
                       "criterion", "mimic", "code", "fact"]
QUESTION_KINDS: tuple[QuestionKind, ...] = (
    "nerve", "branch", "segments", "route", "felt", "source", "point", "skin", "skin_nerve", "criterion", "mimic",
    "code", "fact")
# Kinds whose options are nerve names, segments or codes: a patient is never asked them.
CLINICAL_ONLY: frozenset[QuestionKind] = frozenset({"nerve", "branch", "segments", "route", "skin", "skin_nerve",
                                                    "code"})
# The steps of a route after the nerves: into a root, onto a station, up to the thalamus and cortex.
_ROUTE_STEPS = (EdgeKind.ENTERS, EdgeKind.TERMINATES_IN, EdgeKind.PROJECTS_TO)

_OPTIONS = 4
# Fewer options rather than a wrong option that is not surely wrong: a small head has few regions.
_MIN_OPTIONS = 3
# Only these tags may stand behind a correct answer: those read in a confirming source, first-hand or not.
TEACHABLE = frozenset(tag for tag in Confidence if tag.confirmed)
# Words too common to give an answer away; the question templates' own words are added to these.
_STOP_WORDS = frozenset({"about", "also", "been", "does", "from", "have", "into", "only", "that", "their", "there",
                         "these", "this", "what", "when", "where", "which", "with", "your", "than", "then",
                         "they", "them", "some", "more", "most", "other", "after", "before", "against", "within",
                         # in nearly every sentence of the app: sharing it gives nothing away
                         "headache", "headaches"})


def teachable(data: Mapping[str, Any]) -> bool:
    """Whether an edge (or a territory entry) may be a quiz answer: shown in people, with a `confirmed` tag."""
    return Confidence(data["confidence"]) in TEACHABLE and EvidenceKind(data["evidence_kind"]).in_people


@dataclass(frozen=True)
class Question:
    """One question.

    Attributes:
        kind: which kind of question this is.
        subject: the node id (or feature id, for ``criterion``) the question is about.
        prompt: the question, as shown to the reader.
        options: the four answer texts, in display order.
        option_ids: what each option stands for: a node id, a criterion id, or for
            ``segments`` the segments joined by ", " (same order as ``options``).
        answer: index into ``options`` of the correct option.
        explanation: why the answer is right, built from the node, edge or criterion texts.
        references: citation keys behind the explanation.
        why_wrong: for each option, why it is wrong ("" for the answer), in the reader's words.
        wrong_references: for each option, the citation keys behind `why_wrong` (empty for the answer).
        accepted: option or region ids counted right; for ``point``, every region shown in people.
        ungraded: ``point`` only: regions linked to the subject in a weaker way, neither right nor wrong.
        tappable: ``point`` only: every region a learner may tap.
        tap_why: ``point`` only: (region, why it is wrong) for every region that is wrong, listed or not.
    """

    kind: QuestionKind
    subject: str
    prompt: str
    options: tuple[str, ...]
    option_ids: tuple[str, ...]
    answer: int
    explanation: str
    references: tuple[str, ...]
    why_wrong: tuple[str, ...] = ()
    wrong_references: tuple[tuple[str, ...], ...] = ()
    accepted: frozenset[str] = frozenset()
    ungraded: frozenset[str] = frozenset()
    tappable: frozenset[str] = frozenset()
    tap_why: tuple[tuple[str, str], ...] = ()

    @property
    def answer_text(self) -> str:
        """The text of the correct option."""
        return self.options[self.answer]

    @property
    def answer_id(self) -> str:
        return self.option_ids[self.answer]

    def is_correct(self, choice: int | None) -> bool:
        """Whether option index `choice` is the right one."""
        return choice == self.answer

    def grade(self, picked: str) -> bool | None:
        """Whether the option or region id `picked` is right (True), wrong (False) or cannot be marked (None)."""
        if picked in self.accepted or picked == self.answer_id:
            return True
        return None if picked in self.ungraded else False


def segment_text(segments: list[str] | tuple[str, ...]) -> str:
    """A node's segments as one option text, e.g. ``"C2, C3"``."""
    return ", ".join(segments)


def checklist(kb: KnowledgeBase) -> FeatureChecklistWidget | None:
    """The feature checklist widget of the presentation page, if the content has one."""
    page = kb.pages.get("presentation")
    if page is None:
        return None
    return next((w for w in page.widgets if isinstance(w, FeatureChecklistWidget)), None)


def key_words(text: str, same_words: Iterable[Iterable[str]] = ()) -> frozenset[str]:
    """The words of `text` that could give an answer away: 4 letters or more, not a common word.

    A word containing a root of a `same_words` group stands for the whole group (``"group:N"``), so
    *retro-auricular* and *ear* share a key word; other words are kept whole, lower-cased.
    """
    groups = [tuple(w.casefold() for w in group) for group in same_words]
    found: set[str] = set()
    for word in re.findall(r"[^\W\d_]+", text.casefold()):
        group = next((i for i, roots in enumerate(groups) if any(root in word for root in roots)), None)
        if group is not None:
            found.add(f"group:{group}")
        elif len(word) >= 4 and word not in _STOP_WORDS:
            found.add(word)
    return frozenset(found)


def _echoes(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sets of key words overlap, counting a word inside another (occipital, suboccipital)."""
    return any(x == y or (not x.startswith("group:") and not y.startswith("group:") and (x in y or y in x))
               for x in a for y in b)


def option_text(label: str, plain: bool) -> str:
    """A node's label as an option: for patients, without the Latin in brackets ("Back of the head")."""
    return re.sub(r"\s*\([^)]*\)", "", label).strip() if plain else label


def generate_quiz(G: Graph, kb: KnowledgeBase, *, seed: int, n: int = 10, plain: bool = False) -> list[Question]:
    """Up to `n` questions drawn from the question bank, the same for the same seed.

    Kinds take turns (in an order the seed shuffles) so a quiz mixes them, each topic of the
    hand-written items taking its own turn; each subject is asked about at most once per kind.
    `plain` picks the plain-language texts (for patients) over the clinical ones. Fewer than `n`
    questions come back only if the content cannot supply more.
    """
    rng = random.Random(seed)
    bank = _bank(G, kb, plain)
    pools = {kind: rng.sample(subjects, len(subjects)) for kind, subjects in bank.items() if subjects}
    order = sorted(pools)
    rng.shuffle(order)
    quiz: list[Question] = []
    while len(quiz) < n and any(pools.values()):
        for kind in order:
            if len(quiz) >= n:
                break
            if pools[kind]:
                quiz.append(_draw(rng.choice(pools[kind].pop()), rng))
    return quiz


# --- the bank: every question the content supports, before the random draws -------------------


@dataclass(frozen=True)
class _Option:
    id: str
    text: str
    why_wrong: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Item:
    """One question before its distractors are drawn: the answer and every option that may be offered."""

    kind: QuestionKind
    subject: str
    prompt: str
    answer: _Option
    pool: tuple[_Option, ...]
    explanation: str
    references: tuple[str, ...]
    accepted: frozenset[str] = field(default_factory=frozenset)
    ungraded: frozenset[str] = field(default_factory=frozenset)
    tappable: frozenset[str] = field(default_factory=frozenset)
    tap_why: tuple[tuple[str, str], ...] = ()


def _draw(item: _Item, rng: random.Random) -> Question:
    options = [item.answer, *rng.sample(item.pool, min(_OPTIONS - 1, len(item.pool)))]
    rng.shuffle(options)
    return Question(
        kind=item.kind,
        subject=item.subject,
        prompt=item.prompt,
        options=tuple(o.text for o in options),
        option_ids=tuple(o.id for o in options),
        answer=options.index(item.answer),
        explanation=item.explanation,
        references=tuple(dict.fromkeys(item.references)),
        why_wrong=tuple(o.why_wrong for o in options),
        wrong_references=tuple(tuple(dict.fromkeys(o.references)) for o in options),
        accepted=item.accepted or frozenset({item.answer.id}),
        ungraded=item.ungraded,
        tappable=item.tappable,
        tap_why=item.tap_why,
    )


def hand_written(G: Graph, kb: KnowledgeBase, ids: Iterable[str], *, plain: bool = False) -> list[Question] | None:
    """The hand-written items `ids` as questions, in that order, with their options in a fixed order
    (so a rerun shows the same question); None if any cannot be asked at this level (no plain words)."""
    found = {item.subject: item for topic, items in _bank(G, kb, plain).items() if topic.startswith("fact:")
             for (item,) in items}
    wanted = [found.get(item_id) for item_id in ids]
    if any(item is None for item in wanted):
        return None
    return [_draw(item, random.Random(item.subject)) for item in wanted if item is not None]


_BANKS: dict[tuple[int, int, bool], tuple[Graph, KnowledgeBase, dict[str, list[list[_Item]]]]] = {}


def _bank(G: Graph, kb: KnowledgeBase, plain: bool) -> dict[str, list[list[_Item]]]:
    """Every question the content supports, by kind, one list per subject (built once per graph)."""
    key = (id(G), id(kb), plain)
    cached = _BANKS.get(key)
    if cached is not None and cached[0] is G and cached[1] is kb:
        return cached[2]
    bank = _Builder(G, kb, plain).build()
    if len(_BANKS) > 8:
        _BANKS.clear()
    _BANKS[key] = (G, kb, bank)  # the graph and content are kept, so their ids cannot be reused
    return bank


_VERBS = {  # singular, plural: for templates whose verb follows a node's name
    "is": ("is", "are"), "belongs": ("belongs", "belong"), "supplies": ("supplies", "supply"),
    "branches": ("branches", "branch"), "does": ("does", "do"),
}


def _is_plural(label: str) -> bool:
    """Whether a node's label names more than one thing ("Suboccipital muscles", "X and Y")."""
    # the head noun phrase: before any bracket or preposition ("a small joint between the ... bones")
    head = re.split(r"\s*\(|\s+(?:of|between|that|at|on|in|from|just|around|under|where|up|with)\s+", label,
                    maxsplit=1)[0]
    words = head.split()
    # "joint and ligaments", "dura and tentorium": two things; "cervical and posterior fossa dura": one
    return (len(words) > 1 and words[-2] == "and") or bool(re.search(r"(?<![sui])s$", words[-1]))


_SEGMENT_CODE = re.compile(r"\b(?:C[0-8]|V[1-3])\b")


class _Builder:
    def __init__(self, G: Graph, kb: KnowledgeBase, plain: bool) -> None:
        assert kb.wording is not None
        self.G, self.kb, self.plain = G, kb, plain
        self.words = kb.wording.ui
        quiz_words = kb.quiz_words
        # Patients are asked about a node by its everyday name: the quiz's own phrasing where it has one,
        # else the node's plain label ("the lower jaw nerve").
        # (not one that names a segment: patients never read codes such as C3).
        everyday = {n: f"the {label[:1].lower()}{label[1:]}" for n in G
                    if (label := G.nodes[n].get("plain_label")) and not _SEGMENT_CODE.search(label)}
        self.plain_names = {**everyday, **(dict(quiz_words.plain_names) if quiz_words else {})}
        self.same_words = [list(g) for g in quiz_words.same_words] if quiz_words else []
        self.stop = _STOP_WORDS | {
            w for key, words in self.words.items() if key.removeprefix("quiz.").startswith("ask_")
            for text in (words.clinical, words.plain) for w in key_words(re.sub(r"\{[^}]*\}", " ", text))}
        t = kb.territories
        self.territory = {e.nerve: e for e in t.territories} if t else {}
        self.contested = {c.subject: frozenset(c.nerves) for c in t.contested} if t else {}
        self.also_felt = {e.subject: e for e in t.also_felt} if t else {}
        self.not_taught = {e.subject: e for e in t.not_taught} if t else {}
        self.signal = signal_graph(G)
        self.regions = sorted(v for v in G if kind_of(G, v) is NodeKind.REGION)
        self.nerves = sorted(v for v in G if kind_of(G, v) is NodeKind.NERVE)

    # -- words ----------------------------------------------------------------------------------

    def keys(self, text: str) -> frozenset[str]:
        return frozenset(w for w in key_words(text, self.same_words) if w not in self.stop)

    def say(self, key: str, **values: object) -> str:
        return self.words[f"quiz.{key}"].at(plain=self.plain).format(**values)

    def named(self, node_id: str) -> bool:
        """Whether the reader can be asked about `node_id`: patients only by a plain name."""
        return not self.plain or node_id in self.plain_names

    def name(self, node_id: str) -> str:
        """The node mid-sentence, with its article: "the suboccipital muscles", "the C2–C3 facet joint"."""
        if self.plain:
            return self.plain_names[node_id]
        label = str(self.G.nodes[node_id]["label"])
        if kind_of(self.G, node_id) is NodeKind.REGION and node_id in self.plain_names:
            # A region's label reads as a heading ("Behind the ear (retro-auricular)"); mid-sentence it takes
            # its plain name, which carries its own article, and keeps the clinical term in brackets.
            latin = re.search(r"\([^)]*\)", label)
            return f"{self.plain_names[node_id]} {latin.group(0)}" if latin else self.plain_names[node_id]
        first_word = label.split()[0]
        if first_word[1:].islower():  # not an acronym or a segment ("C2–C3", "VPM")
            label = label[0].lower() + label[1:]
        return f"the {label}"

    def names(self, node_id: str, **more: object) -> dict[str, object]:
        """Template values for a sentence about `node_id`: its name, capitalised name and verb forms."""
        name = self.name(node_id)
        plural = _is_plural(self.plain_names.get(node_id, "") if self.plain
                            else str(self.G.nodes[node_id]["label"]))
        return {"subject": name, "Subject": name[0].upper() + name[1:],
                **{verb: forms[plural] for verb, forms in _VERBS.items()}, **more}

    def option(self, node_id: str) -> str:
        return option_text(str(self.G.nodes[node_id]["label"]), self.plain)

    def text(self, data: Mapping[str, Any]) -> str:
        return str(data["plain"] if self.plain else data["clinical"])

    # -- what may never be called wrong ---------------------------------------------------------

    def carriers(self, subject: str) -> set[str]:
        """The subject, the nerves that supply it, and every nerve its pain travels along."""
        supplied = {v for v in self.G.successors(subject)
                    if self.G.edges[subject, v]["kind"] == EdgeKind.SUPPLIED_BY.value}
        return {subject} | supplied | self.contested.get(subject, frozenset()) | set(nx.descendants(self.signal,
                                                                                                    subject))

    def linked_regions(self, subject: str) -> frozenset[str]:
        """Every region linked to `subject` in any way we know of: never offered as wrong."""
        regions = {r.region for r in felt_in(self.G, subject)} | own_territory(self.G, subject)
        # A nerve carries the pain of every tissue upstream of it: where theirs is felt is not wrong for it.
        # So does every branch upstream: the skin a branch supplies is not wrong for the nerve it joins.
        if kind_of(self.G, subject) is not NodeKind.STRUCTURE:
            for upstream in nx.ancestors(signal_graph(self.G), subject):
                regions |= {r.region for r in felt_in(self.G, upstream)}
                if entry0 := self.territory.get(upstream):
                    regions |= {*entry0.regions, *entry0.borders}
        for nerve in self.carriers(subject):
            if entry := self.territory.get(nerve):
                regions |= {*entry.regions, *entry.borders}
        for extra in (self.also_felt, self.not_taught):
            if entry2 := extra.get(subject):
                regions |= set(entry2.regions)
        return frozenset(regions)

    def untaught(self, subject: str) -> frozenset[str]:
        entry = self.not_taught.get(subject)
        return frozenset(entry.regions) if entry else frozenset()

    def observed(self, subject: str) -> list[Any]:
        """Referrals of `subject` that may be taught: seen in people, confirmed, not its own skin."""
        return [r for r in felt_in(self.G, subject)
                if r.basis is Basis.PEOPLE and r.confidence in TEACHABLE and not r.own_territory
                and r.region not in self.untaught(subject)]

    # -- one item -------------------------------------------------------------------------------

    def item(
        self, kind: QuestionKind, subject: str, prompt: str, answer: _Option, pool: Iterable[_Option],
        explanation: str, references: Iterable[str], **point: Any,
    ) -> _Item | None:
        """An item whose stem gives nothing away, with enough distinct wrong options; else None."""
        stem = self.keys(prompt)
        if _echoes(stem, self.keys(answer.text)):
            return None
        seen = {answer.text}
        wrong = []
        for option in pool:
            if option.id != answer.id and option.text not in seen and not _echoes(stem, self.keys(option.text)):
                seen.add(option.text)
                wrong.append(option)
        if len(wrong) < _MIN_OPTIONS - 1:
            return None
        return _Item(kind, subject, prompt, answer, tuple(wrong), explanation, tuple(references), **point)

    # -- the kinds ------------------------------------------------------------------------------

    def build(self) -> dict[str, list[list[_Item]]]:
        """Every item, by turn: a kind of question, or one topic of the hand-written items."""
        makers: dict[QuestionKind, Callable[[str], Iterable[_Item | None]]] = {
            "nerve": self.nerve, "branch": self.branch, "segments": self.segments, "route": self.route,
            "felt": self.felt,
            "source": self.source, "point": self.point, "skin": self.skin, "skin_nerve": self.skin_nerve,
        }
        bank: dict[str, list[list[_Item]]] = {}
        for kind, make in makers.items():
            if self.plain and kind in CLINICAL_ONLY:
                continue
            bank[kind] = [items for node_id in sorted(self.G)
                          if (items := [i for i in make(node_id) if i is not None])]
        bank["criterion"] = [items for items in self.criteria() if items]
        conditions = self.conditions()
        bank["mimic"] = [[item] for c in conditions if (item := self.mimic(c, conditions)) is not None]
        if not self.plain:
            bank["code"] = [[item] for c in conditions if (item := self.code(c, conditions)) is not None]
        for topic, item in self.facts():
            if item is not None:
                bank.setdefault(f"fact:{topic}", []).append([item])
        return bank

    def facts(self) -> Iterable[tuple[str, _Item | None]]:
        """The hand-written items, at the reader's level (an item without plain words is for clinicians)."""
        for fact in self.kb.quiz_words.items if self.kb.quiz_words else []:
            if self.plain and fact.stem.plain is None:
                continue

            def at(text: Any) -> str:
                return str(text.plain if self.plain else text.clinical)

            refs = tuple(fact.references)
            yield fact.topic, self.item(
                "fact", fact.id, at(fact.stem), _Option("answer", at(fact.answer)),
                [_Option(f"wrong-{i}", at(w), at(w.why), refs) for i, w in enumerate(fact.wrong)],
                at(fact.why), refs)

    def nerve(self, structure: str) -> Iterable[_Item | None]:
        G = self.G
        if kind_of(G, structure) is not NodeKind.STRUCTURE:
            return
        supplied = [v for v in G.successors(structure) if G.edges[structure, v]["kind"] == EdgeKind.SUPPLIED_BY.value]
        refs = tuple(G.nodes[structure]["references"])
        never = self.carriers(structure)
        pool = [_Option(v, self.option(v), self.say("wrong_nerve", **self.names(structure, option=self.name(v))), refs)
                for v in self.nerves if v not in never]
        for answer in sorted(supplied):
            edge = G.edges[structure, answer]
            if kind_of(G, answer) is not NodeKind.NERVE or not teachable(edge):
                continue
            because = edge.get("evidence") or self.text(G.nodes[answer])
            yield self.item(
                "nerve", structure, self.say("ask_nerve", **self.names(structure)),
                _Option(answer, self.option(answer)), pool,
                self.say("why_nerve", **self.names(structure, answer=self.name(answer), because=because)),
                (*edge["references"], *G.nodes[answer]["references"]))

    def branch(self, nerve: str) -> Iterable[_Item | None]:
        G = self.G
        if kind_of(G, nerve) is not NodeKind.NERVE:
            return
        parents = [v for v in G.successors(nerve) if G.edges[nerve, v]["kind"] == EdgeKind.BRANCH_OF.value]
        # Every nerve up or down its tree is related to it: none is offered as wrong.
        never = {nerve} | set(nx.descendants(self.signal, nerve)) | set(nx.ancestors(self.signal, nerve))
        label_segments = set(re.findall(r"\b[CV]\d\b", str(G.nodes[nerve]["label"])))
        refs = tuple(G.nodes[nerve]["references"])
        pool = [_Option(v, self.option(v), self.say("wrong_branch", **self.names(nerve, option=self.name(v))), refs)
                for v in self.nerves if v not in never]
        for answer in sorted(parents):
            edge = G.edges[nerve, answer]
            if not teachable(edge) or label_segments & set(G.nodes[answer].get("segments", [])):
                continue  # "C3 deep medial branch" -> "C3 dorsal ramus" gives itself away
            yield self.item(
                "branch", nerve, self.say("ask_branch", **self.names(nerve)),
                _Option(answer, self.option(answer)), pool,
                self.say("why_branch", **self.names(nerve, answer=self.name(answer),
                                                   because=edge.get("evidence") or self.text(G.nodes[nerve]))),
                (*edge["references"], *refs))

    def route(self, node_id: str) -> Iterable[_Item | None]:
        G = self.G
        steps = {v: G.edges[node_id, v] for v in G.successors(node_id)
                 if EdgeKind(G.edges[node_id, v]["kind"]) in _ROUTE_STEPS}
        if not steps:
            return
        # Everything upstream or downstream of the node is on its way: none is offered as wrong.
        never = {node_id} | set(nx.descendants(self.signal, node_id)) | set(nx.ancestors(self.signal, node_id))
        label_segments = set(re.findall(r"\b[CV]\d\b", str(G.nodes[node_id]["label"])))
        refs = tuple(G.nodes[node_id]["references"])
        for answer, edge in sorted(steps.items()):
            if not teachable(edge) or label_segments & set(re.findall(r"\b[CV]\d\b", str(G.nodes[answer]["label"]))):
                continue  # "C2 dorsal ramus" -> "C2 dorsal root" gives itself away
            kind = kind_of(G, answer)
            pool = [_Option(v, self.option(v), self.say("wrong_route", **self.names(node_id, option=self.name(v))),
                            refs)
                    for v in sorted(G) if kind_of(G, v) is kind and v not in never]
            yield self.item(
                "route", node_id, self.say("ask_route", **self.names(node_id)), _Option(answer, self.option(answer)),
                pool,
                self.say("why_route", **self.names(node_id, answer=self.name(answer),
                                                  because=edge.get("evidence") or self.text(G.nodes[answer]))),
                (*edge["references"], *G.nodes[answer]["references"]))

    def segments(self, node_id: str) -> Iterable[_Item | None]:
        G = self.G
        data = G.nodes[node_id]
        mine = data.get("segments") or []
        if not mine or kind_of(G, node_id) not in (NodeKind.STRUCTURE, NodeKind.NERVE):
            return
        # A node's segments follow from its supply (a tissue) or its parent nerves (a branch): ask only
        # where every such edge is teachable, none is disputed, and the segments agree with them.
        link = EdgeKind.SUPPLIED_BY if kind_of(G, node_id) is NodeKind.STRUCTURE else EdgeKind.BRANCH_OF
        edges = [(v, G.edges[node_id, v]) for v in G.successors(node_id) if G.edges[node_id, v]["kind"] == link.value]
        if any(not teachable(d) for _, d in edges) or node_id in self.contested:
            return
        if edges and {s for v, _ in edges for s in G.nodes[v].get("segments", [])} != set(mine):
            return  # the node's segments and its nerves' disagree: the data leaves the answer open
        if re.search(r"\b[CV]\d", str(data["label"])):
            return  # the label gives the answer away ("C1 ventral ramus")
        answer = segment_text(mine)
        others = sorted({segment_text(d["segments"]) for _, d in G.nodes(data=True)
                         if d.get("segments") and not set(d["segments"]) & set(mine)})
        refs = tuple(data["references"])
        yield self.item(
            "segments", node_id, self.say("ask_segments", **self.names(node_id)), _Option(answer, answer),
            [_Option(o, o, self.say("wrong_segments", **self.names(node_id, answer=answer, option=o)), refs)
             for o in others],
            self.say("why_segments", **self.names(node_id, answer=answer, because=self.text(data))), refs)

    def _felt_pool(self, source: str) -> list[_Option]:
        never = self.linked_regions(source)
        refs = tuple(self.G.nodes[source]["references"])
        return [_Option(r, self.option(r),
                        self.say("wrong_region", subject=self.name(source), option=self.name_of_region(r)), refs)
                for r in self.regions if r not in never]

    def name_of_region(self, region: str) -> str:
        return self.plain_names.get(region, self.name(region)) if self.plain else self.name(region)

    def because_felt(self, source: str, referral: Any) -> str:
        return self.text(self.G.nodes[source]) if self.plain else referral.evidence or self.text(self.G.nodes[source])

    def felt(self, source: str) -> Iterable[_Item | None]:
        if kind_of(self.G, source) not in (NodeKind.STRUCTURE, NodeKind.NERVE) or not self.named(source):
            return
        pool = self._felt_pool(source)
        for r in self.observed(source):
            yield self.item(
                "felt", source, self.say("ask_felt", **self.names(source)), _Option(r.region, self.option(r.region)),
                pool,
                self.say("why_felt", **self.names(source, region=self.name_of_region(r.region),
                                                  because=self.because_felt(source, r))),
                r.references)

    def point(self, source: str) -> Iterable[_Item | None]:
        if (self.kb.head_map is None or kind_of(self.G, source) not in (NodeKind.STRUCTURE, NodeKind.NERVE)
                or not self.named(source)):
            return
        observed = self.observed(source)
        if not observed:
            return
        accepted = frozenset(r.region for r in observed)
        shown = ", ".join(self.name_of_region(r) for r in sorted(accepted))
        refs = [k for r in observed for k in r.references]
        wrong = self._felt_pool(source)
        item = self.item(
            "point", source, self.say("ask_point", **self.names(source)),
            _Option(observed[0].region, self.option(observed[0].region)), wrong,
            self.say("why_point", **self.names(source, regions=shown)), refs,
            accepted=accepted, ungraded=self.linked_regions(source) - accepted, tappable=frozenset(self.regions),
            tap_why=tuple((o.id, o.why_wrong) for o in wrong))
        # A point item shows no option list, but a tapped region is graded against all of them: none of the
        # accepted regions may echo the stem either.
        if item is not None and not any(_echoes(self.keys(item.prompt), self.keys(self.option(r))) for r in accepted):
            yield item

    def source(self, region: str) -> Iterable[_Item | None]:
        G = self.G
        if kind_of(G, region) is not NodeKind.REGION:
            return
        sources = [v for v in sorted(G) if kind_of(G, v) in (NodeKind.STRUCTURE, NodeKind.NERVE) and self.named(v)]
        pool = [_Option(v, self.option(v) if not self.plain else self.plain_names[v].capitalize(),
                        self.say("wrong_source", region=self.name_of_region(region), option=self.name(v)),
                        tuple(G.nodes[v]["references"]))
                for v in sources if region not in self.linked_regions(v)]
        for source in sources:
            for r in self.observed(source):
                if r.region != region:
                    continue
                text = self.option(source) if not self.plain else self.plain_names[source].capitalize()
                yield self.item(
                    "source", region, self.say("ask_source", region=self.name_of_region(region)),
                    _Option(source, text), pool,
                    self.say("why_felt", **self.names(source, region=self.name_of_region(region),
                                                      because=self.because_felt(source, r))),
                    r.references)

    def taught_skin(self, nerve: str) -> list[str]:
        entry = self.territory.get(nerve)
        if entry is None or not teachable(entry.model_dump(mode="json")):
            return []
        return [r for r in entry.regions if r not in self.untaught(nerve)]

    def skin(self, nerve: str) -> Iterable[_Item | None]:
        entry = self.territory.get(nerve)
        if entry is None or nerve not in self.G:
            return
        never = self.linked_regions(nerve)
        refs = tuple(entry.references)
        pool = [_Option(r, self.option(r), self.say("wrong_skin", **self.names(nerve, option=self.name(r))), refs)
                for r in self.regions if r not in never]
        for region in self.taught_skin(nerve):
            yield self.item(
                "skin", nerve, self.say("ask_skin", **self.names(nerve)), _Option(region, self.option(region)), pool,
                self.say("why_skin", **self.names(nerve, region=self.name(region), because=entry.clinical)), refs)

    def skin_nerve(self, region: str) -> Iterable[_Item | None]:
        if kind_of(self.G, region) is not NodeKind.REGION:
            return
        for nerve in sorted(self.territory):
            if nerve not in self.G or region not in self.taught_skin(nerve):
                continue
            entry = self.territory[nerve]
            pool = [_Option(v, self.option(v), self.say("wrong_skin_nerve", region=self.name(region),
                                                        option=self.name(v)),
                            tuple(self.territory[v].references) if v in self.territory else ())
                    for v in self.nerves if region not in self.linked_regions(v)]
            yield self.item(
                "skin_nerve", region, self.say("ask_skin_nerve", region=self.name(region)),
                _Option(nerve, self.option(nerve)), pool,
                self.say("why_skin", **self.names(nerve, region=self.name(region), because=entry.clinical)),
                entry.references)

    def conditions(self) -> list[Condition]:
        """The mimics page's conditions that may be taught: confirmed, shown in people, named for the reader."""
        found = [c for page in self.kb.pages.values() for w in page.widgets if isinstance(w, DifferentialsWidget)
                 for c in w.conditions]
        return [c for c in found if c.confidence.confirmed and c.evidence_kind.in_people
                and (not self.plain or c.plain_title)]

    def mimic(self, answer: Condition, conditions: list[Condition]) -> _Item | None:
        def name(c: Condition) -> str:
            return c.title_at(plain=self.plain)

        return self.item(
            "mimic", answer.id, self.say("ask_mimic", finding=self.text(answer.separates_by.model_dump())),
            _Option(answer.id, name(answer)),
            [_Option(c.id, name(c),
                     self.say("wrong_mimic", option=name(c), finding=self.text(c.separates_by.model_dump())),
                     tuple(c.references)) for c in conditions if c.id != answer.id],
            self.say("why_mimic", condition=name(answer), because=self.text(answer.model_dump())),
            answer.references)

    def code(self, answer: Condition, conditions: list[Condition]) -> _Item | None:
        def coded(c: Condition) -> bool:  # a code of its own, not a whole chapter ("1" is all of migraine)
            return c.ichd3 is not None and "." in c.ichd3

        if not coded(answer) or answer.ichd3 is None:
            return None
        return self.item(
            "code", answer.id, self.say("ask_code", condition=answer.title), _Option(answer.ichd3, answer.ichd3),
            [_Option(c.ichd3, c.ichd3, self.say("wrong_code", option=c.ichd3, condition=c.title), tuple(c.references))
             for c in conditions if coded(c) and c.ichd3 is not None and c.ichd3 != answer.ichd3],
            self.say("why_code", condition=answer.title, answer=answer.ichd3, because=answer.clinical),
            answer.references)

    def criterion_label(self, c: Criterion) -> str:
        """A patient reads the rule itself, a clinician its code (the full text would echo the feature)."""
        return c.plain if self.plain else f"{c.set} {c.code}"

    def criteria(self) -> Iterable[list[_Item]]:
        w = checklist(self.kb)
        if w is None:
            return
        criteria = {c.id: c for c in w.criteria}
        for feature in w.features:
            items = []
            for answer in (criteria[c] for c in feature.criteria if c in criteria):
                # Wrong answers from the same criteria set first, so the set name does not give the answer away.
                pool = sorted((c for c in w.criteria if c.id not in feature.criteria),
                              key=lambda c: (c.set != answer.set, c.id))
                same_set = [c for c in pool if c.set == answer.set]
                if len(same_set) >= _OPTIONS - 1:
                    pool = same_set
                text = feature.plain if self.plain else feature.prompt
                item = self.item(
                    "criterion", feature.id, self.say("ask_criterion", feature=text),
                    _Option(answer.id, self.criterion_label(answer)),
                    [_Option(c.id, self.criterion_label(c), self.say("wrong_criterion", criterion=self.text(
                        c.model_dump())), tuple(c.references)) for c in pool],
                    self.say("why_criterion", criterion=answer.plain if self.plain
                             else f"{self.criterion_label(answer)}: {answer.clinical}"),
                    (*feature.references, *answer.references))
                if item is not None:
                    items.append(item)
            yield items


# --- a learner's place in a quiz, kept in the link so it survives a server restart ----------------


@dataclass(frozen=True)
class Progress:
    """Where a learner is in one quiz: the question shown, and one answer token per answered question.

    A token is an option index ("2") for a choice, or the region id tapped for a ``point`` question.
    """

    index: int = 0
    answers: tuple[str, ...] = ()

    def answered(self, quiz: list[Question]) -> list[tuple[Question, str]]:
        return list(zip(quiz, self.answers, strict=False))

    def score(self, quiz: list[Question]) -> int:
        """How many answers were right."""
        return sum(graded(q, token) is True for q, token in self.answered(quiz))


def picked_id(q: Question, token: str) -> str | None:
    """The option or region id an answer token stands for, or None if it is not one of `q`'s."""
    if token.isascii() and token.isdigit() and len(token) <= 2:
        i = int(token)
        return q.option_ids[i] if i < len(q.options) else None
    return token if token in q.tappable else None


def graded(q: Question, token: str) -> bool | None:
    """Whether an answer token is right, wrong, or (a weakly linked region) cannot be marked."""
    picked = picked_id(q, token)
    return None if picked is None else q.grade(picked)


def parse_progress(raw_index: str | None, raw_answers: str | None, quiz: list[Question]) -> Progress:
    """A learner's place read back from the link (`?at=3&answers=2.occipital_region.0`); junk is dropped.

    Answers are kept up to the first one that does not fit its question; the question shown is the
    one after the last answer, or that answer's own (its feedback) if the link says so.
    """
    answers: list[str] = []
    for q, token in zip(quiz, (raw_answers or "").split(".") if raw_answers else [], strict=False):
        if graded(q, token) is None:
            break
        answers.append(token)
    # Only two places fit the answers: the last answer's feedback, or the next question.
    low, high = max(len(answers) - 1, 0), len(answers)
    fits = raw_index is not None and raw_index.isascii() and raw_index.isdigit() and len(raw_index) <= 4
    index = int(raw_index) if fits and raw_index is not None else high
    return Progress(min(max(index, low), high), tuple(answers))


def progress_params(progress: Progress) -> tuple[str | None, str | None]:
    """The link's `at` and `answers` for `progress` (None: leave the parameter out)."""
    if not progress.answers and progress.index == 0:
        return None, None
    return str(progress.index), ".".join(progress.answers) or None
