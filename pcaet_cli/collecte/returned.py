"""One returned collection workbook read into changes, proposals and problems, against
the register's index: its stamp, then its sheets (actions, budget, indicators, new
actions), each cell through `cells` and named in every problem (workbook!sheet!cell).
An action whose digest changed since the workbook was made is a conflict: none of its
answers is taken."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from pcaet_cli.collecte import cells as C
from pcaet_cli.collecte import layout as L
from pcaet_cli.collecte.stamps import REGISTER_ACTIONS_SHEET, STAMP_SHEET, Stamp, digest
from pcaet_cli.collecte.yamledit import AppendNote, Edit, SetField, SetMeasure, SetSpent
from pcaet_cli.errors import PcaetError
from pcaet_cli.io.sources import read_sheets
from pcaet_cli.model import Action
from pcaet_cli.model.vocab import Statut
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.textmatch import fold, slug

_CHOSEN_ACTOR = re.compile(r"\(([a-z0-9-]+)\)\s*$")


@dataclass(frozen=True, slots=True)
class Problem:
    where: str
    """« classeur.xlsx!Feuille!D12 », or the workbook or file alone."""
    message: str
    conflict: bool = False

    def __str__(self) -> str:
        return f"{self.where} : {self.message}"


@dataclass(frozen=True, slots=True)
class Change:
    action: str
    edit: Edit
    where: str
    shown: str
    """What changes, in French: « statut : « En cours » → « Réalisé » »."""
    slot: tuple[Any, ...] | None
    """What the change sets (to find two workbooks setting it differently); None for a
    note, which is added whatever the others say."""
    value: Any = None


@dataclass(slots=True)
class Proposal:
    ident: str
    data: dict[str, Any]
    where: str
    text: str = ""


@dataclass(slots=True)
class Returned:
    """One returned workbook, read and checked."""

    path: Path
    stamp: Stamp
    changes: list[Change] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    conflicts: set[str] = field(default_factory=set)
    notices: list[Problem] = field(default_factory=list)
    """Edits left out without refusing the rest (a read-only column of the big workbook)."""


class Sheet:
    """A sheet's rows with its columns found by header."""

    def __init__(
        self, book: str, title: str, rows: list[list[Any]], wanted: list[str], header_row: int = 0
    ) -> None:
        self.book = book
        self.title = title
        self.rows = rows
        self.header_row = header_row
        first = rows[header_row] if header_row < len(rows) else []
        header = [str(v).strip() if v is not None else "" for v in first]
        self.header = header
        self.columns: dict[str, int] = {}
        for name in wanted:
            if name not in header:
                raise PcaetError(
                    f"{book}!{title} : colonne « {name} » introuvable ; ne renommez ni ne "
                    "supprimez les colonnes du classeur"
                )
            self.columns[name] = header.index(name)

    def value(self, row: int, name: str) -> Any:
        cells = self.rows[row]
        column = self.columns[name]
        value = cells[column] if column < len(cells) else None
        return None if isinstance(value, str) and not value.strip() else value

    def where(self, row: int, name: str) -> str:
        return f"{self.book}!{self.title}!{get_column_letter(self.columns[name] + 1)}{row + 1}"

    def data_rows(self) -> range:
        return range(self.header_row + 1, len(self.rows))


class Reader:
    """Reads one workbook into changes and problems, against the register's index."""

    def __init__(
        self,
        index: RegisterIndex,
        path: Path,
        taken: set[str],
    ) -> None:
        self.index = index
        self.book = path.name
        self.taken = taken
        wanted = {L.ACTIONS, L.BUDGET, L.INDICATEURS, L.NOUVELLES, STAMP_SHEET}
        sheets = dict(read_sheets(path, wanted | {REGISTER_ACTIONS_SHEET}))
        if STAMP_SHEET not in sheets:
            Stamp.from_rows([], self.book)  # raises the French message
        self.stamp = Stamp.from_rows(sheets[STAMP_SHEET], self.book)
        named = self.stamp.sheet
        if self.stamp.kind == "registre" and named is not None and named not in sheets:
            sheets.update(read_sheets(path, {named}))  # renamed since: a second, small read
        self.result = Returned(path, self.stamp)
        self.sheets = sheets
        self.checked: dict[str, Action | None] = {}

    def problem(self, where: str, message: str, conflict: bool = False) -> None:
        self.result.problems.append(Problem(where, message, conflict))

    def sheet(self, title: str, wanted: list[str]) -> Sheet | None:
        rows = self.sheets.get(title)
        if rows is None:
            self.problem(self.book, f"onglet « {title} » introuvable : ses réponses sont perdues")
            return None
        return Sheet(self.book, title, rows, wanted)

    def action(self, ident: Any, where: str) -> Action | None:
        """The action of a row, when it belongs to the workbook and did not change since."""
        if not isinstance(ident, str) or ident not in self.stamp.digests:
            self.problem(where, f"« {C.shown(ident)} » n'est pas une action de ce classeur")
            return None
        if ident in self.checked:
            return self.checked[ident]
        doc = self.index.actions.get(ident)
        model = doc.model if doc is not None else None
        found: Action | None = None
        if not isinstance(model, Action):
            self.problem(
                where,
                f"l'action « {ident} » n'existe plus dans le registre (ou ne se lit plus) ; "
                "ses réponses ne sont pas reprises",
                conflict=True,
            )
        elif digest(model, self.stamp.kind) != self.stamp.digests[ident]:
            advice = (
                "exportez de nouveau le registre et refaites-y vos modifications"
                if self.stamp.kind == "registre"
                else "renvoyez-lui un classeur à jour"
            )
            made = "l'export" if self.stamp.kind == "registre" else "la préparation"
            self.problem(
                where,
                f"l'action « {ident} » a changé dans le registre depuis {made} du "
                f"classeur (le {C.shown(self.stamp.made_on)}) ; relisez-la avec "
                f"« pcaet diff » puis {advice}",
                conflict=True,
            )
        else:
            found = model
        if found is None:
            self.result.conflicts.add(ident)
        self.checked[ident] = found
        return found

    def read(self, sheet: Sheet, row: int, name: str, parse: Callable[[Any], Any]) -> Any:
        try:
            return parse(sheet.value(row, name))
        except C.Invalid as exc:
            self.problem(sheet.where(row, name), str(exc))
            return C.INVALID

    def set_field(self, ident: str, key: str, current: Any, value: Any, where: str) -> None:
        """A field of the action set from the cell at `where`: a text shown between
        quotes, a date or a number as such."""
        shown = (
            f"{key} : « {C.shown(current)} » → « {C.shown(value)} »"
            if isinstance(value, str)
            else f"{key} : {C.shown(current)} → {C.shown(value)}"
        )
        self.change(ident, SetField(key, value), where, shown, (ident, key), value)

    def in_order(
        self, sheet: Sheet, row: int, action: Action, start: Any, end: Any
    ) -> tuple[Any, Any]:
        """The start and end read on a row, both refused when the end would come before
        the start (an empty cell keeping the action's date)."""
        first = action.date_debut if start in (None, C.INVALID) else start
        last = action.date_fin if end in (None, C.INVALID) else end
        if first is not None and last is not None and first > last:
            self.problem(
                sheet.where(row, L.FIN),
                f"la date de fin ({C.shown(last)}) précède la date de début ({C.shown(first)})",
            )
            return C.INVALID, C.INVALID
        return start, end

    def change(
        self,
        ident: str,
        edit: Edit,
        where: str,
        shown: str,
        slot: tuple[Any, ...] | None,
        value: Any = None,
    ) -> None:
        self.result.changes.append(Change(ident, edit, where, shown, slot, value))

    def run(self) -> Returned:
        """The sheets of a collection workbook (the big workbook's: big_workbook.read)."""
        self.actions_sheet()
        self.budget_sheet()
        self.indicators_sheet()
        self.proposals_sheet()
        return self.result

    def actions_sheet(self) -> None:
        sheet = self.sheet(
            L.ACTIONS, [L.ID, L.STATUT, L.PRIORITE, L.DEBUT, L.FIN, L.NOTE_DATE, L.NOTE]
        )
        if sheet is None:
            return
        for row in sheet.data_rows():
            ident = sheet.value(row, L.ID)
            if ident is None:
                continue
            action = self.action(ident, sheet.where(row, L.ID))
            if action is None:
                continue
            for name, key, reader in (
                (L.STATUT, "statut", C.read_statut),
                (L.PRIORITE, "priorite", C.read_priorite),
            ):
                value = self.read(sheet, row, name, reader)
                current = getattr(action, key)
                if (
                    value is not C.INVALID
                    and value is not None
                    and value != (current and str(current))
                ):
                    self.set_field(ident, key, current, value, sheet.where(row, name))
            start = self.read(sheet, row, L.DEBUT, C.read_date)
            end = self.read(sheet, row, L.FIN, C.read_date)
            start, end = self.in_order(sheet, row, action, start, end)
            for value, name, key in ((start, L.DEBUT, "date_debut"), (end, L.FIN, "date_fin")):
                current = getattr(action, key)
                if value not in (None, C.INVALID) and value != current:
                    self.set_field(ident, key, current, value, sheet.where(row, name))
            day = self.read(sheet, row, L.NOTE_DATE, C.read_date)
            text = self.read(sheet, row, L.NOTE, C.read_text)
            if text is C.INVALID or day is C.INVALID:
                continue
            if text is None:
                if day is not None:
                    self.problem(
                        sheet.where(row, L.NOTE), "une date de note sans note : écrivez la note"
                    )
                continue
            when = day or self.stamp.made_on
            if any(s.date == when and s.texte == text for s in action.suivi):
                continue  # already there
            self.change(
                ident,
                AppendNote(when, text, self.stamp.recipient),
                sheet.where(row, L.NOTE),
                f"suivi : note du {C.shown(when)} ajoutée",
                None,
            )

    def budget_sheet(self) -> None:
        sheet = self.sheet(L.BUDGET, [L.ID, L.ANNEE, L.TYPE, L.REALISE])
        if sheet is None:
            return
        for row in sheet.data_rows():
            ident = sheet.value(row, L.ID)
            spent = self.read(sheet, row, L.REALISE, C.read_amount)
            year = self.read(sheet, row, L.ANNEE, C.read_year)
            label = self.read(sheet, row, L.TYPE, C.read_budget_type)
            if ident is None:
                if any(v not in (None, C.INVALID) for v in (spent, year, label)):
                    self.problem(
                        sheet.where(row, L.ID),
                        "ligne sans identifiant d'action : choisissez l'action",
                    )
                continue
            action = self.action(ident, sheet.where(row, L.ID))
            if action is None or C.INVALID in (spent, year, label) or spent is None:
                continue
            if label is None:
                self.problem(sheet.where(row, L.TYPE), "le type du montant réalisé est à remplir")
                continue
            kind = C.TYPE_OF_LABEL[label]
            current = next(
                (b for b in action.budget if b.annee == year and str(b.type) == kind), None
            )
            before = current.realise if current is not None else None
            if before is not None and float(before) == spent:
                continue
            self.change(
                ident,
                SetSpent(year, kind, spent),
                sheet.where(row, L.REALISE),
                f"budget {year or 'pluriannuel'} ({kind}) réalisé : "
                f"{C.shown(before)} → {C.shown(spent)}",
                (ident, "budget", year, kind),
                spent,
            )

    def indicators_sheet(self) -> None:
        sheet = self.sheet(L.INDICATEURS, [L.ID, L.NUMERO, L.INDICATEUR, L.ANNEE_MESURE, L.MESURE])
        if sheet is None:
            return
        for row in sheet.data_rows():
            ident = sheet.value(row, L.ID)
            if ident is None:
                continue
            value = self.read(sheet, row, L.MESURE, C.read_amount)
            year = self.read(sheet, row, L.ANNEE_MESURE, C.read_year)
            if value is None or C.INVALID in (value, year):
                continue
            action = self.action(ident, sheet.where(row, L.ID))
            if action is None:
                continue
            position = sheet.value(row, L.NUMERO)
            n = (
                int(position)
                if isinstance(position, int | float) and float(position).is_integer()
                else 0
            )
            if not 1 <= n <= len(action.indicateurs) or action.indicateurs[
                n - 1
            ].nom != sheet.value(row, L.INDICATEUR):
                self.problem(
                    sheet.where(row, L.NUMERO),
                    "indicateur introuvable : ne modifiez pas les colonnes grises",
                )
                continue
            if year is None:
                self.problem(sheet.where(row, L.ANNEE_MESURE), "l'année de la mesure est à remplir")
                continue
            indicator = action.indicateurs[n - 1]
            before = indicator.mesures.get(year)
            if before is not None and float(before) == value:
                continue
            self.change(
                ident,
                SetMeasure(n - 1, year, value),
                sheet.where(row, L.MESURE),
                f"indicateur « {indicator.nom} » {year} : {C.shown(before)} → {C.shown(value)}",
                (ident, "mesure", n, year),
                value,
            )

    def proposals_sheet(self) -> None:
        sheet = self.sheet(
            L.NOUVELLES, [L.TITRE, L.DESCRIPTION, L.OBJECTIFS, L.PILOTE_PRESSENTI, L.DEBUT, L.FIN]
        )
        if sheet is None:
            return
        for row in sheet.data_rows():
            title = self.read(sheet, row, L.TITRE, C.read_text)
            description = self.read(sheet, row, L.DESCRIPTION, C.read_text)
            aims = self.read(sheet, row, L.OBJECTIFS, C.read_text)
            start = self.read(sheet, row, L.DEBUT, C.read_date)
            end = self.read(sheet, row, L.FIN, C.read_date)
            chosen = self.read(sheet, row, L.PILOTE_PRESSENTI, C.read_text)
            values = (title, description, aims, start, end, chosen)
            if all(v is None for v in values):
                continue
            if C.INVALID in values:
                continue
            if title is None:
                self.problem(sheet.where(row, L.TITRE), "une action proposée a besoin d'un titre")
                continue
            pilot = self.pilot(chosen)
            if pilot is None:
                self.problem(
                    sheet.where(row, L.PILOTE_PRESSENTI),
                    f"« {C.shown(chosen)} » : choisissez le pilote pressenti dans la liste",
                )
                continue
            if start is not None and end is not None and start > end:
                self.problem(sheet.where(row, L.FIN), "la date de fin précède la date de début")
                continue
            if any(
                isinstance(d.model, Action)
                and d.model.propose_par == self.stamp.recipient
                and fold(d.model.titre) == fold(title)
                for d in self.index.actions.values()
            ):
                continue  # integrated already
            ident = new_ident(title, self.index, self.taken)
            data: dict[str, Any] = {
                "titre": title,
                "description": description,
                "objectifs": aims,
                "statut": str(Statut.A_DISCUTER),
                "date_debut": start,
                "date_fin": end,
                "pilote": pilot,
                "propose_par": self.stamp.recipient,
            }
            self.result.proposals.append(Proposal(ident, data, sheet.where(row, L.TITRE)))

    def pilot(self, chosen: str | None) -> str | None:
        if chosen is None:
            return None
        found = _CHOSEN_ACTOR.search(chosen)
        if found and self.index.acteur(found.group(1)) is not None:
            return found.group(1)
        if self.index.acteur(chosen) is not None:
            return chosen
        named = [d.id for d, a in self.index.iter_acteurs() if fold(a.nom) == fold(chosen)]
        return named[0] if len(named) == 1 else None


def new_ident(title: str, index: RegisterIndex, taken: set[str]) -> str:
    base = slug(title, 60) or "action"
    ident, n = base, 2
    while ident in index.actions or ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident
