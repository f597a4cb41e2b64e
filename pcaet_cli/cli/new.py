"""`pcaet new`: create a register file with the next free identifier."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pcaet_cli.cli.common import handles_errors

KIND_HELP = "Type de fichier : action, acteur, plan ou territoire."
ID_HELP = (
    "Identifiant (nom du fichier sans .yaml). Par défaut : le numéro libre suivant "
    "(mob-10 après mob-09) pour une action, le nom en minuscules sans accents pour les "
    "autres types (préfixé par commune-, epci- ou petr- pour un territoire)."
)


def _opt(name: str, help_text: str) -> Any:
    return typer.Option(name, help=help_text, show_default=False)


def _interactive() -> bool:
    # Prompts only for a person at a terminal: in CI a prompt would hang the job.
    return sys.stdin.isatty()


@handles_errors
def new(
    kind: Annotated[str, typer.Argument(help=KIND_HELP, show_default=False)],
    identifier: Annotated[
        str | None, typer.Argument(help=ID_HELP, show_default=False, metavar="[ID]")
    ] = None,
    register: Annotated[
        Path, typer.Option("--registre", "-r", help="Dossier du registre.")
    ] = Path(),
    prefixe: Annotated[
        str | None,
        _opt("--prefixe", "Préfixe de numérotation (mob → mob-10) ; par défaut le plus courant."),
    ] = None,
    titre: Annotated[str | None, _opt("--titre", "Titre de l'action.")] = None,
    nom: Annotated[str | None, _opt("--nom", "Nom de l'acteur, du plan ou du territoire.")] = None,
    type_: Annotated[
        str | None, _opt("--type", "Type d'acteur (service, personne, elu…) ou de plan (PCAET…).")
    ] = None,
    nature: Annotated[
        str | None, _opt("--nature", "Nature d'un territoire (COM, CC, CA, PETR…).")
    ] = None,
    pilote: Annotated[str | None, _opt("--pilote", "Service ou acteur pilote de l'action.")] = None,
    referent: Annotated[str | None, _opt("--referent", "Élu référent de l'action.")] = None,
    echelon: Annotated[str | None, _opt("--echelon", "Territoire qui porte l'action.")] = None,
    statut: Annotated[
        str | None, _opt("--statut", "Statut de l'action (En cours…) ou du plan.")
    ] = None,
    priorite: Annotated[str | None, _opt("--priorite", "Priorité (Élevé, Moyen, Bas).")] = None,
    territoire: Annotated[
        str | None, _opt("--territoire", "Collectivité à laquelle l'acteur appartient.")
    ] = None,
    service: Annotated[str | None, _opt("--service", "Service d'une personne.")] = None,
    poste: Annotated[str | None, _opt("--poste", "Intitulé de poste d'une personne.")] = None,
    rattache_a: Annotated[
        str | None, _opt("--rattache-a", "Niveau hiérarchique au-dessus de l'acteur.")
    ] = None,
    porteur: Annotated[str | None, _opt("--porteur", "Territoire qui adopte le plan.")] = None,
    membre_de: Annotated[
        list[str] | None, _opt("--membre-de", "Territoire de niveau supérieur (répétable).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="N'écrit rien : affiche le fichier qui serait créé.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Remplace le fichier s'il existe déjà.")
    ] = False,
) -> None:
    """Crée une fiche bien formée (action, acteur, plan ou territoire).

    Ligne de schéma, un commentaire par champ, identifiant libre suivant. Les champs
    obligatoires manquants sont demandés seulement dans un terminal ; ailleurs (CI,
    scripts), la commande s'arrête avec le code 2.
    """
    from pcaet_cli.edit.new import kind_folder, plan_new, required_fields, write_new
    from pcaet_cli.register.discovery import display

    given: dict[str, Any] = {
        "titre": titre,
        "nom": nom,
        "type": type_,
        "nature": nature,
        "pilote": pilote,
        "referent": referent,
        "echelon": echelon,
        "statut": statut,
        "priorite": priorite,
        "territoire": territoire,
        "service": service,
        "poste": poste,
        "rattache_a": rattache_a,
        "porteur": porteur,
        "membre_de": membre_de or None,
    }
    values = {k: v for k, v in given.items() if v is not None}
    folder = kind_folder(kind)
    if _interactive():
        for name in required_fields(folder):
            if name not in values:
                values[name] = typer.prompt(name.replace("_", " ").capitalize())
    created = plan_new(register, kind, identifier, values, prefix=prefixe, force=force)
    if dry_run:
        sys.stdout.write(created.text)
        typer.echo(f"(--dry-run) {display(created.path)} serait créé.", err=True)
        return
    write_new(created)
    typer.echo(display(created.path))
    typer.echo(f"créé : {display(created.path)} ({created.identifier})", err=True)
