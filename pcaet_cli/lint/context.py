"""What a rule receives: the index, today's date, its options, and a way to report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pcaet_cli.lint.diagnostic import Diagnostic
from pcaet_cli.lint.registry import Rule
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import Document
from pcaet_cli.register.yamlfile import Path as YamlPath


@dataclass(frozen=True, slots=True)
class LintContext:
    index: RegisterIndex
    today: date
    """Reference date for lateness: today, or `--date` for reproducible runs."""
    options: dict[str, dict[str, Any]]
    """Rule options by rule code, defaults merged with pcaet.toml."""

    def option(self, rule: Rule, name: str) -> Any:
        return self.options.get(rule.code, {}).get(name, rule.options[name])


@dataclass(slots=True)
class RuleReporter:
    """Turns a rule's findings into diagnostics at the position of the field named."""

    rule: Rule
    sink: Callable[[Diagnostic], None]

    def __call__(
        self,
        doc: Document,
        field: YamlPath = (),
        message: str = "",
        hint: str | None = None,
        *,
        key: bool = False,
    ) -> None:
        # A finding about a whole file (no field) points at the root mapping, i.e. its
        # first key rather than the schema comment line: where the entity starts.
        span = doc.span(field, key=key)
        self.sink(
            Diagnostic(
                path=doc.display,
                line=span.line,
                column=span.column,
                code=self.rule.code,
                message=message,
                severity=self.rule.severity,
                hint=hint,
                end_line=span.end_line if field else None,
                end_column=span.end_column if field else None,
            )
        )


Reporter = RuleReporter
"""What a rule calls to report: `report(doc, field, message, hint, key=False)`."""
