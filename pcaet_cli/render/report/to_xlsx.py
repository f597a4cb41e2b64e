"""A report as a workbook for the DGS: one sheet per table, header frozen with filters,
columns sized, numbers stored as numbers, shares formatted as percentages."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pcaet_cli.render.report.values import plain, report_cell
from pcaet_cli.reports.model import Report

_MAX_WIDTH = 60


def render(report: Report) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])  # a new workbook starts with an empty sheet
    for table in report.tables:
        sheet = book.create_sheet(title=table.name[:31])
        columns = [str(c) for c in table.frame.columns]
        sheet.append([report_cell(c) for c in columns])
        for header in sheet[1]:
            header.font = Font(bold=True)
        widths = [len(c) for c in columns]
        for row in table.frame.itertuples(index=False):
            values = [report_cell(plain(v)) for v in row]
            sheet.append(values)
            for i, value in enumerate(values):
                widths[i] = max(widths[i], len(str(value)) if value is not None else 0)
        for i, name in enumerate(columns, start=1):
            letter = get_column_letter(i)
            sheet.column_dimensions[letter].width = min(widths[i - 1] + 2, _MAX_WIDTH)
            fmt = "0%" if name in table.percent else None
            for (value_cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                if fmt and isinstance(value_cell.value, int | float):
                    value_cell.number_format = fmt
                elif isinstance(value_cell.value, date):
                    value_cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        if table.frame.shape[0]:
            sheet.auto_filter.ref = sheet.dimensions
    if report.alerts:
        sheet = book.create_sheet(title="alertes")
        sheet.append(["Niveau", "Message", "Vue"])
        for alert in report.alerts:
            sheet.append([alert.level, report_cell(alert.message), alert.view])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
