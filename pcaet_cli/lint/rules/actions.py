"""P — the content of each fiche action: sectors and strategic domains, what the
regulation asks of the main actions (R229-51 III), dates and lateness."""

from __future__ import annotations

from datetime import date

from pcaet_cli.diagnostic import Severity
from pcaet_cli.lint.context import LintContext, Reporter
from pcaet_cli.lint.registry import rule
from pcaet_cli.model import Action, Plan
from pcaet_cli.model.common import FIRST_YEAR, LAST_YEAR, implausible
from pcaet_cli.model.vocab import Priorite, Statut
from pcaet_cli.register.loader import Document


@rule("P007", "action-sans-secteur", Severity.WARNING)
def action_sans_secteur(ctx: LintContext, report: Reporter) -> None:
    """Une action ne cite aucun secteur.

    Le programme d'actions « porte sur les secteurs d'activité » (R229-51) ; sans
    secteur, l'action ne compte pas dans la couverture des huit secteurs de l'arrêté du
    4 août 2016.

    Mauvais : pas de clé `secteurs`.
    Bon :
        secteurs: [Transport routier]
    """
    for doc, action in ctx.index.iter_actions():
        if not action.secteurs and doc.lacks("secteurs"):
            report(
                doc,
                (),
                f"l'action « {doc.id} » ne cite aucun secteur",
                "ajoutez « secteurs: [...] » (ex. Résidentiel, Transport routier)",
            )


@rule("P008", "action-sans-domaine", Severity.WARNING)
def action_sans_domaine(ctx: LintContext, report: Reporter) -> None:
    """Une action ne cite aucun domaine stratégique (R229-51 II, 1° à 9°).

    La stratégie territoriale se décline en neuf domaines (GES, stockage carbone,
    maîtrise de l'énergie, EnR…) ; chaque action doit dire lesquels elle sert.

    Mauvais : pas de clé `domaines`.
    Bon :
        domaines: [ges, polluants]
    """
    for doc, action in ctx.index.iter_actions():
        if not action.domaines and doc.lacks("domaines"):
            report(
                doc,
                (),
                f"l'action « {doc.id} » ne cite aucun domaine stratégique",
                "ajoutez « domaines: [...] » (ges, maitrise_energie, enr, adaptation…)",
            )


@rule("P009", "action-principale-incomplete", Severity.WARNING)
def action_principale_incomplete(ctx: LintContext, report: Reporter) -> None:
    """Une action principale (priorité Élevé) ne précise pas ses moyens, ses publics,
    ses partenaires ou ses résultats attendus.

    R229-51 III : pour les actions principales, le programme précise « les moyens à
    mettre en œuvre, les publics concernés, les partenariats souhaités et les résultats
    attendus ». Les moyens se décrivent dans `moyens` ou se chiffrent dans `budget` ou
    `temps`.

    Mauvais : `priorite: Élevé` sans `resultats_attendus`.
    Bon :
        priorite: Élevé
        moyens: 0,5 ETP et 40 000 € par an
        cibles: [Acteurs économiques]
        partenaires: [cci-brume]
        resultats_attendus: 2 000 trajets covoiturés par mois en 2026
    """
    for doc, action in ctx.index.iter_actions():
        if action.priorite is not Priorite.ELEVE:
            continue
        missing = [
            label
            for label, fields in (
                ("moyens", ("moyens", "budget", "temps")),
                ("publics (cibles)", ("cibles",)),
                ("partenaires", ("partenaires",)),
                ("résultats attendus", ("resultats_attendus",)),
            )
            # A field present but invalid is the schema's finding, not a missing one.
            if all(not getattr(action, f) and doc.lacks(f) for f in fields)
        ]
        if missing:
            report(
                doc,
                ("priorite",),
                "action principale (priorité Élevé) sans " + ", ".join(missing),
                "R229-51 III : précisez-les, ou baissez la priorité",
            )


@rule("P010", "dates-inversees", Severity.ERROR)
def dates_inversees(ctx: LintContext, report: Reporter) -> None:
    """La date de début est postérieure à la date de fin (action ou plan).

    Mauvais :
        date_debut: 2026-01-01
        date_fin: 2025-12-31
    Bon :
        date_debut: 2025-01-01
        date_fin: 2025-12-31
    """
    docs: list[tuple[Document, Action | Plan]] = [
        *ctx.index.iter_actions(),
        *ctx.index.iter_plans(),
    ]
    for doc, model in docs:
        if model.date_debut and model.date_fin and model.date_debut > model.date_fin:
            report(
                doc,
                ("date_fin",),
                f"la date de fin {model.date_fin.isoformat()} précède la date de début "
                f"{model.date_debut.isoformat()}",
                "intervertissez ou corrigez les dates",
            )


@rule("P011", "action-en-retard", Severity.WARNING)
def action_en_retard(ctx: LintContext, report: Reporter) -> None:
    """La date de fin d'une action est passée et son statut ne le dit pas.

    Une action est en retard quand sa date de fin est passée sans qu'elle soit Réalisée
    ou Abandonnée (définition de Territoires en Transitions). Le statut « En retard »
    reconnaît le retard et fait taire la règle. `pcaet lint --date AAAA-MM-JJ` fixe la
    date de référence (utile en intégration continue).

    Mauvais : `date_fin: 2025-06-30` et `statut: En cours` fin 2025.
    Bon : `statut: En retard` (ou Réalisé, ou une date de fin reportée).
    """
    for doc, action in ctx.index.iter_actions():
        if not doc.lacks("statut"):
            continue  # an invalid statut is reported by S004; it may well say "En retard"
        if ctx.index.is_late(action, ctx.today) and action.statut is not Statut.EN_RETARD:
            assert action.date_fin is not None
            status = f"« {action.statut} »" if action.statut else "absent"
            report(
                doc,
                ("date_fin",),
                f"date de fin {action.date_fin.isoformat()} dépassée, statut {status}",
                "passez le statut à « En retard », « Réalisé » ou « Abandonné », "
                "ou reportez la date de fin",
            )


@rule("P012", "dates-hors-plan", Severity.WARNING)
def dates_hors_plan(ctx: LintContext, report: Reporter) -> None:
    """Une action commence avant ou finit après un plan qu'elle sert.

    Une action d'un PCAET 2024-2029 qui finit en 2031 déborde du plan : elle relève du
    plan suivant, ou ses dates sont fausses.

    Mauvais : `date_fin: 2031-12-31` pour un plan qui finit le 2029-12-31.
    Bon : `date_fin: 2029-12-31`.
    """
    index = ctx.index
    for doc, action in index.iter_actions():
        for plan_id in action.plans:
            plan = index.plan(plan_id)
            if plan is None or (
                plan.date_debut and plan.date_fin and plan.date_debut > plan.date_fin
            ):
                continue  # inverted plan dates are P010's finding
            if action.date_debut and plan.date_debut and action.date_debut < plan.date_debut:
                report(
                    doc,
                    ("date_debut",),
                    f"l'action commence le {action.date_debut.isoformat()}, avant le plan "
                    f"« {plan_id} » ({plan.date_debut.isoformat()})",
                    "vérifiez les dates ou le rattachement au plan",
                )
            if action.date_fin and plan.date_fin and action.date_fin > plan.date_fin:
                report(
                    doc,
                    ("date_fin",),
                    f"l'action finit le {action.date_fin.isoformat()}, après le plan "
                    f"« {plan_id} » ({plan.date_fin.isoformat()})",
                    "vérifiez les dates ou le rattachement au plan",
                )


@rule("P023", "date-improbable", Severity.WARNING)
def date_improbable(ctx: LintContext, report: Reporter) -> None:
    """Une date d'une action ou d'un plan tombe avant 1990 ou après 2100.

    Aucun plan climat n'a de date hors de ces années : c'est une faute de frappe
    (« 0202 » pour 2022, « 2205 » pour 2025), souvent venue d'un import, qui fausse les
    retards, les durées et les échéanciers.

    Mauvais :
        date_debut: 0202-03-01
    Bon :
        date_debut: 2022-03-01
    """
    docs: list[tuple[Document, Action | Plan]] = [
        *ctx.index.iter_actions(),
        *ctx.index.iter_plans(),
    ]
    for doc, model in docs:
        dates: list[tuple[str, tuple[str | int, ...], date | None]] = [
            ("date_debut", ("date_debut",), model.date_debut),
            ("date_fin", ("date_fin",), model.date_fin),
        ]
        if isinstance(model, Action):
            dates += [
                (f"suivi n° {n + 1}", ("suivi", n, "date"), s.date)
                for n, s in enumerate(model.suivi)
            ]
        for label, path, day in dates:
            if day is not None and implausible(day):
                report(
                    doc,
                    path,
                    f"{label} : {day.isoformat()}, année {day.year} hors de "
                    f"{FIRST_YEAR}–{LAST_YEAR}, probablement une faute de frappe",
                    "corrigez l'année",
                )
