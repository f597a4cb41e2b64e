"""`pcaet init`: a new register from a worked example of organisation."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from pcaet_cli.cli.common import handles_errors
from pcaet_cli.french import plural


def _created(count: int) -> str:
    """« 1 fichier serait créé », « 12 fichiers seraient créés »."""
    if count < 2:
        return f"{plural(count, 'fichier')} serait créé"
    return f"{plural(count, 'fichier')} seraient créés"


Modele = Literal["petr", "epci"]


@handles_errors
def init(
    directory: Annotated[
        Path,
        typer.Argument(
            help="Dossier du nouveau dépôt (créé s'il n'existe pas ; doit être vide).",
            file_okay=False,
        ),
    ] = Path(),
    modele: Annotated[
        Modele,
        typer.Option(
            "--modele",
            "-m",
            help="Exemple d'organisation : petr (un PETR porte le PCAET de ses EPCI après "
            "transfert de la compétence) ou epci (une agglomération porte le sien).",
        ),
    ] = "epci",
    siren: Annotated[
        str | None,
        typer.Option(
            "--siren",
            help="SIREN d'un EPCI réel : il remplace l'EPCI de l'exemple (nom, nature, SIREN, "
            "population d'après la table des collectivités), ses communes membres ont chacune "
            "leur fichier.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="N'écrit rien : liste les fichiers qui seraient créés."),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Écrit dans un dossier non vide (remplace les homonymes)."),
    ] = False,
) -> None:
    """Crée un dépôt à partir d'un exemple d'organisation (PETR ou EPCI).

    Le registre d'exemple, fictif, est sans erreur ni avertissement de « pcaet lint » ;
    s'y ajoutent pcaet.toml, les schémas pour les éditeurs, un hook pre-commit et
    l'intégration continue GitHub Actions et GitLab CI.
    """
    from pcaet_cli.edit.init import plan_init, write_init

    plan = plan_init(directory, modele, force, siren)
    if dry_run:
        for name in plan.files:
            sys.stdout.write(f"{(directory / name).as_posix()}\n")
        typer.echo(f"(--dry-run) {_created(len(plan.files))}.", err=True)
        return
    write_init(plan)
    if plan.real is not None:
        typer.echo(
            f"Territoires réels : {plan.real} ; acteurs, plans et actions restent ceux de "
            "l'exemple, à remplacer par les vôtres.",
            err=True,
        )
    typer.echo(
        f"{plural(len(plan.files), 'fichier écrit', 'fichiers écrits')} dans {directory} "
        f"(modèle {modele}). "
        f"Vérifiez : pcaet lint {(directory / 'register').as_posix()}",
        err=True,
    )
