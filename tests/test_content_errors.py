"""Broken content is refused in one located line per problem, the root cause first, never with a traceback.

Golden files: each folder under fixtures/broken/ lays a file or two over fixtures/minimal/, and its
`expected.txt` holds the exact report `python -m explorer validate` prints for it.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from explorer import load, model
from explorer.__main__ import main
from explorer.load import ContentErrors, load_knowledge_base, report_lines, validate
from tests.content import BROKEN, content_folder

KINDS = sorted(p.name for p in BROKEN.iterdir())
REPO = Path(__file__).parent.parent
# A report line names the file and the line: `data/edges.yaml:42: edges[7].references[0]: ...`.
LOCATED = re.compile(r"data/[\w./-]+\.yaml:\d+: \S")
# Only a file that is not there has no line to name.
WITHOUT_A_LINE = {"missing-required-file", "missing-nodes-file", "page-saved-as-yml"}

# The kinds of breakage issue 12 names, each with its fixture folder.
ISSUE_KINDS = {
    "a cycle along the signal": "cycle-of-branches",
    "a self-loop": "self-loop",
    "an alias bomb": "alias-bomb",
    "a recursive alias": "recursive-alias",
    "5,000 levels of nesting": "deep-nesting",
    "an unknown top-level key in nodes": "unknown-top-level-key-nodes",
    "an unknown top-level key in edges": "unknown-top-level-key-edges",
    "an unknown top-level key in references": "unknown-top-level-key-references",
    "a 5,000-digit integer": "huge-integer",
    "a malformed DOI": "malformed-doi",
    "a DOI that is markdown": "doi-with-markdown",
    "a malformed PMID": "malformed-pmid",
    "a URL that is not http(s)": "javascript-url",
    "a typo inside a routes widget": "routes-widget-typo",
    "one tab character": "tab-indentation",
    "a control character in text": "escape-code-in-text",
}


def test_the_minimal_content_is_valid(tmp_path: Path) -> None:
    assert validate(content_folder(tmp_path)) == []


def test_every_kind_the_issue_names_has_a_fixture() -> None:
    assert set(ISSUE_KINDS.values()) <= set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_broken_content_gets_its_expected_report(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = content_folder(tmp_path, kind)
    code = main(["validate", str(data)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, (BROKEN / kind / "expected.txt").read_text(encoding="utf-8"))
    first = out.splitlines()[0]
    assert kind in WITHOUT_A_LINE or LOCATED.match(first), first
    assert "Traceback" not in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("kind", ["tab-indentation", "invalid-node-folds-its-edges", "misspelt-field"])
def test_follow_on_errors_are_folded_under_their_cause(kind: str, tmp_path: Path) -> None:
    errors = validate(content_folder(tmp_path, kind))
    roots = [e for e in errors if e.cause is None]
    lines = report_lines(errors)
    assert len(errors) > len(roots) >= 1
    assert lines[0] == str(roots[0])
    assert re.fullmatch(r"and \d+ more (in data/\S+|\(.*\)) caused by the error above", lines[1])


def test_the_app_and_the_cli_show_the_same_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = content_folder(tmp_path, "tab-indentation")
    with pytest.raises(ContentErrors) as info:
        load_knowledge_base(data)
    main(["validate", str(data)])
    assert str(info.value).splitlines() == report_lines(info.value.errors) == capsys.readouterr().out.splitlines()


def test_a_typo_in_the_real_migraine_page_names_its_field_and_line(tmp_path: Path) -> None:
    # The page's only widget is of type `routes` and has a field `routes`: the typo is in its second route.
    data = content_folder(tmp_path)
    lines = (REPO / "data" / "pages" / "migraine-overlap.yaml").read_text(encoding="utf-8").splitlines()
    title = lines.index("      - id: migraine-sensitises-the-neck") + 1
    lines[title] = lines[title].replace("  title:", "  titel:")
    (data / "pages" / "migraine-overlap.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert report_lines(validate(data)) == [
        f"data/pages/migraine-overlap.yaml:{title + 1}: widgets[0].routes[1].titel: "
        "unknown field (did you mean 'title'?)",
        "and 1 more in data/pages/migraine-overlap.yaml caused by the error above",
    ]


def test_every_model_refuses_unknown_keys() -> None:
    models = [m for m in vars(model).values() if isinstance(m, type) and issubclass(m, BaseModel)
              and m is not BaseModel]
    assert len(models) > 30
    assert [m.__name__ for m in models if m.model_config.get("extra") != "forbid"] == []


def test_a_10_mb_label_is_refused_in_a_short_line(tmp_path: Path) -> None:  # timed in benchmarks/validate_content.py
    data = content_folder(tmp_path)
    nodes = data / "nodes.yaml"
    huge = ", label: " + "cortex " * 1_500_000 + ","
    nodes.write_text(nodes.read_text().replace(", label: Cortex,", huge), encoding="utf-8")  # not its plain_label
    assert nodes.stat().st_size > 10_000_000
    report = report_lines(validate(data))
    assert report[0] == ("data/nodes.yaml:12: nodes[10].label: text is too long: 10,499,999 characters "
                         f"(at most {model.MAX_NAME}); shorten it")


def test_a_10_mb_typo_is_refused_in_a_short_line(tmp_path: Path) -> None:  # timed in benchmarks/validate_content.py
    data = content_folder(tmp_path)
    edges = data / "edges.yaml"
    edges.write_text(edges.read_text().replace("target: cortex", "target: " + "x" * 10_000_000), encoding="utf-8")
    report = report_lines(validate(data))
    assert report[0].startswith("data/edges.yaml:11: edges[9].target: unknown node 'xxx") and len(report[0]) < 200


def _chain(length: int, width: int) -> tuple[str, str]:
    """nodes.yaml and edges.yaml: `length` layers of `width` parallel nerves, each layer a branch of all the next."""
    node = "- {{id: {0}, label: {0}, plain_label: {0}, kind: nerve, clinical: x, plain: x, references: [Jones2005]}}\n"
    edge = "- {{source: {0}, target: {1}, kind: branch_of, references: [Jones2005], confidence: unverified, " \
           "evidence_kind: textbook}}\n"
    layers = [[f"n{i}_{j}" for j in range(width)] for i in range(length)]
    nodes = "nodes:\n" + "".join(node.format(n) for layer in layers for n in layer)
    edges = "edges:\n" + "".join(edge.format(a, b) for here, after in itertools.pairwise(layers)
                                  for a in here for b in after)
    return nodes, edges


@pytest.mark.parametrize(
    ("length", "width", "message"),
    [(12, 2, "more than 1,000 routes lead on from 'n0_0'"), (load.MAX_STEPS + 2, 1, "takes 51 steps")],
    ids=["too-many-routes", "too-long-a-route"],
)
def test_runaway_routes_are_refused(tmp_path: Path, length: int, width: int, message: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "nodes.yaml").write_text(_chain(length, width)[0])
    (data / "edges.yaml").write_text(_chain(length, width)[1])
    (data / "references.yaml").write_text("references:\n- {key: Jones2005, authors: J, title: T, journal: J}\n")
    (data / "wording.yaml").write_text((content_folder(tmp_path / "m") / "wording.yaml").read_text())
    (data / "navigation.yaml").write_text(
        "groups:\n- title: {clinical: S, plain: S}\n  pages:\n"
        "  - {id: tours, icon: tour, title: {clinical: T, plain: T}}\n")
    (data / "tours").mkdir()
    report = report_lines(validate(data))
    assert len(report) == 1 and report[0].startswith("data/nodes.yaml:2: nodes[0]: ") and message in report[0]


# --- the CLI's exit codes -------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True, cwd=REPO,
                          check=False, timeout=60)


@pytest.mark.parametrize("kind", ["deep-nesting", "recursive-alias", "huge-integer", "alias-bomb", "not-utf8"])
def test_a_broken_folder_exits_1_in_one_line_per_problem(tmp_path: Path, kind: str) -> None:
    result = _cli("validate", str(content_folder(tmp_path, kind)))
    assert result.returncode == 1
    assert result.stdout == (BROKEN / kind / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr


def test_other_commands_refuse_broken_content_with_the_same_report(tmp_path: Path) -> None:
    result = _cli("--data", str(content_folder(tmp_path, "self-loop")), "trace", "neck_joint")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (BROKEN / "self-loop" / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["export", "--format", "csv", "-o", "/tmp"], 3, "error: cannot write /tmp: Is a directory"),
        (["export", "--format", "csv", "-o", "/nonexistent/folder/graph.csv"], 3,
         "error: cannot write /nonexistent/folder/graph.csv: No such file or directory"),
        (["--data", "/nonexistent/folder", "trace", "GON"], 3, "/nonexistent/folder: data folder not found"),
        (["export", "--format", "pdf"], 2, "python -m explorer export: error: argument --format: invalid choice"),
        (["no-such-command"], 2, "python -m explorer: error: argument COMMAND: invalid choice"),
        (["trace", "no such nerve"], 2, "error: No structure, nerve or region is called 'no such nerve'."),
    ],
    ids=["export-into-a-folder", "export-into-a-missing-folder", "missing-data-folder", "bad-option",
         "bad-command", "unknown-name"],
)
def test_each_failure_is_one_line_and_a_documented_exit_code(args: list[str], code: int, message: str) -> None:
    result = _cli(*args)
    assert result.returncode == code
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(message), result.stderr


def test_a_data_file_that_cannot_be_read_exits_3(tmp_path: Path) -> None:
    data = content_folder(tmp_path)
    (data / "edges.yaml").unlink()
    (data / "edges.yaml").mkdir()
    result = _cli("validate", str(data))
    assert result.returncode == 3
    assert result.stdout.splitlines()[0] == ("data/edges.yaml: cannot read file: it is a folder, not a plain file "
                                             "(remove or replace it)")


def test_help_lists_the_exit_codes() -> None:
    result = _cli("--help")
    assert result.returncode == 0
    for code in ("0  success", "1  the content is invalid", "2  bad usage", "3  a file or folder cannot be read",
                 "4  an internal error"):
        assert code in result.stdout


def test_a_bug_is_one_line_and_exit_4(tmp_path: Path) -> None:
    script = ("import explorer.__main__ as m\n"
              "def boom(args): raise RuntimeError('boom')\n"
              "m._validate = boom\n"
              "import sys; sys.argv = ['explorer', 'validate']; sys.exit(m._script())\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 4
    assert result.stderr == "internal error (a bug in the explorer; please report it): RuntimeError: boom\n"


@pytest.mark.parametrize("written", ["yes", "off", "1:30", "2024-01-01", "0x1F", "1_000"])
def test_yaml_reads_plain_words_as_the_text_written(written: str, tmp_path: Path) -> None:
    # YAML 1.1 would read these as true, false, 90, a date, 31 and 1000 (issue 21); the 1.2 core schema keeps them.
    data = content_folder(tmp_path)
    nodes = data / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("plain: Where pain is felt.", f"plain: {written}"), encoding="utf-8")
    kb = load_knowledge_base(data)
    assert kb.nodes["cortex"].plain == written


def test_every_sentence_the_code_asks_for_formats_in_both_versions(kb: load.KnowledgeBase) -> None:
    from explorer.wordingkeys import ANY_NAME, asked_for, placeholder_problem

    asked = asked_for()
    # The scanner sees the modules that prefix their own keys, and the direct look-ups.
    assert any(k.startswith("quiz.") for k in asked) and any(k.startswith("tours.") for k in asked)
    assert kb.wording is not None
    for key, entry in asked.items():
        for text in (kb.wording.ui[key].clinical, kb.wording.ui[key].plain):
            if ANY_NAME in entry.placeholders:  # `say(key, **names)`: any name may be filled, braces must balance
                assert placeholder_problem(text, entry.placeholders) is None, (key, text)
                continue
            text.format(**dict.fromkeys(entry.placeholders, "x"))  # raises on a placeholder the code does not fill


def test_a_named_pipe_among_the_pages_is_named_not_waited_for(tmp_path: Path) -> None:
    data = content_folder(tmp_path)
    os.mkfifo(data / "pages" / "stuck.yaml")
    assert report_lines(validate(data)) == [
        "data/pages/stuck.yaml: cannot read file: it is a named pipe (FIFO), not a plain file (remove or replace it)"]


def test_a_link_to_an_endless_device_is_named_not_read(tmp_path: Path) -> None:
    data = content_folder(tmp_path)
    (data / "tours" / "zero.yaml").symlink_to("/dev/zero")
    assert report_lines(validate(data)) == [
        "data/tours/zero.yaml: cannot read file: it is a device, not a plain file (remove or replace it)"]


def test_a_file_past_the_size_cap_is_not_read(tmp_path: Path) -> None:
    data = content_folder(tmp_path)
    with (data / "tours" / "huge.yaml").open("wb") as f:
        f.truncate(load.MAX_FILE_BYTES + 1)  # sparse: no disk used
    assert report_lines(validate(data))[0].startswith("data/tours/huge.yaml: file is larger than 16 MB")


def test_editor_and_os_droppings_are_ignored(tmp_path: Path) -> None:
    data = content_folder(tmp_path)
    for name in (".#home.yaml", "._home.yaml", "home.yaml~", "#home.yaml#"):
        (data / "pages" / name).write_bytes(b"\x00\xff not yaml: [")
    assert validate(data) == []


def test_cli_output_survives_a_terminal_that_cannot_show_it() -> None:
    result = subprocess.run([sys.executable, "-m", "explorer", "trace", "c2_c3_facet_joint"], capture_output=True,
                            cwd=REPO, check=False, timeout=60, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"C2?C3 facet joint")  # the en dash shown as '?', not a crash


def test_export_refuses_to_write_into_the_content_folder() -> None:
    before = (REPO / "data" / "nodes.yaml").read_bytes()
    result = _cli("export", "--format", "csv", "-o", "data/nodes.yaml")
    assert result.returncode == 2 and "inside the content folder" in result.stderr
    assert (REPO / "data" / "nodes.yaml").read_bytes() == before
