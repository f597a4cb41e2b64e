"""Totals that every output states, computed once: the budget planned and spent (overall
and per year), and the actions carried by actors of the territory.

Without pandas: `pcaet lint` shows its key figures from here and must not pay for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from numbers import Real
from typing import Protocol

from pcaet_cli.reports.cells import is_missing


class BudgetLine(Protocol):
    """A line of an action's budget: the model's `LigneBudget`, or a row of
    `Frames.budget`, where NaN stands for a value not given."""

    @property
    def annee(self) -> object: ...
    @property
    def prevu(self) -> object: ...
    @property
    def realise(self) -> object: ...


@dataclass(frozen=True, slots=True)
class BudgetSum:
    planned: float | None = None
    """The planned amounts added up; None when no line gives one (unknown, not 0 €)."""
    spent: float | None = None
    """The amounts spent added up; None when no line gives one."""


@dataclass(frozen=True, slots=True)
class BudgetTotals:
    overall: BudgetSum
    """Every line, those without a year (the multi-year ones) included."""
    by_year: dict[int, BudgetSum] = field(default_factory=dict)
    """The lines of each year; a year without a line is absent."""

    def year(self, year: int) -> BudgetSum:
        return self.by_year.get(year, BudgetSum())


def _number(value: object) -> float | None:
    return None if is_missing(value) or not isinstance(value, Real) else float(value)


def _sum(amounts: list[float | None]) -> float | None:
    given = [a for a in amounts if a is not None]
    return sum(given) if given else None


def _added(lines: list[tuple[float | None, float | None]]) -> BudgetSum:
    return BudgetSum(_sum([p for p, _ in lines]), _sum([s for _, s in lines]))


def budget_totals(lines: Iterable[BudgetLine]) -> BudgetTotals:
    """The budget of an action, or of every action whose lines are given."""
    every: list[tuple[float | None, float | None]] = []
    years: dict[int, list[tuple[float | None, float | None]]] = {}
    for line in lines:
        amounts = (_number(line.prevu), _number(line.realise))
        every.append(amounts)
        year = _number(line.annee)
        if year is not None:
            years.setdefault(int(year), []).append(amounts)
    return BudgetTotals(_added(every), {y: _added(years[y]) for y in sorted(years)})


@dataclass(frozen=True, slots=True)
class Carrying:
    """Who carries the actions (`RegisterIndex.portage`), the workshop's figure: the
    share of actions piloted by actors of the territory (communes, associations,
    companies…) rather than by the collectivity's own services."""

    piloted: int
    """Actions with a known pilot."""
    by_actors: int
    """Of those, the actions piloted by an actor of the territory."""

    @property
    def share(self) -> float | None:
        return self.by_actors / self.piloted if self.piloted else None


def carrying(portages: Iterable[object]) -> Carrying:
    """From each action's portage: "acteur", "collectivite", or nothing (None, or NaN
    in a frame) when its pilot is unknown."""
    known = [p for p in portages if not is_missing(p)]
    return Carrying(len(known), sum(1 for p in known if p == "acteur"))
