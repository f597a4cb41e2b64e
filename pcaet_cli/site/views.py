"""What the site's report pages are made of: a page, a section, an alert, a key
figure, and the bounds that keep charts and matrices readable."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from pcaet_cli.model.vocab import Statut
from pcaet_cli.reports.model import Report, Table
from pcaet_cli.site import paths
from pcaet_cli.site.actions import Multiple
from pcaet_cli.site.tables import TableView

Row = dict[Hashable, Any]

NO_STATUS = "sans statut"
STATUS_COLOURS = {
    str(Statut.A_VENIR): "#6a6af4",
    str(Statut.EN_COURS): "#000091",
    str(Statut.REALISE): "#18753c",
    str(Statut.EN_PAUSE): "#716043",
    str(Statut.ABANDONNE): "#666666",
    str(Statut.BLOQUE): "#b34000",
    str(Statut.EN_RETARD): "#ce0500",
    str(Statut.A_DISCUTER): "#6e445a",
    NO_STATUS: "#8a8a8a",
}
CHART_ROWS = 30
"""Beyond this many bars a chart is unreadable: it shows the first ones, the table all."""
MULTIPLES = 12
"""Indicator charts on the avancement page (those behind their trajectory first)."""


@dataclass(frozen=True, slots=True)
class AlertView:
    level: str
    message: str
    href: str | None


@dataclass
class Section:
    ident: str
    title: str
    intro: str | None = None
    chart: Markup | None = None
    chart_note: str | None = None
    tables: list[TableView] = field(default_factory=list)
    multiples: list[Multiple] = field(default_factory=list)


@dataclass
class ReportPage:
    path: str
    title: str
    intro: str
    alerts: list[AlertView]
    sections: list[Section]


@dataclass(frozen=True, slots=True)
class KeyFigure:
    label: str
    value: str
    href: str | None


def _alerts(report: Report) -> list[AlertView]:
    return [
        AlertView(a.level, a.message, paths.VIEW_PAGES.get(a.view or "")) for a in report.alerts
    ]


def _table(report: Report, name: str) -> Table:
    return next(t for t in report.tables if t.name == name)


def _note(shown: int, total: int) -> str:
    if shown < total:
        return (
            f"Le graphique montre les {shown} premières lignes sur {total} ; "
            "le tableau les donne toutes."
        )
    return "Les valeurs du graphique sont dans le tableau qui suit."


def _rows(records: list[Row]) -> list[Row]:
    return records[:CHART_ROWS]
