"""`pcaet export`: the register for other tools (JSON) and for the officers' spreadsheet
(XLSX, CSV)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from pcaet_cli.cli.common import (
    RegisterOption,
    check_output,
    handles_errors,
    load_index,
    parse_date,
    write_output,
)
from pcaet_cli.errors import PcaetError
from pcaet_cli.french import plural
from pcaet_cli.render.tables.to_csv import Dialect

if TYPE_CHECKING:
    from pcaet_cli.io.export_tet import TetExport
    from pcaet_cli.register.index import RegisterIndex
    from pcaet_cli.reports.model import Table

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
        bool,
        typer.Option(
            "--force",
            help="Remplace le fichier --output s'il existe ; format tet : écrit aussi ce "
            "que Territoires en Transitions refuserait.",
        ),
    ] = False,
    register: RegisterOption = Path(),
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
    """Exporte le registre : JSON complet, tableur des actions (XLSX, CSV), ou modèle \
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

        tet = export_tet.tet_export(index, plan)
        _tell_tet(tet, force)
        data = to_xlsx.template(
            tet.table,
            header_row=export_tet.HEADER_ROW,
            first_row=export_tet.FIRST_ROW,
            quote_prefix=True,
        )
        lines = len(tet.table.frame)
        exported = "exportée" if lines < 2 else "exportées"
        typer.echo(f"{plural(lines, 'ligne')} du plan {tet.plan_id} {exported}", err=True)
    else:
        from pcaet_cli.io.export import summary_tables

        tables = workbook_tables(index, today)
        data = to_xlsx.workbook(
            tables,
            summary=summary_tables(index, today, config.rapport.cible_portage),
            register=config.registre.nom,
            hidden=_stamp(tables, register, config.registre.nom, index, today),
        )
    write_output(output, data, "registre exporté dans")


def _tell_tet(tet: TetExport, force: bool) -> None:
    """On stderr, before anything is written: what the template cannot carry, what is
    written that TeT would not take; and a refusal of what TeT's importer would refuse,
    unless --force."""
    from pcaet_cli.textsafe import visible

    if tet.lost:
        typer.echo("Le modèle de Territoires en Transitions ne peut pas porter :", err=True)
        for item in tet.lost:
            typer.echo(f"  - {visible(item)}", err=True)
    for warning in tet.warnings:
        typer.echo(f"Attention : {visible(warning)}", err=True)
    if tet.refused:
        typer.echo("Territoires en Transitions refuserait ce fichier :", err=True)
        for item in tet.refused:
            typer.echo(f"  - {visible(item)}", err=True)
        if not force:
            raise PcaetError(
                f"{len(tet.refused)} refus de Territoires en Transitions : rien n'a été écrit ; "
                "corrigez le registre, ou ajoutez --force pour écrire le fichier quand même"
            )


def _stamp(
    tables: list[Table], register: Path, name: str | None, index: RegisterIndex, today: date
) -> dict[str, list[list[Any]]]:
    """The hidden stamps sheet of the big workbook, by which `pcaet collecte integrer`
    merges an officer's edits back into the YAML files."""
    from pcaet_cli.cli.collecte import register_revision
    from pcaet_cli.collecte.stamps import STAMP_SHEET, export_stamp
    from pcaet_cli.register.discovery import find_root

    root = find_root(register)
    actions = [(doc.id, action) for doc, action in index.iter_actions()]
    sheets = [table.name[:31] for table in tables]
    stamp = export_stamp(sheets, actions, today, register_revision(root), name or root.name)
    return {STAMP_SHEET: stamp.rows()}
