"""What a register file's text means in YAML 1.2, shared by the two readings of a file
(the node tree of `yamlfile`, the quick reading of `quick`): how a plain scalar
resolves, how its text becomes a value, and the limits past which a file is refused."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any, ClassVar

from ruamel.yaml.nodes import ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

MAX_NODES = 100_000
"""Aliases can make a small file expand enormously ("billion laughs"): stop there."""
MAX_DEPTH = 200
"""A register file is a few levels deep; deeper nesting is an error, not a crash."""

TAG = "tag:yaml.org,2002:"

_CORE = ("str", "int", "float", "bool", "null", "timestamp", "merge", "value", "yaml", "seq", "map")
TAGS = {name: Tag(suffix=TAG + name) for name in _CORE}
# The C parser hands tags back as strings, the pure one as Tag objects: look up both.
KIND_OF: dict[object, str] = {
    **{TAG + name: name for name in _CORE},
    **{tag: name for name, tag in TAGS.items()},
}


class Yaml12Resolver(VersionedResolver):
    """ruamel's YAML 1.2 implicit resolution, with its table computed once.

    The stock resolver works out the document's YAML version again for every scalar
    (~1 ms per file, more than parsing); register files never declare another version.
    The table is ruamel's own, but for numbers written with `_` (see `_table`).
    """

    # ruamel's patterns are lazy proxies, each match going through __getattribute__:
    # the compiled patterns themselves are taken once.
    # One change to ruamel's table: YAML 1.2's core schema has no `_` in numbers, so
    # `1_000` is text, as the editors' YAML servers (and the JSON Schemas) read it.
    _table: ClassVar[dict[str, tuple[tuple[Tag, re.Pattern[str]], ...]]] = {
        first: tuple(
            (
                TAGS[tag.rsplit(":", 1)[1]],
                re.compile(
                    ("(?!.*_)" if tag.endswith((":int", ":float")) else "") + regexp.pattern,
                    regexp.flags,
                ),
            )
            for tag, regexp in entries
        )
        for first, entries in VersionedResolver(version=(1, 2)).versioned_resolver.items()
    }

    def resolve(self, kind: Any, value: str, implicit: Any) -> Tag:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self._table.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return TAGS["str"]
        return TAGS["seq"] if kind is SequenceNode else TAGS["map"]


STR = TAGS["str"]
"""The resolver hands back this very object for plain text: an identity test suffices."""

MAY_TYPE = frozenset(Yaml12Resolver._table)
"""First characters of the plain scalars the resolver may type: the others are text."""


def plain_kind(text: str) -> str:
    """What the resolver makes of `text` written as a plain scalar: "str", "int",
    "timestamp"… Remembered: the same words (statuses, units, dates) recur from file
    to file."""
    kind = _KNOWN.get(text)
    if kind is None:
        kind = "str"
        for tag, regexp in Yaml12Resolver._table.get(text[:1], ()):
            if regexp.match(text):
                kind = KIND_OF[tag]
                break
        if len(_KNOWN) < 100_000:
            _KNOWN[text] = kind
    return kind


_KNOWN: dict[str, str] = {}


def to_int(text: str) -> int:
    if text.isdigit():  # the usual case: 2026, 39000
        return int(text)
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if digits.lower().startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits, 10)


def to_float(text: str) -> float:
    lowered = text.lower()
    if lowered.lstrip("+-") == ".inf":
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    return float(lowered)


def to_timestamp(text: str) -> date | datetime | str:
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


# Compact nesting ("- - - x", "? ? ? x") and flow brackets nest without indentation.
_DEEP_COMPACT = re.compile(r"(?:[-?][ \t]+){50,}")


def deeply_nested(text: str) -> bool:
    """Text that could nest deeper than libyaml's composer recurses safely: tens of
    thousands of brackets, "- " or "? " crash it. The pattern is slow on long texts: it
    only runs where 50 indicators could be."""
    indicators = sum(text.count(c) for c in ("- ", "-\t", "? ", "?\t"))
    return text.count("[") + text.count("{") > 500 or (
        indicators >= 50 and bool(_DEEP_COMPACT.search(text))
    )
