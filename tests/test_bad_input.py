"""Hostile or odd user input never breaks a page and is never rendered as markdown.

User text reaches the app through query parameters (`node`, `audience`, `seed`) and the search boxes of
the references and glossary pages. Whatever it is, the page must run without an exception, keep its title,
and show the text (if at all) only through st.text/st.code or in a widget value, never inside an element
that Streamlit renders as markdown.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.apptest import APP

# Elements whose body Streamlit renders as markdown. st.text, st.code and widget values are not here.
MARKDOWN_KINDS = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success")

NASTY = [
    "<script>alert(1)</script>",
    "**bold** [x](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "[click](https://evil.example) `code` # heading",
    "$$\\frac{1}{0}$$ :red[red] :material/warning:",
    "\u202eevil\u202c \u200b\u200d\ufeff",  # bidi override, zero-width characters, BOM
    "𝔾𝕆ℕ 🧠👩🏽‍⚕️ Ω≈ç√ é\u0301 ǅ",  # astral plane, emoji sequence, combining accent
    "\x00\x01\x1b[31m\x7f",  # NUL, control and escape characters
    "' OR 1=1 -- ; DROP TABLE nodes; {{7*7}} ${7*7} %s %n",
    "x" * 5000,
    "<" * 2500 + ">" * 2500,
]

# Hypothesis text: any unicode except surrogates (which cannot be encoded in a URL or a protobuf string).
ODD_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60),
    st.sampled_from(NASTY),
    st.builds(lambda part, n: (part * n)[:5000], st.sampled_from(NASTY[:5]), st.integers(1, 200)),
)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# A marker that occurs nowhere in the content, so that "the input appears in markdown" is never a coincidence.
MARK = "Qz9Mark"


def _run(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{page}.py")
    return at.run()


def _check(at: AppTest, raw: str) -> None:
    assert not at.exception, at.exception
    assert at.title and at.title[0].value, "the page lost its title"
    rendered = [(kind, str(e.value)) for kind in MARKDOWN_KINDS for e in getattr(at, kind)]
    leaked = [(kind, value[:120]) for kind, value in rendered if raw.strip() and raw in value]
    assert not leaked, f"user text rendered as markdown in {leaked}"


def _marked(text: str) -> str:
    return f"{MARK}{text}"


def _search(page: str, key: str, text: str) -> tuple[AppTest, str]:
    """Type `text` into a search box; return the run and the text the box kept (Streamlit cuts it to max_chars)."""
    at = _run(page)
    assert not at.exception, at.exception
    box = at.text_input(key=key)
    # set_value, not input(): the browser enforces max_chars, but any client can send a longer value.
    box.set_value(text)
    at.run()
    kept = at.text_input(key=key).value
    assert kept == text[: box.max_chars or None], "the search box did not keep the text"
    return at, kept


def test_the_check_itself_catches_text_shown_as_markdown() -> None:
    with pytest.raises(AssertionError, match="rendered as markdown"):
        _check(_run("explorer", node="GON"), "Greater occipital nerve")


# --- plain cases: the known nasty strings -------------------------------------------------------------------

@pytest.mark.parametrize("raw", NASTY, ids=range(len(NASTY)))
def test_nasty_node_param(raw: str) -> None:
    _check(_run("explorer", node=raw), raw)


@pytest.mark.parametrize("raw", NASTY, ids=range(len(NASTY)))
def test_nasty_audience_param(raw: str) -> None:
    at = _run("glossary", audience=raw)
    _check(at, raw)
    assert at.query_params["audience"] == "student"  # an unknown reading level falls back to the default


@pytest.mark.parametrize("raw", [*NASTY, "1e3", "-0", "١٢٣", " 7 ", "1_000", "9" * 5000, "-" + "9" * 4000])
def test_nasty_seed_param(raw: str) -> None:
    at = _run("self_test", seed=raw)
    assert not at.exception, at.exception
    assert at.title and at.title[0].value == "Test yourself"
    if not raw.strip().lstrip("-").replace("_", "").isdigit():
        _check(at, raw)


# Not in the original list, but also user-controlled URL parameters: `view` (presentation mode) and `step` of a
# known tour are read on every page, `q` pre-fills the glossary search.
@pytest.mark.parametrize("raw", NASTY, ids=range(len(NASTY)))
def test_nasty_view_step_and_q_params(raw: str) -> None:
    _check(_run("explorer", view=raw), raw)
    _check(_run("explorer", tour="nerve-block", step=raw), raw)
    _check(_run("glossary", q=raw), raw)


@pytest.mark.parametrize("raw", NASTY, ids=range(len(NASTY)))
def test_nasty_tour_param(raw: str) -> None:
    _check(_run("explorer", tour=raw), raw)


@pytest.mark.parametrize("raw", ["**bold**", "[x](javascript:1)", "<b>hi</b>", ":red[red]"])
def test_short_markup_step_param(raw: str) -> None:
    _check(_run("explorer", tour="nerve-block", step=raw), raw)


@pytest.mark.parametrize("page,key", [("references", "references_query"), ("glossary", "glossary_query"),
                                      ("explorer", "sidebar_search")])
@pytest.mark.parametrize("raw", NASTY, ids=range(len(NASTY)))
def test_nasty_search_text(page: str, key: str, raw: str) -> None:
    _check(*_search(page, key, raw))


# --- properties --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("page", "param"), [("explorer", "node"), ("references", "audience"),
                                           ("self_test", "seed"), ("explorer", "tour"), ("explorer", "view")])
@SETTINGS
@given(text=ODD_TEXT)
def test_any_query_param_is_safe(page: str, param: str, text: str) -> None:
    raw = _marked(text)
    _check(_run(page, **{param: raw}), raw)


@SETTINGS
@given(text=ODD_TEXT)
def test_any_references_search_is_safe(text: str) -> None:
    _check(*_search("references", "references_query", _marked(text)))


@SETTINGS
@given(text=ODD_TEXT)
def test_any_glossary_search_is_safe(text: str) -> None:
    _check(*_search("glossary", "glossary_query", _marked(text)))
