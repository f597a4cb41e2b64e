"""A report as Markdown, for the minutes of a steering committee."""

from __future__ import annotations

from pcaet_cli.render.report.cells import cell
from pcaet_cli.reports.model import Report


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render(report: Report) -> str:
    out = [f"# {report.title}", ""]
    for table in report.tables:
        out += [f"## {table.title}", ""]
        frame = table.frame
        if frame.empty:
            out += ["_(aucune ligne)_", ""]
        else:
            numeric = [frame[c].dtype.kind in "iuf" for c in frame.columns]
            out.append("| " + " | ".join(_escape(str(c)) for c in frame.columns) + " |")
            out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
            for row in frame.itertuples(index=False):
                out.append(
                    "| "
                    + " | ".join(
                        _escape(
                            cell(v, column=str(c), as_percent=c in table.percent, gap=table.gaps)
                        )
                        for c, v in zip(frame.columns, row, strict=True)
                    )
                    + " |"
                )
            out.append("")
        if table.note:
            out += [f"_{_escape(table.note)}_", ""]
    if report.alerts:
        out += ["## Alertes", ""]
        for alert in report.alerts:
            detail = (
                f" (`pcaet report {alert.view}`)"
                if alert.view and alert.view != report.view
                else ""
            )
            out.append(f"- {_escape(alert.message)}{detail}")
        out.append("")
    return "\n".join(out)
