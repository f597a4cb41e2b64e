"""The lint run: load, index, check, then apply configuration and suppressions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath

from pcaet_cli.diagnostic import Diagnostic, Rule, Severity
from pcaet_cli.lint.config import active_rules, check_codes, is_selected, rule_options
from pcaet_cli.lint.context import LintContext, Pending, RuleReporter, locate
from pcaet_cli.lint.kept_run import pack_run, purpose, unpack_run
from pcaet_cli.lint.registry import all_rules
from pcaet_cli.lint.result import LintResult
from pcaet_cli.lint.suppressions import apply_suppressions, may_suppress, parse_suppressions
from pcaet_cli.register.config import Config
from pcaet_cli.register.discovery import CONFIG_NAME, display
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import Earlier, LoadedRegister, quiet_collector
from pcaet_cli.register.opening import open_register
from pcaet_cli.reports.key_figures import KeyFigures, key_figures


@dataclass(frozen=True, slots=True)
class LintRequest:
    path: Path
    select: list[str] | None = None
    """Replaces `select` of pcaet.toml when given."""
    ignore: tuple[str, ...] = ()
    """Added to `ignore` of pcaet.toml."""
    today: date | None = None
    fast: bool = True
    """False: the straightforward reading (every position, no cache, no worker)."""
    cache: bool = True
    """Keep per-file results between runs (with the fast path)."""
    rebuild_cache: bool = False
    """Read every file again, ignoring the cache, and write it anew (--no-cache)."""
    cache_folder: Path | None = None
    """Where the cache lives; None: the user's (`register.cache.cache_dir`)."""
    keep: bool = False
    """Keep the finished run in the cache (with its key figures), and take it from
    there when the register, its settings and the request are the same as then: the
    run's `loaded` and `index` are then empty (lint/kept_run.py)."""
    earlier: Earlier | None = None
    """A register read at the same place earlier in this process, and the files
    changed since: the others are taken from it (`register.loader.Earlier`)."""


@dataclass(slots=True)
class LintRun:
    result: LintResult
    config: Config
    loaded: LoadedRegister
    index: RegisterIndex
    figures: KeyFigures | None = None
    """The register's key figures at the reference date, with `keep`."""


def _severity_for(code: str, overrides: Mapping[str, str], default: Severity) -> Severity:
    matching = [s for s in overrides if code.startswith(s)]
    return Severity(overrides[max(matching, key=len)]) if matching else default


def _rule_failed(rule: Rule, exc: Exception, config_path: str) -> Diagnostic:
    """What a rule that raised leaves: an error under its own code, as ruff reports a
    rule that panicked, so the run and every other rule go on."""
    return Diagnostic(
        path=config_path,
        line=1,
        column=1,
        code=rule.code,
        message=f"la règle {rule.code} ({rule.name}) s'est arrêtée sur une erreur interne "
        f"({type(exc).__name__} : {exc}) : ses diagnostics peuvent manquer",
        severity=Severity.ERROR,
        hint="signalez-le aux mainteneurs de pcaet avec le fichier en cause si possible",
    )


def run_lint(request: LintRequest) -> LintRun:
    today = request.today or date.today()
    opened = open_register(
        request.path,
        fast=request.fast,
        cache=request.cache,
        rebuild_cache=request.rebuild_cache,
        cache_folder=request.cache_folder,
        reuse=purpose(today, request.select, request.ignore) if request.keep else None,
        earlier=request.earlier,
    )
    root, config, loaded, index = opened.root, opened.config, opened.loaded, opened.index
    check_codes(config, root)
    settings = config.lint
    select = request.select if request.select is not None else settings.select
    select = [*select, *settings.extend_select]
    ignore = [*settings.ignore, *request.ignore]
    rules = active_rules(select, ignore)
    active = {r.code for r in rules}
    if loaded.kept_run is not None:  # nothing read anew: the cache file stays as it is
        try:
            result, stored = unpack_run(loaded.kept_run, rules, loaded.sources)
        except Exception:  # sealed yet malformed: not written by pcaet; a new cache
            return run_lint(replace(request, rebuild_cache=True))
        return LintRun(result, config, loaded, index, stored)

    with quiet_collector():
        found: list[Diagnostic] = list(loaded.diagnostics)
        context = LintContext(index, today, rule_options(config))
        pending: list[Pending] | None = [] if request.fast else None
        for rule in rules:
            if rule.check is not None:
                try:
                    rule.check(context, RuleReporter(rule, found.append, pending))
                except Exception as exc:  # one rule must not stop the others
                    found.append(_rule_failed(rule, exc, display(root / CONFIG_NAME)))
        found.extend(locate(pending or []))

    kept: list[Diagnostic] = []
    for diag in found:
        if diag.code not in active:
            continue
        rel = loaded.relative.get(diag.path) if settings.per_file_ignores else None
        if rel is not None and any(
            PurePosixPath(rel).match(pattern) and is_selected(diag.code, codes, [])
            for pattern, codes in settings.per_file_ignores.items()
        ):
            continue
        severity = _severity_for(diag.code, settings.severity, diag.severity)
        kept.append(diag if severity is diag.severity else diag.with_severity(severity))

    suppressions = {
        shown: sups
        for shown, source in loaded.sources.items()
        if may_suppress(source.text)
        and (sups := parse_suppressions(source.lines, source.positions.scalars))
    }
    known = {r.code for r in all_rules()}
    kept = sorted(apply_suppressions(kept, suppressions, known, active))
    with_diags = {d.path for d in kept}
    result = LintResult(
        root=display(root),
        diagnostics=kept,
        files=loaded.files,
        entities={
            kind: len(getattr(index, kind))
            for kind in ("territoires", "acteurs", "plans", "actions")
        },
        rules=rules,
        sources={p: loaded.sources[p].lines for p in with_diags if p in loaded.sources},
    )
    figures = key_figures(index, today) if request.keep else None
    if opened.cache is not None:
        if figures is not None and loaded.run_key is not None:
            opened.cache.keep_run(loaded.run_key, pack_run(result, figures))
        opened.cache.save()
    return LintRun(result, config, loaded, index, figures)
