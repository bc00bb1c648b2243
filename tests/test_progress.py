"""Progress kept in a real database: SQLite in a temporary file, and a throwaway PostgreSQL cluster."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from explorer import progress as P
from tests.pg import throwaway_postgres

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with throwaway_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = P.make_engine(f"sqlite:///{tmp_path / 'progress.sqlite'}")
    else:
        url = request.getfixturevalue("pg_url")
        eng = P.make_engine(url)
        with eng.begin() as conn:  # each test starts on an empty database
            for table in reversed(P.metadata.sorted_tables):
                table.drop(conn, checkfirst=True)
            P.schema_version_table.drop(conn, checkfirst=True)
    P.upgrade(eng)
    yield eng
    eng.dispose()


def _rows_of(engine: Engine, code: str) -> dict[str, int]:
    """How many rows mention `code`, in every table that has a learner (or a code) column."""
    found = {}
    with engine.connect() as conn:
        for table in P.metadata.sorted_tables:
            for column in ("learner", "code"):
                if column in table.c:
                    found[f"{table.name}.{column}"] = conn.execute(
                        sa.select(sa.func.count()).select_from(table).where(table.c[column] == code)).scalar_one()
    return found


def test_migrations_are_idempotent_and_versioned(engine: Engine) -> None:
    assert P.schema_version(engine) == P.MIGRATIONS[-1][0]
    assert P.upgrade(engine) == P.MIGRATIONS[-1][0]  # a second run changes nothing
    with engine.connect() as conn:
        versions = conn.execute(sa.select(P.schema_version_table.c.version)).scalars().all()
        assert sorted(versions) == [m[0] for m in P.MIGRATIONS]
        assert {"learners", "reviews", "classes", "class_members", "tour_checks"} <= set(sa.inspect(conn)
                                                                                         .get_table_names())


def test_learning_codes_are_short_unambiguous_and_kept(engine: Engine) -> None:
    codes = {P.new_learner(engine) for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == P.CODE_LENGTH and set(code) <= set(P.CODE_ALPHABET)
        assert not set(code) & set("01OIL")
        assert P.known_learner(engine, code)
    assert not P.known_learner(engine, "BBBBBBBB")


def test_a_right_answer_pushes_the_review_later_than_a_wrong_one(engine: Engine) -> None:
    code = P.new_learner(engine)
    due_right = P.record_answer(engine, code, "nerve:a:b", topic="anatomy", right=True, now=T0)
    due_wrong = P.record_answer(engine, code, "felt:a:b", topic="referral", right=False, now=T0)
    assert T0 < due_wrong < due_right
    assert P.due_items(engine, code, now=T0) == []
    assert P.due_items(engine, code, now=due_wrong) == ["felt:a:b"]
    assert P.due_items(engine, code, now=due_right) == ["felt:a:b", "nerve:a:b"]  # the longest overdue first


def test_the_schedule_follows_the_latest_card(engine: Engine) -> None:
    code = P.new_learner(engine)
    first = P.record_answer(engine, code, "x", topic="anatomy", right=True, now=T0)
    second = P.record_answer(engine, code, "x", topic="anatomy", right=True, now=first)
    assert second - first > first - T0  # a second right answer waits longer
    assert P.due_items(engine, code, now=first + timedelta(seconds=1)) == []


def test_two_sessions_answering_the_same_item_at_once_both_count(engine: Engine) -> None:
    code = P.new_learner(engine)
    other = P.make_engine(engine.url.render_as_string(hide_password=False))  # a second pool: a second process
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def answer(eng: Engine, right: bool) -> None:
        try:
            barrier.wait()
            for _ in range(5):
                P.record_answer(eng, code, "same-item", topic="referral", right=right)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(engine, True)),
               threading.Thread(target=answer, args=(other, False))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.dispose()
    assert errors == []
    with engine.connect() as conn:
        rights = conn.execute(sa.select(P.reviews.c.right).where(P.reviews.c.learner == code)).scalars().all()
    assert sorted(rights) == [False] * 5 + [True] * 5


def test_forget_leaves_no_row_of_the_learner_in_any_table(engine: Engine) -> None:
    code, stays = P.new_learner(engine), P.new_learner(engine)
    room = P.new_class(engine)
    for who in (code, stays):
        P.record_answer(engine, who, "x", topic="anatomy", right=True)
        P.record_tour_check(engine, who, "c2-c3-to-forehead", "pre", "x", right=False)
        P.join_class(engine, room, who)
    assert all(_rows_of(engine, code)[k] for k in ("learners.code", "reviews.learner", "tour_checks.learner",
                                                   "class_members.learner"))
    assert P.forget(engine, code) == 4
    assert set(_rows_of(engine, code).values()) == {0}
    assert not P.known_learner(engine, code)
    assert _rows_of(engine, stays)["reviews.learner"] == 1  # only that learner went


def test_mastery_by_topic_over_time_counts_each_items_latest_answer(engine: Engine) -> None:
    code = P.new_learner(engine)
    P.record_answer(engine, code, "a1", topic="anatomy", right=False, now=T0)
    P.record_answer(engine, code, "a2", topic="anatomy", right=True, now=T0)
    P.record_answer(engine, code, "r1", topic="referral", right=True, now=T0)
    P.record_answer(engine, code, "a1", topic="anatomy", right=True, now=T0 + timedelta(days=2))
    points = P.mastery_by_topic(engine, code)
    table = {(p.day.isoformat(), p.topic): (p.mastered, p.answered) for p in points}
    assert table == {("2026-12-01", "anatomy"): (1, 2), ("2026-12-01", "referral"): (1, 1),
                     ("2026-12-03", "anatomy"): (2, 2), ("2026-12-03", "referral"): (1, 1)}


def test_tour_checks_give_a_before_and_after(engine: Engine) -> None:
    code = P.new_learner(engine)
    for item, right in (("q1", False), ("q2", False), ("q3", True)):
        P.record_tour_check(engine, code, "nerve-block", "pre", item, right=right)
    for item in ("p1", "p2", "p3"):
        P.record_tour_check(engine, code, "nerve-block", "post", item, right=True)
    assert P.tour_checks(engine, code, "nerve-block") == {"pre": (1, 3), "post": (3, 3)}
    assert P.tour_checks(engine, code, "migraine-neck") == {}


def test_a_class_shows_items_and_due_counts_only_once_it_is_big_enough(engine: Engine) -> None:
    room = P.new_class(engine, now=T0)
    members = [P.new_learner(engine) for _ in range(P.MIN_CLASS_SIZE)]
    outsider = P.new_learner(engine)
    for i, code in enumerate(members):
        P.record_answer(engine, code, "hard", topic="referral", right=False, now=T0)
        P.record_answer(engine, code, "easy", topic="anatomy", right=i > 0, now=T0)
    P.record_answer(engine, outsider, "hard", topic="referral", right=True, now=T0)
    P.join_class(engine, room, members[0], now=T0)
    small = P.class_summary(engine, room, now=T0)
    assert (small.members, small.shown, small.items) == (1, False, ())
    assert P.class_xapi(engine, room) == []
    for code in members[1:]:
        P.join_class(engine, room, code, now=T0)
    P.join_class(engine, room, members[0], now=T0)  # joining twice is harmless
    later = T0 + timedelta(days=30)
    summary = P.class_summary(engine, room, now=later)
    assert summary.shown and summary.members == P.MIN_CLASS_SIZE
    assert [(i.item, i.answers, i.missed, i.learners, i.due) for i in summary.items] == [
        ("hard", P.MIN_CLASS_SIZE, P.MIN_CLASS_SIZE, P.MIN_CLASS_SIZE, P.MIN_CLASS_SIZE),
        ("easy", P.MIN_CLASS_SIZE, 1, P.MIN_CLASS_SIZE, P.MIN_CLASS_SIZE)]
    assert summary.due_total == 2 * P.MIN_CLASS_SIZE
    lines = P.class_csv(summary).splitlines()
    assert lines[0] == "item,topic,answers,missed,missed_share,learners,due"
    assert lines[1].startswith("hard,referral,") and len(lines) == 3
    assert all(code not in P.class_csv(summary) for code in members)  # no individual in the CSV


def test_xapi_statements_name_only_an_anonymous_account(engine: Engine) -> None:
    room = P.new_class(engine)
    members = [P.new_learner(engine) for _ in range(P.MIN_CLASS_SIZE)]
    for code in members:
        P.join_class(engine, room, code)
        P.record_answer(engine, code, "felt:c2:forehead", topic="referral", right=code == members[0])
    statements = json.loads(P.xapi_json(P.class_xapi(engine, room)))
    assert len(statements) == P.MIN_CLASS_SIZE
    first = statements[0]
    assert first["actor"] == {"objectType": "Agent", "account": {"homePage": P.XAPI_HOME, "name": members[0]}}
    assert first["verb"]["id"].endswith("/answered")
    assert first["object"]["id"].endswith("felt:c2:forehead")
    assert [s["result"]["success"] for s in statements] == [True, False, False]


def test_wrong_and_expired_class_codes_are_refused(engine: Engine) -> None:
    room = P.new_class(engine, now=T0)
    code = P.new_learner(engine)
    assert P.known_class(engine, room, now=T0) == "ok"
    assert P.known_class(engine, room, now=T0 + P.CLASS_LIFETIME + timedelta(days=1)) == "expired"
    assert P.known_class(engine, "BBBBBBBB") == "unknown"
    with pytest.raises(ValueError, match="expired"):
        P.join_class(engine, room, code, now=T0 + P.CLASS_LIFETIME + timedelta(days=1))
    with pytest.raises(ValueError, match="unknown"):
        P.join_class(engine, room, "BBBBBBBB", now=T0)


def test_an_answer_for_a_code_that_is_not_kept_is_refused(engine: Engine) -> None:
    with pytest.raises(P.ProgressUnavailable, match="not kept"):
        P.record_answer(engine, "BBBBBBBB", "x", topic="anatomy", right=True)


def test_a_read_only_database_says_so_instead_of_failing_the_page(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite"
    writable = P.make_engine(f"sqlite:///{path}")
    P.upgrade(writable)
    code = P.new_learner(writable)
    writable.dispose()
    read_only = P.make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(P.ProgressUnavailable):
        P.record_answer(read_only, code, "x", topic="anatomy", right=True)
    with pytest.raises(P.ProgressUnavailable):
        P.new_learner(read_only)


def test_an_unreachable_database_says_so() -> None:
    down = P.make_engine("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=1")
    with pytest.raises(P.ProgressUnavailable):
        P.upgrade(down)
    with pytest.raises(P.ProgressUnavailable):
        P.new_learner(down)


@pytest.mark.parametrize(("kind", "topic"), [("nerve", "anatomy"), ("segments", "anatomy"), ("felt", "referral"),
                                             ("criterion", "criteria")])
def test_todays_question_kinds_map_to_topics(kind: str, topic: str) -> None:
    from types import SimpleNamespace
    assert P.topic_of(SimpleNamespace(kind=kind)) == topic
    assert P.topic_of(SimpleNamespace(kind=kind, topic="red-flags")) == "red-flags"


def test_item_keys_of_the_real_quiz_are_distinct_and_stable(kb: object, G: object) -> None:
    from explorer.quiz import generate_quiz
    quiz = generate_quiz(G, kb, seed=3, n=40)  # type: ignore[arg-type]
    again = generate_quiz(G, kb, seed=3, n=40, plain=True)  # type: ignore[arg-type]
    keys = [P.item_key(q) for q in quiz]
    assert len(set(keys)) == len(keys)
    # The same quiz gives the same keys every time: a review finds its item again.
    assert keys == [P.item_key(q) for q in generate_quiz(G, kb, seed=3, n=40)]  # type: ignore[arg-type]
    assert again  # the plain quiz is made too (its items may differ: no codes for patients)
