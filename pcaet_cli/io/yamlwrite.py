"""Writing register files: a small block-style YAML emitter for imported data.

Hand-written rather than ruamel's dumper because an ADEME-sized import writes some
11 000 files and ruamel's representer costs milliseconds per file; the data written here
is plain (mappings, lists, text, numbers, dates), so a strict emitter is enough. Any text
that a YAML 1.1 or 1.2 reader could take for something else (`01004`, `oui`, `2.1`,
`2024-01-01`, `a: b`, `# x`) is double-quoted: the register stays readable by every tool.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from typing import Any

SCHEMA_NAMES: dict[str, str] = {
    "territoires": "territoire",
    "acteurs": "acteur",
    "plans": "plan",
    "actions": "action",
}

# Words that YAML 1.1 readers (and some editors) turn into booleans or null, plus the
# French ones a user would expect to be read as yes/no.
_RESERVED = frozenset(
    "y n yes no on off true false null nil none oui non vrai faux".split()  # noqa: SIM905
)
# Plain only when starting with a letter and made of characters that never start a YAML
# construct; everything else is quoted rather than reasoned about.
_PLAIN = re.compile(r"^[^\W\d_][\w .,'’()/«»\-–+%°€&;!?@]*$")
# Line separators that some YAML readers break lines on, and control characters.
_BREAKS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]")


class _Null:
    """An explicit null, written as `null` (None values are left out): `plans: {pcaet: null}`
    says the action serves the plan without an axis."""

    def __repr__(self) -> str:
        return "NULL"


NULL = _Null()


def scalar(value: Any) -> str:
    """One YAML scalar on one line."""
    if value is None or value is NULL:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Whole amounts stay integers: `180000` rather than `180000.0`.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return _text(str(value))


# Keys and vocabulary come back in every file of an import (840 000 scalars for 17 000
# files at 10 000 actions, a quarter of the import's time): each text is decided once.
@lru_cache(maxsize=2**16)
def _text(text: str) -> str:
    if (
        _PLAIN.match(text)
        and text == text.strip()
        and text.casefold() not in _RESERVED
        and not text.endswith(":")
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _block_text(text: str, indent: str) -> str | None:
    """A multi-line text as a literal block, when it can be one without loss."""
    if _BREAKS.search(text) or "\r" in text or text[:1].isspace() or "\t" in text:
        return None
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    if trailing > 1 or any(line != line.rstrip() for line in body.split("\n")):
        return None
    header = "|" if trailing == 1 else "|-"
    lines = [f"{indent}{line}" if line else "" for line in body.split("\n")]
    return header + "\n" + "\n".join(lines)


def _emit(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None or item == [] or item == {}:
                continue
            _emit_entry(f"{indent}{scalar(key)}:", item, indent, out)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                # "- first: x" then the other keys aligned under it.
                nested: list[str] = []
                _emit(item, indent + "  ", nested)
                if nested:
                    first = nested[0]
                    out.append(f"{indent}- {first[len(indent) + 2 :]}")
                    out.extend(nested[1:])
            else:
                _emit_entry(f"{indent}-", item, indent, out)
    else:
        raise TypeError(f"not a mapping or a list: {value!r}")


def _emit_entry(prefix: str, item: Any, indent: str, out: list[str]) -> None:
    if isinstance(item, dict | list):
        out.append(prefix)
        _emit(item, indent + "  ", out)
    elif isinstance(item, str) and "\n" in item:
        block = _block_text(item, indent + "  ")
        out.append(f"{prefix} {block if block is not None else scalar(item)}")
    else:
        out.append(f"{prefix} {scalar(item)}")


def dump(data: dict[str, Any]) -> str:
    """A mapping as block-style YAML text; None and empty lists or mappings are left out."""
    out: list[str] = []
    _emit(data, "", out)
    return "\n".join(out) + "\n"


def register_file(folder: str, data: dict[str, Any], comment: str | None = None) -> str:
    """The text of one register file of `folder` (actions, acteurs…), with the schema line
    editors use for completion and an optional comment saying where it came from."""
    head = f"# yaml-language-server: $schema=../../schemas/{SCHEMA_NAMES[folder]}.schema.json\n"
    if comment:
        head += "".join(f"# {line}".rstrip() + "\n" for line in comment.splitlines())
    return head + dump(data)
