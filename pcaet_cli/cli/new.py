"""`pcaet new`: create a register file with the next free identifier."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pcaet_cli.cli.common import RegisterOption, handles_errors
from pcaet_cli.cli.init import _created
from pcaet_cli.edit.new import OPTION_FIELDS, PROMPTED
from pcaet_cli.edit.new_choices import LISTED, ChoiceRefused, Choices, RegisterChoices, resolve
from pcaet_cli.french import plural

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


# How a prompt names each field.
LABELS = {
    "titre": "Titre",
    "nom": "Nom",
    "plan": "Plan",
    "axe": "Axe",
    "pilote": "Pilote",
    "referent": "Élu référent",
    "echelon": "Échelon",
    "type": "Type",
    "nature": "Nature",
    "statut": "Statut",
    "priorite": "Priorité",
    "territoire": "Territoire",
    "service": "Service",
    "rattache_a": "Rattaché à",
    "porteur": "Porteur",
    "membre_de": "Membre de",
}

AXES_LISTED = 40
"""A plan's axes are its structure: listed whole up to this many."""

ABANDON = "Abandon : rien n'a été écrit."


def _say(text: str) -> None:
    # The conversation goes where the prompts go: stdout, for readline (line editing,
    # Tab completion) serves only a prompt written there.
    typer.echo(text)


def _read(label: str, default: str | None = None) -> str:
    """One answer; Ctrl-C or the end of input raise typer.Abort."""
    shown = f"{label} [{default}]" if default else label
    answer: str = typer.prompt(
        shown, default=default or "", show_default=False, prompt_suffix=" : "
    )
    return answer.strip()


def _complete_with(words: list[str]) -> None:
    """Tab completes the identifiers of the current list, where readline exists."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows
        return

    def complete(text: str, state: int) -> str | None:
        found = [w for w in words if w.startswith(text)]
        return found[state] if state < len(found) else None

    readline.set_completer_delims(" \t\n")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")


def _list(label: str, choices: Choices) -> None:
    """« 1. vdb-svc-mobilite — Service mobilités », the first ones of a long list."""
    if choices.numbered:
        _say(f"{label} — {choices.title} (numéro, identifiant ou nom) :")
        listed = choices.items[:LISTED]
        width = len(str(len(listed)))
        for number, item in enumerate(listed, 1):
            name = f" — {item.name}" if item.name else ""
            _say(f"  {number:>{width}}. {item.value}{name}")
    else:
        _say(f"{label} — {choices.title} (code ou titre) :")
        listed = choices.items[:AXES_LISTED]
        for item in listed:
            indent = "  " * item.value.count(".")
            _say(f"  {indent}{item.value} — {item.label}")
    rest = len(choices.items) - len(listed)
    if rest > 0:
        _say(f"  … et {plural(rest, 'autre')} : tapez l'identifiant ou le nom")


def _ask_text(label: str) -> str:
    while True:
        answer = _read(label)
        if answer:
            return answer
        _say("réponse attendue (Ctrl-C pour abandonner)")


def _ask_choice(label: str, choices: Choices) -> str:
    """The answer resolved against the choices; a wrong one is said, with what was
    probably meant, and asked again."""
    _list(label, choices)
    _complete_with([c.value for c in choices.items])
    while True:
        try:
            return resolve(_read(label, choices.default), choices, by_number=True)
        except ChoiceRefused as exc:
            _say(str(exc))


def _ask_field(folder: str, name: str, values: dict[str, Any], choices: RegisterChoices) -> Any:
    """The answer for `name`, or None when there is nothing to choose from."""
    label = LABELS.get(name, name.replace("_", " ").capitalize())
    options = choices.for_field(folder, name, values)
    if options is None:
        return None if name == "axe" else _ask_text(label)
    if not options.items:
        _say(f"({options.title} : aucun ; {label.lower()} à compléter dans le fichier)")
        return None
    answer = _ask_choice(label, options)
    return [answer] if name == "membre_de" else answer


def _ask(folder: str, given: dict[str, Any], choices: RegisterChoices) -> dict[str, Any]:
    """The values given, checked, and those missing asked for, in the order of the
    file; a wrong value is asked again, nothing already answered is lost. Ctrl-C or
    the end of input: exit 1 and nothing written."""
    values: dict[str, Any] = {}
    try:
        for name in OPTION_FIELDS[folder]:
            if name in given:
                try:
                    values[name] = choices.check(folder, name, given[name], values)
                    continue
                except ChoiceRefused as exc:
                    _say(f"--{name.replace('_', '-')} : {exc}")
            elif name not in PROMPTED[folder]:
                continue
            answer = _ask_field(folder, name, values, choices)
            if answer is not None:
                values[name] = answer
    except typer.Abort:
        _say(f"\n{ABANDON}")
        raise typer.Exit(1) from None
    return values


@handles_errors
def new(
    kind: Annotated[str, typer.Argument(help=KIND_HELP, show_default=False)],
    identifier: Annotated[
        str | None, typer.Argument(help=ID_HELP, show_default=False, metavar="[ID]")
    ] = None,
    register: RegisterOption = Path(),
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
    plan: Annotated[str | None, _opt("--plan", "Plan que sert l'action.")] = None,
    axe: Annotated[
        str | None, _opt("--axe", "Code de l'axe du plan (--plan) où se range l'action.")
    ] = None,
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
    siren: Annotated[
        str | None,
        _opt(
            "--siren",
            "SIREN d'un EPCI réel (territoire) : nom, nature, SIREN et population d'après "
            "la table des collectivités, et un fichier par commune membre.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="N'écrit rien : affiche le fichier qui serait créé.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Remplace le fichier s'il existe déjà.")
    ] = False,
) -> None:
    """Crée une fiche bien formée (action, acteur, plan ou territoire).

    Ligne de schéma, un commentaire par champ, identifiant libre suivant. Dans un
    terminal, les champs attendus manquants sont demandés parmi les choix du registre
    (pour une action : titre, plan et axe, pilote, élu référent, échelon) ; ailleurs (CI,
    scripts), un champ obligatoire manquant ou un identifiant inconnu arrête la commande
    avec le code 2, sans rien écrire.
    """
    from pcaet_cli.edit.new import check_options, kind_folder, plan_new, write_new
    from pcaet_cli.register.discovery import display, find_root

    given: dict[str, Any] = {
        "titre": titre,
        "nom": nom,
        "type": type_,
        "nature": nature,
        "pilote": pilote,
        "referent": referent,
        "echelon": echelon,
        "plan": plan,
        "axe": axe,
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
    if siren is not None:
        _new_epci(register, folder, siren, identifier, values, dry_run, force)
        return
    choices = RegisterChoices(find_root(register))
    if _interactive():
        check_options(folder, values)
        values = _ask(folder, values, choices)
    created = plan_new(
        register, kind, identifier, values, prefix=prefixe, force=force, choices=choices
    )
    if dry_run:
        sys.stdout.write(created.text)
        typer.echo(f"(--dry-run) {display(created.path)} serait créé.", err=True)
        return
    write_new(created)
    typer.echo(display(created.path))
    typer.echo(f"créé : {display(created.path)} ({created.identifier})", err=True)


def _new_epci(
    register: Path,
    folder: str,
    siren: str,
    identifier: str | None,
    values: dict[str, Any],
    dry_run: bool,
    force: bool,
) -> None:
    """`pcaet new territoire --siren`: the EPCI and its member communes."""
    from pcaet_cli.edit.new import plan_epci, write_new
    from pcaet_cli.errors import PcaetError
    from pcaet_cli.register.discovery import display

    if folder != "territoires":
        raise PcaetError(
            "--siren ne s'applique qu'à un territoire : pcaet new territoire --siren …"
        )
    others = sorted(set(values) - {"membre_de"})
    if others:
        options = ", ".join("--" + name.replace("_", "-") for name in others)
        raise PcaetError(f"--siren donne le nom, la nature et la population : retirez {options}")
    files = plan_epci(register, siren, identifier, values.get("membre_de"), force)
    if dry_run:
        for new_file in files:
            sys.stdout.write(f"{display(new_file.path)}\n")
        typer.echo(f"(--dry-run) {_created(len(files))}.", err=True)
        return
    for new_file in files:
        write_new(new_file)
    epci = files[0]
    typer.echo(display(epci.path))
    typer.echo(
        f"créé : {display(epci.path)} ({epci.identifier}) et "
        f"{plural(len(files) - 1, 'commune membre', 'communes membres')}",
        err=True,
    )
