"""In-place edits of one register file: only the keys changed are touched; comments,
key order, quotes and layout stay as the author wrote them.

The file is read by ruamel's round trip (the writer of `pcaet fmt`), edited, and written
again; when the round trip alone would change other lines (a file not in `pcaet fmt`'s
form), only the lines the edits changed are carried into the original text.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from pcaet_cli.edit.fmt import _append_trailing, _pop_trailing, yaml_writer
from pcaet_cli.errors import PcaetError
from pcaet_cli.model import Action
from pcaet_cli.register.yamlfile import parse

_ORDER = list(Action.model_fields)


@dataclass(frozen=True, slots=True)
class SetField:
    key: str
    value: Any


@dataclass(frozen=True, slots=True)
class AppendNote:
    day: date
    texte: str
    auteur: str


@dataclass(frozen=True, slots=True)
class SetSpent:
    """The amount spent of the budget line (annee, type), added when missing."""

    annee: int | None
    """None: the line without a year (the multi-year total)."""
    type: str
    realise: float


@dataclass(frozen=True, slots=True)
class SetMeasure:
    indicator: int
    """Position in `indicateurs`, from 0."""
    annee: int
    value: float


Edit = SetField | AppendNote | SetSpent | SetMeasure


def touched_keys(edits: list[Edit]) -> set[str]:
    keys = set()
    for edit in edits:
        if isinstance(edit, SetField):
            keys.add(edit.key)
        elif isinstance(edit, AppendNote):
            keys.add("suivi")
        elif isinstance(edit, SetSpent):
            keys.add("budget")
        else:
            keys.add("indicateurs")
    return keys


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _text(value: str) -> str:
    if "\n" in value:
        block: str = LiteralScalarString("\n".join(line.rstrip() for line in value.split("\n")))
        return block
    return value


def _insert(mapping: CommentedMap, key: Any, value: Any, position: int) -> None:
    """Insert `key` at `position`; the comment lines that followed the entry before it
    (they introduce the next key) now follow the new entry."""
    keys = list(mapping)
    before = keys[position - 1] if position > 0 else None
    tail = _pop_trailing(mapping, before) if before is not None else ""
    mapping.insert(position, key, value)
    if tail:
        _append_trailing(mapping, key, tail)


def _set_key(mapping: CommentedMap, key: str, value: Any) -> None:
    if key in mapping:
        mapping[key] = value
        return
    rank = _ORDER.index(key) if key in _ORDER else len(_ORDER)
    keys = list(mapping)
    position = len(keys)
    for i, existing in enumerate(keys):
        if existing in _ORDER and _ORDER.index(existing) > rank:
            position = i
            break
    _insert(mapping, key, value, position)


def _append(seq: CommentedSeq, value: Any) -> None:
    tail = _pop_trailing(seq, len(seq) - 1) if len(seq) else ""
    seq.append(value)
    if tail:
        _append_trailing(seq, len(seq) - 1, tail)


def _list(mapping: CommentedMap, key: str) -> CommentedSeq:
    current = mapping.get(key)
    if isinstance(current, CommentedSeq):
        return current
    seq = CommentedSeq()
    _set_key(mapping, key, seq)
    return seq


def _apply(tree: CommentedMap, edit: Edit) -> None:
    if isinstance(edit, SetField):
        value = edit.value
        _set_key(tree, edit.key, _text(value) if isinstance(value, str) else value)
    elif isinstance(edit, AppendNote):
        note = CommentedMap()
        note["date"] = edit.day
        note["texte"] = _text(edit.texte)
        note["auteur"] = edit.auteur
        _append(_list(tree, "suivi"), note)
    elif isinstance(edit, SetSpent):
        lines = _list(tree, "budget")
        for line in lines:
            if (
                isinstance(line, CommentedMap)
                and line.get("annee") == edit.annee
                and line.get("type") == edit.type
            ):
                _set_key(line, "realise", _number(edit.realise))
                return
        new = CommentedMap()
        if edit.annee is not None:
            new["annee"] = edit.annee
        new["type"] = edit.type
        new["realise"] = _number(edit.realise)
        flow = [line for line in lines if isinstance(line, CommentedMap)]
        if flow and all(line.fa.flow_style() for line in flow):
            new.fa.set_flow_style()  # the author's lines are {annee: …}: so is this one
        _append(lines, new)
    else:
        indicators = tree.get("indicateurs")
        if not isinstance(indicators, list) or edit.indicator >= len(indicators):
            raise PcaetError("indicateur introuvable")
        indicator = indicators[edit.indicator]
        measures = indicator.get("mesures")
        if not isinstance(measures, CommentedMap):
            measures = CommentedMap()
            measures.fa.set_flow_style()
            _set_key(indicator, "mesures", measures)
        value = _number(edit.value)
        if edit.annee in measures:
            measures[edit.annee] = value
        else:
            position = sum(1 for k in measures if isinstance(k, int) and k < edit.annee)
            _insert(measures, edit.annee, value, position)


def _dump(tree: Any) -> str:
    out = io.StringIO()
    writer = yaml_writer()
    writer.preserve_quotes = True
    writer.dump(tree, out)
    return out.getvalue()


def _splice(original: str, baseline: str, modified: str) -> str | None:
    """The lines `baseline` → `modified` changed, carried into `original` (which the
    round trip wrote as `baseline`); None when a change falls where they differ."""
    o = original.splitlines(keepends=True)
    b = baseline.splitlines(keepends=True)
    m = modified.splitlines(keepends=True)
    where: dict[int, int] = {}
    for block in difflib.SequenceMatcher(None, b, o, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            where[block.a + k] = block.b + k
    changes = difflib.SequenceMatcher(None, b, m, autojunk=False).get_opcodes()
    out = list(o)
    for tag, i1, i2, j1, j2 in reversed(changes):
        if tag == "equal":
            continue
        if i1 < i2:
            if i1 not in where or i2 - 1 not in where or where[i2 - 1] - where[i1] != i2 - i1 - 1:
                return None
            start, end = where[i1], where[i2 - 1] + 1
        elif i1 > 0 and i1 - 1 in where:
            start = end = where[i1 - 1] + 1
        elif i1 in where:
            start = end = where[i1]
        else:
            return None
        out[start:end] = m[j1:j2]
    return "".join(out)


def edit_text(text: str, edits: list[Edit]) -> str:
    """The text of a register file with `edits` applied; PcaetError when the file cannot
    be edited safely (the caller checks the result again)."""
    writer = yaml_writer()
    writer.preserve_quotes = True
    try:
        tree = writer.load(text)
        if not isinstance(tree, CommentedMap):
            raise PcaetError("le fichier ne contient pas de table")
        baseline = _dump(tree)
        for edit in edits:
            _apply(tree, edit)
        modified = _dump(tree)
    except (YAMLError, ValueError, AssertionError, OverflowError, RecursionError, TypeError):
        raise PcaetError(
            "le fichier ne se relit pas sans risque (voir « pcaet lint ») : rien n'y est écrit"
        ) from None
    if baseline == text:
        return modified
    spliced = _splice(text, baseline, modified)
    if spliced is None:
        return modified
    same = (
        parse(spliced.encode("utf-8"), "<texte>").data
        == parse(modified.encode("utf-8"), "<texte>").data
    )
    return spliced if same else modified
