"""A report as a workbook for the DGS: one sheet per table, and its alerts last."""

from __future__ import annotations

import pandas as pd

from pcaet_cli.render.tables import to_xlsx
from pcaet_cli.reports.model import Report, Table


def render(report: Report) -> bytes:
    sheets = list(report.tables)
    if report.alerts:
        alerts = pd.DataFrame(
            [(a.level, a.message, a.view) for a in report.alerts],
            columns=["Niveau", "Message", "Vue"],
        )
        sheets.append(Table("alertes", "Alertes", alerts))
    return to_xlsx.workbook(sheets)
