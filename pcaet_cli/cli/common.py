"""Options and behaviour shared by the commands."""

from __future__ import annotations

import functools
import io
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from pcaet_cli.errors import PcaetError
from pcaet_cli.french import plural

if TYPE_CHECKING:
    from rich.console import Console

    from pcaet_cli.register.config import Config
    from pcaet_cli.register.index import RegisterIndex

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
            from pcaet_cli.textsafe import visible

            # Messages quote paths, values and git's own words: nothing raw reaches a log.
            typer.echo(f"pcaet : erreur : {visible(str(exc))}", err=True)
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
    Path | None,
    typer.Argument(
        metavar="DOSSIER",
        help="Dossier du registre, comme --registre.",
        show_default=False,
    ),
]


def load_index(register: Path) -> tuple[Config, RegisterIndex]:
    """The register's configuration and index. Files that did not load are left out;
    their number goes to stderr (`pcaet lint` says why), the command goes on."""
    from pcaet_cli.register.opening import open_register

    # Reports read models only: no text, no position; the same cache as `pcaet lint`,
    # so that a report after a lint reads nothing twice.
    opened = open_register(register, models_only=True)
    if opened.cache is not None:
        opened.cache.save()
    loaded = opened.loaded
    left_out = loaded.left_out
    if left_out:
        typer.echo(
            f"pcaet : {plural(left_out, 'fichier')} du registre "
            f"{'laissé' if left_out < 2 else 'laissés'} de côté car "
            f"{'illisible ou incomplet' if left_out < 2 else 'illisibles ou incomplets'} ; "
            "« pcaet lint » dit pourquoi.",
            err=True,
        )
    return opened.config, opened.index


def check_output(
    output: Path | None, force: bool, register: Path, needs_file: str | None = None
) -> None:
    """Refuse before any work: a binary format meant for a terminal (`needs_file` names
    an example), or an output that the path gate refuses (a file of the register, a
    link, an existing file without --force)."""
    from pcaet_cli.fsutil import check_output_file
    from pcaet_cli.register.discovery import find_root

    if needs_file is not None and output is None:
        kind = Path(needs_file).suffix.lstrip(".")
        raise PcaetError(
            f"le format {kind} s'écrit dans un fichier : ajoutez --output {needs_file}"
        )
    if output is not None:
        check_output_file(output, force, find_root(register))


def write_output(output: Path | None, data: str | bytes, done: str) -> None:
    """To stdout, or atomically to `output` with `done` said on stderr."""
    from pcaet_cli.fsutil import atomic_write

    if output is None:
        assert isinstance(data, str), "binary formats are refused by check_output"
        sys.stdout.write(data)
        return
    atomic_write(output, data)
    typer.echo(f"{done} {output}", err=True)


# Options shared by the commands, declared once so that they read the same everywhere.
REGISTER_HELP = (
    "Dossier du registre (celui de pcaet.toml) ou l'un de ses sous-dossiers ; par défaut "
    "le dossier courant ou son sous-dossier register/."
)


def _register_option() -> Any:
    return typer.Option(
        "--registre", "-r", metavar="DOSSIER", help=REGISTER_HELP, show_default=False
    )


RegisterOption = Annotated[Path, _register_option()]
MaybeRegisterOption = Annotated[Path | None, _register_option()]
"""--registre beside a DOSSIER argument that says the same (`pcaet lint`)."""
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Fichier à écrire (défaut : la sortie standard).", dir_okay=False
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Remplace le fichier --output s'il existe.")
]


def one_register(argument: Path | None, option: Path | None) -> Path:
    """The register named by a command's DOSSIER argument or by --registre, the same
    thing said two ways: both at once must agree."""
    if argument is not None and option is not None and argument.resolve() != option.resolve():
        raise PcaetError(
            f"deux registres donnés, « {argument} » et « {option} » : gardez DOSSIER ou --registre"
        )
    return argument or option or Path()


DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="AAAA-MM-JJ",
        help="Date de référence des retards (défaut : aujourd'hui).",
    ),
]


def terminal_width(default: int = 100) -> int:
    """The width to draw at when stdout is no terminal: COLUMNS when set (a pager, a
    narrow window piped through `less`), else `default`."""
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() and int(value) >= 20 else default


def write_rich(draw: Callable[[Console], None], output: Path | None, done: str) -> None:
    """Draw with rich: in colour on a terminal (plain under NO_COLOR or in a pipe), or as
    plain text 100 columns wide into `output`."""
    from rich.console import Console

    if output is None:
        color = use_color()
        draw(
            Console(
                emoji=False,
                force_terminal=color,
                no_color=not color,
                highlight=False,
                width=None if color else terminal_width(),
            )
        )
        return
    console = Console(record=True, file=io.StringIO(), width=100, no_color=True, emoji=False)
    draw(console)
    write_output(output, console.export_text(), done)


def register_ids(*kinds: str) -> Callable[[typer.Context, str], list[str]]:
    """A shell completion of the identifiers of `kinds` (actions, acteurs…) in the
    register of --registre (or the default one): file names only, no YAML is read, so
    that Tab answers at once in a register of thousands of files."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from pcaet_cli.register.discovery import find_root

        if "/" in incomplete or "\\" in incomplete:
            return []  # a path: the shell completes it
        try:
            root = find_root(Path(ctx.params.get("register") or Path()))
        except (PcaetError, OSError):
            return []
        found: dict[str, None] = {}
        for kind in kinds:
            for path in sorted((root / kind).rglob("*.y*ml")):
                if path.stem.startswith(incomplete) and path.suffix in (".yaml", ".yml"):
                    found[path.stem] = None
        return list(found)

    return complete
