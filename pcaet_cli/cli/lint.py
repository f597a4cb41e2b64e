"""`pcaet lint`: check the register and report every problem with file, line, column."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from pcaet_cli.cli.common import (
    DateOption,
    MaybeRegisterOption,
    RegisterPath,
    handles_errors,
    one_register,
    parse_date,
    split_codes,
    use_color,
)

if TYPE_CHECKING:
    from pcaet_cli.lint.engine import LintRun
    from pcaet_cli.lint.result import LintResult

Format = Literal["text", "concise", "json", "github", "gitlab", "sarif"]
FailOn = Literal["error", "warning", "info", "never"]

OLD_NAMES = {"--output-file": "--output"}
"""Former option names, still accepted for one version (see cli/french_click)."""


@handles_errors
def lint(
    path: RegisterPath = None,
    register: MaybeRegisterOption = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Format de sortie des diagnostics.")
    ] = "text",
    output_file: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Écrit les diagnostics dans ce fichier (remplacé à chaque passage).",
            dir_okay=False,
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Gravité à partir de laquelle le code de sortie est 1 "
            "(défaut : pcaet.toml, sinon erreur).",
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Règles à appliquer (codes ou préfixes : P, R001…), "
            "au lieu de celles de pcaet.toml.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Règles à ignorer en plus de celles de pcaet.toml."),
    ] = None,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Affiche le nombre de diagnostics par règle.")
    ] = False,
    reference_date: DateOption = None,
    changed: Annotated[
        bool,
        typer.Option(
            "--changed",
            help="N'affiche que ce qu'apporte le changement depuis "
            "--depuis : les problèmes des fichiers modifiés, et les nouveaux "
            "ailleurs (tout le registre reste vérifié).",
        ),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--depuis",
            metavar="REV",
            help="Révision de départ de --changed "
            "(défaut : point de départ de la branche par rapport à main).",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="N'affiche que les diagnostics, sans synthèse.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Relit chaque fichier sans utiliser le cache, puis l'écrit à neuf, ce "
            "qui répare un cache abîmé (dossier : $PCAET_CACHE_DIR, sinon ~/.cache/pcaet).",
        ),
    ] = False,
) -> None:
    """Vérifie le registre : YAML, schéma, références et règles du PCAET.

    Code de sortie : 0 si rien n'atteint le seuil --fail-on, 1 sinon, 2 si le registre
    ne peut pas être vérifié (dossier ou configuration invalide).
    """
    from pcaet_cli.lint.config import threshold
    from pcaet_cli.lint.engine import LintRequest, run_lint
    from pcaet_cli.render.diagnostics import render_diagnostics

    path = one_register(path, register)
    if output_file is not None:
        from pcaet_cli.fsutil import check_output_file
        from pcaet_cli.register.discovery import find_root

        # A CI report is rewritten at every run: replaced without --force, but never a
        # file of the register, a link or a special file.
        check_output_file(output_file, True, find_root(path))
    today = parse_date(reference_date)
    request = LintRequest(
        path=path,
        select=split_codes(select) or None,
        ignore=tuple(split_codes(ignore)),
        today=today,
        rebuild_cache=no_cache,
        # --changed compares with another revision: it needs the models of this one.
        keep=not (changed or since is not None),
    )
    run = run_lint(request)
    if changed or since is not None:
        from pcaet_cli.lint.changed import changed_only

        run.result.diagnostics = changed_only(run, request, since)
    result = run.result
    to_terminal = output_file is None
    color = to_terminal and output_format == "text" and use_color()
    buffer = io.StringIO()
    if statistics:
        _write_statistics(result, buffer)
    else:
        render_diagnostics(result, output_format, buffer, color=color)
        if output_format == "text" and not quiet:
            _write_key_figures(run, buffer, color, today)
    if output_file is not None:
        from pcaet_cli.fsutil import atomic_write

        atomic_write(output_file, buffer.getvalue())
    else:
        sys.stdout.write(buffer.getvalue())
    level = threshold(fail_on or run.config.lint.fail_on)
    failed = level is not None and any(d.severity.rank >= level.rank for d in result.diagnostics)
    raise typer.Exit(1 if failed else 0)


def _write_statistics(result: LintResult, out: io.StringIO) -> None:
    for code, count in sorted(result.by_code().items(), key=lambda kv: (-kv[1], kv[0])):
        rule = result.rule(code)
        name = rule.name if rule else ""
        severity = rule.severity.label if rule else ""
        out.write(f"{count:>5}  {code}  {name:<32} {severity}\n")


def _write_key_figures(run: LintRun, out: io.StringIO, color: bool, today: date | None) -> None:
    from rich.console import Console

    from pcaet_cli.render.key_figures import render_key_figures
    from pcaet_cli.reports.key_figures import key_figures

    reference = today or date.today()
    console = Console(
        emoji=False, file=out, force_terminal=color, no_color=not color, width=100, highlight=False
    )
    console.print()
    figures = run.figures or key_figures(run.index, reference)
    render_key_figures(figures, console, run.config.registre.nom)
