"""P — the right level carries each action: the échelon holds the competence it
exercises, and a PETR or syndicat carries a PCAET only after every EPCI transferred it
(workshop: "clarifier les échelons", "délégation de la compétence"; L229-26)."""

from __future__ import annotations

from pcaet_cli.diagnostic import Severity
from pcaet_cli.lint.context import LintContext, Reporter
from pcaet_cli.lint.registry import rule
from pcaet_cli.model.vocab import EPCI_A_FISCALITE_PROPRE, ModeCompetence, TypePlan
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.positions import Path as YamlPath
from pcaet_cli.textmatch import closest

PCAET_COMPETENCE = "pcaet"


def _received(index: RegisterIndex, territory: str, competence: str) -> str | None:
    """The territory that transferred or delegated `competence` to `territory`, if any."""
    for doc, other in index.iter_territoires():
        held = other.competences.get(competence)
        if held is not None and held.mode is not ModeCompetence.EXERCEE and held.a == territory:
            return doc.id
    return None


@rule("P017", "competence-non-detenue", Severity.WARNING)
def competence_non_detenue(ctx: LintContext, report: Reporter) -> None:
    """L'échelon qui porte une action ne détient pas la compétence qu'elle exerce.

    Une action de mobilité portée par une communauté de communes qui a transféré la
    mobilité à un syndicat, ou une action d'urbanisme portée par un PETR qui n'a pas
    reçu cette compétence, n'est pas à sa place : elle revient au titulaire de la
    compétence. L'échelon détient la compétence s'il l'exerce (`competences:`) ou si
    un autre territoire la lui a transférée ou déléguée.

    Mauvais (l'EPCI a `mobilite: {mode: transferee, a: sm-mobilite}`) :
        echelon: epci-coteaux
        competence: mobilite
    Bon :
        echelon: sm-mobilite
        competence: mobilite
    """
    index = ctx.index
    for doc, action in index.iter_actions():
        if action.echelon is None or action.competence is None:
            continue
        territory = index.territoire(action.echelon)
        if territory is None:
            continue
        held = territory.competences.get(action.competence)
        if held is not None and held.mode is ModeCompetence.EXERCEE:
            continue
        if held is not None:
            verb = "transféré" if held.mode is ModeCompetence.TRANSFEREE else "délégué"
            report(
                doc,
                ("echelon",),
                f"« {action.echelon} » a {verb} la compétence « {action.competence} » "
                f"à « {held.a} »",
                f"faites porter l'action par « {held.a} » (echelon: {held.a})",
            )
        elif _received(index, action.echelon, action.competence) is None:
            known = sorted({c for _, t in index.iter_territoires() for c in t.competences})
            guess = closest(action.competence, known)
            hint = (
                f"vouliez-vous dire « {guess} » ?"
                if guess and guess != action.competence
                else "ajoutez-la aux « competences » du territoire, ou faites porter "
                "l'action par le territoire qui la détient"
            )
            report(
                doc,
                ("echelon",),
                f"« {action.echelon} » ne détient pas la compétence « {action.competence} »",
                hint,
            )


@rule("P020", "transfert-pcaet", Severity.ERROR)
def transfert_pcaet(ctx: LintContext, report: Reporter) -> None:
    """Un PETR, un syndicat ou un pôle porte un PCAET sans que chaque EPCI de son
    périmètre lui ait transféré la compétence.

    L229-26 : un PCAET peut être élaboré à l'échelle d'un PETR, d'un syndicat mixte ou
    du SCoT « à condition que tous les EPCI à fiscalité propre qui en sont membres lui
    transfèrent leur compétence ». La compétence s'appelle `pcaet` dans `competences`.

    Mauvais (territoires/epci-coteaux.yaml, membre du PETR porteur) : pas de `pcaet`.
    Bon :
        competences:
          pcaet: {mode: transferee, a: petr-brume}
    """
    index = ctx.index
    for doc, plan in index.iter_plans():
        carrier = index.territoire(plan.porteur)
        if plan.type is not TypePlan.PCAET or carrier is None or plan.porteur is None:
            continue
        if carrier.nature in EPCI_A_FISCALITE_PROPRE:
            continue
        members: list[tuple[YamlPath, str]] = [
            (("perimetre", i), t) for i, t in enumerate(plan.perimetre)
        ]
        if not plan.perimetre:
            members = [(("porteur",), t) for t in index.members(plan.porteur)]
        for field, member in members:
            epci = index.territoire(member)
            if epci is None or epci.nature not in EPCI_A_FISCALITE_PROPRE:
                continue
            held = epci.competences.get(PCAET_COMPETENCE)
            if held is None or held.mode is ModeCompetence.EXERCEE or held.a != plan.porteur:
                report(
                    doc,
                    field,
                    f"« {member} » n'a pas transféré la compétence PCAET à « {plan.porteur} »",
                    f"dans territoires/{member}.yaml : competences: {{pcaet: "
                    f"{{mode: transferee, a: {plan.porteur}}}}}",
                )
