"""Rule registry: every rule has a code, a kebab-case name, a default severity and a
French docstring (why, a bad and a good example) shown by `pcaet rules CODE`."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pcaet_cli.lint.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from pcaet_cli.lint.context import LintContext, Reporter

    Check = Callable[[LintContext, Reporter], None]

FAMILIES: dict[str, str] = {
    "Y": "YAML et encodage",
    "S": "Schéma des fichiers",
    "R": "Références entre fichiers",
    "N": "Nommage et organisation des dossiers",
    "P": "Règles PCAET (réglementation et organisation)",
}


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    check: Check | None = None
    """None for rules whose diagnostics come from the loader (YAML, schema, layout)."""
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


def _add(rule: Rule) -> None:
    if rule.code in REGISTRY:
        raise RuntimeError(f"rule code {rule.code} registered twice")
    if rule.family not in FAMILIES:
        raise RuntimeError(f"rule code {rule.code} has an unknown family")
    REGISTRY[rule.code] = rule


def declare(code: str, name: str, severity: Severity, doc: str) -> None:
    """Register a rule checked while loading files (no check function)."""
    _add(Rule(code=code, name=name, severity=severity, doc=inspect.cleandoc(doc)))


def rule(code: str, name: str, severity: Severity, **options: Any) -> Callable[[Check], Check]:
    """Register a check function; its docstring is the rule's French documentation."""

    def decorator(func: Check) -> Check:
        doc = inspect.getdoc(func)
        if not doc:
            raise RuntimeError(f"rule {code} has no docstring")
        _add(Rule(code=code, name=name, severity=severity, doc=doc, check=func, options=options))
        return func

    return decorator


def all_rules() -> list[Rule]:
    """Every rule, loading the rule modules on first use."""
    import pcaet_cli.lint.rules  # noqa: F401  (registers the rules as a side effect)

    return sorted(REGISTRY.values(), key=lambda r: (r.family, r.code))


def find(code_or_name: str) -> Rule | None:
    all_rules()
    key = code_or_name.strip()
    if key.upper() in REGISTRY:
        return REGISTRY[key.upper()]
    return next((r for r in REGISTRY.values() if r.name == key.lower()), None)


def default_severity(code: str) -> Severity:
    all_rules()
    return REGISTRY[code].severity


def diagnostic(
    code: str,
    path: str,
    line: int,
    column: int,
    message: str,
    hint: str | None = None,
    end: tuple[int, int] | None = None,
) -> Diagnostic:
    """A finding of rule `code` at its default severity (pcaet.toml may change it)."""
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        code=code,
        message=message,
        severity=default_severity(code),
        hint=hint,
        end_line=end[0] if end else None,
        end_column=end[1] if end else None,
    )
