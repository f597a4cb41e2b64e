"""`pcaet fmt`: canonical formatting of register files, every comment and value kept.

Conventions (documented in the command's help):

- keys in the order of the model (the JSON Schema's order); unknown keys after them, in
  their order; mappings without a model (`plans:`, `mesures:`) keep the author's order;
- 2-space indentation; list items indented by 2 under their key (`  - x`);
- a list of scalars is written `[a, b]` when that line fits in 100 columns and no item
  carries a comment, one item per line otherwise (a list with a comment on its first
  line keeps its style); other lists and every mapping keep
  the style the author chose (`{financeur: x, montant: 1}` stays on one line);
- quotes only where YAML needs them, double quotes then; `|` and `>` texts kept;
- the `# yaml-language-server: $schema=…` line added first when missing.

The result is checked before anything is written: same values (read back with the
register's own reader) and same comments, else the file is left as it is.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
import types
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.tokens import CommentToken

from pcaet_cli.diagnostic import Severity
from pcaet_cli.edit.fmt_cache import FormattedTexts, text_key
from pcaet_cli.errors import PcaetError, os_reason
from pcaet_cli.model import KINDS
from pcaet_cli.register.config import load_config
from pcaet_cli.register.discovery import TooLarge, display, find_root, read_limited, walk
from pcaet_cli.register.parallel import map_in_order
from pcaet_cli.register.positions import split_lines
from pcaet_cli.register.yamlfile import parse

WIDTH = 100
"""A flow list longer than this is written one item per line."""

SCHEMA_PREFIX = "# yaml-language-server: $schema="

# Folder (kind) → the name of its schema file.
SCHEMA_NAMES = {
    "territoires": "territoire",
    "acteurs": "acteur",
    "plans": "plan",
    "actions": "action",
}


def schema_line(kind: str) -> str:
    return f"{SCHEMA_PREFIX}../../schemas/{SCHEMA_NAMES[kind]}.schema.json"


# --- the model's key order -------------------------------------------------------------


def _nested_model(annotation: Any) -> tuple[str, type[BaseModel]] | None:
    """("self" | "items" | "values", model) when a field holds a model, a list of models
    or a dict of models; None for scalars and free mappings."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _nested_model(get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "self", annotation
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            if arg is not type(None) and (found := _nested_model(arg)) is not None:
                return found
        return None
    if origin is list:
        inner = _nested_model(get_args(annotation)[0])
        return ("items", inner[1]) if inner and inner[0] == "self" else None
    if origin is dict:
        inner = _nested_model(get_args(annotation)[1])
        return ("values", inner[1]) if inner and inner[0] == "self" else None
    return None


# --- comments ---------------------------------------------------------------------------


def _split(token: Any) -> tuple[str, str]:
    """A comment token after a value holds the end-of-line comment, then the full lines
    (comments, blank lines) up to the next key: those belong to the next key."""
    value: str = token.value
    cut = value.find("\n")
    return (value, "") if cut < 0 else (value[: cut + 1], value[cut + 1 :])


def _pop_trailing(container: Any, key: Any) -> str:
    """Remove and return the full lines that follow the entry `key` of `container`:
    ruamel attaches them to the last thing written before them, however deep."""
    value = container[key]
    nested = isinstance(value, CommentedMap | CommentedSeq) and len(value) > 0
    if nested and not value.fa.flow_style():
        # Only the block's last element can trail it. The full lines in the key's own
        # comment (`key:  # …`, then `  # …`, then `  - a`) open the block: they stay.
        last = len(value) - 1 if isinstance(value, CommentedSeq) else list(value)[-1]
        return _pop_trailing(value, last)
    slot = container.ca.items.get(key)
    index = 0 if isinstance(container, CommentedSeq) else 2
    if slot is None or slot[index] is None:
        return ""
    head, tail = _split(slot[index])
    if head.strip():
        slot[index].value = head
    else:
        slot[index] = None
    return tail


def _before_tokens(text: str) -> list[Any]:
    # The first line's indentation becomes the token's column; the emitter writes the
    # other lines as they are.
    stripped = text.lstrip(" ")
    column = len(text) - len(stripped)
    return [CommentToken(stripped, CommentMark(column), None)]


def _detach(mapping: CommentedMap) -> tuple[dict[Any, str], str]:
    """The full comment lines before each key, and those after the last one."""
    keys = list(mapping)
    before: dict[Any, str] = {}
    for key in keys:
        slot = mapping.ca.items.get(key)
        if slot is not None and slot[1]:
            before[key] = "".join(t.value for t in slot[1])
            slot[1] = None
    for previous, key in itertools.pairwise(keys):
        rest = _pop_trailing(mapping, previous)
        if rest:
            before[key] = rest + before.get(key, "")
    end = _pop_trailing(mapping, keys[-1]) if keys else ""
    return before, end


def _append_trailing(container: Any, key: Any, text: str) -> None:
    """Put `text` back after the entry `key`, at its deepest last element."""
    value = container[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value) and not value.fa.flow_style():
        last = len(value) - 1 if isinstance(value, CommentedSeq) else list(value)[-1]
        _append_trailing(value, last, text)
        return
    index = 0 if isinstance(container, CommentedSeq) else 2
    slot = container.ca.items.setdefault(key, [None, None, None, None])
    if slot[index] is None:
        slot[index] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        slot[index].value += text


def _reorder(mapping: CommentedMap, order: list[str]) -> None:
    keys = list(mapping)
    if not keys:
        return
    rank = {name: i for i, name in enumerate(order)}
    wanted = sorted(keys, key=lambda k: (0, rank[k]) if k in rank else (1, keys.index(k)))
    # Comments are detached even when the order is already right: a comment line before
    # a key then belongs to that key, not to the end of the list above it (which would
    # otherwise count as a commented list and never be written [a, b]).
    before, end = _detach(mapping)
    items = [(k, mapping[k]) for k in wanted]
    slots = {k: mapping.ca.items.pop(k, None) for k in keys}
    for k in keys:
        del mapping[k]
    for k, v in items:
        mapping[k] = v
        if slots[k] is not None:
            mapping.ca.items[k] = slots[k]
        if k in before:
            slot = mapping.ca.items.setdefault(k, [None, None, None, None])
            slot[1] = _before_tokens(before[k])
    if end:
        _append_trailing(mapping, wanted[-1], end)


# --- the canonical tree -----------------------------------------------------------------


def _items_have_comments(seq: CommentedSeq) -> bool:
    return any(any(part is not None for part in slot) for slot in seq.ca.items.values())


def _opening_comment(seq: CommentedSeq) -> bool:
    """A comment on the list's first line (`key: [a]  # …`, `key:  # …`): ruamel shares
    it with the parent key, and moving it between styles is not reliable."""
    return bool(seq.ca.comment) and any(part is not None for part in seq.ca.comment)


def _flow_text(value: Any) -> str:
    # An estimate of the flow rendering; only its length matters, and it depends on the
    # values alone, so the choice is the same on every run (idempotence).
    text = str(value)
    return f'"{text}"' if re.search(r"[,\[\]{}:#'\"]|^\s|\s$|^$", text) else text


def _canonical(node: Any, model: type[BaseModel] | None, indent: int, key: str) -> None:
    if isinstance(node, CommentedMap):
        fields = model.model_fields if model is not None else {}
        _reorder(node, list(fields))
        for name in list(node):
            child = node[name]
            nested = _nested_model(fields[name].annotation) if name in fields else None
            child_indent = indent + 2
            if nested is None:
                _canonical(child, None, child_indent, str(name))
            elif nested[0] == "self":
                _canonical(child, nested[1], child_indent, str(name))
            elif nested[0] == "items" and isinstance(child, CommentedSeq):
                for item in child:
                    _canonical(item, nested[1], child_indent + 2, "")
            elif nested[0] == "values" and isinstance(child, CommentedMap):
                for sub in child:
                    _canonical(child[sub], nested[1], child_indent + 2, str(sub))
            else:
                _canonical(child, None, child_indent, str(name))
    elif isinstance(node, CommentedSeq):
        scalars = all(not isinstance(v, dict | list) for v in node)
        if scalars and len(node) > 0 and not _opening_comment(node):
            line = indent - 2 + len(key) + 2 + 2 + sum(len(_flow_text(v)) + 2 for v in node)
            if line <= WIDTH and not _items_have_comments(node):
                node.fa.set_flow_style()
            else:
                node.fa.set_block_style()
        for item in node:
            _canonical(item, None, indent + 2, "")


class _Emitter(Emitter):
    """Double quotes rather than single ones when a text needs quotes (the register's
    habit: `siren: "200066314"`, `code: "2.1"`)."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        if style == "'" and self.analysis is not None and self.analysis.allow_double_quoted:
            return '"'
        return style


def yaml_writer() -> YAML:
    yaml = YAML()
    yaml.Emitter = _Emitter
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long text: the author's line stays one line
    yaml.allow_unicode = True
    yaml.preserve_quotes = False
    return yaml


# --- one file ---------------------------------------------------------------------------


def comments(text: str) -> list[str]:
    """The comments of a YAML text, in order (a `#` inside a value is not one)."""
    parsed = parse(text.encode("utf-8"), "<texte>")
    spans = parsed.positions.scalars
    found: list[str] = []
    for number, line in enumerate(split_lines(text), start=1):
        for match in re.finditer(r"(?:^|(?<=\s))#", line):
            column = match.start() + 1
            inside = any(
                (s.line, s.column) <= (number, column) < (s.end_line, s.end_column) for s in spans
            )
            if not inside:
                found.append(line[match.start() :].rstrip())
                break
    return found


class FormatRefused(Exception):
    """The file is left as it is; the message (French) says why."""


def format_text(text: str, kind: str | None) -> str:
    """The canonical form of a register file's text; FormatRefused if it cannot be read
    or if the formatted text would not keep every value and comment."""
    before = parse(text.encode("utf-8"), "<texte>")
    # Warnings (a byte order mark) do not stop the formatting, which removes the mark.
    errors = [d for d in before.diagnostics if d.severity is Severity.ERROR]
    text = text.removeprefix("\ufeff")
    if before.data is None or errors:
        reason = errors[0].message if errors else "le fichier ne contient pas de table"
        raise FormatRefused(f"illisible : {reason}")
    yaml = yaml_writer()
    try:
        tree = yaml.load(text)
        if not isinstance(tree, CommentedMap):
            raise FormatRefused("le fichier ne contient pas de table")
        _canonical(tree, KINDS.get(kind) if kind else None, 0, "")
        out = io.StringIO()
        yaml.dump(tree, out)
    except (YAMLError, ValueError, AssertionError, OverflowError, RecursionError):
        # ruamel's round trip builds Python values the register's reader keeps as text
        # (a date that does not exist, an integer of thousands of digits, a %YAML 1.3
        # directive): such a file is reported by lint and left as it is.
        raise FormatRefused(
            "la mise en forme ne sait pas relire ce fichier sans risque (voir « pcaet lint »)"
        ) from None
    result = out.getvalue()
    after = parse(result.encode("utf-8"), "<texte>")
    if after.data != before.data:
        raise FormatRefused("la mise en forme changerait une valeur : fichier laissé tel quel")
    if sorted(comments(result)) != sorted(comments(text)):
        raise FormatRefused(
            "la mise en forme déplacerait ou perdrait un commentaire : fichier laissé tel quel"
        )
    if kind in SCHEMA_NAMES and not result.startswith(SCHEMA_PREFIX):
        result = schema_line(kind) + "\n" + result
    return result


# --- the register -----------------------------------------------------------------------


@dataclass(slots=True)
class FileResult:
    path: Path
    original: str
    formatted: str | None
    """None when the file was left as it is (see `problem`)."""
    problem: str | None = None
    key: str | None = None
    """The key of a text found formatted (edit/fmt_cache), to keep for the next run."""

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.original

    def diff(self) -> str:
        shown = display(self.path).lstrip("/")
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                (self.formatted or "").splitlines(keepends=True),
                fromfile=f"a/{shown}",
                tofile=f"b/{shown}",
            )
        )


@dataclass(slots=True)
class FormatResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def changed(self) -> list[FileResult]:
        return [f for f in self.files if f.changed]

    @property
    def refused(self) -> list[FileResult]:
        return [f for f in self.files if f.problem is not None]


def _targets(paths: list[Path]) -> Iterator[tuple[Path, str | None, int]]:
    """(file, kind, largest size read: the register's `taille-max-fichier`)."""
    for start in paths:
        if start.is_file():
            root = find_root(start)
            limit = load_config(root).registre.taille_max_fichier
            relative = start.resolve().relative_to(root).parts
            kind = relative[0] if len(relative) > 1 and relative[0] in KINDS else None
            yield start.resolve(), kind, limit
            continue
        root = find_root(start)
        limit = load_config(root).registre.taille_max_fichier
        for file in walk(root).files:
            # Only the register's own files: a YAML file elsewhere (CI, pre-commit) has
            # another format.
            if file.kind is not None and file.path.is_relative_to(start.resolve()):
                yield file.path, file.kind, limit


_KNOWN: frozenset[str] = frozenset()
"""The keys of the texts known formatted during a `format_register`: set before the files
are shared between forked workers, which inherit it."""


def format_register(paths: list[Path], texts: FormattedTexts | None = None) -> FormatResult:
    """Format (in memory) the register files under `paths`; nothing is written here.
    A file whose text `texts` knows formatted is not formatted again; `texts` learns
    those found formatted this run.

    ruamel's round trip is pure Python, some 15 ms a file: a national register's 17 000
    files are shared between processes, in order."""
    global _KNOWN
    unique: dict[Path, tuple[Path, str | None, int]] = {}
    for target in _targets(paths):
        unique.setdefault(target[0], target)  # a file named twice is formatted once
    targets = list(unique.values())
    _KNOWN = texts.known if texts is not None else frozenset()
    try:
        files = list(map_in_order(_format_files, targets))
    finally:
        _KNOWN = frozenset()
    if texts is not None:
        texts.seen.update(f.key for f in files if f.key is not None)
    return FormatResult(files)


def _format_files(targets: Sequence[tuple[Path, str | None, int]]) -> list[FileResult]:
    return [_format_file(path, kind, limit) for path, kind, limit in targets]


def _format_file(path: Path, kind: str | None, limit: int) -> FileResult:
    try:
        # As lint reads it: a file over the limit is not read (Y008), nor formatted.
        raw = read_limited(path, limit)
    except TooLarge as exc:
        return FileResult(path, "", None, f"trop gros ({os_reason(exc)})")
    except OSError as exc:
        raise PcaetError(f"{display(path)} : lecture impossible ({os_reason(exc)})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return FileResult(path, "", None, "illisible : pas en UTF-8")
    key = text_key(raw, kind)
    if key in _KNOWN:
        return FileResult(path, text, text, key=key)
    try:
        formatted = format_text(text, kind)
    except FormatRefused as exc:
        return FileResult(path, text, None, str(exc))
    return FileResult(path, text, formatted, key=key if formatted == text else None)


def write_changes(result: FormatResult) -> None:
    from pcaet_cli.fsutil import atomic_write

    for file in result.changed:
        assert file.formatted is not None
        atomic_write(file.path, file.formatted)
