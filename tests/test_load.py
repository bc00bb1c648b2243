"""Loading and validating data/: the real content is valid, and each kind of mistake is named precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer.load import ContentErrors, KnowledgeBase, load_knowledge_base, validate
from explorer.model import NodeKind


def test_real_content_is_valid_and_complete(kb: KnowledgeBase) -> None:
    assert validate() == []
    assert len(kb.nodes) >= 45
    kinds = {n.kind for n in kb.nodes.values()}
    assert kinds == set(NodeKind), f"missing kinds: {set(NodeKind) - kinds}"


def test_every_node_and_edge_cites_an_existing_reference(kb: KnowledgeBase) -> None:
    for item in [*kb.nodes.values(), *kb.edges]:
        assert item.references, item
        assert set(item.references) <= set(kb.references)


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {path}")


# (file, text to find, replacement, expected field path pattern, expected message pattern)
BREAKAGES = [
    pytest.param("nodes.yaml", "- id: c1_c2_joint", "- id: c1_c2_joint\n  colour: red",
                 r"nodes\[\d+\]\.colour", "unknown field", id="unknown-field"),
    pytest.param("nodes.yaml", "  label: Greater occipital nerve\n", "",
                 r"nodes\[\d+\]\.label", "required field is missing", id="missing-required-text"),
    pytest.param("nodes.yaml", "- id: c2_c3_disc", "- id: c1_c2_joint",
                 r"nodes\[\d+\]\.id", "duplicate node id 'c1_c2_joint'", id="duplicate-id"),
    pytest.param("edges.yaml", "target: third_occipital_nerve", "target: third_ocipital_nerve",
                 r"edges\[\d+\]\.target",
                 "unknown node 'third_ocipital_nerve' \\(did you mean 'third_occipital_nerve'", id="dangling-edge"),
    pytest.param("edges.yaml", "- Piovesan2001\n", "- Piovesan2011\n",
                 r"edges\[\d+\]\.references\[\d\]",
                 "unknown reference key 'Piovesan2011' \\(did you mean", id="unknown-reference"),
    pytest.param("edges.yaml", "confidence: partially-confirmed", "confidence: probable",
                 r"edges\[\d+\]\.confidence", "probable", id="bad-enum"),
    pytest.param("nodes.yaml", "kind: region", "kind: organ",
                 r"nodes\[\d+\]\.kind", "organ", id="bad-kind"),
]


@pytest.mark.parametrize(("file", "old", "new", "field", "message"), BREAKAGES)
def test_each_kind_of_error_names_file_line_and_field(
    data_copy: Path, file: str, old: str, new: str, field: str, message: str
) -> None:
    path = data_copy / file
    expected_line = _line_of(path, old.splitlines()[0] if old.strip() else old)
    _replace(path, old, new)
    errors = validate(data_copy)
    assert errors, "the broken file was accepted"
    hits = [e for e in errors
            if e.file == f"data/{file}" and re.fullmatch(field, e.field) and re.search(message, e.message)]
    assert hits, "\n".join(map(str, errors))
    # The line points at (or just inside) the broken entry.
    assert any(abs((e.line or 0) - expected_line) <= 2 for e in hits), [(e.line, expected_line) for e in hits]


def test_malformed_yaml_reports_the_line(data_copy: Path) -> None:
    path = data_copy / "references.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[10] = "  title: [unclosed"
    path.write_text("\n".join(lines), encoding="utf-8")
    errors = validate(data_copy)
    assert any(e.file == "data/references.yaml" and "malformed YAML" in e.message and e.line and e.line >= 11
               for e in errors), errors


def test_duplicate_yaml_key_is_an_error(data_copy: Path) -> None:
    _replace(data_copy / "nodes.yaml", "  kind: structure\n", "  kind: structure\n  kind: nerve\n")
    assert any("appears twice" in e.message for e in validate(data_copy))


def test_edge_between_wrong_kinds_is_an_error(data_copy: Path) -> None:
    _replace(data_copy / "edges.yaml", "  kind: skin_territory_of", "  kind: part_of")
    assert any("cannot join a region to a nerve" in e.message for e in validate(data_copy))


def test_page_link_to_unknown_node_is_an_error(data_copy: Path) -> None:
    page = data_copy / "pages" / "explorer.yaml"
    _replace(page, "- greater_occipital_nerve", "- greater_occipital_nerv")
    errors = validate(data_copy)
    assert any(e.file == "data/pages/explorer.yaml" and "unknown node 'greater_occipital_nerv'" in e.message
               for e in errors), errors


def test_all_errors_are_collected_not_just_the_first(data_copy: Path) -> None:
    _replace(data_copy / "edges.yaml", "- Piovesan2001\n", "- NoSuchKey1\n")
    _replace(data_copy / "nodes.yaml", "- id: c2_c3_disc", "- id: c1_c2_joint")
    assert len(validate(data_copy)) >= 2


def test_load_raises_with_every_error(data_copy: Path) -> None:
    (data_copy / "nodes.yaml").unlink()
    with pytest.raises(ContentErrors) as info:
        load_knowledge_base(data_copy)
    assert "data/nodes.yaml: required file is missing" in str(info.value)


@pytest.mark.parametrize(
    ("page", "old", "new", "field", "message"),
    [
        ("presentation", "criteria: [chisg-iii]", "criteria: [chisg-iiii]",
         r"widgets\[\d+\]\.features\[\d+\]\.criteria\[0\]", "unknown criterion 'chisg-iiii'"),
        ("diagnosis", "present: [ichd-c1, ichd-c3]", "present: [ichd-c1, ichd-c5]",
         r"widgets\[\d+\]\.vignettes\[\d+\]\.present\[1\]", "unknown criterion 'ichd-c5'"),
        ("coexisting", "next: [acute-migraine-care, cervical-course]", "next: [acute-migraine-care, nowhere]",
         r"widgets\[\d+\]\.steps\[\d+\]\.next\[1\]", "unknown step 'nowhere'"),
    ],
    ids=["feature-criterion", "vignette-item", "flow-next"],
)
def test_ids_inside_a_widget_must_exist_there(
    data_copy: Path, page: str, old: str, new: str, field: str, message: str
) -> None:
    path = data_copy / "pages" / f"{page}.yaml"
    line = _line_of(path, old)
    _replace(path, old, new)
    hits = [e for e in validate(data_copy) if re.fullmatch(field, e.field) and e.message == message]
    assert [(e.file, e.line) for e in hits] == [(f"data/pages/{page}.yaml", line)]


def test_claim_without_an_evidence_kind_is_refused(data_copy: Path) -> None:
    page = data_copy / "pages" / "home.yaml"
    _replace(page, "  evidence_kind: textbook\n", "")  # the page summary's
    errors = validate(data_copy)
    assert any(e.file == "data/pages/home.yaml" and e.field == "summary.evidence_kind"
               and "required field is missing" in e.message for e in errors), errors


def test_safety_needs_words_for_every_action(data_copy: Path) -> None:
    path = data_copy / "safety.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  same_day:\n"), text.index("  prompt:\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    errors = validate(data_copy)
    assert any(e.file == "data/safety.yaml" and "actions needs wording for same_day" in e.message
               for e in errors), errors
