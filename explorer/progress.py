"""Progress a learner keeps: spaced reviews (FSRS), mastery by topic, classes, and their exports.

Pure: no Streamlit. Everything goes through a SQLAlchemy `Engine` (SQLite by default, PostgreSQL for
a department), so the same functions run in the app (behind `st.connection`) and in the tests.

What is stored is the least that scheduling needs: a random learning code, and per answer the item's
id, its topic, whether it was right, when, and the scheduler's card state. No names, no free text,
no addresses. `forget` deletes every row of a learner in every table at once.

One row per answer (`reviews`): two tabs answering at once each add their own row, so no answer is
lost. The card state of the newer row is computed from the latest row inside a transaction that holds
a write lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: the learner's row ``FOR UPDATE``), retried a few
times if the database is busy.

Examples:
    >>> engine = make_engine("sqlite://")
    >>> upgrade(engine)
    1
    >>> code = new_learner(engine)
    >>> len(code), parse_code(code.lower()) == code
    (8, True)
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import secrets
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final, Literal, Protocol, TypeVar

import sqlalchemy as sa
from fsrs import Card, Rating, Scheduler
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

__all__ = [
    "CODE_ALPHABET", "CODE_LENGTH", "MIGRATIONS", "MIN_CLASS_SIZE", "TOPICS", "ClassItem", "ClassSummary",
    "MasteryPoint", "ProgressUnavailable", "Topic", "class_csv", "class_summary", "class_xapi", "due_items",
    "forget", "item_key", "join_class", "known_class", "known_learner", "make_engine", "mastery_by_topic",
    "new_class", "new_learner", "parse_code", "prepare_engine", "record_answer", "record_tour_check",
    "schema_version", "topic_of", "tour_checks", "upgrade", "xapi_json",
]

# The topics the progress page charts, in its order; their names are worded in data/wording.yaml
# (`progress.topic.<id>`).
Topic = Literal["anatomy", "referral", "criteria", "treatment", "red-flags", "differentials"]
TOPICS: Final[tuple[Topic, ...]] = ("anatomy", "referral", "criteria", "treatment", "red-flags", "differentials")
# A self-test question of today's bank says its kind, not its topic: this is where each kind is taught.
_TOPIC_OF_KIND: Final[dict[str, Topic]] = {
    "nerve": "anatomy", "segments": "anatomy", "felt": "referral", "criterion": "criteria",
}

# Codes are read aloud and typed from a slide: no 0/O, 1/I/L, no vowels that could spell words.
CODE_ALPHABET: Final = "23456789BCDFGHJKMNPQRSTVWXZ"
CODE_LENGTH: Final = 8
# A class view with fewer members than this would show one person's answers: it waits for more.
MIN_CLASS_SIZE: Final = 3
CLASS_LIFETIME: Final = timedelta(days=365)
# xAPI: the verb and the home page that scopes our anonymous accounts.
XAPI_VERB: Final = "http://adlnet.gov/expapi/verbs/answered"
XAPI_HOME: Final = "https://neck-behind-the-pain.invalid/learner"
XAPI_ITEMS: Final = "https://neck-behind-the-pain.invalid/item/"

_RETRIES: Final = 6
_SCHEDULER: Final = Scheduler(enable_fuzzing=False)  # no fuzz: the same answers always give the same due dates


class ProgressUnavailable(RuntimeError):
    """The progress database cannot be reached or written: the self-test goes on without saving."""


# --- the schema ---------------------------------------------------------------------------------

metadata = sa.MetaData()
_when = sa.DateTime(timezone=True)

schema_version_table = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("applied_at", _when, nullable=False),
)
learners = sa.Table(
    "learners", metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("created_at", _when, nullable=False),
)
reviews = sa.Table(
    "reviews", metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("learner", sa.String(16), sa.ForeignKey("learners.code"), nullable=False),
    sa.Column("item", sa.String(200), nullable=False),
    sa.Column("topic", sa.String(20), nullable=False),
    sa.Column("rating", sa.SmallInteger, nullable=False),
    sa.Column("right", sa.Boolean, nullable=False),
    sa.Column("answered_at", _when, nullable=False),
    sa.Column("due", _when, nullable=False),
    sa.Column("card", sa.Text, nullable=False),  # fsrs Card.to_json() after this answer
    sa.Index("reviews_learner_item", "learner", "item", "id"),
    sa.Index("reviews_item", "item"),
)
classes = sa.Table(
    "classes", metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("created_at", _when, nullable=False),
    sa.Column("expires_at", _when, nullable=False),
)
class_members = sa.Table(
    "class_members", metadata,
    sa.Column("class_code", sa.String(16), sa.ForeignKey("classes.code"), primary_key=True),
    sa.Column("learner", sa.String(16), sa.ForeignKey("learners.code"), primary_key=True),
    sa.Column("joined_at", _when, nullable=False),
)
tour_checks_table = sa.Table(
    "tour_checks", metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("learner", sa.String(16), sa.ForeignKey("learners.code"), nullable=False),
    sa.Column("tour", sa.String(80), nullable=False),
    sa.Column("phase", sa.String(4), nullable=False),
    sa.Column("item", sa.String(200), nullable=False),
    sa.Column("right", sa.Boolean, nullable=False),
    sa.Column("answered_at", _when, nullable=False),
    sa.CheckConstraint("phase in ('pre', 'post')", name="tour_checks_phase"),
    sa.Index("tour_checks_learner", "learner", "tour"),
)
# Every table holding a learner's rows, children first (the order `forget` deletes in).
_LEARNER_TABLES: Final = (reviews, tour_checks_table, class_members, learners)


def _create(*tables: sa.Table) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        for table in tables:
            table.create(conn, checkfirst=True)
    return run


# The numbered migrations, applied in order, each once, each in its own transaction. A later change to
# the schema is a new row here (ALTER TABLE ...), never an edit of an applied one.
MIGRATIONS: Final[tuple[tuple[int, str, Callable[[Connection], None]], ...]] = (
    (1, "learners, reviews, classes, class members, tour checks",
     _create(learners, reviews, classes, class_members, tour_checks_table)),
)


# --- the engine ---------------------------------------------------------------------------------

def make_engine(url: str) -> Engine:
    """An engine for `url`, prepared for many sessions at once (see `prepare_engine`)."""
    engine = sa.create_engine(url, pool_pre_ping=True)
    prepare_engine(engine)
    return engine


def prepare_engine(engine: Engine) -> Engine:
    """Make SQLite safe for several processes: WAL, a busy timeout, and a write lock taken at BEGIN.

    Without ``BEGIN IMMEDIATE`` two transactions that read and then write can deadlock (each holds a
    read lock the other must wait for) and one fails. PostgreSQL needs nothing here. Safe to call twice.
    """
    if engine.dialect.name != "sqlite" or event.contains(engine, "begin", _begin_immediate):
        return engine

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 5000")
        if engine.url.database not in (None, "", ":memory:"):
            # A read-only file keeps its mode; writing then fails later, where it is reported.
            with contextlib.suppress(Exception):
                cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _begin_immediate(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def _writing(engine: Engine) -> Iterator[Connection]:
    """A transaction, with the database's faults turned into `ProgressUnavailable`."""
    try:
        with engine.begin() as conn:
            yield conn
    except sa.exc.DBAPIError as exc:
        raise ProgressUnavailable(str(exc.orig)) from exc


_T = TypeVar("_T")


def _retrying(engine: Engine, work: Callable[[Connection], _T]) -> _T:
    """Run `work` in a transaction; a busy database or a serialization failure is retried."""
    for attempt in range(_RETRIES):
        try:
            with engine.begin() as conn:
                return work(conn)
        except sa.exc.OperationalError as exc:
            if attempt + 1 == _RETRIES:
                raise ProgressUnavailable(str(exc.orig)) from exc
            time.sleep(0.05 * 2**attempt)
        except sa.exc.DBAPIError as exc:
            raise ProgressUnavailable(str(exc.orig)) from exc
    raise AssertionError("unreachable")


def upgrade(engine: Engine) -> int:
    """Apply every migration the database lacks; return the schema version. Safe to run again, and from
    two replicas at once (the second finds the version row and skips).

    Raises:
        ProgressUnavailable: the database cannot be reached or written.
    """
    try:
        with engine.begin() as conn:
            schema_version_table.create(conn, checkfirst=True)
    except sa.exc.DBAPIError as exc:
        if schema_version(engine) is None:
            raise ProgressUnavailable(str(exc.orig)) from exc
    for number, name, run in MIGRATIONS:
        def apply(conn: Connection, number: int = number, name: str = name,
                  run: Callable[[Connection], None] = run) -> None:
            done = conn.execute(sa.select(schema_version_table.c.version)
                                .where(schema_version_table.c.version == number)).first()
            if done is None:
                run(conn)
                conn.execute(schema_version_table.insert().values(version=number, name=name, applied_at=_now()))
        try:
            _retrying(engine, apply)
        except ProgressUnavailable:
            if (schema_version(engine) or 0) < number:  # another replica may have applied it meanwhile
                raise
    return schema_version(engine) or 0


def schema_version(engine: Engine) -> int | None:
    """The highest migration applied, or None for a database without our schema (or out of reach)."""
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("schema_version"):
                return None
            return conn.execute(sa.select(sa.func.max(schema_version_table.c.version))).scalar()
    except sa.exc.DBAPIError:
        return None


# --- codes --------------------------------------------------------------------------------------

def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def parse_code(raw: str | None) -> str | None:
    """The code a person typed or a link carried, tidied (case, spaces, dashes); None if it cannot be one.

    >>> parse_code(" bcdf-ghjk "), parse_code("BCDFGHJ0"), parse_code(None)
    ('BCDFGHJK', None, None)
    """
    if raw is None:
        return None
    code = raw.strip().upper().replace("-", "").replace(" ", "")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def new_learner(engine: Engine) -> str:
    """A new learning code, stored with nothing but the time it was made.

    Raises:
        ProgressUnavailable: the database cannot be reached or written.
    """
    for _ in range(5):  # 27^8 codes: a clash is rare, and a clash is simply a new draw
        code = _new_code()
        try:
            with _writing(engine) as conn:
                conn.execute(learners.insert().values(code=code, created_at=_now()))
            return code
        except ProgressUnavailable as exc:
            if not isinstance(exc.__cause__, sa.exc.IntegrityError):
                raise
    raise ProgressUnavailable("no free learning code after five draws")


def known_learner(engine: Engine, code: str | None) -> bool:
    """Whether `code` is a learning code we keep progress for."""
    if code is None:
        return False
    try:
        with engine.connect() as conn:
            return conn.execute(sa.select(learners.c.code).where(learners.c.code == code)).first() is not None
    except sa.exc.DBAPIError as exc:
        raise ProgressUnavailable(str(exc.orig)) from exc


# --- answers and reviews ------------------------------------------------------------------------

class _Quizzable(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def subject(self) -> str: ...

    @property
    def option_ids(self) -> tuple[str, ...]: ...

    @property
    def answer(self) -> int: ...


def item_key(question: _Quizzable) -> str:
    """The stable identity of a self-test item: its own `id` if the bank gives one, else what it asks
    about (kind and subject) and what the right answer is, which the same fact always gives.

    >>> from types import SimpleNamespace as Q
    >>> item_key(Q(kind="nerve", subject="c2_c3_facet_joint", option_ids=("a", "c3_medial_branch"), answer=1))
    'nerve:c2_c3_facet_joint:c3_medial_branch'
    """
    own = getattr(question, "id", None)
    if isinstance(own, str) and own:
        return own
    return f"{question.kind}:{question.subject}:{question.option_ids[question.answer]}"


def topic_of(question: Any) -> Topic:
    """The topic an item teaches: its own `topic` if the bank gives one, else where its kind belongs."""
    own = getattr(question, "topic", None)
    if own in TOPICS:
        return own  # type: ignore[no-any-return]
    return _TOPIC_OF_KIND.get(str(getattr(question, "kind", "")), "anatomy")


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(when: datetime) -> datetime:
    """A timestamp from the database as UTC (SQLite hands them back without a zone)."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _latest_card(conn: Connection, learner: str, item: str) -> Card | None:
    row = conn.execute(sa.select(reviews.c.card).where(reviews.c.learner == learner, reviews.c.item == item)
                       .order_by(reviews.c.id.desc()).limit(1)).first()
    return Card.from_json(row.card) if row else None


def record_answer(engine: Engine, learner: str, item: str, *, topic: Topic, right: bool,
                  now: datetime | None = None) -> datetime:
    """Keep one answer and schedule the item's next review; return when it is due.

    A right answer is rated Good, a wrong one Again. Every answer is its own row, so answers from two
    tabs at once are both kept; the lock taken at the start orders them.

    Raises:
        ProgressUnavailable: the database cannot be reached or written, or `learner` is not kept.
    """
    when = _utc(now) if now else _now()
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}; expected one of {', '.join(TOPICS)}")

    def work(conn: Connection) -> datetime:
        # The learner's row, locked: answers of one learner are scheduled one after another.
        owner = conn.execute(sa.select(learners.c.code).where(learners.c.code == learner).with_for_update()).first()
        if owner is None:
            raise ProgressUnavailable(f"learning code {learner} is not kept")
        card = _latest_card(conn, learner, item) or Card(card_id=1)
        rating = Rating.Good if right else Rating.Again
        card, _log = _SCHEDULER.review_card(card, rating, review_datetime=when)
        conn.execute(reviews.insert().values(learner=learner, item=item, topic=topic, rating=int(rating),
                                             right=right, answered_at=when, due=card.due, card=card.to_json()))
        return _utc(card.due)

    return _retrying(engine, work)


def _latest_per_item(learner_filter: sa.ColumnElement[bool]) -> sa.Subquery:
    last = (sa.select(sa.func.max(reviews.c.id).label("id")).where(learner_filter)
            .group_by(reviews.c.learner, reviews.c.item).subquery())
    return sa.select(reviews).join(last, reviews.c.id == last.c.id).subquery()


def due_items(engine: Engine, learner: str, now: datetime | None = None) -> list[str]:
    """The items `learner` should review now, the longest overdue first.

    Raises:
        ProgressUnavailable: the database cannot be reached.
    """
    when = _utc(now) if now else _now()
    latest = _latest_per_item(reviews.c.learner == learner)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(latest.c.item).where(latest.c.due <= when)
                                .order_by(latest.c.due, latest.c.item)).all()
    except sa.exc.DBAPIError as exc:
        raise ProgressUnavailable(str(exc.orig)) from exc
    return [row.item for row in rows]


@dataclass(frozen=True)
class MasteryPoint:
    """Mastery of one topic at the end of one day: of the items answered so far, the share whose latest
    answer was right."""

    day: date
    topic: Topic
    mastered: int
    answered: int

    @property
    def share(self) -> float:
        return self.mastered / self.answered if self.answered else 0.0


def mastery_by_topic(engine: Engine, learner: str) -> list[MasteryPoint]:
    """Mastery by topic over time: one point per topic per day the learner answered anything.

    Raises:
        ProgressUnavailable: the database cannot be reached.
    """
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(reviews.c.item, reviews.c.topic, reviews.c.right, reviews.c.answered_at)
                                .where(reviews.c.learner == learner).order_by(reviews.c.id)).all()
    except sa.exc.DBAPIError as exc:
        raise ProgressUnavailable(str(exc.orig)) from exc
    return _mastery(rows)


def _mastery(rows: Iterable[Any]) -> list[MasteryPoint]:
    by_day: dict[date, list[Any]] = defaultdict(list)
    for row in rows:
        by_day[_utc(row.answered_at).date()].append(row)
    latest: dict[str, tuple[str, bool]] = {}  # item -> (topic, right at its latest answer)
    points = []
    for day in sorted(by_day):
        for row in by_day[day]:
            latest[row.item] = (row.topic, bool(row.right))
        for topic in TOPICS:
            mine = [right for t, right in latest.values() if t == topic]
            if mine:
                points.append(MasteryPoint(day=day, topic=topic, mastered=sum(mine), answered=len(mine)))
    return points


# --- tours: before and after --------------------------------------------------------------------

def record_tour_check(engine: Engine, learner: str, tour: str, phase: Literal["pre", "post"], item: str, *,
                      right: bool) -> None:
    """Keep one answer to a tour's opening (`pre`) or closing (`post`) question.

    Raises:
        ProgressUnavailable: the database cannot be reached or written.
    """
    with _writing(engine) as conn:
        conn.execute(tour_checks_table.insert().values(learner=learner, tour=tour, phase=phase, item=item,
                                                       right=right, answered_at=_now()))


def tour_checks(engine: Engine, learner: str, tour: str) -> dict[str, tuple[int, int]]:
    """The learner's latest before/after for a tour: phase -> (right, asked)."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(tour_checks_table.c.phase, tour_checks_table.c.item, tour_checks_table.c.right)
                            .where(tour_checks_table.c.learner == learner, tour_checks_table.c.tour == tour)
                            .order_by(tour_checks_table.c.id)).all()
    latest: dict[tuple[str, str], bool] = {(r.phase, r.item): bool(r.right) for r in rows}
    out: dict[str, tuple[int, int]] = {}
    for phase in ("pre", "post"):
        mine = [right for (p, _), right in latest.items() if p == phase]
        if mine:
            out[phase] = (sum(mine), len(mine))
    return out


# --- forgetting ---------------------------------------------------------------------------------

def forget(engine: Engine, learner: str) -> int:
    """Delete every row of `learner` in every table, in one transaction; return how many rows went.

    Raises:
        ProgressUnavailable: the database cannot be reached or written.
    """
    gone = 0
    with _writing(engine) as conn:
        for table in _LEARNER_TABLES:
            column = table.c.learner if "learner" in table.c else table.c.code
            gone += conn.execute(table.delete().where(column == learner)).rowcount
    return gone


# --- classes ------------------------------------------------------------------------------------

def new_class(engine: Engine, now: datetime | None = None) -> str:
    """A new class code, good for a year.

    Raises:
        ProgressUnavailable: the database cannot be reached or written.
    """
    when = _utc(now) if now else _now()
    code = _new_code()
    with _writing(engine) as conn:
        conn.execute(classes.insert().values(code=code, created_at=when, expires_at=when + CLASS_LIFETIME))
    return code


def known_class(engine: Engine, code: str | None, now: datetime | None = None) -> Literal["ok", "expired", "unknown"]:
    """Whether a class code is open, expired, or not one of ours."""
    if code is None:
        return "unknown"
    when = _utc(now) if now else _now()
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.select(classes.c.expires_at).where(classes.c.code == code)).first()
    except sa.exc.DBAPIError as exc:
        raise ProgressUnavailable(str(exc.orig)) from exc
    if row is None:
        return "unknown"
    return "ok" if _utc(row.expires_at) > when else "expired"


def join_class(engine: Engine, class_code: str, learner: str, now: datetime | None = None) -> None:
    """Add a learner to a class (again is fine).

    Raises:
        ValueError: the class is unknown or expired, or the learning code is not kept.
        ProgressUnavailable: the database cannot be reached or written.
    """
    status = known_class(engine, class_code, now)
    if status != "ok":
        raise ValueError(f"class code {class_code}: {status}")
    if not known_learner(engine, learner):
        raise ValueError(f"learning code {learner}: unknown")
    when = _utc(now) if now else _now()
    try:
        with _writing(engine) as conn:
            conn.execute(class_members.insert().values(class_code=class_code, learner=learner, joined_at=when))
    except ProgressUnavailable as exc:
        if not isinstance(exc.__cause__, sa.exc.IntegrityError):
            raise


@dataclass(frozen=True)
class ClassItem:
    """One item, over a whole class: how often it was answered and missed, and for how many it is due."""

    item: str
    topic: str
    answers: int
    missed: int
    learners: int
    due: int

    @property
    def missed_share(self) -> float:
        return self.missed / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class ClassSummary:
    """A class as the lecturer sees it: sizes and items, never one person's answers."""

    members: int
    shown: bool  # False while the class is smaller than MIN_CLASS_SIZE
    due_total: int
    items: tuple[ClassItem, ...]  # the most missed first


def _members(class_code: str) -> sa.Select[tuple[str]]:
    return sa.select(class_members.c.learner).where(class_members.c.class_code == class_code)


def class_summary(engine: Engine, class_code: str, now: datetime | None = None) -> ClassSummary:
    """The class's most-missed items and how many reviews are due, over all its members.

    Raises:
        ProgressUnavailable: the database cannot be reached.
    """
    when = _utc(now) if now else _now()
    members = reviews.c.learner.in_(_members(class_code).scalar_subquery())
    latest = _latest_per_item(members)
    try:
        with engine.connect() as conn:
            size = conn.execute(sa.select(sa.func.count()).select_from(_members(class_code).subquery())).scalar_one()
            if size < MIN_CLASS_SIZE:
                return ClassSummary(members=size, shown=False, due_total=0, items=())
            totals = conn.execute(
                sa.select(reviews.c.item, sa.func.min(reviews.c.topic).label("topic"),
                          sa.func.count().label("answers"),
                          sa.func.sum(sa.case((reviews.c.right, 0), else_=1)).label("missed"),
                          sa.func.count(sa.distinct(reviews.c.learner)).label("learners"))
                .where(members).group_by(reviews.c.item)).all()
            due_now = sa.select(latest.c.item, sa.func.count()).where(latest.c.due <= when).group_by(latest.c.item)
            due = {str(item): int(n) for item, n in conn.execute(due_now)}
    except sa.exc.DBAPIError as exc:
        raise ProgressUnavailable(str(exc.orig)) from exc
    items = sorted((ClassItem(item=r.item, topic=r.topic, answers=r.answers, missed=int(r.missed or 0),
                              learners=r.learners, due=int(due.get(r.item, 0))) for r in totals),
                   key=lambda i: (-i.missed_share, -i.missed, i.item))
    return ClassSummary(members=size, shown=True, due_total=sum(i.due for i in items), items=tuple(items))


_CSV_COLUMNS: Final = ("item", "topic", "answers", "missed", "missed_share", "learners", "due")


def class_csv(summary: ClassSummary) -> str:
    """The class's items as CSV, one row per item, the most missed first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    for i in summary.items:
        writer.writerow((i.item, i.topic, i.answers, i.missed, f"{i.missed_share:.3f}", i.learners, i.due))
    return out.getvalue()


def class_xapi(engine: Engine, class_code: str) -> list[dict[str, Any]]:
    """The class's answers as xAPI statements for a learning record store: the actor is an anonymous
    account (the learning code), the verb `answered`, the object the item, the result its success.
    Empty while the class is smaller than MIN_CLASS_SIZE.

    Raises:
        ProgressUnavailable: the database cannot be reached.
    """
    try:
        with engine.connect() as conn:
            size = conn.execute(sa.select(sa.func.count()).select_from(_members(class_code).subquery())).scalar_one()
            if size < MIN_CLASS_SIZE:
                return []
            rows = conn.execute(sa.select(reviews.c.learner, reviews.c.item, reviews.c.right, reviews.c.answered_at)
                                .where(reviews.c.learner.in_(_members(class_code).scalar_subquery()))
                                .order_by(reviews.c.id)).all()
    except sa.exc.DBAPIError as exc:
        raise ProgressUnavailable(str(exc.orig)) from exc
    return [_statement(r.learner, r.item, bool(r.right), _utc(r.answered_at)) for r in rows]


def _statement(learner: str, item: str, right: bool, when: datetime) -> dict[str, Any]:
    return {
        "actor": {"objectType": "Agent", "account": {"homePage": XAPI_HOME, "name": learner}},
        "verb": {"id": XAPI_VERB, "display": {"en-US": "answered"}},
        "object": {"objectType": "Activity", "id": XAPI_ITEMS + item},
        "result": {"success": right},
        "timestamp": when.isoformat(),
    }


def xapi_json(statements: Sequence[dict[str, Any]]) -> str:
    """Statements as the JSON array a learning record store takes."""
    return json.dumps(list(statements), indent=1)
