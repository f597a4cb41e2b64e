"""pcaet.toml: the register's configuration, validated with clear French errors. Every
layer reads it (reports their target, the reader its limits, lint its settings); what
only lint can check, that rule codes exist, is checked by lint (lint/config.py)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pcaet_cli.errors import PcaetError
from pcaet_cli.register.discovery import CONFIG_NAME, MAX_FILE_SIZE, display
from pcaet_cli.register.schema_errors import field_name
from pcaet_cli.textmatch import closest

FailOn = Literal["error", "warning", "info", "never"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class RegistreSettings(_Section):
    nom: str | None = None
    """Name shown in reports (e.g. "PCAET du Pays de Brume")."""
    taille_max_fichier: int = Field(default=MAX_FILE_SIZE, gt=0, alias="taille-max-fichier")
    """Largest register file read, in bytes (Y008 beyond)."""


class RapportSettings(_Section):
    cible_portage: float = Field(default=0.6, ge=0, le=1, alias="cible-portage")
    """Target share of actions carried by actors of the territory (Saumur: 60 %)."""


class LintSettings(_Section):
    select: list[str] = Field(default_factory=lambda: ["ALL"])
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    ignore: list[str] = Field(default_factory=list)
    fail_on: FailOn = Field(default="error", alias="fail-on")
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
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
        raise PcaetError(f"{display(path)} : illisible ({exc.strerror})") from None


def load_config(root: Path) -> Config:
    return parse_config(read_config_text(root), display(root / CONFIG_NAME))


def parse_config(text: str, shown: str) -> Config:
    """The settings a pcaet.toml text holds; `shown` names it in the messages."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PcaetError(f"{shown} : TOML invalide ({exc}) ; corrigez la syntaxe") from None
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc = tuple(error["loc"])
        key = str(loc[-1]) if loc else ""
        line = line_of(text, key)
        where = f"{shown}:{line}" if line else shown
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
            raise PcaetError(f"{where} : clé inconnue « {field_name(loc)} »{advice}") from None
        raise PcaetError(
            f"{where} : valeur invalide pour « {field_name(loc)} » ({error['msg']})"
        ) from None
    return config
