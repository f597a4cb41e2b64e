"""`pcaet rules`: the list of rules, or one rule explained."""

from __future__ import annotations

import json
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

from pcaet_cli.cli.common import handles_errors, use_color
from pcaet_cli.diagnostic import FAMILIES, Rule
from pcaet_cli.errors import PcaetError
from pcaet_cli.lint.registry import all_rules, find
from pcaet_cli.render.rules_reference import heading
from pcaet_cli.textmatch import closest


def _as_json(rule: Rule) -> dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "family": FAMILIES[rule.family],
        "severity": rule.severity.value,
        "summary": rule.summary,
        "doc": rule.doc,
        "options": rule.options,
    }


def rules_markdown(every: list[Rule]) -> str:
    """The rule reference published as docs/regles.md."""
    out = [
        "# Règles de `pcaet lint`",
        "",
        "Référence générée par `pcaet rules --format markdown` ; ne pas modifier à la main.",
        "Gravités par défaut, modifiables dans `pcaet.toml` (`[lint.severity]`).",
        "",
    ]
    for family, label in FAMILIES.items():
        out += [f"## {family} — {label}", ""]
        for rule in (r for r in every if r.family == family):
            out += [f"### {heading(rule)}", ""]
            summary, _, rest = rule.doc.partition("\n\n")
            out += [" ".join(summary.split()), ""]
            if rest.strip():
                out += ["```text", rest.strip(), "```", ""]
            if rule.options:
                options = ", ".join(f"`{k} = {v!r}`" for k, v in rule.options.items())
                out += [f"Options (`[lint.options.{rule.code}]`) : {options}", ""]
    return "\n".join(out)


@handles_errors
def rules(
    code: Annotated[
        str | None,
        typer.Argument(
            help="Code (P001) ou nom (action-sans-pilote) d'une règle à expliquer.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        Literal["text", "json", "markdown"],
        typer.Option(
            "--format",
            "-f",
            help="Format de sortie (markdown : la référence des règles de docs/regles.md).",
        ),
    ] = "text",
) -> None:
    """Liste les règles de « pcaet lint », ou explique l'une d'elles."""
    console = Console(force_terminal=use_color(), no_color=not use_color(), highlight=False)
    if code is not None:
        rule = find(code)
        if rule is None:
            known = [r.code for r in all_rules()] + [r.name for r in all_rules()]
            guess = closest(code, known)
            advice = f" ; vouliez-vous dire « {guess} » ?" if guess else " (voir « pcaet rules »)"
            raise PcaetError(f"règle inconnue « {code} »{advice}")
        if output_format == "json":
            typer.echo(json.dumps(_as_json(rule), ensure_ascii=False, indent=2))
            return
        console.print(
            f"[bold]{rule.code}[/bold] {rule.name} — {rule.severity.label} "
            f"par défaut ({FAMILIES[rule.family]})"
        )
        console.print()
        console.print(rule.doc, markup=False)
        if rule.options:
            options = ", ".join(f"{k} = {v!r}" for k, v in rule.options.items())
            console.print()
            console.print(
                f"Options ([lint.options.{rule.code}] dans pcaet.toml) : {options}", markup=False
            )
        return
    every = all_rules()
    if output_format == "markdown":
        typer.echo(rules_markdown(every), nl=False)
        return
    if output_format == "json":
        typer.echo(json.dumps([_as_json(r) for r in every], ensure_ascii=False, indent=2))
        return
    for family, label in FAMILIES.items():
        table = Table(
            title=f"{family} — {label}",
            title_justify="left",
            box=None,
            show_header=False,
            padding=(0, 1),
        )
        table.add_column(style="bold", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column()
        for rule in (r for r in every if r.family == family):
            table.add_row(rule.code, rule.name, rule.severity.label, rule.summary)
        console.print(table)
        console.print()
    console.print("Détail d'une règle : pcaet rules CODE")
