"""P — each PCAET as a whole: six years, every regulatory sector and strategic domain
covered by its actions, a followable number of indicators."""

from __future__ import annotations

from datetime import date, timedelta

from pcaet_cli.diagnostic import Severity
from pcaet_cli.lint.context import LintContext, Reporter
from pcaet_cli.lint.registry import rule
from pcaet_cli.model import Action, Plan
from pcaet_cli.model.vocab import TypePlan
from pcaet_cli.register.loader import Document
from pcaet_cli.textmatch import fold


def _pcaets(ctx: LintContext) -> list[tuple[Document, Plan, list[Action]]]:
    index = ctx.index
    found = []
    for doc, plan in index.iter_plans():
        if plan.type is TypePlan.PCAET:
            actions = [
                m
                for a in index.plan_actions(doc.id)
                if isinstance(m := index.actions[a].model, Action)
            ]
            found.append((doc, plan, actions))
    return found


@rule("P013", "secteurs-non-couverts", Severity.WARNING)
def secteurs_non_couverts(ctx: LintContext, report: Reporter) -> None:
    """Aucune action du PCAET ne porte sur l'un des huit secteurs réglementaires.

    Le programme d'actions porte sur les secteurs d'activité de l'arrêté du 4 août 2016 :
    Résidentiel, Tertiaire, Transport routier, Autres transports, Agriculture, Déchets,
    Industrie hors branche énergie, Branche énergie. Un secteur sans action est un
    manque que l'avis de l'État relèvera.

    Mauvais : aucune action `secteurs: [Agriculture]`.
    Bon : au moins une action par secteur.
    """
    for doc, _plan, actions in _pcaets(ctx):
        if not actions:
            report(
                doc,
                (),
                f"aucune action ne se rattache au PCAET « {doc.id} »",
                f'citez-le dans « plans: » des actions ({doc.id}: "1.1")',
            )
            continue
        missing = [str(s) for s in ctx.index.uncovered(doc.id)[0]]
        if missing:
            report(
                doc,
                (),
                f"secteurs réglementaires sans action : {', '.join(missing)}",
                "ajoutez des actions sur ces secteurs ou complétez les « secteurs » existants",
            )


@rule("P014", "domaines-non-couverts", Severity.WARNING)
def domaines_non_couverts(ctx: LintContext, report: Reporter) -> None:
    """Aucune action du PCAET ne sert l'un des neuf domaines stratégiques (R229-51 II).

    La stratégie fixe des objectifs dans neuf domaines ; un domaine sans action est un
    objectif sans moyen.

    Mauvais : aucune action `domaines: [reseaux_chaleur]`.
    Bon : au moins une action par domaine.
    """
    for doc, _plan, actions in _pcaets(ctx):
        if not actions:
            continue
        missing = [str(d) for d in ctx.index.uncovered(doc.id)[1]]
        if missing:
            report(
                doc,
                (),
                f"domaines stratégiques sans action : {', '.join(missing)}",
                "ajoutez des actions sur ces domaines ou complétez les « domaines » existants",
            )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@rule("P015", "duree-pcaet", Severity.WARNING)
def duree_pcaet(ctx: LintContext, report: Reporter) -> None:
    """Un PCAET ne dure pas six ans.

    Le PCAET est mis à jour tous les six ans, avec un bilan à mi-parcours à trois ans
    (R229-51). Une tolérance d'un mois est admise.

    Mauvais :
        date_debut: 2024-01-01
        date_fin: 2030-12-31
    Bon :
        date_debut: 2024-01-01
        date_fin: 2029-12-31
    """
    for doc, plan, _ in _pcaets(ctx):
        if plan.date_debut is None or plan.date_fin is None or plan.date_debut > plan.date_fin:
            continue
        expected = _add_years(plan.date_debut, 6)
        if abs((plan.date_fin - expected).days) > 31:
            years = (plan.date_fin - plan.date_debut).days / 365.25
            report(
                doc,
                ("date_fin",),
                f"le PCAET dure {years:.1f} ans au lieu de six".replace(".", ","),
                f"fin attendue vers le {(expected - timedelta(days=1)).isoformat()}",
            )


@rule("P018", "trop-d-indicateurs", Severity.WARNING, max=30)
def trop_d_indicateurs(ctx: LintContext, report: Reporter) -> None:
    """Un plan compte plus d'indicateurs que l'équipe ne peut en suivre.

    Au-delà d'une trentaine d'indicateurs (option `max`), le dispositif de suivi et
    d'évaluation n'est plus tenu : mieux vaut peu d'indicateurs, mesurés chaque année.

    Mauvais : 45 indicateurs répartis sur les actions d'un PCAET.
    Bon : 20 à 30 indicateurs, chacun avec sa cible et ses mesures.
    """
    limit = int(ctx.option(report.rule, "max"))
    index = ctx.index
    for doc, _plan in index.iter_plans():
        count = sum(
            len(model.indicateurs)
            for a in index.plan_actions(doc.id)
            if isinstance(model := index.actions[a].model, Action)
        )
        if count > limit:
            report(
                doc,
                (),
                f"{count} indicateurs dans les actions du plan (au-delà de {limit})",
                "gardez les indicateurs vraiment suivis ; relevez l'option "
                "[lint.options.P018] max si c'est un choix",
            )


@rule("P022", "intitule-en-double", Severity.WARNING)
def intitule_en_double(ctx: LintContext, report: Reporter) -> None:
    """Deux actions d'un même plan ont le même intitulé.

    Majuscules, accents et espaces mis à part. Ce sont deux actions (l'import les garde
    séparées quand leur contenu diffère) ou une action saisie deux fois : dans les deux
    cas, le programme d'actions se lit mal et les bilans comptent double.

    Mauvais (une seconde action du même plan, au même intitulé) :
        titre: Développer le vélo
        plans: {pcaet-coteaux: }
    Bon :
        titre: Développer le vélo à l'école
        plans: {pcaet-coteaux: }
    """
    firsts: dict[tuple[str, str], Document] = {}
    reported: set[tuple[str, str]] = set()
    for doc, action in ctx.index.iter_actions():
        key = " ".join(fold(action.titre).split())
        for plan_id in action.plans:
            first = firsts.setdefault((plan_id, key), doc)
            if first is doc or (doc.display, first.display) in reported:
                continue
            reported.add((doc.display, first.display))
            report(
                doc,
                ("titre",),
                f"même intitulé « {action.titre} » que {first.display}, dans le plan « {plan_id} »",
                "distinguez les intitulés s'il s'agit de deux actions, sinon fusionnez-les",
            )
