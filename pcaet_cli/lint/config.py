"""What pcaet.toml says to lint: rule codes checked against the rules, selection,
options and the failure threshold. The file itself is read by register/config.py."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pcaet_cli.diagnostic import Rule, Severity
from pcaet_cli.errors import PcaetError
from pcaet_cli.lint.registry import all_rules
from pcaet_cli.register.config import Config, FailOn, line_of
from pcaet_cli.register.discovery import CONFIG_NAME, display
from pcaet_cli.textmatch import closest


def _matches(selector: str, code: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


def check_codes(config: Config, root: Path) -> None:
    """Refuse a code of `select`, `ignore`… that names no rule, or an empty one (which
    would match every rule), and options no rule has: PcaetError at its line of
    pcaet.toml."""
    path = root / CONFIG_NAME
    text = path.read_text(encoding="utf-8")
    shown = display(path)
    rules = all_rules()
    codes = [r.code for r in rules]
    names = {r.name: r.code for r in rules}
    lint = config.lint
    selectors = [
        *lint.select,
        *lint.extend_select,
        *lint.ignore,
        *lint.severity,
        *(code for codes_ in lint.per_file_ignores.values() for code in codes_),
    ]
    for selector in selectors:
        if not selector.strip():
            line = line_of(text, "select") or line_of(text, "ignore")
            raise PcaetError(
                f"{shown}:{line or 1} : code de règle vide : il correspondrait à toutes les "
                "règles ; retirez-le ou écrivez un code (« P011 ») ou une famille (« P »)"
            )
        if not any(_matches(selector, code) for code in codes):
            quoted = re.search(rf"[\"']{re.escape(selector)}[\"']", text)
            line = text.count("\n", 0, quoted.start()) + 1 if quoted else line_of(text, selector)
            guess = closest(selector, codes + list(names))
            advice = f" ; vouliez-vous dire « {guess} » ?" if guess else " (voir « pcaet rules »)"
            raise PcaetError(f"{shown}:{line or 1} : code de règle inconnu « {selector} »{advice}")
    by_code = {r.code: r for r in rules}
    for key, values in lint.options.items():
        rule = by_code.get(key) or by_code.get(names.get(key, ""))
        if rule is None:
            raise PcaetError(f"{shown} : [lint.options.{key}] : règle inconnue")
        for name, value in values.items():
            if name not in rule.options:
                allowed = ", ".join(rule.options) or "aucune"
                raise PcaetError(
                    f"{shown} : option « {name} » inconnue pour {rule.code} (options : {allowed})"
                )
            default = rule.options[name]
            if isinstance(default, bool) != isinstance(value, bool) or not isinstance(
                value, type(default) if not isinstance(default, float) else (int, float)
            ):
                raise PcaetError(
                    f"{shown} : option {rule.code}.{name} : attendu une valeur comme "
                    f"{default!r}, reçu {value!r}"
                )


def rule_options(config: Config) -> dict[str, dict[str, Any]]:
    """Options by rule code (pcaet.toml may name a rule by code or by name)."""
    names = {r.name: r.code for r in all_rules()}
    return {names.get(k, k): v for k, v in config.lint.options.items()}


def is_selected(code: str, select: list[str], ignore: list[str]) -> bool:
    """ruff's convention: the most specific matching selector wins; ignore wins ties."""
    best_select = max(
        (len(s) if s != "ALL" else 0 for s in select if _matches(s, code)), default=-1
    )
    best_ignore = max(
        (len(s) if s != "ALL" else 0 for s in ignore if _matches(s, code)), default=-1
    )
    return best_select > best_ignore


def active_rules(select: list[str], ignore: list[str]) -> list[Rule]:
    return [r for r in all_rules() if is_selected(r.code, select, ignore)]


def threshold(fail_on: FailOn) -> Severity | None:
    return None if fail_on == "never" else Severity(fail_on)
