"""`--format json`: the whole result for scripts, with per-severity and per-code counts."""

from __future__ import annotations

from typing import Any, TextIO

from pcaet_cli.diagnostic import Diagnostic, Severity
from pcaet_cli.lint.result import LintResult
from pcaet_cli.textsafe import json_text


def render(result: LintResult, out: TextIO) -> None:
    out.write(json_text(payload(result)))


def payload(result: LintResult) -> dict[str, Any]:
    return {
        "valid": result.valid,
        "stats": {
            "files": result.files,
            "entities": dict(result.entities),
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "infos": result.count(Severity.INFO),
            "by_code": dict(sorted(result.by_code().items())),
        },
        "diagnostics": [_diagnostic(d, result) for d in result.diagnostics],
    }


def _diagnostic(d: Diagnostic, result: LintResult) -> dict[str, Any]:
    rule = result.rule(d.code)
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "code": d.code,
        "rule": rule.name if rule else None,
        "severity": d.severity.value,
        "message": d.message,
        "hint": d.hint,
    }
