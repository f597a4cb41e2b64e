"""`pcaet schema`: the JSON Schemas editors use, generated from the models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pcaet_cli.cli.common import handles_errors
from pcaet_cli.fsutil import atomic_write
from pcaet_cli.model.schema import build_schemas


@handles_errors
def schema(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Dossier des schémas.", file_okay=False)
    ] = Path("schemas"),
    check: Annotated[
        bool, typer.Option("--check", help="Vérifie que les schémas sont à jour, sans écrire.")
    ] = False,
) -> None:
    """Écrit les schémas JSON des fichiers du registre (un par type d'entité).

    Les éditeurs (VS Code avec l'extension YAML, par exemple) les utilisent grâce à la
    première ligne des fichiers : « # yaml-language-server: $schema=… ».
    """
    schemas = build_schemas()
    if check:
        stale = [
            name
            for name, text in schemas.items()
            if not (output / name).is_file() or (output / name).read_text(encoding="utf-8") != text
        ]
        if stale:
            typer.echo(
                f"schémas périmés dans {output}/ : {', '.join(stale)} ; "
                "régénérez-les avec « pcaet schema »",
                err=True,
            )
            raise typer.Exit(1)
        typer.echo(f"{len(schemas)} schémas à jour dans {output}/", err=True)
        return
    for name, text in schemas.items():
        atomic_write(output / name, text)
    typer.echo(f"{len(schemas)} schémas écrits dans {output}/", err=True)
