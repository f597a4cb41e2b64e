"""Approximate matching of names and labels: "did you mean", duplicate spellings."""

from __future__ import annotations

import difflib
import unicodedata


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form, for approximate comparisons."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("_", " ").replace("-", " ").split())


class Matcher:
    """`closest` against the same choices many times: they are folded once (a register
    of 10 000 actions has tens of thousands of identifiers)."""

    def __init__(self, choices: list[str]) -> None:
        self.folded = {fold(c): c for c in choices}
        self.keys = list(self.folded)

    def closest(self, value: str) -> str | None:
        key = fold(value)
        if key in self.folded:
            return self.folded[key]
        match = difflib.get_close_matches(key, self.keys, n=1, cutoff=0.6)
        return self.folded[match[0]] if match else None


def closest(value: str, choices: list[str]) -> str | None:
    """The choice a typo most probably meant, or None."""
    return Matcher(choices).closest(value)
