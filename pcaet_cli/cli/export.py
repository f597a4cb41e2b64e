"""`pcaet export`: the register for other tools (JSON) and for the officers' spreadsheet
(XLSX, CSV)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

from pcaet_cli.cli.common import check_output, handles_errors, load_index, parse_date, write_output

ExportFormat = Literal["xlsx", "csv", "json"]
CsvDialect = Literal["excel-fr", "comma"]


@handles_errors
def export(
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="json : tout le registre, sans perte ; xlsx : le grand tableur (actions, "
            "acteurs, territoires, plans, qui fait quoi) ; csv : la feuille des actions.",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Fichier à écrire (défaut : la sortie).", dir_okay=False
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Remplace le fichier --output s'il existe.")
    ] = False,
    register: Annotated[
        Path, typer.Option("--registre", "-r", help="Dossier du registre.")
    ] = Path(),
    csv_dialect: Annotated[
        CsvDialect,
        typer.Option(
            "--csv-dialect",
            help="excel-fr : « ; », virgule décimale, BOM dans un fichier (Excel en "
            "France) ; comma : « , » et point décimal.",
        ),
    ] = "excel-fr",
    reference_date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="AAAA-MM-JJ",
            help="Date de référence de la colonne « En retard » (défaut : aujourd'hui).",
        ),
    ] = None,
) -> None:
    """Exporte le registre : JSON complet, ou tableur des actions (XLSX, CSV)."""
    from pcaet_cli.io import export_files
    from pcaet_cli.io.export import actions_table, register_document, workbook_tables

    check_output(output, force, "registre.xlsx" if output_format == "xlsx" else None)
    today = parse_date(reference_date) or date.today()
    config, index = load_index(register)

    data: str | bytes
    if output_format == "json":
        data = export_files.to_json(register_document(index, config.registre.nom))
    elif output_format == "csv":
        # The BOM makes Excel read UTF-8; a terminal or a pipe does not want it.
        data = export_files.to_csv(
            actions_table(index, today),
            csv_dialect,
            bom=output is not None and csv_dialect == "excel-fr",
        )
    else:
        data = export_files.to_xlsx(workbook_tables(index, today))
    write_output(output, data, "registre exporté dans")
