"""`pcaet report`: who does what, coverage, portage, workload, articulation, progress."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from pcaet_cli.cli.common import (
    DateOption,
    ForceOption,
    OutputOption,
    RegisterOption,
    check_output,
    handles_errors,
    load_index,
    parse_date,
    register_ids,
    write_output,
    write_rich,
)
from pcaet_cli.reports import VIEWS  # no pandas: reports/__init__ imports it lazily

if TYPE_CHECKING:
    from pcaet_cli.reports.model import Table

Format = Literal["table", "markdown", "csv", "xlsx", "json"]


def _views(incomplete: str) -> list[str]:
    return [view for view in VIEWS if view.startswith(incomplete)]


VIEW_HELP = (
    "Vue : synthese (défaut), qui-fait-quoi, couverture, portage, charge, articulation, "
    "declencheurs, avancement, organisation, service SERVICE."
)


@handles_errors
def report(
    view: Annotated[str, typer.Argument(help=VIEW_HELP, autocompletion=_views)] = "synthese",
    service: Annotated[
        str | None,
        typer.Argument(
            help="Le service de la vue « service » : son identifiant ou son nom.",
            show_default=False,
            autocompletion=register_ids("acteurs"),
        ),
    ] = None,
    register: RegisterOption = Path(),
    territoire: Annotated[
        str | None,
        typer.Option(
            "--territoire",
            help="Ne compte que les actions qui couvrent ce territoire (identifiant ou nom).",
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="Ne compte que les actions de ce plan (identifiant ou nom)."),
    ] = None,
    par_service: Annotated[
        str | None,
        typer.Option(
            "--service",
            help="Ne compte que les actions où ce service ou l'un de ses agents a un rôle "
            "(identifiant ou nom).",
        ),
    ] = None,
    personne: Annotated[
        str | None,
        typer.Option(
            "--personne",
            help="Ne compte que les actions où cette personne a un rôle (identifiant ou nom).",
        ),
    ] = None,
    statut: Annotated[
        str | None, typer.Option("--statut", help="Ne compte que les actions de ce statut.")
    ] = None,
    axe: Annotated[
        str | None,
        typer.Option("--axe", help="Ne compte que les actions de cet axe (et de ses sous-axes)."),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Format de sortie.")
    ] = "table",
    output: OutputOption = None,
    table: Annotated[
        str | None, typer.Option("--table", help="Table à écrire en CSV (défaut : la première).")
    ] = None,
    cible_portage: Annotated[
        float | None,
        typer.Option(
            "--cible-portage",
            min=0,
            max=1,
            help="Part visée d'actions portées par les acteurs du "
            "territoire (défaut : pcaet.toml, sinon 60 %).",
        ),
    ] = None,
    par_population: Annotated[
        bool,
        typer.Option(
            "--par-population",
            help="Vue couverture : ajoute la part de la population (champ « population » "
            "des territoires) que les actions atteignent, par secteur et par domaine.",
        ),
    ] = False,
    par_plan: Annotated[
        bool,
        typer.Option(
            "--par-plan",
            help="Vue articulation : une colonne par plan même au-delà de 12 plans "
            "(sinon regroupés par type).",
        ),
    ] = False,
    reference_date: DateOption = None,
    force: ForceOption = False,
) -> None:
    """Rend compte du plan : qui fait quoi, couverture, portage, charge, avancement…"""
    from pcaet_cli.reports import ReportOptions, build_report, build_summary

    check_output(output, force, register, "rapport.xlsx" if output_format == "xlsx" else None)
    config, index = load_index(register)
    options = ReportOptions(
        territoire=territoire,
        plan=plan,
        statut=statut,
        axe=axe,
        service=service,
        par_service=par_service,
        personne=personne,
        cible_portage=cible_portage if cible_portage is not None else config.rapport.cible_portage,
        today=parse_date(reference_date),
        par_population=par_population,
        par_plan=par_plan,
    )
    # A workbook opens on its summary sheet, computed from the same frames as the view.
    summary: list[Table] = []
    if output_format == "xlsx":
        result, summary = build_summary(view, index, options)
    else:
        result = build_report(view, index, options)

    data: str | bytes
    if output_format == "table":
        from pcaet_cli.render.report import to_terminal

        write_rich(
            lambda console: to_terminal.render(result, console), output, "rapport écrit dans"
        )
        return
    if output_format == "markdown":
        from pcaet_cli.render.report import to_markdown

        data = to_markdown.render(result)
    elif output_format == "json":
        from pcaet_cli.render.report import to_json

        data = to_json.render(result)
    elif output_format == "csv":
        from pcaet_cli.render.report import to_csv

        data = to_csv.render(result, table, to_file=output is not None)
    else:
        from pcaet_cli.render.report import to_xlsx

        data = to_xlsx.render(result, summary, config.registre.nom)
    write_output(output, data, "rapport écrit dans")
