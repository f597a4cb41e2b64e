"""A report as JSON: the same numbers as every other format, for scripts and tests."""

from __future__ import annotations

from pcaet_cli.render.tables.values import json_value
from pcaet_cli.reports.model import Report
from pcaet_cli.textsafe import json_text


def render(report: Report) -> str:
    payload = {
        "vue": report.view,
        "titre": report.title,
        "tables": {
            table.name: {
                "titre": table.title,
                "colonnes": [str(c) for c in table.frame.columns],
                "lignes": [
                    {str(c): json_value(v) for c, v in zip(table.frame.columns, row, strict=True)}
                    for row in table.frame.itertuples(index=False)
                ],
                "note": table.note,
            }
            for table in report.tables
        },
        "alertes": [
            {"niveau": a.level, "message": a.message, "vue": a.view} for a in report.alerts
        ],
    }
    return json_text(payload)
