"""The export's tables and document as file contents: JSON text, CSV text, XLSX bytes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pcaet_cli.io.export import Table
from pcaet_cli.textsafe import spreadsheet_text

CsvDialect = Literal["excel-fr", "comma"]
_MAX_WIDTH = 60
BOM = "\ufeff"


def to_json(document: dict[str, Any]) -> str:
    # Keys stay in the order built (kinds, then sorted identifiers, then model fields):
    # two exports of the same register are byte-identical and diff cleanly.
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv_cell(value: Any, decimal: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", decimal)
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheet_text(value)


def to_csv(table: Table, dialect: CsvDialect = "excel-fr", *, bom: bool = False) -> str:
    """`excel-fr`: what Excel in France opens with a double click (`;`, decimal comma,
    and the BOM that makes it read UTF-8, wanted in a file only); `comma`: what other
    tools expect."""
    separator, decimal = (";", ",") if dialect == "excel-fr" else (",", ".")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_csv_cell(v, decimal) for v in row])
    text = out.getvalue()
    return BOM + text if bom else text


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    # A multi-line cell is as wide as its longest line.
    return max(len(line) for line in str(value).splitlines() or [""])


def to_xlsx(tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])  # a new workbook starts with an empty sheet
    for table in tables:
        sheet = book.create_sheet(title=table.name[:31])
        sheet.append(table.columns)
        for header in sheet[1]:
            header.font = Font(bold=True)
        widths = [len(c) for c in table.columns]
        for row in table.rows:
            sheet.append([spreadsheet_text(v) for v in row])
            for i, value in enumerate(row):
                widths[i] = max(widths[i], _width(value))
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(width + 2, _MAX_WIDTH)
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        if table.rows:
            sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
