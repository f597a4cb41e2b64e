"""`pcaet collecte`: the follow-up campaign with the services, relais, partners and
pilots who do not use git — workbooks out (`preparer`), back (`integrer`), and what is
still awaited (`suivi`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

from pcaet_cli.cli.common import handles_errors, parse_date
from pcaet_cli.errors import PcaetError
from pcaet_cli.french import plural

OLD_NAMES = {"--sortie": "--output", "--essai": "--dry-run"}
"""The spellings of the first version, kept as hidden aliases for one version."""

Etape = Literal["preparer", "integrer", "suivi"]
Par = Literal["service", "relais", "partenaire", "pilote"]

COLLECTE_HELP = (
    "Point d'étape avec ceux qui n'utilisent pas git : un classeur par destinataire, "
    "rempli puis intégré au registre.\n\n"
    "preparer --par service|relais|partenaire|pilote --output DOSSIER : un classeur (xlsx) "
    "par destinataire avec ses seules actions — statut, priorité, dates révisées, note de "
    "suivi datée, budget réalisé par année, mesures des indicateurs, actions proposées — "
    "et le manifeste collecte.json de la campagne.\n\n"
    "integrer FICHIERS… : reporte les réponses (xlsx ou ods) dans les fiches YAML, sans "
    "toucher au reste (commentaires, ordre, mise en forme) ; rien n'est écrit si une valeur "
    "est invalide ou si une action a changé depuis la préparation, sauf avec "
    "--appliquer-le-reste ; --dry-run montre les changements sans rien écrire. Le résultat "
    "est un changement ordinaire : « pcaet diff » le montre, « pcaet lint » le vérifie.\n\n"
    "Le grand tableur de « pcaet export --format xlsx » s'intègre de même : titre, statut, "
    "priorité et dates de sa feuille des actions sont reportés ; une autre colonne modifiée "
    "est signalée, non reprise.\n\n"
    "suivi --campagne DOSSIER : les classeurs revenus ou attendus, et les actions sans note "
    "de suivi depuis --depuis (défaut : la date de préparation).\n\n"
    "Codes de sortie : 0 fait ; 1 des réponses ont été refusées (voir les messages) ; "
    "2 la commande n'a pas pu s'exécuter."
)


def _only(etape: str, allowed: set[str], given: dict[str, object]) -> None:
    for option, value in given.items():
        if value not in (None, False) and option not in allowed:
            raise PcaetError(f"{option} ne sert pas à « pcaet collecte {etape} »")


@handles_errors
def collecte(
    etape: Annotated[Etape, typer.Argument(help="preparer, integrer ou suivi.")],
    fichiers: Annotated[
        list[Path] | None,
        typer.Argument(
            help="integrer : les classeurs revenus (.xlsx, .ods), ou le grand tableur.",
            show_default=False,
        ),
    ] = None,
    register: Annotated[
        Path, typer.Option("--registre", "-r", help="Dossier du registre.")
    ] = Path(),
    par: Annotated[
        Par | None,
        typer.Option(
            "--par", help="preparer : un classeur par service, relais, partenaire ou pilote."
        ),
    ] = None,
    sortie: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="preparer : dossier où écrire les classeurs.",
            file_okay=False,
        ),
    ] = None,
    reference_date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="AAAA-MM-JJ",
            help="preparer : date de la campagne (défaut : aujourd'hui) ; c'est aussi "
            "l'année des mesures demandées et la date des notes laissées sans date.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="preparer : remplace les classeurs existants.")
    ] = False,
    essai: Annotated[
        bool,
        typer.Option("--dry-run", help="integrer : montre les changements, n'écrit rien."),
    ] = False,
    appliquer_le_reste: Annotated[
        bool,
        typer.Option(
            "--appliquer-le-reste",
            help="integrer : applique les réponses valides malgré les refus signalés.",
        ),
    ] = False,
    campagne: Annotated[
        Path | None,
        typer.Option(
            "--campagne",
            help="integrer, suivi : dossier du manifeste collecte.json (défaut : celui des "
            "classeurs, ou son dossier parent).",
            file_okay=False,
        ),
    ] = None,
    depuis: Annotated[
        str | None,
        typer.Option(
            "--depuis",
            metavar="AAAA-MM-JJ",
            help="suivi : une action est à jour si elle a une note de suivi depuis cette date.",
        ),
    ] = None,
) -> None:
    given: dict[str, object] = {
        "--par": par,
        "--output": sortie,
        "--date": reference_date,
        "--force": force,
        "--dry-run": essai,
        "--appliquer-le-reste": appliquer_le_reste,
        "--campagne": campagne,
        "--depuis": depuis,
        "FICHIERS": fichiers or None,
    }
    if etape == "preparer":
        _only(etape, {"--par", "--output", "--date", "--force"}, given)
        if par is None or sortie is None:
            raise PcaetError("preparer demande --par et --output DOSSIER")
        _prepare(register, par, sortie, parse_date(reference_date) or date.today(), force)
    elif etape == "integrer":
        _only(etape, {"--dry-run", "--appliquer-le-reste", "--campagne", "FICHIERS"}, given)
        if not fichiers:
            raise PcaetError(
                "integrer demande les classeurs revenus : pcaet collecte integrer *.xlsx"
            )
        _integrate(register, fichiers, essai, appliquer_le_reste, campagne)
    else:
        _only(etape, {"--campagne", "--depuis"}, given)
        _follow(register, campagne or Path(), parse_date(depuis))


collecte.__doc__ = COLLECTE_HELP


def register_revision(root: Path) -> str | None:
    """The register's commit when it is in git (`git rev-parse HEAD`), else None."""
    import shutil

    if shutil.which("git") is None:
        return None
    from pcaet_cli.git import GitRepo

    try:
        return GitRepo(root).resolve("HEAD")
    except PcaetError:
        return None


def _prepare(register: Path, par: str, outdir: Path, made_on: date, force: bool) -> None:
    from pcaet_cli.cli.common import load_index
    from pcaet_cli.collecte import campaign
    from pcaet_cli.collecte.preparer import prepare
    from pcaet_cli.fsutil import atomic_write, register_owns
    from pcaet_cli.register.discovery import find_root

    root = find_root(register)
    if register_owns(outdir / "classeur.xlsx", root) or outdir.resolve() == root.resolve():
        raise PcaetError(
            f"{outdir} : écrivez les classeurs hors du registre (par exemple ../collecte)"
        )
    config, index = load_index(register)
    revision = register_revision(root)
    plan = config.registre.nom or root.name
    prepared = prepare(index, par, made_on, revision, plan, outdir, root, force)
    manifest = campaign.load(outdir)
    for item in prepared:
        atomic_write(outdir / item.file, item.data)
        campaign.record_prepared(
            manifest,
            item.file,
            item.recipient.ident,
            item.recipient.name,
            par,
            made_on,
            revision,
            list(item.recipient.actions),
        )
        typer.echo(
            f"{outdir / item.file}  {item.recipient.name} : "
            f"{plural(len(item.recipient.actions), 'action')}"
        )
    manifest["date"] = made_on.isoformat()
    campaign.save(outdir, manifest, root)
    total = sum(len(i.recipient.actions) for i in prepared)
    typer.echo(
        f"{plural(len(prepared), 'classeur préparé', 'classeurs préparés')} dans {outdir} "
        f"({plural(total, 'action')}) ; "
        f"manifeste : {outdir / campaign.MANIFEST}",
        err=True,
    )


def _manifest_folder(files: list[Path], given: Path | None) -> Path | None:
    from pcaet_cli.collecte.campaign import MANIFEST

    if given is not None:
        return given
    for file in files:
        for folder in (file.resolve().parent, file.resolve().parent.parent):
            if (folder / MANIFEST).is_file():
                return folder
    return None


def _integrate(
    register: Path, files: list[Path], essai: bool, apply_rest: bool, folder: Path | None
) -> None:
    from pcaet_cli.cli.common import load_index
    from pcaet_cli.collecte import campaign
    from pcaet_cli.collecte.integrer import integrate, write
    from pcaet_cli.register.discovery import find_root
    from pcaet_cli.textsafe import visible

    for file in files:
        if not file.is_file():
            raise PcaetError(f"{file} : classeur introuvable")
    root = find_root(register)
    _, index = load_index(register)
    result = integrate(index, root, files)
    for notice in result.notices:
        typer.echo(visible(str(notice)), err=True)
    for problem in result.problems:
        typer.echo(visible(str(problem)), err=True)
    refused = bool(result.problems)
    if refused and not apply_rest:
        typer.echo(
            "Rien n'a été écrit : "
            f"{plural(len(result.problems), 'réponse refusée', 'réponses refusées')}. Corrigez les "
            "classeurs, ou ajoutez --appliquer-le-reste pour reporter les réponses valides.",
            err=True,
        )
        raise typer.Exit(1)
    for change in result.files:
        typer.echo(visible(change.shown + (" (nouveau fichier)" if change.before is None else "")))
        for line in change.changes:
            typer.echo(visible(f"  {line}"))
    if essai:
        typer.echo(
            "Essai : "
            f"{plural(len(result.files), 'fichier serait modifié', 'fichiers seraient modifiés')}"
            " ; rien n'a été écrit.",
            err=True,
        )
        raise typer.Exit(1 if refused else 0)
    write(result)
    collected = [b for b in result.workbooks if b.stamp.kind == "collecte"]
    manifest_dir = _manifest_folder([b.path for b in collected], folder) if collected else None
    if manifest_dir is not None:
        manifest = campaign.load(manifest_dir)
        for book in collected:
            campaign.record_integrated(
                manifest,
                book.stamp.recipient,
                book.stamp.par,
                book.path.name,
                date.today(),
                result.applied.get(book.path.name, []),
            )
        campaign.save(manifest_dir, manifest, root)
    elif collected:
        typer.echo(
            "Aucun manifeste collecte.json près des classeurs : le suivi de la campagne ne "
            "saura pas qu'ils sont revenus (--campagne DOSSIER).",
            err=True,
        )
    changed = plural(
        len(result.files), "fichier du registre modifié", "fichiers du registre modifiés"
    )
    typer.echo(
        f"{changed} ; relisez avec « pcaet diff », "
        "vérifiez avec « pcaet lint », puis validez (git commit).",
        err=True,
    )
    if refused:
        raise typer.Exit(1)


def _follow(register: Path, folder: Path, since: date | None) -> None:
    from pcaet_cli.cli.common import load_index
    from pcaet_cli.collecte import campaign
    from pcaet_cli.textsafe import visible

    if not campaign.manifest_path(folder).is_file():
        raise PcaetError(f"{folder} : pas de manifeste {campaign.MANIFEST} (--campagne DOSSIER)")
    manifest = campaign.load(folder)
    _, index = load_index(register)
    books = campaign.states(manifest)
    if since is None:
        since = min(
            (date.fromisoformat(b.prepared) for b in books if b.prepared), default=date.today()
        )
    back = [b for b in books if b.integrated]
    typer.echo(
        f"Classeurs : {plural(len(books), 'préparé', 'préparés')}, "
        f"{plural(len(back), 'revenu et intégré', 'revenus et intégrés')}"
    )
    for b in books:
        state = f"intégré le {b.integrated}" if b.integrated else "attendu"
        typer.echo(
            visible(f"  {b.file} — {b.name} ({b.par}, {plural(b.actions, 'action')}) : {state}")
        )
    late = campaign.stale(manifest, index, since)
    typer.echo(
        f"Actions sans réponse ni note de suivi depuis le {since.strftime('%d/%m/%Y')} : "
        f"{len(late)}"
    )
    for s in late:
        last = s.last.strftime("%d/%m/%Y") if s.last else "jamais"
        typer.echo(
            visible(f"  {s.ident} — {s.titre} (dernière note : {last} ; {', '.join(s.recipients)})")
        )
