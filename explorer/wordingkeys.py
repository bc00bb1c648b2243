"""Which `ui` sentences of data/wording.yaml the code asks for, and with which placeholders.

Read from the code itself (its syntax tree), so the list cannot drift from what the pages do:
`validate` refuses a wording file that lacks a key the code asks for, or whose text names a
placeholder the code does not fill (`{titel}`), or has an unbalanced brace (`{title · …`): each of
those would crash a page for every learner (issue 21).

What is found:
- `say("key", name=...)` and `say("key")`: the key, and the names passed (its placeholders); in a
  module whose own `say` adds a prefix (`words[f"quiz.{key}"]`), the key with that prefix;
- `<x>.ui["key"]`: a key used as it is, unformatted;
- any other string constant that looks like a key of a section already seen (`"sections.study"` in
  a tuple of keys a loop says): a key without placeholders.
Keys built at run time (`say(f"audience.{audience}")`) cannot be read from the code; `RUN_TIME_KEYS`
names them with the type that lists their values, and they are asked for like the others.

Pure: it reads source files, never imports or runs them.
"""

from __future__ import annotations

import ast
import re
import string
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["ANY_NAME", "Asked", "asked_for", "placeholder_problem", "run_time_keys", "source_files"]

ROOT = Path(__file__).resolve().parent.parent
_KEY = re.compile(r"[a-z][a-z0-9_]*\.[a-z0-9_.]+")
ANY_NAME = "*"  # in a key's placeholders: the code passes `**names`, so any placeholder may be filled


@dataclass(frozen=True)
class Asked:
    """One key the code asks for: the placeholders every call fills, and where it is first asked."""

    key: str
    placeholders: frozenset[str]
    where: str  # "explorer/ui/frame.py:42"


def source_files(root: Path = ROOT) -> list[Path]:
    """The code that says things: the package, the page scripts and the entry script."""
    files = [*sorted((root / "explorer").rglob("*.py")), *sorted((root / "pages").glob("*.py")), root / "app.py"]
    return [f for f in files if f.is_file() and f.name != "wordingkeys.py"]  # this file names keys, never says them


@cache
def asked_for(root: Path = ROOT) -> Mapping[str, Asked]:
    """Every `ui` key the code asks for (see the module's docstring), by key."""
    calls: dict[str, list[tuple[frozenset[str], str]]] = {}
    loose: dict[str, str] = {}
    for path in source_files(root):
        text = path.read_text(encoding="utf-8")
        if "say(" not in text and ".ui[" not in text:
            continue
        tree = ast.parse(text, filename=str(path))
        where = str(path.relative_to(root))
        nodes = list(ast.walk(tree))
        functions = [n for n in nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        prefix = _own_prefix(functions)
        # The fixed parts of an f-string (`f"explorer.kind.{kind}"`) are not keys: RUN_TIME_KEYS names those.
        in_fstrings = {id(part) for n in nodes if isinstance(n, ast.JoinedStr) for part in n.values}
        for node in nodes:
            if isinstance(node, ast.Call) and _is_say(node.func) and node.args:
                # `say("key", **names)` fills names the code cannot tell: ANY_NAME lets any placeholder through.
                names = frozenset(k.arg if k.arg is not None else ANY_NAME for k in node.keywords)
                for key in _constant_keys(node.args[0]):
                    calls.setdefault(prefix + key, []).append((names, f"{where}:{node.lineno}"))
            elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
                  and node.value.attr == "ui" and isinstance(node.slice, ast.Constant)
                  and isinstance(node.slice.value, str)):
                # Looked up directly: formatted, if at all, by a `.format(...)` in the same function.
                names = _format_names(functions, node.lineno)
                calls.setdefault(node.slice.value, []).append((names, f"{where}:{node.lineno}"))
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and _KEY.fullmatch(node.value)
                  and not node.value.endswith(_FILE_ENDINGS) and id(node) not in in_fstrings):
                loose.setdefault(node.value, f"{where}:{node.lineno}")
    sections = {key.split(".", 1)[0] for key in calls}
    for key, where in loose.items():
        if key.split(".", 1)[0] in sections and key not in calls:
            calls[key] = [(frozenset(), where)]
    for key, where in run_time_keys().items():
        fills = next((names for prefix, names in RUN_TIME_PLACEHOLDERS.items() if key.startswith(prefix)), frozenset())
        calls.setdefault(key, [(fills, where)])
    return {key: Asked(key, frozenset.intersection(*(names for names, _ in uses)), uses[0][1])
            for key, uses in sorted(calls.items())}


def run_time_keys() -> dict[str, str]:
    """Keys the code builds from a value (`f"audience.{audience}"`), each with where it is built."""
    from explorer.model import Audience, NodeKind, OntologyRelation
    from explorer.refs import LinkKind

    keys = {f"audience.{a.value}": "explorer/ui/frame.py (a reading level's name)" for a in Audience}
    keys |= {f"explorer.kind.{k.value}": "explorer/ui/explore.py (the key to the node shapes)"
             for k in NodeKind if k is not NodeKind.REGION}
    keys |= {f"panels.ontology_{r.value}": "explorer/ui/panels.py (a node's ontology class)" for r in OntologyRelation}
    keys |= {f"references.{kind}": "explorer/ui/panels.py (a reference link's name)"
             for kind in typing.get_args(LinkKind)}
    return keys


# What the code fills in keys built at run time (by the key's start).
RUN_TIME_PLACEHOLDERS: dict[str, frozenset[str]] = {"panels.ontology_": frozenset({"term", "label", "why"})}

_FILE_ENDINGS = (".yaml", ".yml", ".py", ".md", ".json", ".csv", ".svg", ".png", ".txt", ".html")


def _constant_keys(arg: ast.expr) -> list[str]:
    """The keys an argument can be: a string, or either branch of `"a" if c else "b"`."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.IfExp):
        return _constant_keys(arg.body) + _constant_keys(arg.orelse)
    return []


def _format_names(functions: list[ast.FunctionDef | ast.AsyncFunctionDef], line: int) -> frozenset[str]:
    """The keyword names of every `.format(...)` call in the innermost function around `line`."""
    around = [f for f in functions if f.lineno <= line <= (f.end_lineno or f.lineno)]
    if not around:
        return frozenset()
    func = max(around, key=lambda f: f.lineno)
    return frozenset(k.arg for call in ast.walk(func) if isinstance(call, ast.Call)
                     and isinstance(call.func, ast.Attribute) and call.func.attr == "format"
                     for k in call.keywords if k.arg is not None)


def _is_say(func: ast.expr) -> bool:
    return (isinstance(func, ast.Name) and func.id == "say") or (isinstance(func, ast.Attribute) and func.attr == "say")


def _own_prefix(functions: list[ast.FunctionDef | ast.AsyncFunctionDef]) -> str:
    """'quiz.' for a module whose own `say(key)` looks up `f"quiz.{key}"`; '' otherwise."""
    for node in functions:
        if node.name == "say":
            for inner in ast.walk(node):
                if (isinstance(inner, ast.JoinedStr) and len(inner.values) == 2
                        and isinstance(inner.values[0], ast.Constant)
                        and isinstance(inner.values[1], ast.FormattedValue)):
                    return str(inner.values[0].value)
    return ""


def placeholder_problem(text: str, allowed: Iterable[str]) -> str | None:
    """Why `text` cannot be formatted with the names in `allowed` ('{titel}', an unbalanced brace), or None.

    >>> placeholder_problem("{title} · {n}", {"title", "n"}) is None
    True
    >>> placeholder_problem("{titel}", {"title"})
    "placeholder {titel} is not one the page fills (it fills {title}); write '{{' for a literal brace"
    >>> placeholder_problem("{title · …", {"title"})
    "unbalanced brace ('{' without '}'); write '{{' or '}}' for a literal brace"
    """
    allowed = set(allowed)
    fills = ", ".join(f"{{{a}}}" for a in sorted(allowed - {ANY_NAME})) or "nothing"
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        what = "'{' without '}'" if "'}'" in str(exc) or "expected" in str(exc) else "'}' without '{'"
        return f"unbalanced brace ({what}); write '{{{{' or '}}}}' for a literal brace"
    for _, name, spec, _ in parts:
        if name is None:
            continue
        if (name not in allowed and ANY_NAME not in allowed) or (spec and "{" in spec):
            return (f"placeholder {{{name}}} is not one the page fills (it fills {fills}); "
                    "write '{{' for a literal brace")
    return None
