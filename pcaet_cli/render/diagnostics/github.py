"""`--format github`: GitHub Actions workflow commands, which annotate the pull request,
and a Markdown job summary appended to `$GITHUB_STEP_SUMMARY` when the runner sets it."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import TextIO

from pcaet_cli.diagnostic import Diagnostic, Rule, Severity
from pcaet_cli.errors import PcaetError, os_reason
from pcaet_cli.lint.result import LintResult
from pcaet_cli.render.diagnostics.counts import count_line, plural
from pcaet_cli.textsafe import visible

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SUMMARY_LIMIT = 50
"""Diagnostics listed in the job summary; the annotations carry all of them."""


def render(result: LintResult, out: TextIO) -> None:
    for d in result.diagnostics:
        out.write(annotation(d, result.rule(d.code)) + "\n")
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        try:
            with Path(target).open("a", encoding="utf-8") as handle:
                handle.write(job_summary(result))
        except OSError as exc:
            raise PcaetError(
                f"impossible d'écrire le résumé du job dans {target} (GITHUB_STEP_SUMMARY) : "
                f"{os_reason(exc)}"
            ) from exc


def escape_data(value: str) -> str:
    """Escape a command's message the way @actions/core does (`escapeData`), then write
    out the other control characters, which the job log would pass to the terminal."""
    return visible(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(value: str) -> str:
    """Escape a command's property value the way @actions/core does (`escapeProperty`):
    `:` and `,` would otherwise end the value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic, rule: Rule | None) -> str:
    properties = [("file", d.path), ("line", str(d.line)), ("col", str(d.column))]
    if d.end_line is not None:
        properties.append(("endLine", str(d.end_line)))
    if d.end_column is not None:
        properties.append(("endColumn", str(d.end_column)))
    properties.append(("title", f"{d.code} ({rule.name})" if rule else d.code))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    message = d.message if d.hint is None else f"{d.message}\n{d.hint}"
    return f"::{_COMMAND[d.severity]} {joined}::{escape_data(message)}"


def job_summary(result: LintResult, limit: int = SUMMARY_LIMIT) -> str:
    """The Markdown job summary: counts per severity and per rule, then the first
    `limit` diagnostics."""
    lines = ["## Vérification du registre PCAET", "", count_line(result)]
    if result.diagnostics:
        lines += ["", "| Gravité | Nombre |", "| --- | ---: |"]
        lines += [
            f"| {severity.label} | {result.count(severity)} |"
            for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        ]
        lines += ["", "| Code | Règle | Nombre |", "| --- | --- | ---: |"]
        for code, count in sorted(result.by_code().items()):
            rule = result.rule(code)
            name = _cell(rule.name) if rule else "—"
            lines.append(f"| {_cell(code)} | {name} | {count} |")
        lines += ["", "| Emplacement | Gravité | Code | Message |", "| --- | --- | --- | --- |"]
        lines += [_row(d) for d in result.diagnostics[:limit]]
        rest = len(result.diagnostics) - limit
        if rest > 0:
            others = plural(rest, "autre diagnostic", "autres diagnostics")
            lines += ["", f"… et {others}, dans les annotations de la pull request."]
    return "\n".join(lines) + "\n"


def _row(d: Diagnostic) -> str:
    where = code_span(visible(f"{d.path}:{d.line}:{d.column}"))
    message = _cell(d.message) if d.hint is None else f"{_cell(d.message)}<br>→ {_cell(d.hint)}"
    return f"| {where} | {d.severity.label} | {_cell(d.code)} | {message} |"


def code_span(text: str) -> str:
    """`text` as a Markdown code span inside a table cell. The fence is one backtick
    longer than the longest run of backticks in `text`, with a space on each side when
    `text` starts or ends with a backtick (or with spaces on both sides), so that any
    file name shows as it is. HTML entities would show literally in a code span, but
    `|` still ends the cell and is escaped."""
    runs = re.findall(r"`+", text)
    fence = "`" * (max(map(len, runs), default=0) + 1)
    spaced = text.startswith(" ") and text.endswith(" ") and text.strip(" ")
    pad = " " if text.startswith("`") or text.endswith("`") or spaced else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def _cell(text: str) -> str:
    """Plain text as the content of a Markdown table cell: HTML is escaped because `<br>`
    stands for the line breaks a cell cannot hold, and `|` would end the cell."""
    escaped = html.escape(visible(text, lines=True), quote=False).replace("|", "\\|")
    return "<br>".join(escaped.splitlines())
