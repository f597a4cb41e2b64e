"""Usage errors in French. click writes them in English ("No such option: --x") and
offers no catalogue for French; the users are French officers, so each error is written
again from its parts (the parameter, the option typed, the options close to it) where it
has them, its known messages are rewritten otherwise, and an unknown one is shown as it
is rather than lost."""

from __future__ import annotations

import re
from typing import Any

_KINDS = {
    "file": "fichier",
    "directory": "dossier",
    "dir": "dossier",
    "path": "chemin",
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
        # click says "arguments" for one too: the number is counted (in_french).
        (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", r"arguments en trop : \1"),
        (r"Option '(.+?)' requires an argument", r"l'option « \1 » attend une valeur"),
        (r"Option '(.+?)' requires (\d+) arguments", r"l'option « \1 » attend \2 valeurs"),
        (r"Argument '(.+?)' takes (\d+) values", r"l'argument « \1 » prend \2 valeurs"),
    )
)

# What click says of a value, after "Invalid value for …: ".
_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL | re.IGNORECASE), replacement)
    for pattern, replacement in (
        (r"'(.*?)' is not one of (.+)", r"« \1 » n'est pas l'une des valeurs \2"),
        (r"Value '(.*?)' is not a valid (.+)", r"« \1 » n'est pas valide (type attendu : \2)"),
        (r"(File|Directory|Dir|Path) '(.*?)' does not exist", r"KIND « \2 » introuvable"),
        (r"(File|Directory|Dir|Path) '(.*?)' is a directory", r"KIND « \2 » est un dossier"),
        (r"(File|Directory|Dir|Path) '(.*?)' is a file", r"KIND « \2 » est un fichier"),
        (r"(File|Directory|Dir|Path) '(.*?)' is not readable", r"KIND « \2 » illisible"),
        (
            r"(File|Directory|Dir|Path) '(.*?)' is not writable",
            r"KIND « \2 » protégé en écriture",
        ),
        (r"Value must be an iterable", "plusieurs valeurs attendues"),
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
                kind = _KINDS.get(match[1].casefold(), match[1])
                french = french.replace("KIND", kind.capitalize())
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
            if french.startswith("arguments en trop") and " " not in match[1]:
                french = french.replace("arguments", "argument", 1)
            if pattern.pattern.startswith("Invalid value"):
                head, _, detail = french.partition(" : ")
                french = f"{_quoted(head)} : {_detail(detail)}"
            french = french[0].upper() + french[1:]
            return french + ("" if french.endswith(".") else ".") + suggestion
    return message + (f" Did you mean {found[1]}?" if found else "")


def bad_parameter(message: str, ctx: Any, param: Any) -> Exception:
    """A usage error on `param` whose message is already in French."""
    import typer

    return typer.BadParameter(message, ctx=ctx, param=param)


def _hint(param: Any) -> str:
    """« --format » / « -f » for an option, « FICHIER » for an argument."""
    names = getattr(param, "opts", None) if param.param_type_name == "option" else None
    if not names:
        names = [param.metavar or param.name]
    return " / ".join(f"« {name} »" for name in names)


def _name(param: Any) -> str:
    long = [name for name in getattr(param, "opts", []) if name.startswith("--")]
    if param.param_type_name == "option" and long:
        return str(long[0])
    return str(param.metavar or param.name)


def _pydantic_detail(error: Exception, name: str) -> str | None:
    """The French of Typer's type check, done by pydantic (a number, a date…)."""
    from pydantic import ValidationError

    from pcaet_cli.register.schema_errors import explain

    cause = error.__cause__
    if not isinstance(cause, ValidationError) or not cause.errors():
        return None
    message, hint = explain(cause.errors(include_url=False)[0], name)
    return message + (f" ; {hint}" if hint else "")


def french_error(error: Exception) -> str:
    """The French message of a click usage error (or any click error)."""
    kinds = {kind.__name__ for kind in type(error).__mro__}
    param = getattr(error, "param", None)
    if "MissingParameter" in kinds and param is not None:
        missing = "option manquante" if param.param_type_name == "option" else "argument manquant"
        extra = param.get_missing_message(getattr(error, "ctx", None)) or ""
        return f"{missing.capitalize()} : {_hint(param)}" + (f" ; {extra}." if extra else ".")
    if "NoSuchOption" in kinds:
        option = getattr(error, "option_name", "")
        close = sorted(getattr(error, "possibilities", None) or [])
        message = f"Option inconnue : {option}"
        if close:
            message += f" ; vouliez-vous dire {' ou '.join(close)} ?"
        return message if message.endswith("?") else message + "."
    if "BadParameter" in kinds and param is not None:
        typed = _pydantic_detail(error, _name(param))
        if typed is not None:
            return typed[0].upper() + typed[1:] + "."
        detail = _detail(str(getattr(error, "message", ""))).rstrip(".")
        return f"Valeur invalide pour {_hint(param)} : {detail}."
    message = error.format_message() if hasattr(error, "format_message") else str(error)
    return in_french(message)
