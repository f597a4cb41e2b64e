"""Tables as a workbook for the DGS and the officers: one sheet per table, header in bold
and frozen, filters, columns sized to their content, numbers stored as numbers, dates as
dates, shares formatted as percentages.

Another tool's import template has its own layout (`template`): the same cells, only
placed where that tool looks for them."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pcaet_cli.render.tables.values import file_cell, plain
from pcaet_cli.reports.model import Table
from pcaet_cli.textsafe import spreadsheet_text, visible

_MAX_WIDTH = 60


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    # A multi-line cell is as wide as its longest line.
    return max(len(line) for line in str(value).splitlines() or [""])


def _format(value: Any, share: bool) -> str | None:
    if share and isinstance(value, int | float):
        return "0%"
    if isinstance(value, date):
        return "yyyy-mm-dd"
    return None


def _quoted_cells(sheet: Worksheet, number: int, row: list[Any]) -> list[Any]:
    """The values of row `number`, text that a spreadsheet would evaluate kept as it is
    and marked as text with the cell's quotePrefix style (set once the row is appended):
    the spreadsheet shows and keeps it as text, and no apostrophe enters the value that
    another program, or `pcaet import`, reads back."""
    values = [plain(raw) for raw in row]
    quoted = [
        i
        for i, value in enumerate(values)
        if isinstance(value, str) and spreadsheet_text(value) != value
    ]
    sheet.append(values)
    for i in quoted:
        cell = sheet.cell(row=number, column=i + 1)
        cell.data_type = "s"  # openpyxl took a text starting with « = » for a formula
        cell.quotePrefix = True
    return values


def _draw(
    sheet: Worksheet, table: Table, header_row: int, first_row: int, quote_prefix: bool = False
) -> None:
    held = table.text_as_held
    headers = [str(c) for c in table.frame.columns]
    shares = [h in table.percent for h in headers]
    # Rows are appended (openpyxl's fast path, 5 000 actions × 80 columns); an empty
    # append leaves a row blank where a template wants one.
    for _ in range(header_row - 1):
        sheet.append([])
    sheet.append([file_cell(h, as_held=held) for h in headers])
    for header in sheet[header_row]:
        header.font = Font(bold=True)
    for _ in range(first_row - header_row - 1):
        sheet.append([])
    widths = [len(h) for h in headers]
    formats: list[list[tuple[int, str]]] = [[] for _ in headers]
    rows = table.frame.itertuples(index=False, name=None)
    for number, row in enumerate(rows, start=first_row):
        if quote_prefix:
            values = _quoted_cells(sheet, number, [raw if held else _visible(raw) for raw in row])
        else:
            values = [file_cell(plain(raw), as_held=held) for raw in row]
            sheet.append(values)
        for i, value in enumerate(values):
            widths[i] = max(widths[i], _width(value))
            if (fmt := _format(value, shares[i])) is not None:
                formats[i].append((number, fmt))
    # Formats go on column by column: the order in which styles enter the workbook's
    # table numbers them in the file, which stays the same from one version to the next.
    for column, (width, formatted) in enumerate(zip(widths, formats, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, _MAX_WIDTH)
        for number, fmt in formatted:
            sheet.cell(row=number, column=column).number_format = fmt
    sheet.freeze_panes = f"A{first_row}"


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook(tables: Sequence[Table]) -> bytes:
    """One sheet per table, named after it; the header on the first row."""
    book = Workbook()
    book.remove(book.worksheets[0])  # a new workbook starts with an empty sheet
    for table in tables:
        sheet = book.create_sheet(title=table.name[:31])
        _draw(sheet, table, header_row=1, first_row=2)
        if len(table.frame):
            sheet.auto_filter.ref = sheet.dimensions
    return _saved(book)


def _visible(value: Any) -> Any:
    value = plain(value)
    return visible(value, lines=True) if isinstance(value, str) else value


def template(table: Table, *, header_row: int, first_row: int, quote_prefix: bool = False) -> bytes:
    """The one sheet of an import template: the header on `header_row`, the rows from
    `first_row` on and frozen above it, no filter (the template has none). With
    `quote_prefix`, text that a spreadsheet would evaluate is neutralised by the cell's
    style rather than by an apostrophe in its value (which a tool reading the template
    back would take as part of the text)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = table.name[:31]
    _draw(sheet, table, header_row, first_row, quote_prefix)
    return _saved(book)
