"""Hostile files given to `pcaet import`: each is refused with one French line naming the
file and the limit (exit 2), or imported with the bad value reported on its row, never
with an internal error, in bounded time and memory.

The payloads are built here and stay small on disk: archives are written compressed,
never as the content they inflate to. The heavy cases run in a child process capped at
MEMORY_LIMIT of address space and TIMEOUT seconds, forked from a server that has
imported pcaet once (tests/security/bounded.py), with its peak memory.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import zipfile
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from pcaet_cli.cli import app
from pcaet_cli.errors import PcaetError
from pcaet_cli.french import number
from pcaet_cli.io.limits import (
    MAX_ARCHIVE_BYTES,
    MAX_FIELD_CHARS,
    MAX_JSON_DEPTH,
    MAX_JSON_VALUES,
    MAX_ROWS,
    MAX_TEXT_BYTES,
    megabytes,
)
from tests.security.bounded import Run, run_bounded

MEMORY_LIMIT = 1536 * 2**20
TIMEOUT = 60
PEAK_MB = 300
"""What a refused or bounded import may use at most: the interpreter and openpyxl
alone take about 90 Mo; the unbounded readers took gigabytes."""

runner = CliRunner()

# ------------------------------------------------------------------------------ harness


def bounded(code: str, *args: str) -> Run:
    """`code` run in a child process limited to MEMORY_LIMIT and TIMEOUT, with `args` as
    its command line; with its duration and peak resident memory."""
    return run_bounded(code, list(args), limit=MEMORY_LIMIT, timeout=TIMEOUT)


def pcaet_bounded(*args: str) -> Run:
    """`pcaet import *args` in a bounded child process."""
    return bounded("from pcaet_cli.cli import main\nmain()", "import", *args)


def assert_refused(code: int, stderr: str, path: Path, *words: str) -> None:
    """Exit 2 and one French line on stderr naming the file and the limit."""
    assert code == 2, stderr
    assert "erreur interne" not in stderr and "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("pcaet : ")]
    assert len(lines) == 1 and lines[0].startswith("pcaet : erreur : "), stderr
    assert path.name in lines[0], lines[0]
    for word in words:
        assert word in lines[0], lines[0]


def assert_bounded(run: Run) -> None:
    assert run.seconds < TIMEOUT
    assert run.peak_mb < PEAK_MB, f"{run.peak_mb:.0f} Mo"


def test_the_harness_sees_memory_and_stops_a_runaway() -> None:
    # The bounds of the cases below can fail: a child that holds 600 Mo reports it, and
    # one that asks for more than MEMORY_LIMIT is stopped.
    held = bounded("data = b'x' * (600 * 2**20)")
    assert held.code == 0 and held.peak_mb >= 600
    runaway = bounded(f"data = b'x' * {2 * MEMORY_LIMIT}")
    assert runaway.code != 0 and "MemoryError" in runaway.stderr


def invoke(*args: str) -> Result:
    result = runner.invoke(app, ["import", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "erreur interne" not in result.stderr
    return result


def report_lines(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    lines: list[dict[str, Any]] = json.loads(result.stdout)["lignes"]
    return lines


# ---------------------------------------------------------------------------- workbooks

# In the template's order (TeT refuses columns out of order); « Notes » is one of the
# columns copies carry after the template's 28.
TET_HEADERS = ["Axe (x)", "Titre de l'action", "Date de début", "Notes"]


def tet_workbook(path: Path, dates: list[Any] | None = None) -> Path:
    """A small Territoires en Transitions workbook: headers on row 2, actions from 4."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Plan d'actions"])
    sheet.append(TET_HEADERS)
    sheet.append([])
    for n, when in enumerate(dates or [date(2024, 3, 1), None], start=1):
        sheet.append(["1. Mobilité", f"Action {n}", when])
    book.save(path)
    return path


def rewrite(path: Path, name: str, edit: Callable[[str], str]) -> None:
    """Rewrite one XML entry of an archive, as a forger would."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, data in entries:
            if filename == name:
                data = edit(data.decode("utf-8")).encode("utf-8")
            archive.writestr(filename, data)


def far_cell(reference: str) -> Callable[[str], str]:
    """A sheet that declares the whole grid and holds one cell at `reference`."""

    def edit(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', xml)
        row = re.sub(r"\D", "", reference)
        cell = f'<c r="{reference}" t="inlineStr"><is><t>loin</t></is></c>'
        return xml.replace("</sheetData>", f'<row r="{row}">{cell}</row></sheetData>')

    return edit


def test_forged_dimension_and_far_cell_do_not_allocate_the_grid(tmp_path: Path) -> None:
    # 23.8 Go before: every row was padded to the 16 384 columns the file declared.
    source = tet_workbook(tmp_path / "classeur.xlsx")
    rewrite(source, "xl/worksheets/sheet1.xml", far_cell("XFD1048576"))
    assert source.stat().st_size < 10_000
    run = pcaet_bounded(str(source), "--dry-run")
    assert run.code == 0, run.stderr
    assert "ligne 4 : créée" in run.stdout and "ligne 5 : créée" in run.stdout
    assert_bounded(run)


def test_a_filled_row_past_the_row_limit_is_refused(tmp_path: Path) -> None:
    source = tet_workbook(tmp_path / "classeur.xlsx")
    rewrite(source, "xl/worksheets/sheet1.xml", far_cell("A1048576"))
    run = pcaet_bounded(str(source), "--dry-run")
    assert_refused(
        run.code,
        run.stderr,
        source,
        f"plus de {number(MAX_ROWS, 0)} lignes remplies",
        "limite de sécurité",
        "découpez",
    )
    assert_bounded(run)


def test_a_row_past_the_last_row_of_a_spreadsheet_is_refused(tmp_path: Path) -> None:
    source = tet_workbook(tmp_path / "classeur.xlsx")
    rewrite(source, "xl/worksheets/sheet1.xml", far_cell("A99999999"))
    run = pcaet_bounded(str(source), "--dry-run")
    assert_refused(run.code, run.stderr, source, "maximum d'un tableur")
    assert_bounded(run)


@functools.cache
def _zeros_blocks() -> tuple[bytes, bytes]:
    """One Mo of zeros deflated then fully flushed (byte-aligned, history reset), and the
    stream's closing block: the first block repeated n times, then the closing one, is a
    valid stream of n Mo of zeros."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_RLE)
    block = compressor.compress(bytes(2**20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block, compressor.flush()


class _RepeatedZeros:
    """A compressor for zipfile that gives each Mo of zeros its deflated block at once
    (deflating hundreds of Mo again for each test took seconds)."""

    def compress(self, data: bytes) -> bytes:
        assert data == bytes(len(data)) and len(data) == 2**20
        return _zeros_blocks()[0]

    def flush(self) -> bytes:
        return _zeros_blocks()[1]


def zeros_entry(archive: zipfile.ZipFile, name: str, size_mb: int) -> None:
    """An entry of `size_mb` Mo of zeros, written compressed chunk by chunk (its sizes fit
    the central directory's 32-bit fields, which `declare_size` rewrites)."""
    chunk = bytes(2**20)
    assert archive.compression == zipfile.ZIP_DEFLATED
    with archive.open(name, "w") as entry:
        entry._compressor = _RepeatedZeros()  # type: ignore[attr-defined]
        for _ in range(size_mb):
            entry.write(chunk)


def ods_file(path: Path, table: str) -> Path:
    """A minimal .ods: its mimetype and a content.xml holding one sheet."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        '<office:body><office:spreadsheet><table:table table:name="Plan">'
        f"{table}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def cell(value: str = "", repeat: int = 1, attributes: str = "") -> str:
    if repeat > 1:
        attributes += f' table:number-columns-repeated="{repeat}"'
    text = f"<text:p>{value}</text:p>" if value else ""
    return f"<table:table-cell {attributes}>{text}</table:table-cell>"


def text_cell(value: str) -> str:
    return cell(value, attributes='office:value-type="string"')


def ods_row(*cells: str, repeat: int = 1) -> str:
    attrs = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{attrs}>{''.join(cells)}</table:table-row>"


def tet_ods_rows(*dates: str) -> str:
    """The rows of a Territoires en Transitions plan in .ods."""
    rows = [ods_row(text_cell("Plan d'actions")), ods_row(*map(text_cell, TET_HEADERS))]
    rows.append(ods_row())
    for n, when in enumerate(dates or ("2024-03-01",), start=1):
        day = cell(when, attributes=f'office:value-type="date" office:date-value="{when}"')
        rows.append(ods_row(text_cell("1. Mobilité"), text_cell(f"Action {n}"), day))
    return "".join(rows)


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_zip_bomb_is_refused_before_inflating(tmp_path: Path, suffix: str) -> None:
    # 400 Mo of zeros in half a megabyte: the archive says so before anything inflates it.
    source = tmp_path / f"classeur{suffix}"
    if suffix == ".xlsx":
        tet_workbook(source)
    else:
        ods_file(source, tet_ods_rows())
    with zipfile.ZipFile(source, "a", zipfile.ZIP_DEFLATED) as archive:
        zeros_entry(archive, "xl/media/image1.png" if suffix == ".xlsx" else "Pictures/1.png", 400)
    assert source.stat().st_size < 1_000_000
    run = pcaet_bounded(str(source), "--dry-run")
    assert_refused(
        run.code,
        run.stderr,
        source,
        f"se décompresse en plus de {megabytes(MAX_ARCHIVE_BYTES)}",
        "limite de sécurité",
        "découpez",
    )
    assert_bounded(run)
    assert run.seconds < 10


def test_entry_compressed_like_a_bomb_is_refused(tmp_path: Path) -> None:
    # Within the total, 20 Mo of zeros compress a thousandfold: no office suite does that.
    source = tet_workbook(tmp_path / "classeur.xlsx")
    with zipfile.ZipFile(source, "a", zipfile.ZIP_DEFLATED) as archive:
        zeros_entry(archive, "xl/media/image1.png", 20)
    result = invoke(str(source), "--dry-run")
    assert_refused(
        result.exit_code,
        result.stderr,
        source,
        "xl/media/image1.png",
        "fois plus gros",
        "limite de sécurité",
    )


def declare_size(path: Path, name: str, size: int) -> None:
    """Overwrite the uncompressed size the central directory gives for `name`."""
    raw = bytearray(path.read_bytes())
    record = raw.find(b"PK\x01\x02")
    while raw[record + 46 : record + 46 + len(name)] != name.encode():
        record = raw.find(b"PK\x01\x02", record + 4)
        assert record >= 0, name
    raw[record + 24 : record + 28] = size.to_bytes(4, "little")
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("entry", ["xl/worksheets/sheet1.xml", "xl/styles.xml"])
def test_entry_lying_about_its_size_costs_what_it_declares(tmp_path: Path, entry: str) -> None:
    # An entry declared at 1 000 octets that inflates to 500 Mo: zipfile stops at the
    # declared size, and openpyxl's whole-entry reads (styles) no longer inflate it all
    # in memory first (500 Mo more before).
    source = tet_workbook(tmp_path / "classeur.xlsx")
    with zipfile.ZipFile(source) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            if name == entry:
                zeros_entry(archive, name, 500)
            else:
                archive.writestr(name, data)
    declare_size(source, entry, 1000)
    run = pcaet_bounded(str(source), "--dry-run")
    assert_refused(run.code, run.stderr, source, "illisible")
    assert_bounded(run)


def test_entry_compressed_without_bound_is_refused(tmp_path: Path) -> None:
    # zipfile inflates bzip2 whatever size is asked of it; no office suite writes it.
    source = tet_workbook(tmp_path / "classeur.xlsx")
    with zipfile.ZipFile(source, "a", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/media/image1.png", bytes(1000))
    result = invoke(str(source), "--dry-run")
    assert_refused(result.exit_code, result.stderr, source, "xl/media/image1.png", "compressé")


@pytest.mark.parametrize(
    ("name", "head", "limit"),
    [
        ("classeur.xlsx", b"PK", MAX_ARCHIVE_BYTES),
        ("programme.json", b"[", MAX_TEXT_BYTES),
        ("Fiches_Action.csv", b"Id_action;Id_demarche\n", MAX_TEXT_BYTES),
    ],
)
def test_file_over_its_size_limit_is_refused_unread(
    tmp_path: Path, name: str, head: bytes, limit: int
) -> None:
    source = tmp_path / name
    with source.open("wb") as handle:
        handle.write(head)
        handle.truncate(limit + 1)  # sparse: nothing is written past the head
    result = invoke(str(source), "--dry-run")
    assert_refused(
        result.exit_code,
        result.stderr,
        source,
        f"pèse plus de {megabytes(limit)}",
        "limite de sécurité",
    )


def test_archive_with_too_many_entries_is_refused(tmp_path: Path) -> None:
    source = tet_workbook(tmp_path / "classeur.xlsx")
    with zipfile.ZipFile(source, "a") as archive:
        for n in range(10_001):
            archive.writestr(f"xl/vide/{n}.xml", b"")
    result = invoke(str(source), "--dry-run")
    assert_refused(result.exit_code, result.stderr, source, "fichiers", "limite de sécurité")


def test_archive_entry_outside_the_workbook_is_refused(tmp_path: Path) -> None:
    source = tet_workbook(tmp_path / "classeur.xlsx")
    with zipfile.ZipFile(source, "a") as archive:
        archive.writestr("../../hors.xml", b"<x/>")
    result = invoke(str(source), "--dry-run")
    assert_refused(result.exit_code, result.stderr, source, "../../hors.xml", "réenregistrez")


# Nine levels of ten references to a 1 000-character entity: 10¹² characters expanded.
LAUGHS = (
    '<!DOCTYPE x [<!ENTITY a "'
    + "A" * 1000
    + '">'
    + "".join(
        f'<!ENTITY {c} "{f"&{p};" * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "]>"
)


def with_doctype(encoding: str = "utf-8", before: str = "") -> Callable[[str], str]:
    """A part that declares `LAUGHS` after its XML declaration and `before`, and uses
    the last entity where the sheet's first action title was."""

    def edit(xml: str) -> str:
        body = re.sub(r"^<\?xml[^>]*\?>", "", xml).replace("Action 1", "&i;")
        return f'<?xml version="1.0" encoding="{encoding}"?>{before}{LAUGHS}{body}'

    return edit


@pytest.mark.parametrize(
    "entry",
    [
        "xl/worksheets/sheet1.xml",
        "xl/styles.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
    ],
)
def test_a_document_type_in_any_part_is_refused_unexpanded(tmp_path: Path, entry: str) -> None:
    # With lxml installed openpyxl reads every part but the sheets with it, which leaves
    # entities unexpanded where defusedxml refused them: the archive check refuses a
    # document type in any part before either parser sees it.
    source = tet_workbook(tmp_path / "classeur.xlsx")
    rewrite(source, entry, with_doctype())
    run = pcaet_bounded(str(source), "--dry-run")
    assert_refused(run.code, run.stderr, source, entry, "type de document", "réenregistrez")
    assert_bounded(run)


@pytest.mark.parametrize(
    ("encoding", "before"),
    [("utf-16", ""), ("utf-8", "<!--" + " commentaire " * 1000 + "-->\n<?pi x?>")],
    ids=["utf-16", "apres-un-long-commentaire"],
)
def test_a_document_type_written_otherwise_is_refused_too(
    tmp_path: Path, encoding: str, before: str
) -> None:
    source = tet_workbook(tmp_path / "classeur.xlsx")
    entry = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(source) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            if name == entry:
                data = with_doctype(encoding, before)(data.decode()).encode(encoding)
            archive.writestr(name, data)
    result = invoke(str(source), "--dry-run")
    assert_refused(result.exit_code, result.stderr, source, entry, "type de document")


def test_a_document_type_in_an_ods_is_refused(tmp_path: Path) -> None:
    source = ods_file(tmp_path / "plan.ods", tet_ods_rows())
    rewrite(source, "content.xml", with_doctype())
    result = invoke(str(source), "--dry-run")
    assert_refused(result.exit_code, result.stderr, source, "content.xml", "type de document")


def test_the_ods_reader_refuses_a_document_type_by_itself(tmp_path: Path) -> None:
    # The second guard, should the archive check ever let one through.
    from pcaet_cli.io.limits import Rows
    from pcaet_cli.io.sources import _read_ods

    source = ods_file(tmp_path / "plan.ods", tet_ods_rows())
    rewrite(source, "content.xml", with_doctype())
    with pytest.raises(PcaetError, match=re.escape("« content.xml » déclare un type de document")):
        _read_ods(source, Rows(source))


def test_comments_and_instructions_before_the_root_are_read(tmp_path: Path) -> None:
    # What may lawfully precede a part's root element does not pass for a document type.
    source = tet_workbook(tmp_path / "classeur.xlsx")
    prolog = "<!-- <!DOCTYPE x> -->\n<?pi <!DOCTYPE x> ?>\n"
    rewrite(
        source,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(r"(\?>)", r"\1" + prolog, xml, count=1),
    )
    lines = report_lines(invoke(str(source), "--dry-run", "--format-rapport", "json"))
    created = [line["source"] for line in lines if line["statut"] == "créée"]
    assert created == ["ligne 4", "ligne 5"]


ONE = 'office:value-type="float" office:value="1"'


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        # A value in every cell of the largest sheet a tableur holds: 17 billion cells.
        (ods_row(cell("1", 16_384, ONE), repeat=1_048_500), ["lignes remplies"]),
        # Fewer rows than the limit, but 500 columns of them: ten million cells.
        (ods_row(cell("1", 16_384, ONE), repeat=20_000), ["cellules", "découpez"]),
        # Empty rows past the last row of a spreadsheet.
        (ods_row(cell(), repeat=10**12) + ods_row(text_cell("x")), ["maximum d'un tableur"]),
        # One cell of a billion spaces.
        (
            ods_row(
                '<table:table-cell office:value-type="string"><text:p>'
                '<text:s text:c="1000000000"/></text:p></table:table-cell>'
            ),
            ["caractères", "limite de sécurité"],
        ),
    ],
    ids=["rows", "cells", "past-the-last-row", "spaces"],
)
def test_ods_repetitions_are_counted_not_expanded(
    tmp_path: Path, rows: str, words: list[str]
) -> None:
    source = ods_file(tmp_path / "classeur.ods", tet_ods_rows() + rows)
    assert source.stat().st_size < 10_000
    run = pcaet_bounded(str(source), "--dry-run")
    assert_refused(run.code, run.stderr, source, *words)
    assert_bounded(run)


def test_ods_trailing_empty_repetitions_cost_nothing(tmp_path: Path) -> None:
    # What LibreOffice writes below and right of the data: empty cells and rows repeated
    # to the end of the sheet.
    empty = ods_row(cell(repeat=16_384), repeat=1_048_570)
    rows = tet_ods_rows("2024-03-01", "2024-04-01") + empty
    source = ods_file(tmp_path / "classeur.ods", rows)
    run = pcaet_bounded(str(source), "--dry-run")
    assert run.code == 0, run.stderr
    assert "ligne 4 : créée" in run.stdout and "ligne 5 : créée" in run.stdout
    assert_bounded(run)


# --------------------------------------------------------------------------------- dates


def test_impossible_dates_in_xlsx_cells_are_noted_on_their_row(tmp_path: Path) -> None:
    source = tet_workbook(
        tmp_path / "classeur.xlsx",
        [date(2024, 1, 1), date(2024, 1, 2), 10**12, date(2024, 3, 1), "12abc"],
    )

    def forge(xml: str) -> str:
        # Row 4: a date written as text (t="d") that cannot exist; row 5: a date serial
        # far past the calendar in a date-formatted cell; row 8: a number of 5 001 digits,
        # more than Python converts.
        xml = re.sub(r'<c r="C4"[^>]*>.*?</c>', '<c r="C4" t="d"><v>2024-13-45</v></c>', xml)
        xml = re.sub(r'(<c r="C5"[^>]*>)<v>[^<]*</v>', r"\1<v>99999999999</v>", xml)
        return re.sub(r'<c r="C8"[^>]*>.*?</c>', f'<c r="C8"><v>1{"0" * 5000}</v></c>', xml)

    rewrite(source, "xl/worksheets/sheet1.xml", forge)
    lines = report_lines(invoke(str(source), "--dry-run", "--format-rapport", "json"))
    notes = {line["source"]: line["remarques"] for line in lines}
    assert notes["ligne 4"] == ["date_debut « 2024-13-45 » n'est pas une date"]
    assert notes["ligne 5"] == ["date_debut « #VALUE! » n'est pas une date"]
    assert notes["ligne 6"] == ["date_debut « 1000000000000 » n'est pas une date"]
    assert notes["ligne 7"] == []
    (long,) = notes["ligne 8"]
    assert long.startswith("date_debut « 1000") and long.endswith("0 » n'est pas une date")
    created = [line["source"] for line in lines if line["statut"] == "créée"]
    assert created == ["ligne 4", "ligne 5", "ligne 6", "ligne 7", "ligne 8"]


def test_impossible_date_in_an_ods_cell_is_noted_on_its_row(tmp_path: Path) -> None:
    source = ods_file(tmp_path / "classeur.ods", tet_ods_rows("2024-13-45", "2024-02-01"))
    lines = report_lines(invoke(str(source), "--dry-run", "--format-rapport", "json"))
    assert lines[0]["source"] == "ligne 4"
    assert lines[0]["remarques"] == ["date_debut « 2024-13-45 » n'est pas une date"]
    assert [line["source"] for line in lines if line["statut"] == "créée"] == [
        "ligne 4",
        "ligne 5",
    ]


# ---------------------------------------------------------------------------------- JSON


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("programme.json", deep(100_000), [f"imbrique plus de {MAX_JSON_DEPTH} niveaux"]),
        (
            "registre.json",
            '{"format": "pcaet-registre", "version": 1, "actions": ' + deep(100_000) + "}",
            [f"imbrique plus de {MAX_JSON_DEPTH} niveaux"],
        ),
        ("programme.json", "[" + "0," * MAX_JSON_VALUES + "0]", ["valeurs", "découpez"]),
    ],
    ids=["deep-ademe", "deep-register", "values"],
)
def test_json_beyond_its_bounds_is_refused(
    tmp_path: Path, name: str, text: str, words: list[str]
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    run = pcaet_bounded(str(source), "--dry-run")
    assert_refused(run.code, run.stderr, source, "limite de sécurité", *words)
    assert_bounded(run)


def test_json_nested_within_the_bound_is_read(tmp_path: Path) -> None:
    # 100 levels pass the check, and json.loads then has the stack for them.
    source = tmp_path / "programme.json"
    source.write_text(deep(100), encoding="utf-8")
    result = invoke(str(source), "--dry-run")
    assert result.exit_code == 0, result.output


def test_wrong_typed_fields_of_ademe_json_are_notes(tmp_path: Path) -> None:
    programme: list[Any] = [
        {"id": [1], "actions": []},
        {"id": 201, "typesDemarche": 5, "actions": {"intitule": "Isoler"}},
        {"id": 203, "actions": 5},
        {
            "id": 202,
            "typesDemarche": [{"libcourt": ["PCAET"]}],
            "actions": [
                {"intitule": 12},
                {"intitule": ["Vélo"]},
                {
                    "intitule": "Rénover les écoles",
                    "secteurs": {"secteur": {"libelle": "Résidentiel"}},
                    "volets": ["Atténuation"],
                    "typesPorteur": [{"libelle": 3}],
                },
                {
                    "intitule": "Isoler les combles",
                    "secteurs": [{"secteur": ["Résidentiel"]}, {"secteur": {"libelle": {}}}],
                },
                "pas une action",
                {"intitule": "Planter des haies"},
            ],
        },
    ]
    source = tmp_path / "Demarches_PCAET_Programme_Actions_V2.json"
    source.write_text(json.dumps(programme, ensure_ascii=False), encoding="utf-8")
    lines = report_lines(invoke(str(source), "--dry-run", "--format-rapport", "json"))
    got = {
        line["source"]: (line["statut"], line["fichiers"], line["detail"], line["remarques"])
        for line in lines
    }
    action = f"{source.name} / démarche 202 / action"
    expected = {
        f"{source.name} / élément 1": (
            "refusée",
            [],
            "« id » : une liste, attendu un nombre",
            [],
        ),
        f"{source.name} / démarche 201": (
            "créée",
            ["plans/demarche-201.yaml"],
            "plan « Démarche 201 »",
            [
                "« actions » : un objet, attendu une liste",
                "« typesDemarche » : un nombre, attendu une liste ; non repris",
                "démarche sans fichier d'entête : nom « Démarche 201 » inventé",
                "type de démarche absent : PCAET supposé",
            ],
        ),
        f"{action} 1": (
            "refusée",
            [],
            "action sans intitulé",
            ["« intitule » : un nombre, attendu un texte ; non repris"],
        ),
        f"{action} 3": (
            "créée",
            ["actions/d202-003.yaml"],
            "« Rénover les écoles »",
            [
                "« secteurs » : un objet, attendu une liste ; non repris",
                "« volets » n° 1 : un texte, attendu un objet ; non repris",
                "« typesPorteur.libelle » : un nombre, attendu un texte ; non repris",
            ],
        ),
        f"{action} 5": (
            "refusée",
            [],
            "action sans intitulé",
            ["action : un texte, attendu un objet"],
        ),
        f"{action} 6": ("créée", ["actions/d202-006.yaml"], "« Planter des haies »", []),
    }
    for source_row, outcome in expected.items():
        assert got[source_row] == outcome, source_row
    assert (
        "« typesDemarche.libcourt » : une liste, attendu un texte ; non repris"
        in (got[f"{source.name} / démarche 202"][3])
    )
    assert got[f"{action} 2"][3] == ["« intitule » : une liste, attendu un texte ; non repris"]
    assert got[f"{action} 4"][3] == [
        "« secteurs.secteur » : une liste, attendu un objet ; non repris",
        "« secteurs.secteur.libelle » : un objet, attendu un texte ; non repris",
    ]
    assert (
        got[f"{source.name} / démarche 203"][3][0] == "« actions » : un nombre, attendu une liste"
    )
    # Every element read has its one line.
    assert len(lines) == len(got) == 10


# ----------------------------------------------------------------------------------- CSV


def fiches_csv(path: Path, description: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Id_action", "Id_demarche", "Intitule_action", "Description_action"])
        writer.writerow(["1", "301", "Rénover les écoles", description])
        writer.writerow(["2", "301", "Planter des haies", "courte"])
    return path


def test_csv_field_over_the_module_default_is_read(tmp_path: Path) -> None:
    # 200 Ko: past the 128 Ko the csv module allows by default, within our 1 Mo.
    source = fiches_csv(tmp_path / "Fiches_Action.csv", "é" * 200_000)
    default = csv.field_size_limit()
    lines = report_lines(invoke(str(source), "--dry-run", "--format-rapport", "json"))
    assert [line["fichiers"] for line in lines if line["statut"] == "créée"][-2:] == [
        ["plans/demarche-301.yaml", "actions/d301-001.yaml"],
        ["actions/d301-002.yaml"],
    ]
    # The limit was raised for the reading only.
    assert csv.field_size_limit() == default


def test_csv_field_over_the_limit_is_refused(tmp_path: Path) -> None:
    source = fiches_csv(tmp_path / "Fiches_Action.csv", "x" * 2_000_000)
    default = csv.field_size_limit()
    result = invoke(str(source), "--dry-run")
    assert_refused(
        result.exit_code,
        result.stderr,
        source,
        f"un champ dépasse {number(MAX_FIELD_CHARS, 0)} caractères",
        "limite de sécurité",
        "guillemets",
    )
    assert csv.field_size_limit() == default


def test_tableur_csv_with_long_and_over_long_fields(tmp_path: Path) -> None:
    mapping = tmp_path / "correspondance.toml"
    mapping.write_text('[colonnes]\nTitre = "titre"\nDescription = "description"\n', "utf-8")
    source = tmp_path / "actions.csv"
    source.write_text(f"Titre;Description\nRénover;{'a' * 200_000}\n", encoding="utf-8")
    result = invoke("-f", "tableur", str(source), "--mapping", str(mapping), "--dry-run")
    assert result.exit_code == 0 and "ligne 2 : créée" in result.stdout, result.output
    source.write_text(f"Titre;Description\nRénover;{'a' * 2_000_000}\n", encoding="utf-8")
    result = invoke("-f", "tableur", str(source), "--mapping", str(mapping), "--dry-run")
    assert_refused(result.exit_code, result.stderr, source, "un champ dépasse")
