"""P — who steers each action: a service or an actor of the territory as pilot, an élu
as sponsor, a relay in each piloting service (workshop: "mettre les services directement
pilotes des actions", "si faible portage politique, porter action par action")."""

from __future__ import annotations

from pcaet_cli.diagnostic import Severity
from pcaet_cli.french import plural
from pcaet_cli.lint.context import LintContext, Reporter
from pcaet_cli.lint.registry import rule
from pcaet_cli.model.vocab import PERSONNES, TypeActeur


@rule("P001", "action-sans-pilote", Severity.ERROR)
def action_sans_pilote(ctx: LintContext, report: Reporter) -> None:
    """Une action n'a pas de pilote.

    Une action sans pilote n'avance pas : le pilote est le service (ou l'acteur du
    territoire) qui en répond devant le comité de pilotage. La plateforme Territoires en
    Transitions ne tient pas pour complète une fiche sans pilote.

    Mauvais : pas de clé `pilote`.
    Bon :
        pilote: svc-mobilites
    """
    for doc, action in ctx.index.iter_actions():
        if action.pilote is None and doc.lacks("pilote"):
            report(
                doc,
                (),
                f"l'action « {doc.id} » n'a pas de pilote",
                "ajoutez « pilote: » avec l'identifiant d'un service ou d'un acteur du territoire",
            )


@rule("P002", "pilote-personne", Severity.WARNING)
def pilote_personne(ctx: LintContext, report: Reporter) -> None:
    """Le pilote d'une action est une personne ou un élu plutôt qu'un service ou un
    acteur du territoire.

    L'atelier des chargés de mission le recommande : faire des services les pilotes des
    actions, pour que l'action survive au départ d'une personne. La personne se cite
    dans `personnes`, l'élu dans `referent`.

    Mauvais :
        pilote: paul-durand
    Bon :
        pilote: svc-mobilites
        personnes: [paul-durand]
    """
    index = ctx.index
    for doc, action in index.iter_actions():
        pilot = index.acteur(action.pilote)
        if pilot is not None and pilot.type in PERSONNES:
            if pilot.type is TypeActeur.ELU:
                what, advice = "un élu", "citez l'élu dans « referent »"
            else:
                what, advice = "une personne", "citez la personne dans « personnes »"
            service = f" ({pilot.service})" if pilot.service else ""
            report(
                doc,
                ("pilote",),
                f"le pilote « {action.pilote} » est {what}",
                f"confiez le pilotage à son service{service} et {advice}",
            )


@rule("P003", "action-sans-referent", Severity.WARNING)
def action_sans_referent(ctx: LintContext, report: Reporter) -> None:
    """Une action n'a pas d'élu référent.

    Quand le portage politique du plan est faible, l'atelier conseille de le porter
    action par action : chaque action a son élu référent, qui la défend en bureau et en
    conseil.

    Mauvais : pas de clé `referent`.
    Bon :
        referent: elu-vp-mobilite
    """
    for doc, action in ctx.index.iter_actions():
        if action.referent is None and doc.lacks("referent"):
            report(
                doc,
                (),
                f"l'action « {doc.id} » n'a pas d'élu référent",
                "ajoutez « referent: » avec l'identifiant d'un élu",
            )


@rule("P004", "referent-non-elu", Severity.WARNING)
def referent_non_elu(ctx: LintContext, report: Reporter) -> None:
    """L'élu référent d'une action n'est pas un élu.

    Le référent porte politiquement l'action ; un agent ou un service se cite comme
    pilote, copilote ou personne mobilisée.

    Mauvais :
        referent: svc-mobilites
    Bon :
        referent: elu-vp-mobilite
    """
    index = ctx.index
    for doc, action in index.iter_actions():
        sponsor = index.acteur(action.referent)
        if sponsor is not None and sponsor.type is not TypeActeur.ELU:
            report(
                doc,
                ("referent",),
                f"le référent « {action.referent} » n'est pas un élu (type {sponsor.type})",
                "désignez un acteur de type « elu »",
            )


@rule("P021", "service-sans-relais", Severity.INFO)
def service_sans_relais(ctx: LintContext, report: Reporter) -> None:
    """Un service pilote des actions sans relais désigné pour le plan.

    L'atelier : le travail inter-services repose sur des relais ou ambassadeurs du plan
    dans chaque service ; sans eux, le chargé de mission porte seul la coordination.

    Mauvais : un service pilote de trois actions, sans `relais`.
    Bon :
        relais: paul-durand
    """
    index = ctx.index
    for doc, actor in index.iter_acteurs():
        if actor.type is TypeActeur.SERVICE and actor.relais is None and doc.lacks("relais"):
            piloted = index.actions_piloted_by(doc.id)
            if piloted:
                report(
                    doc,
                    (),
                    f"le service « {doc.id} » pilote {plural(len(piloted), 'action')} "
                    "sans relais du plan",
                    "ajoutez « relais: » avec une personne du service",
                )
