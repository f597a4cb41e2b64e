"""French number formatting for messages and reports: 0,6 ETP ; 60 % ; 15 000 €."""

from __future__ import annotations


def number(value: float, decimals: int = 2) -> str:
    """0.6 → "0,6"; 1.25 → "1,25"; 15000 → "15 000" (trailing zeros dropped)."""
    text = f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def percent(value: float) -> str:
    """0.6 → "60 %"."""
    return f"{round(100 * value)}\u00a0%"
