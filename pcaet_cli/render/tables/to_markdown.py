"""One table as Markdown: its title as a heading, numbers aligned right, French cells
(the same `cell` as the terminal), its note in italics."""

from __future__ import annotations

from pcaet_cli.reports.cells import indented, table_cell
from pcaet_cli.reports.model import Table
from pcaet_cli.textsafe import visible


def escape(text: str) -> str:
    """User text kept literal on one line: no terminal control, no table cell split."""
    text = visible(text, lines=True)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render(table: Table) -> list[str]:
    """The table's lines, a blank line after each block."""
    out = [f"## {escape(table.title)}", ""]
    frame = table.frame
    if frame.empty:
        out += ["_(aucune ligne)_", ""]
    else:
        columns = [c for c in frame.columns if c != table.level]
        numeric = [frame[c].dtype.kind in "iuf" for c in columns]
        out.append("| " + " | ".join(escape(str(c)) for c in columns) + " |")
        out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
        for position, record in enumerate(frame.to_dict("records")):
            cells = [escape(table_cell(table, record, c, position)) for c in columns]
            if table.level is not None:
                # Markdown collapses spaces: non-breaking ones keep the indentation.
                cells[0] = indented(cells[0], record[table.level], "\u00a0\u00a0")
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    if table.legend and not frame.empty:
        out += [f"_{escape(line)}_" for line in table.legend] + [""]
    if table.note:
        out += [f"_{escape(table.note)}_", ""]
    return out
