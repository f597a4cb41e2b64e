"""A report in the terminal: one rich table per table, gaps made visible without colour
(a dot), alerts last."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table as RichTable

from pcaet_cli.render.markup import literal
from pcaet_cli.reports.cells import GAP, cell, indented
from pcaet_cli.reports.model import Report


def render(report: Report, console: Console) -> None:
    console.print(f"[bold]{literal(report.title)}[/bold]")
    for table in report.tables:
        console.print()
        view = RichTable(
            title=literal(table.title),
            title_justify="left",
            title_style="bold",
            show_lines=False,
            header_style="bold",
            pad_edge=False,
        )
        frame = table.frame
        hidden = {*table.terminal_hide, table.group, table.level}
        shown = [c for c in frame.columns if c not in hidden]
        for name in shown:
            header = table.short.get(str(name), str(name))
            numeric = frame[name].dtype.kind in "iuf"
            view.add_column(
                literal(header), justify="right" if numeric else "left", overflow="fold"
            )
        current: object = object()
        for record in frame.to_dict("records"):
            if table.group is not None and record[table.group] != current:
                current = record[table.group]
                heading = cell(current) if current == current else "Autres acteurs"
                view.add_row(f"[bold]{literal(heading)}[/bold]", end_section=False)
            cells = []
            for name in shown:
                text = cell(
                    record[name],
                    column=str(name),
                    as_percent=name in table.percent,
                    signed=name in table.signed,
                    gap=table.gaps,
                )
                cells.append(f"[red]{GAP}[/red]" if text == GAP else literal(text))
            if table.level is not None:
                cells[0] = indented(cells[0], record[table.level])
            view.add_row(*cells)
        if frame.empty:
            console.print(f"[bold]{literal(table.title)}[/bold]")
            console.print("  (aucune ligne)")
        else:
            console.print(view)
        if table.note:
            console.print(f"[dim]{literal(table.note)}[/dim]")
    if report.alerts:
        console.print()
        console.print("[bold]Alertes[/bold]")
        for alert in report.alerts:
            marker = "!" if alert.level == "alerte" else "i"
            detail = (
                f"  → pcaet report {alert.view}" if alert.view and report.view != alert.view else ""
            )
            console.print(f" {marker} {literal(alert.message)}[dim]{literal(detail)}[/dim]")
