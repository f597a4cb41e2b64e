"""A report as Markdown, for the minutes of a steering committee."""

from __future__ import annotations

from pcaet_cli.reports.cells import cell, indented
from pcaet_cli.reports.model import Report
from pcaet_cli.textsafe import visible


def _escape(text: str) -> str:
    text = visible(text, lines=True)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render(report: Report) -> str:
    out = [f"# {_escape(report.title)}", ""]
    for table in report.tables:
        out += [f"## {_escape(table.title)}", ""]
        frame = table.frame
        if frame.empty:
            out += ["_(aucune ligne)_", ""]
        else:
            columns = [c for c in frame.columns if c != table.level]
            numeric = [frame[c].dtype.kind in "iuf" for c in columns]
            out.append("| " + " | ".join(_escape(str(c)) for c in columns) + " |")
            out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
            for record in frame.to_dict("records"):
                cells = [
                    _escape(
                        cell(
                            record[c],
                            column=str(c),
                            as_percent=c in table.percent,
                            signed=c in table.signed,
                            gap=table.gaps,
                        )
                    )
                    for c in columns
                ]
                if table.level is not None:
                    # Markdown collapses spaces: non-breaking ones keep the indentation.
                    cells[0] = indented(cells[0], record[table.level], "\u00a0\u00a0")
                out.append("| " + " | ".join(cells) + " |")
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
