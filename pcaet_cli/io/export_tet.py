"""Export to the Territoires en Transitions plan import template (reference §5.1).

The sheet the platform looks for: A2 reads « Axe (x) », the 28 headers of the template on
row 2 in their order, row 3 left empty as in the blank template, one row per action of the
chosen plan from row 4. Lists are comma-separated, an item holding a separator is quoted
(the template's own rule, which `pcaet import --format tet` follows); dates JJ/MM/AAAA;
amounts integers without « € ».
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pcaet_cli.errors import PcaetError
from pcaet_cli.model import Action, Plan
from pcaet_cli.model.plan import Axe
from pcaet_cli.model.vocab import TypeActeur
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.textsafe import spreadsheet_text

HEADERS: tuple[str, ...] = (
    "Axe (x)",
    "Sous-axe (x.x)",
    "Sous-sous axe (x.x.x)",
    "Titre de l'action",
    "Titre de la sous-action",
    "Descriptif",
    "Instances de gouvernance",
    "Objectifs",
    "Indicateurs liés",
    "Structure pilote",
    "Moyens humains et techniques",
    "Partenaires",
    "Direction ou service pilote",
    "Personne pilote",
    "Élu·e référent·e",
    "Participation Citoyenne",
    "Financements",
    "Financeur 1",
    "Montant € HT",
    "Financeur 2",
    "Montant € HT",
    "Financeur 3",
    "Montant € HT",
    "Budget prévisionnel total € HT",
    "Statut",
    "Niveau de priorité",
    "Date de début",
    "Date de fin",
)
"""The template's 28 headers, in order."""
TRAILING: tuple[str, ...] = ("Mesures liées", "Actions liées")
"""Optional columns that many copies of the template carry after the 28."""

SHEET_NAME = "Plan d'actions"
_FUNDERS = 3
_MAX_WIDTH = 60
_SERVICES = frozenset({TypeActeur.SERVICE, TypeActeur.DIRECTION})
_PEOPLE = frozenset({TypeActeur.PERSONNE, TypeActeur.ELU})
# Characters that split a list cell, or open a group in which separators do not split.
_SPECIAL = set(',;\n()[]{}"«»')


def choose_plan(index: RegisterIndex, plan_id: str | None) -> tuple[str, Plan]:
    """The plan named by `--plan`, else the first PCAET by identifier."""
    if plan_id is not None:
        plan = index.plan(plan_id)
        if plan is None:
            known = ", ".join(sorted(index.plans)) or "aucun"
            raise PcaetError(f"plan « {plan_id} » inconnu du registre (plans : {known})")
        return plan_id, plan
    for ident in sorted(index.plans):
        plan = index.plan(ident)
        if plan is not None and str(plan.type) == "PCAET":
            return ident, plan
    raise PcaetError("aucun plan de type PCAET dans le registre : précisez --plan")


def list_cell(items: Iterable[str]) -> str | None:
    """Items joined by « , »; an item holding a separator, a bracket or a quote is quoted,
    so that the template's reader (commas inside quotes do not split) gets it back whole."""
    parts = []
    for item in items:
        text = " ".join(item.split())
        if _SPECIAL & set(text):
            # A double quote inside would end the quotes: the French ones then, and as a
            # last resort the inner double quotes become apostrophes (the only loss).
            if '"' not in text:
                text = f'"{text}"'
            elif "»" not in text:
                text = f"«{text}»"
            else:
                text = '"' + text.replace('"', "'") + '"'
        parts.append(text)
    return ", ".join(parts) or None


def _fr_date(value: date | None) -> str | None:
    return value.strftime("%d/%m/%Y") if value else None


def _amount(value: float | None) -> int | None:
    return round(value) if value is not None else None


def _axis_chain(plan: Plan, code: str) -> list[tuple[str, str]]:
    """(code, title) from the top axis down to `code`; an axis the plan does not know is
    given by its code alone, which the importer reads back as that code."""

    def walk(axes: list[Axe], path: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
        for axe in axes:
            here = [*path, (axe.code, axe.titre)]
            if axe.code == code:
                return here
            found = walk(axe.sous_axes, here)
            if found is not None:
                return found
        return None

    return walk(plan.axes, []) or [(code, "")]


def _axis_cells(chain: list[tuple[str, str]]) -> list[str | None]:
    # The template has three levels; a deeper axis is written at the third level, which
    # keeps the action under the right branch.
    if len(chain) > 3:
        chain = [*chain[:2], chain[-1]]
    cells: list[str | None] = [f"{c}. {t}" if t else c for c, t in chain]
    return cells + [None] * (3 - len(cells))


class _Row:
    """One action's cells, by header position."""

    def __init__(self, index: RegisterIndex, plan: Plan, plan_id: str, action: Action) -> None:
        self.index = index
        self.plan = plan
        self.plan_id = plan_id
        self.action = action

    def name(self, ident: str) -> str:
        actor = self.index.acteur(ident)
        return actor.nom if actor else ident

    def kind(self, ident: str) -> TypeActeur | None:
        actor = self.index.acteur(ident)
        return actor.type if actor else None

    def cells(self, titles: dict[str, str]) -> list[Any]:
        a = self.action
        code = a.plans.get(self.plan_id)
        axes = _axis_cells(_axis_chain(self.plan, code)) if code else [None, None, None]

        # The template has no co-pilot: pilot then co-pilots go to the column their type
        # says, the pilot first in its column. Readers (ours included) take the first name
        # of service, then structure, then person columns for the pilot: a co-pilot
        # service of a pilot structure joins the structure column after it, so that the
        # pilot stays the pilot. A person pilot with co-pilot organisations cannot be kept
        # so (a service in the person column would be read as a person).
        services: list[str] = []
        structures: list[str] = []
        people: list[str] = []
        pilot_column: list[str] | None = None
        for ident in [*([a.pilote] if a.pilote else []), *a.copilotes]:
            kind = self.kind(ident)
            column = services if kind in _SERVICES else people if kind in _PEOPLE else structures
            if pilot_column is None:
                pilot_column = column
            elif pilot_column is structures and column is services:
                column = structures
            column.append(self.name(ident))

        funders: list[Any] = []
        for f in a.financements[:_FUNDERS]:
            funders += [self.name(f.financeur), _amount(f.montant)]
        funders += [None] * (2 * _FUNDERS - len(funders))
        extra = [
            self.name(f.financeur) + (f" : {_amount(f.montant)} € HT" if f.montant else "")
            for f in a.financements[_FUNDERS:]
        ]
        planned = [line.prevu for line in a.budget if line.prevu is not None]

        return [
            *axes,
            a.titre,
            None,
            a.description,
            None,
            a.objectifs,
            list_cell(i.nom for i in a.indicateurs),
            list_cell(structures),
            a.moyens,
            list_cell(self.name(p) for p in a.partenaires),
            list_cell(services),
            list_cell(people),
            list_cell([self.name(a.referent)] if a.referent else []),
            str(a.participation_citoyenne) if a.participation_citoyenne else None,
            list_cell(extra),
            *funders,
            _amount(sum(planned)) if planned else None,
            str(a.statut) if a.statut else None,
            str(a.priorite) if a.priorite else None,
            _fr_date(a.date_debut),
            _fr_date(a.date_fin),
            list_cell(a.liens.mesures_cae) if a.liens else None,
            list_cell(titles[i] for i in a.liens.actions if i in titles) if a.liens else None,
        ]


def tet_rows(index: RegisterIndex, plan_id: str, plan: Plan) -> list[list[Any]]:
    """One row per action serving the plan, in axis then identifier order."""
    chosen: list[tuple[str, Action]] = []
    titles: dict[str, str] = {}
    for doc, action in index.iter_actions():
        titles[doc.id] = action.titre
        if plan_id in action.plans:
            chosen.append((doc.id, action))
    order = {code: n for n, (code, _) in enumerate(plan.axis_codes())}

    def key(item: tuple[str, Action]) -> tuple[int, str]:
        code = item[1].plans.get(plan_id)
        return (order.get(code, len(order)) if code else len(order) + 1, item[0])

    return [_Row(index, plan, plan_id, a).cells(titles) for _, a in sorted(chosen, key=key)]


def to_tet_xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = SHEET_NAME
    headers = [*HEADERS, *TRAILING]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=2, column=column, value=header)
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for number, row in enumerate(rows, start=4):
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            sheet.cell(row=number, column=column, value=spreadsheet_text(value))
            longest = max(len(line) for line in str(value).splitlines() or [""])
            widths[column - 1] = max(widths[column - 1], longest)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, _MAX_WIDTH)
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_tet(index: RegisterIndex, plan_id: str | None) -> tuple[bytes, str, int]:
    """The workbook, the plan's identifier and the number of actions written."""
    ident, plan = choose_plan(index, plan_id)
    rows = tet_rows(index, ident, plan)
    return to_tet_xlsx(rows), ident, len(rows)
