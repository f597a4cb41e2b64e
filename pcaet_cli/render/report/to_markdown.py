"""A report as Markdown, for the minutes of a steering committee."""

from __future__ import annotations

from pcaet_cli.render.tables import to_markdown
from pcaet_cli.render.tables.to_markdown import escape
from pcaet_cli.reports.model import Report


def render(report: Report) -> str:
    out = [f"# {escape(report.title)}", ""]
    for table in report.tables:
        if table.text:
            out += to_markdown.render(table)
    if report.alerts:
        out += ["## Alertes", ""]
        for alert in report.alerts:
            detail = (
                f" (`pcaet report {alert.view}`)"
                if alert.view and alert.view != report.view
                else ""
            )
            out.append(f"- {escape(alert.message)}{detail}")
        out.append("")
    return "\n".join(out)
