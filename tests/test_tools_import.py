"""Every benchmark and tool script still imports against today's explorer API.

They are run by hand, not by the suite, so an API change can break one silently (benchmarks/rerun.py
once imported a function that no longer existed). Importing them here catches that. Importing must
not run a script: each keeps its work behind `if __name__ == "__main__"`, which the second test checks.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p for folder in ("benchmarks", "tools") for p in (ROOT / folder).glob("*.py")
                 if p.name != "__init__.py")


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


@pytest.mark.parametrize("path", SCRIPTS, ids=_module)
def test_script_imports(path: Path) -> None:
    module = importlib.import_module(_module(path))
    assert module.__file__ is not None and Path(module.__file__).resolve() == path


# Top-level statements a module may hold without doing a script's work on import.
_QUIET = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign,
          ast.AnnAssign)


def _is_main_guard(node: ast.stmt) -> bool:
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__")


def _is_docstring_or_path_setup(node: ast.stmt) -> bool:
    if not isinstance(node, ast.Expr):
        return False
    if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
        return True
    # sys.path.insert(...): lets `python benchmarks/x.py` find explorer and its sibling helpers.
    call = node.value
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and ast.unparse(call.func).startswith("sys.path."))


@pytest.mark.parametrize("path", SCRIPTS, ids=_module)
def test_script_work_waits_for_main(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    loose = [f"{path.name}:{node.lineno}: {ast.unparse(node).splitlines()[0]}" for node in tree.body
             if not (isinstance(node, _QUIET) or _is_main_guard(node) or _is_docstring_or_path_setup(node))]
    assert not loose, "runs on import; move it into main() behind `if __name__ == \"__main__\"`:\n" + "\n".join(loose)
