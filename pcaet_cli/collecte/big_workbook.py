"""The big workbook of `pcaet export --format xlsx` merged back: in its actions sheet, the
columns that are plain values of the action (CARRIED) are applied like a collection
workbook's answers; a change in any other column is reported, not applied, by comparing
each cell with the same sheet written again as of the export's date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl.utils import get_column_letter

from pcaet_cli.collecte import cells as C
from pcaet_cli.collecte import layout as L
from pcaet_cli.collecte.returned import Problem, Reader, Returned, Sheet
from pcaet_cli.collecte.stamps import REGISTER_ACTIONS_SHEET
from pcaet_cli.model import Action
from pcaet_cli.register.index import RegisterIndex

CARRIED: dict[str, tuple[str, Callable[[Any], Any]]] = {
    L.TITRE: ("titre", C.read_text),
    L.STATUT: ("statut", C.read_statut),
    L.PRIORITE: ("priorite", C.read_priorite),
    L.DEBUT: ("date_debut", C.read_date),
    L.FIN: ("date_fin", C.read_date),
}
"""The columns of the big workbook's actions sheet carried back: each a plain value of the
action, shown as it is. Every other column (names for identifiers, joined lists, totals,
derived values) is read only."""


@dataclass(frozen=True, slots=True)
class Exported:
    """The actions sheet as `pcaet export` writes it today: what an untouched cell holds."""

    rows: dict[str, list[Any]]
    header: list[str]


def header_row(rows: list[list[Any]]) -> int:
    """The row of the column headers: the first with « Identifiant » (a title may sit above)."""
    for i, row in enumerate(rows[:10]):
        if any(isinstance(v, str) and v.strip() == L.ID for v in row):
            return i
    return 0


def render_sheet(index: RegisterIndex, made_on: date, title: str) -> Exported:
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
            return Exported({}, [])
        rows: list[list[Any]] = [list(r) for r in book[title].iter_rows(values_only=True)]
    finally:
        book.close()
    start = header_row(rows)
    header = [str(v).strip() if v is not None else "" for v in rows[start]] if rows else []
    if L.ID not in header:
        return Exported({}, header)
    column = header.index(L.ID)
    found = {
        row[column]: row
        for row in rows[start + 1 :]
        if column < len(row) and isinstance(row[column], str)
    }
    return Exported(found, header)


def read(reader: Reader, exported: Callable[[date, str], Exported]) -> Returned:
    """The actions sheet of the big workbook: the carried columns applied, a change in
    any other column reported."""
    title = reader.stamp.sheet or REGISTER_ACTIONS_SHEET
    rows = reader.sheets.get(title)
    if rows is None:
        reader.problem(reader.book, f"onglet « {title} » introuvable : rien n'est repris")
        return reader.result
    sheet = Sheet(reader.book, title, rows, [L.ID, *CARRIED], header_row(rows))
    reference = exported(reader.stamp.made_on, title)
    for row in sheet.data_rows():
        ident = sheet.value(row, L.ID)
        if ident is None:
            continue
        if not isinstance(ident, str) or ident not in reader.stamp.digests:
            reader.result.notices.append(
                Problem(
                    sheet.where(row, L.ID),
                    f"ligne non reprise : « {C.shown(ident)} » n'est pas une action du "
                    "registre exporté ; une nouvelle action se crée dans un fichier YAML",
                )
            )
            continue
        action = reader.action(ident, sheet.where(row, L.ID))
        if action is None:
            continue
        _carried(reader, sheet, row, ident, action)
        _read_only(reader, sheet, row, ident, reference)
    return reader.result


def _carried(reader: Reader, sheet: Sheet, row: int, ident: str, action: Action) -> None:
    values: dict[str, Any] = {}
    for name, (key, parse) in CARRIED.items():
        value = reader.read(sheet, row, name, parse)
        current = getattr(action, key)
        if value is None and current is not None:
            reader.result.notices.append(
                Problem(
                    sheet.where(row, name),
                    f"« {name} » vidée, non reprise : modifiez le "
                    f"fichier YAML ({_file(reader, ident)})",
                )
            )
        values[key] = value
    values["date_debut"], values["date_fin"] = reader.in_order(
        sheet, row, action, values["date_debut"], values["date_fin"]
    )
    for name, (key, _) in CARRIED.items():
        value, current = values[key], getattr(action, key)
        before = str(current) if isinstance(current, str) else current
        if value in (None, C.INVALID) or value == before:
            continue
        reader.set_field(ident, key, current, value, sheet.where(row, name))


def _read_only(reader: Reader, sheet: Sheet, row: int, ident: str, exported: Exported) -> None:
    """A change in a column the register's files cannot take from the sheet."""
    reference = exported.rows.get(ident)
    if reference is None:
        return
    cells = sheet.rows[row]
    for column, name in enumerate(sheet.header):
        if name in CARRIED or name == L.ID or name not in exported.header:
            continue
        value = cells[column] if column < len(cells) else None
        if not C.same(value, reference[exported.header.index(name)]):
            reader.result.notices.append(
                Problem(
                    f"{reader.book}!{sheet.title}!{get_column_letter(column + 1)}{row + 1}",
                    f"« {name} » non reprise : modifiez le fichier YAML ({_file(reader, ident)})",
                )
            )


def _file(reader: Reader, ident: str) -> str:
    doc = reader.index.actions.get(ident)
    return doc.display if doc is not None else ident
