"""The bench's verdicts: a ratio over its target, or a peak over its memory, says so."""

from __future__ import annotations

from bench.commands import CONCISE_BASIS
from bench.run import COLD, FLOOR, Measure, table


def _lines(*measures: Measure) -> dict[str, str]:
    shown = table([(10, 20, [Measure(FLOOR, 0.5, None), Measure(COLD, 2.0, 100.0), *measures])])
    return {line.split("  ")[0].strip(): line for line in shown.splitlines()[3:]}


def test_ratios_to_their_basis_are_met_or_not() -> None:
    lines = _lines(
        Measure("report (json)", 3.0, 90.0, target=1.5),
        Measure("report (table)", 3.02, 90.0, target=1.5),
        Measure("lint à chaud", 1.5, 90.0, target=3.0, basis="plancher"),
        Measure("lint texte", 4.0, 90.0, target=1.5, basis=CONCISE_BASIS),
    )
    assert lines["report (json)"].endswith("≤ 1.5 × lint à froid : 1.50, atteinte")
    assert lines["report (table)"].endswith("≤ 1.5 × lint à froid : 1.51, NON ATTEINTE")
    assert lines["lint à chaud"].endswith("≤ 3 × plancher : 3.00, atteinte")
    # The concise lint is not in this run: said, not guessed.
    assert lines["lint texte"].endswith(f"≤ 1.5 × {CONCISE_BASIS} : non mesurée")


def test_memory_targets_and_failures() -> None:
    lines = _lines(
        Measure("report à 50 000", 3.0, 1024.0, target=1.5, memory_mb=1024.0),
        Measure("lint à 50 000", 1.0, 1025.0, memory_mb=1024.0),
        Measure("site", float("nan"), None, failed="code 2"),
    )
    assert lines["report à 50 000"].endswith("1.50, atteinte ; pic ≤ 1024 Mo : atteinte")
    assert lines["lint à 50 000"].endswith("  pic ≤ 1024 Mo : NON ATTEINTE")
    assert "ÉCHEC" in lines["site"] and "nan" not in lines["site"]
