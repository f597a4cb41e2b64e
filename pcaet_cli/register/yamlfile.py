"""Reading one register file: bytes → text → YAML 1.2 nodes → plain values with positions.

ruamel.yaml's C parser composes a node tree with marks for every key and value (YAML 1.2:
`oui`, `non`, `on` stay text). We convert that tree ourselves instead of calling a
constructor so that duplicate keys, odd tags, aliases and nesting depth become
diagnostics with a line and a column rather than exceptions or silent choices.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # libyaml, from the clib
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

import pcaet_cli.register.codes  # noqa: F401  (declares the codes emitted here)
from pcaet_cli.diagnostic import Diagnostic, diagnostic
from pcaet_cli.register.encoding import decode
from pcaet_cli.register.positions import Locator, Path, Positions, Span, split_lines
from pcaet_cli.register.quick import quick_values
from pcaet_cli.register.yaml12 import (
    KIND_OF,
    MAX_DEPTH,
    MAX_NODES,
    STR,
    TAG,
    Yaml12Resolver,
    deeply_nested,
    to_float,
    to_int,
    to_timestamp,
)
from pcaet_cli.register.yaml_errors import (
    marked_error,
    reader_error,
    reused_anchor,
    version_directive,
)


class YamlFile:
    """One file read: its text, its values and, on demand, where each value is.

    Positions cost as much as the values to compute and most files never need them (a
    file with no finding): `parse(..., positions=False)` leaves them out and the first
    use computes them from the text, with the very same converter."""

    __slots__ = ("_positions", "data", "diagnostics", "keys", "located", "path", "text")

    def __init__(
        self,
        text: str,
        data: Any,
        positions: Positions | None,
        diagnostics: list[Diagnostic],
        path: str = "",
        *,
        keys: tuple[Any, ...] | None = None,
    ) -> None:
        self.text = text
        self.data = data
        """The document as plain Python values; None when the file could not be read,
        and after a fast load (the model holds the values: keeping both took a fifth of
        lint's memory)."""
        self.keys = tuple(data) if type(data) is dict else keys
        """The top-level keys in order when the document is a mapping, else None: what
        placing a finding on the lines needs of the values (`quick.top_level_span`)."""
        self._positions = positions
        self.diagnostics = diagnostics
        self.path = path
        self.located: dict[tuple[Path, bool], Span] = {}
        """Spans of (path, key?) already found, kept in the cache between runs."""

    @property
    def has_positions(self) -> bool:
        return self._positions is not None

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = _positions_of(self.text, self.path)
        return self._positions

    @property
    def lines(self) -> list[str]:
        return split_lines(self.text)


def _diag(
    path: str, code: str, message: str, line: int, column: int, hint: str | None = None
) -> Diagnostic:
    return diagnostic(code, path, line, column, message, hint)


# --- text → nodes ---------------------------------------------------------------------


class _CParser(CParser):  # type: ignore[misc]
    """libyaml's composer with our resolver, without ruamel's YAML() front door, which
    builds a loader class and half a dozen objects for every file."""

    _table = Yaml12Resolver._table
    resolve = Yaml12Resolver.resolve

    def descend_resolver(self, *_: Any) -> None:
        """No path-dependent resolution in the register."""

    def ascend_resolver(self, *_: Any) -> None:
        """No path-dependent resolution in the register."""


def _pure_parser() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.Resolver = Yaml12Resolver
    return yaml


_PURE = _pure_parser()


def _compose_with(pure: bool, text: str) -> Node | None:
    if not pure:
        parser = _CParser(text)
        try:
            return parser.get_single_node()  # type: ignore[no-any-return]
        finally:
            parser.dispose()
    with warnings.catch_warnings():
        # The pure parser only warns on a reused anchor; the C parser refuses it.
        warnings.simplefilter("error", ReusedAnchorWarning)
        return _PURE.compose(text)  # type: ignore[no-any-return]


def _compose(text: str, path: str, locator: Locator) -> tuple[Node | None, list[Diagnostic]]:
    # libyaml recurses on the C stack: such text goes to the pure parser, whose
    # RecursionError we catch.
    attempts = [True] if deeply_nested(text) else [False, True]
    first: Diagnostic | None = None
    for pure in attempts:
        try:
            return _compose_with(pure, text), []
        except RecursionError:
            return None, [
                _diag(
                    path,
                    "Y001",
                    "imbrication trop profonde",
                    1,
                    1,
                    "un fichier du registre a quelques niveaux d'imbrication : simplifiez-le",
                )
            ]
        except ReusedAnchorWarning as warning:
            diag = reused_anchor(warning, path)
        except MarkedYAMLError as exc:
            diag = marked_error(exc, text, locator, path, pure)
        except YAMLError as exc:
            diag = reader_error(exc, text, locator, path, pure)
        # libyaml follows YAML 1.1 and refuses some valid 1.2 ({url: http://x.fr},
        # [10:30]): the pure parser gets a second say, but the first, more precise,
        # message is the one reported.
        first = first or diag
    assert first is not None
    return None, [first]


# --- nodes → values -------------------------------------------------------------------


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(TAG) :] if tag.startswith(TAG) else tag


class _Converter:
    """Nodes → plain values, every oddity a diagnostic. With `keep` it also records the
    span of every key and value by path; without, it builds no path at all (the fast
    path: positions are computed again, identically, for the files that need them)."""

    def __init__(self, path: str, locator: Locator, keep: bool = True) -> None:
        self.path = path
        self.locator = locator
        self.keep = keep
        self.positions = Positions()
        self.diagnostics: list[Diagnostic] = []
        self.count = 0
        self.active: set[int] = set()

    def error(self, code: str, node: Node, message: str, hint: str | None = None) -> None:
        line, column = self.locator.mark(node.start_mark)
        self.diagnostics.append(_diag(self.path, code, message, line, column, hint))

    def span(self, node: Node) -> Span:
        start, end = node.start_mark, node.end_mark
        if self.locator.exact:  # the usual case: libyaml's own lines and columns
            return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        return Span(*self.locator.mark(start), *self.locator.mark(end))

    def convert(self, node: Node, path: Path, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge(node)
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        scalar = type(node) is ScalarNode
        if self.keep:
            span = self.span(node)
            self.positions.values[path] = span
            if scalar:
                self.positions.scalars.append(span)
        if scalar:
            return self.scalar(node)  # type: ignore[arg-type]
        if id(node) in self.active:
            self.error(
                "Y001", node, "alias récursif : une ancre se contient elle-même", "retirez l'alias"
            )
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                self.check_tag(node, "seq")
                depth += 1
                if self.keep:
                    return [
                        self.convert(item, (*path, i), depth) for i, item in enumerate(node.value)
                    ]
                return [self.convert(item, path, depth) for item in node.value]
            if isinstance(node, MappingNode):
                self.check_tag(node, "map")
                return self.mapping(node, path, depth + 1)
        finally:
            self.active.discard(id(node))
        return None

    def check_tag(self, node: Node, kind: str) -> None:
        if _kind(node) != kind:
            self.error(
                "Y005",
                node,
                f"étiquette YAML « {_shown_tag(str(node.tag))} » non prise en charge",
                "retirez l'étiquette (« ! ») : le registre n'utilise que les types simples",
            )

    def mapping(self, node: MappingNode, path: Path, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        # 1 == True in Python: duplicates are keys of the same type and value.
        seen: dict[tuple[type, Any], Node] = {}
        named: dict[Any, Node] = {}
        keep = self.keep
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                if _kind(key_node) == "merge":
                    self.merge_key(key_node)
                else:
                    self.error(
                        "Y005",
                        key_node,
                        "clé complexe (liste ou table) non prise en charge",
                        "une clé est un simple mot",
                    )
                continue
            if key_node.ctag is STR:
                # The usual key: plain text, resolved as text.
                key: Any = key_node.value
                identity: tuple[type, Any] = (str, key)
            else:
                if _kind(key_node) == "merge":
                    self.merge_key(key_node)
                    continue
                resolved = self.scalar(key_node)
                # `null:` and `~:` are one key, and so are `true:` and `True:`; 1 and
                # true, equal in Python, are two: the identity keeps the type. Keys that
                # are not numbers are kept as written, so 1 and true both survive.
                identity = (type(resolved), resolved)
                textual = resolved is None or isinstance(resolved, float | date | bool)
                key = key_node.value if textual else resolved
            # Also one key: the same text written plain and quoted (`null:`, `"null":`).
            previous = seen.get(identity) or named.get(key)
            if previous is not None:
                first = self.locator.mark(previous.start_mark)[0]
                self.error(
                    "Y002",
                    key_node,
                    f"clé « {key_node.value} » en double (déjà à la ligne {first})",
                    "gardez une seule occurrence : la seconde serait ignorée",
                )
                continue
            seen[identity] = named[key] = key_node
            if keep:
                child = (*path, key)
                self.positions.keys[child] = self.span(key_node)
                result[key] = self.convert(value_node, child, depth)
            else:
                result[key] = self.convert(value_node, path, depth)
        return result

    def merge_key(self, node: Node) -> None:
        self.error(
            "Y005",
            node,
            "clé de fusion « << » non prise en charge",
            "recopiez les clés voulues : chaque fichier se lit seul",
        )

    def scalar(self, node: ScalarNode) -> Any:
        value: str = node.value
        if node.style == '"' and _ESCAPED_BAD.search(value):
            # Only a double-quoted escape ("\x01", "\ud800") can carry these: the text
            # itself was refused when read. Every writer downstream (xlsx, JSON, the
            # terminal) would choke on them: refused here, replaced in the value.
            value = self.escaped(node, value)
        tag = node.ctag
        if tag is STR:
            return value
        kind = KIND_OF.get(tag) or KIND_OF.get(str(tag))
        if kind is None:
            # An explicit tag: `!!str` is fine, anything else is not for the register.
            shown = str(tag)
            if not shown.startswith(TAG):
                self.error(
                    "Y005",
                    node,
                    f"étiquette YAML « {shown} » non prise en charge",
                    "retirez l'étiquette (« ! ») : le registre n'utilise que les types simples",
                )
                return value
            kind = shown[len(TAG) :]
        try:
            if kind == "int":
                return to_int(value)
            if kind == "float":
                return to_float(value)
        except ValueError:
            return value
        if kind == "bool":
            return value.lower() == "true"
        if kind == "null":
            return None
        if kind == "timestamp":
            return to_timestamp(value)
        if kind != "str":
            self.error(
                "Y005",
                node,
                f"type YAML « !!{kind} » non pris en charge",
                "écrivez un texte, un nombre, une date, une liste ou une table ; "
                "mettez entre guillemets une valeur comme « = »",
            )
        return value

    def escaped(self, node: ScalarNode, value: str) -> str:
        found = _ESCAPED_BAD.search(value)
        assert found is not None
        char = found.group()
        if "\ud800" <= char <= "\udfff":
            message = f"demi-code UTF-16 isolé « \\u{ord(char):04x} » : ce n'est pas un caractère"
        else:
            message = f"caractère de contrôle « \\x{ord(char):02x} » écrit en échappement"
        self.error(
            "Y001",
            node,
            message,
            "supprimez l'échappement (copié-collé depuis un PDF ou un tableur ?)",
        )
        return _ESCAPED_BAD.sub("\ufffd", value)


_ESCAPED_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Control characters (but tab and line breaks) and lone surrogates."""


def _kind(node: Node) -> str | None:
    tag = node.ctag
    return KIND_OF.get(tag) or KIND_OF.get(str(tag))


class _TooLarge(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


class _TooDeep(_TooLarge):
    pass


def _convert(node: Node, converter: _Converter) -> Any:
    try:
        return converter.convert(node, ())
    except _TooDeep as exc:
        converter.error(
            "Y001",
            exc.node,
            "imbrication trop profonde",
            "un fichier du registre a quelques niveaux d'imbrication : simplifiez-le",
        )
    except _TooLarge as exc:
        converter.error(
            "Y001",
            exc.node,
            f"document trop volumineux une fois les alias développés (> {MAX_NODES} valeurs)",
            "n'utilisez pas d'alias « * » en cascade",
        )
    return None


def _positions_of(text: str, path: str) -> Positions:
    """The positions `parse` would have recorded for this text."""
    readable, refused = version_directive(text, path, [])
    if refused:
        return Positions()
    locator = Locator(readable)
    node, problems = _compose(readable, path, locator)
    converter = _Converter(path, locator)
    if node is not None and not problems:
        _convert(node, converter)
    return converter.positions


def spans_of(text: str, path: str, wanted: Sequence[tuple[Path, bool]]) -> list[Span]:
    """The spans of some (path, key?) of a text, without keeping its positions: what a
    worker sends back is a few tuples, not the whole table."""
    positions = _positions_of(text, path)
    return [positions.key(at) if key else positions.value(at) for at, key in wanted]


def parse(raw: bytes, path: str, *, positions: bool = True) -> YamlFile:
    """Read one file's bytes into values, every problem a diagnostic. Positions are
    recorded now, or with `positions=False` computed on first use (same values): the
    quick reading is tried first then, and the node tree only when it cannot vouch for
    the result."""
    text, diags = decode(raw, path)
    if text is None:
        return YamlFile("", None, Positions(), diags, path)
    if not positions:
        quick = quick_values(text)
        if quick is not None:
            return YamlFile(text, quick, None, diags, path)
    readable, refused = version_directive(text, path, diags)
    if refused:
        return YamlFile(text, None, Positions(), diags, path)
    locator = Locator(readable)
    node, problems = _compose(readable, path, locator)
    diags.extend(problems)
    if problems:
        return YamlFile(text, None, Positions(), diags, path)
    converter = _Converter(path, locator, keep=positions)
    data = None if node is None else _convert(node, converter)
    diags.extend(converter.diagnostics)
    if data is None and not converter.diagnostics:
        # No document, or a null one (`---`, `~`): nothing describes the entity, yet its
        # identifier would exist and references to it would look valid.
        diags.append(
            _diag(
                path,
                "Y006",
                "fichier vide",
                1,
                1,
                "décrivez l'entité (au moins ses champs obligatoires) ou supprimez le fichier",
            )
        )
    elif data is not None and not isinstance(data, dict):
        kind = "une liste" if isinstance(data, list) else "une valeur seule"
        root = converter.span(node) if node is not None else Span(1, 1, 1, 1)
        diags.append(
            _diag(
                path,
                "Y007",
                f"le fichier contient {kind} au lieu d'une table « clé: valeur »",
                root.line,
                root.column,
                "écrivez les champs de l'entité, un par ligne : « champ: valeur »",
            )
        )
        data = None
    return YamlFile(text, data, converter.positions if positions else None, diags, path)
