"""One table of a report as CSV, for Excel in France (`render/tables/to_csv.py`)."""

from __future__ import annotations

from pcaet_cli.errors import PcaetError
from pcaet_cli.render.tables import to_csv
from pcaet_cli.reports.model import Report, Table


def pick(report: Report, name: str | None) -> Table:
    if name is None:
        return report.tables[0]
    for table in report.tables:
        if table.name == name:
            return table
    names = ", ".join(t.name for t in report.tables)
    raise PcaetError(f"table « {name} » absente de la vue {report.view} (tables : {names})")


def render(report: Report, name: str | None, *, to_file: bool) -> str:
    """The table `name` (default: the first)."""
    return to_csv.render(pick(report, name), to_file=to_file)
