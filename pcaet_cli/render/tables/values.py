"""Cell values for machine formats (JSON, CSV, XLSX): native numbers, ISO dates, None
for nothing, and user text made safe for spreadsheets."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from pcaet_cli.textsafe import spreadsheet_text, visible


def plain(value: Any) -> Any:
    """numpy and pandas scalars → Python; NaN → None."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def json_value(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def file_cell(value: Any, *, as_held: bool) -> Any:
    """A value for a CSV or a workbook, never a formula: spreadsheet software runs text
    starting with `=`, `+`, `-` or `@` (CSV injection), and titles and names come from
    anyone who can open a merge request. Unless kept `as_held`, text has its control
    characters written out (a workbook cannot hold them, a CSV may go to a terminal)."""
    if isinstance(value, str) and not as_held:
        value = visible(value, lines=True)
    return spreadsheet_text(value)
