"""`pcaet fmt`: canonical formatting of the register's files, comments and values kept."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pcaet_cli.cli.common import MaybeRegisterOption, handles_errors
from pcaet_cli.errors import PcaetError
from pcaet_cli.french import plural

FMT_HELP = (
    "Met les fichiers du registre en forme canonique, sans changer aucune valeur ni perdre "
    "aucun commentaire.\n\n"
    "Conventions : clés dans l'ordre du schéma (clés inconnues à la fin, dans leur ordre) ; "
    "indentation de 2 espaces ; liste de valeurs simples écrite \\[a, b] si la ligne tient "
    "en 100 colonnes et qu'aucun élément n'est commenté, un élément par ligne sinon (une "
    "liste commentée sur sa première ligne garde son style) ; les "
    "autres listes et les tables gardent le style de l'auteur ; guillemets (doubles) "
    "seulement quand YAML les exige ; ligne « # yaml-language-server: $schema=… » ajoutée "
    "en tête si absente. Deux passages successifs donnent le même fichier.\n\n"
    "Un fichier illisible (YAML invalide, ou plus gros que « taille-max-fichier ») est "
    "laissé tel quel et signalé sur la sortie d'erreur.\n\n"
    "Codes de sortie : 0 rien à signaler ; 1 avec --check, des fichiers seraient "
    "reformatés, ou (avec ou sans --check) un fichier illisible a été laissé tel quel ; "
    "2 la commande n'a pas pu s'exécuter (registre introuvable…)."
)


@handles_errors
def fmt(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Fichiers ou dossiers à mettre en forme ; par défaut tout le registre "
            "(dossier courant ou son sous-dossier register/).",
            show_default=False,
        ),
    ] = None,
    register: MaybeRegisterOption = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="N'écrit rien : liste les fichiers à reformater et sort avec 1 s'il y en a "
            "(pour la CI).",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="N'écrit rien : affiche les changements (diff)."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Met en forme chaque fichier sans se fier aux textes déjà trouvés en forme "
            "(gardés avec le cache de lint : $PCAET_CACHE_DIR, sinon ~/.cache/pcaet), puis "
            "les note à neuf.",
        ),
    ] = False,
) -> None:
    from pcaet_cli.edit.fmt import format_register, write_changes
    from pcaet_cli.edit.fmt_cache import FormattedTexts
    from pcaet_cli.register.discovery import display

    if paths and register is not None:
        raise PcaetError(
            "des fichiers et --registre à la fois : donnez les fichiers, ou le registre entier"
        )
    texts = FormattedTexts(fresh=no_cache)
    result = format_register(paths or [register or Path()], texts)
    texts.save()
    for file in result.refused:
        typer.echo(f"{display(file.path)} : laissé tel quel, {file.problem}", err=True)
    changed = result.changed
    if check:
        for file in changed:
            typer.echo(display(file.path))
    elif dry_run:
        for file in changed:
            sys.stdout.write(file.diff())
    else:
        write_changes(result)
    total = len(result.files)
    count = len(changed)
    if check or dry_run:
        summary = f"{plural(count, 'fichier')} sur {total} à reformater"
    else:
        done = "reformaté" if count < 2 else "reformatés"
        summary = f"{plural(count, 'fichier')} sur {total} {done}"
    if result.refused:
        summary += ", " + plural(
            len(result.refused), "illisible laissé tel quel", "illisibles laissés tels quels"
        )
    typer.echo(summary + ".", err=True)
    if result.refused or (check and changed):
        raise typer.Exit(1)


fmt.__doc__ = FMT_HELP
