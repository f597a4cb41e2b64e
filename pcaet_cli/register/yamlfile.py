"""Reading one register file: bytes → text → YAML 1.2 nodes → plain values with positions.

ruamel.yaml's C parser composes a node tree with marks for every key and value (YAML 1.2:
`oui`, `non`, `on` stay text). We convert that tree ourselves instead of calling a
constructor so that duplicate keys, odd tags, aliases and nesting depth become
diagnostics with a line and a column rather than exceptions or silent choices.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from pcaet_cli.lint.diagnostic import Diagnostic
from pcaet_cli.lint.registry import default_severity

Path = tuple[str | int, ...]

MAX_NODES = 100_000
"""Aliases can make a small file expand enormously ("billion laughs"): stop there."""
MAX_DEPTH = 200
"""A register file is a few levels deep; deeper nesting is an error, not a crash."""

_TAG = "tag:yaml.org,2002:"


@dataclass(frozen=True, slots=True)
class Span:
    """1-based start and end of a key or a value."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(slots=True)
class Positions:
    keys: dict[Path, Span] = field(default_factory=dict)
    values: dict[Path, Span] = field(default_factory=dict)

    def value(self, path: Path) -> Span:
        """The span of the value at `path`, or of its nearest ancestor that exists."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Span(1, 1, 1, 1))

    def key(self, path: Path) -> Span:
        """The span of the key of `path` (the value's for list items and the root)."""
        return self.keys.get(path) or self.value(path)


@dataclass(slots=True)
class YamlFile:
    text: str
    data: Any
    """The document as plain Python values; None when the file could not be read."""
    positions: Positions
    diagnostics: list[Diagnostic]

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


def _diag(
    path: str, code: str, message: str, line: int, column: int, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        code=code,
        message=message,
        severity=default_severity(code),
        hint=hint,
    )


# --- bytes → text ---------------------------------------------------------------------

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode a file's bytes; UTF-8 is the only encoding accepted without a finding."""
    diags: list[Diagnostic] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        diags.append(
            _diag(
                path,
                "Y004",
                "le fichier commence par une marque d'ordre d'octets (BOM)",
                1,
                1,
                "réenregistrez-le en « UTF-8 sans BOM » (option de l'éditeur)",
            )
        )
    if raw.startswith(_UTF16_BOMS) or b"\x00" in raw:
        diags.append(
            _diag(
                path,
                "Y003",
                "fichier binaire ou encodé en UTF-16 : illisible comme YAML",
                1,
                1,
                "réenregistrez le fichier en texte UTF-8",
            )
        )
        return None, diags
    try:
        return raw.decode("utf-8"), diags
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        diags.append(
            _diag(
                path,
                "Y003",
                f"le fichier n'est pas en UTF-8 (octet 0x{raw[exc.start]:02X} illisible) : "
                "probablement Latin-1 ou Windows-1252",
                line,
                column,
                "réenregistrez le fichier en UTF-8 ; la suite est lue en Windows-1252",
            )
        )
        # Windows-1252 decodes every byte an office tool is likely to have written, so the
        # rest of the file can still be checked.
        return raw.decode("cp1252", errors="replace"), diags


# --- text → nodes ---------------------------------------------------------------------

_CORE = ("str", "int", "float", "bool", "null", "timestamp", "merge", "value", "yaml", "seq", "map")
_TAGS = {name: Tag(suffix=_TAG + name) for name in _CORE}
# The C parser hands tags back as strings, the pure one as Tag objects: look up both.
_KIND_OF: dict[object, str] = {
    **{_TAG + name: name for name in _CORE},
    **{tag: name for name, tag in _TAGS.items()},
}


class _Yaml12Resolver(VersionedResolver):
    """ruamel's YAML 1.2 implicit resolution, with its table computed once.

    The stock resolver works out the document's YAML version again for every scalar
    (~1 ms per file, more than parsing); register files never declare another version.
    The table is ruamel's own, so scalars resolve exactly as before.
    """

    _table: ClassVar[dict[str, tuple[tuple[Tag, Any], ...]]] = {
        first: tuple((_TAGS[tag.rsplit(":", 1)[1]], regexp) for tag, regexp in entries)
        for first, entries in VersionedResolver(version=(1, 2)).versioned_resolver.items()
    }

    def resolve(self, kind: Any, value: str, implicit: Any) -> Tag:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self._table.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _TAGS["str"]
        return _TAGS["seq"] if kind is SequenceNode else _TAGS["map"]


def _parser(pure: bool) -> YAML:
    yaml = YAML(typ="safe", pure=pure)
    yaml.Resolver = _Yaml12Resolver
    return yaml


_FAST = _parser(pure=False)
_PURE = _parser(pure=True)
_DEEP_BLOCK = re.compile(r"(?:-[ \t]+){100,}")

_PARSER_MESSAGES = (
    (
        "tab character",
        "tabulation dans l'indentation",
        "indentez avec des espaces, jamais des tabulations",
    ),
    (
        "cannot start any token",
        "caractère inattendu (souvent une tabulation ou un @ / ` en début de valeur)",
        "indentez avec des espaces ; mettez entre guillemets une valeur qui commence par @ ou `",
    ),
    (
        "mapping values are not allowed",
        "« : » inattendu : une valeur contient « : » ou une clé est mal indentée",
        "mettez la valeur entre guillemets ou corrigez l'indentation",
    ),
    (
        "could not find expected ':'",
        "« : » manquant après une clé",
        "écrivez « clé: valeur » ; une valeur sur plusieurs lignes s'écrit avec « | »",
    ),
    (
        "did not find expected key",
        "indentation incohérente : clé attendue",
        "alignez les clés d'une même table sur la même colonne",
    ),
    (
        "did not find expected '-' indicator",
        "élément de liste attendu (« - ») ou indentation incohérente",
        "alignez les éléments d'une liste sur la même colonne",
    ),
    (
        "did not find expected ',' or ']'",
        "liste entre crochets non fermée",
        "fermez la liste avec « ] »",
    ),
    (
        "did not find expected ',' or '}'",
        "table entre accolades non fermée",
        "fermez la table avec « } »",
    ),
    (
        "unexpected end of stream",
        "fin de fichier inattendue (guillemet ou crochet non fermé ?)",
        "fermez la chaîne entre guillemets ou la liste",
    ),
    (
        "found another document",
        "plusieurs documents dans un fichier (« --- »)",
        "un fichier décrit une seule entité : retirez le second document ou scindez le fichier",
    ),
    (
        "found undefined alias",
        "alias « * » sans ancre « & » correspondante",
        "définissez l'ancre ou retirez l'alias",
    ),
    (
        "block sequence entries are not allowed",
        "élément de liste « - » mal placé",
        "passez à la ligne et indentez la liste sous sa clé",
    ),
    (
        "found unknown escape character",
        "séquence d'échappement inconnue entre guillemets doubles",
        "doublez la barre oblique inverse ou utilisez des guillemets simples",
    ),
    (
        "found duplicate anchor",
        "ancre « & » définie deux fois",
        "donnez un nom unique à chaque ancre",
    ),
)


def _translate(problem: str) -> tuple[str, str | None]:
    for needle, message, hint in _PARSER_MESSAGES:
        if needle in problem:
            return message, hint
    return f"syntaxe YAML invalide ({problem})", "vérifiez l'indentation et les guillemets"


def _compose(text: str, path: str) -> tuple[Node | None, list[Diagnostic]]:
    # libyaml recurses on the C stack: tens of thousands of nested brackets crash the
    # process. Such text goes to the pure parser, whose RecursionError we can catch.
    suspicious = text.count("[") + text.count("{") > 500 or _DEEP_BLOCK.search(text)
    parser = _PURE if suspicious else _FAST
    try:
        return parser.compose(text), []
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
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message, hint = _translate(str(exc.problem or exc.context or exc))
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return None, [_diag(path, "Y001", message, line, column, hint)]
    except YAMLError as exc:
        # ReaderError (control characters) carries a character offset, not a mark.
        position = getattr(exc, "position", None)
        line, column = 1, 1
        if isinstance(position, int):
            line = text.count("\n", 0, position) + 1
            column = position - (text.rfind("\n", 0, position) + 1) + 1
        return None, [
            _diag(
                path,
                "Y001",
                "caractère de contrôle interdit dans un fichier YAML",
                line,
                column,
                "supprimez le caractère invisible (copié-collé depuis un tableur ?)",
            )
        ]


# --- nodes → values -------------------------------------------------------------------


class _Converter:
    def __init__(self, path: str) -> None:
        self.path = path
        self.positions = Positions()
        self.diagnostics: list[Diagnostic] = []
        self.count = 0
        self.active: set[int] = set()

    def error(self, code: str, node: Node, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(
            _diag(
                self.path, code, message, node.start_mark.line + 1, node.start_mark.column + 1, hint
            )
        )

    @staticmethod
    def span(node: Node) -> Span:
        return Span(
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            node.end_mark.line + 1,
            node.end_mark.column + 1,
        )

    def convert(self, node: Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge(node)
        if len(path) > MAX_DEPTH:
            raise _TooDeep(node)
        self.positions.values[path] = self.span(node)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if id(node) in self.active:
            self.error(
                "Y001", node, "alias récursif : une ancre se contient elle-même", "retirez l'alias"
            )
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                self.check_tag(node, "seq")
                return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                self.check_tag(node, "map")
                return self.mapping(node, path)
        finally:
            self.active.discard(id(node))
        return None

    def check_tag(self, node: Node, kind: str) -> None:
        if _KIND_OF.get(node.tag) != kind:
            self.error(
                "Y005",
                node,
                f"étiquette YAML « {node.tag} » non prise en charge",
                "retirez l'étiquette (« ! ») : le registre n'utilise que les types simples",
            )

    def mapping(self, node: MappingNode, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if str(key_node.tag) == _TAG + "merge":
                self.error(
                    "Y005",
                    key_node,
                    "clé de fusion « << » non prise en charge",
                    "recopiez les clés voulues : chaque fichier se lit seul",
                )
                continue
            if not isinstance(key_node, ScalarNode):
                self.error(
                    "Y005",
                    key_node,
                    "clé complexe (liste ou table) non prise en charge",
                    "une clé est un simple mot",
                )
                continue
            key = self.scalar(key_node)
            if key is None or isinstance(key, float | date):
                key = key_node.value
            child = (*path, key)
            if key in result:
                first = self.positions.keys[child]
                self.error(
                    "Y002",
                    key_node,
                    f"clé « {key} » en double (déjà à la ligne {first.line})",
                    "gardez une seule occurrence : la seconde serait ignorée",
                )
                continue
            self.positions.keys[child] = self.span(key_node)
            result[key] = self.convert(value_node, child)
        return result

    def scalar(self, node: ScalarNode) -> Any:
        value: str = node.value
        kind = _KIND_OF.get(node.tag)
        if kind is None:
            # An explicit tag: `!!str` is fine, anything else is not for the register.
            tag = str(node.tag)
            if not tag.startswith(_TAG):
                self.error(
                    "Y005",
                    node,
                    f"étiquette YAML « {tag} » non prise en charge",
                    "retirez l'étiquette (« ! ») : le registre n'utilise que les types simples",
                )
                return value
            kind = tag[len(_TAG) :]
        try:
            if kind == "int":
                return _to_int(value)
            if kind == "float":
                return _to_float(value)
        except ValueError:
            return value
        if kind == "bool":
            return value.lower() == "true"
        if kind == "null":
            return None
        if kind == "timestamp":
            return _to_timestamp(value)
        if kind != "str":
            self.error(
                "Y005",
                node,
                f"type YAML « {kind} » non pris en charge",
                "écrivez un texte, un nombre, une date, une liste ou une table",
            )
        return value


def _to_int(text: str) -> int:
    text = text.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if digits.lower().startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits, 10)


def _to_float(text: str) -> float:
    lowered = text.lower().replace("_", "")
    if lowered.lstrip("+-") == ".inf":
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    return float(lowered)


def _to_timestamp(text: str) -> date | datetime | str:
    # An impossible date (2024-13-45) stays text so the model names the field with a
    # French message, instead of the whole file failing here.
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(
            text.replace("t", "T").replace(" ", "T", 1).replace("Z", "+00:00")
        )
    except ValueError:
        return text


class _TooLarge(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


class _TooDeep(_TooLarge):
    pass


def parse(raw: bytes, path: str) -> YamlFile:
    """Read one file's bytes into values with positions, every problem a diagnostic."""
    text, diags = decode(raw, path)
    if text is None:
        return YamlFile("", None, Positions(), diags)
    node, problems = _compose(text, path)
    diags.extend(problems)
    if node is None:
        if not problems:
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
        return YamlFile(text, None, Positions(), diags)
    converter = _Converter(path)
    try:
        data = converter.convert(node, ())
    except _TooDeep as exc:
        converter.error(
            "Y001",
            exc.node,
            "imbrication trop profonde",
            "un fichier du registre a quelques niveaux d'imbrication : simplifiez-le",
        )
        data = None
    except _TooLarge as exc:
        converter.error(
            "Y001",
            exc.node,
            f"document trop volumineux une fois les alias développés (> {MAX_NODES} valeurs)",
            "n'utilisez pas d'alias « * » en cascade",
        )
        data = None
    diags.extend(converter.diagnostics)
    if data is not None and not isinstance(data, dict):
        kind = "une liste" if isinstance(data, list) else "une valeur seule"
        diags.append(
            _diag(
                path,
                "Y007",
                f"le fichier contient {kind} au lieu d'une table « clé: valeur »",
                converter.positions.value(()).line,
                converter.positions.value(()).column,
                "écrivez les champs de l'entité, un par ligne : « champ: valeur »",
            )
        )
        data = None
    return YamlFile(text, data, converter.positions, diags)
