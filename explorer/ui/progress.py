"""Progress a learner keeps, on the pages: the database behind `st.connection`, the learning code (in the
URL, the session and the browser's local storage), the self-test's "Keep my progress" panel, the progress
page's chart and the lecturer's class view.

The scheduling and the data live in `explorer.progress` (pure); this module only wires them to Streamlit.
A database that is down or read-only never stops a page: the reader is told, in one line, that progress
is not being kept, and the self-test goes on.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from explorer import progress as P
from explorer.palette import TOPIC_STYLE
from explorer.quiz import Question, generate_quiz
from explorer.ui import state
from explorer.ui.frame import app, say
from explorer.ui.widgets import CHART_CONFIG

__all__ = ["DATABASE_ENV", "answered", "class_page", "database_engine", "due_first", "learner", "progress_page",
           "self_test_panel"]

# A department's database: this variable, or `url` under [connections.progress] in .streamlit/secrets.toml.
DATABASE_ENV = "NBTP_DATABASE_URL"
_DEFAULT_SQLITE = (Path(__file__).resolve().parents[2] / ".streamlit" / "progress").with_suffix(".sqlite")
_CODE_KEY = "progress_learner"  # the learning code kept by this session (None: nothing is kept)
_DOWN_KEY = "progress_down"


# --- the database -------------------------------------------------------------------------------

def _secrets_url() -> str | None:
    try:
        url = st.secrets.get("connections", {}).get("progress", {}).get("url")
    except (FileNotFoundError, KeyError, AttributeError):  # no secrets file at all
        return None
    return str(url) if url else None


@st.cache_resource(show_spinner=False)
def _prepared(url_hint: str) -> Engine:
    """The progress engine, its schema created or upgraded, once per process (per database)."""
    # Precedence: the environment, then secrets.toml, then the SQLite file beside the app.
    env = os.environ.get(DATABASE_ENV)
    if env:
        conn = st.connection("progress", type="sql", url=env)
    elif _secrets_url():
        conn = st.connection("progress", type="sql")
    else:
        _DEFAULT_SQLITE.parent.mkdir(exist_ok=True)
        conn = st.connection("progress", type="sql", url=f"sqlite:///{_DEFAULT_SQLITE}")
    engine = P.prepare_engine(conn.engine)
    P.upgrade(engine)
    return engine


def database_engine() -> Engine | None:
    """The progress database, or None (and a note for this run) when it cannot be used now."""
    hint = os.environ.get(DATABASE_ENV) or _secrets_url() or str(_DEFAULT_SQLITE)
    try:
        return _prepared(hint)
    except Exception:  # any fault of the database (down, read-only, refused) means the same to the reader
        _prepared.clear()  # try again on the next run: the database may be back
        return None


def _down() -> None:
    """Say once per run that progress is not being kept."""
    if not st.session_state.get(_DOWN_KEY):
        st.session_state[_DOWN_KEY] = True
        st.warning(say("progress.down"), icon=":material/cloud_off:")


# --- the learning code --------------------------------------------------------------------------

def _parse_learner(raw: str | None) -> str | None:
    code = P.parse_code(raw)
    if raw is not None and code is None:
        st.session_state["progress_bad_code"] = True
    return code if code is not None else st.session_state.get(_CODE_KEY)


def learner() -> str | None:
    """The learning code this session keeps progress for; a `?learner=` link brings one in.

    Called once per run, first, by each page that keeps progress (it starts the run's "not kept" note afresh).
    """
    st.session_state.pop(_DOWN_KEY, None)
    code: str | None = state.linked(_CODE_KEY, "learner", parse=_parse_learner, write=lambda c: c)
    if st.session_state.pop("progress_bad_code", False):
        st.warning(say("progress.bad_code"))
    if code is not None:
        engine = database_engine()
        if engine is None:
            _down()
            return code
        try:
            if not P.known_learner(engine, code):
                st.warning(say("progress.unknown_code"))
                _set_learner(None)
                return None
        except P.ProgressUnavailable:
            _down()
    return code


def _set_learner(code: str | None) -> None:
    st.session_state[_CODE_KEY] = code
    st.session_state["_progress_forgotten"] = code is None
    if code is None:
        st.query_params.pop("learner", None)
        st.session_state.pop("_url_" + _CODE_KEY, None)
    else:
        st.query_params["learner"] = code


# The browser keeps the code in localStorage: set it when the session has one, clear it when the learner
# forgets or stops, and offer it back (once) to a new session that has none.
_REMEMBER_JS = """
export default function(component) {
  const { data, setTriggerValue } = component;
  const slot = "nbtp.learner";
  let stored = null;
  try { stored = window.localStorage.getItem(slot); } catch (e) { return; }
  if (data.code) { if (stored !== data.code) { window.localStorage.setItem(slot, data.code); } return; }
  if (data.clear) { window.localStorage.removeItem(slot); return; }
  if (stored && !window.__nbtpOffered) { window.__nbtpOffered = true; setTriggerValue("stored", stored); }
}
"""
_remember_component = st.components.v2.component("nbtp_remember_learner", js=_REMEMBER_JS, isolate_styles=False)


def _remember(code: str | None) -> None:
    clear = bool(st.session_state.get("_progress_forgotten"))
    result = _remember_component(key="progress_remember", data={"code": code or "", "clear": clear},
                                 on_stored_change=lambda: None)
    offered = P.parse_code(getattr(result, "stored", None))
    if code is None and offered and not clear:
        engine = database_engine()
        try:
            if engine is not None and P.known_learner(engine, offered):
                _set_learner(offered)
                st.rerun()
        except P.ProgressUnavailable:
            _down()


def _resume_link(code: str) -> str:
    base = (st.context.url or "").split("?", 1)[0]
    return f"{base}?learner={code}"


# --- the self-test ------------------------------------------------------------------------------

def self_test_panel() -> None:
    """"Keep my progress" (off unless chosen) and, when on, the code, its resume link and what is due.
    Drawn after `due_first`, which has read the code for this run."""
    code: str | None = st.session_state.get(_CODE_KEY)
    _remember(code)
    st.session_state["progress_keep"] = code is not None  # the switch shows what is true now
    st.toggle(say("progress.keep"), key="progress_keep", on_change=_keep_changed, help=say("progress.keep_help"))
    if st.session_state.pop("progress_no_code", False):
        _down()
    if code is None:
        return
    if st.session_state.pop("progress_not_saved", False):
        _down()
    engine = database_engine()
    due: list[str] = []
    if engine is not None:
        try:
            due = P.due_items(engine, code)
        except P.ProgressUnavailable:
            _down()
    st.metric(say("progress.due_label"), say("progress.due", n=len(due)))
    st.caption(say("progress.your_code", code=code))
    st.code(_resume_link(code), language=None)


def _bank() -> dict[str, Question]:
    """Every self-test item there is, by its key, at the reader's level."""
    return _bank_at(plain=state.audience().value == "patient")


# Shared by every session: the questions are frozen, and making all of them takes ~0.15 s.
@st.cache_resource(show_spinner=False)
def _bank_at(*, plain: bool) -> dict[str, Question]:
    A = app()
    return {P.item_key(q): q for q in generate_quiz(A.graph, A.kb, seed=0, n=10_000, plain=plain)}


def _keep_changed() -> None:
    """The switch, turned on: a new learning code (nothing is stored before); off: this session stops keeping."""
    if not st.session_state["progress_keep"]:
        _set_learner(None)
        return
    engine = database_engine()
    try:
        if engine is None:
            raise P.ProgressUnavailable("no database")
        _set_learner(P.new_learner(engine))
    except P.ProgressUnavailable:
        st.session_state["progress_no_code"] = True


def due_first(quiz: Sequence[Question], seed: int) -> list[Question]:
    """The quiz with the learner's due items first (from the whole bank), then its new items; the order
    is fixed when a quiz starts, so answering an item does not move the others."""
    code = learner()
    if code is None:
        return list(quiz)
    remembered = f"progress_order_{seed}"
    bank = {**_bank(), **{P.item_key(q): q for q in quiz}}
    if remembered not in st.session_state:
        engine = database_engine()
        due: list[str] = []
        if engine is not None:
            with contextlib.suppress(P.ProgressUnavailable):  # a new quiz then, in its own order
                due = [key for key in P.due_items(engine, code) if key in bank]
        rest = [P.item_key(q) for q in quiz if P.item_key(q) not in due]
        st.session_state[remembered] = (due + rest)[:max(len(quiz), len(due))]
    return [bank[key] for key in st.session_state[remembered] if key in bank]


def answered(question: Question, right: bool) -> None:
    """Keep one answer, if this session keeps progress; a fault is one line, never a stop."""
    code = st.session_state.get(_CODE_KEY)
    engine = database_engine() if code else None
    if code is None:
        return
    try:
        if engine is None:
            raise P.ProgressUnavailable("no database")
        P.record_answer(engine, code, P.item_key(question), topic=P.topic_of(question), right=right)
    except P.ProgressUnavailable:
        st.session_state["progress_not_saved"] = True


# --- the progress page --------------------------------------------------------------------------

def _topic_name(topic: str) -> str:
    return say(f"progress.topic.{topic}")


def mastery_figure(points: Sequence[P.MasteryPoint]) -> go.Figure:
    """Mastery by topic over time: one line per topic, the share of its items last answered right."""
    fig = go.Figure()
    for topic in P.TOPICS:
        mine = [p for p in points if p.topic == topic]
        if not mine:
            continue
        fig.add_trace(go.Scatter(
            x=[p.day.isoformat() for p in mine], y=[round(100 * p.share) for p in mine], mode="lines+markers",
            name=_topic_name(topic), line={"color": TOPIC_STYLE[topic][0]},
            marker={"symbol": TOPIC_STYLE[topic][1], "size": 9},
            customdata=[[p.mastered, p.answered] for p in mine],
            hovertemplate="%{x}: %{y}% (%{customdata[0]} / %{customdata[1]})<extra>%{fullData.name}</extra>"))
    fig.update_layout(yaxis={"title": say("progress.chart_y"), "range": [0, 105]},
                      xaxis={"title": say("progress.chart_x"), "type": "date"}, height=360,
                      margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend={"orientation": "h"})
    return fig


def progress_page() -> None:
    code = learner()
    _remember(code)
    engine = database_engine()
    if engine is None:
        _down()
        return
    if code is None:
        st.info(say("progress.none_yet"))
        typed = st.text_input(say("progress.enter_code"), key="progress_code_input", max_chars=12)
        if typed:
            parsed = P.parse_code(typed)
            try:
                if parsed and P.known_learner(engine, parsed):
                    _set_learner(parsed)
                    st.rerun()
                else:
                    st.warning(say("progress.unknown_code"))
            except P.ProgressUnavailable:
                _down()
        return
    try:
        due = P.due_items(engine, code)
        points = P.mastery_by_topic(engine, code)
    except P.ProgressUnavailable:
        _down()
        return
    st.metric(say("progress.due_label"), say("progress.due", n=len(due)))
    st.caption(say("progress.your_code", code=code))
    st.code(_resume_link(code), language=None)
    st.subheader(say("progress.chart_title"), anchor=False)
    if points:
        st.plotly_chart(mastery_figure(points), config=CHART_CONFIG, key="progress_chart")
    else:
        st.info(say("progress.no_answers"))
    _join_class(engine, code)
    _forget(engine, code)


def _join_class(engine: Engine, code: str) -> None:
    with st.form("progress_join", clear_on_submit=True, border=False):
        typed = st.text_input(say("progress.join_label"), max_chars=12, key="progress_join_code")
        if st.form_submit_button(say("progress.join")):
            room = P.parse_code(typed)
            try:
                status = P.known_class(engine, room)
                if status == "ok" and room is not None:
                    P.join_class(engine, room, code)
                    st.success(say("progress.joined"))
                else:
                    st.warning(say(f"class.{status}"))
            except P.ProgressUnavailable:
                _down()


def _forget(engine: Engine, code: str) -> None:
    with st.expander(say("progress.forget_title"), icon=":material/delete:"):
        st.caption(say("progress.forget_help"))
        if st.button(say("progress.forget"), key="progress_forget", type="primary"):
            try:
                P.forget(engine, code)
            except P.ProgressUnavailable:
                _down()
                return
            _set_learner(None)
            st.session_state["progress_forgotten_note"] = True
            st.rerun()


def forgotten_note() -> None:
    if st.session_state.pop("progress_forgotten_note", False):
        st.success(say("progress.forgotten"))


# --- the class view -----------------------------------------------------------------------------

def _make_class(engine: Engine) -> None:
    try:
        st.session_state["class_code_input"] = P.new_class(engine)
    except P.ProgressUnavailable:
        st.session_state["progress_not_saved"] = True


def class_page() -> None:
    st.session_state.pop(_DOWN_KEY, None)
    engine = database_engine()
    if engine is None:
        _down()
        return
    st.button(say("class.make"), key="class_make", icon=":material/add:", on_click=_make_class, args=(engine,))
    if st.session_state.pop("progress_not_saved", False):
        _down()
    # `?class=` brings a code in (a lecturer's bookmark); after that the box owns it.
    state.linked("class_code_input", "class", parse=lambda raw: (raw or "")[:12],
                 write=lambda typed: P.parse_code(typed))
    typed = st.text_input(say("class.enter"), key="class_code_input", max_chars=12)
    if not typed:
        return
    room = P.parse_code(typed)
    try:
        status = P.known_class(engine, room)
        if status != "ok" or room is None:
            st.warning(say(f"class.{status}"))
            return
        summary = P.class_summary(engine, room)
    except P.ProgressUnavailable:
        _down()
        return
    st.caption(say("class.share", code=room))
    cols = st.columns(2)
    cols[0].metric(say("class.members"), summary.members)
    cols[1].metric(say("class.due_label"), summary.due_total)
    if not summary.shown:
        st.info(say("class.too_small", n=P.MIN_CLASS_SIZE))
        return
    st.subheader(say("class.most_missed"), anchor=False)
    st.dataframe(_rows(summary), hide_index=True, key="class_table")
    st.download_button(say("class.csv"), data=P.class_csv(summary), file_name=f"class-{room}.csv", mime="text/csv",
                       key="class_csv", on_click="ignore", icon=":material/download:")
    st.download_button(say("class.xapi"), data=lambda: P.xapi_json(P.class_xapi(engine, room)),
                       file_name=f"class-{room}-xapi.json", mime="application/json", key="class_xapi",
                       on_click="ignore", icon=":material/download:")


def _rows(summary: P.ClassSummary) -> list[dict[str, Any]]:
    bank = _bank()
    return [{say("class.col_item"): bank[i.item].prompt if i.item in bank else i.item,
             say("class.col_topic"): _topic_name(i.topic),
             say("class.col_missed"): f"{i.missed} / {i.answers}", say("class.col_due"): i.due}
            for i in summary.items]
