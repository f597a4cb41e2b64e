"""What a rule receives: the index, today's date, its options, and a way to report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pcaet_cli.diagnostic import Diagnostic, Rule
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import Document
from pcaet_cli.register.parallel import map_in_order
from pcaet_cli.register.positions import Path as YamlPath
from pcaet_cli.register.positions import Span
from pcaet_cli.register.quick import top_level_span
from pcaet_cli.register.yamlfile import spans_of


@dataclass(frozen=True, slots=True)
class LintContext:
    index: RegisterIndex
    today: date
    """Reference date for lateness: today, or `--date` for reproducible runs."""
    options: dict[str, dict[str, Any]]
    """Rule options by rule code, defaults merged with pcaet.toml."""

    def option(self, rule: Rule, name: str) -> Any:
        return self.options.get(rule.code, {}).get(name, rule.options[name])


@dataclass(frozen=True, slots=True)
class Pending:
    """A finding whose position is not known yet: its file's positions were not
    computed (the fast path leaves them out). They are computed for all such files at
    once, in parallel, by `locate`."""

    rule: Rule
    doc: Document
    field: YamlPath
    key: bool
    message: str
    hint: str | None


def _diagnostic(finding: Pending, span: Span) -> Diagnostic:
    # A finding about a whole file (no field) points at the root mapping, i.e. its
    # first key rather than the schema comment line: where the entity starts.
    whole = not finding.field
    return Diagnostic(
        path=finding.doc.display,
        line=span.line,
        column=span.column,
        code=finding.rule.code,
        message=finding.message,
        severity=finding.rule.severity,
        hint=finding.hint,
        end_line=None if whole else span.end_line,
        end_column=None if whole else span.end_column,
    )


@dataclass(slots=True)
class RuleReporter:
    """Turns a rule's findings into diagnostics at the position of the field named."""

    rule: Rule
    sink: Callable[[Diagnostic], None]
    pending: list[Pending] | None = None
    """Where to put findings in files without positions yet; None: compute them now."""

    def __call__(
        self,
        doc: Document,
        field: YamlPath = (),
        message: str = "",
        hint: str | None = None,
        *,
        key: bool = False,
    ) -> None:
        finding = Pending(self.rule, doc, field, key, message, hint)
        if self.pending is not None and not doc.source.has_positions:
            self.pending.append(finding)
        else:
            self.sink(_diagnostic(finding, doc.span(field, key=key)))


Reporter = RuleReporter
"""What a rule calls to report: `report(doc, field, message, hint, key=False)`."""


def _spans(jobs: Sequence[tuple[str, str, list[tuple[YamlPath, bool]]]]) -> list[list[Span]]:
    return [spans_of(text, path, wanted) for text, path, wanted in jobs]


def locate(pending: list[Pending]) -> list[Diagnostic]:
    """The diagnostics of pending findings, each file's positions computed once. Spans
    found go into each file's `located`, which the cache keeps."""
    diagnostics: list[Diagnostic] = []
    by_file: dict[str, list[Pending]] = {}
    for finding in pending:
        source = finding.doc.source
        span = source.located.get((finding.field, finding.key))
        if span is None:
            # Most findings are about the file or one of its fields: the lines say
            # where, for a fraction of what a node tree costs.
            span = top_level_span(source.text, source.keys, finding.field, finding.key)
            if span is not None:
                source.located[finding.field, finding.key] = span
        if span is not None:
            diagnostics.append(_diagnostic(finding, span))
        else:
            by_file.setdefault(finding.doc.display, []).append(finding)
    jobs = [
        (group[0].doc.source.text, shown, [(f.field, f.key) for f in group])
        for shown, group in by_file.items()
    ]
    for group, spans in zip(by_file.values(), map_in_order(_spans, jobs), strict=True):
        for finding, span in zip(group, spans, strict=True):
            finding.doc.source.located[finding.field, finding.key] = span
            diagnostics.append(_diagnostic(finding, span))
    return diagnostics
