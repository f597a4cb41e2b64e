"""`--format gitlab`: a GitLab Code Quality report (declared as `reports: codequality`)."""

from __future__ import annotations

import hashlib
from typing import Any, TextIO

from pcaet_cli.diagnostic import Diagnostic, Severity
from pcaet_cli.lint.result import LintResult
from pcaet_cli.textsafe import json_text

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(result: LintResult, out: TextIO) -> None:
    issues = [_issue(d) for d in result.diagnostics]
    out.write(json_text(issues))


def fingerprint(d: Diagnostic) -> str:
    """GitLab compares fingerprints between the base and the merge request to tell new
    problems from fixed ones, so it depends on the finding only (not on the hint or the
    severity, which configuration may change). NUL separates the fields because no path
    contains it, so a path cannot run into the code that follows it. A file name that
    is not UTF-8 holds surrogates, which UTF-8 cannot encode unless let through."""
    fields = (d.path, d.code, str(d.line), str(d.column), d.message)
    return hashlib.sha256("\0".join(fields).encode("utf-8", "surrogatepass")).hexdigest()


def _issue(d: Diagnostic) -> dict[str, Any]:
    return {
        "description": d.message,
        "check_name": d.code,
        "fingerprint": fingerprint(d),
        "severity": _SEVERITY[d.severity],
        "location": {"path": d.path, "lines": {"begin": d.line}},
    }
