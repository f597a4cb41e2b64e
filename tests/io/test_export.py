"""`pcaet export`: the lossless JSON, the officers' workbook and its CSV, as users meet them."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.model import KINDS
from pcaet_cli.register.loader import load_register
from tests.conftest import CSV_EVERY_SHEET, EXAMPLE, WriteRegister, libreoffice_convert

runner = CliRunner()
TODAY = "2026-11-29"
NNBSP = "\u202f"  # French thousands separator (pcaet_cli.french.number)
EURO = '#,##0\\ "€"'  # as Excel in French writes « # ##0 € »

SMALL: dict[str, str] = {
    "territoires/cc-a.yaml": (
        "nom: CC A\nnature: CC\nsiren: '200000001'\npopulation: 12000\n"
        "membre_de: [petr-a]\n"
        "competences:\n  reseau_chaleur: exercee\n  pcaet: {mode: transferee, a: petr-a}\n"
    ),
    "territoires/petr-a.yaml": "nom: PETR A\nnature: PETR\n",
    "acteurs/svc-mob.yaml": (
        "nom: Service mobilité\ntype: service\nterritoire: cc-a\ntemps_disponible: 0.6\n"
        "domaine: transition_energetique\n"
    ),
    "acteurs/ademe.yaml": "nom: ADEME\ntype: etablissement_public\nemail: a@b.fr\n",
    "plans/pcaet-a.yaml": (
        "nom: PCAET A\ntype: Scot\nporteur: petr-a\ndate_debut: 2024-01-01\n"
        "statut: mise_en_oeuvre\nobligation: volontaire\n"
        "axes:\n  - code: '1'\n    titre: Mobilité\n    sous_axes:\n"
        "      - code: '1.1'\n        titre: Vélo\n        sous_axes:\n"
        "          - {code: '1.1.1', titre: Pistes}\n"
    ),
    "actions/a-01.yaml": (
        "titre: Covoiturage\n"
        "description: |\n  Première ligne ; avec point-virgule\n  seconde ligne, virgule\n"
        "statut: A discuter\n"
        "secteurs: [Industrie branche énergie]\n"
        "domaines: [Adaptation au changement climatique]\n"
        "plans: {pcaet-a: '1.1.1'}\n"
        "pilote: svc-mob\ncompetence: reseau_chaleur\n"
        "date_debut: 2024-01-01\ndate_fin: 2025-12-31\n"
        "financements:\n  - {financeur: ademe, montant: 40000, dispositif: Fonds vert, "
        "annee: 2024}\n"
        "budget:\n  - {annee: 2024, type: investissement, prevu: 1000.5, realise: 900}\n"
        "gains: {ges_tco2e: 12.5}\n"
        "indicateurs:\n  - nom: Trajets covoiturés\n    cible: 2000\n    annee_cible: 2026\n"
        "    mesures: {2024: 400, 2025: 1100}\n"
        "suivi:\n  - {date: 2025-03-01, texte: Lancement}\n"
        "  - {date: 2025-09-01, texte: Bilan d'étape}\n"
    ),
    "actions/a-02.yaml": 'titre: "=HYPERLINK(\\"http://x\\")"\ndescription: "+33 6 00"\n',
    "actions/a-03.yaml": "titre: [cassée\n",
}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["export", *args, "--date", TODAY])
    return result.exit_code, result.stdout, result.stderr


def export_json(root: Path) -> dict[str, Any]:
    code, out, err = run("--format", "json", "-r", str(root))
    assert code == 0, err
    payload: dict[str, Any] = json.loads(out)
    return payload


def assert_lossless(root: Path, payload: dict[str, Any]) -> int:
    """Every loaded entity comes back equal from its exported JSON; returns how many."""
    checked = 0
    for doc in load_register(root).documents:
        if doc.model is None:
            assert doc.id not in payload[doc.kind]
            continue
        exported = payload[doc.kind][doc.id]
        # Validated from JSON text, as a reader of the file does: JSON object keys are
        # strings, and the models' strict year keys ({2024: …}) accept "2024" only there.
        again = KINDS[doc.kind].model_validate_json(json.dumps(exported))
        assert again == doc.model, doc.display
        checked += 1
    return checked


def assert_printable(sheet: Any, register: str) -> None:
    """Landscape, one page wide, the header row on every page, the register's name and
    the page number in the margins."""
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddHeader.left.text == register
    assert sheet.oddFooter.center.text == "Page &P sur &N"
    if sheet.title != "Synthèse":
        assert sheet.print_title_rows == "$1:$1"


def actions_csv(text: str, delimiter: str) -> list[list[str]]:
    # Parse the whole text: descriptions hold newlines inside quoted cells.
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


# --- JSON ---------------------------------------------------------------------------


def test_json_of_the_example_register_is_lossless() -> None:
    payload = export_json(EXAMPLE)
    assert payload["format"] == "pcaet-registre" and payload["version"] == 1
    assert payload["registre"] == {
        "nom": "Pays de Brume",
        "pcaet_toml": (EXAMPLE / "pcaet.toml").read_text(encoding="utf-8"),
    }
    assert list(payload) == [
        "format",
        "version",
        "registre",
        "territoires",
        "acteurs",
        "plans",
        "actions",
    ]
    for kind in KINDS:
        assert list(payload[kind]) == sorted(payload[kind])
    assert len(payload["actions"]) == 54
    assert assert_lossless(EXAMPLE, payload) == sum(len(payload[k]) for k in KINDS)
    assert payload["actions"]["adapt-01"]["date_debut"] == "2024-06-01"


def test_json_of_a_small_register_normalises_and_says_what_was_left_out(
    write_register: WriteRegister,
) -> None:
    root = write_register(SMALL)
    code, out, err = run("--format", "json")
    assert code == 0
    assert "1 fichier du registre laissé de côté" in err
    payload = json.loads(out)
    assert payload["registre"] == {
        "nom": "Registre de test",
        "pcaet_toml": (root / "pcaet.toml").read_text(encoding="utf-8"),
    }
    assert list(payload["actions"]) == ["a-01", "a-02"]
    assert assert_lossless(root, payload) == 7
    action = payload["actions"]["a-01"]
    assert action["statut"] == "À discuter"
    assert action["secteurs"] == ["Branche énergie"]
    assert action["domaines"] == ["adaptation"]
    assert action["indicateurs"][0]["mesures"] == {"2024": 400.0, "2025": 1100.0}
    assert "copilotes" not in action  # defaults are left out, as in the files
    competences = payload["territoires"]["cc-a"]["competences"]
    assert competences == {
        "reseau_chaleur": {"mode": "exercee"},
        "pcaet": {"mode": "transferee", "a": "petr-a"},
    }
    plan = payload["plans"]["pcaet-a"]
    assert plan["type"] == "SCoT"
    assert plan["axes"][0]["sous_axes"][0]["sous_axes"][0] == {"code": "1.1.1", "titre": "Pistes"}
    assert payload["acteurs"]["ademe"]["email"] == "a@b.fr"  # full copy: contacts kept


# --- XLSX ---------------------------------------------------------------------------


def test_workbook_of_the_example_register(tmp_path: Path) -> None:
    target = tmp_path / "registre.xlsx"
    code, _, err = run("--format", "xlsx", "-o", str(target), "-r", str(EXAMPLE))
    assert code == 0 and "registre exporté" in err
    book = openpyxl.load_workbook(target)
    # The last, hidden, holds the stamps of `pcaet collecte integrer`.
    assert book.sheetnames == [
        "Synthèse",
        "actions",
        "acteurs",
        "territoires",
        "plans",
        "qui_fait_quoi",
        "_pcaet",
    ]
    for sheet in book.worksheets[1:]:
        if sheet.sheet_state == "hidden":
            continue
        # The identifier and the title or name stay in view with the header.
        assert sheet.freeze_panes == "C2"
        assert sheet["A1"].font.bold and sheet["A1"].alignment.wrap_text
        assert sheet.auto_filter.ref == sheet.dimensions
        letters = [getattr(c, "column_letter", "") for c in sheet[1]]
        assert all(6 <= (sheet.column_dimensions[letter].width or 0) <= 60 for letter in letters)
        assert_printable(sheet, "Pays de Brume")
    sheet = book["actions"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    assert len(rows) == sheet.max_row - 1 == 54

    mob = rows["mob-01"]
    assert mob["Pilote"] == "Service mobilités"
    assert mob["Plans et axes"] == (
        "PCAET du Pays de Brume 2024-2029 : 2.1 ; CRTE du Pays de Brume 2023-2028 : 2 ; "
        "SCoT du Pays de Brume : 2.2 ; Projet de territoire « Val de Brume 2030 » : 1.1"
    )
    # The yearless operating line counts in the totals, not in a year.
    assert mob["Budget prévu total (€ HT)"] == 3_760_000
    assert mob["Budget réalisé total (€ HT)"] == 2_020_000
    assert mob["Prévu 2024 (€ HT)"] == 600_000 and mob["Réalisé 2027 (€ HT)"] is None
    assert isinstance(mob["Budget prévu total (€ HT)"], int)
    assert isinstance(mob["Date de début"], datetime)  # a date cell, not text
    mob_row = sheet[[c.value for c in sheet["A"]].index("mob-01") + 1]
    formats = {h: c.number_format for h, c in zip(header, mob_row, strict=True)}
    assert formats["Budget prévu total (€ HT)"] == formats["Prévu 2024 (€ HT)"] == EURO
    assert formats["Date de début"] == formats["Dernier suivi (date)"] == "dd/mm/yyyy"
    assert formats["Gains GES (tCO2e/an)"] == "#,##0"
    assert formats["Titre"] == "General"
    widths = {
        h: sheet.column_dimensions[get_column_letter(n)].width
        for n, h in enumerate(header, start=1)
    }
    assert widths["Description"] == 60 and widths["Identifiant"] == len("Identifiant") + 2
    assert widths["Statut"] == len("À discuter") + 2  # its longest value, not its header
    description = sheet.cell(row=2, column=header.index("Description") + 1)
    assert description.alignment.wrap_text and description.alignment.vertical == "top"
    assert not sheet.cell(row=2, column=1).alignment.wrap_text
    acteurs = book["acteurs"]
    etp = [c.value for c in acteurs[1]].index("Temps disponible (ETP)") + 1
    cells = [acteurs.cell(row=r, column=etp) for r in range(2, acteurs.max_row + 1)]
    assert {c.number_format for c in cells if c.value is not None} == {"0.00"}

    adapt = rows["adapt-01"]
    assert adapt["Financements"] == (
        f"Direction départementale des territoires de Maine-et-Loire : 180{NNBSP}000 € "
        f"(Fonds vert, renaturation des villes, 2024) ; Région Pays de la Loire : "
        f"60{NNBSP}000 € (Contrat territoires-Région, 2025)"
    )
    assert adapt["Indicateurs"] == (
        f"Surfaces désimperméabilisées (cumul) : 3{NNBSP}100 m² (2025) / "
        f"cible 6{NNBSP}000 m² (2027)"
    )
    assert adapt["Dernier suivi (date)"] == datetime(2026, 7, 20)
    assert adapt["En retard"] == "non"

    payload = export_json(EXAMPLE)["actions"]
    assert list(rows) == list(payload)
    for ident, row in rows.items():
        assert row["Titre"] == payload[ident]["titre"]
        assert row["Statut"] == payload[ident].get("statut")

    roles = [c.value for c in book["qui_fait_quoi"][1]]
    assert roles == ["Action", "Titre de l'action", "Acteur", "Nom de l'acteur", "Rôle"]
    assert ("mob-01", "vdb-svc-mobilite", "Pilote") in {
        (r[0], r[2], r[4]) for r in book["qui_fait_quoi"].iter_rows(2, values_only=True)
    }
    assert book["acteurs"].max_row - 1 == len(export_json(EXAMPLE)["acteurs"])


def test_workbook_cells_of_a_small_register(write_register: WriteRegister, tmp_path: Path) -> None:
    write_register(SMALL)
    target = tmp_path / "petit.xlsx"
    assert run("--format", "xlsx", "-o", str(target))[0] == 0
    book = openpyxl.load_workbook(target)
    sheet = book["actions"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    assert rows["a-02"]["Titre"] == '\'=HYPERLINK("http://x")'  # never a formula
    assert rows["a-02"]["Description"] == "'+33 6 00"
    a01 = rows["a-01"]
    assert a01["Statut"] == "À discuter"
    assert a01["En retard"] == "oui"  # ended 2025-12-31, not closed, date 2026-11-29
    assert a01["Prévu 2024 (€ HT)"] == 1000.5 and a01["Réalisé 2024 (€ HT)"] == 900
    assert a01["Gains GES (tCO2e/an)"] == 12.5
    assert a01["Financements"] == f"ADEME : 40{NNBSP}000 € (Fonds vert, 2024)"
    assert (
        a01["Indicateurs"] == f"Trajets covoiturés : 1{NNBSP}100 (2025) / cible 2{NNBSP}000 (2026)"
    )
    assert (a01["Dernier suivi (date)"], a01["Dernier suivi"]) == (
        datetime(2025, 9, 1),
        "Bilan d'étape",
    )
    assert a01["Domaines"] == "Adaptation au changement climatique"
    assert a01["Compétence"] == "Réseaux de chaleur"
    assert a01["Plans et axes"] == "PCAET A : 1.1.1"
    territoires = {r[0]: r for r in book["territoires"].iter_rows(2, values_only=True)}
    assert territoires["cc-a"][7] == "Réseaux de chaleur : exercée ; PCAET : transférée à PETR A"
    assert territoires["cc-a"][5] == 12000
    assert (territoires["cc-a"][2], territoires["petr-a"][2]) == (
        "Communauté de communes",
        "Pôle d'équilibre territorial et rural",
    )
    acteurs = {r[0]: r for r in book["acteurs"].iter_rows(2, values_only=True)}
    assert (acteurs["svc-mob"][2], acteurs["ademe"][2]) == ("Service", "Établissement public")
    assert acteurs["svc-mob"][4] == "Transition énergétique"
    acteurs_header = [c.value for c in book["acteurs"][1]]
    assert "Email" not in acteurs_header and "Téléphone" not in acteurs_header
    plans = list(book["plans"].iter_rows(2, values_only=True))
    assert plans[0][2] == "SCoT"
    assert (plans[0][5], plans[0][6]) == ("Volontaire", "En mise en œuvre")
    assert plans[0][9] == "1 Mobilité ; 1.1 Vélo ; 1.1.1 Pistes"
    assert plans[0][10] == 1
    assert book["plans"]["H2"].is_date


# --- CSV ----------------------------------------------------------------------------


def test_csv_for_excel_in_france(write_register: WriteRegister, tmp_path: Path) -> None:
    write_register(SMALL)
    target = tmp_path / "actions.csv"
    assert run("--format", "csv", "-o", str(target))[0] == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = actions_csv(raw.decode("utf-8-sig"), ";")
    assert len(rows) == 1 + 2
    header = rows[0]
    assert header[:3] == ["Identifiant", "Titre", "Statut"]
    a01 = dict(zip(header, rows[1], strict=True))
    assert a01["Description"] == "Première ligne ; avec point-virgule\nseconde ligne, virgule\n"
    assert a01["Gains GES (tCO2e/an)"] == "12,5"
    assert a01["Prévu 2024 (€ HT)"] == "1000,5"
    assert a01["Réalisé 2024 (€ HT)"] == "900"
    assert a01["Date de début"] == "2024-01-01"
    assert rows[2][1] == '\'=HYPERLINK("http://x")'


def test_csv_and_workbook_round_amounts_to_the_cent(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    write_register(
        {
            "actions/a-01.yaml": (
                "titre: Budget en deux lignes\nbudget:\n"
                "  - {annee: 2024, type: investissement, prevu: 100.1}\n"
                "  - {annee: 2024, type: fonctionnement, prevu: 200.2}\n"
            )
        }
    )
    assert 100.1 + 200.2 == 300.29999999999995  # what the register's lines add up to
    code, out, _ = run("--format", "csv")
    assert code == 0
    rows = actions_csv(out, ";")
    a01 = dict(zip(rows[0], rows[1], strict=True))
    assert a01["Prévu 2024 (€ HT)"] == a01["Budget prévu total (€ HT)"] == "300,3"
    target = tmp_path / "budget.xlsx"
    assert run("--format", "xlsx", "-o", str(target))[0] == 0
    sheet = openpyxl.load_workbook(target)["actions"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("Prévu 2024 (€ HT)") + 1).value == 300.3


def test_csv_comma_dialect_on_stdout(write_register: WriteRegister) -> None:
    write_register(SMALL)
    code, out, _ = run("--format", "csv", "--csv-dialect", "comma")
    assert code == 0
    assert not out.startswith("\ufeff")
    rows = actions_csv(out, ",")
    a01 = dict(zip(rows[0], rows[1], strict=True))
    assert a01["Gains GES (tCO2e/an)"] == "12.5"
    assert a01["Prévu 2024 (€ HT)"] == "1000.5"
    assert all(len(r) == len(rows[0]) for r in rows)


def test_csv_of_the_example_register_has_one_line_per_action() -> None:
    code, out, _ = run("--format", "csv", "-r", str(EXAMPLE))
    assert code == 0 and not out.startswith("\ufeff")  # no BOM on a pipe
    rows = actions_csv(out, ";")
    assert len(rows) == 1 + 54
    assert all(len(r) == len(rows[0]) for r in rows)
    assert [r[0] for r in rows[1:]] == sorted(export_json(EXAMPLE)["actions"])


# --- errors -------------------------------------------------------------------------


def test_xlsx_needs_a_file() -> None:
    code, out, err = run("--format", "xlsx", "-r", str(EXAMPLE))
    assert code == 2 and out == ""
    assert "le format xlsx s'écrit dans un fichier" in err and "--output" in err


def test_existing_output_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "registre.json"
    target.write_text("l'export d'hier\n", encoding="utf-8")
    code, _, err = run("--format", "json", "-o", str(target), "-r", str(EXAMPLE))
    assert code == 2 and "existe déjà" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "l'export d'hier\n"
    code, _, _ = run("--format", "json", "-o", str(target), "-r", str(EXAMPLE), "--force")
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "pcaet-registre"


@pytest.mark.parametrize(
    "args", [["--format", "ods"], ["--format", "csv", "--csv-dialect", "tab"], []]
)
def test_unknown_format_or_dialect_is_a_usage_error(args: list[str]) -> None:
    code, out, _ = run(*args, "-r", str(EXAMPLE))
    assert code == 2 and out == ""


def test_same_register_same_bytes(tmp_path: Path) -> None:
    first, second = (
        run("--format", "json", "-r", str(EXAMPLE)),
        run("--format", "json", "-r", str(EXAMPLE)),
    )
    assert first[1] == second[1]


def test_lateness_follows_the_reference_date(write_register: WriteRegister) -> None:
    write_register(SMALL)
    result = runner.invoke(app, ["export", "-f", "csv", "--date", "2025-06-01"])
    rows = actions_csv(result.stdout, ";")
    assert dict(zip(rows[0], rows[1], strict=True))["En retard"] == "non"
    assert date.fromisoformat(rows[1][rows[0].index("Date de fin")]) == date(2025, 12, 31)


# --- LibreOffice --------------------------------------------------------------------


@pytest.mark.slow
def test_libreoffice_reads_the_ids_and_titles_of_the_json(tmp_path: Path) -> None:
    target = tmp_path / "registre.xlsx"
    assert run("--format", "xlsx", "-o", str(target), "-r", str(EXAMPLE))[0] == 0
    libreoffice_convert(target, CSV_EVERY_SHEET, tmp_path / "out")
    text = (tmp_path / "out" / "registre-actions.csv").read_text(encoding="utf-8")
    rows = actions_csv(text, ",")
    expected = export_json(EXAMPLE)["actions"]
    assert rows[0][:2] == ["Identifiant", "Titre"]
    assert [(r[0], r[1]) for r in rows[1:]] == [(k, v["titre"]) for k, v in expected.items()]
