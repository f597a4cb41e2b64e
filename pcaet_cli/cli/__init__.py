"""The `pcaet` command: Typer commands only; each calls the library and renders."""

from __future__ import annotations

import atexit
import functools
import importlib.util
import os
import sys
from importlib.machinery import ModuleSpec
from typing import Any

# pydantic looks for plugins in every installed package's metadata at first use; the CLI
# uses none, and the look-up costs more than all our models.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer  # after the environment above
from typer.core import TyperCommand, TyperGroup

from pcaet_cli import __version__
from pcaet_cli.cli import french_click

# The users are French officers: Typer's help and errors in French (french_click).
french_click.install()


class _Group(french_click.FrenchCommandMixin, TyperGroup):
    """Commands are imported when called: `pcaet lint` does not load the code of the
    ten others (nor pandas, nor the spreadsheet writers). Help lists them all."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name, module, _ in COMMANDS if _module(module) is not None]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            found = _load(cmd_name)
            if found is None:
                # Typer suggests the closest of the commands it knows: all of them.
                for name in self.list_commands(ctx):
                    self.commands.setdefault(name, _load(name))
                return None
            self.commands[cmd_name] = found
        return super().get_command(ctx, cmd_name)

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: Any = None
    ) -> None:
        # Typer's completion classes (its scripts' protocol) are registered only when the
        # shell asks for completions: `pcaet --help` does not pay for them.
        if any(name.endswith("_COMPLETE") for name in os.environ):
            from typer._completion_classes import completion_init

            completion_init()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


class _Command(french_click.FrenchCommandMixin, TyperCommand):
    pass


SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_PCAET_COMPLETE"


def _shell() -> str:
    """The shell pcaet runs in, among those it completes in; else exit 2, in French."""
    from typer._completion_shared import _get_shell_name

    shell = _get_shell_name()
    if shell not in SHELLS:
        typer.echo(
            f"pcaet : erreur : complétion possible dans bash, zsh ou fish, pas dans "
            f"« {shell or 'ce shell'} »",
            err=True,
        )
        raise typer.Exit(2)
    return shell


def _install_completion(value: bool) -> None:
    if value:
        from typer._completion_shared import install

        shell, path = install(shell=_shell(), prog_name="pcaet", complete_var=COMPLETE_VAR)
        typer.echo(
            f"complétion {shell} installée dans {path} ; elle vaudra dans tout nouveau terminal"
        )
        raise typer.Exit()


def _show_completion(value: bool) -> None:
    if value:
        from typer._completion_shared import get_completion_script

        typer.echo(
            get_completion_script(prog_name="pcaet", complete_var=COMPLETE_VAR, shell=_shell())
        )
        raise typer.Exit()


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
    install_completion: bool = typer.Option(
        False,
        "--install-completion",
        help="Installe la complétion (touche Tab) pour le shell courant : bash, zsh ou fish.",
        callback=_install_completion,
        is_eager=True,
        expose_value=False,
    ),
    show_completion: bool = typer.Option(
        False,
        "--show-completion",
        help="Affiche le script de complétion du shell courant, à copier ou à adapter.",
        callback=_show_completion,
        is_eager=True,
        expose_value=False,
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
    ("site", "site", "site"),
    ("collecte", "collecte", "collecte"),
)


def _module(module_name: str) -> ModuleSpec | None:
    return importlib.util.find_spec(f"pcaet_cli.cli.{module_name}")


@functools.cache
def _load(name: str) -> Any:
    """The click command of `name`, built by Typer from its function, or None. Built once
    per process: a program that runs commands in-process (the test suite, an editor's
    server) reuses each command and the value converters Typer keeps on its parameters
    (a fifth of a short command's run was spent building them again)."""
    import importlib

    for command, module_name, function in COMMANDS:
        if command == name and _module(module_name) is not None:
            module = importlib.import_module(f"pcaet_cli.cli.{module_name}")
            single = typer.Typer(add_completion=False)
            single.command(name, cls=_Command)(getattr(module, function))
            built: Any = typer.main.get_command(single)
            built.old_names = getattr(module, "OLD_NAMES", {})
            return built
    return None


def main() -> None:
    """Entry point. Typer handles usage errors (exit 2) and exit codes; anything else
    escaping a command is a bug: one French line and exit 2, the trace with --debug."""
    try:
        app()
    except SystemExit as done:
        _leave(done.code)
    except Exception as exc:
        if os.environ.get("PCAET_DEBUG"):
            raise
        print(
            f"pcaet : erreur interne ({type(exc).__name__} : {exc}) ; relancez avec --debug "
            "et signalez-la",
            file=sys.stderr,
        )
        _leave(2)


def _leave(code: int | str | None) -> None:
    """End the process once everything is written, without the interpreter's teardown:
    freeing a large register object by object takes a tenth of a second at 10 000
    actions, for a process that ends anyway. Files are closed by then (atomic writes,
    closed pools); exit handlers still run."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)
