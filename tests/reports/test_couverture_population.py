"""`pcaet report couverture --par-population`: the share of the register's population
the actions reach, by hand on a small hierarchy; missing populations are named, never
counted as 0."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import load_register
from pcaet_cli.reports import ReportOptions, build_report
from pcaet_cli.reports.model import Report
from tests.conftest import WriteRegister

# PETR P (100 000) ← CC B (30 000) ← communes D (10 000) and E (no population);
#                  ← CA C (60 000) ← commune F (20 000).
FILES = {
    "territoires/petr-p.yaml": "nom: PETR P\nnature: PETR\npopulation: 100000\n",
    "territoires/epci-b.yaml": "nom: CC B\nnature: CC\npopulation: 30000\nmembre_de: [petr-p]\n",
    "territoires/epci-c.yaml": "nom: CA C\nnature: CA\npopulation: 60000\nmembre_de: [petr-p]\n",
    "territoires/commune-d.yaml": (
        "nom: Commune D\nnature: COM\npopulation: 10000\nmembre_de: [epci-b]\n"
    ),
    "territoires/commune-e.yaml": "nom: Commune E\nnature: COM\nmembre_de: [epci-b]\n",
    "territoires/commune-f.yaml": (
        "nom: Commune F\nnature: COM\npopulation: 20000\nmembre_de: [epci-c]\n"
    ),
    # Résidentiel: the CA and, below it, commune F.
    "actions/a1.yaml": "titre: A1\nechelon: epci-c\nsecteurs: [Résidentiel]\n",
    # Tertiaire: commune D only; it counts for CC B's and the PETR's population in part.
    "actions/a2.yaml": "titre: A2\nterritoires: [commune-d]\nsecteurs: [Tertiaire]\n",
    # Agriculture: commune E, whose population is unknown.
    "actions/a3.yaml": "titre: A3\nechelon: commune-e\nsecteurs: [Agriculture]\n",
    # Déchets: the PETR, hence everyone.
    "actions/a4.yaml": "titre: A4\nechelon: petr-p\nsecteurs: [Déchets]\ndomaines: [ges]\n",
}


@pytest.fixture
def root(write_register: WriteRegister) -> Path:
    return write_register(FILES)


def _report(root: Path, **options: Any) -> Report:
    loaded = load_register(root)
    index = RegisterIndex.build(loaded.documents)
    return build_report("couverture", index, ReportOptions(today=date(2026, 6, 15), **options))


def _shares(report: Report, table: str) -> dict[str, dict[str, Any]]:
    frame = next(t for t in report.tables if t.name == table).frame
    return {
        str(r["Territoire"]).strip(): {
            str(k): (None if isinstance(v, float) and v != v else v) for k, v in r.items()
        }
        for r in frame.to_dict("records")
    }


def test_shares_of_the_population_reached(root: Path) -> None:
    shares = _shares(_report(root, par_population=True), "secteurs_population")
    assert list(shares) == ["PETR P", "CC B", "Commune D", "Commune E", "CA C", "Commune F"]
    assert shares["PETR P"]["Population"] == 100000
    # Résidentiel: the CA's 60 000 of the PETR's 100 000; none of CC B's.
    assert shares["PETR P"]["Résidentiel"] == pytest.approx(0.6)
    assert shares["CC B"]["Résidentiel"] == 0
    assert shares["CA C"]["Résidentiel"] == shares["Commune F"]["Résidentiel"] == 1
    # Tertiaire: commune D's 10 000, a third of CC B, a tenth of the PETR; not all of
    # CC B although D's action counts for it in the count tables.
    assert shares["CC B"]["Tertiaire"] == pytest.approx(1 / 3)
    assert shares["PETR P"]["Tertiaire"] == pytest.approx(0.1)
    assert shares["Commune D"]["Tertiaire"] == 1
    assert shares["CA C"]["Tertiaire"] == 0
    # Agriculture reaches commune E, whose population is unknown: not a 0, an empty cell
    # up the hierarchy.
    assert shares["Commune E"]["Agriculture"] is None
    assert shares["CC B"]["Agriculture"] is None
    assert shares["PETR P"]["Agriculture"] is None
    assert shares["CA C"]["Agriculture"] == 0
    # Déchets: the PETR's action reaches every population known.
    assert shares["PETR P"]["Déchets"] == shares["CC B"]["Déchets"] == 1
    assert shares["Commune E"]["Déchets"] is None
    domains = _shares(_report(root, par_population=True), "domaines_population")
    # Domains are named as in R229-51 II, numbered 1° to 9°.
    ges = "1° Réduction des émissions de gaz à effet de serre"
    assert (
        domains["CA C"][ges] == 1 and domains["CA C"]["9° Adaptation au changement climatique"] == 0
    )


def test_missing_populations_are_named(root: Path) -> None:
    report = _report(root, par_population=True)
    named = [a.message for a in report.alerts if "population inconnue" in a.message]
    assert named == [
        "population inconnue pour 1 territoire : Commune E ; leurs parts, et celles des "
        "niveaux qui en dépendent, restent vides (renseignez « population: »)"
    ]
    table = next(t for t in report.tables if t.name == "secteurs_population")
    assert "Résidentiel" in table.percent


def test_without_the_option_the_view_is_unchanged(root: Path) -> None:
    report = _report(root)
    assert [t.name for t in report.tables] == ["secteurs", "domaines", "axes"]
    assert not [a for a in report.alerts if "population" in a.message]


def test_cli_option_and_its_scope(root: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["report", "couverture", "-r", str(root), "--par-population", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    text = json.dumps(data, ensure_ascii=False)
    assert "secteurs_population" in text and "Part de la population couverte" in text
    wrong = runner.invoke(app, ["report", "portage", "-r", str(root), "--par-population"])
    assert wrong.exit_code == 2
    assert "--par-population ne s'applique qu'à la vue couverture" in wrong.stderr
