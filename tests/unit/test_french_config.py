"""pcaet.toml as officers write it and read its errors: French words for severities,
shares as "60 %", TOML syntax and value errors in French with their position."""

from __future__ import annotations

import tomllib

import pytest

from pcaet_cli.errors import PcaetError
from pcaet_cli.french import choice_shown, choice_value, share
from pcaet_cli.register.config import parse_config
from pcaet_cli.register.toml_errors import toml_error


@pytest.mark.parametrize(
    "written", ["60 %", "60%", "60\u00a0%", "60", "0,6", "0.6", 0.6, 60, " 60 % "]
)
def test_a_share_as_officers_write_it(written: object) -> None:
    assert share(written) == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("beaucoup", "n'est pas une part"),
        ("160 %", "ne dépasse pas 100 %"),
        (160, "ne dépasse pas 100 %"),
        (-0.1, "va de 0 à 100 %"),
        (True, "n'est pas une part"),
        ("nan", "va de 0 à 100 %"),
    ],
)
def test_a_share_refused_in_french(written: object, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        share(written)


def test_choices_in_french_and_in_any_case() -> None:
    severities = ["error", "warning", "info", "never"]
    assert choice_value("Erreur", severities) == "error"
    assert choice_value("AVERTISSEMENT", severities) == "warning"
    assert choice_value("jamais", severities) == "never"
    assert choice_value("WARNING", severities) == "warning"
    assert choice_value("PETR", ["petr", "epci"]) == "petr"
    assert choice_value("texte", ["text", "json"]) == "text"
    assert choice_value("texte", ["texte", "json"]) == "texte"
    assert choice_value("grave", severities) is None
    assert [choice_shown(s) for s in severities] == ["erreur", "avertissement", "info", "jamais"]


def test_french_words_in_pcaet_toml() -> None:
    config = parse_config(
        '[lint]\nfail-on = "Avertissement"\n[lint.severity]\nP011 = "erreur"\n'
        '[rapport]\ncible-portage = "60 %"\n',
        "pcaet.toml",
    )
    assert config.lint.fail_on == "warning"
    assert config.lint.severity == {"P011": "error"}
    assert config.rapport.cible_portage == pytest.approx(0.6)
    assert parse_config("[rapport]\ncible-portage = 45\n", "x").rapport.cible_portage == 0.45


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            '[registre]\nnom = "PCAET\n',
            "pcaet.toml:2:13 : syntaxe TOML invalide : retour à la ligne",
        ),
        ("[lint\n", "pcaet.toml:1:6 : syntaxe TOML invalide : « ] » attendu"),
        ("[lint]\nselect = [1,\n", "(fin du fichier) : syntaxe TOML invalide"),
        ("[lint]\nselect\n", "pcaet.toml:2:7 : syntaxe TOML invalide : « = » attendu après la clé"),
        ("[lint]\nselect = [1 2]\n", "pcaet.toml:2:13 : syntaxe TOML invalide : liste non fermée"),
        ("[lint]\nselect = P\n", "pcaet.toml:2:10 : syntaxe TOML invalide : valeur invalide"),
        ("a = 1\na = 2\n", "pcaet.toml:2:6 : syntaxe TOML invalide : cette clé a déjà une valeur"),
        ("[rapport]\ncible-portage = 160\n", "pcaet.toml:2 : « rapport.cible-portage » : « 160 »"),
        ('[lint]\nfail-on = "grave"\n', "valeurs admises : erreur, avertissement, info, jamais"),
        ("[lint]\nfail-on = 3\n", "« 3 » n'est pas une gravité"),
        ("[registre]\nnom = 12\n", "« registre.nom » doit être un texte, pas le nombre 12"),
        ("[registre]\ntaille-max-fichier = 0\n", "doit être supérieur à 0 (reçu 0)"),
    ],
)
def test_errors_in_french_with_their_position(text: str, said: str) -> None:
    with pytest.raises(PcaetError) as caught:
        parse_config(text, "pcaet.toml")
    message = str(caught.value)
    assert said in message
    for english in ("Input", "should", "Illegal", "Expected", "Invalid", "line", "column"):
        assert english not in message


# tomllib's messages from Python 3.11 to 3.14, with their position as tomllib gives it.
@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Invalid statement (at line 2, column 1)", "instruction invalide"),
        (
            "Expected newline or end of document after a statement (at line 1, column 9)",
            "fin de ligne attendue",
        ),
        (
            "Expected '=' after a key in a key/value pair (at line 1, column 5)",
            "« = » attendu après la clé",
        ),
        ("Found invalid character '\\x00' (at line 1, column 3)", "caractère interdit '\\x00'"),
        ("Illegal character '\\x07' (at line 1, column 3)", "caractère interdit '\\x07'"),
        (
            "Cannot declare ('lint',) twice (at line 3, column 6)",
            "la table ('lint',) est déclarée deux fois",
        ),
        ("Unclosed inline table (at line 1, column 9)", "table en ligne non fermée"),
        ("Unterminated string (at end of document)", "texte non fermé"),
        ("Invalid date or datetime (at line 1, column 5)", "date invalide"),
        ("Something new (at line 4, column 2)", "Something new"),
    ],
)
def test_every_known_toml_message(english: str, french: str) -> None:
    message, line, column = toml_error(tomllib.TOMLDecodeError(english))
    assert message.startswith(french)
    assert (line, column) != (None, None) or "end of document" in english
