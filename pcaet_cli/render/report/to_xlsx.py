"""A report as a workbook for the DGS: the summary sheet (key figures and charts), one
sheet per table of the view, and its alerts last."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from pcaet_cli.render.tables import to_xlsx
from pcaet_cli.reports.model import Report, Table

_LEVELS = {"alerte": "Alerte", "info": "Information"}


def render(report: Report, summary: Sequence[Table] = (), register: str | None = None) -> bytes:
    """`summary` (`reports.build_summary`) makes the first sheet; the synthesis's own
    table is on it and is not repeated."""
    on_summary = {t.name for t in summary} if report.view == "synthese" else set()
    sheets = [t for t in report.tables if t.name not in on_summary]
    if report.alerts:
        alerts = pd.DataFrame(
            [
                (
                    _LEVELS.get(a.level, a.level),
                    a.message,
                    f"pcaet report {a.view}" if a.view else None,
                )
                for a in report.alerts
            ],
            columns=["Niveau", "Message", "Détail"],
        )
        sheets.append(Table("alertes", "Alertes", alerts))
    return to_xlsx.workbook(sheets, summary=summary, register=register)
