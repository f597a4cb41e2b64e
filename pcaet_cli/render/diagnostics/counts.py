"""The French count line shared by the terminal output and the GitHub job summary."""

from __future__ import annotations

from pcaet_cli.diagnostic import Severity
from pcaet_cli.lint.result import LintResult


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`count` and the noun agreed with it; in French 0 and 1 take the singular."""
    noun = singular if count < 2 else plural_form or f"{singular}s"
    return f"{count} {noun}"


def count_line(result: LintResult) -> str:
    """`3 erreurs, 1 avertissement, 0 info dans 12 fichiers.`"""
    files = plural(result.files, "fichier")
    if not result.diagnostics:
        return f"Aucun problème dans {files}."
    counts = ", ".join(
        plural(result.count(severity), severity.label)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    return f"{counts} dans {files}."
