"""A report in the terminal: each table laid out to the console's width (`render/fit`),
gaps made visible without colour (a dot), abbreviations explained under their table,
alerts last."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from pcaet_cli.render.fit import Grid, Heading, Row, layout, wrap
from pcaet_cli.reports.cells import GAP, is_missing, table_cell
from pcaet_cli.reports.model import Report, Table
from pcaet_cli.textsafe import visible

OTHERS = "Autres acteurs"


def _text(value: str) -> str:
    return visible(value, lines=True)


def grid(table: Table) -> Grid:
    """The rows of `table` as the terminal shows them."""
    frame = table.frame
    hidden = {*table.terminal_hide, table.group, table.level}
    shown = [c for c in frame.columns if c not in hidden]
    numeric = [frame[c].dtype.kind in "iuf" for c in shown]
    rows: list[Row | Heading] = []
    current: Any = object()
    for position, record in enumerate(frame.to_dict("records")):
        if table.group is not None:
            group = record[table.group]
            key = None if is_missing(group) else group
            if key != current:
                current = key
                rows.append(Heading(_text(OTHERS if key is None else str(key))))
        cells = [_text(table_cell(table, record, c, position)) for c in shown]
        level = record[table.level] if table.level is not None else 0
        indent = 2 * int(level) if isinstance(level, int | float) and level > 0 else 0
        styles = {i: "red" for i, text in enumerate(cells) if text == GAP}
        rows.append(Row(cells, indent, styles))
    headers = [_text(table.short.get(str(c), str(c))) for c in shown]
    return Grid(headers, numeric, rows, wide=table.wide)


def legend(table: Table) -> list[str]:
    """The abbreviated headers shown, each with its full header, then the table's own
    legend lines."""
    hidden = {*table.terminal_hide, table.group, table.level}
    pairs = [
        str(c)
        if str(c).startswith(table.short[str(c)] + " ")
        else f"{table.short[str(c)]}\u00a0=\u00a0{c}"
        for c in table.frame.columns
        if c not in hidden and table.short.get(str(c), str(c)) != str(c)
    ]
    # Short explanations run on; long ones (a domain's label) one per line.
    together = [" · ".join(pairs)] if max(map(len, pairs), default=0) <= 40 else pairs
    return (together if pairs else []) + list(table.legend)


def _paragraph(console: Console, text: str, style: str = "") -> None:
    for line in wrap(_text(text), console.width):
        console.print(Text(line, style=style), soft_wrap=True)


def _print_lines(console: Console, lines: list[Text]) -> None:
    """Lines already laid out to the console's width. Where rich would write no style
    (a pipe, a file: no colour system) and keeps no record, their text is written at
    once: a national register's table is tens of thousands of lines, each a rich
    rendering otherwise."""
    if console.color_system is None and not console.record:
        console.file.write("".join(f"{line.plain}\n" for line in lines))
        return
    for text in lines:
        console.print(text, soft_wrap=True)


def render_table(table: Table, console: Console) -> None:
    _paragraph(console, table.title, "bold")
    if table.frame.empty:
        console.print("  (aucune ligne)")
    else:
        _print_lines(console, layout(grid(table), console.width))
        for line in legend(table):
            _paragraph(console, line, "dim")
    if table.note:
        _paragraph(console, table.note, "dim")


def render(report: Report, console: Console) -> None:
    _paragraph(console, report.title, "bold")
    for table in report.tables:
        if not table.text:
            continue
        console.print()
        render_table(table, console)
    if report.alerts:
        console.print()
        console.print(Text("Alertes", style="bold"))
        for alert in report.alerts:
            marker = "!" if alert.level == "alerte" else "i"
            detail = (
                f" → pcaet report {alert.view}" if alert.view and report.view != alert.view else ""
            )
            lines = wrap(_text(alert.message) + detail, max(console.width - 3, 1))
            for n, line in enumerate(lines):
                console.print(Text(f" {marker if n == 0 else ' '} {line}"), soft_wrap=True)
