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


def _kind(path: str, prefix: str, ident: str) -> str | None:
    """The kind of the register file `path` when it is the file of `ident`."""
    if not path.startswith(prefix):
        return None
    inside = PurePosixPath(path[len(prefix) :])
    if (
        len(inside.parts) >= 2
        and inside.parts[0] in KINDS
        and inside.suffix in YAML_SUFFIXES
        and inside.stem == ident
    ):
        return inside.parts[0]
    return None


def _locate(repo: GitRepo, folder: str, ident: str) -> tuple[str, str, str | None]:
    """(kind, path, deleting commit) of the file of `ident`, actions first: its path at
    HEAD, else the path it had when it was last deleted, with that commit."""
    prefix = f"{folder}/" if folder else ""
    found: dict[str, str] = {}
    for blob in repo.ls_tree("HEAD", folder):
        if kind := _kind(blob.path, prefix, ident):
            found.setdefault(kind, blob.path)
    for kind in _KIND_ORDER:
        if kind in found:
            return kind, found[kind], None
    deleted: dict[str, tuple[str, str]] = {}
    for commit, path in repo.deletions(folder):
        if kind := _kind(path, prefix, ident):
            deleted.setdefault(kind, (path, commit))
    for kind in _KIND_ORDER:
        if kind in deleted:
            return kind, *deleted[kind]
    raise PcaetError(
        f"« {ident} » introuvable dans le registre, ni au dernier commit (HEAD) ni parmi "
        "les fichiers supprimés : vérifiez l'identifiant (le nom du fichier sans .yaml) ; "
        "une entité non encore commitée n'a pas d'historique"
    )


def history(repo: GitRepo, root: Path, ident: str) -> History:
    folder = repo.relative(root)
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
