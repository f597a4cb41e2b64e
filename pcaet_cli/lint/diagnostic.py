"""The one diagnostic type shared by YAML, schema, reference and PCAET rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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
