"""The key figures panel shown after `pcaet lint` in the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from pcaet_cli.french import plural
from pcaet_cli.render.markup import literal
from pcaet_cli.reports.key_figures import KeyFigures


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "—"


def render_key_figures(figures: KeyFigures, console: Console, title: str | None) -> None:
    table = Table(
        title=f"Synthèse du registre — {literal(title)}" if title else "Synthèse du registre",
        show_header=False,
        box=None,
        padding=(0, 2),
        title_justify="left",
    )
    table.add_column(style="bold")
    table.add_column()
    table.add_row(
        "Registre",
        f"{plural(figures.actions, 'action')} · {plural(figures.acteurs, 'acteur')} · "
        f"{plural(figures.territoires, 'territoire')} · {plural(figures.plans, 'plan')}",
    )
    n = figures.actions
    table.add_row(
        "Actions avec pilote", f"{figures.with_pilot} / {n} ({percent(figures.with_pilot, n)})"
    )
    table.add_row(
        "Portées par les acteurs du territoire",
        f"{figures.carried_by_actors} / {figures.with_pilot} "
        f"({percent(figures.carried_by_actors, figures.with_pilot)})",
    )
    table.add_row(
        "Avec un élu référent", f"{figures.with_sponsor} / {n} ({percent(figures.with_sponsor, n)})"
    )
    table.add_row("En retard", str(figures.late))
    if figures.statuses:
        statuses = " · ".join(f"{literal(k)} {v}" for k, v in figures.statuses.items())
        table.add_row("Statuts", statuses)
    for pcaet in figures.pcaets:
        table.add_row(
            f"PCAET {literal(pcaet.plan)}",
            f"{plural(pcaet.actions, 'action')} · secteurs réglementaires {pcaet.secteurs}/8 · "
            f"domaines stratégiques {pcaet.domaines}/9",
        )
    console.print(table)
