"""Progress kept across browser sessions: answer five items, close the browser context, open the resume link in
a new one, and find the progress and the reviews the scheduler set. Once on SQLite, once on PostgreSQL.

Servers run on ports 8630-8639 (the range kept for these tests), each with its own database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from explorer import progress as P
from tests.browser.conftest import running_app
from tests.browser.helpers import no_exception, open_app, wait_idle
from tests.pg import throwaway_postgres


@contextmanager
def _app(database_url: str, log_dir: Path) -> Iterator[str]:
    """`streamlit run app.py` with its progress kept in `database_url`; yields its base URL."""
    with running_app(log_dir, env={"NBTP_DATABASE_URL": database_url}) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'progress.sqlite'}"
    else:
        with throwaway_postgres() as url:
            yield url


def _prompt(page: Page) -> str:
    return page.locator("[data-testid='stMain'] h3").first.inner_text().strip()


def _answer_five(page: Page, seed: int) -> list[str]:
    """Answer the first option of five questions in turn; return their prompts."""
    prompts = []
    for i in range(5):
        prompts.append(_prompt(page))
        page.locator(f".st-key-quiz_choice_{seed}_{i} [data-testid='stRadioOption']").first.click()
        wait_idle(page)
        page.locator(".st-key-quiz_check button").click()
        wait_idle(page)
        no_exception(page)
        page.locator(".st-key-quiz_next button").click()
        wait_idle(page)
    return prompts


def _a_day_passes(database_url: str, code: str) -> None:
    """Move the learner's kept answers a day into the past, as if they had answered yesterday."""
    engine = P.make_engine(database_url)
    try:
        with engine.begin() as conn:
            rows = conn.execute(sa.select(P.reviews.c.id, P.reviews.c.due, P.reviews.c.answered_at)
                                .where(P.reviews.c.learner == code)).all()
            for row in rows:
                conn.execute(P.reviews.update().where(P.reviews.c.id == row.id)
                             .values(due=row.due - timedelta(days=1), answered_at=row.answered_at - timedelta(days=1)))
    finally:
        engine.dispose()


def test_progress_survives_a_closed_browser_and_comes_back_from_the_resume_link(
        browser: Browser, database: str, tmp_path: Path) -> None:
    with _app(database, tmp_path) as url:
        first = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = first.new_page()
        open_app(page, f"{url}/self_test?seed=7")
        page.get_by_text("Keep my progress", exact=True).click()
        wait_idle(page)
        no_exception(page)
        expect(page).to_have_url(re.compile(r"learner=[2-9B-Z]{8}"))
        code = re.search(r"learner=([2-9B-Z]{8})", page.url).group(1)  # type: ignore[union-attr]
        expect(page.locator("[data-testid='stMain']").get_by_text("0 due", exact=True)).to_be_visible()
        answered = _answer_five(page, 7)
        # The same browser remembers the code: a bare address finds the progress again.
        open_app(page, f"{url}/progress")
        expect(page.get_by_text(code, exact=False).first).to_be_visible(timeout=15_000)
        first.close()

        engine = P.make_engine(database)
        kept = P.due_items(engine, code, now=P._now() + timedelta(days=30))
        engine.dispose()
        assert len(kept) == 5  # five items, each scheduled
        _a_day_passes(database, code)

        second = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = second.new_page()
        open_app(page, f"{url}/progress?learner={code}")
        no_exception(page)
        main = page.locator("[data-testid='stMain']")
        expect(main.get_by_text("5 due", exact=True)).to_be_visible(timeout=15_000)
        expect(page.locator("[data-testid='stPlotlyChart']")).to_have_count(1)
        open_app(page, f"{url}/self_test?learner={code}&seed=8")
        expect(page.locator("[data-testid='stMain']").get_by_text("5 due", exact=True)).to_be_visible(timeout=15_000)
        # The reviews that are due come first, even in another quiz: the first five questions are yesterday's.
        assert sorted(_answer_five(page, 8)) == sorted(answered)
        second.close()
