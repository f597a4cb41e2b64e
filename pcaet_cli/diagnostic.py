"""The one diagnostic type shared by YAML, schema, reference and PCAET rules, and the
table of every code with its name, default severity and French documentation.

This module sits below every layer: the register's reader declares and emits the Y,
S and N codes it checks (`register/codes/`), the lint layer adds its rules with
their check functions (`lint/registry.py`), and renderers read both."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> str:
        """French label shown to users."""
        return _LABEL[self]


_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}
_LABEL = {Severity.INFO: "info", Severity.WARNING: "avertissement", Severity.ERROR: "erreur"}


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """A finding at a 1-based line and column of a file.

    `path` is the display path (POSIX, relative to the working directory when the file is
    below it), which is also what CI annotations need.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = field(compare=False)
    hint: str | None = field(default=None, compare=False)
    end_line: int | None = field(default=None, compare=False)
    end_column: int | None = field(default=None, compare=False)

    def with_severity(self, severity: Severity) -> Diagnostic:
        return Diagnostic(
            path=self.path,
            line=self.line,
            column=self.column,
            code=self.code,
            message=self.message,
            severity=severity,
            hint=self.hint,
            end_line=self.end_line,
            end_column=self.end_column,
        )


FAMILIES: dict[str, str] = {
    "Y": "YAML et encodage",
    "S": "Schéma des fichiers",
    "R": "Références entre fichiers",
    "N": "Nommage et organisation des dossiers",
    "P": "Règles PCAET (réglementation et organisation)",
}

Check = Callable[[Any, Any], None]
"""A rule's check function, `(LintContext, Reporter) -> None`: typed precisely in the
lint layer, which this module must not import."""


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    check: Check | None = None
    """None for codes emitted while loading files (YAML, schema, layout)."""
    options: dict[str, Any] = field(default_factory=dict)
    """Default values of the options users may set under `[lint.options]`."""

    @property
    def family(self) -> str:
        return self.code[0]

    @property
    def summary(self) -> str:
        """The first paragraph of the doc, on one line."""
        first = self.doc.strip().split("\n\n", 1)[0]
        return " ".join(first.split())


REGISTRY: dict[str, Rule] = {}
"""Every code declared so far, filled as the declaring modules are imported."""


def register_rule(rule: Rule) -> None:
    if rule.code in REGISTRY:
        raise RuntimeError(f"rule code {rule.code} registered twice")
    if rule.family not in FAMILIES:
        raise RuntimeError(f"rule code {rule.code} has an unknown family")
    REGISTRY[rule.code] = rule


def declare(code: str, name: str, severity: Severity, doc: str) -> None:
    """Register a code checked while loading files (no check function)."""
    register_rule(Rule(code=code, name=name, severity=severity, doc=inspect.cleandoc(doc)))


def diagnostic(
    code: str,
    path: str,
    line: int,
    column: int,
    message: str,
    hint: str | None = None,
    end: tuple[int, int] | None = None,
) -> Diagnostic:
    """A finding of the declared code `code` at its default severity (pcaet.toml may
    change it)."""
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        code=code,
        message=message,
        severity=REGISTRY[code].severity,
        hint=hint,
        end_line=end[0] if end else None,
        end_column=end[1] if end else None,
    )
