"""What a collection workbook was made from, kept in its hidden sheet.

The digest of an action covers the fields the workbook shows and lets change: when it
differs at integration, the action changed in the register after the workbook was made
and the answers may no longer apply (a conflict, refused).

The big workbook of `pcaet export --format xlsx` carries the same sheet (`export_stamp`),
of kind « registre »: its digests cover the whole action, since its actions sheet shows
every field.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from openpyxl import Workbook

from pcaet_cli.errors import PcaetError
from pcaet_cli.model import Action
from pcaet_cli.render.tables.to_xlsx import add_hidden_sheet

FORMAT = "pcaet-collecte"
VERSION = 1
STAMP_SHEET = "_pcaet"
"""The hidden sheet; its name starts with an underscore so that no one takes it for theirs."""

DIGEST_FIELDS = (
    "titre",
    "statut",
    "priorite",
    "date_debut",
    "date_fin",
    "pilote",
    "budget",
    "indicateurs",
    "suivi",
)
"""The action fields a collection workbook shows or changes."""

_TABLE_HEADER = ("action", "empreinte")

Kind = Literal["collecte", "registre"]
"""« collecte »: a recipient's workbook (`pcaet collecte preparer`); « registre »: the big
workbook of `pcaet export --format xlsx`."""

REGISTER_ACTIONS_SHEET = "actions"
"""The sheet of the big workbook whose rows are the actions (`io.export.actions_table`)."""


def digest(action: Action, kind: Kind = "collecte") -> str:
    """A short digest of the fields of `action` a workbook of `kind` is made from."""
    include = set(DIGEST_FIELDS) if kind == "collecte" else None
    data = action.model_dump(mode="json", include=include, exclude_defaults=True)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass(slots=True)
class Stamp:
    """The hidden sheet's content."""

    recipient: str
    """The identifier of the actor the workbook was made for (the notes' author)."""
    name: str
    par: str
    """service | relais | partenaire | pilote"""
    made_on: date
    revision: str | None
    digests: dict[str, str] = field(default_factory=dict)
    """Action identifier → digest, in the workbook's order."""
    kind: Kind = "collecte"
    sheet: str | None = None
    """« registre »: the title of the actions sheet."""

    def rows(self) -> list[list[Any]]:
        rows: list[list[Any]] = [["format", FORMAT], ["version", VERSION]]
        if self.kind == "registre":
            rows += [["classeur", self.kind], ["feuille", self.sheet or REGISTER_ACTIONS_SHEET]]
        else:
            rows += [["destinataire", self.recipient], ["par", self.par]]
        rows += [
            ["nom", self.name],
            ["date", self.made_on.isoformat()],
            ["revision", self.revision or ""],
            [],
            list(_TABLE_HEADER),
        ]
        rows.extend([ident, value] for ident, value in self.digests.items())
        return rows

    @classmethod
    def from_rows(cls, rows: list[list[Any]], where: str) -> Stamp:
        """The stamp read back; a PcaetError naming `where` when it is not one of ours."""
        values: dict[str, Any] = {}
        digests: dict[str, str] = {}
        table = False
        for row in rows:
            cells = [*row, None, None][:2]
            key, value = cells
            if not table:
                if key == _TABLE_HEADER[0] and value == _TABLE_HEADER[1]:
                    table = True
                elif isinstance(key, str):
                    values[key] = value
            elif isinstance(key, str) and isinstance(value, str):
                digests[key] = value
        if values.get("format") != FORMAT:
            raise PcaetError(
                f"{where} : ce n'est pas un classeur de collecte de pcaet (feuille cachée "
                f"« {STAMP_SHEET} » absente ou modifiée) ; utilisez un classeur fait par "
                "« pcaet collecte preparer »"
            )
        version = values.get("version")
        if version not in (VERSION, float(VERSION), str(VERSION)):
            raise PcaetError(
                f"{where} : classeur de collecte d'une version de pcaet plus récente "
                f"(version {version}) ; mettez pcaet à jour"
            )
        kind = values.get("classeur", "collecte")
        if kind not in ("collecte", "registre"):
            raise PcaetError(
                f"{where} : classeur « {kind} » inconnu de cette version de pcaet ; "
                "mettez pcaet à jour"
            )
        recipient, par, made = values.get("destinataire"), values.get("par"), values.get("date")
        if kind == "registre":
            recipient, par = "", "registre"
        if not isinstance(recipient, str) or not isinstance(par, str):
            raise PcaetError(f"{where} : feuille cachée « {STAMP_SHEET} » incomplète")
        made_on = _stamp_date(made)
        if made_on is None:
            raise PcaetError(f"{where} : date de préparation illisible dans « {STAMP_SHEET} »")
        revision = values.get("revision")
        name = values.get("nom")
        return cls(
            recipient=recipient,
            name=name if isinstance(name, str) else recipient,
            par=par,
            made_on=made_on,
            revision=revision if isinstance(revision, str) and revision else None,
            digests=digests,
            kind=kind,
            sheet=str(values["feuille"]) if values.get("feuille") is not None else None,
        )


def add_stamp_sheet(book: Workbook, stamp: Stamp) -> None:
    """The hidden, protected sheet of `stamp`, last in `book`."""
    add_hidden_sheet(book, STAMP_SHEET, stamp.rows())


def export_stamp(
    sheets: Iterable[str],
    actions: Iterable[tuple[str, Action]],
    made_on: date,
    revision: str | None,
    name: str,
) -> Stamp:
    """The stamps of the big workbook (`pcaet export --format xlsx`, whose sheets are
    named `sheets`) that let `pcaet collecte integrer` merge it back: the register's
    revision, the export's date and a digest per action. The workbook writes them as
    its last sheet, hidden (`render.tables.to_xlsx.workbook`, `hidden=`)."""
    sheet = next(
        (t for t in sheets if t.casefold() == REGISTER_ACTIONS_SHEET), REGISTER_ACTIONS_SHEET
    )
    return Stamp(
        recipient="",
        name=name,
        par="registre",
        made_on=made_on,
        revision=revision,
        digests={ident: digest(action, "registre") for ident, action in actions},
        kind="registre",
        sheet=sheet,
    )


def _stamp_date(value: Any) -> date | None:
    if isinstance(value, date):  # an office suite may have read the text as a date
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None
