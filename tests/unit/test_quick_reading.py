"""The quick reading (ryaml) gives exactly the node tree's values, or steps aside.

Whatever text it is given, `quick_values` either returns None (the node tree reads the
file) or the very values the node tree converts, same types included, for a file in
which the node tree finds nothing to report."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pcaet_cli.register.quick import quick_values, top_level_span
from pcaet_cli.register.yamlfile import parse
from tests.profiles import examples


def _same(left: Any, right: Any) -> bool:
    """Equal values of the same types all the way down (1 is not True nor 1.0)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(
            type(a) is type(b) and _same(left[a], right[b])
            for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_same, left, right))
    if isinstance(left, float) and math.isnan(left):
        return math.isnan(right)
    return bool(left == right)


def _agrees(text: str) -> bool | None:
    """None when the quick reading stepped aside, else whether it agrees."""
    quick = quick_values(text)
    if quick is None:
        return None
    tree = parse(text.encode("utf-8"), "f.yaml")
    return not tree.diagnostics and _same(quick, tree.data)


TAKEN = [
    "titre: Mobilité douce\nstatut: En cours\n",
    "date_debut: 2025-01-01\ndate_fin: 2026-12-31 # fin\n",
    "annee: 2025\netp: 0.5\nbudget: -1200\nactif: true\nvide:\n",
    "axe: \"2.1\"\ncode: '2025'\n",
    "mesures: {2026: 36, 2027: 40}\n",
    "dates: [2025-01-01, 2026-01-01]\n",
    "liste:\n  - 2025-01-01\n  - texte\n",
    'texte: "2025-01-01"\n',
    "description: |\n  Sur plusieurs lignes\n  avec 2025 dedans\n",
    "a: 1e3\nb: 0x1F\nc: 0o17\nd: .inf\ne: -.Inf\nf: .nan\n",
    "a: ~\nb: null\nc: Null\n",
    "clé: 'l''été'\n",
    "a: oui\nb: non\nc: yes\nd: on\n",
    "titre: Bilan - 2025-01-01\n",
    "a: x\r\nb: 2025-01-01\r\n",
    "a: 1_000\nb: 1_0.5\n",  # YAML 1.2's core schema: text, for both readings
    # Axis codes quoted, their digits also inside dates and identifiers: the occurrences
    # inside other tokens are not where the codes are written.
    'plans:\n  pcaet-0001: "4.1"\n  crte-1: "1"\ndebut: 2027-01-01\nv: 14.12\n',
    "a: '2025-01-01'\nb: le2025-01-01x\n",
    # …and inside other texts: a plain one, a quoted one, a block scalar's line.
    'nom: CRTE 1\naxes:\n  - {code: "1", titre: "Axe 1"}\n',
    "code: '2025-01-01'\ndescription: |\n  Depuis le 2025-01-01 déjà\n",
]
ASIDE = [
    "",  # empty: Y006
    "- a\n- b\n",  # a list: Y007
    "a: 1\na: 2\n",  # duplicate key: Y002
    "a: !!str 12\n",  # tag
    "a: &x 1\nb: *x\n",  # anchor and alias
    "b:\n  <<: {y: 2}\n",  # merge key
    "a: =\n",  # value tag: Y005
    "a:\t1\n",  # tab
    "a: 1\n---\nb: 2\n",  # two documents
    "%YAML 1.2\n---\na: 1\n",  # directive
    'a: "x\\ty"\n',  # escape
    "a: x\x07y\n",  # control character
    "a: 0001\n",
    "a: .5e3\n",  # a float for ryaml, text for the resolver
    "a: [1, 2\n",  # syntax error
    "? [a]\n: 1\n",  # complex key
    "~: 1\n",  # null key: its text for the converter
    "1.5: x\n",
    "true: x\n",
    'a: "2025-01-01"\nb: 2025-01-01\n',  # the same date quoted and plain
    'a: "2025-01-01"\nb: [le, 2025-01-01]\n',  # quoted once, plain once
    'a: "2025-01-01"\nb:\n  2025-01-01\n',  # plain, on its own line
    "a: |-\n  2025-01-01\n",  # a date-like block scalar
    "a:\n  2025-01-01\n",  # a plain date on its own line
    "a: 99999999999999999999\n",  # beyond ryaml's integers
    "[" * 300 + "]" * 300,
]


@pytest.mark.parametrize("text", TAKEN)
def test_quick_reading_takes_ordinary_files(text: str) -> None:
    assert _agrees(text) is True


@pytest.mark.parametrize("text", ASIDE)
def test_quick_reading_steps_aside(text: str) -> None:
    assert quick_values(text) is None


_SCALARS = st.sampled_from(
    [
        "2025",
        "2025-01-01",
        "2025-1-1",
        "2025-01-01 10:00:00",
        "2025-01-01T10:00:00Z",
        "2024-13-45",
        "1_000",
        "1e3",
        ".5",
        ".5e3",
        "+12",
        "-0",
        "0x1F",
        "0o17",
        "017",
        "0b101",
        "1:20",
        ".inf",
        ".NaN",
        "true",
        "False",
        "yes",
        "on",
        "~",
        "null",
        "=",
        "<<",
        "0.01",
        "12,5",
        "texte libre",
        "l'été",
        "a: b",
        "# pas un commentaire",
        "Fin !",
        "R&D",
        "x*y",
        "- tiret",
        "",
    ]
)


@st.composite
def _scalar(draw: st.DrawFn) -> str:
    text = draw(_SCALARS)
    style = draw(st.sampled_from(["plain", "single", "double", "block"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "block":
        return "|-\n" + "    " + text
    return text


@st.composite
def _document(draw: st.DrawFn) -> str:
    lines = []
    keys = draw(
        st.lists(
            st.sampled_from(["titre", "date", "2026", "annee", "'2026'", "n", "t", "<<", "x"]),
            min_size=1,
            max_size=5,
        )
    )
    for key in keys:
        shape = draw(st.sampled_from(["scalar", "flow", "list", "map", "comment"]))
        if shape == "scalar":
            lines.append(f"{key}: {draw(_scalar())}")
        elif shape == "flow":
            items = draw(st.lists(st.sampled_from(["1", "2025-01-01", "'x'", '"2025"', "a"])))
            lines.append(f"{key}: [{', '.join(items)}]")
        elif shape == "list":
            lines.append(f"{key}:")
            lines.extend(f"  - {draw(_scalar())}".replace("\n", "\n  ") for _ in range(2))
        elif shape == "map":
            lines.append(f"{key}:")
            lines.append(f"  {draw(_scalar())}: {draw(_scalar())}".replace("\n", "\n  "))
        else:
            lines.append(f"{key}: {draw(_scalar())}  # {draw(_SCALARS)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(400), deadline=None)
@given(_document())
@example("annee: 2025\ndate: '2025-01-01'\n")
def test_quick_reading_never_disagrees(text: str) -> None:
    assert _agrees(text) is not False


# --- spans of the top level, read off the lines -----------------------------------------

_VALUES = st.sampled_from(
    [
        "Mobilité douce",
        "C# et F#",
        "texte  # commentaire",
        "2025-01-01",
        "12",
        "'l''été'",
        "'a # b'",
        '"entre guillemets"  ',
        '"sur deux\n  lignes"',
        "[a, b]",
        "[[1, 2], {x: 3}]  # fin",
        "{a: 1, b: [2]}",
        "",
        "  ",
        "# rien",
        "|\n  bloc\n  de texte\n",
        ">-\n  plié\n",
        "\n  - un\n  - deux",
        "\n  clé: valeur",
        "suite\n  sur la ligne suivante",
        "Énergie 🌞 renouvelable",
    ]
)


@st.composite
def _register_file(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True), unique=True))
    lines = draw(st.lists(st.sampled_from(["# tête", "", "   "]), max_size=2))
    for name in names:
        lines.append(f"{name}:{' ' if draw(st.booleans()) else ''}{draw(_VALUES)}")
        lines.extend(draw(st.lists(st.sampled_from(["", "# note", "  # en retrait"]), max_size=1)))
    ending = draw(st.sampled_from(["\n", "", "\r\n", "\n\n", "\n  "]))
    return ending.join(lines) if ending == "\r\n" else "\n".join(lines) + ending


@settings(max_examples=examples(400), deadline=None)
@given(_register_file(), st.sampled_from(["absent", "premier"]))
@example("a: 1\nb: x", "premier")
@example("titre: 'l''été'  # c\n", "premier")
def test_top_level_spans_are_the_node_trees(text: str, missing: str) -> None:
    data = quick_values(text)
    if data is None:
        return
    positions = parse(text.encode("utf-8"), "f.yaml").positions
    fields: list[tuple[str | int, ...]] = [(), (missing,), *((name,) for name in data)]
    for field in fields:
        for key in (False, True):
            found = top_level_span(text, tuple(data), field, key)
            expected = positions.key(field) if key else positions.value(field)
            assert found in (None, expected), (field, key)


SPANNED = [
    ("titre: Covoiturage\nstatut: En cours\n", ("statut",), False, (2, 9, 2, 17)),
    ("titre: Covoiturage\nstatut: En cours\n", ("statut",), True, (2, 1, 2, 7)),
    ("titre: Covoiturage\nstatut: En cours\n", ("pilote",), False, (1, 1, 3, 1)),
    ("titre: Covoiturage\nstatut: En cours\n", (), False, (1, 1, 3, 1)),
    ("# en-tête\ntitre: 'l''été'  # c\n", ("titre",), False, (2, 8, 2, 16)),
]


@pytest.mark.parametrize(("text", "field", "key", "span"), SPANNED)
def test_top_level_spans_are_found_from_the_lines(
    text: str, field: tuple[str, ...], key: bool, span: tuple[int, int, int, int]
) -> None:
    # The property above accepts None (the node tree then answers): these files are
    # ones the lines alone must place, so a reading that always gives up fails here.
    data = quick_values(text)
    assert data is not None
    found = top_level_span(text, tuple(data), field, key)
    assert found == span
    positions = parse(text.encode("utf-8"), "f.yaml").positions
    assert found == (positions.key(field) if key else positions.value(field))


def test_top_level_spans_leave_duplicate_keys_to_the_node_tree() -> None:
    # The node tree keeps the first `titre` and reports the second: the lines alone
    # would place the file's start at the second.
    text = "titre: a\ntitre: b\n"
    keys = parse(text.encode(), "f.yaml").keys
    assert keys == ("titre",)
    assert top_level_span(text, keys, ("pilote",), False) is None
    assert top_level_span(text, keys, (), False) is None


def test_top_level_spans_need_the_keys_of_a_mapping() -> None:
    # A list at the top (keys None) or keys the lines do not show in that order: the
    # node tree answers.
    text = "titre: Covoiturage\nstatut: En cours\n"
    assert top_level_span(text, ("titre", "statut"), ("statut",), True) == (2, 1, 2, 7)
    assert top_level_span(text, None, ("statut",), True) is None
    assert top_level_span(text, ("statut", "titre"), ("statut",), True) is None
