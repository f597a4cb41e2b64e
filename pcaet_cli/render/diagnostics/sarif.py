"""`--format sarif`: SARIF 2.1.0, read by GitHub code scanning and by editors."""

from __future__ import annotations

from typing import Any, TextIO
from urllib.parse import quote

from pcaet_cli import __version__
from pcaet_cli.diagnostic import Diagnostic, Rule, Severity
from pcaet_cli.lint.result import LintResult
from pcaet_cli.textsafe import json_text

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/pcaet/pcaet"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(result: LintResult, out: TextIO) -> None:
    out.write(json_text(log(result)))


def log(result: LintResult) -> dict[str, Any]:
    index = {rule.code: i for i, rule in enumerate(result.rules)}
    driver = {
        "name": "pcaet",
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_descriptor(rule) for rule in result.rules],
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                # Our columns count code points; SARIF's default would be UTF-16 units.
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index.get(d.code)) for d in result.diagnostics],
            }
        ],
    }


def artifact_uri(path: str) -> str:
    """A display path as a relative URI reference: RFC 3986 allows neither spaces nor
    non-ASCII characters, which French file names often have. A name that is not UTF-8
    was read with surrogate escapes, which give back its own bytes."""
    return quote(path, safe="/", errors="surrogateescape")


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": rule.doc},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }


def _result(d: Diagnostic, rule_index: int | None) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": d.line, "startColumn": d.column}
    if d.end_line is not None:
        region["endLine"] = d.end_line
    if d.end_column is not None:
        region["endColumn"] = d.end_column
    result: dict[str, Any] = {"ruleId": d.code}
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    result["level"] = _LEVEL[d.severity]
    result["message"] = {"text": d.message if d.hint is None else f"{d.message}\n{d.hint}"}
    result["locations"] = [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(d.path)},
                "region": region,
            }
        }
    ]
    return result
