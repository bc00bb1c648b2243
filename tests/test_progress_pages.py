"""The progress pages under AppTest: keeping progress is a choice, answers are kept, codes come back,
"forget me" forgets, a lecturer's class view, and a database that is down never stops the self-test."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import sqlalchemy as sa

from explorer import progress as P
from explorer.load import KnowledgeBase
from explorer.quiz import generate_quiz
from tests.apptest import open_page, texts
from tests.test_bad_input import NASTY, _check, _run


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'progress.sqlite'}"
    monkeypatch.setenv("NBTP_DATABASE_URL", url)
    return url


def _count(url: str, table: sa.Table) -> int:
    engine = P.make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    finally:
        engine.dispose()


def test_nothing_is_stored_unless_the_learner_chooses_to(db: str, G: nx.DiGraph, kb: KnowledgeBase) -> None:
    at = open_page("self_test", seed="7")
    assert at.toggle(key="progress_keep").value is False
    quiz = generate_quiz(G, kb, seed=7)
    at.radio(key="quiz_choice_7_0").set_value(quiz[0].answer).run()
    at.button(key="quiz_check").click().run()
    assert not at.exception
    assert "learner" not in at.query_params
    assert not Path(db.removeprefix("sqlite:///")).exists() or _count(db, P.learners) == 0


def test_kept_answers_come_back_with_the_code_and_forget_me_deletes_them(db: str, G: nx.DiGraph,
                                                                         kb: KnowledgeBase) -> None:
    at = open_page("self_test", seed="7")
    at.toggle(key="progress_keep").set_value(True).run()
    assert not at.exception
    code = at.query_params["learner"]
    assert P.parse_code(code) == code
    assert any(code in c.value for c in at.caption)
    quiz = generate_quiz(G, kb, seed=7)
    at.radio(key="quiz_choice_7_0").set_value((quiz[0].answer + 1) % len(quiz[0].options)).run()
    at.button(key="quiz_check").click().run()
    assert not at.exception
    assert _count(db, P.reviews) == 1

    mine = open_page("progress", learner=code)  # another session, from the resume link
    assert code in texts(mine)
    assert mine.get("plotly_chart"), "no mastery chart"
    mine.button(key="progress_forget").click().run()
    assert not mine.exception
    assert _count(db, P.reviews) == 0 and _count(db, P.learners) == 0
    assert "learner" not in mine.query_params

    gone = open_page("progress", learner=code)
    assert kb.wording is not None
    assert gone.warning[0].value == kb.wording.ui["progress.unknown_code"].clinical


def test_a_mistyped_code_says_so_in_one_line(db: str, kb: KnowledgeBase) -> None:
    at = open_page("progress", learner="not-a-code")
    assert kb.wording is not None
    assert [w.value for w in at.warning] == [kb.wording.ui["progress.bad_code"].clinical]


def test_a_lecturer_makes_a_class_and_sees_it_wait_for_members(db: str, kb: KnowledgeBase) -> None:
    at = open_page("class_view")
    at.button(key="class_make").click().run()
    assert not at.exception
    room = at.text_input(key="class_code_input").value
    assert P.known_class(P.make_engine(db), room) == "ok"
    assert kb.wording is not None
    assert kb.wording.ui["class.too_small"].clinical.format(n=P.MIN_CLASS_SIZE) in texts(at)
    assert at.query_params["class"] == room  # the lecturer's bookmark
    wrong = open_page("class_view", **{"class": "BBBBBBBB"})
    assert [w.value for w in wrong.warning] == [kb.wording.ui["class.unknown"].clinical]


def test_a_database_that_is_down_leaves_the_self_test_working(monkeypatch: pytest.MonkeyPatch, G: nx.DiGraph,
                                                                kb: KnowledgeBase) -> None:
    monkeypatch.setenv("NBTP_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=1")
    at = open_page("self_test", seed="7")
    at.toggle(key="progress_keep").set_value(True).run()
    assert not at.exception
    assert kb.wording is not None
    assert [w.value for w in at.warning] == [kb.wording.ui["progress.down"].clinical]
    quiz = generate_quiz(G, kb, seed=7)
    at.radio(key="quiz_choice_7_0").set_value(quiz[0].answer).run()
    at.button(key="quiz_check").click().run()
    assert not at.exception and at.success


@pytest.mark.parametrize("raw", NASTY[:6], ids=range(6))
@pytest.mark.parametrize(("page", "param"), [("progress", "learner"), ("self_test", "learner"),
                                             ("class_view", "class")])
def test_odd_codes_in_a_link_never_break_a_page_or_reach_markdown(db: str, page: str, param: str, raw: str) -> None:
    at = _run(page, **{param: raw})
    _check(at, raw)


def test_a_lecturer_sees_the_most_missed_item_first_and_can_download_it(db: str, G: nx.DiGraph,
                                                                         kb: KnowledgeBase) -> None:
    engine = P.make_engine(db)
    P.upgrade(engine)
    room = P.new_class(engine)
    hard, easy = generate_quiz(G, kb, seed=7)[:2]
    for _ in range(P.MIN_CLASS_SIZE):
        code = P.new_learner(engine)
        P.join_class(engine, room, code)
        P.record_answer(engine, code, P.item_key(hard), topic=P.topic_of(hard), right=False)
        P.record_answer(engine, code, P.item_key(easy), topic=P.topic_of(easy), right=True)
    at = open_page("class_view", **{"class": room})
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == [hard.prompt, easy.prompt]  # the question as asked, most missed first
    assert list(table.iloc[:, 2]) == [f"{P.MIN_CLASS_SIZE} / {P.MIN_CLASS_SIZE}", f"0 / {P.MIN_CLASS_SIZE}"]
    assert len(at.get("download_button")) == 2
    assert code not in texts(at)  # no learner is named
