"""`pcaet history`: the life of one action (or any entity) from the git log."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from pcaet_cli.cli.common import RegisterOption, handles_errors, register_ids, use_color

Format = Literal["text", "markdown", "json"]


@handles_errors
def history(
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ACTION",
            help="Identifiant de l'action ou d'un autre élément (mob-03), ou le chemin de "
            "son fichier dans le registre (register/actions/mob-03.yaml).",
            autocompletion=register_ids("actions", "acteurs", "plans", "territoires"),
            show_default=False,
        ),
    ],
    register: RegisterOption = Path(),
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Format de sortie.")
    ] = "text",
) -> None:
    """Retrace la vie d'une action d'après git, commit par commit.

    Statuts, pilotes, budget, notes de suivi, avec la date et l'auteur de chaque
    changement, en suivant les renommages.
    """
    import sys

    from pcaet_cli.git import GitRepo
    from pcaet_cli.register.discovery import find_root
    from pcaet_cli.render.review import history_json, history_markdown, history_text
    from pcaet_cli.review.history import history as build

    root = find_root(register)
    repo = GitRepo(root)
    result = build(repo, root, ident)
    if result.shallow:
        typer.echo(
            "pcaet : attention : clone superficiel, l'historique est incomplet "
            "(« git fetch --unshallow » le complète)",
            err=True,
        )
    if output_format == "text":
        from rich.console import Console

        color = use_color()
        console = Console(
            emoji=False,
            force_terminal=color,
            no_color=not color,
            highlight=False,
            width=None if color else 100,
        )
        history_text(result, console)
    elif output_format == "markdown":
        sys.stdout.write(history_markdown(result))
    else:
        sys.stdout.write(history_json(result))
