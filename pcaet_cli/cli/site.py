"""`pcaet site`: a static website of the plan for élus, partners and citizens."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from pcaet_cli.cli.common import (
    DateOption,
    RegisterOption,
    handles_errors,
    load_index,
    parse_date,
)
from pcaet_cli.french import plural
from pcaet_cli.french import seconds as french_seconds


@handles_errors
def site(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Dossier du site (remplacé en entier ; public/ pour GitLab Pages).",
        ),
    ] = Path("public"),
    titre: Annotated[
        str | None,
        typer.Option(
            "--titre",
            help="Titre des pages (défaut : le nom du PCAET s'il n'y en a qu'un, sinon "
            "celui du registre dans pcaet.toml).",
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="Sans données personnelles, pour publier : les agents sont désignés par "
            "leur poste ou leur service, les élus gardent leur nom, sans courriel ni "
            "téléphone (voir docs/securite.md).",
        ),
    ] = False,
    register: RegisterOption = Path(),
    reference_date: DateOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Remplace le dossier --output même s'il n'a pas été écrit par pcaet site.",
        ),
    ] = False,
) -> None:
    """Écrit le site du plan : pages statiques, lisibles hors ligne et imprimables."""
    from pcaet_cli.register.discovery import find_root
    from pcaet_cli.site import SiteOptions, check_target, generate, site_folder

    check_target(output, force, find_root(register))
    started = time.perf_counter()
    config, index = load_index(register)
    options = SiteOptions(
        title=titre,
        public=public,
        today=parse_date(reference_date),
        cible_portage=config.rapport.cible_portage,
        register_name=config.registre.nom,
    )
    with site_folder(output) as folder:
        generate(index, options, folder)
    pages = folder.pages
    seconds = time.perf_counter() - started
    kind = "site public" if public else "site"
    typer.echo(
        f"{kind} écrit dans {output} : {plural(pages, 'page')} en {french_seconds(seconds)} ; "
        f"ouvrez {output / 'index.html'}",
        err=True,
    )
