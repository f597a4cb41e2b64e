"""pydantic validation errors → French diagnostics with positions and "did you mean"."""

from __future__ import annotations

import types
from datetime import date
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

import pcaet_cli.register.codes  # noqa: F401  (declares the codes emitted here)
from pcaet_cli.diagnostic import Diagnostic, diagnostic
from pcaet_cli.french import number, shown
from pcaet_cli.register.positions import Path, Span
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


def translate(
    error: ErrorDetails, model: type[BaseModel], source: YamlFile, path: str
) -> Diagnostic:
    """One pydantic error as a French diagnostic at the right line and column."""
    positions = source.positions
    loc: Path = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    hint: str | None = None
    if loc and loc[-1] == "[key]":
        # A mapping key of the wrong type (a year of `mesures` written in words).
        where = loc[:-1]
        at = positions.key(where)
        name = field_name(where[:-1], model)
        code, message = "S003", f"« {name} » : la clé « {shown(where[-1])} » doit être une année"
        if kind in _BOUNDS:
            bound, words = _BOUNDS[kind]
            message += f" {words} {number((error.get('ctx') or {}).get(bound, 0), 0)}"
        return _diagnostic(path, code, message, at, "écrivez l'année en chiffres : 2025")
    name = field_name(loc, model)
    at = positions.value(loc)
    if kind == "missing":
        code, message = "S001", f"champ obligatoire « {name} » manquant"
        # A missing field has no position: point at the table that should hold it.
        at = positions.key(loc[:-1]) if loc[:-1] else positions.value(())
        hint = f"ajoutez « {loc[-1]}: … »"
    elif kind == "extra_forbidden":
        code, message = "S002", f"clé inconnue « {name} »"
        at = positions.key(loc)
        parent = _model_at(model, loc[:-1])
        guess = closest(str(loc[-1]), list(parent.model_fields)) if parent else None
        if guess:
            hint = f"vouliez-vous dire « {guess} » ?"
        elif parent:
            hint = "clés admises : " + ", ".join(parent.model_fields)
    elif kind == "enum" and not isinstance(value, str):
        enum = _enum_at(model, loc)
        labels = [str(m.value) for m in enum] if enum else []
        code = "S003"
        message = f"« {name} » doit être une des valeurs admises, pas {_describe(value)}"
        hint = "valeurs admises : " + " · ".join(labels) if labels else None
    elif kind == "enum":
        enum = _enum_at(model, loc)
        labels = [str(m.value) for m in enum] if enum else []
        code, message = "S004", f"« {value} » n'est pas une valeur admise pour « {name} »"
        guess = closest(str(value), labels) if isinstance(value, str) else None
        if guess:
            hint = f"valeur la plus proche : « {guess} »"
        elif labels:
            hint = "valeurs admises : " + " · ".join(labels)
    elif kind in _EXPECTED:
        expected = _EXPECTED[kind]
        code = "S003"
        message = f"« {name} » doit être {expected}, pas {_describe(value)}"
        if kind == "string_type" and isinstance(value, int | float | bool | date):
            typed = _source_text(source, loc) or str(value)
            hint = f'mettez la valeur entre guillemets : "{typed}"'
        elif kind == "list_type" and not isinstance(value, dict):
            hint = "écrivez une liste : [valeur] ou une ligne « - valeur » par élément"
        elif kind in ("float_type", "int_type") and isinstance(value, str):
            hint = "écrivez le nombre sans guillemets ni unité (ex. 15000)"
        elif kind in ("dict_type", "model_type") and isinstance(value, list):
            hint = "retirez les tirets « - » : ce champ est une table, pas une liste"
    else:
        code = "S005"
        ctx = error.get("ctx") or {}
        if kind == "string_too_short":
            message = f"« {name} » ne doit pas être vide"
            hint = "renseignez la valeur ou retirez la ligne"
        elif kind in _BOUNDS:
            key, words = _BOUNDS[kind]
            limit = ctx.get(key)
            shown_limit = (
                str(int(limit))
                if isinstance(limit, int | float) and float(limit).is_integer()
                else number(limit, 3)
                if isinstance(limit, int | float)
                else shown(limit)
            )
            message = f"« {name} » doit être {words} {shown_limit} (reçu {shown(value)})"
        elif kind == "string_pattern_mismatch":
            form = _PATTERNS.get(str(ctx.get("pattern")), str(ctx.get("pattern")))
            message = f"« {name} » : « {shown(value)} » n'a pas la forme attendue ({form})"
        elif kind == "finite_number":
            message = f"« {name} » : « {shown(value)} » n'est pas un nombre fini"
            hint = "écrivez un montant ou une quantité en chiffres (pas .inf ni .nan)"
        elif kind.startswith("pcaet_"):
            message = f"« {name} » : {error['msg']}"
        else:
            message = f"« {name} » : valeur invalide ({shown(value)})"
    return _diagnostic(path, code, message, at, hint, with_end=code != "S001")


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
