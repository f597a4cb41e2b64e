"""`pcaet init`: worked examples that lint clean, with the files a repository needs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.diagnostic import Severity
from pcaet_cli.edit.fmt import format_register
from pcaet_cli.lint.engine import LintRequest, run_lint

runner = CliRunner()

EXPECTED = [
    "register/pcaet.toml",
    "schemas/action.schema.json",
    "schemas/acteur.schema.json",
    "schemas/plan.schema.json",
    "schemas/territoire.schema.json",
    ".pre-commit-config.yaml",
    ".github/workflows/pcaet.yml",
    ".gitlab-ci.yml",
    ".gitignore",
]


@pytest.mark.parametrize("modele", ["petr", "epci"])
def test_model_lints_without_error_or_warning(tmp_path: Path, modele: str) -> None:
    target = tmp_path / "depot"
    result = runner.invoke(app, ["init", str(target), "--modele", modele])
    assert result.exit_code == 0, result.output
    for name in EXPECTED:
        assert (target / name).is_file(), name
    actions = list((target / "register" / "actions").glob("*.yaml"))
    assert 6 <= len(actions) <= 10
    run = run_lint(LintRequest(target / "register", today=date(2026, 6, 1)))
    assert run.result.files > 20
    serious = [d for d in run.result.diagnostics if d.severity is not Severity.INFO]
    assert serious == []
    # Already in the canonical form: `pcaet fmt --check` passes on a new repository.
    assert format_register([target / "register"]).changed == []


def test_petr_model_transfers_the_competence(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path / "d"), "-m", "petr"]).exit_code == 0
    epci = (tmp_path / "d" / "register" / "territoires").glob("epci-*.yaml")
    for path in epci:
        assert "pcaet: {mode: transferee, a: petr-trois-vallees}" in path.read_text("utf-8")


def test_ci_files_use_the_projects_hook_and_formats(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    yaml = YAML(typ="safe")
    pre_commit = yaml.load((tmp_path / ".pre-commit-config.yaml").read_text("utf-8"))
    assert pre_commit["repos"][0]["hooks"] == [{"id": "pcaet-lint"}]
    github = (tmp_path / ".github" / "workflows" / "pcaet.yml").read_text("utf-8")
    assert "pcaet lint register --format github" in github
    yaml.load(github)
    gitlab = yaml.load((tmp_path / ".gitlab-ci.yml").read_text("utf-8"))
    job = gitlab["pcaet-lint"]
    assert "--format gitlab --output gl-code-quality.json" in job["script"][-1]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality.json"
    pages = gitlab["pages"]
    assert pages["script"][-1] == "pcaet site -r register --public --output public"
    assert pages["artifacts"]["paths"] == ["public"]


def test_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path), "--modele", "epci"])
    assert result.exit_code == 2
    assert "n'est pas vide" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    forced = runner.invoke(app, ["init", str(tmp_path), "--force"])
    assert forced.exit_code == 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "à garder"
    assert (tmp_path / "register" / "pcaet.toml").is_file()


def test_dry_run_and_unknown_model(tmp_path: Path) -> None:
    target = tmp_path / "d"
    dry = runner.invoke(app, ["init", str(target), "--dry-run"])
    assert dry.exit_code == 0
    assert "register/pcaet.toml" in dry.stdout
    assert not target.exists()
    bad = runner.invoke(app, ["init", str(target), "--modele", "commune"])
    assert bad.exit_code == 2
    assert not target.exists()


def test_gitignore_hides_what_an_interrupted_write_leaves(tmp_path: Path) -> None:
    import subprocess

    from pcaet_cli.fsutil import TEMP_SUFFIX

    target = tmp_path / "depot"
    assert runner.invoke(app, ["init", str(target), "--modele", "epci"]).exit_code == 0
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    debris = target / "register" / "actions" / f".mob-01.yaml.x1y2{TEMP_SUFFIX}"
    debris.write_text("à moitié", encoding="utf-8")
    status = subprocess.run(
        ["git", "-C", str(target), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "actions/mob-" in status  # the register itself is seen
    assert TEMP_SUFFIX not in status
