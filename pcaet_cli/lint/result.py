"""What a lint run returns: the input of every diagnostics renderer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pcaet_cli.diagnostic import Diagnostic, Rule, Severity


@dataclass(slots=True)
class LintResult:
    root: str
    """Display path of the register root (the folder holding pcaet.toml)."""
    diagnostics: list[Diagnostic]
    files: int
    """Number of register files read."""
    entities: Mapping[str, int]
    """Entities loaded per kind: territoire, acteur, plan, action."""
    rules: Sequence[Rule]
    """The rules that were active (for SARIF metadata and `--statistics`)."""
    sources: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Source lines of the files that have diagnostics, keyed by display path."""

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def valid(self) -> bool:
        return self.count(Severity.ERROR) == 0

    def by_code(self) -> Counter[str]:
        return Counter(d.code for d in self.diagnostics)

    def rule(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code), None)
