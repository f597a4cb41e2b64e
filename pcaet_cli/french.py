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
