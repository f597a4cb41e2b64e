"""The summary sheet of a workbook (`pcaet export`, `pcaet report`, format xlsx): the
synthesis's key figures, then the actions by status and the budget planned and spent by
year, each drawn by the spreadsheet as a chart beside its table.

Every figure is one the views already give: the key figures of `synthese`, the statuses
of `avancement`, the budget totals of `totals.budget_totals`."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pcaet_cli.reports.cells import is_missing
from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Chart, Column, Report, Table, build_frame
from pcaet_cli.reports.totals import BudgetLine, BudgetSum, budget_totals

UNDATED = "pluriannuel"
"""The budget lines without a year, as `avancement` names them."""


@dataclass(frozen=True, slots=True)
class _Year:
    year: int | str
    budget: BudgetSum

    @property
    def rate(self) -> float | None:
        planned, spent = self.budget.planned, self.budget.spent
        return spent / planned if planned and spent is not None else None


_BUDGET_COLUMNS: list[Column[_Year]] = [
    Column("Année", lambda y: y.year),
    Column("Prévu (€ HT)", lambda y: y.budget.planned),
    Column("Réalisé (€ HT)", lambda y: y.budget.spent),
    Column("Taux de réalisation", lambda y: y.rate),
]


def budget_by_year(frames: Frames) -> Table:
    """Planned and spent per year, the lines without a year last."""
    lines: list[BudgetLine] = list(frames.budget.itertuples(index=False, name="Ligne"))
    totals = budget_totals(lines)
    years: list[_Year] = [_Year(y, s) for y, s in totals.by_year.items()]
    undated = [line for line in lines if is_missing(line.annee)]
    if undated:
        years.append(_Year(UNDATED, budget_totals(undated).overall))
    return Table(
        "budget_annees",
        "Budget prévu et réalisé par année",
        build_frame(_BUDGET_COLUMNS, years, exact=True),
        percent=("Taux de réalisation",),
        chart=Chart(
            "Budget prévu et réalisé (€ HT)",
            "Année",
            ("Prévu (€ HT)", "Réalisé (€ HT)"),
            axis="€ HT",
        ),
    )


def summary_tables(frames: Frames, synthese: Report, avancement: Report) -> list[Table]:
    """The blocks of the summary sheet, in order."""
    figures = next(t for t in synthese.tables if t.name == "chiffres_cles")
    statuses = next(t for t in avancement.tables if t.name == "statuts")
    return [
        figures,
        replace(
            statuses,
            chart=Chart("Actions par statut", "Statut", ("Actions",), horizontal=True),
        ),
        budget_by_year(frames),
    ]
