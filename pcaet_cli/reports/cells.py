"""How one cell of a report reads in text formats (terminal, Markdown): French numbers,
percentages, dates, yes/no, and a dash for nothing."""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

from pcaet_cli.french import number, percent, points

if TYPE_CHECKING:
    from pcaet_cli.reports.model import Table

MISSING = "—"
GAP = "·"
MARK = "▲"
"""The sign after a marked cell (`Table.marks`): an overload, not told by colour alone."""


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def cell(
    value: Any,
    *,
    column: str = "",
    as_percent: bool = False,
    gap: bool = False,
    signed: bool = False,
    blank_zero: bool = False,
) -> str:
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        if gap and value == 0:
            return GAP
        if blank_zero and value == 0:
            return ""
        if column.startswith("Année") and float(value).is_integer():
            return str(int(value))  # a year, not a quantity: no thousands separator
        if as_percent and signed:
            return points(float(value))  # a difference of shares
        sign = "+" if signed and value > 0 else ""
        if as_percent:
            return sign + percent(float(value))
        if float(value).is_integer():
            return sign + number(float(value), 0)
        return sign + number(float(value))
    return str(value)


def table_cell(table: Table, record: dict[Any, Any], column: Any, position: int) -> str:
    """One cell of `table` as text formats show it, with its mark if it has one."""
    text = cell(
        record[column],
        column=str(column),
        as_percent=column in table.percent,
        signed=column in table.signed,
        gap=table.gaps,
        blank_zero=table.blank_zero,
    )
    return f"{text} {MARK}" if (position, str(column)) in table.marks else text


def indented(text: str, level: Any, pad: str = "  ") -> str:
    """A territory's name under its parent: one `pad` per level of the hierarchy."""
    return pad * int(level) + text if isinstance(level, int | float) and level > 0 else text
