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
  markers, tabs, backslash escapes, the line breaks of YAML 1.1 (U+2028, U+2029,
  U+0085) and a byte order mark inside the text send the file to the node tree; ryaml
  itself refuses duplicate keys, control characters, several documents and nesting
  deeper than 128;
- what a file is. Only a mapping at the root is kept: an empty file, a list or a lone
  value is the node tree's to report.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import ryaml

from pcaet_cli.register.positions import Path as YamlPath
from pcaet_cli.register.positions import Span, split_lines
from pcaet_cli.register.yaml12 import (
    MAX_DEPTH,
    MAX_NODES,
    MAY_TYPE,
    plain_kind,
    to_timestamp,
)

_NODE_PROPERTY = re.compile(r"(?:^|[\s\[\]{},:?-])[!&*]\S", re.MULTILINE)
"""A tag, an anchor or an alias opening a node."""
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
        # Line breaks for libyaml, not for YAML 1.2; a byte order mark inside the text.
        # (ryaml refuses control characters itself, and nesting deeper than 128.)
        or "\x85" in text
        or "\u2028" in text
        or "\u2029" in text
        or "\ufeff" in text
        or bool(_DOT_EXPONENT.search(text))
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
    of nodes below it, as the converter counts them."""
    if depth >= MAX_DEPTH:
        raise _Unsure
    count = len(value)
    mapping = isinstance(value, dict)
    pairs = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in pairs:
        if mapping:
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
    return count


_SCALARS = (int, float, bool, type(None))


def _scalar(value: str, text: str) -> str | date | datetime:
    """A text ryaml read, as the converter reads it: typed only if written plain."""
    kind = plain_kind(value)
    if kind == "str" or not value:
        return value  # an empty text was quoted: a plain one is null
    if not _plain(value, text):
        return value
    if kind == "timestamp":
        return to_timestamp(value)
    raise _Unsure  # a plain scalar ryaml leaves as text and the resolver types


_DELIMITERS = frozenset(" \t\r\n'\",[]{}:#")
"""The characters a scalar's written form can touch: quotes, blanks, flow indicators,
`:` and `#`. An occurrence of a value touching any other (the « 1 » of « 2027-01-01 »,
of « crte-1 ») lies inside another token and is not where the value is written."""


def _plain(value: str, text: str) -> bool:
    """True when every occurrence of `value` in the file stands where a plain scalar
    does, False when every one is between quotes; _Unsure otherwise. Occurrences inside
    another token or after other text are not counted: a plan's axis « "1" » is
    everywhere in a file's dates, identifiers and titles, and sent a fifth of the files
    to the node tree."""
    quoted = plain = False
    size = len(value)
    start = text.find(value)
    while start >= 0:
        end = start + size
        before = text[start - 1] if start else "\n"
        after = text[end] if end < len(text) else "\n"
        if before not in _DELIMITERS or after not in _DELIMITERS or _after_text(text, start):
            pass  # inside another token, or another text
        elif before in "'\"" and after == before:
            quoted = True
        elif _plain_around(text, start, end):
            plain = True
        else:
            raise _Unsure
        start = text.find(value, end)
    if quoted == plain:
        raise _Unsure
    return plain


_NOT_TEXT = frozenset(":-?[{,'\"#|>")
"""What a scalar's first character may follow on its line (besides the indentation):
an indicator, or its own opening quote."""


def _after_text(text: str, start: int) -> bool:
    """The occurrence at `start` follows other text on its line (the « 1 » of « nom:
    CRTE 1 », a line of a block scalar): tags and anchors sent the file aside, so no
    scalar starts there, and this one lies inside another."""
    lead = text[text.rfind("\n", 0, start) + 1 : start].rstrip(" ")
    return bool(lead) and lead[-1] not in _NOT_TEXT


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


# --- positions of the top level, without a node tree ------------------------------------

_TOP_KEY = re.compile(r"([a-z_][a-z0-9_]*):(?: |$)")
"""A top-level key as the register writes them: a field name at the start of a line."""


def top_level_span(
    text: str, keys: tuple[Any, ...] | None, field: YamlPath, key: bool
) -> Span | None:
    """The span the node tree gives the root (`field` empty) or a top-level field of a
    file the quick reading accepts, whose top-level `keys` (None: not a mapping) are
    known, read off the lines; None when it would take more than the lines (values over
    several lines, keys not written as field names…)."""
    if len(field) > 1 or keys is None or _elsewhere(text):
        return None
    lines = split_lines(text)
    rows: dict[str, int] = {}
    for index, line in enumerate(lines):
        if not line or line[0] in " #":
            continue
        found = _TOP_KEY.match(line)
        if found is None or found[1] in rows:
            return None  # not a field name, or a duplicate (the node tree's first wins)
        rows[found[1]] = index
    if tuple(rows) != keys:
        return None
    if not field:
        return Span(next(iter(rows.values()), 0) + 1, 1, len(lines) + 1, 1)
    name = field[0]
    if name not in rows:
        # The node tree falls back to the root for a missing field.
        return Span(next(iter(rows.values()), 0) + 1, 1, len(lines) + 1, 1)
    row = rows[name]
    if key:
        return Span(row + 1, 1, row + 1, len(name) + 1)
    if not _alone(lines, row):
        return None
    columns = _value_columns(lines[row], len(name))
    return None if columns is None else Span(row + 1, columns[0], row + 1, columns[1])


def _alone(lines: list[str], row: int) -> bool:
    """Nothing but blank lines and comments at the start of a line until the next key:
    the value holds on the key's line."""
    for line in lines[row + 1 :]:
        if line.strip(" ") and line[0] != "#":
            return line[0] != " "
    return True


def _value_columns(line: str, colon: int) -> tuple[int, int] | None:
    """1-based start and end columns of the value after the colon at index `colon`."""
    rest = line[colon + 1 :]
    if not rest:
        return colon + 2, colon + 2  # an empty value sits right after the colon
    value = rest.lstrip(" ")
    start = len(line) - len(value)
    if not value or value[0] in "#|>":
        return None
    if value[0] in "\"'":
        end = _closing_quote(value)
    elif value[0] in "[{":
        end = _closing_bracket(value)
    else:
        cut = value.find(" #")
        end = len((value if cut < 0 else value[:cut]).rstrip(" "))
    if end is None:
        return None
    after = value[end:]
    tail = after.lstrip(" ")
    if tail and not (tail[0] == "#" and len(tail) < len(after)):
        return None
    return start + 1, start + end + 1


def _closing_quote(value: str) -> int | None:
    """Length of the quoted scalar opening `value`, None if it goes on past the line."""
    quote = value[0]
    index = 1
    while True:
        index = value.find(quote, index)
        if index < 0:
            return None
        if quote == "'" and value[index + 1 : index + 2] == "'":
            index += 2  # '' is an apostrophe inside single quotes
            continue
        return index + 1


def _closing_bracket(value: str) -> int | None:
    """Length of the flow collection opening `value`, None if it goes on past the line
    or holds quotes (a bracket inside quotes is text)."""
    if "'" in value or '"' in value:
        return None
    depth = 0
    for index, char in enumerate(value):
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
    return None
