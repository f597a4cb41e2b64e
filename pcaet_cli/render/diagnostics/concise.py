"""`--format concise`: `path:line:col: CODE message`, one line per diagnostic."""

from __future__ import annotations

from typing import TextIO

from pcaet_cli.lint.result import LintResult
from pcaet_cli.textsafe import visible


def render(result: LintResult, out: TextIO) -> None:
    for d in result.diagnostics:
        # Editors and grep read one diagnostic per line: a multi-line message is joined.
        message = " ".join(part.strip() for part in d.message.splitlines() if part.strip())
        out.write(visible(f"{d.path}:{d.line}:{d.column}: {d.code} {message}") + "\n")
