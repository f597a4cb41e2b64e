"""`pcaet report` as a user meets it: formats, files, errors, terminal width."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.reports import VIEWS as REPORT_VIEWS
from tests.cli.test_typography import faults
from tests.conftest import CSV_EVERY_SHEET, REPO, WriteRegister, libreoffice_convert

if TYPE_CHECKING:
    from pcaet_cli.reports.model import Report

runner = CliRunner()
COUNTED = str(REPO / "tests" / "fixtures" / "registre-compte")
VIEWS = [view for view in REPORT_VIEWS if view != "service"]
"""Every view but the page of one service, which needs an argument."""


def report(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["report", *args, "-r", COUNTED, "--date", "2026-06-15"], env={"NO_COLOR": "1"}
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("view", [*VIEWS, "service"])
def test_terminal_output_fits_100_columns_without_colour(view: str) -> None:
    args = [view, "svc-mob"] if view == "service" else [view]
    code, out, err = report(*args)
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "\x1b[" not in out


def test_markdown_for_the_minutes(snapshot: object) -> None:
    code, out, _ = report("portage", "--format", "markdown")
    assert code == 0
    assert out == snapshot


def test_json_and_xlsx_hold_the_same_numbers(tmp_path: Path) -> None:
    target = tmp_path / "charge.xlsx"
    code, _, err = report("charge", "--format", "xlsx", "--output", str(target))
    assert code == 0 and "rapport écrit" in err
    _, out, _ = report("charge", "--format", "json")
    payload = json.loads(out)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [
        "Synthèse",
        "grille",
        "personnes",
        "services_grille",
        "services",
        "alertes",
    ]
    sheet = book["personnes"]
    assert sheet.freeze_panes == "C2"  # Acteur and Nom stay in view
    header = [str(c.value) for c in sheet[1]]
    assert header == payload["tables"]["personnes"]["colonnes"]
    rounding = {"ETP demandés": 2, "ETP disponibles": 2, "Taux de charge": 3}
    for excel_row, json_row in zip(
        sheet.iter_rows(min_row=2, values_only=True),
        payload["tables"]["personnes"]["lignes"],
        strict=True,
    ):
        expected = [
            round(v, rounding[h]) if h in rounding and v is not None else v
            for h, v in ((h, json_row[h]) for h in header)
        ]
        expected[header.index("Surcharge")] = "oui" if json_row["Surcharge"] else "non"
        assert list(excel_row) == expected
    formats = {h: c.number_format for h, c in zip(header, sheet[2], strict=True)}
    assert (formats["Taux de charge"], formats["ETP demandés"], formats["Année"]) == (
        "0.0%",
        "0.00",
        "0",
    )
    grid = book["grille"]
    years = [i for i, c in enumerate(grid[1]) if str(c.value).isdigit()]
    demanded = [row[i] for row in grid.iter_rows(min_row=2) for i in years]
    assert years and {c.number_format for c in demanded if c.value is not None} == {"0.00"}


def test_csv_for_excel_in_france(tmp_path: Path) -> None:
    target = tmp_path / "portage.csv"
    assert report("portage", "--format", "csv", "--output", str(target))[0] == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Territoire", "Niveau", "Actions"]
    assert rows[1][0] == "PETR A" and rows[1][1] == "0"  # name, then its level
    assert rows[1][rows[0].index("Part portée par les acteurs")] == "0,667"  # 2/3 to 0.1 %
    code, out, _ = report("portage", "--format", "csv", "--table", "financements")
    assert code == 0 and out.splitlines()[1] == "ademe;ADEME;1;5000"  # euros: no « ,0 »
    code, _, err = report("portage", "--format", "csv", "--table", "inconnue")
    assert code == 2 and "tables : territoires, financements" in err


def test_existing_output_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "synthese.md"
    target.write_text("le compte rendu d'hier\n", encoding="utf-8")
    code, _, err = report("--format", "markdown", "--output", str(target))
    assert code == 2 and "--force" in err
    assert target.read_text(encoding="utf-8") == "le compte rendu d'hier\n"
    assert report("--format", "markdown", "--output", str(target), "--force")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# Synthèse")


def test_xlsx_needs_a_file() -> None:
    code, out, err = report("--format", "xlsx")
    assert code == 2 and out == "" and "--output" in err


def test_report_runs_on_what_loaded_and_says_what_was_left_out(
    write_register: WriteRegister,
) -> None:
    write_register(
        {
            "actions/a-01.yaml": "titre: Bonne action\n",
            "actions/a-02.yaml": "titre: [cassée\n",
            "acteurs/x.yaml": "nom: Sans type\n",
        }
    )
    result = runner.invoke(app, ["report", "--format", "json"])
    assert result.exit_code == 0
    assert "2 fichiers du registre laissés de côté" in result.stderr
    assert "pcaet lint" in result.stderr
    lines = json.loads(result.stdout)["tables"]["chiffres_cles"]["lignes"]
    assert lines[0] == {"Indicateur": "Actions", "Valeur": "1", "Détail": "pcaet report avancement"}


def test_user_text_cannot_become_a_spreadsheet_formula(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    write_register({"actions/a-01.yaml": 'titre: "=HYPERLINK(\\"http://x\\")"\n'})
    target = tmp_path / "qfq.xlsx"
    result = runner.invoke(app, ["report", "avancement", "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0
    result = runner.invoke(
        app, ["report", "qui-fait-quoi", "--format", "xlsx", "-o", str(tmp_path / "b.xlsx")]
    )
    sheet = openpyxl.load_workbook(tmp_path / "b.xlsx")["actions"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("Titre") + 1).value == '\'=HYPERLINK("http://x")'


@pytest.mark.slow
def test_libreoffice_opens_the_workbook_with_the_json_numbers(tmp_path: Path) -> None:
    target = tmp_path / "portage.xlsx"
    assert report("portage", "--format", "xlsx", "--output", str(target))[0] == 0
    libreoffice_convert(target, CSV_EVERY_SHEET, tmp_path / "out")
    sheet = tmp_path / "out" / "portage-territoires.csv"
    rows = list(csv.reader(sheet.read_text(encoding="utf-8").splitlines()))
    _, out, _ = report("portage", "--format", "json")
    expected = json.loads(out)["tables"]["territoires"]["lignes"]
    assert rows[0] == json.loads(out)["tables"]["territoires"]["colonnes"]
    header = rows[0]
    for row, want in zip(rows[1:], expected, strict=True):
        cells = dict(zip(header, row, strict=True))
        assert cells["Territoire"] == want["Territoire"]
        assert int(cells["Actions"]) == want["Actions"]
        assert int(cells["Niveau"]) == want["Niveau"]
        # Shares are stored as numbers with a percent format: LibreOffice shows 66.7%.
        share = want["Part portée par les acteurs"]
        assert cells["Part portée par les acteurs"] == f"{100 * share:.1f}%"


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("output_format", ["table", "json", "markdown"])
def test_every_view_runs_on_a_nearly_empty_register(
    write_register: WriteRegister, view: str, output_format: str
) -> None:
    write_register({"actions/a-01.yaml": "titre: Seule action\n"})
    result = runner.invoke(app, ["report", view, "--format", output_format])
    assert result.exit_code == 0, result.exception
    assert result.stderr == ""


EXAMPLE = REPO / "register"


@functools.cache
def _example_words() -> set[str]:
    """Every word a person reads of the example register: names, titles, identifiers."""
    from pcaet_cli.register.index import RegisterIndex
    from pcaet_cli.register.loader import load_register

    index = RegisterIndex.build(load_register(EXAMPLE).documents)
    texts: list[str] = []
    for doc, action in index.iter_actions():
        texts += [doc.id, action.titre]
    for doc, actor in index.iter_acteurs():
        texts += [doc.id, actor.nom]
    for doc, territory in index.iter_territoires():
        texts += [doc.id, territory.nom]
    for doc, plan in index.iter_plans():
        texts += [doc.id, plan.nom]
    texts += ["28\u202f722\u202f000\u00a0€", "45\u202f937\u202f000\u00a0€\u00a0HT"]
    return {w for text in texts for w in text.split(" ") if len(w) > 1}


def _split_words(out: str, known: set[str]) -> list[str]:
    """Words of the data found only in two pieces on the screen (« Communaut » « é »)."""
    tokens = {t for line in out.splitlines() for t in line.split(" ") if t}
    return [
        word
        for word in known - tokens
        for k in range(1, len(word))
        if word[:k].rstrip("\u202f\u00a0") in tokens
        and word[k:].lstrip("\u202f\u00a0") in tokens
        and len(word[:k]) > 1
        and not word.isdigit()  # a year: « 20 » and « 30 » are on screen for other reasons
    ]


def example(*args: str, columns: int) -> str:
    result = runner.invoke(
        app,
        ["report", *args, "-r", str(EXAMPLE), "--date", "2026-11-29"],
        env={"NO_COLOR": "1", "COLUMNS": str(columns)},
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # every file of the example loads
    return result.stdout


@pytest.mark.parametrize("view", [*VIEWS, "service"])
def test_every_view_at_80_columns_splits_no_word(view: str) -> None:
    args = [view, "Service mobilités"] if view == "service" else [view]
    out = example(*args, columns=80)
    assert max(len(line) for line in out.splitlines()) <= 80
    assert _split_words(out, _example_words()) == []
    assert faults(out) == []  # French typography (tests/cli/test_typography.py)


def test_the_split_check_sees_a_split() -> None:
    assert _split_words("Communaut\né de communes", {"Communauté"}) == ["Communauté"]
    assert _split_words("45\u202f937\n000\u00a0€", {"45\u202f937\u202f000\u00a0€"}) != []


@functools.cache
def _example_report(view: str) -> Report:
    """The example's report of `view`, built once for the three widths it is drawn at."""
    from pcaet_cli.register.index import RegisterIndex
    from pcaet_cli.register.loader import load_register
    from pcaet_cli.reports import ReportOptions, build_report

    index = RegisterIndex.build(load_register(EXAMPLE).documents)
    return build_report(view, index, ReportOptions(today=date(2026, 11, 29)))


@pytest.mark.parametrize("columns", [80, 100, 140])
@pytest.mark.parametrize("view", ["qui-fait-quoi", "charge", "couverture"])
def test_officer_screens_at_three_widths(view: str, columns: int, snapshot: object) -> None:
    from rich.console import Console

    from pcaet_cli.render.report import to_terminal

    result = _example_report(view)
    console = Console(width=columns, record=True, no_color=True, file=io.StringIO())
    to_terminal.render(result, console)
    out = console.export_text()
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert _split_words(out, _example_words()) == []
    tokens = {t for line in lines for t in line.split(" ")}
    names = {"qui-fait-quoi": ("Thomas ROUSSEL", "Service mobilités", "Sylvie ANDRIEU")}
    for name in names.get(view, ()):
        assert all(word in tokens for word in name.split(" "))
    if view == "qui-fait-quoi":
        # Each service once: its heading is the body it belongs to, never itself.
        assert sum(line.strip() == "Service mobilités" for line in lines) <= 2  # matrix + key
        assert "Rp" in tokens and "P\u00a0pilote" in out
    if view == "couverture":
        assert "Saint-Aubin-des-Brumes" in tokens and "1°" in tokens
    assert out == snapshot


def test_overload_is_a_sign_not_only_a_colour() -> None:
    code, out, _ = report("charge")
    assert code == 0
    paul = next(line for line in out.splitlines() if line.startswith("Paul RELAIS"))
    assert paul.split() == ["Paul", "RELAIS", "0,2", "0,1", "0,25", "▲", "—"]
    code, md, _ = report("charge", "--format", "markdown")
    assert "0,25 ▲" in md and "▲ surcharge" in md


def test_unknown_name_exits_2_with_close_names() -> None:
    code, _, err = report("qui-fait-quoi", "--personne", "Paul RELAY")
    assert code == 2 and "vouliez-vous dire « p-paul » (Paul RELAIS) ?" in err


def test_articulation_names_actions_and_plan_types_in_words() -> None:
    from tests.conftest import EXAMPLE

    result = runner.invoke(
        app, ["report", "articulation", "-r", str(EXAMPLE), "-f", "json"], env={"NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.stderr
    tables = json.loads(result.stdout)["tables"]
    matrix = tables["matrice"]
    assert matrix["colonnes"][:3] == ["Action", "Titre", "Plans"]
    first = matrix["lignes"][0]
    assert first["Action"] == "adapt-01"
    assert (
        first["Titre"] == "Cours d'école « oasis » : désimperméabiliser et végétaliser à Brumeval"
    )
    types = {row["Plan"]: row["Type"] for row in tables["parts"]["lignes"]}
    assert types["projet-territoire-vdb"] == "Projet de territoire"
    assert types["crte-brume"] == "CRTE"
    single = tables["un_seul_plan"]
    assert single["colonnes"] == ["Action", "Titre", "Plan"]
    assert {row["Action"]: row["Titre"] for row in single["lignes"]}["gouv-01"] == (
        "Animation du PCAET : comité de pilotage, réseau des relais et suivi"
    )


def test_the_page_of_a_service_names_domains_in_words() -> None:
    from tests.conftest import EXAMPLE

    result = runner.invoke(
        app,
        ["report", "service", "vdb-svc-mobilite", "-r", str(EXAMPLE), "-f", "markdown"],
        env={"NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.stderr
    assert "Gaz à effet de serre (7)" in result.stdout
    assert "ges (" not in result.stdout and "reseaux_energie" not in result.stdout


def test_a_table_reads_the_same_on_screen_in_a_file_and_in_colour(tmp_path: Path) -> None:
    # Three consoles: a pipe (lines written at once), a file (rich records them) and a
    # colour terminal (rich styles them). The table's lines are the same in all three.
    row = "Paul RELAIS         0,2   0,1  0,25 ▲     —"
    result = runner.invoke(
        app,
        ["report", "charge", "-r", COUNTED, "--date", "2026-06-15"],
        env={"NO_COLOR": "1", "COLUMNS": "100"},
    )
    assert row in result.stdout.splitlines()
    target = tmp_path / "charge.txt"
    assert report("charge", "--output", str(target))[0] == 0
    assert row in target.read_text(encoding="utf-8").splitlines()
    colour = runner.invoke(
        app,
        ["report", "charge", "-r", COUNTED, "--date", "2026-06-15"],
        env={"FORCE_COLOR": "1", "COLUMNS": "100", "NO_COLOR": ""},
        color=True,
    )
    # The table's section rows are bold there, and the text is the same once unstyled.
    (section,) = [line for line in colour.stdout.splitlines() if "─ Service mobilités" in line]
    assert "\x1b[1m" in section
    assert row in re.sub(r"\x1b\[[0-9;]*m", "", colour.stdout).splitlines()
