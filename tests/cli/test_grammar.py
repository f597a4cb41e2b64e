"""One grammar for every command: the same option names for the same things (the table
of the README), and the former names still accepted for one version, hidden from the
help, with a notice."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from pcaet_cli.cli import COMMANDS, app
from pcaet_cli.cli.french_click import renamed
from tests.conftest import EXAMPLE, REPO, WriteRegister

runner = CliRunner()


def _command(name: str) -> Any:
    group: Any = typer.main.get_command(app)
    return group.get_command(group.context_class(group, info_name="pcaet"), name)


def _names(name: str) -> dict[str, list[str]]:
    """Each parameter of the command `name` by its Python name: its option names."""
    command = _command(name)
    ctx = command.context_class(command, info_name=name)
    return {p.name: list(p.opts) for p in command.get_params(ctx)}


# What each shared thing is called, and the commands that have it.
GRAMMAR = {
    ("--registre", "-r"): [
        "lint",
        "fmt",
        "report",
        "diff",
        "history",
        "export",
        "site",
        "new",
        "collecte",
    ],
    ("--output", "-o"): [
        "lint",
        "report",
        "diff",
        "export",
        "site",
        "schema",
        "import",
        "collecte",
    ],
    ("--format", "-f"): ["lint", "report", "diff", "history", "export", "rules", "import"],
    ("--date",): ["lint", "report", "diff", "export", "site", "collecte"],
    ("--force",): ["report", "diff", "export", "site", "import", "init", "new", "collecte"],
    ("--dry-run",): ["fmt", "init", "new", "import", "collecte"],
    ("--check",): ["fmt", "schema"],
}


@pytest.mark.parametrize(("names", "commands"), GRAMMAR.items(), ids=lambda v: str(v))
def test_the_same_names_for_the_same_things(names: tuple[str, ...], commands: list[str]) -> None:
    for command in commands:
        assert set(names) in [set(o) for o in _names(command).values()], (
            command,
            _names(command),
        )


def test_no_command_keeps_a_second_spelling() -> None:
    """No option of any command is spelt like a former name or a synonym of the grammar."""
    other = {"--output-file", "--into", "--sortie", "--essai", "--register", "--out"}
    for name, _, _ in COMMANDS:
        spelt = {o for opts in _names(name).values() for o in opts}
        assert not spelt & other, (name, spelt & other)


def test_the_readme_table_is_the_grammar() -> None:
    """Each row of the README's table names the commands that have the option."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for names, commands in GRAMMAR.items():
        row = next(
            (line for line in readme.splitlines() if line.startswith(f"| `{names[0]}")), None
        )
        assert row is not None, names
        listed = re.findall(r"`([a-z]+)`", row.split("|")[3])
        assert sorted(listed) == sorted(commands), (names, listed)


def test_renamed_replaces_former_names_only_before_the_separator() -> None:
    old = {"--into": "--output", "--output-file": "--output"}
    assert renamed(["a.xlsx", "--into", "plan", "--force"], old) == (
        ["a.xlsx", "--output", "plan", "--force"],
        ["--into"],
    )
    assert renamed(["--output-file=x.json", "--", "--into"], old) == (
        ["--output=x.json", "--", "--into"],
        ["--output-file"],
    )
    assert renamed(["--intox"], old) == (["--intox"], [])


def test_lint_output_file_still_works_with_a_notice(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    write_register({"actions/mob-01.yaml": "titre: Covoiturage\n"})
    target = tmp_path / "lint.json"
    result = runner.invoke(app, ["lint", "--format", "json", "--output-file", str(target)])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["valid"] is False
    assert result.stderr == (
        "pcaet : « --output-file » est l'ancien nom de « --output » ; il sera retiré dans "
        "la prochaine version.\n"
    )


def test_former_names_are_hidden_from_the_help() -> None:
    for command, former in (("lint", "--output-file"), ("import", "--into")):
        shown = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).output
        assert former not in shown
        assert "--output" in shown


def test_import_into_still_works_with_a_notice(tmp_path: Path) -> None:
    exported = tmp_path / "registre.json"
    done = runner.invoke(app, ["export", "-f", "json", "-r", str(EXAMPLE), "-o", str(exported)])
    assert done.exit_code == 0, done.output
    into = tmp_path / "plan"
    result = runner.invoke(app, ["import", str(exported), "--into", str(into), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "« --into » est l'ancien nom de « --output »" in result.stderr
    assert not into.exists()
    written = runner.invoke(app, ["import", str(exported), "-o", str(into)])
    assert written.exit_code == 0, written.output
    assert "ancien nom" not in written.stderr
    assert (into / "register" / "actions" / "mob-03.yaml").is_file()


def test_lint_takes_the_register_as_argument_or_option(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    root = write_register({"actions/mob-01.yaml": "titre: Covoiturage\n"})
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    by_argument = runner.invoke(app, ["lint", "-f", "concise", str(root)])
    by_option = runner.invoke(app, ["lint", "-f", "concise", "-r", str(root)])
    both = runner.invoke(app, ["lint", "-f", "concise", str(root), "--registre", str(root)])
    assert by_argument.exit_code == by_option.exit_code == both.exit_code == 1
    assert by_argument.stdout == by_option.stdout == both.stdout != ""
    clash = runner.invoke(app, ["lint", str(root), "-r", str(elsewhere)])
    assert clash.exit_code == 2
    assert "deux registres donnés" in clash.stderr


def test_fmt_takes_the_register_as_option(write_register: WriteRegister, tmp_path: Path) -> None:
    root = write_register({"actions/mob-01.yaml": "titre:   Covoiturage\n"})
    done = runner.invoke(app, ["fmt", "--check", "-r", str(root)])
    assert done.exit_code == 1
    assert done.stdout.strip().endswith("mob-01.yaml")
    both = runner.invoke(app, ["fmt", "-r", str(root), str(root / "actions")])
    assert both.exit_code == 2
    assert "--registre à la fois" in both.stderr
