"""Tables as the templates draw them: header texts, and rows of cells already written in
French (the same `cell` as the terminal and Markdown reports, so the site says what
`pcaet report` says), with their links and styles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from pcaet_cli.reports.cells import cell, is_missing
from pcaet_cli.reports.model import Table
from pcaet_cli.site.charts import heat_level


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    href: str | None = None
    """Relative to the site's root; the template prefixes the page's way back to it."""
    css: str = ""


@dataclass(frozen=True, slots=True)
class TableView:
    """A table whose first cell in each row names the row (th scope="row")."""

    ident: str
    caption: str
    headers: Sequence[str]
    numeric: Sequence[bool]
    rows: Sequence[Sequence[Cell]]
    note: str | None = None
    attributes: Sequence[Mapping[str, str]] = field(default_factory=tuple)
    """data-* attributes per row (the action list's filter reads them)."""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and not is_missing(value)


def from_report(
    table: Table,
    ident: str,
    action_pages: Mapping[str, str],
    *,
    row_links: Sequence[str | None] | None = None,
    hide: Sequence[str] = (),
) -> TableView:
    """A report table for the site. Identifier columns meant for machines are left out
    (`terminal_hide` and `hide`); an « Action » cell links to its page; `row_links`
    gives the page of each row's first cell (a territory's). In a table of gaps
    (coverage), counts are shaded like a heat map and zeros stand out."""
    frame = table.frame
    dropped = {table.level, *table.terminal_hide, *hide}
    columns = [str(c) for c in frame.columns if c not in dropped]
    numeric = [frame[c].dtype.kind in "iuf" for c in columns]
    records = frame.to_dict("records")
    highest = 0.0
    if table.gaps:
        highest = max(
            (float(r[c]) for r in records for c, n in zip(columns, numeric, strict=True) if n),
            default=0.0,
        )
    # What each column asks, looked up once per column rather than once per cell.
    specs = [
        (c, is_numeric, c in table.percent, c in table.signed, c == "Action")
        for c, is_numeric in zip(columns, numeric, strict=True)
    ]
    rows: list[list[Cell]] = []
    for i, record in enumerate(records):
        cells: list[Cell] = []
        for c, is_numeric, as_percent, signed, links in specs:
            value = record[c]
            if type(value) is str:  # most cells: a text reads as it is
                cells.append(Cell(value, action_pages.get(value) if links else None, ""))
                continue
            text = cell(value, column=c, as_percent=as_percent, signed=signed)
            css = "num" if is_numeric else ""
            if table.gaps and is_numeric and _is_number(value):
                css += f" chaleur h{heat_level(float(value), highest)}"
            cells.append(Cell(text, None, css))
        if row_links is not None and cells:
            cells[0] = Cell(cells[0].text, row_links[i], cells[0].css)
        if table.level is not None and cells:
            level = record[table.level]
            depth = min(int(level), 4) if _is_number(level) else 0
            cells[0] = Cell(cells[0].text, cells[0].href, f"{cells[0].css} niveau-{depth}".strip())
        rows.append(cells)
    return TableView(ident, table.title, columns, numeric, rows, table.note)


_NUMERIC = ' class="num"'


def table_html(table: TableView, root: str) -> Markup:
    """`table` in HTML, its links prefixed with `root` (the page's way back to the site's
    root). Written here rather than as a template macro: the tables of a register of
    10 000 actions hold 1 400 000 cells, and Jinja's loop over them was a quarter of
    the site's time. Every text is escaped, as the templates' autoescape does."""
    if not table.rows:
        return Markup(
            f'<p class="vide"><strong>{escape(table.caption)}</strong> : aucune ligne.</p>\n'
        )
    ident, back = escape(table.ident), escape(root)
    heads = "".join(
        f'<th scope="col"{_NUMERIC if numeric else ""}>{escape(header)}</th>'
        for header, numeric in zip(table.headers, table.numeric, strict=True)
    )
    lines = [
        f'<div class="defilement" role="region" aria-labelledby="{ident}-legende" tabindex="0">',
        f'<table id="{ident}">',
        f'<caption id="{ident}-legende">{escape(table.caption)}</caption>',
        "<thead>",
        f"<tr>{heads}</tr>",
        "</thead>",
        "<tbody>",
    ]
    for number, row in enumerate(table.rows):
        cells = []
        for position, item in enumerate(row):
            tag = "th" if position == 0 else "td"
            opening = '<th scope="row"' if position == 0 else "<td"
            css = f' class="{escape(item.css)}"' if item.css else ""
            text = escape(item.text)
            if item.href:
                text = Markup(f'<a href="{back}{escape(item.href)}">{text}</a>')
            cells.append(f"{opening}{css}>{text}</{tag}>")
        attributes = _attributes(table.attributes[number]) if table.attributes else ""
        lines.append(f"<tr{attributes}>{''.join(cells)}</tr>")
    lines += ["</tbody>", "</table>", "</div>"]
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return Markup("\n".join(lines) + "\n" + note)


def _attributes(values: Mapping[str, str]) -> str:
    """` key="value"` for each attribute with a value, as Jinja's `xmlattr` writes them
    (the keys are pcaet's own data-* names, never user text)."""
    shown = " ".join(f'{escape(k)}="{escape(v)}"' for k, v in values.items() if v is not None)
    return f" {shown}" if shown else ""
