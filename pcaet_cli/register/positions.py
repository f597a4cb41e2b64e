"""Where a key or a value stands in a file: lines and columns as editors count them."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, NamedTuple

Path = tuple[str | int, ...]


class Span(NamedTuple):
    """1-based start and end of a key or a value. A tuple rather than a dataclass: half a
    million are made for 5 000 actions, and a frozen dataclass costs three times more."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(slots=True)
class Positions:
    keys: dict[Path, Span] = field(default_factory=dict)
    values: dict[Path, Span] = field(default_factory=dict)
    scalars: list[Span] = field(default_factory=list)
    """Spans of scalar values: a `#` inside one is text, not a comment."""

    def value(self, path: Path) -> Span:
        """The span of the value at `path`, or of its nearest ancestor that exists."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Span(1, 1, 1, 1))

    def key(self, path: Path) -> Span:
        """The span of the key of `path` (the value's for list items and the root)."""
        return self.keys.get(path) or self.value(path)


# YAML 1.2 line breaks.
BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The file's lines as YAML 1.2 and editors count them."""
    lines = BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


# U+2028, U+2029 and U+0085 are ordinary characters in YAML 1.2 (text pasted from a
# word processor has them), but libyaml, a YAML 1.1 parser, counts them as line breaks:
# positions are recomputed from character offsets when they occur.
_OLD_BREAKS = ("\u2028", "\u2029", "\x85")


class Locator:
    """1-based line and column of a parser mark."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.exact = not any(c in text for c in _OLD_BREAKS)
        self._starts: list[int] | None = None
        self.length = len(text)

    @property
    def starts(self) -> list[int]:
        # Only errors and files with U+2028 need line starts: most files never do.
        if self._starts is None:
            self._starts = [0, *(m.end() for m in BREAK.finditer(self.text))]
        return self._starts

    def index(self, index: int) -> tuple[int, int]:
        index = max(0, min(index, self.length))
        starts = self.starts
        line = bisect_right(starts, index)
        return line, index - starts[line - 1] + 1

    def mark(self, mark: Any) -> tuple[int, int]:
        if self.exact:
            return mark.line + 1, mark.column + 1
        return self.index(mark.index)

    @property
    def last_line(self) -> int:
        # A final line break ends the last line; it does not open another one.
        ends_with_break = self.starts[-1] == self.length and len(self.starts) > 1
        return len(self.starts) - 1 if ends_with_break else len(self.starts)
