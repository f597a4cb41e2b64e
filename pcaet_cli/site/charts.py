"""Charts drawn as inline SVG when the site is built: no script, nothing to download,
they print and they work offline.

Each chart is an image with a title and a description (`role="img"`,
`aria-labelledby`); the page puts a table of the same figures next to it, which is the
text alternative a screen reader or a spreadsheet user reads. Every piece of text
interpolated here goes through `escape`: labels are user text. Colours are given as
attributes (not CSS) so that a chart looks the same printed or copied elsewhere, and
each has at least 3:1 contrast on white; a colour never carries meaning alone (values
are written beside bars, counts inside cells, series in a legend).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

INK = "#161616"
GRID = "#929292"
WHITE = "#ffffff"
TARGET = "#ce0500"
SERIES_COLOURS = ("#000091", "#18753c", "#b34000", "#6e445a", "#666666", "#006a6f", "#6a6af4")
# Heat levels, lightest to darkest, with the text colour that stays readable on each.
HEAT = (
    ("#fee9e7", INK),
    ("#e3e3fd", INK),
    ("#cacafb", INK),
    ("#a1a1f8", INK),
    ("#000091", WHITE),
)

_LABEL_WIDTH = 250
_BAR_WIDTH = 340
_VALUE_WIDTH = 150
_CHAR_WIDTH = 6.6
"""Average width of a 12px character of the system sans-serif fonts, to cut labels."""

Format = Callable[[float], str]


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float | None]
    colour: str


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


_DISTINCT_END = re.compile(r"\s\([^()]{1,12}\)$")
"""A label's short last part in parentheses, « (2025) »: what tells apart the bars of
one person's years, kept whole when the name before it is cut."""


def _fit(label: str, width: float) -> str:
    limit = max(int(width / _CHAR_WIDTH), 4)
    if len(label) <= limit:
        return label
    end = _DISTINCT_END.search(label)
    tail = end.group(0) if end and len(end.group(0)) < limit - 4 else ""
    head = label[: len(label) - len(tail)]
    return head[: limit - len(tail) - 1].rstrip() + "…" + tail


def _text(
    x: float,
    y: float,
    label: str,
    *,
    anchor: str = "start",
    fill: str = INK,
    width: float | None = None,
    weight: str | None = None,
) -> str:
    """A text element; cut to `width` pixels, with the whole label as its tooltip."""
    shown = _fit(label, width) if width is not None else label
    tooltip = f"<title>{escape(label)}</title>" if shown != label else ""
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="{fill}"{bold}>'
        f"{tooltip}{escape(shown)}</text>"
    )


def _svg(
    ident: str, width: float, height: float, title: str, description: str, body: str
) -> Markup:
    key = escape(ident)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graphique" role="img" '
        f'focusable="false" viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" '
        f'height="{_n(height)}" aria-labelledby="{key}-titre {key}-desc">'
        f'<title id="{key}-titre">{escape(title)}</title>'
        f'<desc id="{key}-desc">{escape(description)}</desc>{body}</svg>'
    )


def _legend(entries: Sequence[tuple[str, str, str]], y: float, width: float) -> tuple[str, float]:
    """Swatches with their names, wrapped to `width`; entries are (name, colour, shape)
    with shape "rect" or "line" (a target). Returns the markup and its height."""
    parts: list[str] = []
    x, row = 0.0, 0
    for name, colour, shape in entries:
        span = 22 + min(len(name), 40) * _CHAR_WIDTH + 16
        if x > 0 and x + span > width:
            x, row = 0.0, row + 1
        top = y + row * 20
        if shape == "line":
            parts.append(
                f'<line x1="{_n(x + 7)}" x2="{_n(x + 7)}" y1="{_n(top)}" y2="{_n(top + 14)}" '
                f'stroke="{colour}" stroke-width="3"/>'
            )
        else:
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(top + 1)}" width="14" height="12" fill="{colour}"/>'
            )
        parts.append(_text(x + 20, top + 11, name, width=40 * _CHAR_WIDTH))
        x += span
    return "".join(parts), (row + 1) * 20 + 6


def bar_chart(
    ident: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Format,
    *,
    targets: Sequence[float | None] | None = None,
    target_name: str = "Cible",
) -> Markup:
    """Horizontal bars, one group per category (one bar per series), the value written
    at the end of each bar; `targets` draws a red mark per category (a share's target,
    a person's available time)."""
    width = _LABEL_WIDTH + _BAR_WIDTH + _VALUE_WIDTH
    values = [v for s in series for v in s.values if v is not None]
    marks = [t for t in targets or [] if t is not None]
    scale = max([*values, *marks, 0.0]) or 1.0
    entries = [(s.name, s.colour, "rect") for s in series] if len(series) > 1 else []
    if marks:
        entries.append((target_name, TARGET, "line"))
    parts: list[str] = []
    top = 0.0
    if entries:
        legend, used = _legend(entries, 0, width)
        parts.append(legend)
        top = used
    bar = 16.0
    group = bar * len(series) + 10
    for i, category in enumerate(categories):
        y = top + i * group
        parts.append(_text(0, y + group / 2 + 2, category, width=_LABEL_WIDTH - 8))
        target = targets[i] if targets is not None else None
        # Values are written past the target mark, which would otherwise cross them.
        tx = _LABEL_WIDTH + target / scale * _BAR_WIDTH if target is not None else 0.0
        for j, s in enumerate(series):
            value = s.values[i]
            by = y + j * bar + 3
            if value is None:
                parts.append(_text(_LABEL_WIDTH + 4, by + 12, "non renseigné", fill=GRID))
                continue
            length = max(value, 0.0) / scale * _BAR_WIDTH
            parts.append(
                f'<rect x="{_LABEL_WIDTH}" y="{_n(by)}" width="{_n(length)}" '
                f'height="{_n(bar - 3)}" fill="{s.colour}"/>'
            )
            # Past the target mark the value could be read as the mark's: it says both.
            shown = fmt(value) if target is None else f"{fmt(value)} sur {fmt(target)}"
            parts.append(_text(max(_LABEL_WIDTH + length, tx) + 4, by + 11, shown))
        if target is not None:
            parts.append(
                f'<line x1="{_n(tx)}" x2="{_n(tx)}" y1="{_n(y + 1)}" y2="{_n(y + group - 8)}" '
                f'stroke="{TARGET}" stroke-width="3"/>'
            )
    axis_top = top
    height = top + group * len(categories) + 4
    parts.append(
        f'<line x1="{_LABEL_WIDTH}" x2="{_LABEL_WIDTH}" y1="{_n(axis_top)}" '
        f'y2="{_n(height - 4)}" stroke="{GRID}"/>'
    )
    return _svg(ident, width, height, title, description, "".join(parts))


def stacked_bar_chart(
    ident: str,
    title: str,
    description: str,
    categories: Sequence[str],
    segments: Sequence[tuple[str, str]],
    values: Sequence[Sequence[float]],
    fmt: Format,
) -> Markup:
    """One horizontal bar per category split into `segments` (name, colour), with a
    legend and each bar's total at its end; `values[i][j]` is category i, segment j."""
    width = _LABEL_WIDTH + _BAR_WIDTH + _VALUE_WIDTH
    totals = [sum(row) for row in values]
    scale = max([*totals, 0.0]) or 1.0
    shown = [
        (name, colour, "rect")
        for j, (name, colour) in enumerate(segments)
        if any(row[j] for row in values)
    ]
    legend, top = _legend(shown, 0, width)
    parts = [legend]
    row_height = 24.0
    for i, category in enumerate(categories):
        y = top + i * row_height
        parts.append(_text(0, y + 15, category, width=_LABEL_WIDTH - 8))
        x = float(_LABEL_WIDTH)
        for j, (name, colour) in enumerate(segments):
            value = values[i][j]
            if value <= 0:
                continue
            length = value / scale * _BAR_WIDTH
            # A white edge between segments: neighbouring colours need not contrast.
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(y + 3)}" width="{_n(length)}" height="18" '
                f'fill="{colour}" stroke="{WHITE}" stroke-width="1">'
                f"<title>{escape(f'{category} — {name} : {fmt(value)}')}</title></rect>"
            )
            x += length
        parts.append(_text(x + 4, y + 16, fmt(totals[i])))
    height = top + row_height * len(categories) + 4
    return _svg(ident, width, height, title, description, "".join(parts))


def heat_level(value: float, highest: float) -> int:
    """0 for nothing (a gap worth seeing), then 1 to 4 by quarter of the highest value."""
    if value <= 0 or highest <= 0:
        return 0
    return min(4, 1 + int(3.999 * value / highest))


def heat_map(
    ident: str,
    title: str,
    description: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int]],
) -> Markup:
    """A grid of counts, darker for more, with each count written in its cell; empty
    cells (gaps) are tinted red and show 0."""
    label, cell, head = 170.0, 100.0, 40.0
    width = label + cell * len(columns)
    height = head + 28 * len(rows) + 2
    highest = max((v for row in values for v in row), default=0)
    parts: list[str] = []
    for j, column in enumerate(columns):
        parts.append(
            _text(label + j * cell + cell / 2, head - 8, column, anchor="middle", width=cell - 2)
        )
    for i, row in enumerate(rows):
        y = head + i * 28
        parts.append(_text(0, y + 18, row, width=label - 6))
        for j, value in enumerate(values[i]):
            fill, ink = HEAT[heat_level(value, highest)]
            x = label + j * cell
            parts.append(
                f'<rect x="{_n(x + 1)}" y="{_n(y + 1)}" width="{_n(cell - 2)}" height="26" '
                f'fill="{fill}"/>'
            )
            parts.append(_text(x + cell / 2, y + 19, str(value), anchor="middle", fill=ink))
    return _svg(ident, width, height, title, description, "".join(parts))


@dataclass(frozen=True, slots=True)
class IndicatorPoints:
    measured: Sequence[tuple[int, float]]
    start: tuple[int, float] | None
    target: tuple[int, float] | None


def indicator_chart(
    ident: str, title: str, description: str, points: IndicatorPoints, fmt: Format
) -> Markup:
    """A small chart of one indicator: its measures (line and dots), the straight
    trajectory from the initial value to the target (dashed) and the target (red)."""
    width, height = 320.0, 170.0
    left, right, top, bottom = 56.0, 16.0, 16.0, 34.0
    known = list(points.measured)
    if points.start:
        known.append(points.start)
    if points.target:
        known.append(points.target)
    if not known:
        return _svg(ident, width, 40, title, description, _text(0, 24, "Aucune mesure", fill=GRID))
    years = [y for y, _ in known]
    figures = [v for _, v in known]
    first, last = min(years), max(years)
    low, high = min([*figures, 0.0]), max(figures)
    if high == low:
        high = low + 1
    span_x = (last - first) or 1

    def x(year: int) -> float:
        return left + (year - first) / span_x * (width - left - right)

    def y(value: float) -> float:
        return top + (high - value) / (high - low) * (height - top - bottom)

    parts = [
        f'<line x1="{_n(left)}" x2="{_n(left)}" y1="{_n(top)}" y2="{_n(height - bottom)}" '
        f'stroke="{GRID}"/>',
        f'<line x1="{_n(left)}" x2="{_n(width - right)}" y1="{_n(height - bottom)}" '
        f'y2="{_n(height - bottom)}" stroke="{GRID}"/>',
        _text(left - 4, y(high) + 4, fmt(high), anchor="end"),
        _text(left - 4, y(low) + 4, fmt(low), anchor="end"),
        _text(x(first), height - bottom + 16, str(first), anchor="start"),
    ]
    if last != first:
        parts.append(_text(x(last), height - bottom + 16, str(last), anchor="end"))
    if points.start and points.target:
        (y0, v0), (y1, v1) = points.start, points.target
        parts.append(
            f'<line x1="{_n(x(y0))}" y1="{_n(y(v0))}" x2="{_n(x(y1))}" y2="{_n(y(v1))}" '
            f'stroke="{GRID}" stroke-width="2" stroke-dasharray="5 4"/>'
        )
    series = sorted(points.measured)
    if points.start and (not series or points.start[0] < series[0][0]):
        series.insert(0, points.start)
    if len(series) > 1:
        line = " ".join(f"{_n(x(a))},{_n(y(v))}" for a, v in series)
        parts.append(
            f'<polyline points="{line}" fill="none" stroke="{SERIES_COLOURS[0]}" '
            'stroke-width="2.5"/>'
        )
    for year, value in series:
        parts.append(
            f'<circle cx="{_n(x(year))}" cy="{_n(y(value))}" r="4" fill="{SERIES_COLOURS[0]}"/>'
        )
    if points.target:
        ty, tv = points.target
        cx, cy = x(ty), y(tv)
        parts.append(
            f'<path d="M{_n(cx)} {_n(cy - 7)} L{_n(cx + 7)} {_n(cy)} L{_n(cx)} {_n(cy + 7)} '
            f'L{_n(cx - 7)} {_n(cy)} Z" fill="{TARGET}"/>'
        )
        parts.append(_text(cx - 10, cy - 8, f"cible {fmt(tv)}", anchor="end", fill=TARGET))
    if points.measured:
        my, mv = max(points.measured)
        near_edge = x(my) > width - right - 40
        parts.append(
            _text(
                x(my) + (-6 if near_edge else 6),
                y(mv) + 16,
                fmt(mv),
                anchor="end" if near_edge else "start",
                weight="bold",
            )
        )
    return _svg(ident, width, height, title, description, "".join(parts))
