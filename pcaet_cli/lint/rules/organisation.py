"""P — the organisation around the plan: one officer per carrying territory, attached
to the DGS, nobody overloaded, nobody recorded twice (workshop: "1 chargé de mission par
territoire", "plus efficace d'être rattaché directement", "fatigue des collègues")."""

from __future__ import annotations

from collections import defaultdict

from pcaet_cli.diagnostic import Severity
from pcaet_cli.french import number
from pcaet_cli.lint.context import LintContext, Reporter
from pcaet_cli.lint.registry import rule
from pcaet_cli.model import Acteur
from pcaet_cli.model.vocab import TypeActeur, TypePlan
from pcaet_cli.register.loader import Document
from pcaet_cli.textmatch import fold


def _pcaet_carriers(ctx: LintContext) -> list[str]:
    carriers: list[str] = []
    for _, plan in ctx.index.iter_plans():
        if plan.type is TypePlan.PCAET and plan.porteur and plan.porteur not in carriers:
            carriers.append(plan.porteur)
    return carriers


@rule("P005", "charge-de-mission", Severity.ERROR)
def charge_de_mission(ctx: LintContext, report: Reporter) -> None:
    """Un territoire qui porte un PCAET n'a pas son chargé de mission, ou celui-ci
    n'est pas une personne.

    L'atelier le pose en principe : un chargé de mission par territoire, nommé. C'est
    la personne qui pilote le plan au quotidien ; un service ou un élu ne la remplace
    pas.

    Mauvais (territoires/petr-brume.yaml) : pas de clé `charge_de_mission`.
    Bon :
        charge_de_mission: marie-dupont
    """
    index = ctx.index
    for carrier in _pcaet_carriers(ctx):
        doc = index.territoires.get(carrier)
        territory = index.territoire(carrier)
        if doc is None or territory is None:
            continue
        if territory.charge_de_mission is None and doc.lacks("charge_de_mission"):
            report(
                doc,
                (),
                f"le territoire « {carrier} » porte un PCAET sans chargé de mission",
                "ajoutez « charge_de_mission: » avec l'identifiant d'une personne",
            )
            continue
        person = index.acteur(territory.charge_de_mission)
        if person is not None and person.type is not TypeActeur.PERSONNE:
            report(
                doc,
                ("charge_de_mission",),
                f"le chargé de mission « {territory.charge_de_mission} » n'est pas une "
                f"personne (type {person.type})",
                "désignez une personne nommée",
            )


@rule("P006", "rattachement-dgs", Severity.WARNING, max_niveaux=1)
def rattachement_dgs(ctx: LintContext, report: Reporter) -> None:
    """Le chargé de mission n'est pas rattaché directement au DGS.

    L'atelier : « plus efficace d'être rattaché directement » (exemple de Clisson) ;
    chaque niveau hiérarchique intermédiaire ralentit les arbitrages. La distance se
    calcule en suivant `rattache_a` (ou le `service` d'une personne) jusqu'au `dgs` du
    territoire. Option `max_niveaux` (1 par défaut).

    Mauvais : chargé de mission → service environnement → direction aménagement → DGS.
    Bon :
        rattache_a: jean-martin   # le DGS
    """
    index = ctx.index
    limit = int(ctx.option(report.rule, "max_niveaux"))
    carriers = _pcaet_carriers(ctx)
    for doc, territory in index.iter_territoires():
        officer_id, dgs = territory.charge_de_mission, territory.dgs
        if officer_id is None or index.acteur(officer_id) is None:
            continue
        if dgs is None:
            if doc.id in carriers and doc.lacks("dgs"):
                report(
                    doc,
                    ("charge_de_mission",),
                    f"le DGS du territoire « {doc.id} » n'est pas renseigné : rattachement "
                    "du chargé de mission invérifiable",
                    "ajoutez « dgs: » avec une personne",
                )
            continue
        chain = index.chain_to_dgs(officer_id, dgs)
        if chain is None:
            report(
                doc,
                ("charge_de_mission",),
                f"la chaîne hiérarchique de « {officer_id} » n'atteint pas le DGS « {dgs} »",
                "complétez « rattache_a » du chargé de mission et de ses responsables",
            )
        elif len(chain) - 1 > limit:
            report(
                doc,
                ("charge_de_mission",),
                f"le chargé de mission est à {len(chain) - 1} niveaux du DGS : "
                + " → ".join(chain),
                "un rattachement direct au DGS facilite les arbitrages (atelier PCAET)",
            )


@rule("P016", "surcharge", Severity.WARNING)
def surcharge(ctx: LintContext, report: Reporter) -> None:
    """Le temps demandé à une personne par les actions dépasse son temps disponible.

    L'atelier parle de « fatigue des collègues, même les plus motivés ». Chaque ligne
    `temps` d'une action compte pour son année (ou pour chaque année de l'action si elle
    n'en a pas) ; le total se compare à `temps_disponible` de l'acteur.

    Mauvais : 0,4 + 0,3 ETP demandés en 2025 à une personne qui a 0,5 ETP pour le plan.
    Bon : une charge répartie, ou un `temps_disponible` revu avec sa hiérarchie.
    """
    index = ctx.index
    for actor_id, per_year in sorted(index.charge.items()):
        doc = index.acteurs.get(actor_id)
        actor = index.acteur(actor_id)
        if doc is None or actor is None or actor.temps_disponible is None:
            continue
        undated = per_year.get(None, 0.0)
        years: list[int | None] = [*sorted(y for y in per_year if y is not None)] or [None]
        for year in years:
            total = per_year.get(year, 0.0) + (undated if year is not None else 0.0)
            if total > actor.temps_disponible + 1e-9:
                when = f"en {year}" if year is not None else "(sans année)"
                report(
                    doc,
                    ("temps_disponible",),
                    f"{number(total, 3)} ETP {'demandés' if total >= 2 else 'demandé'} {when} "
                    f"à « {actor.nom} » pour "
                    f"{number(actor.temps_disponible, 3)} ETP "
                    + ("disponibles" if actor.temps_disponible >= 2 else "disponible"),
                    "répartissez la charge entre plusieurs personnes ou revoyez le temps "
                    "disponible (pcaet report charge)",
                )


@rule("P019", "doublon-de-nom", Severity.WARNING)
def doublon_de_nom(ctx: LintContext, report: Reporter) -> None:
    """La même personne ou le même organisme est enregistré deux fois, sous deux
    graphies.

    Accents, majuscules, espaces et ordre « Prénom NOM » / « NOM Prénom » mis à part,
    deux acteurs au même nom sont presque toujours un doublon (souvent après un import) :
    la charge et les rôles se répartissent alors sur deux fiches.

    Mauvais : `acteurs/claire-martineau.yaml` (Claire MARTINEAU) et
    `acteurs/martineau-c.yaml` (Martineau Claire).
    Bon : une seule fiche, les références pointant vers elle.
    """
    groups: dict[str, list[tuple[Document, Acteur]]] = defaultdict(list)
    for doc, actor in ctx.index.iter_acteurs():
        groups[" ".join(sorted(fold(actor.nom).split()))].append((doc, actor))
    for members in groups.values():
        for position, (doc, actor) in enumerate(members):
            # Every EPCI has its "Service environnement": same name, other territory.
            first = next(
                (
                    d
                    for d, other in members[:position]
                    if not (
                        actor.territoire
                        and other.territoire
                        and actor.territoire != other.territoire
                    )
                ),
                None,
            )
            if first is None:
                continue
            report(
                doc,
                ("nom",),
                f"« {_name(doc)} » désigne probablement le même acteur que "
                f"« {_name(first)} » ({first.display})",
                "fusionnez les deux fiches et reportez les références sur l'une d'elles",
            )


def _name(doc: Document) -> str:
    return str(getattr(doc.model, "nom", doc.id))
