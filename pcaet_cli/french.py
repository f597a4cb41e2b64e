"""French number formatting for messages and reports: 0,6 ETP ; 60 % ; 15 000 €."""

from __future__ import annotations


def number(value: float, decimals: int = 2) -> str:
    """0.6 → "0,6"; 1.25 → "1,25"; 15000 → "15 000" (trailing zeros dropped)."""
    text = f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def plural(count: int, singular: str, many: str | None = None) -> str:
    """The count and its noun agreed: 1 plan, 2 plans, 0 action (French singular below 2)."""
    return f"{count} {singular if abs(count) < 2 else many or singular + 's'}"


def with_sign(value: float, unit: str = "", decimals: int = 2) -> str:
    """A change, with its sign: 0.25, " ETP" → "+0,25 ETP"; -3000 → "−3 000"."""
    return ("+" if value >= 0 else "−") + number(abs(value), decimals) + unit


def euros(amount: float, signed: bool = False) -> str:
    """15000 → "15 000 €"; signed, for a change: "+15 000 €", "−3 000 €"."""
    if signed:
        return with_sign(amount, " €", 0)
    return f"{number(amount, 0)} €"


def percent(value: float) -> str:
    """0.6 → "60 %"."""
    return f"{round(100 * value)}\u00a0%"


def points(value: float) -> str:
    """A difference of two shares, in percentage points: 0.01 → "+1 point", -0.04 →
    "−4 points", 0.001 → "0 point" (a share of 61 % against a target of 60 % is one
    point above it, not 1 % above it)."""
    count = round(100 * value)
    sign = "+" if count > 0 else "−" if count < 0 else ""
    return sign + plural(abs(count), "point").replace(" ", "\u00a0")


def seconds(value: float) -> str:
    """A duration for people: 0.64 → "0,6 s", 12.0 → "12 s"."""
    return number(value, 1) + "\u00a0s"


def shown(value: object) -> str:
    """A value as the user wrote it in YAML: true, 2024-03-01, [a, b], {k: v}, vide."""
    from datetime import date

    if value is None:
        return "vide"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{shown(k)}: {shown(v)}" for k, v in value.items()) + "}"
    return str(value)


# The words the officers use for values the code names in English: a choice typed in
# French is accepted and shown in French (`--fail-on erreur`, `fail-on = "jamais"`).
CHOICE_WORDS = {
    "erreur": "error",
    "avertissement": "warning",
    "jamais": "never",
    "texte": "text",
}
_SHOWN_CHOICES = {english: french for french, english in CHOICE_WORDS.items()}


def choice_shown(value: str) -> str:
    """The French word for a choice: "error" → "erreur"; "json" stays "json"."""
    return _SHOWN_CHOICES.get(value, value)


def choice_value(typed: str, choices: list[str]) -> str | None:
    """The choice `typed` means, whatever its case and in French or in English:
    "Erreur", "ERROR" → "error"; "PETR" → "petr"; None when it means none."""
    key = typed.strip().casefold()
    by_key = {choice.casefold(): choice for choice in choices}
    if key in by_key:
        return by_key[key]
    english = CHOICE_WORDS.get(key)
    return english if english in choices else None


def share(value: object) -> float:
    """A share as officers write it: "60 %", "60%", "60", "0,6", "0.6", 0.6 or 60 → 0.6.
    A number above 1 is a percentage; "1" is the whole (100 %). ValueError, in French,
    for anything else or outside 0–100 %."""
    if isinstance(value, bool):
        raise ValueError(f"« {shown(value)} » n'est pas une part : écrivez 60 % ou 0,6")
    if isinstance(value, int | float):
        number_ = float(value)
        percent_ = False
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        percent_ = text.endswith("%")
        try:
            number_ = float(text.removesuffix("%").replace(",", "."))
        except ValueError:
            raise ValueError(
                f"« {value} » n'est pas une part : écrivez un pourcentage (60 %) ou une part (0,6)"
            ) from None
    else:
        raise ValueError(f"« {shown(value)} » n'est pas une part : écrivez 60 % ou 0,6")
    if number_ != number_ or number_ < 0:  # NaN or negative
        raise ValueError(f"« {shown(value)} » : une part va de 0 à 100 %")
    if percent_ or number_ > 1:
        number_ /= 100
    if number_ > 1:
        raise ValueError(f"« {shown(value)} » : une part ne dépasse pas 100 %")
    return number_
