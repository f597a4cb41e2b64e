"""Reading one file's bytes: encodings, YAML 1.2 semantics, positions and hostile input.

`parse(raw, path)` must turn every problem into a diagnostic with a 1-based line and a
column counted in characters (not bytes), and must never crash the process.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap
import time
from datetime import date, datetime
from typing import Any

import pytest

from pcaet_cli.model import Territoire
from pcaet_cli.register.loader import validate
from pcaet_cli.register.positions import Span
from pcaet_cli.register.yamlfile import YamlFile, parse

PATH = "actions/mob-01.yaml"


def diags(result: YamlFile) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.column, d.message) for d in result.diagnostics]


def codes(result: YamlFile) -> list[str]:
    return [d.code for d in result.diagnostics]


# --- bytes → text -----------------------------------------------------------------------


def test_bom_is_reported_and_the_data_still_read() -> None:
    result = parse(b"\xef\xbb\xbftitre: Covoiturage\nstatut: En cours\n", PATH)
    assert diags(result) == [
        ("Y004", 1, 1, "le fichier commence par une marque d'ordre d'octets (BOM)")
    ]
    assert result.data == {"titre": "Covoiturage", "statut": "En cours"}
    # The BOM is not a column: the value still starts at column 8.
    assert result.positions.value(("titre",)) == Span(1, 8, 1, 19)


def test_windows_1252_accent_is_reported_where_it_is_and_the_rest_read() -> None:
    raw = "titre: Covoiturage\nstatut: Réalisé\npilote: svc-mobilites\n".encode("cp1252")
    result = parse(raw, PATH)
    assert diags(result) == [
        (
            "Y003",
            2,
            10,
            "le fichier n'est pas en UTF-8 (octet 0xE9 illisible) : "
            "probablement Latin-1 ou Windows-1252",
        )
    ]
    assert result.data == {
        "titre": "Covoiturage",
        "statut": "Réalisé",
        "pilote": "svc-mobilites",
    }
    assert result.diagnostics[0].hint is not None


def test_windows_1252_column_counts_the_utf8_characters_before_it() -> None:
    # "Développement" is valid UTF-8, "été" is Windows-1252: the column of the first bad
    # byte is counted in characters (é = 1 column), not in bytes.
    result = parse("titre: Développement ".encode() + "été\n".encode("cp1252"), PATH)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("Y003", 1, 22)]


def test_windows_1252_typographic_characters_are_read() -> None:
    result = parse("titre: l’été 2024 – 5 €\n".encode("cp1252"), PATH)
    assert codes(result) == ["Y003"]
    assert result.data == {"titre": "l’été 2024 – 5 €"}


def test_bom_and_windows_1252_are_both_reported() -> None:
    result = parse(b"\xef\xbb\xbf" + "titre: été\n".encode("cp1252"), PATH)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [
        ("Y004", 1, 1),
        ("Y003", 1, 8),
    ]
    assert result.data == {"titre": "été"}


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"], ids=lambda e: e
)
def test_utf16_and_utf32_are_unreadable(encoding: str) -> None:
    result = parse("titre: Développer le covoiturage\n".encode(encoding), PATH)
    assert diags(result) == [
        ("Y003", 1, 1, "fichier binaire ou encodé en UTF-16 : illisible comme YAML")
    ]
    assert result.data is None


@pytest.mark.parametrize(
    "raw",
    [b"\x00", b"titre: Covoiturage\nstatut: En\x00cours\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"],
    ids=["nul", "nul-au-milieu", "png"],
)
def test_nul_bytes_make_a_binary_file(raw: bytes) -> None:
    result = parse(raw, PATH)
    assert codes(result) == ["Y003"]
    assert result.data is None


def test_utf8_without_bom_gives_no_encoding_finding() -> None:
    result = parse("titre: Réseau de chaleur 🔥 — phase 2\n".encode(), PATH)
    assert result.diagnostics == []
    assert result.data == {"titre": "Réseau de chaleur 🔥 — phase 2"}


# --- YAML 1.2 semantics -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui", "oui"),
        ("non", "non"),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("True", True),
        ("false", False),
        ("010", 10),
        ("0o14", 12),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("01004", 1004),
        ('"01004"', "01004"),
        ("2024-03-01", date(2024, 3, 1)),
        ("2024-03-01 10:30:00", datetime(2024, 3, 1, 10, 30)),
        ("2024-02-30", "2024-02-30"),
        ("01/03/2024", "01/03/2024"),
        ("~", None),
        ("null", None),
        ("", None),
    ],
)
def test_yaml_1_2_scalars(text: str, expected: Any) -> None:
    result = parse(f"valeur: {text}\n".encode(), PATH)
    assert result.diagnostics == []
    value = result.data["valeur"]
    assert value == expected
    assert type(value) is type(expected)


def test_special_floats() -> None:
    result = parse(b"a: .inf\nb: -.inf\nc: .nan\n", PATH)
    assert result.data["a"] == math.inf
    assert result.data["b"] == -math.inf
    assert math.isnan(result.data["c"])


# --- positions ------------------------------------------------------------------------------


def test_positions_of_keys_and_values_are_1_based_and_count_characters() -> None:
    text = textwrap.dedent(
        """\
        titre: Développer
        description: Été 2024
        secteurs:
          - Résidentiel
          - Déchets
        gains: {énergie_mwh: 1, ges_tco2e: 2}
        """
    )
    positions = parse(text.encode(), PATH).positions
    assert positions.keys[("titre",)] == Span(1, 1, 1, 6)
    assert positions.values[("titre",)] == Span(1, 8, 1, 18)
    assert positions.keys[("description",)] == Span(2, 1, 2, 12)
    assert positions.values[("description",)] == Span(2, 14, 2, 22)
    assert positions.values[("secteurs", 0)] == Span(4, 5, 4, 16)
    assert positions.values[("secteurs", 1)] == Span(5, 5, 5, 12)
    assert positions.keys[("gains", "énergie_mwh")] == Span(6, 9, 6, 20)
    assert positions.keys[("gains", "ges_tco2e")] == Span(6, 25, 6, 34)
    assert positions.values[("gains", "ges_tco2e")] == Span(6, 36, 6, 37)


def test_an_emoji_is_one_column() -> None:
    positions = parse("g: {a: 🚲, b: 1}\n".encode(), PATH).positions
    assert positions.keys[("g", "b")].column == 11


def test_positions_fall_back_to_the_nearest_ancestor() -> None:
    positions = parse(b"titre: x\ngains:\n  ges_tco2e: 1\n", PATH).positions
    assert positions.value(("gains", "absent", 3)) == positions.values[("gains",)]
    assert positions.key(("financements", 0)) == Span(1, 1, 4, 1)


def test_positions_with_windows_line_endings() -> None:
    positions = parse(b"titre: Covoiturage\r\nstatut: En cours\r\n", PATH).positions
    assert positions.values[("statut",)] == Span(2, 9, 2, 17)


def test_hint_shows_the_value_as_typed() -> None:
    # 01004 is read as the integer 1004; the hint must quote what the user wrote.
    source = parse("nom: Ambrières\nnature: COM\ncode_insee: 01004\n".encode(), "t.yaml")
    _, found, invalid = validate(source, Territoire, "t.yaml")
    assert [(d.code, d.line, d.column, d.hint) for d in found] == [
        ("S003", 3, 13, 'mettez la valeur entre guillemets : "01004"')
    ]
    assert invalid == frozenset({"code_insee"})


def test_control_character_column_counts_characters_not_bytes() -> None:
    # The C reader reports a byte offset: "é" is two bytes but one column.
    result = parse("titre: Rénovation énergétique\nstatut: Été\x07\n".encode(), PATH)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("Y001", 2, 12)]


def test_control_character_line_with_many_accents_before() -> None:
    text = "description: " + "é" * 40 + "\nstatut: x\npilote: y\x07\n"
    result = parse(text.encode(), PATH)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("Y001", 3, 10)]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"], ids=["U+2028", "U+2029"])
def test_unicode_line_separator_in_a_string_does_not_shift_lines(separator: str) -> None:
    # YAML 1.2 line breaks are CR and LF only; an editor shows the next key on line 2.
    text = f'titre: "Covoiturage{separator}phase 2"\ncode_insee: 01004\n'
    positions = parse(text.encode(), PATH).positions
    assert positions.values[("code_insee",)] == Span(2, 13, 2, 18)


# --- empty or non-mapping documents -------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["---\n", "--- ~\n", "~\n", "null\n", "--- # vide\n...\n"], ids=repr
)
def test_an_empty_document_is_reported(text: str) -> None:
    result = parse(text.encode(), PATH)
    assert result.data is None
    assert codes(result) in (["Y006"], ["Y007"])


# --- the two parsers say the same thing ------------------------------------------------------

# A file with many brackets goes to the pure-Python parser (the C one could overflow the
# stack). A comment full of brackets is enough to switch: messages and positions must
# not depend on which parser read the file.
_SWITCH = "# " + "[" * 501 + "\n"

_BROKEN = {
    "tabulation": "titre: Covoiturage\ngains:\n  ges_tco2e: 12\n\tenergie_mwh: 3\n",
    "crochet": "titre: Covoiturage\nsecteurs: [Transport routier, Résidentiel\nstatut: x\n",
    "accolade": "titre: Covoiturage\ngains: {ges_tco2e: 12\nstatut: En cours\n",
    "a-b-c": "titre: Covoiturage: phase 2\n",
    "deux-documents": "titre: Covoiturage\n---\ntitre: Autopartage\n",
    "alias": "titre: Covoiturage\npilote: *svc\n",
    "controle": "titre: Covoiturage\nstatut: En\x07cours\n",
    "indentation": "titre: Covoiturage\ngains:\n  ges_tco2e: 12\n energie_mwh: 3\n",
    "tiret": "titre: Covoiturage\n- Résidentiel\n",
    "liste-mal-indentee": "secteurs:\n  - Résidentiel\n  statut: En cours\n",
    "echappement": 'titre: "C:\\Documents"\n',
    "ancre-double": "titre: &t Covoiturage\ndescription: &t Étude\n",
}


@pytest.mark.parametrize("text", list(_BROKEN.values()), ids=list(_BROKEN))
def test_both_parsers_give_the_same_french_diagnostic(text: str) -> None:
    fast = parse(text.encode(), PATH).diagnostics
    pure = parse((_SWITCH + text).encode(), PATH).diagnostics
    assert fast, "the fast parser must report the error"
    assert [(d.code, d.line - 1, d.column) for d in pure] == [
        (d.code, d.line, d.column) for d in fast
    ]
    for diag in [*fast, *pure]:
        # The generic message quotes the parser's English text: every error of this list
        # has a French translation.
        assert not diag.message.startswith("syntaxe YAML invalide ("), diag.message


# Everyday typing mistakes: each must get a French explanation, not the generic message
# that quotes the parser's English.
_EVERYDAY = {
    "puce-etoile": "titre: Covoiturage\ndescription: * phase 1\n",
    "esperluette": "titre: & partenaires\n",
    "echappement-hexadecimal": 'titre: Covoiturage\ndescription: "C:\\xavier"\n',
    "tirets-dans-une-chaine": 'titre: Covoiturage\ndescription: "texte\n---\nsuite"\n',
    "pourcentage-en-debut-de-ligne": "titre: Covoiturage\n% de réduction: 5\n",
    "liste-vide-avec-virgule": "titre: Covoiturage\nsecteurs: [,]\n",
    "crochet-fermant-seul": "titre: ]\n",
}


@pytest.mark.parametrize("text", list(_EVERYDAY.values()), ids=list(_EVERYDAY))
def test_everyday_mistakes_are_explained_in_french(text: str) -> None:
    result = parse(text.encode(), PATH)
    assert codes(result) == ["Y001"]
    message = result.diagnostics[0].message
    assert not message.startswith("syntaxe YAML invalide ("), message


@pytest.mark.parametrize(
    ("text", "column"),
    [("titre: 'l'été'\n", 11), ('titre: "Covoiturage" phase 2\n', 22)],
    ids=["apostrophe", "texte-apres-guillemets"],
)
def test_text_after_a_closing_quote_is_not_called_an_indentation_error(
    text: str, column: int
) -> None:
    # A French apostrophe inside '…' closes the string: the message must say so (double
    # it, or use "…"), not blame the indentation.
    result = parse(text.encode(), PATH)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("Y001", 1, column)]
    assert "indentation" not in result.diagnostics[0].message
    assert "guillemet" in result.diagnostics[0].message


# --- hostile input --------------------------------------------------------------------------

_CHILD = """
import json, sys
from pcaet_cli.register.yamlfile import parse
text = eval(sys.argv[1])
result = parse(text.encode(), "x.yaml")
print(json.dumps([[d.code, d.line, d.column, d.message] for d in result.diagnostics]))
"""


def _parse_in_child(expression: str) -> list[list[Any]]:
    """Parse in a child process: a stack overflow in the C parser would kill pytest."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, expression],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"the parser crashed (code {done.returncode}): {done.stderr}"
    found: list[list[Any]] = json.loads(done.stdout)
    return found


# Deep flow brackets cost the pure parser's scanner three seconds each (it looks 1 024
# characters ahead for a key at every level): run in CI (.ci/run); the fast loop keeps
# the "!!seq [" case below, which takes the same road.
_SLOW = pytest.mark.slow


@pytest.mark.parametrize(
    "expression",
    [
        pytest.param('"[" * 100_000', marks=_SLOW),
        pytest.param('"{" * 100_000', marks=_SLOW),
        pytest.param('"titre: x\\nliens: " + "[" * 100_000', marks=_SLOW),
        '"- " * 100_000 + "x"',
        '"? " * 100_000 + "x"',
        '"- ? " * 50_000 + "x"',
        '"a: " + "!!seq [" * 50_000',
    ],
)
def test_deep_nesting_is_a_diagnostic_not_a_crash(expression: str) -> None:
    found = _parse_in_child(expression)
    assert found, "deep nesting must be reported"
    assert {code for code, *_ in found} <= {"Y001", "Y005"}
    assert any(code == "Y001" for code, *_ in found)
    for _, line, column, message in found:
        assert line >= 1
        assert column >= 1
        assert message


def test_deep_indentation_is_reported_at_the_level_too_deep() -> None:
    text = "".join(" " * i + "a:\n" for i in range(300)) + " " * 300 + "b\n"
    result = parse(text.encode(), PATH)
    assert diags(result) == [("Y001", 202, 202, "imbrication trop profonde")]
    assert result.data is None


def test_billion_laughs_is_stopped_quickly() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = "titre: Covoiturage\n" + "\n".join(lines) + "\n"
    start = time.perf_counter()
    result = parse(text.encode(), PATH)
    elapsed = time.perf_counter() - start
    assert codes(result) == ["Y001"]
    assert result.diagnostics[0].message == (
        "document trop volumineux une fois les alias développés (> 100000 valeurs)"
    )
    assert result.data is None
    assert elapsed < 5


def test_many_aliases_below_the_limit_are_fine() -> None:
    text = "titre: &t Covoiturage\n" + "".join(f"k{i}: *t\n" for i in range(1000))
    result = parse(text.encode(), PATH)
    assert result.diagnostics == []
    assert result.data["k999"] == "Covoiturage"
