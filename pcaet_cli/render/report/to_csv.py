"""One table of a report as CSV, as Excel in France reads it: `;` separator, decimal
comma, UTF-8 with BOM when written to a file."""

from __future__ import annotations

import csv
import io

from pcaet_cli.errors import PcaetError
from pcaet_cli.render.report.values import plain, report_cell
from pcaet_cli.reports.model import Report, Table


def pick(report: Report, name: str | None) -> Table:
    if name is None:
        return report.tables[0]
    for table in report.tables:
        if table.name == name:
            return table
    names = ", ".join(t.name for t in report.tables)
    raise PcaetError(f"table « {name} » absente de la vue {report.view} (tables : {names})")


def _cell(value: object) -> object:
    value = plain(value)
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, bool):
        return "oui" if value else "non"
    return report_cell(value)


def render(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([report_cell(str(c)) for c in table.frame.columns])
    for row in table.frame.itertuples(index=False):
        writer.writerow(["" if v is None else v for v in map(_cell, row)])
    return out.getvalue()
