"""`pcaet init --siren` and `pcaet new territoire --siren`: a real EPCI and its member
communes from the table of collectivities, an unknown SIREN refused with exit 2."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.diagnostic import Severity
from pcaet_cli.edit.fmt import format_text
from pcaet_cli.lint.engine import LintRequest, run_lint
from tests.conftest import EXAMPLE

runner = CliRunner()
GEX = "240100750"  # CA du Pays de Gex, 27 communes


def _yaml(path: Path) -> dict[str, object]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def example_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target)
    monkeypatch.chdir(target)
    return target


def test_new_territoire_writes_the_epci_and_its_communes(example_copy: Path) -> None:
    result = runner.invoke(
        app, ["new", "territoire", "--siren", "240 100 750", "--membre-de", "petr-brume"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "territoires/epci-ca-du-pays-de-gex.yaml"
    epci = _yaml(example_copy / "territoires/epci-ca-du-pays-de-gex.yaml")
    assert epci == {
        "nom": "CA du Pays de Gex",
        "nature": "CA",
        "siren": GEX,
        "population": 104770,
        "membre_de": ["petr-brume"],
    }
    gex = _yaml(example_copy / "territoires/commune-gex.yaml")
    assert gex == {
        "nom": "Gex",
        "nature": "COM",
        "code_insee": "01173",
        "population": 13627,
        "membre_de": ["epci-ca-du-pays-de-gex"],
    }
    written = sorted((example_copy / "territoires").glob("*.yaml"))
    communes = [p for p in written if _yaml(p).get("membre_de") == ["epci-ca-du-pays-de-gex"]]
    assert len(communes) == 27
    text = (example_copy / "territoires/commune-gex.yaml").read_text(encoding="utf-8")
    assert format_text(text, "territoires") == text
    run = run_lint(LintRequest(example_copy, today=date(2026, 6, 1)))
    serious = [d for d in run.result.diagnostics if d.severity is not Severity.INFO]
    assert serious == []


def test_new_territoire_refuses_an_unknown_siren_and_a_communes(example_copy: Path) -> None:
    unknown = runner.invoke(app, ["new", "territoire", "--siren", "200099992"])
    assert unknown.exit_code == 2
    assert "SIREN « 200099992 » inconnu de la table des collectivités" in unknown.stderr
    assert "Traceback" not in unknown.output
    commune = runner.invoke(app, ["new", "territoire", "--siren", "210101739"])
    assert commune.exit_code == 2
    assert "commune Gex, pas d'un EPCI ; son EPCI, CA du Pays de Gex, a le SIREN" in (
        commune.stderr
    )
    bad_key = runner.invoke(app, ["new", "territoire", "--siren", "200099993"])
    assert "clé de contrôle fausse" in bad_key.stderr
    with_name = runner.invoke(app, ["new", "territoire", "--siren", GEX, "--nom", "X"])
    assert "retirez --nom" in with_name.stderr
    on_action = runner.invoke(app, ["new", "action", "--siren", GEX])
    assert "ne s'applique qu'à un territoire" in on_action.stderr
    assert not list((example_copy / "territoires").glob("*gex*"))


def test_new_territoire_never_overwrites_without_force(example_copy: Path) -> None:
    (example_copy / "territoires/commune-gex.yaml").write_text("nom: Gex\nnature: COM\n")
    refused = runner.invoke(app, ["new", "territoire", "--siren", GEX])
    assert refused.exit_code == 2
    assert "territoires/commune-gex.yaml existe déjà" in refused.stderr
    # Nothing written: the check of every file comes before the first write.
    assert not (example_copy / "territoires/epci-ca-du-pays-de-gex.yaml").exists()
    forced = runner.invoke(app, ["new", "territoire", "--siren", GEX, "--force"])
    assert forced.exit_code == 0, forced.output
    assert _yaml(example_copy / "territoires/commune-gex.yaml")["code_insee"] == "01173"


def test_new_territoire_dry_run_lists_the_files(example_copy: Path) -> None:
    result = runner.invoke(app, ["new", "territoire", "--siren", "200057875", "--dry-run"])
    assert result.exit_code == 0, result.output
    listed = result.stdout.split()
    assert listed[0] == "territoires/ept-est-ensemble.yaml"
    assert "territoires/commune-montreuil.yaml" in listed
    assert len(listed) == 10  # Est Ensemble and its 9 communes
    assert not (example_copy / "territoires/ept-est-ensemble.yaml").exists()


@pytest.mark.parametrize(
    ("modele", "old"), [("epci", "epci-rivebelle"), ("petr", "epci-hautes-terres")]
)
def test_init_with_siren_puts_the_real_epci_in_the_example(
    tmp_path: Path, modele: str, old: str
) -> None:
    target = tmp_path / "depot"
    result = runner.invoke(app, ["init", str(target), "-m", modele, "--siren", GEX])
    assert result.exit_code == 0, result.output
    assert "CA du Pays de Gex (SIREN 240100750) et ses 27 communes" in result.stderr
    register = target / "register"
    epci = _yaml(register / "territoires/epci-ca-du-pays-de-gex.yaml")
    assert (epci["nom"], epci["nature"], epci["siren"], epci["population"]) == (
        "CA du Pays de Gex",
        "CA",
        GEX,
        104770,
    )
    assert "competences" in epci  # the example's competences are kept
    assert not (register / f"territoires/{old}.yaml").exists()
    # Every reference to the example's EPCI follows it.
    texts = "\n".join(p.read_text(encoding="utf-8") for p in register.rglob("*.yaml"))
    assert old not in texts
    assert "epci-ca-du-pays-de-gex" in texts
    communes = [
        p for p in (register / "territoires").glob("commune-*.yaml") if "code_insee" in _yaml(p)
    ]
    assert len(communes) == 27
    run = run_lint(LintRequest(register, today=date(2026, 6, 1)))
    serious = [d for d in run.result.diagnostics if d.severity is not Severity.INFO]
    assert serious == []


def test_init_epci_model_turns_its_ville_centre_into_the_largest_commune(tmp_path: Path) -> None:
    target = tmp_path / "depot"
    assert runner.invoke(app, ["init", str(target), "--siren", GEX]).exit_code == 0
    register = target / "register"
    assert not (register / "territoires/commune-rivebelle.yaml").exists()
    mairie = _yaml(register / "acteurs/mairie-rivebelle.yaml")
    centre = _yaml(register / f"territoires/{mairie['territoire']}.yaml")
    assert centre["nom"] == "Saint-Genis-Pouilly"
    assert centre["code_insee"] == "01354"
    assert "competences" in centre  # the example's ville-centre competences are kept


def test_init_refuses_an_unknown_siren_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "depot"
    result = runner.invoke(app, ["init", str(target), "--siren", "200099992"])
    assert result.exit_code == 2
    assert "SIREN « 200099992 » inconnu de la table des collectivités" in result.stderr
    assert not target.exists()
