"""Tables as a workbook for the DGS and the officers: a first sheet « Synthèse » (key
figures, charts the spreadsheet draws from its cells), then one sheet per table.

Every sheet is ready to read and to print: header in bold with filters, the identifier
and title columns frozen with it, numbers stored as numbers and shown as what they are
(`kinds`: « 1 234 € », « 87,5 % », ETP « 0,25 », dates « 31/12/2026 »), long texts
wrapped in columns sized to their content, landscape pages one page wide with the header
repeated, the register's name and the page number in the margins.

Another tool's import template has its own layout (`template`): the same cells, only
placed where that tool looks for them."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from pcaet_cli.io.sources import SUMMARY_SHEET
from pcaet_cli.render.tables.kinds import FORMATS, column_kind, number_format, rounded
from pcaet_cli.render.tables.values import file_cell, plain
from pcaet_cli.reports.model import NumberKind, Table
from pcaet_cli.textsafe import spreadsheet_text, visible

_MAX_WIDTH = 60
"""Characters: a wider text wraps onto several lines of its cell."""
_MIN_WIDTH = 6
_HEADER_WIDTH = 18
"""A long header wraps rather than widening a column of short values."""

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_BLOCK_TITLE = Font(bold=True, size=12)
_HEADER_FILL = PatternFill("solid", start_color="DDE4EE", end_color="DDE4EE")
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
_WRAPPED = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")

# The columns that say which row is which: kept in view when the sheet scrolls sideways.
_TITLE_HEADERS = frozenset(
    {"Titre", "Nom", "Titre de l'action", "Nom de l'acteur", "Indicateur", "Territoire"}
)
_CHART_ROWS = 17
"""Rows a chart covers (8 cm): the next block of the summary starts below it."""


def _shown_width(value: Any, kind: NumberKind | None) -> int:
    """About how many characters the spreadsheet shows for `value`."""
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, bool):
        return 3
    if isinstance(value, int | float):
        if kind == "percent":
            return 6
        text = f"{value:,.0f}" if kind == "euro" else f"{value:,}"
        return len(text) + (2 if kind == "euro" else 0)
    # A multi-line cell is as wide as its longest line.
    return max(len(line) for line in str(value).splitlines() or [""])


def _old_format(value: Any, share: bool) -> str | None:
    """The formats of an import template, as that tool's users know them."""
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
    """An import template's sheet: plain cells where the tool expects them."""
    held = table.text_as_held
    headers = [str(c) for c in table.frame.columns]
    shares = [h in table.percent for h in headers]
    # Rows are appended (openpyxl's fast path, 5 000 actions × 80 columns); an empty
    # append leaves a row blank where a template wants one.
    for _ in range(header_row - 1):
        sheet.append([])
    sheet.append([file_cell(h, as_held=held) for h in headers])
    for header in sheet[header_row]:
        header.font = _BOLD
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
            widths[i] = max(widths[i], _shown_width(value, None))
            if (fmt := _old_format(value, shares[i])) is not None:
                formats[i].append((number, fmt))
    # Formats go on column by column: the order in which styles enter the workbook's
    # table numbers them in the file, which stays the same from one version to the next.
    for column, (width, formatted) in enumerate(zip(widths, formats, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, _MAX_WIDTH)
        for number, fmt in formatted:
            sheet.cell(row=number, column=column).number_format = fmt
    sheet.freeze_panes = f"A{first_row}"


# --- the workbook's sheets -------------------------------------------------------------


def _cell(raw: Any, kind: NumberKind | None, held: bool) -> Any:
    value = rounded(plain(raw), kind)
    if isinstance(value, bool):
        return "oui" if value else "non"
    return file_cell(value, as_held=held)


@dataclass
class _Widths:
    """The width of each column of a sheet, from what its cells show."""

    chars: dict[int, int]

    def see(self, column: int, shown: int) -> None:
        self.chars[column] = max(self.chars.get(column, _MIN_WIDTH), shown)

    def apply(self, sheet: Worksheet) -> None:
        for column, chars in self.chars.items():
            width = min(chars + 2, _MAX_WIDTH)
            sheet.column_dimensions[get_column_letter(column)].width = width


_LINE_HEIGHT = 15.0
"""Points per line of text at the default font."""
_MAX_LINES = 12


def _lines(text: str) -> int:
    """Lines a text takes wrapped in a column of the widest width (the one long texts get)."""
    return sum(-(-len(part) // _MAX_WIDTH) or 1 for part in text.split("\n"))


def _block(sheet: Worksheet, table: Table, top: int, widths: _Widths) -> int:
    """`table` with its header on row `top`; returns the last row written. The rows are
    appended (openpyxl's fast path: 5 000 actions × 80 columns)."""
    held = table.text_as_held
    headers = [str(c) for c in table.frame.columns]
    kinds = [column_kind(table, h) for h in headers]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=top, column=column, value=file_cell(header, as_held=held))
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _HEADER_ALIGNMENT
        widths.see(column, min(len(header), _HEADER_WIDTH))
    formats: list[list[tuple[int, str]]] = [[] for _ in headers]
    multiline = [False for _ in headers]
    last = top
    for last, row in enumerate(table.frame.itertuples(index=False, name=None), start=top + 1):
        values = [_cell(raw, kind, held) for raw, kind in zip(row, kinds, strict=True)]
        sheet.append(values)  # on row `last`: the header was the last row written
        lines = 1
        for i, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            shown = _shown_width(value, kind)
            widths.see(i + 1, shown)
            if shown > _MAX_WIDTH - 2 or (isinstance(value, str) and "\n" in value):
                multiline[i] = True
                lines = max(lines, _lines(str(value)))
            if (fmt := number_format(value, kind)) is not None:
                formats[i].append((last, fmt))
        if lines > 1:
            # Excel grows a row to its wrapped text on opening, LibreOffice does not.
            sheet.row_dimensions[last].height = _LINE_HEIGHT * min(lines, _MAX_LINES)
    # Styles go on column by column: the order in which they enter the workbook's table
    # numbers them in the file, which stays the same from one version to the next.
    # A long text wraps within its column; every cell of a sheet with wrapped texts
    # starts at the top of its row, so that a row reads across.
    aligned = any(multiline)
    for column, (formatted, wraps) in enumerate(zip(formats, multiline, strict=True), start=1):
        by_row = dict(formatted)
        rows = range(top + 1, last + 1) if aligned else sorted(by_row)
        _style(sheet, column, rows, by_row, (_WRAPPED if wraps else _TOP) if aligned else None)
    return last


def _style(
    sheet: Worksheet,
    column: int,
    rows: Iterable[int],
    formats: dict[int, str],
    alignment: Alignment | None,
) -> None:
    """The number format of each row of `column` (`formats`) and `alignment`. A style
    is looked up in the workbook's tables (hashing it) once per format, not once per
    cell (400 000 cells in a sheet of 5 000 actions); the next cells copy it, as
    openpyxl's own copy of a sheet does."""
    styles: dict[str | None, StyleArray] = {}
    for number in rows:
        # Any: the typing stubs leave out `_style`, which openpyxl's copy of a sheet uses.
        cell: Any = sheet.cell(row=number, column=column)
        fmt = formats.get(number)
        if fmt in styles:
            cell._style = copy(styles[fmt])
            continue
        if fmt is not None:
            cell.number_format = fmt
        if alignment is not None:
            cell.alignment = alignment
        styles[fmt] = copy(cell._style)


def _frozen(table: Table, headers: list[str]) -> int:
    """How many columns stay in view: through the title or name column if one of the
    first three is (the identifier before it), else the first column (a label)."""
    if table.frozen is not None:
        return table.frozen
    for position, header in enumerate(headers[:3], start=1):
        if header in _TITLE_HEADERS:
            return position
    return 1 if headers else 0


def _margin_text(text: str, limit: int = 80) -> str:
    """User text in a page header or footer: one line, « & » (a field code there)
    doubled, short enough for the 255 characters a header holds."""
    text = visible(text, lines=False).replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("&", "&&")


def _print_setup(sheet: Worksheet, title: str, register: str | None, title_rows: str) -> None:
    """Landscape A4, one page wide (as many long as needed), the header rows on every
    page; the register's name, the sheet's title and the page number in the margins."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    header, footer = sheet.oddHeader, sheet.oddFooter
    assert header is not None and footer is not None  # a worksheet has both
    header.left.text = _margin_text(register or "Registre PCAET")
    header.right.text = _margin_text(title)
    footer.left.text = "&D"
    footer.center.text = "Page &P sur &N"


def _table_sheet(sheet: Worksheet, table: Table, register: str | None) -> None:
    headers = [str(c) for c in table.frame.columns]
    widths = _Widths({})
    last = _block(sheet, table, 1, widths)
    widths.apply(sheet)
    frozen = _frozen(table, headers)
    # Only the header row when the frozen columns would be the whole sheet.
    sheet.freeze_panes = f"{get_column_letter(frozen + 1 if frozen < len(headers) else 1)}2"
    if last > 1:
        sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet, table.title, register, "1:1")


def _chart(sheet: Worksheet, table: Table, top: int, last: int) -> None:
    """The table's chart beside it, drawn from its cells (header on `top`)."""
    spec = table.chart
    if spec is None or last <= top:
        return
    headers = [str(c) for c in table.frame.columns]
    chart = BarChart()
    chart.type = "bar" if spec.horizontal else "col"
    chart.grouping = "clustered"
    chart.title = spec.title
    for header in spec.series:
        column = headers.index(header) + 1
        chart.add_data(
            Reference(sheet, min_col=column, min_row=top, max_row=last), titles_from_data=True
        )
    column = headers.index(spec.categories) + 1
    chart.set_categories(Reference(sheet, min_col=column, min_row=top + 1, max_row=last))
    kinds = {column_kind(table, h) for h in spec.series}
    if len(kinds) == 1 and (kind := kinds.pop()) is not None:
        chart.y_axis.number_format = FORMATS[kind]
    if spec.axis:
        chart.y_axis.title = spec.axis
    # openpyxl 3.1 marks the axes deleted unless told: the spreadsheet would hide them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if spec.horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # the table's first row on top
    if len(spec.series) == 1:
        chart.legend = None
    chart.height, chart.width = 8, 16  # cm
    anchor = len(headers) + 2
    sheet.add_chart(chart, f"{get_column_letter(anchor)}{top - 1}")


def _summary_sheet(sheet: Worksheet, tables: Sequence[Table], register: str | None) -> None:
    """The key figures and charts, one block under the other, each under its title."""
    title = SUMMARY_SHEET + (f" — {visible(register)}" if register else "")
    sheet.cell(row=1, column=1, value=file_cell(title, as_held=False)).font = _TITLE
    widths = _Widths({})
    top = 3
    for table in tables:
        sheet.cell(
            row=top, column=1, value=file_cell(table.title, as_held=False)
        ).font = _BLOCK_TITLE
        last = _block(sheet, table, top + 1, widths)
        if table.frame.empty:
            sheet.cell(row=top + 2, column=1, value="(aucune ligne)")
            last = top + 2
        elif table.chart is not None:
            _chart(sheet, table, top + 1, last)
            last = max(last, top + _CHART_ROWS)
        if table.note:
            last += 1
            sheet.cell(row=last, column=1, value=file_cell(table.note, as_held=False))
        top = last + 3
    widths.apply(sheet)
    _print_setup(sheet, SUMMARY_SHEET, register, "")


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook(
    tables: Sequence[Table],
    *,
    summary: Sequence[Table] = (),
    register: str | None = None,
    hidden: Mapping[str, Iterable[Sequence[Any]]] | None = None,
) -> bytes:
    """One sheet per table, named after it, the header on the first row; first, with
    `summary`, the sheet « Synthèse » of those tables and their charts. `register`, the
    register's name, heads every printed page. `hidden` sheets (name → rows) come last,
    hidden and protected: data for pcaet itself, written with the rest rather than by
    reopening the workbook (which doubled an export's time)."""
    book = Workbook()
    book.remove(book.worksheets[0])  # a new workbook starts with an empty sheet
    if summary:
        _summary_sheet(book.create_sheet(title=SUMMARY_SHEET), summary, register)
    for table in tables:
        _table_sheet(book.create_sheet(title=table.name[:31]), table, register)
    for name, rows in (hidden or {}).items():
        add_hidden_sheet(book, name, rows)
    return _saved(book)


def add_hidden_sheet(book: Workbook, name: str, rows: Iterable[Sequence[Any]]) -> None:
    """A hidden, protected sheet of plain `rows`, last in `book`."""
    sheet = book.create_sheet(name)
    for row in rows:
        sheet.append(list(row))
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


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
