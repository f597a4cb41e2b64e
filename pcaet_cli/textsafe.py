"""User text made harmless for the terminal or CI log that shows it.

Register values, file names and commit data come from anyone who can open a merge
request. Written raw, ESC and the other control characters drive the terminal (change
its title, clear it, fake a green result), U+009B is a one-character CSI, bidirectional
overrides and isolates reorder what the reader sees (Trojan Source), and a lone
surrogate cannot even be encoded to UTF-8. Each is written out instead, as Python
writes it: ESC → `\\x1b`, U+202E → `\\u202e`.
"""

from __future__ import annotations

import re
from typing import Any

# DEL and C1 controls, bidi marks, embeddings, overrides and isolates, the Unicode line
# and paragraph separators (a terminal or a log may break there), surrogates.
_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_UNSAFE_BUT_LINE_FEED = re.compile(f"[\x00-\x09\x0b-\x1f{_BEYOND_C0}]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _written_out(match: re.Match[str]) -> str:
    char = match[0]
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def visible(text: str, *, lines: bool = False) -> str:
    """`text` with its control, escape and bidi characters written out (`\\x1b`);
    `lines` keeps line feeds, for a value laid out on several lines."""
    unsafe = _UNSAFE_BUT_LINE_FEED if lines else _UNSAFE
    # Nearly every text is clean: searching is cheaper than substituting.
    return unsafe.sub(_written_out, text) if unsafe.search(text) else text


def json_text(payload: object) -> str:
    """`payload` as indented JSON ending with a line feed, accented letters as they are.

    JSON escapes C0 characters itself; the others `visible` writes out are escaped the
    same way (`\\u009b`), so a program reads the value intact and a terminal shows it
    harmlessly. The only raw line feeds are the indentation's."""
    import json  # only here: `pcaet lint` imports this module for its text formats too

    text = json.dumps(payload, ensure_ascii=False, indent=2)
    return _UNSAFE_BUT_LINE_FEED.sub(_json_escape, text) + "\n"


# What a spreadsheet would evaluate at the start of a cell (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: Any) -> Any:
    """Neutralise text that a spreadsheet would evaluate; leave other values alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
