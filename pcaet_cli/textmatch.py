"""Approximate matching of names and labels: "did you mean", duplicate spellings."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter

# The accents of Latin letters once decomposed (U+0300 to U+036F, the ones that combine):
# removed in one pass, most French text is then ASCII and has no other mark to look for.
_LATIN_MARKS = re.compile(
    "[{}]".format("".join(c for c in map(chr, range(0x300, 0x370)) if unicodedata.combining(c)))
)
_NOT_ASCII = re.compile("[^\x00-\x7f]")


def _unless_mark(found: re.Match[str]) -> str:
    return "" if unicodedata.combining(found[0]) else found[0]


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form, for approximate comparisons."""
    stripped = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if not stripped.isascii():  # « », œ, other scripts: any other mark is removed too
        stripped = _NOT_ASCII.sub(_unless_mark, stripped)
    return " ".join(stripped.casefold().replace("_", " ").replace("-", " ").split())


def slug(text: str, max_len: int = 80) -> str:
    """Lowercase ASCII letters, digits and dashes, cut on a word boundary to `max_len`
    characters: the form of identifiers (N002) and file names, the same for every
    importer and command. Ligatures and ß are spelt out, other scripts transliterated:
    "Mobilité Douce" → "mobilite-douce", "Cœur de ville" → "coeur-de-ville"."""
    from slugify import slugify  # imported here: lint's start-up does not need it

    full = str(slugify(text))
    if len(full) <= max_len:
        return full
    # Cut at the first word that does not fit (python-slugify's own cut would skip it
    # and take a later, shorter one); a single long word is cut inside.
    head = full[: max_len + 1]
    return head.rsplit("-", 1)[0] if "-" in head else full[:max_len]


MANY = 2000
"""Above this many choices, difflib (a few microseconds per choice) only compares the
200 sharing the most three-letter groups with the value: a national register has tens
of thousands of identifiers."""


def _trigrams(key: str) -> set[str]:
    padded = f"^{key}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Matcher:
    """`closest` against the same choices many times: they are folded (and, when many,
    indexed) once."""

    def __init__(self, choices: list[str]) -> None:
        self.folded = {fold(c): c for c in choices}
        self.keys = list(self.folded)
        self.grams: dict[str, list[int]] = {}
        # The same unknown value is often cited many times (a partner misspelt on every
        # action of a plan): its guess is looked for once.
        self.known: dict[str, str | None] = {}
        if len(self.keys) > MANY:
            for number, key in enumerate(self.keys):
                for gram in _trigrams(key):
                    self.grams.setdefault(gram, []).append(number)

    def closest(self, value: str) -> str | None:
        key = fold(value)
        if key in self.folded:
            return self.folded[key]
        if key not in self.known:
            self.known[key] = self._closest(key)
        return self.known[key]

    def _closest(self, key: str) -> str | None:
        pool = self.keys
        if self.grams:
            shared: Counter[int] = Counter()
            for gram in _trigrams(key):
                shared.update(self.grams.get(gram, ()))
            pool = [self.keys[number] for number, _ in shared.most_common(200)]
        match = difflib.get_close_matches(key, pool, n=1, cutoff=0.6)
        return self.folded[match[0]] if match else None


def closest(value: str, choices: list[str]) -> str | None:
    """The choice a typo most probably meant, or None."""
    return Matcher(choices).closest(value)
