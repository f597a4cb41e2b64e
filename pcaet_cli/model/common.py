"""Field types shared by the four kinds of register file.

The register is written by people and imported from spreadsheets, so types are strict
where a lax conversion would change meaning: `1` never becomes "1", "oui" never becomes
True, `2024` never becomes a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StrictInt,
    StrictStr,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from pcaet_cli.french import shown
from pcaet_cli.model.vocab import VARIANTS


class RegisterModel(BaseModel):
    """Base of every register model: unknown keys are errors, nothing is coerced."""

    # Infinite and NaN amounts would pass here and break every JSON writer downstream.
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=False, allow_inf_nan=False
    )


_FIELD_SETS: dict[frozenset[str], set[str]] = {}
_NESTED: dict[type[BaseModel], tuple[str, ...]] = {}


def _holds_models(annotation: object) -> bool:
    """True when a field's annotation names a model, at any depth (list[Financement],
    Axe | None, dict[str, Temps])."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_models(argument) for argument in get_args(annotation))


def _nested(kind: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `kind` that may hold models: the only ones worth looking into."""
    found = _NESTED.get(kind)
    if found is None:
        fields = kind.model_fields.items()
        found = _NESTED[kind] = tuple(n for n, f in fields if _holds_models(f.annotation))
    return found


def share_field_sets(model: BaseModel) -> None:
    """Make `model` and the models it holds share the set of fields they were given
    with every model loaded before that was given the same fields.

    Pydantic keeps one such set per model: at 10 000 actions, 64 000 sets of some
    twenty distinct kinds, 43 MB of the 200 a lint holds. Sharing them is safe
    because register models are frozen (no assignment adds to the set) and
    `model_copy` copies the set before changing it."""
    fields = model.__pydantic_fields_set__
    shared = _FIELD_SETS.setdefault(frozenset(fields), fields)
    if shared is not fields:
        object.__setattr__(model, "__pydantic_fields_set__", shared)
    values = model.__dict__
    for name in _nested(type(model)):
        value = values[name]
        kind = type(value)
        items: Iterable[Any] = (
            value if kind is list else value.values() if kind is dict else (value,)
        )
        for item in items:
            if isinstance(item, BaseModel):  # not None, nor the text of a union
                share_field_sets(item)


Texte = Annotated[StrictStr, StringConstraints(min_length=1)]
"""Free text that must not be empty."""

SIREN_PATTERN = r"^( *[0-9]){9} *$"
"""Nine digits, spaces allowed (`200 099 992`): the form rule S006 checks before the key.
Given to the JSON Schemas too, so that an editor refuses what lint refuses."""
INSEE_PATTERN = r"^(?:[0-9]{2}|2[AB])[0-9]{3}$"
"""A commune's INSEE code (rule S007): 49007, 2A004, 97411."""

Ref = Annotated[StrictStr, StringConstraints(min_length=1)]
"""The identifier (file name without extension) of another register entity."""

FIRST_YEAR, LAST_YEAR = 1990, 2100
"""The years a date of a climate plan can fall in: outside them, a typing slip (« 0202 »
for 2022). The imports note such a date, lint's rule P023 reports it."""


def implausible(day: date) -> bool:
    """A year no climate plan has: a typing slip (« 0002 » for 2002, « 2205 »)."""
    return not FIRST_YEAR <= day.year <= LAST_YEAR


Annee = Annotated[StrictInt, Field(ge=1900, le=2200)]
Nombre = Annotated[float, Strict(), Field(ge=0)]
"""A non-negative amount (€ HT, ETP, tCO2e…): integers and decimals, never text or booleans."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _strict_date(value: Any) -> Any:
    # YAML gives a date for an unquoted 2024-03-01; a quoted ISO string is accepted too.
    # Anything else (an integer, 01/03/2024) would be read wrongly by a lax parser.
    if isinstance(value, datetime):
        raise PydanticCustomError(
            "pcaet_date",
            "attendu une date AAAA-MM-JJ sans heure, reçu « {value} »",
            {"value": value.isoformat()},
        )
    if isinstance(value, date) or value is None:
        return value
    if isinstance(value, str):
        if _ISO_DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise PydanticCustomError(
                    "pcaet_date", "la date « {value} » n'existe pas", {"value": value}
                ) from None
        french = _FRENCH_DATE.match(value)
        if french:
            day, month, year = french.groups()
            raise PydanticCustomError(
                "pcaet_date",
                "date au format JJ/MM/AAAA « {value} » : écrivez-la {iso}",
                {"value": value, "iso": f"{year}-{int(month):02d}-{int(day):02d}"},
            )
    raise PydanticCustomError(
        "pcaet_date", "attendu une date AAAA-MM-JJ, reçu « {value} »", {"value": shown(value)}
    )


Jour = Annotated[date, BeforeValidator(_strict_date)]


def variants(vocab: type[StrEnum]) -> BeforeValidator:
    """Validator mapping the known variants of `vocab` to its canonical labels."""
    known = VARIANTS.get(vocab, {})

    def normalise(value: Any) -> Any:
        if isinstance(value, str) and value in known:
            return known[value]
        return value

    if not known:
        return BeforeValidator(normalise)
    # Editors validate against the JSON Schema: it must accept the variants too.
    accepted: Any = Union[vocab, Literal[tuple(known)]]  # noqa: UP007
    return BeforeValidator(normalise, json_schema_input_type=accepted)
