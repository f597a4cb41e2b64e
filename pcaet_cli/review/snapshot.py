"""A register as it stood at one revision (read from git) or in the working tree."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pcaet_cli.errors import PcaetError
from pcaet_cli.git import GitRepo
from pcaet_cli.model import KINDS
from pcaet_cli.register.discovery import CONFIG_NAME, YAML_SUFFIXES
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import Document, LoadedRegister, validate
from pcaet_cli.register.yamlfile import parse

WORKTREE = "copie de travail"


@dataclass(slots=True)
class Entity:
    kind: str
    id: str
    path: str
    """Path relative to the repository root (what a reviewer sees in the merge request)."""
    document: Document
    _data: dict[str, Any] | None = field(default=None, init=False, repr=False)

    @property
    def data(self) -> dict[str, Any] | None:
        """The validated content as JSON values, without `id`; None when unreadable.
        Made when first asked: a diff looks only at the entities its change touched."""
        if self._data is None and self.document.model is not None:
            self._data = self.document.model.model_dump(
                mode="json", exclude_none=True, exclude={"id"}
            )
        return self._data

    @property
    def readable(self) -> bool:
        return self.document.model is not None

    @property
    def fingerprint(self) -> str | None:
        if self.data is None:
            return None
        return json.dumps(self.data, sort_keys=True, ensure_ascii=False)


@dataclass(slots=True)
class Snapshot:
    label: str
    """The short hash, or "copie de travail"."""
    folder: str
    """The register's folder relative to the repository root ("" for the root)."""
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    built: RegisterIndex | None = None
    """The index `pcaet lint` built of the same documents, when the snapshot comes
    from its run."""

    @property
    def documents(self) -> list[Document]:
        return [e.document for e in self.entities.values()]

    def index(self) -> RegisterIndex:
        if self.built is None:
            self.built = RegisterIndex.build(self.documents)
        return self.built


Parsed = dict[tuple[str, str, bytes], Document]
"""Files already read, by kind, identifier and content digest: between two revisions
most files are unchanged, and parsing is most of a diff's cost."""


def read_entity(
    kind: str, ident: str, path: str, raw: bytes, cache: Parsed | None = None
) -> Entity:
    key = (kind, ident, hashlib.sha1(raw, usedforsecurity=False).digest())
    if cache is not None and key in cache:
        return Entity(kind, ident, path, cache[key])
    # Positions only if something asks for them (a schema error): the quick reading.
    source = parse(raw, path, positions=False)
    model, _diags, invalid = validate(source, KINDS[kind], path)
    document = Document(kind, ident, Path(path), path, source, model, invalid)
    if cache is not None:
        cache[key] = document
    return Entity(kind, ident, path, document)


def _kind_of(relative: PurePosixPath) -> str | None:
    """The kind of a register file from its path inside the register, as `walk` does."""
    parts = relative.parts
    if len(parts) < 2 or parts[0] not in KINDS or relative.suffix not in YAML_SUFFIXES:
        return None
    if any(p.startswith(".") for p in parts):
        return None
    return parts[0]


def _excluded(relative: PurePosixPath, exclude: tuple[str, ...]) -> bool:
    return any(relative.match(pattern) for pattern in exclude)


def _add(snapshot: Snapshot, entity: Entity) -> None:
    # A duplicate identifier (a.yaml and a.yml) is `pcaet lint`'s business: keep the first.
    snapshot.entities.setdefault((entity.kind, entity.id), entity)


def register_folder(repo: GitRepo, commit: str, folder: str) -> str | None:
    """Where the register of `folder` stood at `commit`: `folder` when it held a
    pcaet.toml then; else (the register was moved since) the folder of the only
    pcaet.toml of that revision; None when it had none (the register did not exist
    yet, and everything in it is new)."""
    config = f"{folder}/{CONFIG_NAME}" if folder else CONFIG_NAME
    if any(b.path == config for b in repo.ls_tree(commit, folder)):
        return folder
    roots = sorted(
        str(PurePosixPath(b.path).parent)
        for b in repo.ls_tree(commit)
        if PurePosixPath(b.path).name == CONFIG_NAME
    )
    if not roots:
        return None
    if len(roots) != 1:
        raise PcaetError(
            f"registre ambigu à la révision {repo.short(commit)} : {CONFIG_NAME} absent de "
            f"« {folder or '.'} » et présent dans {len(roots)} dossiers "
            f"({', '.join(roots)})"
        )
    return "" if roots[0] == "." else roots[0]


def at_revision(
    repo: GitRepo,
    commit: str,
    folder: str,
    exclude: tuple[str, ...] = (),
    cache: Parsed | None = None,
) -> Snapshot:
    """The register at `commit`, in `folder` as `register_folder` found it, read from
    git blob by blob: what a diff falls back on when `pcaet lint` cannot check it."""
    snapshot = Snapshot(repo.short(commit), folder)
    wanted: list[tuple[str, str, str, str]] = []
    for blob in repo.ls_tree(commit, folder):
        inside = PurePosixPath(blob.path[len(folder) + 1 :] if folder else blob.path)
        kind = _kind_of(inside)
        if kind is None or _excluded(inside, exclude):
            continue
        wanted.append((kind, inside.stem, blob.path, blob.oid))
    contents = repo.cat([oid for *_, oid in wanted])
    for kind, ident, path, oid in wanted:
        _add(snapshot, read_entity(kind, ident, path, contents.get(oid, b""), cache))
    return snapshot


def from_lint(label: str, folder: str, loaded: LoadedRegister, index: RegisterIndex) -> Snapshot:
    """The register `pcaet lint` read (`loaded`, whose `index` it built), its paths
    given from the repository root where it lies in `folder`: a diff lints both sides
    anyway, and reading them a second time was most of its cost. A file lint did not
    read (too large, unreadable) is an unreadable entity, as it would be in git."""
    prefix = f"{folder}/" if folder else ""
    snapshot = Snapshot(label, folder, built=index)
    read = set()
    for document in loaded.documents:
        read.add(document.display)
        path = prefix + loaded.relative[document.display]
        _add(snapshot, Entity(document.kind, document.id, path, document))
    for shown, source in loaded.sources.items():
        if shown in read:
            continue
        inside = PurePosixPath(loaded.relative[shown])
        kind = _kind_of(inside)
        if kind is None:
            continue
        document = Document(kind, inside.stem, Path(shown), shown, source, None)
        _add(snapshot, Entity(kind, inside.stem, f"{prefix}{inside}", document))
    return snapshot


def in_worktree(
    repo: GitRepo, root: Path, exclude: tuple[str, ...] = (), cache: Parsed | None = None
) -> Snapshot:
    """The register as it is on disk, uncommitted changes included."""
    from pcaet_cli.register.discovery import walk

    folder = repo.relative(root)
    snapshot = Snapshot(WORKTREE, folder)
    for file in walk(root).files:
        inside = PurePosixPath(file.path.relative_to(root).as_posix())
        if file.kind is None or _excluded(inside, exclude):
            continue
        path = f"{folder}/{inside}" if folder else str(inside)
        try:
            raw = file.path.read_bytes()
        except OSError:
            raw = b"\0"  # parse() reports it unreadable, like a binary file
        _add(snapshot, read_entity(file.kind, file.identifier, path, raw, cache))
    return snapshot
