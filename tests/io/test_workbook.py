"""The workbooks of `pcaet report` and `pcaet export` as a DGS opens them: the numbers of
the JSON report rounded to what they mean (shares to 0.1 %, euros to the cent, ETP to the
hundredth) in every sheet and every CSV, a first sheet « Synthèse » with the key figures
and two charts drawn from its cells, and LibreOffice opening the file as written."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.chart import BarChart
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import load_register
from pcaet_cli.render.report import to_csv, to_json
from pcaet_cli.reports import VIEWS, ReportOptions, build_report
from pcaet_cli.reports.model import Table
from tests.conftest import EXAMPLE, REPO, libreoffice_convert

runner = CliRunner()
COUNTED = REPO / "tests" / "fixtures" / "registre-compte"
TODAY = "2026-06-15"
EURO = '#,##0\\ "€"'


def cli(*args: str) -> str:
    result = runner.invoke(app, [*args, "--date", TODAY])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def view_args(view: str) -> list[str]:
    return [view, "svc-mob"] if view == "service" else [view]


def expected(table: Table, header: str, value: float) -> float:
    """A number of the JSON report as the files hold it, by the rules people read in
    them: shares to 0.1 %, euros to the cent, ETP to the hundredth, other decimals
    without the noise of binary arithmetic (0.30000000000000004 is 0.3)."""
    if header in table.percent:
        return round(value, 3)
    if "€" in header or "ETP" in header or table.kinds.get(header) == "etp":
        return round(value, 2)
    return float(f"{value:.12g}")


def assert_cell(table: Table, header: str, want: Any, got: Any) -> bool:
    """`got`, a cell of a file, holds `want`, a value of the JSON report; True for a
    number (the figures the test is about)."""
    if isinstance(want, bool):
        assert got == ("oui" if want else "non"), header
        return False
    if isinstance(want, int | float):
        assert got == expected(table, header, want), (header, want, got)
        return True
    if isinstance(want, str) and isinstance(got, datetime):
        assert got == datetime.fromisoformat(want), header
    return False


def csv_value(text: str) -> Any:
    """A cell of the excel-fr CSV: a number with a decimal comma, or text."""
    try:
        return float(text.replace(",", ".")) if "," in text else int(text)
    except ValueError:
        return text


@pytest.fixture(scope="module")
def index() -> RegisterIndex:
    return RegisterIndex.build(load_register(COUNTED).documents)


@pytest.mark.parametrize("view", [*VIEWS])
def test_every_sheet_and_csv_holds_the_json_numbers_rounded(
    view: str, index: RegisterIndex, tmp_path: Path
) -> None:
    args = view_args(view)
    # The tables themselves say which columns hold shares (`percent`) or ETP (`kinds`);
    # the JSON comes from the command's writer (test_report_cli.py runs the command).
    service = "svc-mob" if view == "service" else None
    report = build_report(view, index, ReportOptions(today=date(2026, 6, 15), service=service))
    payload = json.loads(to_json.render(report))
    target = tmp_path / "rapport.xlsx"
    cli("report", *args, "-r", str(COUNTED), "-f", "xlsx", "-o", str(target))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "Synthèse"
    # Each table's CSV as the command writes it: the command itself writes the first
    # (its default), the same text (Click's runner shows its CRLF as LF), and each other
    # table as --table would (tests/cli/test_report_cli.py runs that option).
    texts = {t.name: to_csv.render(report, t.name, to_file=False) for t in report.tables}
    first = cli("report", *args, "-r", str(COUNTED), "-f", "csv")
    assert first == texts[report.tables[0].name].replace("\r\n", "\n")
    numbers = rounded_away = 0
    for table in report.tables:
        lines = payload["tables"][table.name]["lignes"]
        headers = payload["tables"][table.name]["colonnes"]
        if view != "synthese":  # the synthesis's table is its summary sheet
            sheet = book[table.name]
            assert [c.value for c in sheet[1]] == headers
            rows = list(sheet.iter_rows(min_row=2, values_only=True))
            assert len(rows) == len(lines)
            for row, line in zip(rows, lines, strict=True):
                for header, got in zip(headers, row, strict=True):
                    numbers += assert_cell(table, header, line[header], got)
        parsed = list(csv.reader(io.StringIO(texts[table.name]), delimiter=";"))
        assert parsed[0] == headers and len(parsed) == 1 + len(lines)
        for row_text, line in zip(parsed[1:], lines, strict=True):
            for header, cell in zip(headers, row_text, strict=True):
                want = line[header]
                if isinstance(want, int | float) and not isinstance(want, bool):
                    assert csv_value(cell) == expected(table, header, want), (header, cell)
                    rounded_away += expected(table, header, want) != want
                elif want is None:
                    assert cell == ""
    if view in ("portage", "avancement", "declencheurs", "articulation"):
        # Shares such as 1/3 are there: the files hold 0.333, not 0.3333333333333333.
        assert rounded_away > 0
    if view not in ("synthese", "organisation", "service"):
        assert numbers > 0


def test_summary_sheet_gives_the_synthesis_and_draws_its_charts(tmp_path: Path) -> None:
    target = tmp_path / "registre.xlsx"
    cli("export", "-r", str(EXAMPLE), "-f", "xlsx", "-o", str(target))
    synthese = json.loads(cli("report", "-r", str(EXAMPLE), "-f", "json"))
    avancement = json.loads(cli("report", "avancement", "-r", str(EXAMPLE), "-f", "json"))
    book = openpyxl.load_workbook(target)
    sheet = book["Synthèse"]
    assert isinstance(sheet, Worksheet)
    assert book.sheetnames.index("Synthèse") == 0
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert cells[0][0] == "Synthèse — Pays de Brume"

    def block(title: str) -> tuple[int, list[list[Any]]]:
        """The header row number and the rows of the block under `title`."""
        top = next(n for n, r in enumerate(cells) if r[0] == title) + 1
        end = next((n for n in range(top, len(cells)) if cells[n][0] is None), len(cells))
        return top + 1, cells[top:end]

    _, figures = block("Chiffres clés")
    assert figures[0][:3] == ["Indicateur", "Valeur", "Détail"]
    assert [r[:3] for r in figures[1:]] == [
        [line["Indicateur"], line["Valeur"], line["Détail"]]
        for line in synthese["tables"]["chiffres_cles"]["lignes"]
    ]

    statuses_top, statuses = block("Actions par statut")
    assert [r[:3] for r in statuses[1:]] == [
        [line["Statut"], line["Actions"], round(line["Part"], 3)]
        for line in avancement["tables"]["statuts"]["lignes"]
    ]
    assert sheet.cell(row=statuses_top + 1, column=3).number_format == "0.0%"

    budget_top, budget = block("Budget prévu et réalisé par année")
    assert budget[0] == ["Année", "Prévu (€ HT)", "Réalisé (€ HT)", "Taux de réalisation"]
    by_year: dict[Any, list[float]] = {}
    for line in avancement["tables"]["budget"]["lignes"]:
        year = line["Année"] if line["Année"] == "pluriannuel" else int(line["Année"])
        sums = by_year.setdefault(year, [0.0, 0.0])
        sums[0] += line["Prévu (€ HT)"]
        sums[1] += line["Réalisé (€ HT)"]
    shown = {r[0]: r[1:3] for r in budget[1:]}
    assert list(shown) == list(by_year)
    for year, (planned, spent) in by_year.items():
        assert shown[year][0] == round(planned, 2)
        assert (shown[year][1] or 0) == round(spent, 2)  # no line spent: empty, not 0 €
    assert sheet.cell(row=budget_top + 1, column=1).number_format == "0"  # « 2024 »
    assert sheet.cell(row=budget_top + 1, column=2).number_format == EURO
    # The figures of the summary's budget are the key figure's total.
    total = sum(planned for planned, _ in by_year.values())
    assert f"{int(total):,}".replace(",", "\u202f") in figures[-2][1]

    charts = vars(sheet)["_charts"]  # openpyxl reads them back, privately
    assert [type(c) for c in charts] == [BarChart, BarChart]
    bars, columns = charts
    assert bars.type == "bar" and columns.type == "col"
    # Drawn from the sheet's own cells: the counts of the statuses, the two budget columns.
    first, last = statuses_top + 1, statuses_top + len(statuses) - 1
    assert [s.val.numRef.f for s in bars.series] == [f"'Synthèse'!$B${first}:$B${last}"]
    first, last = budget_top + 1, budget_top + len(budget) - 1
    assert [s.val.numRef.f for s in columns.series] == [
        f"'Synthèse'!$B${first}:$B${last}",
        f"'Synthèse'!$C${first}:$C${last}",
    ]
    assert columns.y_axis.number_format.formatCode == EURO
    assert sheet.page_setup.orientation == "landscape"


def test_an_import_reads_the_table_after_the_summary(tmp_path: Path) -> None:
    target = tmp_path / "registre.xlsx"
    cli("export", "-r", str(COUNTED), "-f", "xlsx", "-o", str(target))
    mapping = runner.invoke(app, ["import", str(target), "--modele-mapping"]).stdout
    assert '"Titre" = "titre"' in mapping and '"Statut" = "statut"' in mapping
    assert '"Indicateur" =' not in mapping  # the summary's first header
    assert '"Identifiant" = ""' in mapping  # the actions' first header, no field


def test_the_export_of_a_national_register_can_come_back(tmp_path: Path) -> None:
    # The example's actions are fuller than most; its workbook, fixed parts included,
    # scaled to ADEME's 10 000 actions must stay within what an import reads.
    from pcaet_cli.io.limits import MAX_ARCHIVE_BYTES

    target = tmp_path / "registre.xlsx"
    cli("export", "-r", str(EXAMPLE), "-f", "xlsx", "-o", str(target))
    with zipfile.ZipFile(target) as archive:
        inflated = sum(entry.file_size for entry in archive.infolist())
    actions = len(list((EXAMPLE / "actions").glob("*.yaml")))
    assert inflated / actions * 10_000 <= MAX_ARCHIVE_BYTES


@pytest.mark.slow
def test_libreoffice_opens_the_workbook_and_keeps_its_layout(tmp_path: Path) -> None:
    """Saved as .ods by LibreOffice then back as .xlsx: nothing to repair (the
    conversions succeed), and the formats, the print setup and the charts survive."""
    target = tmp_path / "registre.xlsx"
    cli("export", "-r", str(EXAMPLE), "-f", "xlsx", "-o", str(target))
    libreoffice_convert(target, "ods", tmp_path / "ods")
    ods = tmp_path / "ods" / "registre.ods"
    with zipfile.ZipFile(ods) as archive:
        charts = [n for n in archive.namelist() if n.startswith("Object ") and "content" in n]
    assert len(charts) == 2
    libreoffice_convert(ods, "xlsx", tmp_path / "back")
    book = openpyxl.load_workbook(tmp_path / "back" / "registre.xlsx")
    # The stamps of `pcaet collecte integrer` come back hidden, with every sheet.
    assert book.sheetnames == [
        "Synthèse",
        "actions",
        "acteurs",
        "territoires",
        "plans",
        "qui_fait_quoi",
        "_pcaet",
    ]
    assert book["_pcaet"].sheet_state == "hidden"
    summary_sheet = book["Synthèse"]
    assert isinstance(summary_sheet, Worksheet) and len(vars(summary_sheet)["_charts"]) == 2
    for sheet in book.worksheets:
        if sheet.sheet_state == "hidden":
            continue
        setup = sheet.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
        assert sheet.oddHeader is not None and sheet.oddHeader.left.text == "Pays de Brume"
    actions = book["actions"]
    assert actions.print_title_rows == "$1:$1"
    header = [c.value for c in actions[1]]
    row: dict[Any, Any] = dict(zip(header, actions[2], strict=True))
    assert row["Date de début"].is_date and row["Date de début"].number_format == "dd/mm/yyyy"
    assert "€" in row["Budget prévu total (€ HT)"].number_format
    assert row["Description"].alignment.wrap_text
    # What LibreOffice shows of a share: one decimal, from the percent format.
    libreoffice_convert(
        tmp_path / "back" / "registre.xlsx",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,1",
        tmp_path / "csv",
    )
    summary = tmp_path / "csv" / "registre-Synthèse.csv"
    shown = list(csv.reader(summary.open(encoding="utf-8")))
    avancement = json.loads(cli("report", "avancement", "-r", str(EXAMPLE), "-f", "json"))
    want = next(r for r in avancement["tables"]["statuts"]["lignes"] if r["Statut"] == "En cours")
    (line,) = [r for r in shown if r and r[0] == "En cours"]
    assert line[1:3] == [str(want["Actions"]), f"{100 * want['Part']:.1f}%"]  # 64.8%


def test_rows_of_long_texts_are_as_tall_as_their_lines(tmp_path: Path) -> None:
    # LibreOffice does not grow a row to its wrapped text: the file says the height.
    output = tmp_path / "registre.xlsx"
    result = CliRunner().invoke(
        app, ["export", "-r", str(EXAMPLE), "-f", "xlsx", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(output)["actions"]
    headers = [c.value for c in sheet[1]]
    description = headers.index("Description") + 1
    for row in range(2, sheet.max_row + 1):
        text = str(sheet.cell(row=row, column=description).value or "")
        height = sheet.row_dimensions[row].height
        if len(text) > 200:  # several lines at the widest column width
            assert height is not None and height >= 15 * 3, (row, height)
        assert height is None or height <= 15 * 12, (row, height)
