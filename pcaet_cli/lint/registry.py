"""The lint layer's side of the rule table: rules with a check function, and the whole
table loaded. Every rule has a code, a kebab-case name, a default severity and a French
docstring (why, a bad and a good example) shown by `pcaet rules CODE`; the table itself
and the codes the reader emits live below (`pcaet_cli/diagnostic.py`,
`pcaet_cli/register/codes/`)."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pcaet_cli.diagnostic import REGISTRY, Rule, Severity, register_rule

if TYPE_CHECKING:
    from pcaet_cli.lint.context import LintContext, Reporter

    Check = Callable[[LintContext, Reporter], None]


def rule(code: str, name: str, severity: Severity, **options: Any) -> Callable[[Check], Check]:
    """Register a check function; its docstring is the rule's French documentation."""

    def decorator(func: Check) -> Check:
        doc = inspect.getdoc(func)
        if not doc:
            raise RuntimeError(f"rule {code} has no docstring")
        register_rule(
            Rule(code=code, name=name, severity=severity, doc=doc, check=func, options=options)
        )
        return func

    return decorator


def all_rules() -> list[Rule]:
    """Every rule, loading the rule modules on first use."""
    # Imported for their side effect: each module registers the codes it declares (the
    # rules; N100 beside the suppressions that emit it; the reader's Y, S and N codes).
    for module in (
        "pcaet_cli.lint.rules",
        "pcaet_cli.lint.suppressions",
        "pcaet_cli.register.codes",
    ):
        importlib.import_module(module)

    return sorted(REGISTRY.values(), key=lambda r: (r.family, r.code))


def find(code_or_name: str) -> Rule | None:
    all_rules()
    key = code_or_name.strip()
    if key.upper() in REGISTRY:
        return REGISTRY[key.upper()]
    return next((r for r in REGISTRY.values() if r.name == key.lower()), None)
