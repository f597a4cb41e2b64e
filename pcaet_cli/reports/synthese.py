"""The one-screen synthesis of `pcaet report`: key figures and the alerts of every
view, each pointing to the view that details it."""

from __future__ import annotations

from pcaet_cli.french import number, percent
from pcaet_cli.model.vocab import SECTEURS_REGLEMENTAIRES, Domaine
from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Alert, Column, Report, Table, build_frame
from pcaet_cli.reports.totals import budget_totals, carrying


def _ratio(part: int, whole: int) -> str:
    return f"{part} / {whole} ({percent(part / whole)})" if whole else "—"


def synthese(frames: Frames, target: float, alerts: list[Alert]) -> Report:
    actions = frames.actions
    total = len(actions)
    carried = carrying(actions["portage"])
    sponsored = int(actions["referent"].notna().sum())
    sectors = frames.secteurs.loc[frames.secteurs["reglementaire"].astype(bool)][
        "secteur"
    ].nunique()
    domains = frames.domaines["domaine"].nunique()
    plans_per_action = frames.articulation.groupby("action")["plan"].nunique()
    multi = int((plans_per_action > 1).sum())
    budget = budget_totals(frames.budget.itertuples(index=False, name="Ligne")).overall
    overloaded = sum(1 for a in alerts if a.view == "charge" and a.level == "alerte")
    figures: list[tuple[str, str, str]] = [
        ("Actions", str(total), "avancement"),
        ("Actions avec pilote", _ratio(carried.piloted, total), "qui-fait-quoi"),
        (
            "Portées par les acteurs du territoire",
            f"{_ratio(carried.by_actors, carried.piloted)} · cible {percent(target)}",
            "portage",
        ),
        ("Avec un élu référent", _ratio(sponsored, total), "portage"),
        ("Actions en retard", str(int(actions["en_retard"].sum())), "avancement"),
        ("Surcharges (personne × année)", str(overloaded), "charge"),
        (
            "Secteurs réglementaires couverts",
            f"{sectors} / {len(SECTEURS_REGLEMENTAIRES)}",
            "couverture",
        ),
        ("Domaines stratégiques couverts", f"{domains} / {len(Domaine)}", "couverture"),
        ("Actions servant plusieurs plans", _ratio(multi, total), "articulation"),
        (
            "Budget réalisé / prévu",
            f"{number(budget.spent or 0, 0)}\u00a0€ / {number(budget.planned, 0)}\u00a0€\u00a0HT"
            if budget.planned
            else "—",
            "avancement",
        ),
        ("ETP demandés, toutes années", number(float(frames.temps["etp"].sum())), "charge"),
    ]
    columns: list[Column[tuple[str, str, str]]] = [
        Column("Indicateur", lambda f: f[0]),
        Column("Valeur", lambda f: f[1]),
        Column("Détail", lambda f: f"pcaet report {f[2]}"),
    ]
    return Report(
        view="synthese",
        title="Synthèse",
        tables=[Table("chiffres_cles", "Chiffres clés", build_frame(columns, figures))],
        alerts=alerts,
    )
