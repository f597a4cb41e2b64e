"""`pcaet import`: a register from the files the officers already have (Territoires en
Transitions workbook, ADEME's Territoires & Climat open data)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from pcaet_cli.cli.common import handles_errors
from pcaet_cli.errors import PcaetError
from pcaet_cli.french import plural

ImportFormat = Literal["auto", "tet", "territoires-climat", "tableur", "json"]
ReportFormat = Literal["texte", "json"]

OLD_NAMES = {"--into": "--output"}
"""Former option names, still accepted for one version (see cli/french_click)."""


@handles_errors
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Fichiers à importer : classeur Territoires en Transitions (.xlsx), "
            "programme d'actions V2 (.json) de l'ADEME avec son fichier d'entête (.csv), ou "
            "registre exporté en JSON par pcaet.",
            exists=True,
            dir_okay=False,
            metavar="FICHIER",
            show_default=False,
        ),
    ],
    input_format: Annotated[
        ImportFormat,
        typer.Option(
            "--format",
            "-f",
            help="auto : d'après le contenu ; tet : modèle Territoires en Transitions ; "
            "territoires-climat : données ouvertes de l'ADEME ; tableur : CSV ou XLSX "
            "quelconque avec --mapping ; json : registre écrit par « pcaet export --format "
            "json ».",
        ),
    ] = "auto",
    into: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Dossier du projet à créer, disposé comme par pcaet init : le registre "
            "dans register/, les schémas, pre-commit et l'intégration continue.",
            file_okay=False,
        ),
    ] = Path("register-importe"),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="N'écrit rien ; affiche seulement le rapport.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Remplace les fichiers qui existent déjà.")
    ] = False,
    avec_contacts: Annotated[
        bool,
        typer.Option(
            "--avec-contacts",
            help="Reprend les données personnelles (chefs de projet, élus, e-mails).",
        ),
    ] = False,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help="Correspondance colonnes → champs, TOML ou YAML (format tableur) ; avec "
            "--modele-mapping, le fichier où écrire le modèle.",
            dir_okay=False,
        ),
    ] = None,
    modele_mapping: Annotated[
        bool,
        typer.Option(
            "--modele-mapping",
            help="Écrit un premier jet de correspondance d'après les en-têtes (format "
            "tableur), sur la sortie ou dans --mapping, puis s'arrête.",
        ),
    ] = False,
    report_format: Annotated[
        ReportFormat, typer.Option("--format-rapport", help="texte ou json.")
    ] = "texte",
) -> None:
    """Importe un plan d'actions existant et crée un registre (un fichier YAML par entité).

    Identifiants : actions numérotées dans leur axe (1-2-03) ou act-001 (tet, tableur), \
d<démarche>-001 (territoires-climat) ; acteurs, territoires et plans d'après leur nom.

    Rien n'est écrit si un fichier existe déjà (sauf --force) ; le rapport rend compte de \
chaque ligne lue : créée, fusionnée, ignorée ou refusée, avec ses remarques.
    """
    from pcaet_cli.io.import_common import ImportResult, write_result

    if input_format == "auto" and (mapping is not None or modele_mapping):
        input_format = "tableur"  # a mapping only makes sense for a free-form table
    fmt = input_format if input_format != "auto" else detect_format(files)
    result: ImportResult
    if fmt == "tet":
        from pcaet_cli.io.import_tet import import_tet

        if len(files) != 1:
            raise PcaetError("le format tet s'importe un classeur à la fois")
        result = import_tet(files[0], avec_contacts)
    elif fmt == "json":
        from pcaet_cli.io.import_json import import_json

        if len(files) != 1:
            raise PcaetError("le format json s'importe un fichier à la fois")
        result = import_json(files[0])
    elif fmt == "territoires-climat":
        from pcaet_cli.io.import_territoires_climat import import_territoires_climat

        result = import_territoires_climat(files, avec_contacts)
    else:
        from pcaet_cli.io import import_tableur

        if len(files) != 1:
            raise PcaetError("le format tableur s'importe un fichier à la fois")
        if modele_mapping:
            text = import_tableur.modele_mapping(files[0])
            if mapping is None:
                typer.echo(text, nl=False)
                return
            from pcaet_cli.fsutil import atomic_write, check_output_file

            check_output_file(mapping, force, None)

            atomic_write(mapping, text)
            typer.echo(f"modèle de correspondance écrit dans {mapping} ; relisez-le", err=True)
            return
        if mapping is None:
            raise PcaetError(
                "le format tableur demande --mapping FICHIER (colonne → champ) ; "
                "--modele-mapping en écrit un premier jet"
            )
        result = import_tableur.import_tableur(files[0], mapping, avec_contacts)

    if report_format == "json":
        typer.echo(result.report.to_json(result.files), nl=False)
    else:
        typer.echo(result.report.to_text(result.files), nl=False)
    if dry_run:
        typer.echo("Essai (--dry-run) : rien n'a été écrit.", err=True)
        return
    written = write_result(result, into, force)
    typer.echo(
        f"{plural(len(written), 'fichier écrit', 'fichiers écrits')} dans {into} ; "
        f"vérifiez avec : pcaet lint {into}",
        err=True,
    )


def detect_format(files: list[Path]) -> str:
    """tet for a workbook, json for a register exported by pcaet, territoires-climat for
    ADEME's JSON and CSV files."""
    from pcaet_cli.io.import_json import is_register_document

    suffixes = {f.suffix.lower() for f in files}
    if suffixes <= {".xlsx", ".xlsm", ".ods"}:
        return "tet"
    if len(files) == 1 and suffixes == {".json"} and is_register_document(files[0]):
        return "json"
    if (suffixes <= {".json", ".csv"} and ".json" in suffixes) or all(
        f.suffix.lower() == ".csv" and _is_ademe_csv(f) for f in files
    ):
        return "territoires-climat"
    raise PcaetError(
        "format non reconnu : précisez --format tet, territoires-climat, tableur ou json"
    )


def _is_ademe_csv(path: Path) -> bool:
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        head = handle.readline(len("Id_action;"))
    return head.startswith(("Id;", "Id_action;"))
