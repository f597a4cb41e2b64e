"""The quick reading of a register file: its values without a node tree.

`yamlfile` composes a node tree with libyaml, then converts it in Python: about 0.4 ms
for an action file, most of it spent making a Python object per node and per mark.
ryaml parses with the same libyaml (its Rust translation, unsafe-libyaml, under
serde_yaml) and builds the values in compiled code: about 0.06 ms. Its values are kept
only where they are exactly the converter's and the converter would report nothing;
every other file goes through the node tree, which says what is wrong, and where.

Where the two readings could differ, and how this module stays on the safe side:
- what a plain scalar means. ryaml types numbers, booleans and nulls as the YAML 1.2
  resolver does, but reads dates, `1_000` or `0001` as text, and once read `"2025"`
  and `2025` are the same text. So a text the resolver would type is looked up in the
  file: quoted, it stays text; plain, a date becomes a date; anything else is left to
  the node tree. The one form ryaml types and the resolver does not (`.5e3`) sends the
  file to the node tree;
- what the converter reports. Tags, anchors and aliases (`!`, `&`, `*` opening a
  value), merge keys, keys that are not text or integers, directives and document
  markers, tabs, control characters and backslash escapes send the file to the node
  tree; ryaml itself refuses duplicate keys, several documents and deep nesting;
- what a file is. Only a mapping at the root is kept: an empty file, a list or a lone
  value is the node tree's to report.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import ryaml

from pcaet_cli.register.yaml12 import (
    MAX_DEPTH,
    MAX_NODES,
    MAY_TYPE,
    deeply_nested,
    plain_kind,
    to_timestamp,
)

_NODE_PROPERTY = re.compile(r"(?:^|[\s\[\]{},:?-])[!&*]\S", re.MULTILINE)
"""A tag, an anchor or an alias opening a node."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_DOT_EXPONENT = re.compile(r"\.[0-9][0-9_]*[eE]")
"""`.5e3`: a float for ryaml, text for the resolver."""


def _elsewhere(text: str) -> bool:
    """What sends a file to the node tree, whatever else it holds. Plain substring
    tests first: one regular expression with all of it costs more than the parse."""
    return (
        "\\" in text  # backslash escapes
        or "\t" in text
        or ("\r" in text and text.count("\r") != text.count("\r\n"))
        or text.startswith(("%", "---", "..."))
        or "\n%" in text  # directives, document markers
        or "\n---" in text
        or "\n..." in text
        or (("!" in text or "&" in text or "*" in text) and bool(_NODE_PROPERTY.search(text)))
        or bool(_CONTROL.search(text))
        or bool(_DOT_EXPONENT.search(text))
        or deeply_nested(text)
    )


_KEYS_KEPT_TYPED = frozenset({"int", "bool", "merge", "value", "yaml"})
"""Plain keys the converter does not turn back into their text (it does for null,
float and date keys)."""


class _Unsure(Exception):
    """The quick reading cannot vouch for a value: the node tree reads the file."""


def quick_values(text: str) -> dict[Any, Any] | None:
    """The file's values exactly as the node tree would convert them, with nothing to
    report; None when the file must go through the node tree."""
    if _elsewhere(text):
        return None
    try:
        data = ryaml.loads(text)
    except Exception:  # whatever ryaml refuses, the node tree explains
        return None
    if type(data) is not dict:
        return None
    try:
        if 1 + _settle(data, text, 0) > MAX_NODES:
            return None
    except _Unsure:
        return None
    return data


def _settle(value: dict[Any, Any] | list[Any], text: str, depth: int) -> int:
    """Make the texts of `value` what the converter makes of them, in place; the number
    of nodes below it, as the converter counts them. One loop for mappings and one for
    lists, the checks written out: this runs for every value of every file."""
    if depth >= MAX_DEPTH:
        raise _Unsure
    count = len(value)
    if type(value) is dict:
        for key, item in value.items():
            if type(key) is str:
                # Such a key stays text only when quoted; a plain one is the node tree's.
                if (
                    key[:1] in MAY_TYPE
                    and plain_kind(key) in _KEYS_KEPT_TYPED
                    and _plain(key, text)
                ):
                    raise _Unsure
            elif type(key) is not int:
                raise _Unsure  # null, float, boolean or complex keys
            kind = type(item)
            if kind is str:
                if item[:1] in MAY_TYPE:
                    value[key] = _scalar(item, text)
            elif kind is dict or kind is list:
                count += _settle(item, text, depth + 1)
            elif kind not in _SCALARS:
                raise _Unsure
    else:
        for index, item in enumerate(value):
            kind = type(item)
            if kind is str:
                if item[:1] in MAY_TYPE:
                    value[index] = _scalar(item, text)
            elif kind is dict or kind is list:
                count += _settle(item, text, depth + 1)
            elif kind not in _SCALARS:
                raise _Unsure
    return count


_SCALARS = (int, float, bool, type(None))


def _scalar(value: str, text: str) -> str | date | datetime:
    """A text ryaml read, as the converter reads it: typed only if written plain."""
    kind = plain_kind(value)
    if kind == "str":
        return value
    if not _plain(value, text):
        return value
    if kind == "timestamp":
        return to_timestamp(value)
    raise _Unsure  # a plain scalar ryaml leaves as text and the resolver types


def _plain(value: str, text: str) -> bool:
    """True when every occurrence of `value` in the file stands where a plain scalar
    does, False when every one is between quotes; _Unsure otherwise."""
    quoted = plain = False
    size = len(value)
    start = text.find(value)
    while start >= 0:
        end = start + size
        before = text[start - 1] if start else "\n"
        after = text[end] if end < len(text) else "\n"
        if before in "'\"" and after == before:
            quoted = True
        elif _plain_around(text, start, end):
            plain = True
        else:
            raise _Unsure
        start = text.find(value, end)
    if quoted == plain:
        raise _Unsure
    return plain


def _plain_around(text: str, start: int, end: int) -> bool:
    """The occurrence sits where a plain value does: after `: `, `- `, `[`, `{` or `,`
    on its line, and before the end of the line, a comment or a flow separator."""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    lead = before.rstrip(" ")
    if not lead or not (lead[-1] in "[{," or (lead[-1] in ":-" and len(lead) < len(before))):
        return False
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end].rstrip("\r")
    tail = rest.lstrip(" ")
    return not tail or tail[0] in ",]}" or (tail[0] == "#" and len(tail) < len(rest))
