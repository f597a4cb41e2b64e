"""User text inside a rich markup string."""

from __future__ import annotations

from rich.markup import escape

from pcaet_cli.textsafe import visible


def literal(text: str) -> str:
    """`text` shown as written: `[bold]` is not taken for markup, and control characters
    are written out (`visible`); line feeds stay, a terminal only breaks the line."""
    return escape(visible(text, lines=True))
