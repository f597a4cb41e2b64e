"""Diagnostics output formats, one module per format.

Each format module is imported only when it is asked for: `pcaet lint` starts on every
commit through the pre-commit hook, and rich alone costs more than the other formats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from pcaet_cli.lint.result import LintResult

FORMATS: tuple[str, ...] = ("text", "concise", "json", "github", "gitlab", "sarif")


def render_diagnostics(
    result: LintResult,
    fmt: str,
    out: TextIO,
    *,
    color: bool = False,
    width: int | None = None,
) -> None:
    """Write `result` to `out` in format `fmt`; `color` and `width` only affect `text`."""
    if fmt == "text":
        from pcaet_cli.render.diagnostics import text

        text.render(result, out, color=color, width=width)
    elif fmt == "concise":
        from pcaet_cli.render.diagnostics import concise

        concise.render(result, out)
    elif fmt == "json":
        from pcaet_cli.render.diagnostics import json

        json.render(result, out)
    elif fmt == "github":
        from pcaet_cli.render.diagnostics import github

        github.render(result, out)
    elif fmt == "gitlab":
        from pcaet_cli.render.diagnostics import gitlab

        gitlab.render(result, out)
    elif fmt == "sarif":
        from pcaet_cli.render.diagnostics import sarif

        sarif.render(result, out)
    else:
        raise ValueError(f"unknown diagnostics format {fmt!r}; expected one of {FORMATS}")
