"""What a report view returns: titled tables and alerts, rendered by render/report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd


@dataclass(frozen=True)
class Table:
    name: str
    """Machine name: sheet name, CSV file suffix, JSON key."""
    title: str
    frame: pd.DataFrame
    note: str | None = None
    gaps: bool = False
    """Zero counts are gaps worth seeing (coverage): renderers make them stand out."""
    percent: tuple[str, ...] = ()
    """Columns holding shares in [0, 1], shown as percentages."""
    signed: tuple[str, ...] = ()
    """Columns of differences, shown with their sign (+1 %, -4 %)."""
    level: str | None = None
    """Column giving each row's depth in the territory hierarchy: text renderers indent
    the first column by it and leave it out; files keep it as a plain number."""
    group: str | None = None
    """In the terminal, this column becomes section rows (the rows are sorted by it)."""
    terminal_hide: tuple[str, ...] = ()
    """Columns left out in the terminal (identifiers the files keep for machines)."""
    short: dict[str, str] = field(default_factory=dict)
    """Shorter headers for the terminal, where 100 columns must hold the table; files
    keep the full headers."""


@dataclass(frozen=True)
class Alert:
    level: Literal["alerte", "info"]
    message: str
    view: str | None = None
    """The view that details it (`pcaet report VIEW`)."""


@dataclass(frozen=True)
class Report:
    view: str
    title: str
    tables: list[Table]
    alerts: list[Alert] = field(default_factory=list)
