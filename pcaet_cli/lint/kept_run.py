"""A finished lint run kept in the register's cache (`register.cache.FileCache.runs`).

A commit hook, an editor or a CI job often lints a register that has not changed since
the last run. Rebuilding every model, the index and every cross-file rule then takes
most of the time (2.5 s of 3.6 s at 10 000 actions). The run's findings and key figures
are kept under a key made of every file's path, content and kind, what the walk found
besides, the settings of pcaet.toml, the code, the reference date and the rules asked
for: the same key can only come from the same run. The kept bytes are plain msgpack
data; anything unexpected in them means the run is done again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import msgpack

from pcaet_cli.diagnostic import Rule
from pcaet_cli.lint.result import LintResult
from pcaet_cli.register.cache import diagnostic_rows, diagnostics_from_rows
from pcaet_cli.register.yamlfile import YamlFile
from pcaet_cli.reports.key_figures import KeyFigures, PcaetCoverage

_FORMAT = 1
"""Bumped when what a kept run holds changes shape."""


def purpose(today: date, select: Sequence[str] | None, ignore: Sequence[str]) -> str:
    """What a run was asked, as part of its key (the settings are in the cache's stamp)."""
    chosen = "-" if select is None else ",".join(select)
    return f"lint:{_FORMAT}:{today.isoformat()}:{chosen}:{','.join(ignore)}"


def pack_run(result: LintResult, figures: KeyFigures) -> bytes:
    record = [
        _FORMAT,
        result.root,
        result.files,
        dict(result.entities),
        diagnostic_rows(result.diagnostics),
        [
            figures.territoires,
            figures.acteurs,
            figures.plans,
            figures.actions,
            figures.with_pilot,
            figures.carried_by_actors,
            figures.with_sponsor,
            figures.late,
            figures.statuses,
            [[p.plan, p.nom, p.actions, p.secteurs, p.domaines] for p in figures.pcaets],
        ],
    ]
    # Paths and messages may hold the surrogates of a file name that is not UTF-8.
    return bytes(msgpack.packb(record, unicode_errors="surrogatepass"))


def unpack_run(
    blob: bytes, rules: Sequence[Rule], sources: Mapping[str, YamlFile]
) -> tuple[LintResult, KeyFigures]:
    """The run `pack_run` wrote, the lines of its findings' files taken from `sources`.
    Raises (ValueError, TypeError, KeyError, msgpack's errors) on bytes it could not
    have written."""
    version, root, files, entities, rows, numbers = msgpack.unpackb(
        blob, unicode_errors="surrogatepass"
    )
    if version != _FORMAT:
        raise ValueError("résultat gardé d'un autre format")
    diagnostics = diagnostics_from_rows(rows)
    shown = {d.path for d in diagnostics}
    result = LintResult(
        root=str(root),
        diagnostics=diagnostics,
        files=int(files),
        entities={str(kind): int(count) for kind, count in entities.items()},
        rules=rules,
        sources={p: sources[p].lines for p in shown if p in sources},
    )
    return result, _figures(numbers)


def _figures(numbers: list[Any]) -> KeyFigures:
    *counts, statuses, pcaets = numbers
    territoires, acteurs, plans, actions, with_pilot, carried, with_sponsor, late = map(int, counts)
    return KeyFigures(
        territoires=territoires,
        acteurs=acteurs,
        plans=plans,
        actions=actions,
        with_pilot=with_pilot,
        carried_by_actors=carried,
        with_sponsor=with_sponsor,
        late=late,
        statuses={str(name): int(count) for name, count in statuses.items()},
        pcaets=[
            PcaetCoverage(str(plan), str(nom), int(n), int(secteurs), int(domaines))
            for plan, nom, n, secteurs, domaines in pcaets
        ],
    )
