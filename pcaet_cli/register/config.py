"""pcaet.toml: the register's configuration, validated with clear French errors. Every
layer reads it (reports their target, the reader its limits, lint its settings); what
only lint can check, that rule codes exist, is checked by lint (lint/config.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from pcaet_cli.errors import PcaetError, os_reason
from pcaet_cli.french import choice_shown, choice_value, share, shown
from pcaet_cli.register.discovery import CONFIG_NAME, MAX_FILE_SIZE, display
from pcaet_cli.register.schema_errors import explain, field_name
from pcaet_cli.register.toml_errors import loads
from pcaet_cli.textmatch import closest

FailOn = Literal["error", "warning", "info", "never"]
SeverityName = Literal["error", "warning", "info"]


def _choice(literal: Any, what: str) -> BeforeValidator:
    """Accept a value of `literal` in French or English, whatever its case."""
    choices = list(get_args(literal))

    def check(value: Any) -> Any:
        found = choice_value(value, choices) if isinstance(value, str) else None
        if found is None:
            admitted = ", ".join(choice_shown(c) for c in choices)
            raise PydanticCustomError(
                "pcaet_choice",
                "« {value} » n'est pas {what} ; valeurs admises : {admitted}",
                {"value": shown(value), "what": what, "admitted": admitted},
            )
        return found

    return BeforeValidator(check)


def _share(value: Any) -> float:
    try:
        return share(value)
    except ValueError as exc:
        raise PydanticCustomError("pcaet_share", str(exc)) from None


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class RegistreSettings(_Section):
    nom: str | None = None
    """Name shown in reports (e.g. "PCAET du Pays de Brume")."""
    taille_max_fichier: int = Field(default=MAX_FILE_SIZE, gt=0, alias="taille-max-fichier")
    """Largest register file read, in bytes (Y008 beyond)."""


class RapportSettings(_Section):
    cible_portage: Annotated[float, BeforeValidator(_share)] = Field(
        default=0.6, alias="cible-portage"
    )
    """Target share of actions carried by actors of the territory (Saumur: 60 %), written
    "60 %", 60 or 0.6."""


class LintSettings(_Section):
    select: list[str] = Field(default_factory=lambda: ["ALL"])
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    ignore: list[str] = Field(default_factory=list)
    fail_on: Annotated[FailOn, _choice(FailOn, "une gravité")] = Field(
        default="error", alias="fail-on"
    )
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    severity: dict[str, Annotated[SeverityName, _choice(SeverityName, "une gravité")]] = Field(
        default_factory=dict
    )
    options: dict[str, dict[str, Any]] = Field(default_factory=dict)
    exclude: list[str] = Field(default_factory=list)


class Config(_Section):
    registre: RegistreSettings = Field(default_factory=RegistreSettings)
    lint: LintSettings = Field(default_factory=LintSettings)
    rapport: RapportSettings = Field(default_factory=RapportSettings)


def line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=", re.MULTILINE)
    match = pattern.search(text) or re.search(rf"^\s*\[[^\]]*{re.escape(key)}", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def read_config_text(root: Path) -> str:
    """The text of the register's pcaet.toml, as written (comments included)."""
    path = root / CONFIG_NAME
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PcaetError(
            f"{display(path)} : le fichier n'est pas en UTF-8 ; réenregistrez-le"
        ) from None
    except OSError as exc:
        raise PcaetError(f"{display(path)} : illisible ({os_reason(exc)})") from None


def load_config(root: Path) -> Config:
    return parse_config(read_config_text(root), display(root / CONFIG_NAME))


def parse_config(text: str, shown: str) -> Config:
    """The settings a pcaet.toml text holds; `shown` names it in the messages."""
    raw = loads(text, shown, "syntaxe TOML invalide")
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc = tuple(error["loc"])
        key = str(loc[-1]) if loc else ""
        line = line_of(text, key)
        at = f"{shown}:{line}" if line else shown
        if error["type"] == "extra_forbidden":
            sections: dict[str, type[BaseModel]] = {
                "registre": RegistreSettings,
                "lint": LintSettings,
                "rapport": RapportSettings,
            }
            parent = Config if len(loc) == 1 else sections.get(str(loc[0]))
            names = [f.alias or n for n, f in parent.model_fields.items()] if parent else []
            guess = closest(key, names)
            advice = f" ; vouliez-vous dire « {guess} » ?" if guess else ""
            raise PcaetError(f"{at} : clé inconnue « {field_name(loc)} »{advice}") from None
        message, hint = explain(error, field_name(loc))
        raise PcaetError(f"{at} : {message}" + (f" ; {hint}" if hint else "")) from None
    return config
