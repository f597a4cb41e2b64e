"""Reading the files an import starts from (workbooks, CSV, JSON) within `limits`.

Workbooks come back as rows of cell values, every sheet in order: None for an empty cell,
text, numbers, booleans, dates (datetime); a date the file holds but that cannot exist
stays text, so that the importer reports it on its row and goes on.
"""

from __future__ import annotations

import csv
import json
import warnings
import zipfile
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, cast
from xml.parsers import expat

from pcaet_cli.errors import PcaetError, os_reason
from pcaet_cli.french import number
from pcaet_cli.io.limits import (
    MAX_COLUMNS,
    MAX_FIELD_CHARS,
    MAX_TEXT_BYTES,
    Rows,
    check_archive,
    check_json,
    check_size,
)
from pcaet_cli.io.read_errors import archive_reason, json_reason

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")
SUMMARY_SHEET = "Synthèse"
"""The first sheet of the workbooks of `pcaet export` and `pcaet report` (key figures,
charts): an import reads the table after it."""


def read_rows(path: Path) -> list[list[list[Any]]]:
    """Every sheet of a workbook as rows of cell values."""
    return [rows for _, rows in read_sheets(path)]


def read_sheets(
    path: Path, only: set[str] | None = None, *, first_but: str | None = None
) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of a workbook (or `only` those titled so) as (title, rows of cell
    values): row i of the list is the sheet's row i + 1, cell j its column j + 1 (empty
    rows and cells kept in place). With `first_but`, only the first sheet of another
    title: in an .xlsx the sheets after it are not read (a big export's other sheets
    are half its cells)."""
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES:
        raise PcaetError(
            f"{path} : attendu un classeur .xlsx ou .ods (modèle Territoires en Transitions)"
        )
    check_archive(path)
    rows = Rows(path)
    if suffix == ".ods":
        _read_ods(path, rows, only)
    else:
        _read_xlsx(path, rows, only, first_but)
    sheets = list(zip(rows.titles, rows.sheets, strict=True))
    if first_but is not None:
        sheets = [sheet for sheet in sheets if sheet[0] != first_but][:1]
    return sheets


# --------------------------------------------------------------------------------- xlsx


# openpyxl's readings of a cell's text that raise on a bad value (worksheet/_reader.py).
_CELL_READERS = ("from_ISO8601", "_cast_number")


def _or_text(read: Callable[[str], Any]) -> Callable[[str], Any]:
    """One of openpyxl's readings of a cell's text, keeping the text it cannot read (an
    impossible date « 2024-13-45 », a number of 5 000 digits) where openpyxl would stop the
    whole sheet: the importer then reports the cell on its row and goes on."""

    def tolerant(text: str) -> Any:
        try:
            return read(text)
        except ValueError:
            return text

    return tolerant


def _read_xlsx(
    path: Path, rows: Rows, only: set[str] | None = None, first_but: str | None = None
) -> None:
    from unittest.mock import patch

    import openpyxl
    from openpyxl.worksheet import _reader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    tolerant: dict[str, Any] = {name: _or_text(vars(_reader)[name]) for name in _CELL_READERS}
    with (
        warnings.catch_warnings(),
        patch.multiple(_reader, **tolerant),
        # openpyxl reads whole entries (workbook, styles, shared strings) with read(),
        # which zipfile inflates in one step of up to 1 Go before cutting it at the
        # declared size: an entry that lies about its size would cost that much. In steps
        # of 1 Mo, it costs what it declares.
        patch.object(zipfile.ZipExtFile, "MAX_N", 2**20),
    ):
        # openpyxl warns, in English, about what it then reads anyway: extensions it
        # skips, a date serial out of range read as "#VALUE!" (which the importer reports).
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise PcaetError(f"{path} : classeur illisible ({archive_reason(exc)})") from None
        try:
            for sheet in book:
                if (only is not None and sheet.title not in only) or sheet.title == first_but:
                    continue
                if first_but is not None and rows.titles:
                    break
                rows.new_sheet(sheet.title)
                # The dimension the file declares is not trusted: `A1:XFD1048576` would
                # have every row padded to 16 384 cells. read_only=True gives these sheets.
                cast(ReadOnlyWorksheet, sheet).reset_dimensions()
                try:
                    for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                        rows.add(values)
                except PcaetError:
                    raise
                except Exception as exc:  # a damaged cell: openpyxl raises many kinds
                    raise PcaetError(
                        f"{path}, feuille « {sheet.title} », après la ligne {rows.count} : "
                        f"classeur illisible ({archive_reason(exc)}) ; réenregistrez-le depuis "
                        "votre tableur"
                    ) from None
        finally:
            book.close()


# ---------------------------------------------------------------------------------- ods

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
_PARAGRAPHS = (_TEXT + "p", _TEXT + "h")


def _repeat(value: str | None) -> int:
    return max(1, int(value)) if value else 1


def _ods_value(attrs: dict[str, str], text: str) -> Any:
    """A cell's value from its `office:value-type`, as pandas' reader of .ods gave it."""
    kind = attrs.get(_OFFICE + "value-type")
    if kind is None:
        return None
    if kind in ("float", "percentage", "currency"):
        try:
            value = float(attrs.get(_OFFICE + "value", ""))
        except ValueError:
            return text
        return int(value) if value.is_integer() else value
    if kind == "date":
        raw = attrs.get(_OFFICE + "date-value", "")
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            return raw or text
    if kind == "boolean":
        return attrs.get(_OFFICE + "boolean-value") == "true"
    return text


class _OdsContent:
    """expat's handlers for content.xml: one row in memory at a time. Repeated rows and
    cells are counted, not expanded, so `number-rows-repeated="1048576"` costs nothing
    unless it repeats a value, and then `Rows` bounds it."""

    def __init__(self, path: Path, rows: Rows, only: set[str] | None = None) -> None:
        self.path = path
        self.rows = rows
        self.only = only
        self.tables = 0  # open tables: one inside a cell is not read
        self.skipped = False  # the current sheet is not among `only`
        self.row: list[Any] = []
        self.row_repeat = 1
        self.blank = 0  # empty cells that count only if a filled one follows
        self.cell: dict[str, str] | None = None
        self.text: list[str] = []
        self.length = 0
        self.paragraphs = 0
        self.in_paragraph = 0
        self.in_annotation = 0  # a comment on the cell, not its value

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _TABLE + "table":
            self.tables += 1
            if self.tables == 1:
                title = attrs.get(_TABLE + "name", "")
                self.skipped = self.only is not None and title not in self.only
                if not self.skipped:
                    self.rows.new_sheet(title)
        elif self.tables != 1 or self.skipped:
            return
        elif name == _TABLE + "table-row":
            self.row, self.blank = [], 0
            self.row_repeat = _repeat(attrs.get(_TABLE + "number-rows-repeated"))
        elif name in _CELLS:
            self.cell, self.text, self.length, self.paragraphs = attrs, [], 0, 0
        elif self.cell is None:
            return
        elif name == _OFFICE + "annotation" or self.in_annotation:
            self.in_annotation += 1
        elif name in _PARAGRAPHS:
            if self.paragraphs:
                self.add_text("\n")
            self.paragraphs += 1
            self.in_paragraph += 1
        elif name == _TEXT + "s":
            count = _repeat(attrs.get(_TEXT + "c"))
            self.add_text(" " * min(count, MAX_FIELD_CHARS + 1))
        elif name == _TEXT + "tab":
            self.add_text("\t")
        elif name == _TEXT + "line-break":
            self.add_text("\n")

    def end(self, name: str) -> None:
        if name == _TABLE + "table":
            self.tables -= 1
            if self.tables == 0:
                self.skipped = False
        elif self.tables != 1 or self.skipped:
            return
        elif name == _TABLE + "table-row":
            self.rows.add(self.row, self.row_repeat)
        elif name in _CELLS and self.cell is not None:
            self.end_cell(self.cell)
            self.cell = None
        elif self.in_annotation:
            self.in_annotation -= 1
        elif name in _PARAGRAPHS and self.in_paragraph:
            self.in_paragraph -= 1

    def characters(self, data: str) -> None:
        if self.skipped:
            return
        if self.in_paragraph and not self.in_annotation:
            self.add_text(data)

    def add_text(self, text: str) -> None:
        self.length += len(text)
        if self.length > MAX_FIELD_CHARS:
            raise PcaetError(
                f"{self.path} : une cellule contient plus de {number(MAX_FIELD_CHARS, 0)} "
                "caractères (limite de sécurité) ; raccourcissez-la"
            )
        self.text.append(text)

    def end_cell(self, attrs: dict[str, str]) -> None:
        repeat = _repeat(attrs.get(_TABLE + "number-columns-repeated"))
        value = _ods_value(attrs, "".join(self.text))
        if value is None or value == "":
            self.blank += repeat
            return
        room = MAX_COLUMNS - len(self.row)
        fill = min(self.blank, room)
        self.row.extend([None] * fill)
        self.row.extend([value] * min(repeat, room - fill))
        self.blank = 0


def _read_ods(path: Path, rows: Rows, only: set[str] | None = None) -> None:
    """content.xml read as a stream: pandas' reader (odfpy) builds the whole document in
    memory first (500 Mo for 18 Mo of XML) and expands repeated rows and cells."""

    def no_doctype(*_: Any) -> None:
        # A document type could declare entities that expand the text a thousandfold.
        # limits.check_archive refuses one before; this keeps expat from reading one
        # should that check ever miss it.
        raise PcaetError(
            f"{path} : « content.xml » déclare un type de document (DTD), ce qu'aucun "
            "tableur n'écrit ; réenregistrez le classeur depuis votre tableur"
        )

    content = _OdsContent(path, rows, only)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = no_doctype
    parser.StartElementHandler = content.start
    parser.EndElementHandler = content.end
    parser.CharacterDataHandler = content.characters
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
            parser.ParseFile(stream)
    except (
        expat.ExpatError,
        ValueError,
        KeyError,
        OSError,
        EOFError,
        zipfile.BadZipFile,
        zlib.error,
    ) as exc:
        raise PcaetError(f"{path} : classeur illisible ({archive_reason(exc)})") from None


# ---------------------------------------------------------------------------------- csv


def read_csv(path: Path, delimiter: str | None = None) -> list[list[str]]:
    """The rows of a CSV file in UTF-8; without a delimiter, `;` or `,`, whichever the
    first line has more of."""
    check_size(path, MAX_TEXT_BYTES)
    rows = Rows(path)
    rows.new_sheet("")
    # The csv module's limit is global: raised for this reading only.
    previous = csv.field_size_limit(MAX_FIELD_CHARS)
    line = 0  # the last line of the last record read
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            if delimiter is None:
                first = handle.readline(MAX_FIELD_CHARS)
                delimiter = ";" if first.count(";") >= first.count(",") else ","
                handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            for row in reader:
                line = reader.line_num
                rows.add(row)
    except UnicodeDecodeError:
        raise PcaetError(f"{path} : le fichier n'est pas en UTF-8 ; réenregistrez-le") from None
    except OSError as exc:
        raise PcaetError(f"{path} : fichier illisible ({os_reason(exc)})") from None
    except csv.Error as exc:
        if str(exc).startswith("field larger than field limit"):
            raise PcaetError(
                f"{path}, ligne {line + 1} : un champ dépasse "
                f"{number(MAX_FIELD_CHARS, 0)} caractères (limite de sécurité) ; "
                "raccourcissez-le ou vérifiez les guillemets (un guillemet non fermé avale "
                "la suite du fichier)"
            ) from None
        # Python's reader takes almost anything since 3.11 (NUL, a quote left open at
        # the end); what it still refuses, its English would not explain.
        raise PcaetError(
            f"{path}, ligne {line + 1} : CSV illisible (ligne mal formée) ; vérifiez ses "
            "guillemets et réenregistrez-le depuis votre tableur"
        ) from None
    finally:
        csv.field_size_limit(previous)
    return rows.sheets[0]


# --------------------------------------------------------------------------------- json


def read_json(path: Path) -> Any:
    """A JSON document in UTF-8, within MAX_TEXT_BYTES, MAX_JSON_DEPTH and
    MAX_JSON_VALUES."""
    check_size(path, MAX_TEXT_BYTES)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PcaetError(f"{path} : le fichier n'est pas en UTF-8 ; réenregistrez-le") from None
    except OSError as exc:
        raise PcaetError(f"{path} : fichier illisible ({os_reason(exc)})") from None
    check_json(text, path)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise PcaetError(f"{path} : JSON illisible ({json_reason(exc)})") from None
