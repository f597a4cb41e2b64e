"""The home page and the pages drawn from `pcaet report`'s views (territoires, avancement,
qui fait quoi, charge, articulation): the same tables, with charts beside them."""

from __future__ import annotations

from collections import Counter

from pcaet_cli.french import euros, number, percent, plural
from pcaet_cli.reports import ReportOptions, every_view
from pcaet_cli.reports.cells import cell, is_missing
from pcaet_cli.reports.frames import ROLES
from pcaet_cli.reports.model import Report
from pcaet_cli.reports.qui_fait_quoi import ROLE_LABELS
from pcaet_cli.site import charts, paths
from pcaet_cli.site.actions import ActionPages
from pcaet_cli.site.data import SiteData
from pcaet_cli.site.tables import Cell, TableView, from_report
from pcaet_cli.site.views import (
    CHART_ROWS,
    MULTIPLES,
    NO_STATUS,
    STATUS_COLOURS,
    AlertView,
    KeyFigure,
    ReportPage,
    Section,
    _alerts,
    _note,
    _rows,
    _table,
)


class Reports:
    """Every view of `pcaet report` computed once on the site's frames."""

    def __init__(self, data: SiteData, avancement: Report) -> None:
        """`avancement`: that view, computed first (the action pages need it)."""
        self.data = data
        # The library's own views on the site's frames: the same figures and alerts, in
        # the same order, as `pcaet report`, each computed once.
        options = ReportOptions(cible_portage=data.options.cible_portage, today=data.today)
        reports = every_view(data.frames, data.index, options, {"avancement": avancement})
        self.synthese = reports["synthese"]
        self.qui_fait_quoi = reports["qui-fait-quoi"]
        self.couverture = reports["couverture"]
        self.portage = reports["portage"]
        self.charge = reports["charge"]
        self.articulation = reports["articulation"]
        self.declencheurs = reports["declencheurs"]
        self.avancement = reports["avancement"]
        self.organisation = reports["organisation"]

    def key_figures(self) -> list[KeyFigure]:
        table = self.synthese.tables[0].frame
        return [
            KeyFigure(
                str(r["Indicateur"]),
                str(r["Valeur"]),
                paths.VIEW_PAGES.get(str(r["Détail"]).removeprefix("pcaet report ")),
            )
            for r in table.to_dict("records")
        ]

    def home_alerts(self) -> list[AlertView]:
        return _alerts(self.synthese)

    def avancement_par_axe(self) -> Section | None:
        """Actions of each axis of the main plan, by status."""
        data = self.data
        main = data.main_plan
        plan = data.index.plan(main)
        if main is None or plan is None:
            return None
        links = data.frames.articulation
        actions = data.frames.actions
        status = dict(zip(actions["action"], actions["statut"].fillna(NO_STATUS), strict=True))
        counts: dict[str, Counter[str]] = {axe.code: Counter() for axe in plan.axes}
        for action, plan_id, root in zip(
            links["action"], links["plan"], links["axe_racine"], strict=True
        ):
            if plan_id == main:
                key = root if isinstance(root, str) and root in counts else "sans axe"
                counts.setdefault(key, Counter())[str(status.get(action, NO_STATUS))] += 1
        used = [s for s in STATUS_COLOURS if any(c[s] for c in counts.values())]
        labels = [data.axis(main, code) if code != "sans axe" else code for code in counts]
        values = [[float(c[s]) for s in used] for c in counts.values()]
        chart = charts.stacked_bar_chart(
            "avancement-par-axe",
            f"Actions par axe du plan « {data.plan_names[main]} » et par statut",
            "; ".join(
                f"{label} : {plural(round(sum(row)), 'action')}"
                for label, row in zip(labels, values, strict=True)
            ),
            labels,
            [(s, STATUS_COLOURS[s]) for s in used],
            values,
            lambda v: f"{v:.0f}",
        )
        rows = [
            [
                Cell(label),
                *(Cell(str(c[s]), css="num") for s in used),
                Cell(str(sum(c.values())), css="num total"),
            ]
            for label, c in zip(labels, counts.values(), strict=True)
        ]
        table = TableView(
            "avancement-par-axe-donnees",
            f"Actions par axe et par statut ({data.plan_names[main]})",
            ("Axe", *used, "Total"),
            (False, *([True] * (len(used) + 1))),
            rows,
        )
        return Section(
            "avancement-par-axe",
            "Avancement par axe",
            chart=chart,
            chart_note=_note(len(labels), len(labels)),
            tables=[table],
        )

    # --- report pages ------------------------------------------------------------------

    def territories(self) -> ReportPage:
        data = self.data
        order = [data.territory_pages.get(ident) for ident in data.territory_order]
        shares = _table(self.portage, "territoires")
        records = shares.frame.to_dict("records")
        shown = [r for r in records if not is_missing(r["Part portée par les acteurs"])]
        chart = None
        if shown:
            first = _rows(shown)
            chart = charts.bar_chart(
                "portage-territoires",
                "Part des actions portées par les acteurs du territoire, par territoire",
                "; ".join(
                    f"{r['Territoire']} : {percent(r['Part portée par les acteurs'])}"
                    for r in first
                )
                + f" (cible {percent(data.options.cible_portage)})",
                [str(r["Territoire"]) for r in first],
                [
                    charts.Series(
                        "Part portée",
                        [r["Part portée par les acteurs"] for r in first],
                        charts.SERIES_COLOURS[0],
                    )
                ],
                percent,
                targets=[r["Cible"] for r in first],
                target_name=f"Cible ({percent(data.options.cible_portage)})",
            )
        portage = Section(
            "portage",
            "Portage des actions",
            intro="Part des actions pilotées par les acteurs du territoire (communes, "
            "associations, entreprises…) plutôt que par les services des collectivités, "
            "comparée à la cible du plan.",
            chart=chart,
            chart_note=_note(min(len(shown), CHART_ROWS), len(shown)),
            tables=[from_report(shares, "portage-tableau", data.action_pages, row_links=order)],
        )
        coverage = Section(
            "couverture",
            "Couverture par territoire",
            intro="Nombre d'actions par secteur réglementaire, domaine stratégique et axe du "
            "plan. Un 0 signale un manque ; chaque territoire a sa page avec le détail "
            "secteur × domaine.",
            tables=[
                from_report(t, f"couverture-{t.name}", data.action_pages, row_links=order)
                for t in self.couverture.tables
            ],
        )
        return ReportPage(
            paths.TERRITOIRES,
            "Territoires",
            "Chaque territoire, du PETR aux communes, avec les actions qui le couvrent et la "
            "part portée par ses acteurs.",
            _alerts(self.portage) + _alerts(self.couverture),
            [portage, coverage],
        )

    def avancement_page(self, actions: ActionPages) -> ReportPage:
        data = self.data
        report = self.avancement
        statuses = _table(report, "statuts")
        status_rows = [r for r in statuses.frame.to_dict("records") if r["Actions"]]
        status_chart = charts.bar_chart(
            "statuts",
            "Actions par statut",
            "; ".join(f"{r['Statut']} : {r['Actions']}" for r in status_rows),
            [str(r["Statut"]) for r in status_rows],
            [
                charts.Series(
                    "Actions", [float(r["Actions"]) for r in status_rows], charts.SERIES_COLOURS[0]
                )
            ],
            lambda v: f"{v:.0f}",
        )
        budget = _table(report, "budget")
        budget_rows = budget.frame.to_dict("records")
        budget_labels = [f"{cell(r['Année'], column='Année')} · {r['Type']}" for r in budget_rows]
        budget_chart = charts.bar_chart(
            "budget",
            "Budget prévu et réalisé par année",
            "; ".join(
                f"{label} : prévu {euros(r['Prévu (€ HT)'])}, réalisé {euros(r['Réalisé (€ HT)'])}"
                for label, r in zip(budget_labels, budget_rows, strict=True)
            ),
            budget_labels,
            [
                charts.Series(
                    "Prévu", [r["Prévu (€ HT)"] for r in budget_rows], charts.SERIES_COLOURS[0]
                ),
                charts.Series(
                    "Réalisé", [r["Réalisé (€ HT)"] for r in budget_rows], charts.SERIES_COLOURS[1]
                ),
            ],
            euros,
        )
        funding = _table(self.portage, "financements")
        funding_rows = funding.frame.to_dict("records")
        first_funders = _rows(funding_rows)
        funding_chart = charts.bar_chart(
            "financements",
            "Financements obtenus par financeur",
            "; ".join(f"{r['Nom']} : {euros(r['Montant (€ HT)'])}" for r in first_funders),
            [str(r["Nom"]) for r in first_funders],
            [
                charts.Series(
                    "Montant",
                    [r["Montant (€ HT)"] for r in first_funders],
                    charts.SERIES_COLOURS[1],
                )
            ],
            euros,
        )
        indicators = _table(report, "indicateurs")
        sections = [
            Section(
                "statuts",
                "Statuts des actions",
                chart=status_chart,
                chart_note=_note(len(status_rows), len(status_rows)),
                tables=[from_report(statuses, "statuts-tableau", data.action_pages)],
            ),
            Section(
                "retards",
                "Actions en retard",
                tables=[
                    from_report(_table(report, "retards"), "retards-tableau", data.action_pages)
                ],
            ),
            Section(
                "budget",
                "Budget",
                chart=budget_chart if budget_rows else None,
                chart_note=_note(len(budget_rows), len(budget_rows)),
                tables=[from_report(budget, "budget-tableau", data.action_pages)],
            ),
            Section(
                "financements",
                "Financements",
                chart=funding_chart if funding_rows else None,
                chart_note=_note(len(first_funders), len(funding_rows)),
                tables=[
                    from_report(
                        funding, "financements-tableau", data.action_pages, hide=("Financeur",)
                    )
                ],
            ),
            Section(
                "declencheurs",
                "Déclencheurs des actions",
                tables=[
                    from_report(t, f"declencheurs-{t.name}", data.action_pages)
                    for t in self.declencheurs.tables
                ],
            ),
            Section(
                "indicateurs",
                "Indicateurs",
                intro="Chaque indicateur avec sa dernière mesure et la trajectoire en ligne "
                "droite de la valeur initiale à la cible ; la page de chaque action en donne "
                "le graphique.",
                tables=[from_report(indicators, "indicateurs-tableau", data.action_pages)],
                multiples=actions.multiples(MULTIPLES),
            ),
        ]
        return ReportPage(
            paths.AVANCEMENT,
            "Avancement",
            "Où en sont les actions : statuts, retards, budget, financements et indicateurs.",
            _alerts(report),
            sections,
        )

    def qui_fait_quoi_page(self) -> ReportPage:
        data = self.data
        roles = _table(self.qui_fait_quoi, "acteurs")
        records = sorted(roles.frame.to_dict("records"), key=lambda r: -int(r["Total"]))
        first = _rows(records)
        role_names = [ROLE_LABELS[role] for role in ROLES]
        chart = charts.stacked_bar_chart(
            "roles",
            "Rôles des acteurs les plus sollicités",
            "; ".join(f"{r['Nom']} : {plural(int(r['Total']), 'rôle')}" for r in first),
            [str(r["Nom"]) for r in first],
            list(zip(role_names, charts.SERIES_COLOURS, strict=True)),
            [[float(r[name]) for name in role_names] for r in first],
            lambda v: f"{v:.0f}",
        )
        organisation = self.organisation
        return ReportPage(
            paths.QUI_FAIT_QUOI,
            "Qui fait quoi",
            "Les acteurs du plan et leurs rôles dans les actions : pilote, copilote, élu "
            "référent, relais, personnes mobilisées, partenaires, financeurs.",
            _alerts(self.qui_fait_quoi),
            [
                Section(
                    "roles",
                    "Rôles par acteur",
                    chart=chart if first else None,
                    chart_note=_note(len(first), len(records)),
                    tables=[from_report(roles, "roles-tableau", data.action_pages)],
                ),
                Section(
                    "actions-par-axe",
                    "Actions par axe",
                    tables=[
                        from_report(
                            _table(self.qui_fait_quoi, "actions"),
                            "actions-par-axe-tableau",
                            data.action_pages,
                        )
                    ],
                ),
                Section(
                    "organisation",
                    "Organisation",
                    intro="Chargé·es de mission, rattachement à la direction générale, relais "
                    "du plan dans les services et équipe projet.",
                    tables=[
                        from_report(t, f"organisation-{t.name}", data.action_pages)
                        for t in organisation.tables
                    ],
                ),
            ],
        )

    def charge_page(self) -> ReportPage:
        data = self.data
        people = _table(self.charge, "personnes")
        records = people.frame.to_dict("records")
        first = _rows(records)
        labels = [f"{r['Nom']} ({r['Année']})" for r in first]
        chart = charts.bar_chart(
            "charge-personnes",
            "ETP demandés par acteur et par année, comparés au temps disponible",
            "; ".join(
                f"{label} : {number(r['ETP demandés'])} ETP demandés"
                + (
                    ""
                    if is_missing(r["ETP disponibles"])
                    else f" pour {number(r['ETP disponibles'])} disponibles"
                )
                for label, r in zip(labels, first, strict=True)
            ),
            labels,
            [
                charts.Series(
                    "ETP demandés", [r["ETP demandés"] for r in first], charts.SERIES_COLOURS[0]
                )
            ],
            lambda v: f"{number(v)} ETP",
            targets=[
                None if is_missing(r["ETP disponibles"]) else r["ETP disponibles"] for r in first
            ],
            target_name="Temps disponible",
        )
        return ReportPage(
            paths.CHARGE,
            "Charge de travail",
            "Le temps (en équivalents temps plein) que les actions demandent à chacun, "
            "comparé au temps disponible pour le plan ; les surcharges d'abord.",
            _alerts(self.charge),
            [
                Section(
                    "personnes",
                    "Par acteur et par année",
                    chart=chart if first else None,
                    chart_note=_note(len(first), len(records)),
                    tables=[
                        from_report(
                            people, "personnes-tableau", data.action_pages, hide=("Acteur",)
                        )
                    ],
                ),
                Section(
                    "services",
                    "Par service",
                    tables=[
                        from_report(
                            _table(self.charge, "services"),
                            "services-tableau",
                            data.action_pages,
                            hide=("Service",),
                        )
                    ],
                ),
            ],
        )

    def articulation_page(self) -> ReportPage:
        data = self.data
        report = self.articulation
        shares = _table(report, "parts")
        share_column = str(shares.frame.columns[-1])
        # One bar per plan, or per type of plan when the report groups them (many plans).
        label = "Nom" if "Nom" in shares.frame.columns else "Type"
        records = shares.frame.to_dict("records")
        first = _rows(records)
        chart = charts.bar_chart(
            "articulation-parts",
            shares.title,
            "; ".join(
                f"{r[label]} : {percent(r[share_column])}"
                for r in first
                if not is_missing(r[share_column])
            ),
            [str(r[label]) for r in first],
            [
                charts.Series(
                    "Part",
                    [None if is_missing(r[share_column]) else r[share_column] for r in first],
                    charts.SERIES_COLOURS[0],
                )
            ],
            percent,
        )
        matrix = _table(report, "matrice")
        grouped = [
            Section(
                "types",
                "Plans par type",
                intro=types.note,
                tables=[from_report(types, "types-tableau", data.action_pages)],
            )
            for types in report.tables
            if types.name == "types"
        ]
        return ReportPage(
            paths.ARTICULATION,
            "Articulation avec les autres plans",
            "Comment les actions du plan climat servent aussi les autres plans et contrats "
            "du territoire : CRTE, SCoT, COT, projet de territoire…",
            _alerts(report),
            [
                *grouped,
                Section(
                    "parts",
                    "Actions communes avec chaque plan" if label == "Nom" else shares.title,
                    chart=chart if first else None,
                    chart_note=_note(len(first), len(records)),
                    tables=[from_report(shares, "parts-tableau", data.action_pages)],
                ),
                Section(
                    "matrice",
                    matrix.title,
                    tables=[from_report(matrix, "matrice-tableau", data.action_pages)],
                ),
                Section(
                    "un-seul-plan",
                    "Actions rattachées à un seul plan",
                    tables=[
                        from_report(
                            _table(report, "un_seul_plan"),
                            "un-seul-plan-tableau",
                            data.action_pages,
                        )
                    ],
                ),
            ],
        )
