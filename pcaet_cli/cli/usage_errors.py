"""Usage errors in French. click writes them in English ("No such option: --x") and
offers no catalogue for French; the users are French officers, so the known messages
are rewritten, and an unknown one is shown as it is rather than lost."""

from __future__ import annotations

import re

_KINDS = {
    "File": "fichier",
    "Directory": "dossier",
    "Path": "chemin",
    "argument": "argument",
    "option": "option",
    "parameter": "paramètre",
}

# (pattern, French replacement): the first that matches the whole message, its final
# period removed, wins.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), replacement)
    for pattern, replacement in (
        (
            r"No such option: (.+?) \(Possible options: (.+)\)",
            r"option inconnue : \1 (options proches : \2)",
        ),
        (r"No such option: (.+)", r"option inconnue : \1"),
        (r"No such command '(.+?)'", r"commande inconnue « \1 »"),
        (r"Missing command", r"commande manquante"),
        (r"Missing argument '(.+?)'", r"argument manquant « \1 »"),
        (r"Missing option '(.+?)'", r"option manquante « \1 »"),
        (r"Missing parameter: (.+)", r"paramètre manquant : \1"),
        (r"Invalid value for (.+?): (.+)", r"valeur invalide pour \1 : \2"),
        (r"Invalid value: (.+)", r"valeur invalide : \1"),
        (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", r"argument(s) en trop : \1"),
        (r"Option '(.+?)' requires an argument", r"l'option « \1 » attend une valeur"),
        (r"Option '(.+?)' requires (\d+) arguments", r"l'option « \1 » attend \2 valeurs"),
        (r"Argument '(.+?)' takes (\d+) values", r"l'argument « \1 » prend \2 valeurs"),
    )
)

# What click says of a value, after "Invalid value for …: ".
_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), replacement)
    for pattern, replacement in (
        (r"'(.*?)' is not one of (.+)", r"« \1 » n'est pas l'une des valeurs \2"),
        (r"Value '(.*?)' is not a valid (.+)", r"« \1 » n'est pas valide (type attendu : \2)"),
        (r"(File|Directory|Path) '(.*?)' does not exist", r"KIND « \2 » introuvable"),
        (r"(File|Directory|Path) '(.*?)' is a directory", r"KIND « \2 » est un dossier"),
        (r"(File|Directory|Path) '(.*?)' is a file", r"KIND « \2 » est un fichier"),
    )
)

_SUGGESTION = re.compile(r"\.? Did you mean (.+?)\?$")


def _quoted(text: str) -> str:
    return re.sub(r"'([^']*)'", r"« \1 »", text)


def _detail(text: str) -> str:
    text = text.removeprefix("Value error, ")  # Typer's pydantic-based coercion
    for pattern, replacement in _DETAILS:
        match = pattern.fullmatch(text.rstrip("."))
        if match:
            french = match.expand(replacement)
            if "KIND" in french:
                french = french.replace("KIND", _KINDS.get(match[1], match[1]).capitalize())
            return french
    return text


def in_french(message: str) -> str:
    """The French form of a click usage message; unknown messages are kept as they are."""
    suggestion = ""
    found = _SUGGESTION.search(message)
    if found:
        message = message[: found.start()]
        suggestion = f" Vouliez-vous dire {_quoted(found[1])} ?"
    for pattern, replacement in _MESSAGES:
        match = pattern.fullmatch(message.rstrip("."))
        if match:
            french = match.expand(replacement)
            if pattern.pattern.startswith("Invalid value"):
                head, _, detail = french.partition(" : ")
                french = f"{_quoted(head)} : {_detail(detail)}"
            french = french[0].upper() + french[1:]
            return french + ("" if french.endswith(".") else ".") + suggestion
    return message + (f" Did you mean {found[1]}?" if found else "")
