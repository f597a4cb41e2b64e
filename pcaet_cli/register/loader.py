"""Loading a whole register: every file read, validated and placed, every problem a
diagnostic. Nothing here writes into the register (the cache lives elsewhere)."""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

import pcaet_cli.register.codes  # noqa: F401  (declares the codes emitted here)
from pcaet_cli.diagnostic import Diagnostic, diagnostic
from pcaet_cli.errors import os_reason
from pcaet_cli.french import shown as as_written
from pcaet_cli.fsutil import unsafe_name
from pcaet_cli.model import KINDS, RegisterModel
from pcaet_cli.model.common import share_field_sets
from pcaet_cli.register.cache import FileCache
from pcaet_cli.register.discovery import (
    CONFIG_NAME,
    MAX_FILE_SIZE,
    RegisterFile,
    TooLarge,
    display_of,
    read_limited,
    walk,
)
from pcaet_cli.register.positions import Path as YamlPath
from pcaet_cli.register.positions import Positions, Span
from pcaet_cli.register.schema_errors import translate
from pcaet_cli.register.yamlfile import YamlFile, parse
from pcaet_cli.textmatch import slug

IDENTIFIER = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""Matched from the start: `$` would also accept a final line break."""


@dataclass(slots=True)
class Document:
    """One register file: its kind, identifier, source with positions and model."""

    kind: str
    id: str
    path: Path
    display: str
    source: YamlFile
    model: RegisterModel | None
    """None when the file could not be read or lacks a required field."""
    invalid: frozenset[str] = frozenset()
    """Top-level fields left out of `model` for a schema error: rules that report a
    missing field skip them, the schema diagnostic already says what is wrong."""

    def lacks(self, field: str) -> bool:
        """True when `field` is absent from the file, not merely invalid."""
        return field not in self.invalid

    def span(self, field: YamlPath = (), *, key: bool = False) -> Span:
        positions = self.source.positions
        return positions.key(field) if key else positions.value(field)


@dataclass(slots=True)
class LoadedRegister:
    root: Path
    documents: list[Document]
    diagnostics: list[Diagnostic]
    files: int
    sources: dict[str, YamlFile]
    """Every file read, by display path (also those outside the kind folders)."""
    relative: dict[str, str]
    """Display path → POSIX path relative to the root, for every file seen (YAML or
    not): what `exclude` and `per-file-ignores` patterns match."""
    refused: int = 0
    """Files and folders never read: links leaving the register, special files,
    unreadable folders (N004, N005)."""
    run_key: str | None = None
    """The key of this whole run, when asked for (`load_register(reuse=)`) and every
    file could be read."""
    kept_run: bytes | None = None
    """What the cache kept of a run under `run_key`: then nothing else was loaded
    (no document, no finding; `sources` hold the files' text only)."""

    @property
    def left_out(self) -> int:
        """How many files the register holds that gave no model: commands that read
        models say so once (lint says why)."""
        return self.files + self.refused - sum(1 for d in self.documents if d.model is not None)


@dataclass(frozen=True, slots=True)
class Earlier:
    """A register this process read before at the same place, and the files changed
    there since: the others are taken as they were read, not read again (the second
    side of a diff, whose copy is the first one with the change written over)."""

    loaded: LoadedRegister
    changed: frozenset[str]
    """Paths from the register root of every file written, removed or added since;
    pcaet.toml must not be one of them (its settings decide what is read)."""

    def files(self) -> dict[str, tuple[Document | None, YamlFile, list[Diagnostic]]]:
        """Each file read then and unchanged since, by display path: its document (None
        for a misplaced or unreadable file), its source and its own findings."""
        loaded = self.loaded
        documents = {d.display: d for d in loaded.documents}
        findings: dict[str, list[Diagnostic]] = {}
        for diag in loaded.diagnostics:
            findings.setdefault(diag.path, []).append(diag)
        return {
            shown: (documents.get(shown), source, findings.get(shown, []))
            for shown, source in loaded.sources.items()
            if loaded.relative.get(shown) not in self.changed
        }


def _diag(path: str, code: str, message: str, span: Span, hint: str | None) -> Diagnostic:
    return diagnostic(code, path, span.line, span.column, message, hint)


def _crashed(path: str, exc: Exception) -> Diagnostic:
    return diagnostic(
        "Y001",
        path,
        1,
        1,
        f"lecture interrompue par une erreur interne ({type(exc).__name__} : {exc}) : "
        "le fichier est laissé de côté",
        "signalez-le aux mainteneurs de pcaet avec ce fichier ; le reste du registre est vérifié",
    )


def validate(
    source: YamlFile, model: type[RegisterModel], path: str
) -> tuple[RegisterModel | None, list[Diagnostic], frozenset[str]]:
    """Validate a parsed file; on errors, retry without the faulty top-level fields so
    that the entity still exists for references and the other rules."""
    data = source.data
    if not isinstance(data, dict):
        return None, [], frozenset()
    try:
        return _validate(source, data, model, path)
    except Exception as exc:  # a validator that raised: this file only is left out
        return None, [_crashed(path, exc)], frozenset()


def _validate(
    source: YamlFile, data: dict[str, object], model: type[RegisterModel], path: str
) -> tuple[RegisterModel | None, list[Diagnostic], frozenset[str]]:
    try:
        return model.model_validate(data), [], frozenset()
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    diags = [translate(error, model, source, path) for error in errors]
    faulty = frozenset(str(error["loc"][0]) for error in errors if error["loc"])
    rest = {k: v for k, v in data.items() if k not in faulty}
    try:
        return model.model_validate(rest), diags, faulty
    except ValidationError:
        return None, diags, faulty


def examine(
    raw: bytes, file: RegisterFile, shown: str, *, positions: bool = True
) -> tuple[YamlFile, RegisterModel | None, frozenset[str], list[Diagnostic]]:
    """Everything one file says on its own: its values, model and findings."""
    source, before, after = _read(raw, file, shown, positions)
    if file.kind is None:
        return source, None, frozenset(), before
    model, schema_diags, invalid = validate(source, KINDS[file.kind], shown)
    return source, model, invalid, [*before, *schema_diags, *after]


def _read(
    raw: bytes, file: RegisterFile, shown: str, positions: bool
) -> tuple[YamlFile, list[Diagnostic], list[Diagnostic]]:
    """A file's values and what it says on its own but for its schema: the findings that
    come before the schema's (reading, naming) and after (the `id` key)."""
    try:
        source = parse(raw, shown, positions=positions)
    except Exception as exc:  # one file must never stop the run: it becomes a finding
        source = YamlFile("", None, Positions(), [_crashed(shown, exc)], shown)
    diags = list(source.diagnostics)
    if file.kind is None:
        parts = file.relative.split("/")
        where = parts[0] if len(parts) > 1 else None
        message = (
            f"fichier YAML dans un dossier inconnu « {where} »"
            if where
            else "fichier YAML à la racine du registre"
        )
        diags.append(
            _diag(
                shown,
                "N001",
                message,
                Span(1, 1, 1, 1),
                "rangez-le dans territoires/, acteurs/, plans/ ou actions/, ou excluez-le "
                "avec « exclude » dans pcaet.toml",
            )
        )
        return source, diags, []
    identifier = file.identifier
    if not IDENTIFIER.match(identifier):
        suggestion = slug(identifier)
        diags.append(
            _diag(
                shown,
                "N002",
                f"identifiant « {identifier} » hors convention de nommage",
                Span(1, 1, 1, 1),
                f"renommez le fichier « {suggestion}{file.path.suffix} » "
                "(minuscules sans accents, chiffres et tirets)",
            )
        )
    elif (reason := unsafe_name(identifier)) is not None:
        # Well formed, yet not a file name every system opens (nul, com1, > 100 bytes).
        diags.append(
            _diag(
                shown,
                "N002",
                f"identifiant « {identifier[:60]} » : {reason}",
                Span(1, 1, 1, 1),
                "renommez le fichier : un registre doit s'ouvrir sur tous les postes",
            )
        )
    after: list[Diagnostic] = []
    if isinstance(source.data, dict) and "id" in source.data and source.data["id"] != identifier:
        after.append(
            _diag(
                shown,
                "N003",
                f"« id: {as_written(source.data['id'])} » contredit le nom du fichier "
                f"({identifier})",
                source.positions.value(("id",)),
                "l'identifiant est le nom du fichier : retirez la clé « id » "
                "ou renommez le fichier",
            )
        )
    return source, diags, after


def _unreadable(shown: str, exc: OSError) -> Diagnostic:
    if isinstance(exc, TooLarge):
        return diagnostic(
            "Y008",
            shown,
            1,
            1,
            f"fichier trop gros ({os_reason(exc)}) : il n'est pas lu",
            "une fiche tient en quelques kilo-octets : découpez le fichier, ou relevez "
            "« taille-max-fichier » dans la section [registre] de pcaet.toml",
        )
    return diagnostic(
        "Y003",
        shown,
        1,
        1,
        f"fichier illisible ({os_reason(exc)})",
        "vérifiez les droits de lecture du fichier",
    )


@dataclass(slots=True)
class _Loading:
    """A register being loaded: what is collected, file after file, in walk order."""

    models_only: bool = False
    """Keep neither each file's text nor its plain values, only its model."""
    run_key: str | None = None
    kept_run: bytes | None = None
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, YamlFile] = field(default_factory=dict)

    def unreadable(self, shown: str, exc: OSError) -> None:
        self.sources[shown] = YamlFile("", None, Positions(), [], shown)
        self.diagnostics.append(_unreadable(shown, exc))

    def adopt(
        self,
        shown: str,
        document: Document | None,
        source: YamlFile,
        diags: list[Diagnostic],
    ) -> None:
        """A file as an earlier run read it (`Earlier`)."""
        self.sources[shown] = source
        self.diagnostics.extend(diags)
        if document is not None:
            self.documents.append(document)

    def add(
        self,
        file: RegisterFile,
        shown: str,
        source: YamlFile,
        model: RegisterModel | None,
        invalid: frozenset[str],
        diags: list[Diagnostic],
    ) -> None:
        self.sources[shown] = source
        self.diagnostics.extend(diags)
        if model is not None:
            share_field_sets(model)
        if file.kind is not None:
            self.documents.append(
                Document(file.kind, file.identifier, file.path, shown, source, model, invalid)
            )


def _straightforward(
    loading: _Loading, files: list[tuple[RegisterFile, str]], max_size: int
) -> None:
    """Each file read, parsed with every position and validated, one after the other:
    the reference the fast path must match finding for finding."""
    for file, shown in files:
        try:
            raw = read_limited(file.path, max_size)
        except OSError as exc:
            loading.unreadable(shown, exc)
            continue
        loading.add(file, shown, *examine(raw, file, shown))


def load_register(
    root: Path,
    exclude: tuple[str, ...] = (),
    *,
    fast: bool = True,
    cache: FileCache | None = None,
    models_only: bool = False,
    max_size: int = MAX_FILE_SIZE,
    reuse: str | None = None,
    earlier: Earlier | None = None,
) -> LoadedRegister:
    """Every file of the register, read and validated. The fast path (the default)
    computes positions only for the files that need them, takes unchanged files from
    `cache` and spreads the others over worker processes; `fast=False` is the
    straightforward reading that tests hold it to. `models_only` (fast path only)
    keeps neither the text of files nor their plain values, hence no position: for
    readers of the models alone (reports, site, export). A file over `max_size` bytes,
    a link leaving the register and a special file are findings, never read. `reuse`
    (fast path) names what the caller will compute: see `LoadedRegister.run_key`;
    `earlier` (fast path, without `reuse`) gives the files unchanged since a run at
    the same place."""
    layout = walk(root)
    cwd = os.path.realpath(Path.cwd())
    relatives: dict[str, str] = {}
    files: list[tuple[RegisterFile, str]] = []
    for file in layout.files:
        if exclude and _excluded(file.relative, exclude):
            continue
        where = display_of(str(file.path), cwd)
        relatives[where] = file.relative
        files.append((file, where))
    if exclude and layout.files and not files:
        relatives[CONFIG_NAME] = CONFIG_NAME
        shown = display_of(str(root / CONFIG_NAME), cwd)
        try:
            text = (root / CONFIG_NAME).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        line = next((n for n, t in enumerate(text.splitlines(), 1) if "exclude" in t), 1)
        excluded_all = _diag(
            shown,
            "N006",
            f"« exclude » écarte les {len(layout.files)} fichiers YAML du registre : "
            "rien n'est vérifié",
            Span(line, 1, line, 1),
            "resserrez les motifs d'« exclude » (par exemple « brouillons/* ») dans pcaet.toml",
        )
    else:
        excluded_all = None
    loading = _Loading(models_only=models_only)
    with quiet_collector():
        if fast:
            from pcaet_cli.register.fastpath import load_fast

            if reuse is not None:
                # What the walk found besides the files makes findings too.
                seen = [f"{r.file.relative}:{r.code}:{r.message}" for r in layout.refused]
                seen += [s.relative for s in layout.strays]
                reuse = "\0".join([reuse, repr(excluded_all), *seen])
            load_fast(loading, files, cache, max_size, reuse, earlier)
        else:
            _straightforward(loading, files, max_size)
    diagnostics = loading.diagnostics
    if excluded_all is not None:
        diagnostics.append(excluded_all)
    refusals = 0
    for refused in layout.refused:
        if exclude and _excluded(refused.file.relative, exclude):
            continue
        refusals += 1
        where = display_of(str(refused.file.path), cwd)
        relatives[where] = refused.file.relative
        diagnostics.append(
            _diag(where, refused.code, refused.message, Span(1, 1, 1, 1), refused.hint)
        )
    for stray in layout.strays:
        if exclude and _excluded(stray.relative, exclude):
            continue
        where = display_of(str(stray.path), cwd)
        relatives[where] = stray.relative
        diagnostics.append(
            _diag(
                where,
                "N001",
                "fichier sans extension .yaml dans un dossier du registre",
                Span(1, 1, 1, 1),
                "renommez-le en .yaml s'il décrit une entité, sinon déplacez-le hors du dossier",
            )
        )
    return LoadedRegister(
        root,
        loading.documents,
        diagnostics,
        len(files),
        loading.sources,
        relatives,
        refusals,
        loading.run_key,
        loading.kept_run,
    )


def _excluded(relative: str, patterns: tuple[str, ...]) -> bool:
    path = PurePosixPath(relative)
    return any(path.match(pattern) for pattern in patterns)


@contextmanager
def quiet_collector() -> Iterator[None]:
    """Loading and checking make millions of small objects and no reference cycle: the
    cyclic garbage collector would scan them again and again (seconds at 50 000 files).
    What is made lives as long as the command: frozen, later collections skip it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
