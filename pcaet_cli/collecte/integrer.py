"""`pcaet collecte integrer`: the returned workbooks read (hostile input: through the
bounded readers of `io.sources`), every cell checked, and the answers applied in place to
the register's YAML files.

The big workbook of `pcaet export --format xlsx` is read the same way (its stamps say
which it is): the cells of its actions sheet that are plain values of the action, shown
one to one, are carried back; a change to any other column is reported, not applied.

Nothing is written while a single value is invalid or a single action changed in the
register since its workbook was made (its digest differs), unless the caller asks to
apply the valid rest. Every problem names the workbook, the sheet and the cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from pcaet_cli.collecte import layout as L
from pcaet_cli.collecte.stamps import REGISTER_ACTIONS_SHEET, STAMP_SHEET, Stamp, digest
from pcaet_cli.collecte.yamledit import (
    AppendNote,
    Edit,
    SetField,
    SetMeasure,
    SetSpent,
    edit_text,
    touched_keys,
)
from pcaet_cli.edit.fmt import comments
from pcaet_cli.errors import PcaetError
from pcaet_cli.french import number
from pcaet_cli.fsutil import atomic_write, check_name, inside
from pcaet_cli.io.sources import read_sheets
from pcaet_cli.io.yamlwrite import register_file
from pcaet_cli.model import Action
from pcaet_cli.model.vocab import VARIANTS, Priorite, Statut
from pcaet_cli.register.discovery import display
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import validate
from pcaet_cli.register.yamlfile import parse
from pcaet_cli.textmatch import Matcher, fold, slug

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
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


@dataclass(slots=True)
class FileChange:
    path: Path
    shown: str
    before: str | None
    """None for a new file (a proposed action)."""
    after: str
    changes: list[str]


@dataclass(slots=True)
class Integration:
    workbooks: list[Returned]
    problems: list[Problem]
    files: list[FileChange]
    applied: dict[str, list[str]] = field(default_factory=dict)
    """Workbook name → identifiers of the actions changed or created from it."""
    notices: list[Problem] = field(default_factory=list)


# --- cell values ------------------------------------------------------------------------


class _Invalid(Exception):
    """A cell's value cannot be used; the message (French) says why."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not text:
        return None
    if _CONTROL.search(text):
        raise _Invalid("le texte contient un caractère de contrôle invisible ; retapez-le")
    if len(text) > L.MAX_NOTE_CHARS:
        raise _Invalid(f"texte de plus de {number(L.MAX_NOTE_CHARS, 0)} caractères")
    return text


def _date(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise _Invalid(f"« {value} » : attendu une date sans heure")
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    french = _FRENCH_DATE.match(text)
    if french:
        day, month, year = (int(g) for g in french.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise _Invalid(f"la date « {text} » n'existe pas") from None
    raise _Invalid(f"« {text[:40]} » n'est pas une date (jj/mm/aaaa)")


def _amount(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise _Invalid(f"« {value} » n'est pas un montant")
        return None
    if isinstance(value, int | float):
        result = float(value)
    else:
        text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        text = text.removesuffix("€").replace(",", ".")
        if not text:
            return None
        try:
            result = float(text)
        except ValueError:
            raise _Invalid(f"« {str(value)[:40]} » n'est pas un nombre") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise _Invalid("nombre invalide")
    if result < 0:
        raise _Invalid(f"« {number(result)} » est négatif")
    return result


def _year(value: Any) -> int | None:
    amount = _amount(value)
    if amount is None:
        return None
    if not amount.is_integer() or not 1900 <= amount <= 2200:
        raise _Invalid(f"« {value} » n'est pas une année (quatre chiffres)")
    return int(amount)


def _vocab(choices: list[str], what: str, known: dict[str, str]) -> Callable[[Any], str | None]:
    matcher = Matcher(choices)
    by_fold = {fold(c): c for c in choices}

    def read(value: Any) -> str | None:
        text = _text(value)
        if text is None:
            return None
        if text in choices:
            return text
        if text in known:
            return str(known[text])
        if fold(text) in by_fold:
            return by_fold[fold(text)]
        guess = matcher.closest(text)
        hint = (
            f" ; vouliez-vous dire « {guess} » ?"
            if guess
            else f" ; choisissez : {', '.join(choices)}"
        )
        raise _Invalid(f"« {text[:40]} » n'est pas {what}{hint}")

    return read


# The codes of the enumerations (EN_COURS) are taken too, as a spreadsheet may show them.
_statut = _vocab(
    L.STATUTS, "un statut", {**VARIANTS.get(Statut, {}), **{s.name: s.value for s in Statut}}
)
_priorite = _vocab(
    L.PRIORITES,
    "une priorité",
    {**VARIANTS.get(Priorite, {}), **{p.name: p.value for p in Priorite}},
)
_budget_type = _vocab(list(L.BUDGET_TYPES.values()), "un type de budget", {})
_TYPE_OF_LABEL = {label: str(kind) for kind, label in L.BUDGET_TYPES.items()}
_TYPE_OF_LABEL.update({str(kind): str(kind) for kind in L.BUDGET_TYPES})


def _shown(value: Any) -> str:
    if value is None:
        return "(vide)"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return number(value)
    return str(value)


# --- one workbook -----------------------------------------------------------------------


class _Sheet:
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


class _Reader:
    """Reads one workbook into changes and problems, against the register's index."""

    def __init__(
        self,
        index: RegisterIndex,
        path: Path,
        taken: set[str],
        exported: Callable[[date, str], _Exported] | None = None,
    ) -> None:
        self.index = index
        self.book = path.name
        self.taken = taken
        self.exported = exported
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

    def sheet(self, title: str, wanted: list[str]) -> _Sheet | None:
        rows = self.sheets.get(title)
        if rows is None:
            self.problem(self.book, f"onglet « {title} » introuvable : ses réponses sont perdues")
            return None
        return _Sheet(self.book, title, rows, wanted)

    def action(self, ident: Any, where: str) -> Action | None:
        """The action of a row, when it belongs to the workbook and did not change since."""
        if not isinstance(ident, str) or ident not in self.stamp.digests:
            self.problem(where, f"« {_shown(ident)} » n'est pas une action de ce classeur")
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
                f"classeur (le {_shown(self.stamp.made_on)}) ; relisez-la avec "
                f"« pcaet diff » puis {advice}",
                conflict=True,
            )
        else:
            found = model
        if found is None:
            self.result.conflicts.add(ident)
        self.checked[ident] = found
        return found

    def read(self, sheet: _Sheet, row: int, name: str, parse: Callable[[Any], Any]) -> Any:
        try:
            return parse(sheet.value(row, name))
        except _Invalid as exc:
            self.problem(sheet.where(row, name), str(exc))
            return _INVALID

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
        if self.stamp.kind == "registre":
            self.register_sheet()
            return self.result
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
                (L.STATUT, "statut", _statut),
                (L.PRIORITE, "priorite", _priorite),
            ):
                value = self.read(sheet, row, name, reader)
                current = getattr(action, key)
                if (
                    value is not _INVALID
                    and value is not None
                    and value != (current and str(current))
                ):
                    self.change(
                        ident,
                        SetField(key, value),
                        sheet.where(row, name),
                        f"{key} : « {_shown(current)} » → « {value} »",
                        (ident, key),
                        value,
                    )
            start = self.read(sheet, row, L.DEBUT, _date)
            end = self.read(sheet, row, L.FIN, _date)
            first = action.date_debut if start in (None, _INVALID) else start
            last = action.date_fin if end in (None, _INVALID) else end
            if first is not None and last is not None and first > last:
                self.problem(
                    sheet.where(row, L.FIN),
                    f"la date de fin ({_shown(last)}) précède la date de début ({_shown(first)})",
                )
                start = end = _INVALID
            for value, name, key in ((start, L.DEBUT, "date_debut"), (end, L.FIN, "date_fin")):
                current = getattr(action, key)
                if value not in (None, _INVALID) and value != current:
                    self.change(
                        ident,
                        SetField(key, value),
                        sheet.where(row, name),
                        f"{key} : {_shown(current)} → {_shown(value)}",
                        (ident, key),
                        value,
                    )
            day = self.read(sheet, row, L.NOTE_DATE, _date)
            text = self.read(sheet, row, L.NOTE, _text)
            if text is _INVALID or day is _INVALID:
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
                f"suivi : note du {_shown(when)} ajoutée",
                None,
            )

    def register_sheet(self) -> None:
        """The actions sheet of the big workbook: the carried columns applied, a change in
        any other column reported."""
        title = self.stamp.sheet or REGISTER_ACTIONS_SHEET
        rows = self.sheets.get(title)
        if rows is None:
            self.problem(self.book, f"onglet « {title} » introuvable : rien n'est repris")
            return
        sheet = _Sheet(self.book, title, rows, [L.ID, *CARRIED], _header_row(rows))
        exported = self.exported(self.stamp.made_on, title) if self.exported else _Exported({}, [])
        for row in sheet.data_rows():
            ident = sheet.value(row, L.ID)
            if ident is None:
                continue
            if not isinstance(ident, str) or ident not in self.stamp.digests:
                self.result.notices.append(
                    Problem(
                        sheet.where(row, L.ID),
                        f"ligne non reprise : « {_shown(ident)} » n'est pas une action du "
                        "registre exporté ; une nouvelle action se crée dans un fichier YAML",
                    )
                )
                continue
            action = self.action(ident, sheet.where(row, L.ID))
            if action is None:
                continue
            self.carried(sheet, row, ident, action)
            self.read_only(sheet, row, ident, exported)

    def carried(self, sheet: _Sheet, row: int, ident: str, action: Action) -> None:
        values: dict[str, Any] = {}
        for name, (key, reader) in CARRIED.items():
            value = self.read(sheet, row, name, reader)
            current = getattr(action, key)
            if value is None and current is not None:
                self.result.notices.append(
                    Problem(
                        sheet.where(row, name),
                        f"« {name} » vidée, non reprise : modifiez le "
                        f"fichier YAML ({self._file(ident)})",
                    )
                )
            values[key] = value
        start, end = values["date_debut"], values["date_fin"]
        first = action.date_debut if start in (None, _INVALID) else start
        last = action.date_fin if end in (None, _INVALID) else end
        if first is not None and last is not None and first > last:
            self.problem(
                sheet.where(row, L.FIN),
                f"la date de fin ({_shown(last)}) précède la date de début ({_shown(first)})",
            )
            values["date_debut"] = values["date_fin"] = _INVALID
        for name, (key, _) in CARRIED.items():
            value, current = values[key], getattr(action, key)
            before = str(current) if isinstance(current, str) else current
            if value in (None, _INVALID) or value == before:
                continue
            shown = (
                f"{key} : « {_shown(current)} » → « {_shown(value)} »"
                if isinstance(value, str)
                else f"{key} : {_shown(current)} → {_shown(value)}"
            )
            self.change(
                ident, SetField(key, value), sheet.where(row, name), shown, (ident, key), value
            )

    def read_only(self, sheet: _Sheet, row: int, ident: str, exported: _Exported) -> None:
        """A change in a column the register's files cannot take from the sheet."""
        reference = exported.rows.get(ident)
        if reference is None:
            return
        cells = sheet.rows[row]
        for column, name in enumerate(sheet.header):
            if name in CARRIED or name == L.ID or name not in exported.header:
                continue
            value = cells[column] if column < len(cells) else None
            if not _same(value, reference[exported.header.index(name)]):
                self.result.notices.append(
                    Problem(
                        f"{self.book}!{sheet.title}!{get_column_letter(column + 1)}{row + 1}",
                        f"« {name} » non reprise : modifiez le fichier YAML ({self._file(ident)})",
                    )
                )

    def _file(self, ident: str) -> str:
        doc = self.index.actions.get(ident)
        return doc.display if doc is not None else ident

    def budget_sheet(self) -> None:
        sheet = self.sheet(L.BUDGET, [L.ID, L.ANNEE, L.TYPE, L.REALISE])
        if sheet is None:
            return
        for row in sheet.data_rows():
            ident = sheet.value(row, L.ID)
            spent = self.read(sheet, row, L.REALISE, _amount)
            year = self.read(sheet, row, L.ANNEE, _year)
            label = self.read(sheet, row, L.TYPE, _budget_type)
            if ident is None:
                if any(v not in (None, _INVALID) for v in (spent, year, label)):
                    self.problem(
                        sheet.where(row, L.ID),
                        "ligne sans identifiant d'action : choisissez l'action",
                    )
                continue
            action = self.action(ident, sheet.where(row, L.ID))
            if action is None or _INVALID in (spent, year, label) or spent is None:
                continue
            if label is None:
                self.problem(sheet.where(row, L.TYPE), "le type du montant réalisé est à remplir")
                continue
            kind = _TYPE_OF_LABEL[label]
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
                f"{_shown(before)} → {_shown(spent)}",
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
            value = self.read(sheet, row, L.MESURE, _amount)
            year = self.read(sheet, row, L.ANNEE_MESURE, _year)
            if value is None or _INVALID in (value, year):
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
                f"indicateur « {indicator.nom} » {year} : {_shown(before)} → {_shown(value)}",
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
            title = self.read(sheet, row, L.TITRE, _text)
            description = self.read(sheet, row, L.DESCRIPTION, _text)
            aims = self.read(sheet, row, L.OBJECTIFS, _text)
            start = self.read(sheet, row, L.DEBUT, _date)
            end = self.read(sheet, row, L.FIN, _date)
            chosen = self.read(sheet, row, L.PILOTE_PRESSENTI, _text)
            values = (title, description, aims, start, end, chosen)
            if all(v is None for v in values):
                continue
            if _INVALID in values:
                continue
            if title is None:
                self.problem(sheet.where(row, L.TITRE), "une action proposée a besoin d'un titre")
                continue
            pilot = self.pilot(chosen)
            if pilot is None:
                self.problem(
                    sheet.where(row, L.PILOTE_PRESSENTI),
                    f"« {_shown(chosen)} » : choisissez le pilote pressenti dans la liste",
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
            ident = _new_ident(title, self.index, self.taken)
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


CARRIED: dict[str, tuple[str, Callable[[Any], Any]]] = {
    L.TITRE: ("titre", _text),
    L.STATUT: ("statut", _statut),
    L.PRIORITE: ("priorite", _priorite),
    L.DEBUT: ("date_debut", _date),
    L.FIN: ("date_fin", _date),
}
"""The columns of the big workbook's actions sheet carried back: each a plain value of the
action, shown as it is. Every other column (names for identifiers, joined lists, totals,
derived values) is read only."""


@dataclass(frozen=True, slots=True)
class _Exported:
    """The actions sheet as `pcaet export` writes it today: what an untouched cell holds."""

    rows: dict[str, list[Any]]
    header: list[str]


def _header_row(rows: list[list[Any]]) -> int:
    """The row of the column headers: the first with « Identifiant » (a title may sit above)."""
    for i, row in enumerate(rows[:10]):
        if any(isinstance(v, str) and v.strip() == L.ID for v in row):
            return i
    return 0


def _exported(index: RegisterIndex, made_on: date, title: str) -> _Exported:
    """The sheet `title` of the register's big workbook written again, as of `made_on`,
    and read back: by the same writer, so that a cell differs only where someone changed
    it. Only that sheet is written (a sheet's cells depend on its table alone): the
    four others took three quarters of the time."""
    import io

    import openpyxl

    from pcaet_cli.io.export import workbook_tables
    from pcaet_cli.render.tables import to_xlsx

    tables = [t for t in workbook_tables(index, made_on) if t.name[:31] == title]
    data = to_xlsx.workbook(tables)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if title not in book.sheetnames:
            return _Exported({}, [])
        rows: list[list[Any]] = [list(r) for r in book[title].iter_rows(values_only=True)]
    finally:
        book.close()
    start = _header_row(rows)
    header = [str(v).strip() if v is not None else "" for v in rows[start]] if rows else []
    if L.ID not in header:
        return _Exported({}, header)
    column = header.index(L.ID)
    found = {
        row[column]: row
        for row in rows[start + 1 :]
        if column < len(row) and isinstance(row[column], str)
    }
    return _Exported(found, header)


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def _same(cell: Any, exported: Any) -> bool:
    a, b = _normal(cell), _normal(exported)
    if a == b:
        return True
    if isinstance(b, date) and isinstance(a, str):  # a date typed as text
        try:
            return _date(a) == b
        except _Invalid:
            return False
    if isinstance(b, float) and isinstance(a, str):
        try:
            return _amount(a) == b
        except _Invalid:
            return False
    return False


class _InvalidMark:
    def __repr__(self) -> str:
        return "INVALID"


_INVALID: Any = _InvalidMark()


def _new_ident(title: str, index: RegisterIndex, taken: set[str]) -> str:
    base = slug(title, 60) or "action"
    ident, n = base, 2
    while ident in index.actions or ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


# --- all workbooks ----------------------------------------------------------------------


def _cross_conflicts(workbooks: list[Returned]) -> tuple[list[Problem], set[str]]:
    """Two workbooks (or two rows) setting the same value differently: the problems and
    the cells left out."""
    seen: dict[tuple[Any, ...], Change] = {}
    problems = []
    blocked: set[str] = set()
    for book in workbooks:
        for change in book.changes:
            if change.slot is None:
                continue
            first = seen.setdefault(change.slot, change)
            if first is not change and first.value != change.value:
                blocked.update((first.where, change.where))
                problems.append(
                    Problem(
                        change.where,
                        f"« {_shown(change.value)} » contredit « {_shown(first.value)} » "
                        f"({first.where}) ; gardez une seule réponse",
                    )
                )
    return problems, blocked


def _check_file(shown: str, before: str, after: str, touched: set[str]) -> str | None:
    """Why the edited text must not be written, or None."""
    old = parse(before.encode("utf-8"), shown)
    new = parse(after.encode("utf-8"), shown)
    if not isinstance(new.data, dict) or not isinstance(old.data, dict):
        return "le fichier modifié ne se relit plus"
    for key in set(old.data) | set(new.data):
        if key not in touched and old.data.get(key) != new.data.get(key):
            return f"la modification changerait aussi « {key} »"
    model, diags, _ = validate(new, Action, shown)
    if model is None or diags:
        reason = diags[0].message if diags else "fiche illisible"
        return f"la fiche modifiée serait invalide ({reason})"
    if sorted(comments(after)) != sorted(comments(before)):
        return "la modification perdrait ou déplacerait un commentaire"
    return None


def integrate(index: RegisterIndex, root: Path, paths: list[Path]) -> Integration:
    """Read every workbook and compute the new texts of the valid answers; nothing is
    written here. The caller writes nothing when `problems` is not empty, unless told
    to apply the rest."""
    taken: set[str] = set()
    books: list[Returned] = []
    problems: list[Problem] = []
    notices: list[Problem] = []
    names: dict[str, Path] = {}
    rendered: dict[tuple[date, str], _Exported] = {}

    def exported(made_on: date, title: str = REGISTER_ACTIONS_SHEET) -> _Exported:
        if (made_on, title) not in rendered:
            rendered[made_on, title] = _exported(index, made_on, title)
        return rendered[made_on, title]

    for path in paths:
        if path.name in names and names[path.name] != path.resolve():
            raise PcaetError(f"deux classeurs portent le nom {path.name} : renommez l'un d'eux")
        names[path.name] = path.resolve()
        reader = _Reader(index, path, taken, exported)
        book = reader.run()
        books.append(book)
        problems.extend(book.problems)
        notices.extend(book.notices)
    cross, blocked = _cross_conflicts(books)
    problems.extend(cross)

    by_action: dict[str, list[Change]] = {}
    applied: dict[str, list[str]] = {}
    for book in books:
        for change in book.changes:
            if change.action in book.conflicts or change.where in blocked:
                continue
            if change.slot is not None and any(
                c.slot == change.slot for c in by_action.get(change.action, [])
            ):
                continue  # the same value from another workbook
            by_action.setdefault(change.action, []).append(change)
            applied.setdefault(book.path.name, [])
            if change.action not in applied[book.path.name]:
                applied[book.path.name].append(change.action)

    files: list[FileChange] = []
    for ident in sorted(by_action):
        doc = index.actions[ident]
        changes = by_action[ident]
        try:
            before = doc.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            problems.append(Problem(doc.display, "fiche illisible : rien n'y est écrit", True))
            continue
        edits = [c.edit for c in changes]
        try:
            after = edit_text(before, edits)
            reason = _check_file(doc.display, before, after, touched_keys(edits))
        except PcaetError as exc:
            reason = str(exc)
        if reason is not None:
            problems.append(Problem(doc.display, reason))
            continue
        files.append(
            FileChange(
                doc.path, doc.display, before, after, [f"{c.shown}  ({c.where})" for c in changes]
            )
        )

    for book in books:
        for proposal in book.proposals:
            check_name(proposal.ident, proposal.where)
            path = inside(root, f"actions/{proposal.ident}.yaml")
            data = {k: v for k, v in proposal.data.items() if v is not None}
            text = register_file(
                "actions",
                data,
                f"Proposée par {book.stamp.name} lors de la collecte du "
                f"{_shown(book.stamp.made_on)} ({book.path.name}).",
            )
            reason = _check_new(path, text)
            if reason is not None:
                problems.append(Problem(proposal.where, reason))
                continue
            files.append(
                FileChange(
                    path,
                    display(path),
                    None,
                    text,
                    [f"nouvelle action proposée ({proposal.where})"],
                )
            )
            applied.setdefault(book.path.name, []).append(proposal.ident)
    return Integration(books, problems, files, applied, notices)


def _check_new(path: Path, text: str) -> str | None:
    if path.exists() or path.is_symlink():
        return f"{path.name} existe déjà"
    source = parse(text.encode("utf-8"), path.name)
    model, diags, _ = validate(source, Action, path.name)
    if model is None or diags:
        return f"action proposée invalide ({diags[0].message if diags else 'illisible'})"
    return None


def write(result: Integration) -> None:
    """Every file, atomically, each only after all were checked."""
    for change in result.files:
        atomic_write(change.path, change.after)
