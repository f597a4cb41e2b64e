"""`--format text`: diagnostics grouped by file, each with the offending line, a caret
under the column and the hint, then one count line.

Colour is only an aid: without it every piece of information is still in the text.
User text goes into `Text` objects, never into markup strings, so neither `[P012]` nor
`:word:` in a message is taken for rich markup or an emoji code, and its control
characters are written out (`visible`), so that none reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from pcaet_cli.diagnostic import Diagnostic, Severity
from pcaet_cli.lint.result import LintResult
from pcaet_cli.render.diagnostics.counts import count_line
from pcaet_cli.textsafe import visible

DEFAULT_WIDTH = 100
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold blue"}
_MARGIN = "  "
_SOURCE_MARGIN = "    "
_MIN_ROOM = 20
"""Narrowest column kept for a message or a source line, however narrow the terminal."""


def render(
    result: LintResult, out: TextIO, *, color: bool = False, width: int | None = None
) -> None:
    console = Console(
        emoji=False,
        file=out,
        force_terminal=color,
        no_color=not color,
        width=width or DEFAULT_WIDTH,
        highlight=False,
        soft_wrap=False,
    )
    write = _Lines(console, out, color)
    groups: dict[str, list[Diagnostic]] = {}
    for d in result.diagnostics:
        groups.setdefault(d.path, []).append(d)
    for path, diagnostics in groups.items():
        write((visible(path), "bold underline"))
        _render_file(write, diagnostics, result.sources.get(path, ()))
        write()
    style = "bold green" if not result.diagnostics else "bold"
    write((count_line(result), style))


Part = str | tuple[str, str] | Text
"""A piece of a line: text, text with its style, or rich text (as Text.assemble takes)."""


class _Lines:
    """Writes one laid-out line, given in parts. Without colour, a line that fits is
    written as its plain text: what rich would print, at a fraction of the cost (a lint
    with 100 000 findings prints some 500 000 lines); a line that does not fit, and
    every line in colour, goes through rich."""

    def __init__(self, console: Console, out: TextIO, color: bool) -> None:
        self.console = console
        self.out = out
        self.plain = not color
        self.width = console.width  # a property that asks the environment each time
        self.wrapped: dict[tuple[str, int], list[Text]] = {}
        """Texts already wrapped, by text and room: the same message and hint come back
        on every action that makes the same mistake."""

    def wrap(self, body: str, room: int) -> list[Text]:
        lines = self.wrapped.get((body, room))
        if lines is None:
            lines = list(Text(body).wrap(self.console, room, overflow="fold"))
            for line in lines:
                line.rstrip()
            self.wrapped[body, room] = lines
        return lines

    def __call__(self, *parts: Part, plain: str | None = None) -> None:
        """Write `parts`; `plain`, when given, is their text (saves joining them)."""
        if self.plain:
            text = _plain(parts) if plain is None else plain
            if "\n" not in text and _fits(text, self.width):
                self.out.write(text + "\n")
                return
        self.console.print(Text.assemble(*parts))


def _plain(parts: Sequence[Part]) -> str:
    return "".join(
        [p[0] if isinstance(p, tuple) else p if isinstance(p, str) else p.plain for p in parts]
    )


def _cells(text: str) -> int:
    """`cell_len`, without its table lookups for printable ASCII text (one cell per
    character; a control character takes none)."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def _fits(text: str, room: int) -> bool:
    """Whether `text` takes at most `room` cells: no character takes more than two, so
    most lines need no measuring."""
    return 2 * len(text) <= room or _cells(text) <= room


def _render_file(write: _Lines, diagnostics: list[Diagnostic], source: Sequence[str]) -> None:
    # Widths are shared within a file so that labels, codes and messages line up.
    where_width = max(len(_where(d)) for d in diagnostics)
    label_width = max(len(d.severity.label) for d in diagnostics)
    code_width = max(len(d.code) for d in diagnostics)
    number_width = max(len(str(d.line)) for d in diagnostics)
    # Both prefixes below are as wide on every finding of the file.
    header_width = len(_MARGIN) + where_width + label_width + code_width + 6
    arrow_width = len(_SOURCE_MARGIN) + number_width + 3
    for d in diagnostics:
        where, label = _where(d), d.severity.label
        header: list[Part] = [
            _MARGIN,
            (where, "dim"),
            " " * (where_width - len(where) + 2),
            (label, _STYLE[d.severity]),
            " " * (label_width - len(label) + 2),
            (d.code, "bold"),
            " " * (code_width - len(d.code) + 2),
        ]
        _print_hanging(write, header, header_width, visible(d.message, lines=True))
        if 1 <= d.line <= len(source):
            _print_source(write, d, source[d.line - 1], number_width)
        if d.hint is not None:
            # The arrow stands where the source gutter has its bar.
            arrow: list[Part] = [_SOURCE_MARGIN + " " * number_width, " ", ("→", "green"), " "]
            _print_hanging(write, arrow, arrow_width, visible(d.hint, lines=True))


def _where(d: Diagnostic) -> str:
    return f"{d.line}:{d.column}"


def _print_hanging(write: _Lines, prefix: list[Part], indent: int, body: str) -> None:
    """`prefix` (`indent` cells wide) then `body`, wrapped to the console width with
    continuation lines (and the lines of a multi-line body) indented under the body's
    first character."""
    room = max(write.width - indent, _MIN_ROOM)
    if "\n" not in body and _fits(body, room) and body == body.rstrip():
        # Most messages fit: no wrapping to compute.
        write(*prefix, body)
        return
    for i, line in enumerate(write.wrap(body, room)):
        if i == 0:
            write(*prefix, line)
        else:
            write(" " * indent, line)


def _print_source(write: _Lines, d: Diagnostic, line: str, number_width: int) -> None:
    # A tab would take several cells and push the caret off its character.
    line = line.replace("\t", " ")
    start = min(d.column - 1, len(line))
    stop = start + 1
    if d.end_line == d.line and d.end_column is not None and d.end_column > d.column:
        stop = min(d.end_column - 1, len(line))
    stop = max(stop, start + 1)
    written_out = visible(line)
    if written_out != line:
        # A control character written out takes several cells: the caret moves with it.
        start, stop = len(visible(line[:start])), len(visible(line[:stop]))
        line = written_out
    gutter = f"{_SOURCE_MARGIN}{d.line:>{number_width}} │ "
    gutter_width = len(gutter)  # digits, spaces and the bar: one cell each
    room = max(write.width - gutter_width, _MIN_ROOM)
    shown, start, stop = _window(line, start, stop, room)
    before = _cells(shown[:start])
    caret = "^" * max(1, min(_cells(shown[start:stop]), room - before))
    write((gutter, "dim"), shown, plain=gutter + shown)
    bar = " " * (gutter_width - 2) + "│ "
    write((bar, "dim"), " " * before, (caret, _STYLE[d.severity]), plain=bar + " " * before + caret)


def _window(line: str, start: int, stop: int, room: int) -> tuple[str, int, int]:
    """The part of `line` that fits in `room` cells and still shows the column at
    `start`, with `…` where it is cut, and `start`/`stop` moved to match."""
    if _fits(line, room):
        return line, start, stop
    cut = 0
    # Keep a third of the room as context before the caret when the line must be cut.
    if cell_len(line[:start]) > room * 2 // 3:
        cut = start - room // 3
        line = "…" + line[cut + 1 :]
        start, stop = start - cut, stop - cut
    width = cell_len(line)
    if width <= room:
        return line, start, stop
    if width == len(line):
        # One cell per character (most text): rich's truncation, without rich.
        return line[: room - 1] + "…", start, stop
    shown = Text(line)
    shown.truncate(room, overflow="ellipsis")
    return shown.plain, start, stop
