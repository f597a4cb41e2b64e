"""`pcaet lint` as a user meets it: Typer's runner for the options, a real process for
the installed entry point and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pcaet_cli import __version__
from pcaet_cli.cli import app
from tests.conftest import WriteRegister

runner = CliRunner()

FAULTY = {
    "actions/mob-01.yaml": (
        "# yaml-language-server: $schema=../../schemas/action.schema.json\n"
        "titre: 'Covoiturage, phase 2 : « pilote » à trouver'\n"
        "statut: en cours\n"
        "secteurs: [Transport routier]\n"
        "domaines: [ges]\n"
    ),
    "acteurs/svc-mobilites.yaml": "nom: Service mobilités\ntype: service\n",
}


def lint(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", *args])
    return result.exit_code, result.stdout, result.stderr


def test_faulty_register_exits_1_with_concise_diagnostics(write_register: WriteRegister) -> None:
    write_register(FAULTY)
    code, out, err = lint("--format", "concise", "--date", "2026-06-15")
    assert code == 1
    assert out.splitlines() == [
        "acteurs/svc-mobilites.yaml:1:1: R006 acteur « svc-mobilites » cité par aucun autre "
        "fichier",
        "actions/mob-01.yaml:2:1: P001 l'action « mob-01 » n'a pas de pilote",
        "actions/mob-01.yaml:2:1: P003 l'action « mob-01 » n'a pas d'élu référent",
        "actions/mob-01.yaml:3:9: S004 « en cours » n'est pas une valeur admise pour « statut »",
    ]
    assert err == ""


def test_fail_on_moves_the_threshold(write_register: WriteRegister) -> None:
    write_register(
        {
            "actions/mob-01.yaml": "titre: Covoiturage\npilote: svc-m\n",
            "acteurs/svc-m.yaml": "nom: Service\ntype: service\n",
        }
    )
    # Only warnings (no sponsor, no sector, no domain) and nothing at error level.
    assert lint("--quiet")[0] == 0
    assert lint("--quiet", "--fail-on", "warning")[0] == 1
    assert lint("--quiet", "--fail-on", "never", "--select", "R001")[0] == 0


def test_select_and_ignore(write_register: WriteRegister) -> None:
    write_register(FAULTY)
    _, out, _ = lint("--format", "concise", "--select", "P", "--ignore", "P003")
    assert [line.split()[1] for line in out.splitlines()] == ["P001"]
    _, out, _ = lint("--format", "concise", "--select", "P001,S004")
    assert [line.split()[1] for line in out.splitlines()] == ["P001", "S004"]


def test_json_output_is_machine_readable(write_register: WriteRegister) -> None:
    write_register(FAULTY)
    code, out, _ = lint("--format", "json")
    payload = json.loads(out)
    assert code == 1
    assert payload["valid"] is False
    assert payload["stats"]["errors"] == 2
    assert {d["code"] for d in payload["diagnostics"]} == {"P001", "P003", "R006", "S004"}


def test_output_file_receives_the_result_and_stdout_stays_empty(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    write_register(FAULTY)
    target = tmp_path / "rapport" / "lint.sarif"
    code, out, _ = lint("--format", "sarif", "--output", str(target))
    assert code == 1
    assert out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert [p.name for p in target.parent.iterdir()] == ["lint.sarif"]


def test_statistics_count_per_rule(write_register: WriteRegister) -> None:
    write_register(FAULTY)
    _, out, _ = lint("--statistics")
    rows = [line.split() for line in out.splitlines()]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("1", "P001", "action-sans-pilote"),
        ("1", "P003", "action-sans-referent"),
        ("1", "R006", "orphelin"),
        ("1", "S004", "hors-vocabulaire"),
    ]


def test_text_output_shows_the_line_and_the_synthesis(write_register: WriteRegister) -> None:
    write_register(FAULTY)
    _, out, _ = lint("--date", "2026-06-15")
    assert "actions/mob-01.yaml" in out
    assert "statut: en cours" in out  # the offending line is quoted
    assert "valeur la plus proche : « En cours »" in out
    assert "Synthèse du registre — Registre de test" in out
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_missing_register_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = lint()
    assert code == 2
    assert out == ""
    assert "aucun registre trouvé" in err and "pcaet.toml" in err
    assert "Traceback" not in err


def test_invalid_configuration_names_file_and_line(write_register: WriteRegister) -> None:
    write_register({"pcaet.toml": '[registre]\nnom = "x"\n\n[lint]\nselet = ["P"]\n'})
    code, _, err = lint()
    assert code == 2
    assert "pcaet.toml:5" in err
    assert "clé inconnue « lint.selet »" in err and "« select »" in err


def test_unknown_rule_code_in_configuration(write_register: WriteRegister) -> None:
    write_register({"pcaet.toml": '[lint]\nignore = ["P999", "P0001"]\n'})
    code, _, err = lint()
    assert code == 2
    assert "pcaet.toml:2" in err and "code de règle inconnu « P999 »" in err


def test_bad_date_option(write_register: WriteRegister) -> None:
    write_register(FAULTY)
    code, _, err = lint("--date", "15/06/2026")
    assert code == 2
    assert "AAAA-MM-JJ" in err


def test_version_and_short_help() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"pcaet {__version__}"
    for command in (["-h"], ["lint", "-h"], ["rules", "-h"], ["schema", "-h"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, command
        assert "Options" in result.stdout and "--help" in result.stdout


def test_a_command_reused_in_one_process_keeps_its_short_help() -> None:
    # Commands are built once per process; a bare context (only --help, as tests and
    # completion make) must not leave the command without -h for the next run.
    import typer

    from pcaet_cli.cli import _load

    assert _load("lint") is _load("lint")
    group: Any = typer.main.get_command(app)
    bare = group.context_class(_load("lint"), info_name="lint")
    assert [p.opts for p in _load("lint").get_params(bare) if p.name == "help"] == [["--help"]]
    result = runner.invoke(app, ["lint", "-h"])
    assert result.exit_code == 0, result.output
    assert "Affiche cette aide et quitte." in result.stdout


def test_installed_entry_point_in_a_real_process(write_register: WriteRegister) -> None:
    root = write_register(FAULTY)
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pcaet_cli", "lint", str(root), "--format", "concise"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "actions/mob-01.yaml:2:1: P001" in done.stdout
    broken = subprocess.run(
        [sys.executable, "-m", "pcaet_cli", "lint", str(root / "nulle-part")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert broken.returncode == 2
    assert broken.stderr.startswith("pcaet : erreur : dossier introuvable")
    assert "Traceback" not in broken.stderr


def test_lint_never_writes_to_the_register(write_register: WriteRegister) -> None:
    root = write_register(FAULTY)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}
    lint("--format", "json")
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}
    assert before == after
