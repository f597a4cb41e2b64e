"""`--format sarif`: SARIF 2.1.0, read by GitHub code scanning and by editors.

Files are named relative to `%SRCROOT%`, the root of the git working tree holding the
register (else the register root), whatever path `pcaet lint` was given: a relative
reference with its `uriBaseId`, which `originalUriBaseIds` resolves to an absolute
`file:` URI, as the SARIF validator requires (SARIF1004). Each rule links to its
documentation (`helpUri`)."""

from __future__ import annotations

from typing import Any, TextIO
from urllib.parse import quote

from pcaet_cli import __version__
from pcaet_cli.diagnostic import Diagnostic, Rule, Severity
from pcaet_cli.lint.result import LintResult
from pcaet_cli.render.diagnostics.locations import (
    absolute,
    repository_path,
    source_root,
    working_directory,
)
from pcaet_cli.render.rules_reference import PROJECT_URI, help_uri
from pcaet_cli.textsafe import json_text

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = PROJECT_URI
SRCROOT = "%SRCROOT%"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(result: LintResult, out: TextIO) -> None:
    out.write(json_text(log(result)))


def log(result: LintResult, cwd: str | None = None) -> dict[str, Any]:
    """The SARIF log of `result`; `cwd` is the folder display paths are relative to
    (the working directory by default)."""
    cwd = cwd or working_directory()
    root = source_root(result.root, cwd)
    index = {rule.code: i for i, rule in enumerate(result.rules)}
    driver = {
        "name": "pcaet",
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_descriptor(rule) for rule in result.rules],
    }
    locate = _Locator(root, cwd)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {
                    SRCROOT: {
                        "uri": file_uri(root, folder=True),
                        "description": {"text": "Racine du dépôt git du registre."},
                    }
                },
                # Our columns count code points; SARIF's default would be UTF-16 units.
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index.get(d.code), locate) for d in result.diagnostics],
            }
        ],
    }


def artifact_uri(path: str) -> str:
    """A relative POSIX path as a relative URI reference: RFC 3986 allows neither spaces
    nor non-ASCII characters, which French file names often have, and `#`, `?` or `%`
    would start a fragment, a query or an escape. A name that is not UTF-8 was read with
    surrogate escapes, which give back its own bytes."""
    return quote(path, safe="/", errors="surrogateescape")


def file_uri(path: str, *, folder: bool = False) -> str:
    """The absolute `file:` URI of the absolute path `path`; a folder's ends with `/`,
    so that a relative reference resolves inside it."""
    text = artifact_uri(path.replace("\\", "/"))
    if not text.startswith("/"):
        text = "/" + text  # a drive letter: file:///C:/…
    if folder and not text.endswith("/"):
        text += "/"
    return f"file://{text}"


class _Locator:
    """The artifact location of each display path, computed once per file."""

    def __init__(self, root: str, cwd: str) -> None:
        self.root = root
        self.cwd = cwd
        self.known: dict[str, dict[str, str]] = {}

    def __call__(self, path: str) -> dict[str, str]:
        if path not in self.known:
            relative = repository_path(path, self.root, self.cwd)
            if relative is None:
                # Outside the repository: an absolute URI needs no base.
                self.known[path] = {"uri": file_uri(absolute(path, self.cwd))}
            else:
                self.known[path] = {"uri": artifact_uri(relative), "uriBaseId": SRCROOT}
        return self.known[path]


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": rule.doc},
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }


def _result(d: Diagnostic, rule_index: int | None, locate: _Locator) -> dict[str, Any]:
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
        {"physicalLocation": {"artifactLocation": dict(locate(d.path)), "region": region}}
    ]
    return result
