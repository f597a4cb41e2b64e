"""In-file suppressions: `# pcaet: ignore[P012]` at the end of a line silences that line;
on a line of its own, the next line with content; `# pcaet: ignore-file[P011]` anywhere
silences the whole file. Unused or unknown ones are reported (N100)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pcaet_cli.diagnostic import Diagnostic, Severity, declare, diagnostic
from pcaet_cli.register.positions import Span

_PATTERN = re.compile(r"#\s*pcaet:\s*ignore(?P<file>-file)?\[(?P<codes>[^\]]*)\]")


@dataclass(slots=True)
class Suppression:
    line: int
    """The comment's own line (1-based)."""
    column: int
    target: int | None
    """The line it silences; None for the whole file."""
    codes: tuple[str, ...]
    used: set[str] = field(default_factory=set)


def _inside(span: Span, line: int, column: int) -> bool:
    after_start = (line, column) >= (span.line, span.column)
    before_end = (line, column) < (span.end_line, span.end_column)
    return after_start and before_end


def may_suppress(text: str) -> bool:
    """Whether a text may hold a suppression comment: most files do not, and then need
    neither their lines nor their positions."""
    return _PATTERN.search(text) is not None


def parse_suppressions(lines: Sequence[str], scalars: Sequence[Span] = ()) -> list[Suppression]:
    """Suppression comments; `scalars` are the spans of text values, in which a `#` is
    part of the text (a title may mention « # pcaet: ignore[…] »)."""
    found: list[Suppression] = []
    for number, text in enumerate(lines, start=1):
        if "pcaet:" not in text:
            continue
        match = next(
            (
                m
                for m in _PATTERN.finditer(text)
                if not any(_inside(s, number, m.start() + 1) for s in scalars)
            ),
            None,
        )
        if match is None:
            continue
        codes = tuple(c.strip().upper() for c in match["codes"].split(",") if c.strip())
        if match["file"]:
            target = None
        elif text[: match.start()].strip():
            target = number
        else:
            target = next(
                (
                    n
                    for n in range(number + 1, len(lines) + 1)
                    if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")
                ),
                number,
            )
        found.append(Suppression(number, match.start() + 1, target, codes))
    return found


def apply_suppressions(
    diagnostics: Iterable[Diagnostic],
    suppressions: dict[str, list[Suppression]],
    known_codes: set[str],
    active_codes: set[str],
) -> list[Diagnostic]:
    """Drop silenced diagnostics; report suppressions that silenced nothing (only for
    rules that ran: a suppression of a deselected rule is not known to be useless)."""
    kept: list[Diagnostic] = []
    for diag in diagnostics:
        silenced = False
        for sup in suppressions.get(diag.path, ()):
            if diag.code in sup.codes and sup.target in (None, diag.line):
                sup.used.add(diag.code)
                silenced = True
        if not silenced:
            kept.append(diag)
    if "N100" in active_codes:
        for path, sups in suppressions.items():
            for sup in sups:
                if not sup.codes:
                    kept.append(
                        diagnostic(
                            "N100",
                            path,
                            sup.line,
                            sup.column,
                            "suppression sans code de règle",
                            "écrivez le code à faire taire : # pcaet: ignore[P011]",
                        )
                    )
                for code in sup.codes:
                    if code in sup.used or (code in known_codes and code not in active_codes):
                        continue
                    if code not in known_codes:
                        message = f"suppression d'un code de règle inconnu « {code} »"
                        hint = "corrigez le code (voir « pcaet rules ») ou retirez-le"
                    else:
                        message = f"suppression inutile : {code} ne signale rien ici"
                        hint = "retirez ce commentaire « # pcaet: ignore[…] »"
                    kept.append(diagnostic("N100", path, sup.line, sup.column, message, hint))
    return kept


declare(
    "N100",
    "suppression-inutile",
    Severity.WARNING,
    """
    Un commentaire `# pcaet: ignore[CODE]` ne fait taire aucun diagnostic.

    Une suppression devenue inutile (le problème a été corrigé) cacherait un futur
    problème du même type sur la même ligne.

    Mauvais :
        statut: Réalisé  # pcaet: ignore[P011]
    Bon :
        statut: Réalisé
""",
)
