"""Loading a whole register: every file read, validated and placed, every problem a
diagnostic. Nothing here writes to disk."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from pcaet_cli.french import shown as as_written
from pcaet_cli.lint.diagnostic import Diagnostic
from pcaet_cli.lint.registry import diagnostic
from pcaet_cli.model import KINDS, RegisterModel
from pcaet_cli.register.discovery import RegisterFile, display, walk
from pcaet_cli.register.schema_errors import translate
from pcaet_cli.register.yamlfile import Path as YamlPath
from pcaet_cli.register.yamlfile import Positions, Span, YamlFile, parse

IDENTIFIER = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
    relative: dict[str, PurePosixPath]
    """Display path → path relative to the root, for every file seen (YAML or not): what
    `exclude` and `per-file-ignores` patterns match."""


def _diag(path: str, code: str, message: str, span: Span, hint: str | None) -> Diagnostic:
    return diagnostic(code, path, span.line, span.column, message, hint)


def validate(
    source: YamlFile, model: type[RegisterModel], path: str
) -> tuple[RegisterModel | None, list[Diagnostic], frozenset[str]]:
    """Validate a parsed file; on errors, retry without the faulty top-level fields so
    that the entity still exists for references and the other rules."""
    data = source.data
    if not isinstance(data, dict):
        return None, [], frozenset()
    try:
        return model.model_validate(data), [], frozenset()
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    diags = [translate(error, model, source, path) for error in errors]
    faulty = frozenset(str(error["loc"][0]) for error in errors if error["loc"])
    partial = {k: v for k, v in data.items() if k not in faulty}
    try:
        return model.model_validate(partial), diags, faulty
    except ValidationError:
        return None, diags, faulty


def load_file(
    file: RegisterFile, root: Path, shown: str
) -> tuple[YamlFile, Document | None, list[Diagnostic]]:
    try:
        raw = file.path.read_bytes()
    except OSError as exc:
        diag = diagnostic(
            "Y003",
            shown,
            1,
            1,
            f"fichier illisible ({exc.strerror})",
            "vérifiez les droits de lecture du fichier",
        )
        return YamlFile("", None, Positions(), []), None, [diag]
    source = parse(raw, shown)
    diags = list(source.diagnostics)
    if file.kind is None:
        relative = file.path.relative_to(root)
        where = relative.parts[0] if len(relative.parts) > 1 else None
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
        return source, None, diags
    identifier = file.identifier
    if not IDENTIFIER.match(identifier):
        suggestion = re.sub(r"[^a-z0-9]+", "-", _ascii(identifier).lower()).strip("-")
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
    model, schema_diags, invalid = validate(source, KINDS[file.kind], shown)
    diags.extend(schema_diags)
    if isinstance(source.data, dict) and "id" in source.data and source.data["id"] != identifier:
        diags.append(
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
    document = Document(file.kind, identifier, file.path, shown, source, model, invalid)
    return source, document, diags


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def load_register(root: Path, exclude: tuple[str, ...] = ()) -> LoadedRegister:
    layout = walk(root)
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []
    sources: dict[str, YamlFile] = {}
    relatives: dict[str, PurePosixPath] = {}
    count = 0
    for file in layout.files:
        relative = PurePosixPath(file.path.relative_to(root).as_posix())
        if any(relative.match(pattern) for pattern in exclude):
            continue
        count += 1
        shown = display(file.path)
        relatives[shown] = relative
        source, document, diags = load_file(file, root, shown)
        sources[shown] = source
        diagnostics.extend(diags)
        if document is not None:
            documents.append(document)
    for stray in layout.strays:
        relative = PurePosixPath(stray.relative_to(root).as_posix())
        if any(relative.match(pattern) for pattern in exclude):
            continue
        shown = display(stray)
        relatives[shown] = relative
        diagnostics.append(
            _diag(
                shown,
                "N001",
                "fichier sans extension .yaml dans un dossier du registre",
                Span(1, 1, 1, 1),
                "renommez-le en .yaml s'il décrit une entité, sinon déplacez-le hors du dossier",
            )
        )
    return LoadedRegister(root, documents, diagnostics, count, sources, relatives)
