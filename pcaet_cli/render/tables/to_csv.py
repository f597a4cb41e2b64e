"""One table as CSV: as Excel in France reads it (`excel-fr`: `;` separator, decimal
comma) or as other tools expect it (`comma`); numbers rounded to what they mean
(`kinds`: a share to 0.1 %, not 0,8749999999999999)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pcaet_cli.render.tables.kinds import column_kind, rounded
from pcaet_cli.render.tables.values import file_cell, plain

if TYPE_CHECKING:
    # pandas only when a table is written: `pcaet export` takes `Dialect` from here for
    # its options, and the CLI starts without pandas (`pcaet lint` must not pay for it).
    from pcaet_cli.reports.model import NumberKind, Table

Dialect = Literal["excel-fr", "comma"]
BOM = "\ufeff"


def _cell(value: Any, decimal: str, as_held: bool, kind: NumberKind | None) -> Any:
    value = rounded(plain(value), kind)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return repr(value).replace(".", decimal)
    if isinstance(value, date):
        return value.isoformat()
    return file_cell(value, as_held=as_held)


def render(table: Table, dialect: Dialect = "excel-fr", *, to_file: bool) -> str:
    """The BOM is what makes Excel read a file as UTF-8: written in a file of the
    `excel-fr` dialect only, never to a terminal or a pipe (a program reading the
    stream does not want it), nor for the tools of the `comma` dialect."""
    separator, decimal = (";", ",") if dialect == "excel-fr" else (",", ".")
    held = table.text_as_held
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    headers = [str(c) for c in table.frame.columns]
    kinds = [column_kind(table, h) for h in headers]
    writer.writerow([file_cell(h, as_held=held) for h in headers])
    for row in table.frame.itertuples(index=False, name=None):
        writer.writerow([_cell(v, decimal, held, k) for v, k in zip(row, kinds, strict=True)])
    text = out.getvalue()
    return BOM + text if to_file and dialect == "excel-fr" else text
