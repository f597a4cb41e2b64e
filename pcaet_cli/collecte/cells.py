"""The value of one cell of a returned workbook: read as a text, a date, an amount, a
year or a value of a vocabulary, or refused with why (`Invalid`, in French); shown in
the messages as the officer typed it; compared with what the export wrote."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pcaet_cli.collecte import layout as L
from pcaet_cli.french import number
from pcaet_cli.model.vocab import VARIANTS, Priorite, Statut
from pcaet_cli.textmatch import Matcher, fold

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class Invalid(Exception):
    """A cell's value cannot be used; the message (French) says why."""


def read_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not text:
        return None
    if _CONTROL.search(text):
        raise Invalid("le texte contient un caractère de contrôle invisible ; retapez-le")
    if len(text) > L.MAX_NOTE_CHARS:
        raise Invalid(f"texte de plus de {number(L.MAX_NOTE_CHARS, 0)} caractères")
    return text


def read_date(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise Invalid(f"« {value} » : attendu une date sans heure")
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
            raise Invalid(f"la date « {text} » n'existe pas") from None
    raise Invalid(f"« {text[:40]} » n'est pas une date (jj/mm/aaaa)")


def read_amount(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise Invalid(f"« {value} » n'est pas un montant")
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
            raise Invalid(f"« {str(value)[:40]} » n'est pas un nombre") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise Invalid("nombre invalide")
    if result < 0:
        raise Invalid(f"« {number(result)} » est négatif")
    return result


def read_year(value: Any) -> int | None:
    amount = read_amount(value)
    if amount is None:
        return None
    if not amount.is_integer() or not 1900 <= amount <= 2200:
        raise Invalid(f"« {value} » n'est pas une année (quatre chiffres)")
    return int(amount)


def _vocab(choices: list[str], what: str, known: dict[str, str]) -> Callable[[Any], str | None]:
    matcher = Matcher(choices)
    by_fold = {fold(c): c for c in choices}

    def read(value: Any) -> str | None:
        text = read_text(value)
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
        raise Invalid(f"« {text[:40]} » n'est pas {what}{hint}")

    return read


# The codes of the enumerations (EN_COURS) are taken too, as a spreadsheet may show them.
read_statut = _vocab(
    L.STATUTS, "un statut", {**VARIANTS.get(Statut, {}), **{s.name: s.value for s in Statut}}
)
read_priorite = _vocab(
    L.PRIORITES,
    "une priorité",
    {**VARIANTS.get(Priorite, {}), **{p.name: p.value for p in Priorite}},
)
read_budget_type = _vocab(list(L.BUDGET_TYPES.values()), "un type de budget", {})
TYPE_OF_LABEL = {label: str(kind) for kind, label in L.BUDGET_TYPES.items()}
TYPE_OF_LABEL.update({str(kind): str(kind) for kind in L.BUDGET_TYPES})


def shown(value: Any) -> str:
    if value is None:
        return "(vide)"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return number(value)
    return str(value)


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def same(cell: Any, exported: Any) -> bool:
    a, b = _normal(cell), _normal(exported)
    if a == b:
        return True
    if isinstance(b, date) and isinstance(a, str):  # a date typed as text
        try:
            return read_date(a) == b
        except Invalid:
            return False
    if isinstance(b, float) and isinstance(a, str):
        try:
            return read_amount(a) == b
        except Invalid:
            return False
    return False


class _InvalidMark:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _InvalidMark()
