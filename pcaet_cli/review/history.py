"""The life of one register entity, from the git log: what changed, when, and by whom."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pcaet_cli.errors import PcaetError
from pcaet_cli.git import GitRepo
from pcaet_cli.model import KINDS
from pcaet_cli.register.discovery import YAML_SUFFIXES
from pcaet_cli.review.changes import field_changes
from pcaet_cli.review.snapshot import read_entity
from pcaet_cli.textmatch import closest


@dataclass(frozen=True, slots=True)
class Event:
    commit: str
    short: str
    date: str
    """AAAA-MM-JJ, the author's date."""
    author: str
    subject: str
    path: str | None
    lines: list[str]


@dataclass(slots=True)
class History:
    kind: str
    id: str
    path: str
    shallow: bool
    events: list[Event] = field(default_factory=list)
    """Oldest first."""
    deleted_in: str | None = None
    """The short hash of the commit that deleted the file, when HEAD no longer has it."""


_KIND_ORDER = ("actions", "acteurs", "plans", "territoires")


def _entity(path: str, prefix: str) -> tuple[str, str] | None:
    """(kind, identifier) of the register file `path`, or None for another file."""
    if not path.startswith(prefix):
        return None
    inside = PurePosixPath(path[len(prefix) :])
    if len(inside.parts) >= 2 and inside.parts[0] in KINDS and inside.suffix in YAML_SUFFIXES:
        return inside.parts[0], inside.stem
    return None


def _locate(
    repo: GitRepo, folder: str, ident: str, kinds: tuple[str, ...] = _KIND_ORDER
) -> tuple[str, str, str | None]:
    """(kind, path, deleting commit) of the file of `ident` among `kinds`, actions
    first: its path at HEAD, else the path it had when it was last deleted, with that
    commit. Unknown: an error that offers the closest identifier."""
    prefix = f"{folder}/" if folder else ""
    known: set[str] = set()
    found: dict[str, str] = {}
    for blob in repo.ls_tree("HEAD", folder):
        if entity := _entity(blob.path, prefix):
            known.add(entity[1])
            if entity[1] == ident:
                found.setdefault(entity[0], blob.path)
    for kind in kinds:
        if kind in found:
            return kind, found[kind], None
    deleted: dict[str, tuple[str, str]] = {}
    for commit, path in repo.deletions(folder):
        if entity := _entity(path, prefix):
            known.add(entity[1])
            if entity[1] == ident:
                deleted.setdefault(entity[0], (path, commit))
    for kind in kinds:
        if kind in deleted:
            return kind, *deleted[kind]
    guess = closest(ident, sorted(known - {ident}))
    advice = f" ; vouliez-vous dire « {guess} » ?" if guess else ""
    raise PcaetError(
        f"« {ident} » introuvable dans le registre, ni au dernier commit (HEAD) ni parmi "
        "les fichiers supprimés : vérifiez l'identifiant (le nom du fichier sans .yaml) ; "
        f"une entité non encore commitée n'a pas d'historique{advice}"
    )


def entity_of_path(root: Path, typed: str) -> tuple[str, str]:
    """(kind, identifier) of a register file named by its path, relative to the current
    folder or absolute (it may have been deleted): `register/actions/mob-03.yaml` →
    ("actions", "mob-03"). A path outside the register, or to no entity, is refused."""
    target = Path(typed).expanduser().absolute()
    base = root.resolve()
    try:
        inside = target.parent.resolve().relative_to(base) / target.name
    except ValueError:
        raise PcaetError(
            f"« {typed} » n'est pas dans le registre ({root}) : donnez l'identifiant de "
            "l'élément (mob-03) ou le chemin de son fichier dans le registre"
        ) from None
    entity = _entity(inside.as_posix(), "")
    if entity is None:
        raise PcaetError(
            f"« {typed} » n'est pas le fichier d'un élément du registre : attendu "
            f"<type>/<identifiant>.yaml, le type parmi {', '.join(_KIND_ORDER)}"
        )
    return entity


def looks_like_path(typed: str) -> bool:
    """`actions/mob-03.yaml`, `./mob-03.yaml`, `C:\\…`: a path, not an identifier."""
    return "/" in typed or "\\" in typed or PurePosixPath(typed).suffix in YAML_SUFFIXES


def history(repo: GitRepo, root: Path, ident: str) -> History:
    """The history of the entity `ident`, an identifier or the path of its file."""
    folder = repo.relative(root)
    if looks_like_path(ident):
        kind, ident = entity_of_path(root, ident)
        kind, path, deleting = _locate(repo, folder, ident, (kind,))
    else:
        kind, path, deleting = _locate(repo, folder, ident)
    result = History(kind, ident, path, repo.shallow)
    if deleting is not None:
        result.deleted_in = repo.short(deleting)
    log = list(reversed(repo.log_follow(path, deleting or "HEAD")))
    contents = repo.cat([f"{c.hash}:{where}" for c, where in log if where])
    previous = None
    previous_path: str | None = None
    for commit, where in log:
        lines: list[str] = []
        raw = contents.get(f"{commit.hash}:{where}") if where else None
        current = None
        if where is None or raw is None:
            lines.append("fichier supprimé")
        else:
            current = read_entity(kind, PurePosixPath(where).stem, where, raw)
            if previous_path is not None and previous_path != where:
                lines.append(f"renommé : {previous_path} → {where}")
            if current.data is None:
                lines.append("fichier illisible à ce commit (« pcaet lint » dit pourquoi)")
            elif previous is None or previous.data is None:
                what = "création" if previous is None else "de nouveau lisible"
                summary = [
                    what,
                    *([f"statut : {current.data['statut']}"] if "statut" in current.data else []),
                ]
                if "pilote" in current.data:
                    summary.append(f"pilote : {current.data['pilote']}")
                lines.append(" ; ".join(summary))
            else:
                lines += [c.summary for c in field_changes(previous.data, current.data)]
            if not lines:
                lines.append("mise en forme ou commentaires seulement")
        result.events.append(
            Event(
                commit.hash,
                commit.short,
                commit.date[:10],
                commit.author,
                commit.subject,
                where,
                lines,
            )
        )
        previous, previous_path = current, where
    return result
