"""pydantic validation errors → French diagnostics with positions and "did you mean"."""

from __future__ import annotations

import types
from datetime import date
from enum import Enum
from typing import Annotated, Any, NamedTuple, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

import pcaet_cli.register.codes  # noqa: F401  (declares the codes emitted here)
from pcaet_cli.diagnostic import Diagnostic, diagnostic
from pcaet_cli.french import number, shown
from pcaet_cli.register.positions import Path, Positions, Span
from pcaet_cli.register.yamlfile import YamlFile
from pcaet_cli.textmatch import closest


def _leaf_types(annotation: Any) -> list[Any]:
    """Unwrap Annotated / Optional / unions into the concrete candidate types."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _leaf_types(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [t for arg in get_args(annotation) for t in _leaf_types(arg)]
    return [annotation]


def _annotation_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> Any:
    """The annotation of the field reached by `loc` from `model` (None if unknown)."""
    current: Any = model
    for part in loc:
        candidates = _leaf_types(current)
        step = None
        for candidate in candidates:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                if isinstance(part, str) and part in candidate.model_fields:
                    step = candidate.model_fields[part].annotation
                    break
            elif get_origin(candidate) in (list, dict):
                # list[T] is indexed by int, dict[K, V] by key: the value type is last.
                step = get_args(candidate)[-1]
                break
        if step is None:
            return None
        current = step
    return current


def _model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    annotation = _annotation_at(model, loc) if loc else model
    for candidate in _leaf_types(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _enum_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[Enum] | None:
    for candidate in _leaf_types(_annotation_at(model, loc)):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return candidate
    return None


def field_name(loc: tuple[int | str, ...], model: type[BaseModel] | None = None) -> str:
    """`financements[2].montant`: list positions count from 1 as people do; with the
    model, integer mapping keys (years of `mesures`) stay as written."""
    out = ""
    for depth, part in enumerate(loc):
        if part == "[key]":
            continue
        if isinstance(part, int) and not _is_mapping(model, loc[:depth]):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _is_mapping(model: type[BaseModel] | None, loc: tuple[int | str, ...]) -> bool:
    if model is None:
        return False
    return any(get_origin(t) is dict for t in _leaf_types(_annotation_at(model, loc)))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"le booléen {str(value).lower()}"
    if isinstance(value, int | float):
        return f"le nombre {value}"
    if isinstance(value, date):
        return f"la date {value.isoformat()}"
    if isinstance(value, list):
        return f"la liste {shown(value)}"
    if isinstance(value, dict):
        return f"la table {shown(value)}"
    if value is None:
        return "une valeur vide"
    return f"le texte « {value} »"


_EXPECTED = {
    "string_type": "un texte",
    "int_type": "un nombre entier",
    "int_from_float": "un nombre entier",
    "float_type": "un nombre",
    "bool_type": "un booléen (true ou false)",
    "list_type": "une liste",
    "dict_type": "une table « clé: valeur »",
    "model_type": "une table « clé: valeur »",
    "model_attributes_type": "une table « clé: valeur »",
    "date_type": "une date AAAA-MM-JJ",
    "int_parsing": "un nombre entier",
    "float_parsing": "un nombre",
}

# Patterns of the models, as the users read them.
_PATTERNS = {r"^cae_\d+(\.\d+)*$": "une mesure du référentiel Climat-Air-Énergie : cae_4.2.1"}

_BOUNDS = {
    "greater_than_equal": ("ge", "supérieur ou égal à"),
    "greater_than": ("gt", "supérieur à"),
    "less_than_equal": ("le", "inférieur ou égal à"),
    "less_than": ("lt", "inférieur à"),
}


class _Finding(NamedTuple):
    code: str
    message: str
    hint: str | None = None
    at: Span | None = None
    """Where to point when not at the value itself."""


def translate(
    error: ErrorDetails, model: type[BaseModel], source: YamlFile, path: str
) -> Diagnostic:
    """One pydantic error as a French diagnostic at the right line and column."""
    positions = source.positions
    loc: Path = tuple(error["loc"])
    if loc and loc[-1] == "[key]":
        found = _bad_key(error, loc[:-1], model, positions)
    else:
        found = _finding(error, loc, model, source)
    at = found.at or positions.value(loc)
    return _diagnostic(
        path, found.code, found.message, at, found.hint, with_end=found.code != "S001"
    )


def _bad_key(
    error: ErrorDetails, where: Path, model: type[BaseModel], positions: Positions
) -> _Finding:
    """A mapping key of the wrong type (a year of `mesures` written in words)."""
    name = field_name(where[:-1], model)
    message = f"« {name} » : la clé « {shown(where[-1])} » doit être une année"
    if error["type"] in _BOUNDS:
        bound, words = _BOUNDS[error["type"]]
        message += f" {words} {number((error.get('ctx') or {}).get(bound, 0), 0)}"
    return _Finding("S003", message, "écrivez l'année en chiffres : 2025", positions.key(where))


def _finding(error: ErrorDetails, loc: Path, model: type[BaseModel], source: YamlFile) -> _Finding:
    kind = error["type"]
    name = field_name(loc, model)
    if kind == "missing":
        # A missing field has no position: point at the table that should hold it.
        positions = source.positions
        at = positions.key(loc[:-1]) if loc[:-1] else positions.value(())
        return _Finding(
            "S001", f"champ obligatoire « {name} » manquant", f"ajoutez « {loc[-1]}: … »", at
        )
    if kind == "extra_forbidden":
        return _unknown_key(loc, name, model, source.positions)
    return _value_finding(error, loc, name, model, source)


def _value_finding(
    error: ErrorDetails,
    loc: Path,
    name: str,
    model: type[BaseModel] | None,
    source: YamlFile | None,
) -> _Finding:
    kind = error["type"]
    if kind == "enum" and model is not None:
        return _not_in_vocabulary(error.get("input"), loc, name, model)
    if kind in _EXPECTED:
        return _wrong_type(kind, error.get("input"), loc, name, source)
    return _invalid(error, name)


def explain(error: ErrorDetails, name: str) -> tuple[str, str | None]:
    """A pydantic error on a value, without a YAML file (pcaet.toml, a command-line
    option): its French message and advice. `name` is what the user calls the value:
    « rapport.cible-portage », « --cible-portage »."""
    found = _value_finding(error, tuple(error["loc"]), name, None, None)
    return found.message, found.hint


def _unknown_key(loc: Path, name: str, model: type[BaseModel], positions: Positions) -> _Finding:
    parent = _model_at(model, loc[:-1])
    guess = closest(str(loc[-1]), list(parent.model_fields)) if parent else None
    hint = None
    if guess:
        hint = f"vouliez-vous dire « {guess} » ?"
    elif parent:
        hint = "clés admises : " + ", ".join(parent.model_fields)
    return _Finding("S002", f"clé inconnue « {name} »", hint, positions.key(loc))


def _not_in_vocabulary(value: Any, loc: Path, name: str, model: type[BaseModel]) -> _Finding:
    enum = _enum_at(model, loc)
    labels = [str(m.value) for m in enum] if enum else []
    admitted = "valeurs admises : " + " · ".join(labels) if labels else None
    if not isinstance(value, str):
        message = f"« {name} » doit être une des valeurs admises, pas {_describe(value)}"
        return _Finding("S003", message, admitted)
    guess = closest(value, labels)
    hint = f"valeur la plus proche : « {guess} »" if guess else admitted
    return _Finding("S004", f"« {value} » n'est pas une valeur admise pour « {name} »", hint)


def _wrong_type(kind: str, value: Any, loc: Path, name: str, source: YamlFile | None) -> _Finding:
    message = f"« {name} » doit être {_EXPECTED[kind]}, pas {_describe(value)}"
    hint = None
    if kind == "string_type" and isinstance(value, int | float | bool | date):
        typed = (_source_text(source, loc) if source else "") or str(value)
        hint = f'mettez la valeur entre guillemets : "{typed}"'
    elif kind == "list_type" and not isinstance(value, dict):
        hint = "écrivez une liste : [valeur] ou une ligne « - valeur » par élément"
    elif kind in ("float_type", "int_type") and isinstance(value, str):
        hint = "écrivez le nombre sans guillemets ni unité (ex. 15000)"
    elif kind in ("dict_type", "model_type") and isinstance(value, list):
        hint = "retirez les tirets « - » : ce champ est une table, pas une liste"
    return _Finding("S003", message, hint)


def _invalid(error: ErrorDetails, name: str) -> _Finding:
    """A value of the right type that the model refuses (S005)."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "string_too_short":
        return _Finding(
            "S005", f"« {name} » ne doit pas être vide", "renseignez la valeur ou retirez la ligne"
        )
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        limit = ctx.get(key)
        if isinstance(limit, int | float):
            shown_limit = str(int(limit)) if float(limit).is_integer() else number(limit, 3)
        else:
            shown_limit = shown(limit)
        return _Finding("S005", f"« {name} » doit être {words} {shown_limit} (reçu {shown(value)})")
    if kind == "string_pattern_mismatch":
        form = _PATTERNS.get(str(ctx.get("pattern")), str(ctx.get("pattern")))
        return _Finding(
            "S005", f"« {name} » : « {shown(value)} » n'a pas la forme attendue ({form})"
        )
    if kind == "finite_number":
        return _Finding(
            "S005",
            f"« {name} » : « {shown(value)} » n'est pas un nombre fini",
            "écrivez un montant ou une quantité en chiffres (pas .inf ni .nan)",
        )
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " ou ")
        return _Finding(
            "S005", f"« {name} » : « {shown(value)} » n'est pas une valeur admise ({expected})"
        )
    if kind.startswith("pcaet_"):
        return _Finding("S005", f"« {name} » : {error['msg']}")
    return _Finding("S005", f"« {name} » : valeur invalide ({shown(value)})")


def _diagnostic(
    path: str, code: str, message: str, at: Span, hint: str | None, *, with_end: bool = True
) -> Diagnostic:
    end = (at.end_line, at.end_column) if with_end else None
    return diagnostic(code, path, at.line, at.column, message, hint, end)


def _source_text(source: YamlFile, loc: Path) -> str:
    """The value as typed (01004 stays 01004, not the integer 1004)."""
    span = source.positions.value(loc)
    if span.line != span.end_line:
        return ""
    line = source.lines[span.line - 1]
    return line[span.column - 1 : span.end_column - 1]
