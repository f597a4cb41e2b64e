"""The `pcaet` command: Typer commands only; each calls the library and renders."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer import rich_utils
from typer.core import TyperCommand, TyperGroup

from pcaet_cli import __version__

# Typer's help frame is in English; the users are French officers.
rich_utils.OPTIONS_PANEL_TITLE = "Options"
rich_utils.ARGUMENTS_PANEL_TITLE = "Arguments"
rich_utils.COMMANDS_PANEL_TITLE = "Commandes"
rich_utils.ERRORS_PANEL_TITLE = "Erreur"
rich_utils.DEFAULT_STRING = "[défaut : {}]"
rich_utils.REQUIRED_LONG_STRING = "[obligatoire]"
rich_utils.ABORTED_TEXT = "Interrompu."
rich_utils.RICH_HELP = "Essayez [blue]« {command_path} {help_option} »[/] pour l'aide."


class _FrenchHelp:
    """The help option's own line comes from click, in English: say it in French."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Affiche cette aide et quitte."
        return option


class _Group(_FrenchHelp, TyperGroup):
    pass


class _Command(_FrenchHelp, TyperCommand):
    pass


app = typer.Typer(
    cls=_Group,
    name="pcaet",
    help="Outils pour tenir le registre d'un plan climat-air-énergie territorial (PCAET) "
    "dans git : vérifier, rendre compte, relire les changements.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pcaet {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        help="Affiche la version et quitte.",
        callback=_version,
        is_eager=True,
    ),
    debug: bool = typer.Option(
        False,
        "--debug",
        help="Affiche la trace complète en cas d'erreur interne.",
        envvar="PCAET_DEBUG",
    ),
) -> None:
    """Outils pour le registre d'un PCAET."""
    if debug:
        os.environ["PCAET_DEBUG"] = "1"


# (command, module of pcaet_cli.cli, function): the order of `pcaet --help`. A module not
# yet present is skipped, so commands can be developed one module at a time.
COMMANDS = (
    ("init", "init", "init"),
    ("new", "new", "new"),
    ("lint", "lint", "lint"),
    ("fmt", "fmt", "fmt"),
    ("report", "report", "report"),
    ("diff", "diff", "diff"),
    ("history", "history", "history"),
    ("export", "export", "export"),
    ("import", "import_", "import_"),
    ("rules", "rules", "rules"),
    ("schema", "schema", "schema"),
)


def _register_commands() -> None:
    import importlib
    import importlib.util

    for name, module_name, function in COMMANDS:
        qualified = f"pcaet_cli.cli.{module_name}"
        if importlib.util.find_spec(qualified) is None:
            continue
        module = importlib.import_module(qualified)
        app.command(name, cls=_Command)(getattr(module, function))


_register_commands()


def main() -> None:
    """Entry point. Typer handles usage errors (exit 2) and exit codes; anything else
    escaping a command is a bug: one French line and exit 2, the trace with --debug."""
    try:
        app()
    except Exception as exc:
        if os.environ.get("PCAET_DEBUG"):
            raise
        print(
            f"pcaet : erreur interne ({type(exc).__name__} : {exc}) ; relancez avec --debug "
            "et signalez-la",
            file=sys.stderr,
        )
        sys.exit(2)
