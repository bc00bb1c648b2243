"""Small content folders for tests: the minimal valid one, and each broken kind laid over it."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
BROKEN = FIXTURES / "broken"
# Files in a kind's folder that are not content: the expected report, and files to take away.
_NOT_CONTENT = frozenset({"expected.txt", "remove.txt"})


def content_folder(tmp_path: Path, kind: str | None = None) -> Path:
    """A copy of the minimal content in `tmp_path/data`, with the files of broken `kind` laid over it.

    A kind's folder holds the files it replaces or adds (paths as under data/), and optionally
    `remove.txt`, naming files (or folders) of the minimal content to take away.
    """
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    if kind is None:
        return data
    source = BROKEN / kind
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.name not in _NOT_CONTENT:
            target = data / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    if (source / "remove.txt").exists():
        for name in (source / "remove.txt").read_text(encoding="utf-8").split():
            target = data / name
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    return data


def edited_copy(tmp_path: Path, file: str, old: str, new: str) -> list[str]:
    """The errors `validate` gives for a copy of the real data/ with one edit in `file` (the text must be there)."""
    from explorer.load import default_data_dir, validate

    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    text = (data / file).read_text(encoding="utf-8")
    assert old in text
    (data / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return [str(e) for e in validate(data)]
