"""S — the shape of each file (checked against the pydantic models while loading) and
the identifiers (SIREN, INSEE) whose check digits the models do not verify."""

from __future__ import annotations

import re

from stdnum.fr import siren as siren_number

from pcaet_cli.lint.context import LintContext, Reporter
from pcaet_cli.lint.diagnostic import Severity
from pcaet_cli.lint.registry import declare, rule
from pcaet_cli.model import Acteur, Territoire
from pcaet_cli.model.common import INSEE_PATTERN, SIREN_PATTERN
from pcaet_cli.register.loader import Document

declare(
    "S001",
    "champ-manquant",
    Severity.ERROR,
    """
    Un champ obligatoire manque.

    Les champs obligatoires sont peu nombreux (titre d'une action, nom et type d'un
    acteur, nom et nature d'un territoire, nom et type d'un plan) pour qu'un registre
    importé d'un tableur se charge ; sans eux l'entité ne peut pas être décrite.

    Mauvais (acteurs/svc-mobilite.yaml) :
        nom: Service mobilités
    Bon :
        nom: Service mobilités
        type: service
""",
)

declare(
    "S002",
    "cle-inconnue",
    Severity.ERROR,
    """
    Le fichier contient une clé que le modèle ne connaît pas.

    Une faute de frappe dans une clé ferait perdre la donnée sans bruit : pcaet la
    signale et propose la clé la plus proche.

    Mauvais :
        piolte: svc-mobilites
    Bon :
        pilote: svc-mobilites
""",
)

declare(
    "S003",
    "type-incorrect",
    Severity.ERROR,
    """
    Une valeur n'a pas le bon type (texte, nombre, liste, table, date).

    pcaet ne convertit jamais en silence : « 01004 » sans guillemets serait le nombre
    1004, « 2.10 » le nombre 2.1. Les codes (INSEE, SIREN, axes) s'écrivent entre
    guillemets, les montants sans guillemets.

    Mauvais :
        code_insee: 01004
        secteurs: Résidentiel
    Bon :
        code_insee: "01004"
        secteurs: [Résidentiel]
""",
)

declare(
    "S004",
    "hors-vocabulaire",
    Severity.ERROR,
    """
    Une valeur n'appartient pas au vocabulaire du champ.

    Les secteurs, domaines stratégiques, statuts, priorités et cibles reprennent au
    caractère près les libellés de l'arrêté du 4 août 2016, du R229-51 et des plateformes
    de l'ADEME : les rapports et les exports les comparent tels quels. pcaet propose la
    valeur la plus proche.

    Mauvais :
        statut: en cours
    Bon :
        statut: En cours
""",
)

declare(
    "S005",
    "valeur-invalide",
    Severity.ERROR,
    """
    Une valeur a le bon type mais n'est pas valable (vide, négative, date impossible…).

    Mauvais :
        date_fin: 31/12/2026
        montant: -5000
    Bon :
        date_fin: 2026-12-31
        montant: 5000
""",
)


_SIREN = re.compile(SIREN_PATTERN)
_INSEE = re.compile(INSEE_PATTERN)


@rule("S006", "siren-invalide", Severity.ERROR)
def siren(ctx: LintContext, report: Reporter) -> None:
    """Un SIREN n'a pas 9 chiffres ou sa clé de contrôle (Luhn) est fausse.

    Le SIREN relie le registre aux bases nationales (BANATIC, données de l'ADEME) :
    une erreur de saisie casse ces rapprochements.

    Mauvais :
        siren: "200099993"
    Bon :
        siren: "200099992"
    """
    docs: list[tuple[Document, Territoire | Acteur]] = [
        *ctx.index.iter_territoires(),
        *ctx.index.iter_acteurs(),
    ]
    for doc, model in docs:
        value = model.siren
        if value is None:
            continue
        if not _SIREN.match(value):
            report(
                doc,
                ("siren",),
                f"SIREN « {value} » : 9 chiffres attendus",
                "recopiez le SIREN depuis l'annuaire des entreprises ou BANATIC",
            )
        elif not siren_number.is_valid(value):
            report(
                doc,
                ("siren",),
                f"SIREN « {value} » : clé de contrôle (Luhn) fausse",
                "un chiffre est probablement mal recopié",
            )


@rule("S007", "insee-invalide", Severity.ERROR)
def insee(ctx: LintContext, report: Reporter) -> None:
    """Un code INSEE de commune n'a pas la forme attendue (5 caractères).

    Deux chiffres de département (ou 2A, 2B) puis trois chiffres ; outre-mer, 97 puis
    trois chiffres. Un code INSEE n'est pas un code postal.

    Mauvais :
        code_insee: "49 000"
    Bon :
        code_insee: "49007"
    """
    for doc, model in ctx.index.iter_territoires():
        value = model.code_insee
        if value is not None and not _INSEE.match(value):
            report(
                doc,
                ("code_insee",),
                f"code INSEE « {value} » invalide : 5 caractères attendus (ex. 49007, 2A004)",
                "ne confondez pas avec le code postal",
            )
