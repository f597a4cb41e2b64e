"""A report in the terminal: one rich table per table, gaps made visible without colour
(a dot), alerts last."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from pcaet_cli.render.report.cells import GAP, cell
from pcaet_cli.reports.model import Report


def render(report: Report, console: Console) -> None:
    console.print(f"[bold]{escape(report.title)}[/bold]")
    for table in report.tables:
        console.print()
        view = RichTable(
            title=escape(table.title),
            title_justify="left",
            title_style="bold",
            show_lines=False,
            header_style="bold",
            pad_edge=False,
        )
        frame = table.frame
        numeric = [frame[c].dtype.kind in "iuf" for c in frame.columns]
        for name, is_num in zip(frame.columns, numeric, strict=True):
            header = table.short.get(str(name), str(name))
            view.add_column(escape(header), justify="right" if is_num else "left", overflow="fold")
        for row in frame.itertuples(index=False):
            cells = []
            for name, value in zip(frame.columns, row, strict=True):
                text = cell(
                    value, column=str(name), as_percent=name in table.percent, gap=table.gaps
                )
                cells.append(f"[red]{GAP}[/red]" if text == GAP else escape(text))
            view.add_row(*cells)
        if frame.empty:
            console.print(f"[bold]{escape(table.title)}[/bold]")
            console.print("  (aucune ligne)")
        else:
            console.print(view)
        if table.note:
            console.print(f"[dim]{escape(table.note)}[/dim]")
    if report.alerts:
        console.print()
        console.print("[bold]Alertes[/bold]")
        for alert in report.alerts:
            marker = "!" if alert.level == "alerte" else "i"
            detail = (
                f"  → pcaet report {alert.view}" if alert.view and report.view != alert.view else ""
            )
            console.print(f" {marker} {escape(alert.message)}[dim]{escape(detail)}[/dim]")
