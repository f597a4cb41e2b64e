"""Where a key or a value stands in a file: lines and columns as editors count them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

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
