"""Modules a newcomer reads whole: none of pcaet_cli over 500 lines (CONTRIBUTING.md).
A module that grows past it is split by what it does, as the importers were."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO

MAX_LINES = 500


def long_modules(root: Path, limit: int) -> dict[str, int]:
    """Each module of `root` longer than `limit` lines, with its length."""
    found: dict[str, int] = {}
    for path in sorted(root.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > limit:
            found[path.relative_to(root).as_posix()] = lines
    return found


def test_no_module_over_the_limit() -> None:
    assert long_modules(REPO / "pcaet_cli", MAX_LINES) == {}


def test_a_long_module_is_named_with_its_length(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "long.py").write_text("x = 1\n" * 11, encoding="utf-8")
    (tmp_path / "pkg" / "short.py").write_text("x = 1\n" * 10, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("\n" * 50, encoding="utf-8")
    assert long_modules(tmp_path, 10) == {"pkg/long.py": 11}
