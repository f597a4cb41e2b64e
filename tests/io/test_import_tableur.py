"""`pcaet import --format tableur`: any CSV or XLSX with a column → field mapping."""

from __future__ import annotations

import csv
import json
import tomllib
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.io.import_tableur import guess_field
from pcaet_cli.lint.engine import LintRequest, run_lint
from tests.cli.test_french_everywhere import english_in
from tests.conftest import import_rows

runner = CliRunner()

HEADERS = [
    "N°",
    "Intitulé",
    "Descriptif détaillé",
    "Etat d'avancement",
    "Priorité",
    "Secteurs",
    "Pilote",
    "Élu référent",
    "Partenaires",
    "Début",
    "Budget",
    "Axe",
    "Courriel du pilote",
]
ROWS = [
    [
        "1",
        "Chaufferie bois: 01004",
        "Remplacer la chaudière\nfioul",
        "en cour",
        "Haute",
        "Résidentiel; Tertiaire, Inconnu",
        "Service patrimoine",
        "Paul ESSAI",
        "Agence Fictive, Syndicat (Nord, Sud)",
        "15/01/2025",
        "120 000 €",
        "2.1 Bâtiments",
        "pilote@example.org",
    ],
    ["2", "", "Sans titre", "", "", "", "", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["3", "oui", "", "Réalisé", "", "", "ESSAI Paul", "", "", "", "", "", ""],
]
MAPPING = """
[colonnes]
"N°" = "ignorer"
"Intitulé" = "titre"
"Descriptif détaillé" = "description"
"Etat d'avancement" = "statut"
"Priorité" = "priorite"
"Secteurs" = "secteurs"
"Pilote" = "pilote"
"Élu référent" = "referent"
"Partenaires" = "partenaires"
"Début" = "date_debut"
"Budget" = "budget"
"Axe" = "axe"
"Courriel du pilote" = "description"
"""


def write_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows(ROWS)
    return path


def load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def test_csv_with_toml_mapping(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "actions.csv")
    mapping = tmp_path / "correspondance.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    into = tmp_path / "r"
    result = runner.invoke(
        app, ["import", str(source), "--mapping", str(mapping), "--into", str(into)]
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    action = load(into / "register/actions/act-001.yaml")
    assert action == {
        "titre": "Chaufferie bois: 01004",
        "description": "Remplacer la chaudière\nfioul",
        "plans": {"plan-actions": "2.1"},
        "statut": "En cours",
        "priorite": "Élevé",
        "secteurs": ["Résidentiel", "Tertiaire"],
        "date_debut": date(2025, 1, 15),
        "budget": [{"type": "investissement", "prevu": 120000}],
        "pilote": "service-patrimoine",
        "referent": "paul-essai",
        "partenaires": ["agence-fictive", "syndicat-nord-sud"],
    }
    # The spreadsheet does not say investment or operation: the report says what was assumed.
    assert "budget total repris en investissement, sans année" in out
    assert load(into / "register/actions/act-002.yaml")["pilote"] == "paul-essai"
    assert load(into / "register/plans/plan-actions.yaml")["axes"] == [
        {"code": "2.1", "titre": "Bâtiments"}
    ]
    assert load(into / "register/acteurs/syndicat-nord-sud.yaml")["type"] == "syndicat"
    rows = import_rows(out)
    assert rows["ligne 3"] == ("refusée", "pas de titre : complétez-le", [])
    assert rows["ligne 4"] == ("ignorée", "ligne vide", [])
    assert "ligne 2, statut : « en cour » → « En cours »" in out
    assert "ligne 2, priorite : « Haute » → « Élevé »" in out
    assert "secteurs « Inconnu » non reconnu, non repris" in rows["ligne 2"][2]
    assert "« ESSAI Paul » fusionné avec « Paul ESSAI »" in out
    assert "colonne « Courriel du pilote » : données personnelles, non reprise" in out
    assert "example.org" not in "".join(p.read_text() for p in into.rglob("*.yaml"))
    run = run_lint(LintRequest(into, today=date(2026, 11, 29)))
    assert [d for d in run.result.diagnostics if d.code[0] in "SYR" and d.severity == "error"] == []


def test_xlsx_with_yaml_mapping(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([])
    sheet.append(["Titre", "Fin"])
    sheet.append(["Action unique", date(2027, 6, 30)])
    source = tmp_path / "suivi.xlsx"
    book.save(source)
    mapping = tmp_path / "m.yaml"
    mapping.write_text("colonnes:\n  Titre: titre\n  Fin: date_fin\n", encoding="utf-8")
    into = tmp_path / "r"
    result = runner.invoke(
        app,
        ["import", str(source), "-f", "tableur", "--mapping", str(mapping), "--into", str(into)],
    )
    assert result.exit_code == 0, result.output
    assert load(into / "register/actions/act-001.yaml") == {
        "titre": "Action unique",
        "plans": {"plan-suivi": None},
        "date_fin": date(2027, 6, 30),
    }


def test_modele_mapping(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "actions.csv")
    result = runner.invoke(app, ["import", str(source), "--modele-mapping"])
    assert result.exit_code == 0, result.output
    columns = tomllib.loads(result.stdout)["colonnes"]
    assert columns["Intitulé"] == "titre"
    # Never by resemblance: a header not known exactly is left for the user to fill in.
    assert columns["Descriptif détaillé"] == ""
    assert '"Descriptif détaillé" = ""  # inconnu : à compléter' in result.stdout
    assert columns["Pilote"] == "pilote"
    assert columns["Élu référent"] == "referent"
    assert columns["Courriel du pilote"] == ""
    target = tmp_path / "m.toml"
    args = ["import", str(source), "--modele-mapping", "--mapping", str(target)]
    assert runner.invoke(app, args).exit_code == 0
    assert tomllib.loads(target.read_text(encoding="utf-8"))["colonnes"]["Début"] == "date_debut"
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "existe déjà" in again.stderr


def test_bad_mapping(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "actions.csv")
    mapping = tmp_path / "m.toml"
    mapping.write_text('[colonnes]\n"Intitulé" = "intitule"\n', encoding="utf-8")
    result = runner.invoke(app, ["import", str(source), "--mapping", str(mapping), "--dry-run"])
    assert result.exit_code == 2
    assert "champ inconnu" in result.stderr
    missing = runner.invoke(app, ["import", str(source), "-f", "tableur", "--dry-run"])
    assert missing.exit_code == 2 and "--mapping" in missing.stderr


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("m.toml", '[colonnes]\n"Intitulé" = titre\n', "m.toml:2:14 : correspondance illisible"),
        (
            "m.yaml",
            "colonnes:\n  Intitulé: titre\n   N°: id\n",
            "m.yaml:3:6 : correspondance illisible",
        ),
        ("m.yaml", "colonnes: [\n", "correspondance illisible (syntaxe YAML invalide)"),
    ],
)
def test_a_mapping_that_does_not_parse_is_placed_in_french(
    tmp_path: Path, name: str, text: str, said: str
) -> None:
    source = write_csv(tmp_path / "actions.csv")
    mapping = tmp_path / name
    mapping.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["import", str(source), "--mapping", str(mapping), "--dry-run"])
    assert result.exit_code == 2, result.output
    assert said in result.stderr, result.stderr
    assert not english_in(result.stderr.replace(str(tmp_path), "")), result.stderr


def test_guess_field() -> None:
    assert guess_field("Titre de l'action") == "titre"
    assert guess_field("Date de fin") == "date_fin"
    assert guess_field("Téléphone") == ""
    assert guess_field("  DATE de  FIN ") == "date_fin"
    assert guess_field("Titres") == ""  # close to « Titre », but not it


def test_our_own_export_headers_are_guessed_exactly() -> None:
    # Close resemblance once made "Territoires" the title and "Indicateurs" the sectors.
    assert guess_field("Territoires") == ""
    assert guess_field("Indicateurs") == ""
    assert guess_field("Titre") == "titre"
    assert guess_field("Personnes mobilisées") == "personnes"
    assert guess_field("Types d'action") == "type_action"


def report_of(source: Path, mapping: Path) -> dict[str, tuple[str, str, list[str]]]:
    """The JSON report of a dry run, its totals checked against its lines."""
    args = ["import", str(source), "--mapping", str(mapping), "--dry-run", "--format-rapport"]
    result = runner.invoke(app, [*args, "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    lines, totals = document["lignes"], document["totaux"]
    statuses = ("créée", "fusionnée", "ignorée", "refusée")
    assert totals["lues"] == len(lines) == sum(totals[s] for s in statuses)
    for status in statuses:
        assert totals[status] == sum(1 for line in lines if line["statut"] == status)
    return {
        line["source"]: (line["statut"], line["detail"], line["remarques"]) for line in lines
    } | {"": ("", "", document["remarques"])}


def test_every_row_has_its_line_and_headers_match_exactly(tmp_path: Path) -> None:
    source = tmp_path / "actions.csv"
    source.write_text(
        "Intitulé ;Notes;Notes;;Statut\n"
        "Isoler;a;b;;En cours\n"
        ";seulement une note;;;\n"
        ";;;perdue sans en-tête;\n"
        "\n"
        ";;;;Réalisé\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "m.toml"
    # Case, accents and spacing aside, the header is the mapping's.
    mapping.write_text('[colonnes]\n"  INTITULE" = "titre"\nstatut = "statut"\n', "utf-8")
    got = report_of(source, mapping)
    assert got["ligne 2"][:2] == ("créée", "« Isoler »")
    assert got["ligne 3"][:2] == ("ignorée", "aucune cellule remplie dans les colonnes reprises")
    assert got["ligne 4"][:2] == ("ignorée", "aucune cellule remplie dans les colonnes reprises")
    assert got["ligne 5"][:2] == ("ignorée", "ligne vide")
    assert got["ligne 6"][:2] == ("refusée", "pas de titre : complétez-le")
    assert len(got) == 6
    # The column the mapping does not name is said once, though the file has it twice.
    assert got[""][2] == [
        "colonne « Notes » : absente de la correspondance, ignorée",
        "colonne n° 4 : sans en-tête, non reprise ; donnez-lui un en-tête et une ligne dans "
        "la correspondance",
    ]


def test_a_mapping_naming_a_column_the_file_lacks_is_an_error(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "actions.csv")
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[colonnes]\n"Intitulé" = "titre"\n"Intitulés" = "description"\n"Porteur" = ""\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", str(source), "--mapping", str(mapping), "--dry-run"])
    assert result.exit_code == 2, result.output
    assert (
        "m.toml : colonne(s) absente(s) de actions.csv : « Intitulés », « Porteur » ; corrigez "
        "l'en-tête dans la correspondance (colonnes du fichier : « N° », « Intitulé »"
    ) in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_two_mapping_entries_for_one_column_are_an_error(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "actions.csv")
    mapping = tmp_path / "m.toml"
    mapping.write_text('[colonnes]\n"Intitulé" = "titre"\n"intitule" = "description"\n', "utf-8")
    result = runner.invoke(app, ["import", str(source), "--mapping", str(mapping), "--dry-run"])
    assert result.exit_code == 2
    assert "« Intitulé » et « intitule » désignent la même colonne" in result.stderr


def _damaged_third_sheet(path: Path) -> Path:
    """Synthèse, actions, then a third sheet with a cell at no address."""
    book = openpyxl.Workbook()
    book.active.title = "Synthèse"  # type: ignore[union-attr]
    book.create_sheet("actions").append(["Titre"])
    book["actions"].append(["Vélo"])
    book.create_sheet("acteurs").append(["Nom"])
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        entries = {e.filename: archive.read(e) for e in archive.infolist()}
    entries["xl/worksheets/sheet3.xml"] = entries["xl/worksheets/sheet3.xml"].replace(
        b'r="A1"', b'r="!!"'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_only_the_table_after_the_summary_is_read(tmp_path: Path) -> None:
    from pcaet_cli.errors import PcaetError
    from pcaet_cli.io.sources import read_sheets

    path = _damaged_third_sheet(tmp_path / "export.xlsx")
    assert read_sheets(path, first_but="Synthèse") == [("actions", [["Titre"], ["Vélo"]])]
    # Every sheet read: the broken one is met.
    with pytest.raises(PcaetError, match="acteurs"):
        read_sheets(path)
