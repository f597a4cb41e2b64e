"""What a collection workbook was made from, kept in its hidden sheet.

The digest of an action covers the fields the workbook shows and lets change: when it
differs at integration, the action changed in the register after the workbook was made
and the answers may no longer apply (a conflict, refused).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pcaet_cli.errors import PcaetError
from pcaet_cli.model import Action

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


def digest(action: Action) -> str:
    """A short digest of the fields of `action` a workbook is made from."""
    data = action.model_dump(mode="json", include=set(DIGEST_FIELDS), exclude_defaults=True)
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

    def rows(self) -> list[list[Any]]:
        rows: list[list[Any]] = [
            ["format", FORMAT],
            ["version", VERSION],
            ["destinataire", self.recipient],
            ["nom", self.name],
            ["par", self.par],
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
        recipient, par, made = values.get("destinataire"), values.get("par"), values.get("date")
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
