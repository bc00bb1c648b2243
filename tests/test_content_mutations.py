"""Whatever an editor does to a valid file, `validate` accepts it and the graph works, or refuses it in a located line.

Hypothesis mutates the minimal content (keys, values, types, indentation, anchors and aliases,
stray characters), written in its own flow style or re-dumped in block style, and checks: either
`validate` passes, and then the knowledge base loads and `trace` and `felt_in` (and `sources`,
for regions) work on every node; or the first report line names the file and the line.
How long `validate` takes on such files is measured by benchmarks/validate_content.py
(`--mutations N`), not asserted here.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.graph import build_graph, felt_in, sources, trace
from explorer.load import load_knowledge_base, report_lines, validate
from explorer.model import NodeKind
from tests.content import MINIMAL, content_folder

FILES = sorted(str(p.relative_to(MINIMAL)) for p in MINIMAL.rglob("*.yaml"))
ORIGINAL = {name: (MINIMAL / name).read_text(encoding="utf-8") for name in FILES}
LOCATED = re.compile(r"data/[\w./-]+\.yaml:\d+: \S")

# Values an editor (or a hostile file) might put anywhere.
VALUES = [
    "", "~", "0", "-1", "3", "2.5", "1e999", ".inf", ".nan", "9" * 5000, "9007199254740993", "yes", "no",
    "2024-01-01", "[]", "{}", "[a, b]", "{a: b}", "[[[[[[]]]]]]", '"a\\tb"', '"\\e[31m"', '"\\u202e"', "'  '",
    "!!binary aGk=", "!!python/name:os.system", "!include x", "*nope", "&x [*x]", "x" * 300, "unverified",
    "structure", "region", "branch_of", "forehead", "neck_nerve", "cortex", "Smith2001", "V1", "C9",
    "https://example.org", "javascript:alert(1)", "10.1000/x", "- a", ": b", "'unclosed", "[unclosed", "#",
]
KEYS = ["id", "label", "kind", "source", "target", "references", "nodes", "type", "routes", "steps", "n",
        "fibres", "colour", "<<", "? x", "-", "titel"]
SPECIALS = list(":-[]{}\"'&*!|>#%@`,?\t\n ") + ["\x00", "\x07", "\u202e", "\ufeff", "é"]
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    """(file name, its text after one to three edits)."""
    name = draw(st.sampled_from(FILES))
    text = ORIGINAL[name]
    if draw(st.booleans()):  # the same content in block style, so indentation edits mean something
        text = yaml.safe_dump(yaml.safe_load(text), sort_keys=False, allow_unicode=True, width=100)
    for _ in range(draw(st.integers(1, 3))):
        lines = text.splitlines() or [""]
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "value", "key", "alias", "char"]))
        if edit == "delete":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(j, line)
        elif edit == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "  ", "    ", "\t"])) + line.lstrip(" ")
        elif edit == "value":  # the value after the n-th `key:` on the line
            spots = list(re.finditer(r"(:\s+)([^,{}\[\]\n]*)", line))
            new = draw(st.sampled_from(VALUES) | TEXT)
            if spots:
                m = spots[draw(st.integers(0, len(spots) - 1))]
                lines[i] = line[: m.start(2)] + new + line[m.end(2):]
        elif edit == "key":
            spots = list(re.finditer(r"([\w<?-]+)(:\s)", line))
            if spots:
                m = spots[draw(st.integers(0, len(spots) - 1))]
                new = draw(st.sampled_from([*KEYS, m.group(1)[:-1], m.group(1) + "x"]))
                lines[i] = line[: m.start(1)] + new + line[m.end(1):]
        elif edit == "alias":  # anchor one value, and use it in another place
            a, b = re.search(r":\s+(\S)", line), re.search(r":\s+(\S)", lines[j])
            if a and b:
                lines[i] = line[: a.start(1)] + "&m " + line[a.start(1):]
                target = lines[j] if i != j else lines[i]
                b = re.search(r":\s+(\S.*)$", target)
                if b:
                    lines[j] = target[: b.start(1)] + draw(st.sampled_from(["*m", "[*m, *m]", "{k: *m}"]))
        else:
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(SPECIALS)) + line[at:]
        text = "\n".join(lines) + "\n"
    return name, text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_mutated_file_is_accepted_and_works_or_refused_in_a_located_line(change: tuple[str, str]) -> None:
    name, text = change
    with tempfile.TemporaryDirectory() as tmp:
        data = content_folder(Path(tmp))
        (data / name).write_text(text, encoding="utf-8")
        errors = validate(data)
        if errors:
            first = report_lines(errors)[0]
            assert LOCATED.match(first), first
            return
        G = build_graph(load_knowledge_base(data))
    for node in G:
        trace(G, node)
        felt_in(G, node)
        if G.nodes[node]["kind"] == NodeKind.REGION.value:
            sources(G, node)


NODE_IDS = [n["id"] for n in yaml.safe_load(ORIGINAL["nodes.yaml"])["nodes"]]
EDGE = ("- {{source: {}, target: {}, kind: {}, fibres: {}, references: [Jones2005], confidence: unverified, "
        "evidence_kind: textbook}}\n")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NODE_IDS), st.sampled_from(NODE_IDS),
                          st.sampled_from(["supplied_by", "skin_territory_of", "branch_of", "enters", "terminates_in",
                                           "part_of", "projects_to", "refers_pain_to"]),
                          st.sampled_from(["[]", "[V1]", "[C3]"])), max_size=25))
def test_any_wiring_is_accepted_and_works_or_refused(edges: list[tuple[str, str, str, str]]) -> None:
    # Cycles, self-loops, duplicates and wrong kinds of end: validate must never crash on the signal.
    with tempfile.TemporaryDirectory() as tmp:
        data = content_folder(Path(tmp))
        (data / "edges.yaml").write_text("edges:\n" + "".join(EDGE.format(*e) for e in edges), encoding="utf-8")
        errors = validate(data)
        if errors:
            assert LOCATED.match(report_lines(errors)[0])
            return
        G = build_graph(load_knowledge_base(data))
    for node in G:
        trace(G, node)
        felt_in(G, node)
