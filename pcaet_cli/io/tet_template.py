"""The Territoires en Transitions plan template (reference §5.1): its columns, the other
spellings they are known by, and the checks TeT's own importer makes, shared by
`pcaet import --format tet` and `pcaet export --format tet`.

Followed: TeT's importer in incubateur-ademe/territoires-en-transitions,
`apps/backend/src/plans/plans/import-plan-aggregate/` — `parsers/excel-parser.ts` (the
sheet whose A2 is « Axe (x) », the 28 headers checked in order, data from row 4),
`schemas/import-action.input.ts` (titles of 300 characters at most, numbers and dates
coerced or the row refused, the axis path made of the non-empty axis cells, a sub-action
as the row's « Titre de la sous-action » under its « Titre de l'action »),
`validators/action.validator.ts` (negative budget, budget above 999 999 999 999, start
after end), `validators/plan.rules.ts` (a sub-action's parent action must have its own
row in the same axis) and `../create-plan-aggregate/create-plan-aggregate.rules.ts`
(duplicate titles in the same axis; axes identified by their path of cell texts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pcaet_cli.textmatch import fold

MAX_TITLE = 300
"""TeT: « Le titre ne peut pas dépasser 300 caractères »."""
MAX_BUDGET = 999_999_999_999
"""TeT: « Le budget dépasse la valeur maximale autorisée »."""
AXIS_JOIN = "::"
"""TeT writes an axis path and a title joined so in its duplicate message."""


def header_key(text: str) -> str:
    """A header as it is compared: accents, case, spacing and punctuation (· . ( ) ' /
    € …) left out, so that « Élu·e référent·e », « Elu.e référent.e » and « Élu(e)
    référent(e) » are one header, and « Titre de l'action » keeps its words."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


@dataclass(frozen=True, slots=True)
class TetColumn:
    key: str
    """The field the importer fills from the column."""
    header: str
    """The header of TeT's current template."""
    aliases: tuple[str, ...] = ()
    """Other headers the column is known by: older templates, hand-edited copies."""
    in_template: bool = True
    """One of the 28 columns of TeT's template (checked in order); the others are
    columns that copies of the template carry after them."""


# TeT's template in its order (excel-parser.ts, OrderedColumns), then the columns older
# templates and many copies carry after them (older excel-parser.ts: Action en
# amélioration continue, Calendrier, Actions liées, Fiches des plans liées, Notes de
# suivi, Etapes de la fiche action, Notes complémentaires, Documents et liens).
# The three « Montant € HT » are told apart by the « Financeur N » they follow.
COLUMNS: tuple[TetColumn, ...] = (
    TetColumn("axe", "Axe (x)", ("Axe",)),
    TetColumn("sous_axe", "Sous-axe (x.x)", ("Sous-axe", "Sous axe (x.x)")),
    TetColumn("sous_sous_axe", "Sous-sous axe (x.x.x)", ("Sous-sous-axe (x.x.x)", "Sous-sous axe")),
    TetColumn("titre", "Titre de l'action", ("Titre de la fiche action", "Titre de la fiche")),
    TetColumn("sous_action", "Titre de la sous-action"),
    TetColumn("description", "Descriptif", ("Description",)),
    TetColumn("gouvernance", "Instances de gouvernance"),
    TetColumn("objectifs", "Objectifs"),
    TetColumn("indicateurs", "Indicateurs liés"),
    TetColumn("structure", "Structure pilote", ("Structures pilotes",)),
    TetColumn("moyens", "Moyens humains et techniques"),
    TetColumn("partenaires", "Partenaires"),
    TetColumn(
        "service",
        "Direction ou service pilote",
        ("Service-département-pôle pilote", "Service pilote"),
    ),
    TetColumn("personne", "Personne pilote", ("Personnes pilotes",)),
    TetColumn(
        "elu",
        "Élu·e référent·e",
        ("Elu.e référent.e", "Élu(e) référent(e)", "Élu référent", "Élus référents"),
    ),
    TetColumn("participation", "Participation Citoyenne"),
    TetColumn("financements", "Financements"),
    TetColumn("financeur_1", "Financeur 1"),
    TetColumn("montant_1", "Montant € HT"),
    TetColumn("financeur_2", "Financeur 2"),
    TetColumn("montant_2", "Montant € HT"),
    TetColumn("financeur_3", "Financeur 3"),
    TetColumn("montant_3", "Montant € HT"),
    TetColumn("budget", "Budget prévisionnel total € HT", ("Budget prévisionnel total",)),
    TetColumn("statut", "Statut"),
    TetColumn("priorite", "Niveau de priorité", ("Priorité",)),
    TetColumn("date_debut", "Date de début"),
    TetColumn("date_fin", "Date de fin", ("Date de fin prévisionnelle",)),
    TetColumn("continue", "Action en amélioration continue", in_template=False),
    TetColumn("calendrier", "Calendrier", in_template=False),
    TetColumn("mesures", "Mesures liées", in_template=False),
    TetColumn("actions_liees", "Actions liées", in_template=False),
    TetColumn("fiches_liees", "Fiches des plans liées", in_template=False),
    TetColumn("notes_suivi", "Notes de suivi", ("Note de suivi",), in_template=False),
    TetColumn(
        "etapes", "Etapes de la fiche action", ("Étapes de l'action", "Etapes"), in_template=False
    ),
    TetColumn("notes", "Notes complémentaires", ("Notes",), in_template=False),
    TetColumn("documents", "Documents et liens", in_template=False),
)

TEMPLATE: tuple[TetColumn, ...] = tuple(c for c in COLUMNS if c.in_template)
"""The 28 columns of TeT's template, in its order."""
BY_KEY: dict[str, TetColumn] = {c.key: c for c in COLUMNS}
ORDER: dict[str, int] = {c.key: n for n, c in enumerate(COLUMNS)}
MONTANT = header_key("Montant € HT")

# Header key → field key; « Montant € HT » is left out (its key depends on its place).
HEADERS: dict[str, str] = {}
for _column in COLUMNS:
    for _spelling in (_column.header, *_column.aliases):
        if header_key(_spelling) != MONTANT:
            HEADERS.setdefault(header_key(_spelling), _column.key)

# Columns the register has no field for, kept in the description under their heading.
DESCRIBED: tuple[tuple[str, str], ...] = (
    ("etapes", "Étapes"),
    ("gouvernance", "Instances de gouvernance"),
    ("calendrier", "Calendrier"),
    ("financements", "Financements"),
    ("notes_suivi", "Notes de suivi"),
    ("notes", "Notes"),
    ("fiches_liees", "Fiches des plans liées"),
    ("documents", "Documents et liens"),
)


def column_letter(index: int) -> str:
    """A, B, … Z, AA… for a column index from 0."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def action_key(axis_path: list[str], titre: str) -> str:
    """TeT's key of an action: its axis path and title (getActionKey)."""
    return AXIS_JOIN.join([*axis_path, titre])


def order_error(found: list[tuple[int, str]]) -> str | None:
    """TeT refuses a template whose columns are out of order (« La colonne B devrait être
    "Sous-axe (x.x)" et non "Sous-sous axe (x.x.x)" »): the columns recognised, as
    (index, field key) in the sheet's order, compared with the same columns in the
    template's order; the first difference, or None. Only the template's 28 columns are
    checked, as TeT reads no other."""
    found = [(index, key) for index, key in found if BY_KEY[key].in_template]
    expected = sorted(found, key=lambda item: ORDER[item[1]])
    for (index, key), (_, wanted) in zip(found, expected, strict=True):
        if key != wanted:
            return (
                f"la colonne {column_letter(index)} devrait être « {BY_KEY[wanted].header} » "
                f"et non « {BY_KEY[key].header} »"
            )
    return None
