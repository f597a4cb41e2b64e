"""`pcaet new`: well-formed files, next free identifier, never an overwrite by surprise."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.edit.fmt import format_text
from pcaet_cli.edit.new import next_id
from pcaet_cli.errors import PcaetError
from pcaet_cli.lint.engine import LintRequest, run_lint
from tests.conftest import EXAMPLE, WriteRegister

runner = CliRunner()


@pytest.fixture
def example_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target)
    monkeypatch.chdir(target)
    return target


CASES = [
    (["action", "--titre", "Vélo : partout", "--pilote", "vdb-svc-mobilite"], "actions/mob-10"),
    (["acteur", "--nom", "Service énergie", "--type", "service"], "acteurs/service-energie"),
    (["plan", "--nom", "PLH 2026", "--type", "PLH", "--porteur", "epci-coteaux"], "plans/plh-2026"),
    (
        ["territoire", "--nom", "Saint-Éloi", "--nature", "COM", "--membre-de", "epci-coteaux"],
        "territoires/commune-saint-eloi",
    ),
]


@pytest.mark.parametrize(("args", "expected"), CASES)
def test_new_file_lints_without_schema_yaml_or_naming_problem(
    example_copy: Path, args: list[str], expected: str
) -> None:
    result = runner.invoke(app, ["new", *args])
    assert result.exit_code == 0, result.output
    path = example_copy / f"{expected}.yaml"
    assert result.stdout.strip() == expected + ".yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/")
    # Every field comes with a French comment; the file is already as fmt writes it.
    assert "(obligatoire)" in text
    assert format_text(text, expected.split("/")[0]) == text
    run = run_lint(LintRequest(example_copy, today=date(2026, 6, 1)))
    mine = [d for d in run.result.diagnostics if d.path.endswith(f"{expected}.yaml")]
    assert [d for d in mine if d.code[0] in "SYN"] == []


def test_next_free_identifier_and_prefix(example_copy: Path) -> None:
    result = runner.invoke(app, ["new", "action", "--titre", "T", "--prefixe", "ener"])
    assert result.exit_code == 0, result.output
    assert (example_copy / "actions" / "ener-09.yaml").is_file()
    result = runner.invoke(app, ["new", "action", "--titre", "T", "--prefixe", "climat"])
    assert (example_copy / "actions" / "climat-01.yaml").is_file()


def test_next_id_rules() -> None:
    existing = {f"mob-{i:02d}" for i in range(1, 10)} | {"bat-01", "bat-02"}
    assert next_id(existing, None) == "mob-10"
    assert next_id(existing, "bat") == "bat-03"
    assert next_id({"a-001", "a-007"}, None) == "a-008"
    assert next_id({"x-01", "y-01"}, None) == "x-02"  # a tie: the first alphabetically
    with pytest.raises(PcaetError, match="--prefixe"):
        next_id(set(), None)
    with pytest.raises(PcaetError, match="hors convention"):
        next_id(set(), "Mob")


def test_refuses_an_existing_identifier(example_copy: Path) -> None:
    path = example_copy / "actions" / "mob-01.yaml"
    before = path.read_bytes()
    result = runner.invoke(app, ["new", "action", "mob-01", "--titre", "Autre"])
    assert result.exit_code == 2
    assert "existe déjà" in result.stderr
    assert path.read_bytes() == before
    forced = runner.invoke(app, ["new", "action", "mob-01", "--titre", "Autre", "--force"])
    assert forced.exit_code == 0
    assert "titre: Autre" in path.read_text(encoding="utf-8")


def test_no_prompt_without_a_terminal(write_register: WriteRegister) -> None:
    root = write_register({"actions/mob-01.yaml": "titre: T\n"})
    result = runner.invoke(app, ["new", "action"], input="Un titre\n")
    assert result.exit_code == 2
    assert "--titre" in result.stderr
    assert sorted(p.name for p in (root / "actions").iterdir()) == ["mob-01.yaml"]


def test_dry_run_writes_nothing_and_invalid_values_are_refused(
    write_register: WriteRegister,
) -> None:
    root = write_register({})
    dry = runner.invoke(app, ["new", "action", "mob-01", "--titre", "T", "--dry-run"])
    assert dry.exit_code == 0
    assert "titre: T" in dry.stdout
    assert not (root / "actions").exists()
    bad = runner.invoke(app, ["new", "action", "mob-01", "--titre", "T", "--statut", "Fini"])
    assert bad.exit_code == 2
    assert "--statut : « Fini » n'est pas un statut ; statuts : À venir, En cours," in bad.stderr
    wrong = runner.invoke(app, ["new", "plan", "--nom", "P", "--type", "PCAET", "--pilote", "x"])
    assert wrong.exit_code == 2
    assert "--pilote ne s'applique pas" in wrong.stderr
    odd = runner.invoke(app, ["new", "action", "Mob 1", "--titre", "T"])
    assert odd.exit_code == 2
    assert "hors convention" in odd.stderr
    unknown = runner.invoke(app, ["new", "fiche", "--titre", "T"])
    assert unknown.exit_code == 2
    assert not (root / "actions").exists()


def test_prompts_for_missing_fields_at_a_terminal(
    write_register: WriteRegister, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pcaet_cli.cli.new as new_cli

    root = write_register({})
    monkeypatch.setattr(new_cli, "_interactive", lambda: True)
    result = runner.invoke(app, ["new", "acteur", "--type", "service"], input="Service eau\n")
    assert result.exit_code == 0, result.output
    text = (root / "acteurs" / "service-eau.yaml").read_text(encoding="utf-8")
    assert "nom: Service eau" in text
