"""`--format gitlab`: a GitLab Code Quality report (declared as `reports: codequality`).

GitLab tells the findings a merge request brings from those it fixes by comparing
fingerprints with the target branch's report. A fingerprint therefore holds what the
finding is, not where it happens to stand: the file (from the repository root, as
`location.path`), the code, the message and the text of the offending line, so that
lines inserted above do not make an old finding look new.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TextIO

from pcaet_cli.diagnostic import Diagnostic, Severity
from pcaet_cli.lint.result import LintResult
from pcaet_cli.render.diagnostics.locations import (
    repository_path,
    source_root,
    working_directory,
)
from pcaet_cli.textsafe import json_text

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
_LINE_NUMBER = re.compile(r"\b(lignes?|line)\s+\d+")


def render(result: LintResult, out: TextIO) -> None:
    out.write(json_text(report(result)))


def report(result: LintResult, cwd: str | None = None) -> list[dict[str, Any]]:
    """The Code Quality issues of `result`; `cwd` is the folder display paths are
    relative to (the working directory by default)."""
    cwd = cwd or working_directory()
    root = source_root(result.root, cwd)
    paths = {d.path: repository_path(d.path, root, cwd) or d.path for d in result.diagnostics}
    prints = fingerprints(result.diagnostics, result.sources, paths)
    return [_issue(d, paths[d.path], p) for d, p in zip(result.diagnostics, prints, strict=True)]


def fingerprint(path: str, code: str, message: str, line: str, occurrence: int) -> str:
    """The digest of a finding. A line number quoted by the message (« déjà à la ligne
    4 ») moves with the lines above it and is left out; so is the spacing of the
    offending line. `occurrence` tells apart identical findings of one file, counted
    from its top. NUL separates the fields because no path contains it, so a path
    cannot run into the code that follows it. A file name that is not UTF-8 holds
    surrogates, which UTF-8 cannot encode unless let through."""
    text = "\0".join((*_finding(path, code, message, line), str(occurrence)))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _finding(path: str, code: str, message: str, line: str) -> tuple[str, str, str, str]:
    return path, code, _LINE_NUMBER.sub(r"\1", message), " ".join(line.split())


def fingerprints(
    diagnostics: Sequence[Diagnostic],
    sources: Mapping[str, Sequence[str]],
    paths: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """The fingerprint of each diagnostic, in order; `sources` holds the lines of the
    files, `paths` the repository path of each display path."""
    seen: Counter[tuple[str, str, str, str]] = Counter()
    for d in diagnostics:
        lines = sources.get(d.path, ())
        line = lines[d.line - 1] if 1 <= d.line <= len(lines) else ""
        path = (paths or {}).get(d.path, d.path)
        key = _finding(path, d.code, d.message, line)
        seen[key] += 1
        yield fingerprint(path, d.code, d.message, line, seen[key])


def _issue(d: Diagnostic, path: str, digest: str) -> dict[str, Any]:
    return {
        "description": d.message,
        "check_name": d.code,
        "fingerprint": digest,
        "severity": _SEVERITY[d.severity],
        "location": {"path": path, "lines": {"begin": d.line}},
    }
