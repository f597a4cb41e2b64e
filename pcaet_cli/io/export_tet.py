"""Export to the Territoires en Transitions plan import template (reference §5.1).

The sheet the platform looks for: A2 reads « Axe (x) », the 28 headers of the template on
row 2 in their order, row 3 left empty as in the blank template, one row per action of the
chosen plan from row 4. Lists are comma-separated, an item holding a separator is quoted
(the template's own rule, which `pcaet import --format tet` follows); dates JJ/MM/AAAA;
amounts integers without « € ». An axis without action is written alone on its row, so
that `pcaet import` gives it back.

Before writing, `tet_export` says what the template cannot carry and what TeT's importer
would refuse (the checks of `tet_template`), for the command to print and to refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pcaet_cli.errors import PcaetError
from pcaet_cli.french import plural
from pcaet_cli.io import tet_template as tet
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
    axis_only: bool = False
    """A row for an axis without action: its axis cells only."""


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
        # The people mobilised follow the pilot people: the importer keeps every name
        # after the pilot's as a person mobilised.
        # Without a pilot, the first of them would be read as the pilot: left out, and
        # listed among what the template cannot carry.
        if a.pilote:
            people += [
                self.name(p) for p in a.personnes if p != a.referent and self.name(p) not in people
            ]
        return _TetAction(a, axes, structures, services, people, budget_totals(a.budget))

    def axis_row(self, code: str) -> _TetAction:
        cells = _axis_cells(_axis_chain(self.plan, code))
        nothing = Action.model_construct(titre="")
        return _TetAction(nothing, cells, [], [], [], budget_totals([]), axis_only=True)

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
        copies of the template carry; an axis row has its axis cells only."""
        columns = self._columns()
        return columns[:3] + [_action_only(c) for c in columns[3:]]

    def _columns(self) -> list[Column[_TetAction]]:
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


def _action_only(column: Column[_TetAction]) -> Column[_TetAction]:
    """The column, empty on an axis row."""
    get = column.value
    return Column(column.header, lambda r: None if r.axis_only else get(r))


def _kind(index: RegisterIndex, ident: str) -> TypeActeur | None:
    actor = index.acteur(ident)
    return actor.type if actor else None


@dataclass(slots=True)
class TetExport:
    plan_id: str
    table: Table
    lost: list[str] = field(default_factory=list)
    """What the register holds that the template cannot carry, with counts."""
    refused: list[str] = field(default_factory=list)
    """What TeT's importer would refuse in the file."""
    warnings: list[str] = field(default_factory=list)
    """What is written but that TeT would not take as such."""


def tet_table(index: RegisterIndex, plan_id: str | None) -> tuple[str, Table]:
    """The chosen plan's identifier and its table (see `tet_export`)."""
    export = tet_export(index, plan_id)
    return export.plan_id, export.table


def tet_export(index: RegisterIndex, plan_id: str | None) -> TetExport:
    """One row per action serving the chosen plan, and one per axis without action, in
    axis then identifier order; what cannot be carried; what TeT would refuse."""
    ident, plan = choose_plan(index, plan_id)
    chosen = [(doc.id, action) for doc, action in index.iter_actions() if ident in action.plans]
    order = {code: n for n, (code, _) in enumerate(plan.axis_codes())}
    template = _Template(index, plan, ident)

    def position(code: str | None) -> int:
        return order.get(code, len(order)) if code else len(order) + 1

    keyed: list[tuple[tuple[int, str], _TetAction]] = [
        ((position(action.plans.get(ident)), doc_id), template.row(action))
        for doc_id, action in chosen
    ]
    used = {action.plans.get(ident) for _, action in chosen}
    for code in _empty_leaves(plan.axes, used):
        keyed.append(((position(code), ""), template.axis_row(code)))
    rows = [row for _, row in sorted(keyed, key=lambda item: item[0])]
    frame = build_frame(template.columns(), rows, exact=True)
    export = TetExport(ident, Table(SHEET_NAME, SHEET_NAME, frame, text_as_held=True))
    export.lost = _lost(index, plan, ident, [a for _, a in chosen])
    export.refused = _refused(rows)
    empty = sum(1 for row in rows if row.axis_only)
    if empty:
        export.warnings.append(
            plural(empty, "axe sans action écrit seul", "axes sans action écrits seuls")
            + " sur leur ligne, pour que pcaet "
            "import les reprenne : Territoires en Transitions refuse une ligne sans titre, "
            "supprimez-les avant de l'y importer"
        )
    return export


def _empty_leaves(axes: list[Axe], used: set[str | None]) -> list[str]:
    """The codes of the axes without sub-axis and without action: each needs a row of its
    own, which also makes its parents (an axis with sub-axes is made by theirs)."""
    codes: list[str] = []
    for axe in axes:
        if axe.sous_axes:
            codes += _empty_leaves(axe.sous_axes, used)
        elif axe.code not in used:
            codes.append(axe.code)
    return codes


def _depth(axes: list[Axe], level: int = 1) -> int:
    return max((_depth(a.sous_axes, level + 1) for a in axes), default=level - 1)


# Fields of an action the template has no column for: field → what the message calls it.
_NO_COLUMN: tuple[tuple[str, str], ...] = (
    ("secteurs", "secteurs"),
    ("domaines", "domaines"),
    ("polluants", "polluants"),
    ("volets", "volets"),
    ("type_action", "types d'action"),
    ("cibles", "cibles"),
    ("echelon", "échelon"),
    ("competence", "compétence"),
    ("territoires", "territoires"),
    ("resultats_attendus", "résultats attendus"),
    ("temps", "temps (ETP)"),
    ("propose_par", "proposée par"),
    ("declencheur", "déclencheur"),
    ("gains", "gains attendus"),
    ("suivi", "notes de suivi"),
)


def _lost(index: RegisterIndex, plan: Plan, plan_id: str, actions: list[Action]) -> list[str]:
    """What the chosen plan's actions hold that the template cannot carry, each with the
    number of actions concerned."""
    counts: dict[str, int] = {}

    def count(what: str, present: bool) -> None:
        if present:
            counts[what] = counts.get(what, 0) + 1

    for a in actions:
        for name, what in _NO_COLUMN:
            count(what, bool(getattr(a, name)))
        count(
            "valeurs des indicateurs (unité, valeurs, cibles, mesures)",
            any(
                i.unite or i.valeur_initiale is not None or i.cible is not None or i.mesures
                for i in a.indicateurs
            ),
        )
        count(
            "budget par année, réalisé ou de fonctionnement (seul le total prévu passe)",
            any(
                line.annee is not None
                or line.realise is not None
                or str(line.type) != "investissement"
                for line in a.budget
            ),
        )
        count(
            f"financeurs au-delà du {_FUNDERS}e (écrits en texte dans « Financements »)",
            len(a.financements) > _FUNDERS,
        )
        count(
            "dispositif ou année des financements",
            any(f.dispositif or f.annee for f in a.financements),
        )
        count("axes des autres plans", len(a.plans) > 1)
        count("personnes mobilisées d'une action sans pilote", bool(a.personnes and not a.pilote))
        count(
            "copilotes de type personne (repris comme personnes mobilisées)",
            any(_kind(index, c) in _PEOPLE for c in a.copilotes),
        )
        count(
            "mesures et actions liées (colonnes hors des 28 du modèle, que TeT ne lit pas)",
            bool(a.liens and (a.liens.mesures_cae or a.liens.actions)),
        )
    lost = [f"{what} ({plural(n, 'action')})" for what, n in counts.items()]
    if _depth(plan.axes) > 3:
        lost.append(f"axes au-delà du 3e niveau du plan {plan_id} (écrits au 3e niveau)")
    named = {
        r
        for a in actions
        for r in (a.pilote, a.referent, *a.copilotes, *a.personnes, *a.partenaires)
        if r
    }
    named |= {f.financeur for a in actions for f in a.financements}
    if named:
        lost.append(
            f"type et fiche des acteurs, seul leur nom passe ({plural(len(named), 'acteur')})"
        )
    return lost


def _refused(rows: list[_TetAction]) -> list[str]:
    """What TeT's importer would refuse in the file (see `tet_template`): duplicate
    titles in one axis, titles over 300 characters, budgets negative or oversized, an end
    before the start."""
    refused: list[str] = []
    seen: set[str] = set()
    for row in rows:
        if row.axis_only:
            continue
        a = row.action
        key = tet.action_key([c for c in row.axes if c], a.titre)
        if key in seen:
            refused.append(f"titre d'action en doublon dans le même axe : {key}")
        seen.add(key)
        if len(a.titre) > tet.MAX_TITLE:
            refused.append(f"« {a.titre[:40]}… » : titre de plus de {tet.MAX_TITLE} caractères")
        planned = row.budget.overall.planned
        if planned is not None and planned < 0:
            refused.append(f"« {a.titre} » : budget négatif ({_amount(planned)} € HT)")
        if planned is not None and planned > tet.MAX_BUDGET:
            refused.append(f"« {a.titre} » : budget au-delà de {tet.MAX_BUDGET} € HT")
        if a.date_debut and a.date_fin and a.date_debut > a.date_fin:
            refused.append(f"« {a.titre} » : date de fin avant la date de début")
    return refused
