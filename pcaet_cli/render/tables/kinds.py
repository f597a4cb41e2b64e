"""What a column's numbers mean, and so how files round them (CSV, XLSX) and show them
(XLSX number formats): euros to the cent, shares to 0.1 %, ETP to the hundredth, years
without a thousands separator.

A table says it (`Table.percent`, `Table.kinds`); otherwise the header does: « € » for
euros, « ETP » for full-time equivalents, « Année » for years."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Not at run time: reports.model imports pandas, which the CLI starts without
    # (`pcaet export` takes its options from to_csv, which imports this module).
    from pcaet_cli.reports.model import NumberKind, Table

_ETP = re.compile(r"\bETP\b")

PLACES: dict[NumberKind, int] = {"euro": 2, "percent": 3, "etp": 2, "year": 0, "count": 0}
"""Decimal places each kind keeps: a share of 0.1 % is 0.001."""

_SIGNIFICANT = 12
"""Other decimals keep 12 significant digits: what binary arithmetic adds beyond them
(0.30000000000000004) is noise, what a register measures is far above it."""

FORMATS: dict[NumberKind, str] = {
    # As Excel in French writes its own formats: shown « 1 234 € », « 87,5 % », « 0,25 ».
    "euro": '#,##0\\ "€"',
    "percent": "0.0%",
    "etp": "0.00",
    "year": "0",
    "count": "#,##0",
    "decimal": "#,##0.###",
}
DATE_FORMAT = "dd/mm/yyyy"
"""A French reader's jj/mm/aaaa."""


def column_kind(table: Table, header: str) -> NumberKind | None:
    """What the numbers under `header` are; None: counts and decimals, told apart by
    their values."""
    if header in table.kinds:
        return table.kinds[header]
    if header in table.percent:
        return "percent"
    if "€" in header:
        return "euro"
    if _ETP.search(header):
        return "etp"
    if header.startswith("Année"):
        return "year"
    return None


def rounded(value: Any, kind: NumberKind | None) -> Any:
    """`value` rounded to what it means; a whole number as an integer (2024, not
    2024.0). Anything but a number (text, a date, a boolean, None) is returned as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return value
        if kind is None or kind == "decimal":
            value = float(f"{value:.{_SIGNIFICANT}g}")
        else:
            value = round(value, PLACES[kind])
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
    return value


def number_format(value: Any, kind: NumberKind | None) -> str | None:
    """The XLSX number format of a cell (already `rounded`), None for the default."""
    if isinstance(value, date | datetime):
        return DATE_FORMAT
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if kind is not None and kind != "decimal":
        return FORMATS[kind]
    # A whole number under "#,##0.###" would end in a decimal point in Excel (« 12, »).
    return FORMATS["count"] if isinstance(value, int) else FORMATS["decimal"]
