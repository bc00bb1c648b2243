"""Patients read plain text: every patient passage scores at most grade 6 (Flesch-Kincaid), one by one.

Grade 6 is the NIH and AMA recommendation for patient material. Each passage is measured on its own,
because a page or a panel may show it alone. A label of one or two words is not a passage: the
formula has nothing to count in it ("Relay" scores 8.4 for having two syllables), so labels are
checked only as part of the passages they sit in.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat
from streamlit.testing.v1 import AppTest

from explorer.load import KnowledgeBase, load_knowledge_base
from explorer.model import Action, Titled, walk_tree
from explorer.text import audience_texts
from tests.apptest import open_page, texts

MAX_GRADE = 6.0


MIN_WORDS = 3


def test_patient_texts_are_grade_6_or_below(kb: KnowledgeBase) -> None:
    texts = [(where, text) for where, text in audience_texts(kb, "patient") if len(text.split()) >= MIN_WORDS]
    assert texts
    too_hard = [
        (round(textstat.flesch_kincaid_grade(text), 1), where, text)
        for where, text in texts
        if textstat.flesch_kincaid_grade(text) > MAX_GRADE
    ]
    report = "\n".join(f"grade {grade}: {where}: {text}" for grade, where, text in too_hard)
    assert not too_hard, f"{len(too_hard)} patient passage(s) read above grade {MAX_GRADE}:\n{report}"


def test_everyday_names_of_nodes_read_plainly(kb: KnowledgeBase) -> None:
    # A name of three words or more is scored like a passage; in a shorter one the formula has nothing to
    # count (see above), so there every word must be short: no word of four syllables or more.
    hard = []
    for node in kb.nodes.values():
        name = node.plain_label
        if len(name.split()) >= MIN_WORDS and textstat.flesch_kincaid_grade(name) > MAX_GRADE:
            hard.append((node.id, name, f"grade {round(textstat.flesch_kincaid_grade(name), 1)}"))
        long = [w for w in re.findall(r"[A-Za-z]+", name) if textstat.syllable_count(w) > 3]
        if long:
            hard.append((node.id, name, f"long words {long}"))
    assert not hard, "everyday names that do not read plainly:\n" + "\n".join(map(str, hard))


def test_urgent_signs_tell_patients_what_to_do(kb: KnowledgeBase) -> None:
    assert kb.safety is not None
    for sign in kb.safety.urgent_signs:
        if sign.action is Action.EMERGENCY:
            assert "call emergency services now" in sign.plain.lower(), sign.id
        assert "soon" not in sign.plain.lower(), sign.id  # never 'a doctor should check you soon'
    assert "call emergency services now" in kb.safety.actions[Action.EMERGENCY].plain.lower()
    assert "call emergency services now" in kb.safety.short_line.plain.lower()


# --- the glossary page, which shows these texts -------------------------------------------------


@pytest.mark.parametrize("audience", ["patient", "student"])
def test_glossary_lists_every_term_in_the_readers_language(kb: KnowledgeBase, audience: str) -> None:
    assert kb.glossary is not None
    at = open_page("glossary", audience=audience)
    assert {s.value for s in at.subheader} == {t.term for t in kb.glossary.terms}
    body = "\n".join(m.value for m in at.markdown)
    term = next(t for t in kb.glossary.terms if t.clinical)
    assert term.plain in body
    assert (term.clinical in body) is (audience != "patient")


def test_glossary_search_matches_terms_and_aliases_case_insensitively(kb: KnowledgeBase) -> None:
    at = open_page("glossary", audience="student")
    at.text_input(key="glossary_query").input("cgh").run()
    cgh = next(t.term for t in kb.glossary.terms if "cgh" in (a.lower() for a in t.aliases))
    assert cgh in [s.value for s in at.subheader]
    at.text_input(key="glossary_query").input("ALLODYNIA").run()
    assert [s.value for s in at.subheader] == ["Allodynia"]
    at.text_input(key="glossary_query").input("<b>zzz</b>").run()
    assert not at.subheader and at.info
    assert all("<b>" not in m.value for m in at.markdown)


# --- what a patient page shows is what the check above reads ------------------------------------

_KB = load_knowledge_base()
assert _KB.navigation is not None


def _shown(at: AppTest) -> str:
    """Every text on the page, tables included."""
    cells = (str(cell) for table in at.table for row in table.value.itertuples(index=False) for cell in row)
    return "\n".join([texts(at), *cells])


@pytest.mark.parametrize("page", [entry.url_path for entry in _KB.navigation.pages])
def test_a_patient_page_shows_no_text_written_for_clinicians(kb: KnowledgeBase, page: str) -> None:
    read_by_patients = {text for _, text in audience_texts(kb, "patient")}
    clinical = {(where, text) for where, text in audience_texts(kb, "clinician")
                if text not in read_by_patients and len(text.split()) >= 6}  # prose, not names
    shown = _shown(open_page(page, audience="patient"))
    leaked = sorted(f"{where}: {text[:60]}" for where, text in clinical if text in shown)
    assert not leaked, "a patient page shows text the readability check does not read:\n" + "\n".join(leaked)


def _titles_with_plain_versions(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    """(page script, title, plain title) of every page, route, tier or step retitled for patients."""
    found = []
    for page in kb.pages.values():
        entry = next(e for e in _KB.navigation.pages if e.id == page.id) if _KB.navigation else None
        for _, item in walk_tree(page):
            if isinstance(item, Titled) and item.plain_title and entry is not None:
                found.append((entry.url_path, item.title, item.plain_title))
    return found


def test_patients_read_plain_titles_and_clinicians_the_precise_ones(kb: KnowledgeBase) -> None:
    retitled = _titles_with_plain_versions(kb)
    assert retitled, "no content has a plain title: the check below would check nothing"
    checked = 0
    for page in sorted({page for page, _, _ in retitled}):
        shown = {who: _shown_with_choices(open_page(page, audience=who)) for who in ("patient", "clinician")}
        for _, title, plain_title in (r for r in retitled if r[0] == page):
            if title not in shown["clinician"]:
                continue  # content the page does not show (the explorer's node lists)
            checked += 1
            assert plain_title in shown["patient"] and title not in shown["patient"], (page, title)
    assert checked >= len(retitled) // 2, f"only {checked} of {len(retitled)} retitled items are shown"


def _shown_with_choices(at: AppTest) -> str:
    """Every text on the page and every option of its choices (a route, a tier, a step)."""
    return "\n".join([_shown(at), *(str(o) for radio in at.radio for o in radio.options)])


# --- the words around the content are all in data/wording.yaml ----------------------------------

_CODE = [*Path(__file__).parent.parent.glob("explorer/**/*.py"), *Path(__file__).parent.parent.glob("pages/*.py")]


def test_every_sentence_the_code_asks_for_is_in_the_wording(kb: KnowledgeBase) -> None:
    # The one reader of what the code asks for (validate uses it too): keys said, looked up, or built at run time.
    from explorer.wordingkeys import asked_for

    assert kb.wording is not None
    asked = set(asked_for())
    assert len(asked) > 100  # the scanner finds the calls
    assert sorted(asked - kb.wording.ui.keys()) == []
