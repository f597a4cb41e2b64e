"""`pcaet export`: the register for other tools (JSON) and for the officers' spreadsheet
(XLSX, CSV)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

from pcaet_cli.cli.common import check_output, handles_errors, load_index, parse_date, write_output
from pcaet_cli.errors import PcaetError
from pcaet_cli.render.tables.to_csv import Dialect

ExportFormat = Literal["xlsx", "csv", "json", "tet"]


@handles_errors
def export(
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="json : tout le registre et son pcaet.toml, sans les commentaires des "
            "fichiers YAML ; xlsx : le grand tableur (actions, acteurs, territoires, plans, "
            "qui fait quoi) ; csv : la feuille des actions ; "
            "tet : le modèle d'import de Territoires en Transitions (XLSX, un plan).",
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
        Dialect,
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
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan",
            help="Format tet : le plan exporté (défaut : le premier PCAET du registre).",
        ),
    ] = None,
) -> None:
    """Exporte le registre : JSON complet, tableur des actions (XLSX, CSV), ou modèle
    d'import de Territoires en Transitions."""
    from pcaet_cli.io.export import actions_table, register_json, workbook_tables
    from pcaet_cli.render.tables import to_csv, to_xlsx

    if plan is not None and output_format != "tet":
        raise PcaetError("--plan ne sert qu'au format tet")
    if output_format == "tet" and output is None:
        raise PcaetError("le format tet s'écrit dans un fichier : ajoutez --output plan-tet.xlsx")
    check_output(output, force, register, "registre.xlsx" if output_format == "xlsx" else None)
    today = parse_date(reference_date) or date.today()
    config, index = load_index(register)

    data: str | bytes
    if output_format == "json":
        from pcaet_cli.register.config import read_config_text
        from pcaet_cli.register.discovery import find_root

        data = register_json(index, config.registre.nom, read_config_text(find_root(register)))
    elif output_format == "csv":
        data = to_csv.render(actions_table(index, today), csv_dialect, to_file=output is not None)
    elif output_format == "tet":
        from pcaet_cli.io import export_tet

        plan_id, table = export_tet.tet_table(index, plan)
        data = to_xlsx.template(
            table, header_row=export_tet.HEADER_ROW, first_row=export_tet.FIRST_ROW
        )
        typer.echo(f"{len(table.frame)} action(s) du plan {plan_id} exportée(s)", err=True)
    else:
        data = to_xlsx.workbook(workbook_tables(index, today))
    write_output(output, data, "registre exporté dans")
