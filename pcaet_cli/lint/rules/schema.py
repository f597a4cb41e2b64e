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


# The natures the table of collectivities holds: a PETR's, a syndicat's or a
# département's SIREN is not in it, and its absence says nothing.
_IN_TABLE = frozenset({"COM", "CC", "CA", "CU", "METRO", "EPT"})


def _checked_codes(
    ctx: LintContext,
) -> list[tuple[Document, Territoire, str | None, str | None]]:
    """The territories with a well-formed SIREN (right key) or INSEE code, which the
    table may confirm: (doc, territory, siren without spaces, code)."""
    found = []
    for doc, model in ctx.index.iter_territoires():
        siren = model.siren
        if siren is not None and not (_SIREN.match(siren) and _siren_key_ok(siren)):
            siren = None
        code = model.code_insee if model.code_insee and _INSEE.match(model.code_insee) else None
        if siren is not None or code is not None:
            found.append((doc, model, "".join(siren.split()) if siren else None, code))
    return found


def _version() -> str:
    from pcaet_cli import collectivites

    return f"découpage administratif d'Etalab, version {collectivites.SOURCE.version}"


@rule("S008", "collectivite-inconnue", Severity.WARNING)
def collectivite_inconnue(ctx: LintContext, report: Reporter) -> None:
    """Un SIREN ou un code INSEE bien formé n'est pas celui d'une collectivité connue.

    La table des collectivités livrée avec pcaet (communes, EPCI à fiscalité propre et
    EPT, d'après le découpage administratif publié par Etalab) ne le connaît pas : une
    faute de frappe qui garde une clé juste, ou une commune déléguée à la place de la
    commune nouvelle. Seules les natures de la table sont vérifiées (COM, CC, CA, CU,
    METRO, EPT) : le SIREN d'un PETR ou d'un syndicat n'y est pas.

    Mauvais :
        nature: CA
        siren: "200099992"
    Bon :
        nature: CA
        siren: "240100750"
    """
    territories = _checked_codes(ctx)
    if not territories:
        return  # the table is read only for a register that has codes to check
    from pcaet_cli import collectivites

    for doc, model, siren, code in territories:
        if (
            siren is not None
            and model.nature in _IN_TABLE
            and collectivites.by_siren(siren) is None
        ):
            report(
                doc,
                ("siren",),
                f"SIREN « {siren} » inconnu de la table des collectivités ({_version()})",
                "vérifiez le SIREN dans l'annuaire des entreprises ou BANATIC ; une fusion "
                "plus récente que la table n'y est pas encore",
            )
        if code is None or collectivites.by_insee(code) is not None:
            continue
        parent = collectivites.attached(code)
        if parent is not None:
            what, commune = parent
            report(
                doc,
                ("code_insee",),
                f"code INSEE « {code} » : {what}, qui n'est pas une commune ; "
                f"sa commune est {commune.nom} ({commune.insee})",
                f'écrivez le code de la commune : code_insee: "{commune.insee}"',
            )
        else:
            report(
                doc,
                ("code_insee",),
                f"code INSEE « {code} » inconnu de la table des collectivités ({_version()})",
                "recopiez le code depuis le code officiel géographique de l'INSEE",
            )


@rule("S009", "nature-differente", Severity.WARNING)
def nature_differente(ctx: LintContext, report: Reporter) -> None:
    """La nature d'un territoire contredit la table des collectivités.

    La table donne une autre nature pour son SIREN ou son code INSEE : une communauté
    de communes devenue communauté d'agglomération, une commune décrite comme un EPCI.
    Les rapports par nature et les règles de compétence se trompent alors.

    Mauvais :
        nom: CC du Pays de Gex
        nature: CC
        siren: "240100750"
    Bon :
        nom: CA du Pays de Gex
        nature: CA
        siren: "240100750"
    """
    territories = _checked_codes(ctx)
    if not territories:
        return
    from pcaet_cli import collectivites

    for doc, model, siren, code in territories:
        if siren is not None:
            known, field, shown = collectivites.by_siren(siren), "siren", f"le SIREN {siren}"
        else:
            known, field, shown = None, "code_insee", ""
        if known is None and code is not None:
            known, field, shown = collectivites.by_insee(code), "code_insee", f"le code {code}"
        if known is None or known.nature == model.nature:
            continue
        report(
            doc,
            ("nature",),
            f"nature « {model.nature} », mais la table des collectivités donne « "
            f"{known.nature} » pour {shown} ({known.nom})",
            f"écrivez nature: {known.nature}, ou vérifiez le {field.replace('_', ' ')}",
        )
