"""Budget totals, written once for every output: an amount not given is unknown, never
0 €, whether the line comes from the model (None) or from a frame (NaN)."""

from __future__ import annotations

from typing import NamedTuple

from pcaet_cli.reports.totals import BudgetSum, budget_totals

NAN = float("nan")


class Line(NamedTuple):
    annee: object
    prevu: object
    realise: object


def test_lines_without_an_amount_are_left_out_not_counted_as_zero() -> None:
    totals = budget_totals(
        [
            Line(2024, 1000, 800),
            Line(2024, 500, NAN),  # a frame's missing amount
            Line(2025, 300, None),  # the model's
            Line(None, 200, None),  # no year: in the overall total only
        ]
    )
    assert totals.overall == BudgetSum(planned=2000.0, spent=800.0)
    assert totals.by_year == {
        2024: BudgetSum(planned=1500.0, spent=800.0),
        2025: BudgetSum(planned=300.0, spent=None),
    }
    assert totals.year(2025) == BudgetSum(planned=300.0, spent=None)
    assert totals.year(2026) == BudgetSum()


def test_nothing_spent_anywhere_is_unknown() -> None:
    totals = budget_totals([Line(2024, 1000, None), Line(2025.0, NAN, NAN)])
    assert totals.overall == BudgetSum(planned=1000.0, spent=None)
    assert list(totals.by_year) == [2024, 2025]  # a float year from a frame is the year
    assert budget_totals([]).overall == BudgetSum()
