"""The page of each territory: what it is, which actions cover it (sector × domain heat
map, gaps), the share of its actions carried by actors of the territory against the
target. Figures come from the `couverture` and `portage` reports' frames."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from pcaet_cli.french import percent
from pcaet_cli.model import Territoire
from pcaet_cli.model.vocab import (
    DOMAINE_LABELS,
    MODE_COMPETENCE_LABELS,
    SECTEURS_REGLEMENTAIRES,
    Domaine,
)
from pcaet_cli.reports.cells import cell, is_missing
from pcaet_cli.reports.couverture import SECTOR_SHORT
from pcaet_cli.reports.model import Report
from pcaet_cli.site import charts
from pcaet_cli.site.actions import Fact
from pcaet_cli.site.data import Link, SiteData
from pcaet_cli.site.labels import COVERED_VIA, DOMAINS_SHORT, NATURES
from pcaet_cli.site.tables import Cell, TableView

SECTORS = [str(s) for s in SECTEURS_REGLEMENTAIRES]
DOMAINS = list(Domaine)
_SECTOR_COLUMN = {s: j for j, s in enumerate(SECTORS)}
_DOMAIN_ROW = {d: i for i, d in enumerate(DOMAINS)}


@dataclass
class TerritoryPage:
    ident: str
    name: str
    facts: list[Fact]
    competences: TableView | None
    portage: list[Fact]
    portage_chart: Markup | None
    heat_map: Markup
    heat_table: TableView
    sector_gaps: list[str]
    domain_gaps: list[str]
    actions: TableView


class TerritoryPages:
    def __init__(self, data: SiteData, portage: Report) -> None:
        self.data = data
        cov = data.frames.couverture
        self.covering: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for action, territory, via in zip(
            cov["action"], cov["territoire"], cov["via"], strict=True
        ):
            self.covering[territory].append((action, via))
        # What each action covers and each territory carries, found once rather than
        # once per territory (1 400 territories × hundreds of plans, in national data).
        self.cells: dict[str, tuple[set[int], set[int]]] = {}
        for ident, doc in data.index.actions.items():
            model = doc.model
            self.cells[ident] = (
                {_SECTOR_COLUMN[s] for s in getattr(model, "secteurs", []) if s in _SECTOR_COLUMN},
                {_DOMAIN_ROW[d] for d in getattr(model, "domaines", [])},
            )
        self.carried: dict[str, list[Link]] = defaultdict(list)
        for plan, name in sorted(data.plan_names.items()):
            if (model := data.index.plan(plan)) is not None and model.porteur:
                self.carried[model.porteur].append(Link(name, None))
        shares = next(t for t in portage.tables if t.name == "territoires").frame
        # The portage table lists territories in hierarchy order, one row each.
        self.portage = dict(zip(data.territory_order, shares.to_dict("records"), strict=True))

    def pages(self) -> Iterator[tuple[str, TerritoryPage]]:
        for doc, territoire in self.data.index.iter_territoires():
            yield self.data.territory_pages[doc.id], self.page(doc.id, territoire)

    def page(self, ident: str, territoire: Territoire) -> TerritoryPage:
        data = self.data
        index = data.index
        facts = [Fact("Nature", [Link(NATURES.get(territoire.nature, str(territoire.nature)))])]
        if territoire.population is not None:
            facts.append(Fact("Population", [Link(cell(territoire.population))]))
        if territoire.code_insee:
            facts.append(Fact("Code INSEE", [Link(territoire.code_insee)]))
        if territoire.siren:
            facts.append(Fact("SIREN", [Link(territoire.siren)]))
        for label, idents in (
            ("Membre de", territoire.membre_de),
            ("Membres", sorted(index.members(ident))),
        ):
            links = [t for t in map(data.territory, idents) if t is not None]
            if links:
                facts.append(Fact(label, links))
        for label, actor in (
            ("Chargé·e de mission du plan", territoire.charge_de_mission),
            ("Direction générale des services", territoire.dgs),
        ):
            if actor:
                facts.append(Fact(label, [Link(data.actor_name(actor))]))
        if ident in self.carried:
            facts.append(Fact("Plans portés", self.carried[ident]))

        competences = None
        if territoire.competences:
            competences = TableView(
                "competences-tableau",
                "Compétences",
                ("Compétence", "Mode", "À"),
                (False, False, False),
                [
                    [
                        Cell(name),
                        Cell(MODE_COMPETENCE_LABELS.get(str(c.mode), str(c.mode))),
                        Cell(
                            (t.text if (t := data.territory(c.a)) else "—"),
                            data.territory_pages.get(c.a) if c.a else None,
                        ),
                    ]
                    for name, c in sorted(territoire.competences.items())
                ],
            )
        portage, chart = self._portage(ident, territoire.nom)
        heat_map, heat_table, sector_gaps, domain_gaps = self._coverage(ident, territoire.nom)
        return TerritoryPage(
            ident=ident,
            name=territoire.nom,
            facts=facts,
            competences=competences,
            portage=portage,
            portage_chart=chart,
            heat_map=heat_map,
            heat_table=heat_table,
            sector_gaps=sector_gaps,
            domain_gaps=domain_gaps,
            actions=self._actions(ident),
        )

    def _portage(self, ident: str, name: str) -> tuple[list[Fact], Markup | None]:
        row: dict[Hashable, Any] = self.portage.get(ident, {})
        if not row:
            return [], None
        share = row["Part portée par les acteurs"]
        target = row["Cible"]
        facts = [
            Fact(label, [Link(cell(row[column], as_percent=as_percent))])
            for label, column, as_percent in (
                ("Actions qui couvrent le territoire", "Actions", False),
                ("Avec un pilote", "Avec pilote", False),
                ("Pilotées par les acteurs du territoire", "Portées par les acteurs", False),
                ("Part portée par les acteurs", "Part portée par les acteurs", True),
                ("Cible", "Cible", True),
                ("Proposées par les acteurs", "Proposées par les acteurs", False),
                ("Avec un élu référent", "Avec élu référent", True),
            )
        ]
        if is_missing(share):
            return facts, None
        chart = charts.bar_chart(
            "portage",
            f"Part des actions portées par les acteurs du territoire : {name}",
            f"{percent(share)} des actions pilotées le sont par des acteurs du territoire, "
            f"pour une cible de {percent(target)}.",
            ["Part portée par les acteurs"],
            [charts.Series("Part", [share], charts.SERIES_COLOURS[0])],
            percent,
            targets=[target],
            target_name=f"Cible ({percent(target)})",
        )
        return facts, chart

    def _coverage(self, ident: str, name: str) -> tuple[Markup, TableView, list[str], list[str]]:
        """Actions covering the territory per strategic domain (rows: their labels are
        long) and regulatory sector (columns), with the totals of each."""
        counts = [[0] * len(SECTORS) for _ in DOMAINS]
        per_sector = [0] * len(SECTORS)
        per_domain = [0] * len(DOMAINS)
        nothing: tuple[set[int], set[int]] = (set(), set())
        for action, _ in self.covering.get(ident, []):
            sectors, domains = self.cells.get(action, nothing)
            for j in sectors:
                per_sector[j] += 1
            for i in domains:
                per_domain[i] += 1
                for j in sectors:
                    counts[i][j] += 1
        chart = charts.heat_map(
            "couverture",
            f"Actions par domaine stratégique et secteur réglementaire : {name}",
            f"Nombre d'actions qui couvrent {name} pour chaque domaine stratégique (lignes) "
            "et secteur réglementaire (colonnes) ; le détail est dans le tableau qui suit.",
            [DOMAINS_SHORT[d] for d in DOMAINS],
            [SECTOR_SHORT.get(s, s) for s in SECTORS],
            counts,
        )
        highest = max((v for row in counts for v in row), default=0)
        table_rows = [
            [
                Cell(DOMAINE_LABELS[domain]),
                *(
                    Cell(str(v), css=f"num chaleur h{charts.heat_level(v, highest)}")
                    for v in counts[i]
                ),
                Cell(str(per_domain[i]), css="num total"),
            ]
            for i, domain in enumerate(DOMAINS)
        ]
        table_rows.append(
            [
                Cell("Actions du secteur"),
                *(Cell(str(v), css="num total") for v in per_sector),
                Cell(""),
            ]
        )
        table = TableView(
            "couverture-donnees",
            f"Actions par domaine et par secteur ({name})",
            ("Domaine stratégique", *SECTORS, "Actions du domaine"),
            (False, *([True] * (len(SECTORS) + 1))),
            table_rows,
            note="Une action compte pour son territoire, ses membres et les niveaux au-dessus.",
        )
        sector_gaps = [s for s, n in zip(SECTORS, per_sector, strict=True) if n == 0]
        domain_gaps = [
            DOMAINE_LABELS[d] for d, n in zip(DOMAINS, per_domain, strict=True) if n == 0
        ]
        return chart, table, sector_gaps, domain_gaps

    def _actions(self, ident: str) -> TableView:
        data = self.data
        rows = []
        for action, via in sorted(self.covering.get(ident, [])):
            doc = data.index.actions.get(action)
            model = doc.model if doc else None
            status = getattr(model, "statut", None)
            rows.append(
                [
                    Cell(action, data.action_pages.get(action)),
                    Cell(str(getattr(model, "titre", ""))),
                    Cell(str(status) if status else "sans statut"),
                    Cell(COVERED_VIA.get(via, via)),
                ]
            )
        return TableView(
            "actions-du-territoire",
            "Actions qui couvrent le territoire",
            ("Action", "Titre", "Statut", "Couvre le territoire"),
            (False, False, False, False),
            rows,
        )
