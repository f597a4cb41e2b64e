"""Approximate matching of names and labels: "did you mean", duplicate spellings."""

from __future__ import annotations

import difflib
import unicodedata


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form, for approximate comparisons."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("_", " ").replace("-", " ").split())


def closest(value: str, choices: list[str]) -> str | None:
    """The choice a typo most probably meant, or None."""
    folded = {fold(c): c for c in choices}
    key = fold(value)
    if key in folded:
        return folded[key]
    match = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None
