"""tomllib's syntax errors in French. tomllib (Python 3.11 to 3.14) writes them in
English with the position at the end: "Illegal character '\\n' (at line 3, column 10)".
The known messages are rewritten; an unknown one keeps its English words but gets the
French position, so that nothing is lost."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from pcaet_cli.errors import PcaetError

_POSITION = re.compile(
    r"^(?P<message>.*?) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$",
    re.DOTALL,
)

# (English template of tomllib, French): the first whose pattern matches the whole
# message wins. Quoted characters and keys are kept as tomllib wrote them.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), french)
    for pattern, french in (
        (
            r"Invalid statement",
            "instruction invalide : une ligne est une clé = valeur, une [table] ou un "
            "# commentaire",
        ),
        (
            r"Expected newline or end of document after a statement",
            "fin de ligne attendue après la valeur (un seul « clé = valeur » par ligne)",
        ),
        (r"Expected '=' after a key in a key/value pair", "« = » attendu après la clé"),
        (r"Expected '(.+)'", r"« \1 » attendu"),
        (r"Expected \"(.+)\"", r"« \1 » attendu"),
        (
            r"Illegal character '\\n'",
            "retour à la ligne dans un texte : le guillemet de fin manque-t-il ?",
        ),
        (r"Found invalid character (.+)", r"caractère interdit \1"),
        (r"Illegal character (.+)", r"caractère interdit \1"),
        (r"Invalid non-printable character (.+)", r"caractère non imprimable \1"),
        (r"Cannot declare (.+) twice", r"la table \1 est déclarée deux fois"),
        (r"Cannot overwrite a value", "cette clé a déjà une valeur"),
        (
            r"Expected '\]' at the end of a table declaration",
            "« ] » attendu à la fin du nom de la table",
        ),
        (
            r"Expected '\]\]' at the end of an array declaration",
            "« ]] » attendu à la fin du nom du tableau de tables",
        ),
        (
            r"Cannot mutate immutable namespace (.+)",
            r"\1 est déjà écrit en entier (table ou liste en ligne)",
        ),
        (r"Cannot redefine namespace (.+)", r"la table \1 est déjà définie"),
        (r"Invalid initial character for a key part", "caractère interdit au début d'une clé"),
        (r"Invalid initial character for a key", "caractère interdit au début d'une clé"),
        (r"Unclosed array", "liste non fermée : « ] » ou « , » attendu"),
        (r"Unclosed inline table", "table en ligne non fermée : « } » ou « , » attendu"),
        (r"Duplicate inline table key (.+)", r"clé \1 en double dans la table en ligne"),
        (r"Unescaped '\\' in a string", "« \\ » non échappé dans un texte : écrivez « \\\\ »"),
        (r"Invalid hex value", "séquence \\u ou \\U invalide"),
        (
            r"Escaped character is not a Unicode scalar value",
            "le caractère échappé n'existe pas en Unicode",
        ),
        (r"Unterminated string", "texte non fermé : guillemet de fin manquant"),
        (r"Invalid date or datetime", "date invalide (attendu AAAA-MM-JJ)"),
        (
            r"Invalid value",
            "valeur invalide : un texte s'écrit entre guillemets, un nombre en chiffres, "
            "un booléen true ou false",
        ),
        (r"Value must be .*", "valeur invalide"),
    )
)


def toml_error(exc: tomllib.TOMLDecodeError) -> tuple[str, int | None, int | None]:
    """(French message, line, column) of a TOML syntax error; line and column are None
    at the end of the document or when tomllib gave none."""
    text = str(exc.args[0]) if exc.args else str(exc)
    found = _POSITION.fullmatch(text)
    message = found["message"] if found else text
    line = int(found["line"]) if found and found["line"] else None
    column = int(found["column"]) if found and found["column"] else None
    for pattern, french in _MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return match.expand(french), line, column
    return message, line, column


def where(shown: str, line: int | None, column: int | None) -> str:
    """`pcaet.toml:3:10` (file:line:column, as the diagnostics), or `pcaet.toml (fin du
    fichier)`."""
    if line is None:
        return f"{shown} (fin du fichier)"
    return f"{shown}:{line}:{column}" if column else f"{shown}:{line}"


def loads(text: str, shown: str, what: str) -> dict[str, Any]:
    """`text` read as TOML; a syntax error stops the command with `shown:line:column :
    what : the French reason`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line, column = toml_error(exc)
        raise PcaetError(f"{where(shown, line, column)} : {what} : {message}") from None
