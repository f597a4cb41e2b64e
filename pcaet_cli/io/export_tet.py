"""Export to the Territoires en Transitions plan import template (reference §5.1).

The sheet the platform looks for: A2 reads « Axe (x) », the 28 headers of the template on
row 2 in their order, row 3 left empty as in the blank template, one row per action of the
chosen plan from row 4. Lists are comma-separated, an item holding a separator is quoted
(the template's own rule, which `pcaet import --format tet` follows); dates JJ/MM/AAAA;
amounts integers without « € ».
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pcaet_cli.errors import PcaetError
from pcaet_cli.model import Action, Plan
from pcaet_cli.model.action import Financement
from pcaet_cli.model.plan import Axe
from pcaet_cli.model.vocab import TypeActeur
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.reports.model import Column, Table, build_frame
from pcaet_cli.reports.totals import BudgetTotals, budget_totals

SHEET_NAME = "Plan d'actions"
HEADER_ROW = 2
FIRST_ROW = 4
"""The template's rows: its headers on row 2, row 3 left empty, the actions from row 4."""
_FUNDERS = 3
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


@dataclass(frozen=True, slots=True)
class _TetAction:
    """An action as the template splits it: the levels of its axis, its pilot and
    co-pilots in the columns their type says, its funders."""

    action: Action
    axes: list[str | None]
    structures: list[str]
    services: list[str]
    people: list[str]
    budget: BudgetTotals


class _Template:
    """The template's columns for the actions of one plan."""

    def __init__(self, index: RegisterIndex, plan: Plan, plan_id: str) -> None:
        self.index = index
        self.plan = plan
        self.plan_id = plan_id
        self.titles = {doc.id: action.titre for doc, action in index.iter_actions()}

    def name(self, ident: str) -> str:
        actor = self.index.acteur(ident)
        return actor.nom if actor else ident

    def kind(self, ident: str) -> TypeActeur | None:
        actor = self.index.acteur(ident)
        return actor.type if actor else None

    def row(self, a: Action) -> _TetAction:
        code = a.plans.get(self.plan_id)
        axes: list[str | None] = (
            _axis_cells(_axis_chain(self.plan, code)) if code else [None, None, None]
        )

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
        return _TetAction(a, axes, structures, services, people, budget_totals(a.budget))

    def _funder(self, n: int) -> list[Column[_TetAction]]:
        """The n-th funder's columns (from 0); the template has room for three."""

        def given(r: _TetAction) -> Financement | None:
            funders = r.action.financements
            return funders[n] if n < len(funders) else None

        return [
            Column(
                f"Financeur {n + 1}", lambda r: self.name(f.financeur) if (f := given(r)) else None
            ),
            Column("Montant € HT", lambda r: _amount(f.montant) if (f := given(r)) else None),
        ]

    def _more_funders(self, a: Action) -> str | None:
        return list_cell(
            self.name(f.financeur) + (f" : {_amount(f.montant)} € HT" if f.montant else "")
            for f in a.financements[_FUNDERS:]
        )

    def _linked(self, a: Action) -> str | None:
        return (
            list_cell(self.titles[i] for i in a.liens.actions if i in self.titles)
            if a.liens
            else None
        )

    def columns(self) -> list[Column[_TetAction]]:
        """The template's 28 columns in its order, then two optional ones that many
        copies of the template carry."""
        return [
            Column("Axe (x)", lambda r: r.axes[0]),
            Column("Sous-axe (x.x)", lambda r: r.axes[1]),
            Column("Sous-sous axe (x.x.x)", lambda r: r.axes[2]),
            Column("Titre de l'action", lambda r: r.action.titre),
            Column("Titre de la sous-action", lambda r: None),
            Column("Descriptif", lambda r: r.action.description),
            Column("Instances de gouvernance", lambda r: None),
            Column("Objectifs", lambda r: r.action.objectifs),
            Column("Indicateurs liés", lambda r: list_cell(i.nom for i in r.action.indicateurs)),
            Column("Structure pilote", lambda r: list_cell(r.structures)),
            Column("Moyens humains et techniques", lambda r: r.action.moyens),
            Column("Partenaires", lambda r: list_cell(self.name(p) for p in r.action.partenaires)),
            Column("Direction ou service pilote", lambda r: list_cell(r.services)),
            Column("Personne pilote", lambda r: list_cell(r.people)),
            Column(
                "Élu·e référent·e",
                lambda r: list_cell([self.name(e)] if (e := r.action.referent) else []),
            ),
            Column(
                "Participation Citoyenne",
                lambda r: str(p) if (p := r.action.participation_citoyenne) else None,
            ),
            Column("Financements", lambda r: self._more_funders(r.action)),
            *(column for n in range(_FUNDERS) for column in self._funder(n)),
            Column("Budget prévisionnel total € HT", lambda r: _amount(r.budget.overall.planned)),
            Column("Statut", lambda r: str(r.action.statut) if r.action.statut else None),
            Column("Niveau de priorité", lambda r: str(p) if (p := r.action.priorite) else None),
            Column("Date de début", lambda r: _fr_date(r.action.date_debut)),
            Column("Date de fin", lambda r: _fr_date(r.action.date_fin)),
            Column(
                "Mesures liées",
                lambda r: list_cell(x.mesures_cae) if (x := r.action.liens) else None,
            ),
            Column("Actions liées", lambda r: self._linked(r.action)),
        ]


def tet_table(index: RegisterIndex, plan_id: str | None) -> tuple[str, Table]:
    """The chosen plan's identifier, and one row per action serving it, in axis then
    identifier order."""
    ident, plan = choose_plan(index, plan_id)
    chosen = [(doc.id, action) for doc, action in index.iter_actions() if ident in action.plans]
    order = {code: n for n, (code, _) in enumerate(plan.axis_codes())}

    def key(item: tuple[str, Action]) -> tuple[int, str]:
        code = item[1].plans.get(ident)
        return (order.get(code, len(order)) if code else len(order) + 1, item[0])

    template = _Template(index, plan, ident)
    rows = [template.row(action) for _, action in sorted(chosen, key=key)]
    frame = build_frame(template.columns(), rows, exact=True)
    return ident, Table(SHEET_NAME, SHEET_NAME, frame, text_as_held=True)
