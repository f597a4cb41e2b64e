"""The one table model: titled tables (a report view's, the export's sheets, the site's),
with the alerts of a report. Every format is drawn from it by render/ and site/."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

import pandas as pd

Row = TypeVar("Row")

NumberKind = Literal["euro", "percent", "etp", "year", "count", "decimal"]
"""What a column's numbers are, for files: how they are rounded (CSV) and shown (XLSX)."""


@dataclass(frozen=True, slots=True)
class Column(Generic[Row]):
    """A header and how each row gives its value, declared together: a column added or
    moved takes its values with it, where a list of headers kept apart from the rows'
    lists of values silently shifts every column after it."""

    header: str
    value: Callable[[Row], Any]


def build_frame(
    columns: Sequence[Column[Row]], rows: Iterable[Row], *, exact: bool = False
) -> pd.DataFrame:
    """One row per item of `rows`, one column per declared column, in their order.

    By default pandas gives each column one type, which the views compute with (a count
    that is sometimes missing becomes a float). `exact` keeps each cell as its getter gave
    it, for files: an amount stays an integer where it is whole and a decimal elsewhere
    in the same column, and nothing becomes NaN."""
    data = [[column.value(row) for column in columns] for row in rows]
    headers = [column.header for column in columns]
    return pd.DataFrame(data, columns=headers, dtype=object if exact else None)


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart the spreadsheet draws from its table's cells (XLSX files only)."""

    title: str
    categories: str
    """The column naming the bars."""
    series: tuple[str, ...]
    """The columns drawn, one series each."""
    horizontal: bool = False
    """Bars rather than columns: long category names stay readable."""
    axis: str | None = None
    """What the values measure, written along the value axis."""


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
    """Columns of differences, shown with their sign (+3 ; a difference of shares in
    points: +1 point, −4 points)."""
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
    legend: tuple[str, ...] = ()
    """Lines under the table in text formats: what its letters and signs mean."""
    blank_zero: bool = False
    """A zero count means "none": text formats leave the cell blank (files keep 0)."""
    marks: frozenset[tuple[int, str]] = frozenset()
    """Cells (row position, column) that text formats follow with `cells.MARK` (an overload),
    a sign rather than a colour; files keep the bare number."""
    text: bool = True
    """Shown in the terminal and in Markdown; a table for machines only (the long form
    of a grid the text formats show) says False and is left to CSV, XLSX, JSON, site."""
    wide: bool = False
    """Too many columns for a narrow terminal: shown one record per block there."""
    text_as_held: bool = False
    """Files (CSV, XLSX) keep the text as the register holds it: the export's sheets are
    data for other tools. A report's text is shown with its control and bidi characters
    written out (`textsafe.visible`). Formulas are neutralised either way."""
    kinds: dict[str, NumberKind] = field(default_factory=dict)
    """What the numbers of a column are where neither `percent` nor the header says it
    (`render/tables/kinds.py` reads « € », « ETP », « Année » in headers): files round
    and format them by it."""
    frozen: int | None = None
    """Columns kept in view when a workbook scrolls sideways (identifier and title);
    None: found from the headers."""
    chart: Chart | None = None
    """A chart of the table, drawn beside it on a workbook's summary sheet."""


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
