"""Tables that fit the terminal: the one layout of every terminal view.

A word or a number is never split: lines break only at ordinary spaces (U+0020), so
"28 722 000 €" (narrow no-break spaces) and "60 %" (no-break space) stay whole; a word
wider than its whole column ends in an ellipsis instead of going on the next line.
Numbers keep their natural width, right-aligned. Text columns start at their longest
word (a label column at least `LABEL_MIN`) and share what is left. A table that cannot
hold its words side by side, or a wide one under `WIDE` columns whose rows would grow
tall, is shown one record per block (« Colonne : valeur » lines).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rich.cells import cell_len as rich_cell_len
from rich.cells import set_cell_size
from rich.text import Span, Text

ELLIPSIS = "…"
SEPARATOR = "  "
LABEL_MIN = 20
"""A label column (the first text one) gets at least this much room when it needs it."""
TEXT_MIN = 10
WIDE = 90
"""Under this width, a table whose rows would average more than `TALL` lines is shown
one record per block."""
TALL = 2.0
RULE = "─"


# The characters a cell of French text is mostly made of (ASCII, Latin letters with their
# accents, French punctuation, no-break spaces, €) that rich counts one cell each: a text
# of them only is as wide as it is long, and is not measured character by character
# (a national register's table measures hundreds of thousands of cells).
_ONE_CELL = re.compile(
    "[{}]*".format(
        "".join(
            re.escape(ch)
            for ch in map(
                chr, [*range(0x20, 0x7F), *range(0xA0, 0x300), *range(0x2000, 0x2070), 0x20AC]
            )
            if ch.isprintable() and rich_cell_len(ch) == 1
        )
    )
)


def cell_len(text: str) -> int:
    """The cells `text` takes in the terminal, as rich counts them."""
    return len(text) if _ONE_CELL.fullmatch(text) else rich_cell_len(text)


OPENING = ("«", "(", "[", "—", "–")
CLOSING = ("»", ":", ";", "!", "?", ")", "]", "%", "€")


def words(text: str) -> list[str]:
    """The unbreakable pieces of one line: split only at ordinary spaces, and never
    between a French mark and its word (« mot », mot : , 60 %)."""
    out: list[str] = []
    glue = False
    for word in (w for w in text.split(" ") if w):
        if out and (glue or word in CLOSING):
            out[-1] += " " + word
        else:
            out.append(word)
        glue = word in OPENING
    return out


# A table asks the same cells again and again (each column's least and natural width,
# for each width tried), and many cells repeat (« ✓ », a service's name): both measures
# are kept by text.
@lru_cache(maxsize=2**16)
def longest_word(text: str) -> int:
    return max((cell_len(w) for line in text.split("\n") for w in words(line)), default=0)


@lru_cache(maxsize=2**16)
def natural(text: str) -> int:
    return max((cell_len(" ".join(words(line))) for line in text.split("\n")), default=0)


def shorten(word: str, width: int) -> str:
    """`word` cut to `width` cells with an ellipsis, never carried over."""
    if cell_len(word) <= width:
        return word
    return set_cell_size(word, max(width - 1, 0)) + ELLIPSIS if width > 0 else ""


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken only at ordinary spaces."""
    # Most cells fit on their one line as they are (single spaces, none at the ends).
    if (
        "\n" not in text
        and "  " not in text
        and text.strip(" ") == text
        and cell_len(text) <= width
    ):
        return [text]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in words(paragraph):
            word = shorten(word, width)
            if not current:
                current = word
            elif cell_len(current) + 1 + cell_len(word) <= width:
                current += " " + word
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return lines or [""]


@dataclass(frozen=True, slots=True)
class Row:
    cells: Sequence[str]
    indent: int = 0
    """Cells of indentation before the first cell (a territory under its parent)."""
    styles: dict[int, str] = field(default_factory=dict)
    """Rich style of some cells, by position (never the only sign of anything)."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A section of the rows, drawn as a rule with its text: not told apart by bold."""

    text: str


@dataclass(frozen=True, slots=True)
class Grid:
    headers: Sequence[str]
    numeric: Sequence[bool]
    rows: Sequence[Row | Heading]
    wide: bool = False
    """May be shown one record per block under `WIDE` columns."""


def _minimum(grid: Grid, column: int, label: int | None) -> int:
    header = grid.headers[column]
    cells = [r.cells[column] for r in grid.rows if isinstance(r, Row)]
    indents = [r.indent if column == 0 else 0 for r in grid.rows if isinstance(r, Row)]
    if grid.numeric[column]:
        return max([longest_word(header)] + [natural(c) for c in cells])
    least = max(
        [longest_word(header)] + [longest_word(c) + i for c, i in zip(cells, indents, strict=True)]
    )
    floor = LABEL_MIN if column == label else TEXT_MIN
    return max(least, min(_natural(grid, column), floor))


def _natural(grid: Grid, column: int) -> int:
    rows = [r for r in grid.rows if isinstance(r, Row)]
    return max(
        [natural(grid.headers[column])]
        + [natural(r.cells[column]) + (r.indent if column == 0 else 0) for r in rows]
    )


def widths(grid: Grid, width: int) -> list[int] | None:
    """Each column's width, or None when the words cannot stand side by side."""
    count = len(grid.headers)
    label = next((i for i in range(count) if not grid.numeric[i]), None)
    sizes = [_minimum(grid, i, label) for i in range(count)]
    room = width - sum(sizes) - cell_len(SEPARATOR) * (count - 1)
    if room < 0:
        return None
    wanted = [_natural(grid, i) for i in range(count)]
    # A number's header on one line first, when it can be: « Axe 1 », not « Axe » over « 1 ».
    for i in range(count):
        if grid.numeric[i] and 0 < wanted[i] - sizes[i] <= room:
            room -= wanted[i] - sizes[i]
            sizes[i] = wanted[i]
    # The text column with the smallest share of its natural width grows first: a
    # short name reaches one line before a long title grows from two lines to one.
    while room > 0:
        short = [i for i in range(count) if sizes[i] < wanted[i]]
        if not short:
            break
        grow = min(short, key=lambda i: (sizes[i] / wanted[i], i))
        sizes[grow] += 1
        room -= 1
    return sizes


def _lines(grid: Grid, sizes: list[int], row: Row) -> list[list[str]]:
    cells = []
    for i, text in enumerate(row.cells):
        indent = row.indent if i == 0 else 0
        if grid.numeric[i]:
            cells.append([line.rjust(sizes[i]) for line in text.split("\n")])
        else:
            wrapped = wrap(text, sizes[i] - indent)
            cells.append([" " * indent + line for line in wrapped])
    return cells


def _height(grid: Grid, sizes: list[int]) -> float:
    rows = [r for r in grid.rows if isinstance(r, Row)]
    if not rows:
        return 0.0
    return sum(max(len(c) for c in _lines(grid, sizes, r)) for r in rows) / len(rows)


def _pad(text: str, size: int, right: bool) -> str:
    gap = " " * max(size - cell_len(text), 0)
    return gap + text if right else text + gap


def table_lines(grid: Grid, sizes: list[int]) -> list[Text]:
    total = sum(sizes) + cell_len(SEPARATOR) * (len(sizes) - 1)
    out: list[Text] = []
    headers = [wrap(h, s) for h, s in zip(grid.headers, sizes, strict=True)]
    tall = max(len(h) for h in headers)
    for n in range(tall):
        # Headers sit on their last line, like numbers on their column's right.
        parts = [
            _pad(h[n - tall + len(h)] if n >= tall - len(h) else "", s, grid.numeric[i])
            for i, (h, s) in enumerate(zip(headers, sizes, strict=True))
        ]
        out.append(Text(SEPARATOR.join(parts).rstrip(), style="bold"))
    out.append(Text(SEPARATOR.join(RULE * s for s in sizes)))
    for row in grid.rows:
        if isinstance(row, Heading):
            for line in wrap(row.text, max(total - 3, 1)):
                rule = f"{RULE} {line} "
                out.append(Text(rule + RULE * max(total - cell_len(rule), 0), style="bold"))
            continue
        cells = _lines(grid, sizes, row)
        for n in range(max(len(c) for c in cells)):
            segments: list[tuple[str, str]] = []
            for i, lines in enumerate(cells):
                if i:
                    segments.append((SEPARATOR, ""))
                piece = _pad(lines[n] if n < len(lines) else "", sizes[i], grid.numeric[i])
                segments.append((piece, row.styles.get(i, "")))
            out.append(_joined(segments, rstrip=True))
    return out


def record_lines(grid: Grid, width: int) -> list[Text]:
    """One block per row: its first cell, then « Colonne : valeur » for every other cell
    that holds something, short ones side by side (« · » between them)."""
    out: list[Text] = []
    for row in grid.rows:
        if isinstance(row, Heading):
            for line in wrap(row.text, max(width - 3, 1)):
                rule = f"{RULE} {line} "
                out.append(Text(rule + RULE * max(width - cell_len(rule), 0), style="bold"))
            continue
        indent = " " * row.indent
        for line in wrap(row.cells[0], max(width - row.indent, 1)):
            out.append(Text(indent + line, style="bold"))
        room = max(width - row.indent - 2, 8)
        current: list[tuple[str, str]] = []
        used = 0
        pairs = zip(grid.headers[1:], row.cells[1:], strict=True)
        for i, (header, value) in enumerate(pairs, start=1):
            if not value.strip():
                continue
            style = row.styles.get(i, "")
            pair = [(f"{header} : ", ""), (value, style)]
            size = cell_len(pair[0][0]) + cell_len(value)
            if current and used + 3 + size <= room:
                current += [(" · ", ""), *pair]
                used += 3 + size
                continue
            if current:
                out.append(_joined([(f"{indent}  ", ""), *current]))
            if size <= room:
                current, used = pair, size
                continue
            # Too long for one line: its own lines, broken at spaces.
            current, used = [], 0
            for line in wrap(f"{header} : {value}", room):
                out.append(Text(f"{indent}  {line}", style=style))
        if current:
            out.append(_joined([(f"{indent}  ", ""), *current]))
    return out


def _joined(parts: list[tuple[str, str]], rstrip: bool = False) -> Text:
    """One line of (text, style) parts, made at once: a national register's table is
    tens of thousands of lines, and rich's `append` measures the line at every part."""
    plain = "".join(text for text, _ in parts)
    if rstrip:
        plain = plain.rstrip()
    spans: list[Span] = []
    start = 0
    for text, style in parts:
        end = min(start + len(text), len(plain))
        if style and end > start:
            spans.append(Span(start, end, style))
        start += len(text)
    return Text(plain, spans=spans)


def layout(grid: Grid, width: int) -> list[Text]:
    """The grid as lines of at most `width` cells: side by side when the words fit, one
    record per block otherwise."""
    sizes = widths(grid, width)
    if sizes is None or (
        grid.wide and width < WIDE and len(grid.headers) > 2 and _height(grid, sizes) > TALL
    ):
        return record_lines(grid, width)
    return table_lines(grid, sizes)
