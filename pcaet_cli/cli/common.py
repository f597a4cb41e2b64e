"""Options and behaviour shared by the commands."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from pcaet_cli.errors import PcaetError

P = ParamSpec("P")
R = TypeVar("R")


def handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    """A PcaetError ends the command with its French message on stderr and exit code 2,
    the same under the installed command and under Typer's test runner."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except PcaetError as exc:
            typer.echo(f"pcaet : erreur : {exc}", err=True)
            raise typer.Exit(2) from None

    return wrapper


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"« {value} » : attendu une date AAAA-MM-JJ") from None


def split_codes(values: list[str] | None) -> list[str]:
    """`--select P001,P002 --select R` → ["P001", "P002", "R"]."""
    return [c.strip().upper() for v in values or [] for c in v.split(",") if c.strip()]


def use_color(stream: object = None) -> bool:
    """Colour only on a terminal, and never under NO_COLOR (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    target = stream if stream is not None else sys.stdout
    isatty = getattr(target, "isatty", None)
    return bool(isatty and isatty())


RegisterPath = Annotated[
    Path,
    typer.Argument(
        help="Dossier du registre (celui de pcaet.toml) ou l'un de ses sous-dossiers ; "
        "par défaut le dossier courant ou son sous-dossier register/.",
        show_default=False,
    ),
]
