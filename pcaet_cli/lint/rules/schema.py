"""S — the identifiers (SIREN, INSEE) whose form and check digits the models do not
verify. The other S codes are the reader's (register/codes/schema.py)."""

from __future__ import annotations

import re

from pcaet_cli.diagnostic import Severity
from pcaet_cli.lint.context import LintContext, Reporter
from pcaet_cli.lint.registry import rule
from pcaet_cli.model import Acteur, Territoire
from pcaet_cli.model.common import INSEE_PATTERN, SIREN_PATTERN
from pcaet_cli.register.loader import Document

_SIREN = re.compile(SIREN_PATTERN)
_INSEE = re.compile(INSEE_PATTERN)


def _siren_key_ok(value: str) -> bool:
    # Imported on first use: python-stdnum loads every French number module (~10 ms),
    # which a register without a SIREN, and lint's start-up, need not pay.
    from stdnum.fr import siren

    return bool(siren.is_valid(value))


@rule("S006", "siren-invalide", Severity.ERROR)
def siren_invalide(ctx: LintContext, report: Reporter) -> None:
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
        elif not _siren_key_ok(value):
            report(
                doc,
                ("siren",),
                f"SIREN « {value} » : clé de contrôle (Luhn) fausse",
                "un chiffre est probablement mal recopié",
            )


@rule("S007", "insee-invalide", Severity.ERROR)
def insee_invalide(ctx: LintContext, report: Reporter) -> None:
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
