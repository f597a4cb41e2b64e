"""A finished lint run kept in the cache (lint/kept_run.py): taken again only when the
register, its settings, the date and the rules asked for are all the same, and then
the same run to the last field; anything else, or a damaged record, runs lint again."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import astuple, replace
from datetime import date
from pathlib import Path
from typing import Any

import msgpack
import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.lint import engine
from pcaet_cli.lint.context import LintContext
from pcaet_cli.lint.engine import LintRequest, LintRun, run_lint
from pcaet_cli.register.cache import RUNS_KEPT, cache_file
from tests.conftest import WriteRegister
from tests.unit.test_cache import FILES, Counter

TODAY = date(2026, 11, 29)
LATE = {
    **FILES,
    "actions/mob-03.yaml": (
        "titre: Autopartage\npilote: svc-mobilite\nreferent: elu-mobilite\n"
        "echelon: cc-brume\nstatut: En cours\ndate_fin: 2026-06-30\n"
    ),
}
"""With an action late at TODAY, and a typo (mob-02) every run finds."""


class Rules:
    """How many times lint's rules ran (one context per run that checks)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runs = 0
        original = LintContext

        def counting(*args: object) -> object:
            self.runs += 1
            return original(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(engine, "LintContext", counting)


@pytest.fixture
def rules(monkeypatch: pytest.MonkeyPatch) -> Rules:
    return Rules(monkeypatch)


def _lint(root: Path, **asked: Any) -> LintRun:
    return run_lint(replace(LintRequest(root, today=TODAY, keep=True), **asked))


def _whole(run: LintRun) -> tuple[object, ...]:
    """Everything a renderer reads of a run, severities and hints included (a
    diagnostic's equality leaves them out)."""
    result = run.result
    return (
        result.root,
        [astuple(d) for d in result.diagnostics],
        result.files,
        dict(result.entities),
        [r.code for r in result.rules],
        {path: list(lines) for path, lines in result.sources.items()},
        run.figures,
    )


def test_the_same_run_again_is_the_kept_one_to_the_last_field(
    write_register: WriteRegister, rules: Rules
) -> None:
    root = write_register(LATE)
    first = _lint(root)
    assert rules.runs == 1
    assert first.figures is not None and first.figures.late == 1
    assert {d.code for d in first.result.diagnostics} >= {"S002", "P011"}
    again = _lint(root)
    assert rules.runs == 1
    assert again.loaded.kept_run is not None
    assert _whole(again) == _whole(first)
    assert again.result.sources  # the lines of the files with findings, for the text output


def _edit_action(root: Path) -> None:
    path = root / "actions" / "mob-02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("echeleon", "echelon"), "utf-8")


def _comment(root: Path) -> None:
    path = root / "actions" / "mob-01.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# relu\n", encoding="utf-8")


def _rename(root: Path) -> None:
    (root / "actions" / "mob-02.yaml").rename(root / "actions" / "mob-09.yaml")


def _stray(root: Path) -> None:
    (root / "actions" / "notes.txt").write_text("à faire\n", encoding="utf-8")


def _settings(root: Path) -> None:
    config = root / "pcaet.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[lint.severity]\nS002 = "info"\n',
        encoding="utf-8",
    )


CHANGES: dict[str, tuple[Callable[[Path], None], dict[str, object]]] = {
    "contenu": (_edit_action, {}),
    "commentaire": (_comment, {}),
    "renommage": (_rename, {}),
    "fichier-errant": (_stray, {}),
    "reglages": (_settings, {}),
    "date": (lambda root: None, {"today": date(2026, 1, 1)}),
    "select": (lambda root: None, {"select": ["S"]}),
    "ignore": (lambda root: None, {"ignore": ("P011",)}),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_runs_lint_again_and_finds_what_a_fresh_run_finds(
    write_register: WriteRegister, rules: Rules, change: str
) -> None:
    root = write_register(LATE)
    first = _lint(root)
    alter, asked = CHANGES[change]
    alter(root)
    again = _lint(root, **asked)
    assert rules.runs == 2
    assert again.loaded.kept_run is None
    fresh = _lint(root, cache=False, **asked)
    assert _whole(again) == _whole(fresh)
    if change != "commentaire":
        assert _whole(again) != _whole(first)


def test_only_a_run_asked_to_keep_is_kept_or_taken(
    write_register: WriteRegister, rules: Rules
) -> None:
    root = write_register(LATE)
    _lint(root, keep=False)
    _lint(root)
    assert rules.runs == 2
    _lint(root, keep=False)
    assert rules.runs == 3


def test_a_kept_run_leaves_the_file_entries_for_the_next_change(
    write_register: WriteRegister, rules: Rules, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_register(LATE)
    _lint(root)
    stored = cache_file(root, own_cache).read_bytes()
    _lint(root)
    assert cache_file(root, own_cache).read_bytes() == stored
    counter = Counter(monkeypatch)
    _edit_action(root)
    _lint(root)
    assert counter.take() == ["mob-02.yaml"]
    assert rules.runs == 2


def _damage(path: Path, damage: Callable[[list[bytes]], list[bytes]]) -> None:
    document = msgpack.unpackb(path.read_bytes(), strict_map_key=False)
    document["runs"] = [[key, *damage([seal, blob])] for key, seal, blob in document["runs"]]
    path.write_bytes(msgpack.packb(document))


def _sealed(blob: bytes) -> list[bytes]:
    from pcaet_cli.register.cache import _seal

    return [_seal(blob), blob]


DAMAGES: dict[str, Callable[[list[bytes]], list[bytes]]] = {
    "sceau-faux": lambda record: [record[0], record[1][:-1] + b"\x00"],
    "scelle-mais-illisible": lambda record: _sealed(b"\xc1"),
    "scelle-autre-forme": lambda record: _sealed(msgpack.packb([1, "x", 2])),
    "scelle-autre-version": lambda record: _sealed(msgpack.packb([99, "", 0, {}, [], []])),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_kept_run_is_run_again(
    write_register: WriteRegister, rules: Rules, own_cache: Path, damage: str
) -> None:
    root = write_register(LATE)
    first = _lint(root)
    _damage(cache_file(root, own_cache), DAMAGES[damage])
    again = _lint(root)
    assert rules.runs == 2
    assert _whole(again) == _whole(first)


def test_the_newest_runs_are_kept_and_the_oldest_dropped(
    write_register: WriteRegister, rules: Rules
) -> None:
    root = write_register(LATE)
    days = [date(2026, 11, day) for day in range(1, RUNS_KEPT + 2)]
    for day in days:
        _lint(root, today=day)
    assert rules.runs == len(days)
    for day in days[1:]:
        _lint(root, today=day)
    assert rules.runs == len(days)
    _lint(root, today=days[0])
    assert rules.runs == len(days) + 1


def test_the_command_prints_the_same_twice_and_checks_once(
    write_register: WriteRegister, rules: Rules
) -> None:
    write_register(LATE)
    runner = CliRunner()
    shown = {}
    for output_format in ("text", "json"):
        argv = ["lint", "--format", output_format, "--date", "2026-11-29"]
        first, again = runner.invoke(app, argv), runner.invoke(app, argv)
        assert first.exit_code == again.exit_code == 1
        assert again.stdout == first.stdout
        shown[output_format] = first.stdout
    # The key figures come from the kept run too (the same request: one check in all).
    assert re.search(r"3 actions · 2 acteurs", shown["text"])
    assert re.search(r"En retard\s+1\s*\n", shown["text"])
    assert '"S002"' in shown["json"]
    assert rules.runs == 1
