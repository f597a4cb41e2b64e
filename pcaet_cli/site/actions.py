"""The list of actions and the page of each action (the fiche action, printable).

Everything an action page needs is gathered in one pass over the frames before the
pages are written: 5 000 actions must not cost 5 000 pandas filters."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from pcaet_cli.french import euros, number
from pcaet_cli.model import Action
from pcaet_cli.model.action import Indicateur
from pcaet_cli.model.vocab import DOMAINE_LABELS, Statut
from pcaet_cli.reports.avancement import trajectory
from pcaet_cli.reports.cells import is_missing
from pcaet_cli.reports.declencheurs import LABELS as DECLENCHEURS
from pcaet_cli.reports.frames import ROLE_NAMES, ROLES
from pcaet_cli.reports.model import Report
from pcaet_cli.reports.totals import budget_totals
from pcaet_cli.site import charts
from pcaet_cli.site.data import Link, SiteData
from pcaet_cli.site.labels import PORTAGE, long_date
from pcaet_cli.site.tables import Cell, TableView

NOT_GIVEN = "non renseigné"
STATES = ("en retard sur la trajectoire", "dans la trajectoire")
"""States of an indicator (the `avancement` report's) shown as small multiples, in order."""


def search_text(*parts: str) -> str:
    """Lowercase without accents: what the filter script compares typed words with."""
    joined = " ".join(parts).lower()
    return "".join(c for c in unicodedata.normalize("NFD", joined) if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    values: list[Link]


@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    roles: str
    kind: str
    detail: str | None
    email: str | None
    telephone: str | None


@dataclass(frozen=True, slots=True)
class IndicatorView:
    name: str
    chart: Markup
    table: TableView
    state: str | None


@dataclass(frozen=True, slots=True)
class Multiple:
    action: Link
    indicator: IndicatorView


@dataclass(frozen=True, slots=True)
class Note:
    day: str
    iso: str
    text: str
    author: str | None


@dataclass
class ActionPage:
    ident: str
    action: Action
    status: str
    late: bool
    facts: list[Fact]
    texts: list[tuple[str, str]]
    plans: TableView | None
    participants: list[Participant]
    classification: list[Fact]
    tables: list[TableView] = field(default_factory=list)
    gains: list[tuple[str, str]] = field(default_factory=list)
    indicators: list[IndicatorView] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    cae: list[str] = field(default_factory=list)


class ActionPages:
    """The per-action facts taken from the frames and the progress report, by action."""

    def __init__(self, data: SiteData, avancement: Report) -> None:
        self.data = data
        self.roles: dict[str, dict[str, list[str]]] = defaultdict(dict)
        roles = data.frames.roles
        for action, actor, role in zip(
            roles["action"], roles["acteur"], roles["role"], strict=True
        ):
            self.roles[action].setdefault(actor, []).append(role)
        actions = data.frames.actions
        self.portage = dict(zip(actions["action"], actions["portage"], strict=True))
        indicators = next(t for t in avancement.tables if t.name == "indicateurs").frame
        self.indicator_state = {
            (r["Action"], r["Indicateur"]): r["État"] for r in indicators.to_dict("records")
        }

    def page(self, ident: str, action: Action) -> ActionPage:
        data = self.data
        status = str(action.statut) if action.statut else "sans statut"
        late = self.data.late.get(ident, False)
        portage = self.portage.get(ident)
        dates = " – ".join(long_date(d) if d else "…" for d in (action.date_debut, action.date_fin))
        facts = [
            Fact("Identifiant", [Link(ident)]),
            Fact("Statut", [Link(status + (" (en retard)" if late else ""))]),
            Fact("Priorité", [Link(str(action.priorite) if action.priorite else NOT_GIVEN)]),
            Fact("Dates", [Link(dates if action.date_debut or action.date_fin else NOT_GIVEN)]),
            Fact("Pilote", [Link(data.actor_name(action.pilote) if action.pilote else NOT_GIVEN)]),
            Fact(
                "Élu référent",
                [Link(data.actor_name(action.referent) if action.referent else NOT_GIVEN)],
            ),
            Fact(
                "Portée",
                [
                    Link(
                        PORTAGE.get(str(portage), NOT_GIVEN)
                        if isinstance(portage, str)
                        else NOT_GIVEN
                    )
                ],
            ),
            Fact("Échelon porteur", [data.territory(action.echelon) or Link(NOT_GIVEN)]),
            Fact("Compétence", [Link(action.competence or NOT_GIVEN)]),
        ]
        if action.territoires:
            facts.append(
                Fact(
                    "S'applique à",
                    [t for t in map(data.territory, action.territoires) if t is not None],
                )
            )
        if action.propose_par:
            facts.append(Fact("Proposée par", [Link(data.actor_name(action.propose_par))]))
        if action.declencheur:
            facts.append(Fact("Déclencheur", [Link(DECLENCHEURS[action.declencheur])]))
        if action.participation_citoyenne:
            facts.append(
                Fact("Participation citoyenne", [Link(str(action.participation_citoyenne))])
            )
        texts = [
            (title, text)
            for title, text in (
                ("Description", action.description),
                ("Objectifs", action.objectifs),
                ("Résultats attendus", action.resultats_attendus),
                ("Moyens humains et techniques", action.moyens),
            )
            if text
        ]
        classification = [
            Fact(label, [Link(str(v)) for v in values])
            for label, values in (
                ("Secteurs", action.secteurs),
                ("Domaines stratégiques", [DOMAINE_LABELS[d] for d in action.domaines]),
                ("Volets", action.volets),
                ("Polluants", action.polluants),
                ("Types d'action", action.type_action),
                ("Publics cibles", action.cibles),
            )
            if values
        ]
        page = ActionPage(
            ident=ident,
            action=action,
            status=status,
            late=late,
            facts=facts,
            texts=texts,
            plans=self._plans(action),
            participants=self._participants(ident),
            classification=classification,
        )
        page.tables = [t for t in self._money_and_time(action) if t.rows]
        if action.gains:
            page.gains = [
                (label, f"{number(value)} {unit}")
                for label, value, unit in (
                    ("Émissions de GES évitées", action.gains.ges_tco2e, "tCO2e par an"),
                    ("Énergie économisée", action.gains.energie_mwh, "MWh par an"),
                    ("Énergie renouvelable produite", action.gains.enr_mwh, "MWh par an"),
                )
                if value is not None
            ]
        page.indicators = [
            self._indicator(ident, indicator, f"indicateur-{i + 1}")
            for i, indicator in enumerate(action.indicateurs)
        ]
        page.notes = [
            Note(
                long_date(s.date),
                s.date.isoformat(),
                s.texte,
                data.actor_name(s.auteur) if s.auteur else None,
            )
            for s in sorted(action.suivi, key=lambda s: s.date)
        ]
        if action.liens:
            page.related = [data.action(a) for a in action.liens.actions]
            page.cae = list(action.liens.mesures_cae)
        return page

    def _plans(self, action: Action) -> TableView | None:
        if not action.plans:
            return None
        rows = [
            [
                Cell(self.data.plan_names.get(plan, plan)),
                Cell(code or "—"),
                Cell(self.data.axis_titles.get(plan, {}).get(code or "", "—")),
            ]
            for plan, code in action.plans.items()
        ]
        return TableView(
            "plans-tableau",
            "Plans et axes servis par l'action",
            ("Plan", "Axe", "Intitulé de l'axe"),
            (False, False, False),
            rows,
        )

    def _participants(self, ident: str) -> list[Participant]:
        order = {role: i for i, role in enumerate(ROLES)}
        found = self.roles.get(ident, {})
        ranked = sorted(found.items(), key=lambda item: min(order[r] for r in item[1]))
        people = []
        for actor, roles in ranked:
            info = self.data.actors.get(actor)
            people.append(
                Participant(
                    name=info.name if info else actor,
                    roles=", ".join(ROLE_NAMES[r] for r in sorted(roles, key=order.__getitem__)),
                    kind=info.kind if info else "",
                    detail=info.detail if info else None,
                    email=info.email if info else None,
                    telephone=info.telephone if info else None,
                )
            )
        return people

    def _money_and_time(self, action: Action) -> list[TableView]:
        name = self.data.actor_name
        funding = [
            [
                Cell(name(f.financeur)),
                Cell(f.dispositif or "—"),
                Cell(str(f.annee) if f.annee else "—", css="num"),
                Cell(euros(f.montant) if f.montant is not None else "—", css="num"),
            ]
            for f in action.financements
        ]
        budget = [
            [
                Cell(str(line.annee) if line.annee else "pluriannuel"),
                Cell(str(line.type)),
                Cell(euros(line.prevu) if line.prevu is not None else "—", css="num"),
                Cell(euros(line.realise) if line.realise is not None else "—", css="num"),
            ]
            for line in sorted(action.budget, key=lambda b: (b.annee or 0, str(b.type)))
        ]
        if budget:
            total = budget_totals(action.budget).overall
            # A column with no amount at all still totals 0 €, as the page always said.
            budget.append(
                [
                    Cell("Total"),
                    Cell(""),
                    Cell(euros(total.planned or 0), css="num total"),
                    Cell(euros(total.spent or 0), css="num total"),
                ]
            )
        time = [
            [
                Cell(name(t.acteur)),
                Cell(str(t.annee) if t.annee else "chaque année de l'action"),
                Cell(number(t.etp), css="num"),
            ]
            for t in action.temps
        ]
        return [
            TableView(
                "financements-tableau",
                "Financements",
                ("Financeur", "Dispositif", "Année", "Montant (€ HT)"),
                (False, False, True, True),
                funding,
            ),
            TableView(
                "budget-tableau",
                "Budget prévu et réalisé",
                ("Année", "Type", "Prévu (€ HT)", "Réalisé (€ HT)"),
                (False, False, True, True),
                budget,
            ),
            TableView(
                "temps-tableau",
                "Temps consacré (ETP)",
                ("Acteur", "Année", "ETP"),
                (False, False, True),
                time,
            ),
        ]

    def multiples(self, limit: int) -> list[Multiple]:
        """Indicators behind their trajectory, then those on it, up to `limit`: the
        small multiples of the progress page."""
        ranked = sorted(
            (STATES.index(state), action, name)
            for (action, name), state in self.indicator_state.items()
            if state in STATES
        )
        found: list[Multiple] = []
        for k, (_, action, name) in enumerate(ranked[:limit]):
            model = self.data.index.actions[action].model
            indicator = next(i for i in getattr(model, "indicateurs", []) if i.nom == name)
            found.append(
                Multiple(
                    self.data.action(action),
                    self._indicator(action, indicator, f"multiple-{k + 1}"),
                )
            )
        return found

    def _indicator(self, ident: str, indicator: Indicateur, chart_id: str) -> IndicatorView:
        unit = f" ({indicator.unite})" if indicator.unite else ""
        start = (
            (indicator.annee_initiale, indicator.valeur_initiale)
            if indicator.annee_initiale is not None and indicator.valeur_initiale is not None
            else None
        )
        target = (
            (indicator.annee_cible, indicator.cible)
            if indicator.annee_cible is not None and indicator.cible is not None
            else None
        )
        measured = sorted(indicator.mesures.items())
        rows: list[list[Cell]] = []
        if start:
            rows.append(
                [Cell(str(start[0])), Cell(number(start[1]), css="num"), Cell("valeur initiale")]
            )
        for year, value in measured:
            expected = (
                f"attendu {number(trajectory(start[0], start[1], target[0], target[1], year))}"
                if start and target
                else "mesure"
            )
            rows.append([Cell(str(year)), Cell(number(value), css="num"), Cell(expected)])
        if target:
            rows.append([Cell(str(target[0])), Cell(number(target[1]), css="num"), Cell("cible")])
        description = (
            "; ".join(f"{r[0].text} : {r[1].text} ({r[2].text})" for r in rows) or "aucune valeur"
        )
        title = f"{indicator.nom}{unit}"
        state: Any = self.indicator_state.get((ident, indicator.nom))
        return IndicatorView(
            name=title,
            chart=charts.indicator_chart(
                chart_id,
                f"Indicateur : {title}",
                description,
                charts.IndicatorPoints(measured, start, target),
                number,
            ),
            table=TableView(
                f"{chart_id}-valeurs",
                f"Valeurs de l'indicateur « {title} »",
                ("Année", "Valeur", "Repère"),
                (False, True, False),
                rows,
            ),
            state=None if is_missing(state) else str(state),
        )


def action_list(data: SiteData) -> tuple[TableView, list[tuple[str, str]], list[str]]:
    """The table of every action with the attributes the filter reads, the plans
    (value, name) and the statuses offered by the filter."""
    plan_numbers = {plan: f"p{i}" for i, plan in enumerate(sorted(data.plan_names))}
    rows: list[list[Cell]] = []
    attributes: list[dict[str, str]] = []
    statuses: set[str] = set()
    for doc, action in sorted(data.index.iter_actions(), key=lambda item: item[0].id):
        status = str(action.statut) if action.statut else "sans statut"
        statuses.add(status)
        main = data.main_plan
        axis = data.axis(main, action.plans.get(main)) if main and main in action.plans else "—"
        pilot = data.actor_name(action.pilote) if action.pilote else NOT_GIVEN
        where = data.territory(action.echelon)
        shown_status = status + (" · en retard" if data.late.get(doc.id) else "")
        rows.append(
            [
                Cell(doc.id),
                Cell(action.titre, data.action_pages[doc.id]),
                Cell(shown_status),
                Cell(axis),
                Cell(pilot),
                Cell(where.text if where else NOT_GIVEN, where.href if where else None),
            ]
        )
        attributes.append(
            {
                "data-statut": status,
                "data-plans": " ".join(plan_numbers[p] for p in action.plans if p in plan_numbers),
                "data-recherche": search_text(
                    doc.id, action.titre, axis, pilot, where.text if where else ""
                ),
            }
        )
    caption = "Actions du plan"
    axis_header = f"Axe ({data.plan_names[data.main_plan]})" if data.main_plan else "Axe"
    table = TableView(
        "liste-actions",
        caption,
        ("Action", "Titre", "Statut", axis_header, "Pilote", "Échelon"),
        (False,) * 6,
        rows,
        attributes=attributes,
    )
    plans = [(plan_numbers[p], data.plan_names[p]) for p in sorted(data.plan_names)]
    ordered = [str(s) for s in Statut if str(s) in statuses]
    return table, plans, ordered + sorted(statuses - set(ordered))
