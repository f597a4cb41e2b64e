"""Shell completion: the scripts of bash, zsh and fish, and Tab on commands, options,
views and the register's identifiers (read from file names only)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.reports import VIEWS
from tests.conftest import EXAMPLE

runner = CliRunner()


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash offers after `words` (the last word being completed)."""
    typed = words.split(" ")
    result = runner.invoke(
        app,
        [],
        prog_name="pcaet",
        env={
            "_PCAET_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(typed) - 1),
            **(env or {}),
        },
    )
    assert result.exit_code == 0, result.output
    return result.output.split()


def test_commands_options_and_views() -> None:
    assert complete("pcaet hi") == ["history"]
    assert complete("pcaet lint --out") == ["--output"]
    assert complete("pcaet report ar") == ["articulation"]
    assert complete("pcaet report qui") == ["qui-fait-quoi"]


def test_former_option_names_are_not_offered() -> None:
    assert complete("pcaet import --in") == []


def test_the_views_offered_are_the_report_s_views() -> None:
    assert complete("pcaet report ") == list(VIEWS)


def test_register_identifiers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLE)
    assert complete("pcaet history mob-0") == [f"mob-0{n}" for n in range(1, 10)]
    assert complete("pcaet history svc") == []
    assert complete("pcaet history vdb-svc-m") == ["vdb-svc-mobilite"]
    assert complete("pcaet report service vdb-svc-e") == ["vdb-svc-eau"]


def test_identifiers_of_the_register_given_by_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no register here
    assert complete("pcaet history gouv-0") == []
    assert complete(f"pcaet history -r {EXAMPLE} gouv-0") == [f"gouv-0{n}" for n in range(1, 7)]


def test_a_path_is_left_to_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLE)
    assert complete("pcaet history actions/mob") == []


def test_no_yaml_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A file that is not YAML at all still gives its identifier: only names are read."""
    (tmp_path / "pcaet.toml").write_text('[registre]\nnom = "x"\n', encoding="utf-8")
    (tmp_path / "actions").mkdir()
    (tmp_path / "actions" / "mob-01.yaml").write_bytes(b"\xff\xfe: [")
    (tmp_path / "actions" / "mob-02.yml").write_text("titre: x\n", encoding="utf-8")
    (tmp_path / "actions" / "mob-03.txt").write_text("titre: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert complete("pcaet history mob") == ["mob-01", "mob-02"]


@pytest.mark.parametrize(
    ("shell", "said"),
    [
        ("bash", "complete -o default -F _pcaet_completion pcaet"),
        ("zsh", "compdef _pcaet_completion pcaet"),
        ("fish", "complete --command pcaet"),
    ],
)
def test_the_script_of_each_shell(shell: str, said: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("typer._completion_shared._get_shell_name", lambda: shell)
    result = runner.invoke(app, ["--show-completion"])
    assert result.exit_code == 0, result.output
    assert said in result.stdout
    assert "_PCAET_COMPLETE=complete_" in result.stdout


def test_install_writes_where_the_shell_reads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("typer._completion_shared._get_shell_name", lambda: "bash")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    result = runner.invoke(app, ["--install-completion"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("complétion bash installée dans ")
    assert "_PCAET_COMPLETE=complete_bash" in (
        tmp_path / ".bash_completions" / "pcaet.sh"
    ).read_text(encoding="utf-8")


def test_an_unknown_shell_is_refused_in_french(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("typer._completion_shared._get_shell_name", lambda: "tcsh")
    result = runner.invoke(app, ["--show-completion"])
    assert result.exit_code == 2
    assert "complétion possible dans bash, zsh ou fish, pas dans « tcsh »" in result.stderr
