"""`pcaet lint --changed`: findings on changed files, and new findings elsewhere, never
the old findings of files nobody touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.register.cache import cache_file
from tests.review.conftest import BASE, MakeRepo

runner = CliRunner()


def lint_changed(register: Path, *extra: str) -> tuple[int, list[str]]:
    result = runner.invoke(
        app,
        ["lint", str(register), "--changed", "--format", "concise", "--date", "2026-06-15", *extra],
    )
    codes = [
        line.split(": ", 1)[1].split(" ", 1)[0] + " " + line.split(":", 1)[0].rsplit("/", 1)[-1]
        for line in result.stdout.splitlines()
    ]
    return result.exit_code, codes


def test_only_what_the_branch_brings(
    make_repo: MakeRepo,
    monkeypatch: pytest.MonkeyPatch,
    own_cache: Path,
    example_cache: dict[str, bytes],
) -> None:
    repo = make_repo()  # BASE committed on main
    monkeypatch.chdir(repo.path)
    # At the base, mob-03 is already late (P011) and has no sponsor (P003): old news.
    full = runner.invoke(
        app, ["lint", str(repo.register), "--format", "concise", "--date", "2026-06-15"]
    )
    assert "mob-03.yaml" in full.stdout
    repo.git("checkout", "-q", "-b", "fiche")
    # The branch breaks ener-01 and deletes svc-voirie, still named by mob-03 (unchanged).
    repo.write(
        {
            "actions/ener-01.yaml": BASE["actions/ener-01.yaml"].replace(
                "statut: À venir", "statut: a venir"
            )
        }
    )
    repo.remove("acteurs/svc-voirie.yaml")
    repo.commit("fiche")
    code, found = lint_changed(repo.register)
    assert code == 1
    assert "S004 ener-01.yaml" in found  # on a changed file
    assert "P003 ener-01.yaml" in found  # an old warning, but on a changed file
    assert "R001 mob-03.yaml" in found  # new, on an unchanged file
    assert "P003 mob-03.yaml" not in found and "P011 mob-03.yaml" not in found
    # The base, linted from a temporary copy, leaves nothing in the cache.
    example = set(example_cache)
    kept = [p for p in own_cache.glob("registre-*.msgpack") if p.name not in example]
    assert kept == [cache_file(repo.register, own_cache)]


def test_nothing_changed_nothing_shown(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo()  # BASE committed on main
    monkeypatch.chdir(repo.path)
    code, found = lint_changed(repo.register, "--depuis", "HEAD")
    assert (code, found) == (0, [])


def test_untracked_new_file_counts_as_changed(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo()  # BASE committed on main
    monkeypatch.chdir(repo.path)
    repo.write({"actions/mob-09.yaml": "titre: Nouvelle\n"})
    code, found = lint_changed(repo.register, "--depuis", "HEAD")
    assert code == 1
    assert "P001 mob-09.yaml" in found
    assert all(entry.endswith("mob-09.yaml") for entry in found)


def test_unknown_base_is_a_usage_error(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo()  # BASE committed on main
    monkeypatch.chdir(repo.path)
    result = runner.invoke(app, ["lint", str(repo.register), "--depuis", "nulle-part"])
    assert result.exit_code == 2
    assert "révision inconnue" in result.stderr
