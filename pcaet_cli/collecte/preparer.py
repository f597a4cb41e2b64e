"""`pcaet collecte preparer`: one collection workbook per service, relais, partner or
pilot, with only their actions.

A workbook holds the cells to fill (statut, priorité, revised dates, a dated note,
budget spent per year, indicator measures, proposals of new actions), unlocked and
coloured, each with a data validation; everything else is shown on protected sheets
(protection without a password: it prevents mistakes, not people). A hidden sheet keeps
what the workbook was made from (see `stamps`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pcaet_cli.collecte import layout as L
from pcaet_cli.collecte.recipients import Nearby, Recipient, file_names, recipients
from pcaet_cli.collecte.stamps import Stamp, add_stamp_sheet, digest
from pcaet_cli.errors import PcaetError
from pcaet_cli.french import number, plural
from pcaet_cli.fsutil import check_output_file, inside
from pcaet_cli.model import Action
from pcaet_cli.model.common import FIRST_YEAR, LAST_YEAR
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.render.tables.values import file_cell

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
"""The cells to fill: pale yellow, as the instructions say."""
HEADER_FONT = Font(bold=True)
_UNLOCKED = Protection(locked=False)
# The dates a cell accepts are those lint finds plausible (P023).
_FIRST_DAY = int(to_excel(datetime(FIRST_YEAR, 1, 1)))  # type: ignore[no-untyped-call]
_LAST_DAY = int(to_excel(datetime(LAST_YEAR, 12, 31)))  # type: ignore[no-untyped-call]

ROLE_NAMES = {
    "pilote": "pilote",
    "copilote": "copilote",
    "partenaire": "partenaire",
    "relais": "relais du service pilote",
}


# --- the workbook -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Col:
    header: str
    width: int
    input: bool = False
    kind: str = "text"  # text | date | number | year
    choices: str | None = None
    """A data validation list: an inline list ("a,b") or a range (=Listes!$A$2:$A$9)."""


def _validation(col: _Col) -> DataValidation | None:
    common: dict[str, Any] = {"allow_blank": True, "showErrorMessage": True}
    if col.choices is not None:
        return DataValidation(
            type="list",
            formula1=col.choices,
            errorTitle=col.header,
            error="Choisissez une valeur dans la liste.",
            **common,
        )
    if col.kind == "date":
        return DataValidation(
            type="date",
            operator="between",
            formula1=str(_FIRST_DAY),
            formula2=str(_LAST_DAY),
            errorTitle=col.header,
            error="Saisissez une date (jj/mm/aaaa).",
            **common,
        )
    if col.kind == "number":
        return DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            errorTitle=col.header,
            error="Saisissez un nombre positif ou nul, sans unité.",
            **common,
        )
    if col.kind == "year":
        return DataValidation(
            type="whole",
            operator="between",
            formula1="1900",
            formula2="2200",
            errorTitle=col.header,
            error="Saisissez une année sur quatre chiffres.",
            **common,
        )
    if col.input:
        return DataValidation(
            type="textLength",
            operator="lessThanOrEqual",
            formula1=str(L.MAX_NOTE_CHARS),
            errorTitle=col.header,
            error=f"{number(L.MAX_NOTE_CHARS, 0)} caractères au plus.",
            **common,
        )
    return None


def _sheet(
    book: Workbook,
    title: str,
    columns: Sequence[_Col],
    rows: Iterable[Sequence[Any]],
    *,
    inputs_for: Callable[[int], Sequence[bool]] | None = None,
    blank_rows: int = 0,
) -> Worksheet:
    """A protected sheet: header, rows, then `blank_rows` empty rows to fill. Input
    columns are unlocked and coloured on every row (`inputs_for(i)` may say otherwise
    for row i); each has its data validation down to the last row."""
    sheet: Worksheet = book.create_sheet(title)
    sheet.append([c.header for c in columns])
    for heading in sheet[1]:
        heading.font = HEADER_FONT
        heading.alignment = Alignment(wrap_text=True, vertical="top")
    count = 0
    for i, row in enumerate(rows):
        sheet.append([_cell(v) for v in row])
        count = i + 1
        sheet.row_dimensions[count + 1].height = _height(row, columns)
    last = count + 1 + blank_rows
    for number_, col in enumerate(columns, start=1):
        letter = get_column_letter(number_)
        sheet.column_dimensions[letter].width = col.width
        # A column's cells take one of two styles (input or not): each is looked up in
        # the workbook's tables (hashing every style object) once, then copied, as
        # render/tables/to_xlsx does; a third of a campaign's preparation went there.
        styles: dict[bool, StyleArray] = {}
        for row_number in range(2, last + 1):
            # Any: the typing stubs leave out `_style`, which openpyxl's copy of a sheet uses.
            cell: Any = sheet.cell(row=row_number, column=number_)
            if inputs_for is None:
                is_input = col.input
            else:  # -1 for the empty rows left to fill
                is_input = inputs_for(row_number - 2 if row_number <= count + 1 else -1)[
                    number_ - 1
                ]
            if is_input in styles:
                cell._style = copy(styles[is_input])
                continue
            if col.kind == "date":
                cell.number_format = "dd/mm/yyyy"
            if col.kind in ("text",) and not col.input:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:  # beside a tall wrapped text, a value reads on the row's first line
                cell.alignment = Alignment(vertical="top")
            if is_input:
                cell.protection = _UNLOCKED
                cell.fill = INPUT_FILL
            styles[is_input] = copy(cell._style)
        validation = _validation(col) if col.input else None
        if validation is not None and last >= 2:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last}")
    sheet.freeze_panes = "B2"
    sheet.protection.sheet = True
    # Protected yet usable: columns widened, rows sorted by no one, filters allowed.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    return sheet


LINE_HEIGHT = 15.0
"""Points per line of text at the default font."""
MAX_LINES = 12


def _height(row: Sequence[Any], columns: Sequence[_Col]) -> float:
    """A row's height for its wrapped texts. Excel grows a row to fit them when it opens
    the file, LibreOffice does not: its texts would overlap the next row."""
    lines = 1
    for value, col in zip(row, columns, strict=False):
        if isinstance(value, str) and value:
            per_line = max(int(col.width * 1.1), 1)  # characters a line of the column holds
            wrapped = sum(-(-len(part) // per_line) or 1 for part in value.split("\n"))
            lines = max(lines, wrapped)
    return LINE_HEIGHT * min(lines, MAX_LINES)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return file_cell(value, as_held=False)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _last_note(action: Action) -> str | None:
    if not action.suivi:
        return None
    last = max(action.suivi, key=lambda s: s.date)
    return f"{last.date.strftime('%d/%m/%Y')} : {last.texte}"


def _known(values: dict[int, float]) -> str | None:
    return " ; ".join(f"{year} : {number(values[year])}" for year in sorted(values)) or None


def _instructions(book: Workbook, recipient: Recipient, par: str, made_on: date, plan: str) -> None:
    sheet = book.create_sheet(L.INSTRUCTIONS)
    lines = [
        f"Point d'étape du plan climat — {plan}",
        "",
        f"Classeur préparé le {made_on.strftime('%d/%m/%Y')} pour : {recipient.name} "
        f"({plural(len(recipient.actions), 'action')}, envoi par {par}).",
        "",
        "Ce qu'on vous demande",
        "• Les cellules jaunes sont à remplir ; les autres sont en lecture seule.",
        f"• Onglet « {L.ACTIONS} » : le statut, la priorité et les dates révisées de chaque "
        "action, et une note de suivi datée (ce qui a été fait, ce qui bloque). Sans date, "
        "la note prend la date de préparation du classeur.",
        f"• Onglet « {L.BUDGET} » : le montant réalisé (dépensé) par année, en € HT. Une année "
        "ou un type qui manque : utilisez les lignes vides du bas (identifiant de l'action, "
        "année, type, réalisé).",
        f"• Onglet « {L.INDICATEURS} » : la valeur mesurée de chaque indicateur pour l'année "
        "indiquée (changez l'année si la mesure porte sur une autre).",
        f"• Onglet « {L.NOUVELLES} » : une action que vous proposez (un titre, une "
        "description, le pilote pressenti) ; elle sera ajoutée au plan « À discuter », "
        "proposée par vous.",
        "",
        "Règles",
        "• Choisissez les statuts, priorités et types dans les listes ; saisissez les dates "
        "au format jj/mm/aaaa et les montants sans unité.",
        "• Vider une cellule n'efface rien dans le plan : écrivez plutôt une note.",
        "• N'ajoutez, ne supprimez ni ne renommez aucune colonne ni aucun onglet ; ne "
        "supprimez pas de ligne.",
        "• Enregistrez le classeur sous le même nom (xlsx ou ods) et renvoyez-le à la ou au "
        "chargé·e de mission.",
        "",
        "Si une action a changé dans le plan entre-temps, votre réponse sur cette action "
        "vous sera redemandée : rien n'est écrasé sans être relu.",
    ]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    for row in (5, 12):
        sheet.cell(row=row, column=1).font = HEADER_FONT
    sheet.column_dimensions["A"].width = 110
    for row in sheet.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.protection.sheet = True


def build_workbook(
    index: RegisterIndex,
    recipient: Recipient,
    par: str,
    made_on: date,
    revision: str | None,
    plan: str,
    actor_choices: Sequence[str],
) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    _instructions(book, recipient, par, made_on, plan)
    actions: list[tuple[str, Action]] = []
    for ident in recipient.actions:
        model = index.actions.get(ident)
        if model is not None and isinstance(model.model, Action):
            actions.append((ident, model.model))

    statut_choices = '"' + ",".join(L.STATUTS) + '"'
    priorite_choices = '"' + ",".join(L.PRIORITES) + '"'
    _sheet(
        book,
        L.ACTIONS,
        [
            _Col(L.ID, 16),
            _Col(L.TITRE, 40),
            _Col(L.ROLE, 12),
            _Col(L.PILOTE, 24),
            _Col(L.STATUT, 14, True, choices=statut_choices),
            _Col(L.PRIORITE, 10, True, choices=priorite_choices),
            _Col(L.DEBUT, 13, True, "date"),
            _Col(L.FIN, 13, True, "date"),
            _Col(L.DERNIER, 40),
            _Col(L.NOTE_DATE, 13, True, "date"),
            _Col(L.NOTE, 50, True),
            _Col(L.DESCRIPTION, 60),
        ],
        (
            [
                ident,
                a.titre,
                ROLE_NAMES.get(recipient.actions[ident], recipient.actions[ident]),
                _actor_name(index, a.pilote),
                str(a.statut) if a.statut else None,
                str(a.priorite) if a.priorite else None,
                a.date_debut,
                a.date_fin,
                _last_note(a),
                None,
                None,
                a.description,
            ]
            for ident, a in actions
        ),
    )

    ids_range = f"={L.ACTIONS}!$A$2:$A${max(len(actions) + 1, 2)}"
    type_choices = '"' + ",".join(L.BUDGET_TYPES.values()) + '"'
    budget_rows = [
        [ident, a.titre, line.annee, L.BUDGET_TYPES[line.type], line.prevu, line.realise]
        for ident, a in actions
        for line in a.budget
    ]
    _sheet(
        book,
        L.BUDGET,
        [
            _Col(L.ID, 16, True, choices=ids_range),
            _Col(L.TITRE, 40),
            _Col(L.ANNEE, 8, True, "year"),
            _Col(L.TYPE, 16, True, choices=type_choices),
            _Col(L.PREVU, 14, False, "number"),
            _Col(L.REALISE, 14, True, "number"),
        ],
        budget_rows,
        # Existing lines: only the amount spent; the empty rows below: everything to fill.
        inputs_for=lambda i: (
            [True, False, True, True, False, True]
            if i < 0
            else [False, False, False, False, False, True]
        ),
        blank_rows=L.NEW_BUDGET_ROWS,
    )

    indicator_rows = [
        [
            ident,
            a.titre,
            n,
            ind.nom,
            ind.unite,
            ind.valeur_initiale,
            ind.cible,
            ind.annee_cible,
            _known(ind.mesures),
            made_on.year,
            ind.mesures.get(made_on.year),
        ]
        for ident, a in actions
        for n, ind in enumerate(a.indicateurs, start=1)
    ]
    _sheet(
        book,
        L.INDICATEURS,
        [
            _Col(L.ID, 16),
            _Col(L.TITRE_ACTION, 30),
            _Col(L.NUMERO, 5),
            _Col(L.INDICATEUR, 36),
            _Col(L.UNITE, 10),
            _Col(L.INITIALE, 12, False, "number"),
            _Col(L.CIBLE, 10, False, "number"),
            _Col(L.ANNEE_CIBLE, 10, False, "year"),
            _Col(L.CONNUES, 30),
            _Col(L.ANNEE_MESURE, 12, True, "year"),
            _Col(L.MESURE, 14, True, "number"),
        ],
        indicator_rows,
    )

    lists = book.create_sheet(L.LISTES)
    lists.append(["Acteurs"])
    for choice in actor_choices:
        lists.append([_cell(choice)])
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    actors_range = f"={L.LISTES}!$A$2:$A${max(len(actor_choices) + 1, 2)}"
    _sheet(
        book,
        L.NOUVELLES,
        [
            _Col(L.TITRE, 40, True),
            _Col(L.DESCRIPTION, 60, True),
            _Col(L.OBJECTIFS, 40, True),
            _Col(L.PILOTE_PRESSENTI, 36, True, choices=actors_range),
            _Col(L.DEBUT, 13, True, "date"),
            _Col(L.FIN, 13, True, "date"),
        ],
        [],
        blank_rows=L.NEW_ACTION_ROWS,
    )

    stamp = Stamp(
        recipient=recipient.ident,
        name=recipient.name,
        par=par,
        made_on=made_on,
        revision=revision,
        digests={ident: digest(a) for ident, a in actions},
    )
    add_stamp_sheet(book, stamp)
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _actor_name(index: RegisterIndex, ident: str | None) -> str | None:
    if ident is None:
        return None
    model = index.acteur(ident)
    return model.nom if model else ident


@dataclass(slots=True)
class Prepared:
    recipient: Recipient
    file: str
    data: bytes


def prepare(
    index: RegisterIndex,
    par: str,
    made_on: date,
    revision: str | None,
    plan: str,
    outdir: Path,
    register_root: Path,
    force: bool,
) -> list[Prepared]:
    """The workbooks, checked against the path gate before any is written (the caller
    writes them)."""
    people = recipients(index, par)
    if not people:
        raise PcaetError(f"aucun destinataire « {par} » dans le registre : aucun classeur écrit")
    names = file_names(people)
    nearby = Nearby(index)
    result = []
    for person in people:
        target = inside(outdir, names[person.ident])
        check_output_file(target, force, register_root)
        choices = nearby.choices(person)
        data = build_workbook(index, person, par, made_on, revision, plan, choices)
        result.append(Prepared(person, names[person.ident], data))
    return result
