"""People's names and contact details found in free text, for `pcaet site --public`.

Names are searched in a folded copy of the text: accents removed one character for one
("É" → "E"), so that a match's position is also its position in the text as written
and "Stephane" finds "Stéphane". Case is kept in that copy: it is what tells "Marche
et vélo" from "MARCHE", the surname of Paul MARCHE.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

EMAIL_HIDDEN = "[courriel masqué]"
PHONE_HIDDEN = "[téléphone masqué]"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "@" or "." spelt out ("(at)", "[point]"), as a word between spaces or spaced out.
_AT = (
    r"(?:\s*@\s*|\s*[\[({<]\s*(?:@|at|arobase|arobas)\s*[\])}>]\s*"
    r"|\s+(?:at|arobase|arobas)\s+)"
)
_DOT = r"(?:\.|\s+\.\s+|\s*[\[({<]\s*(?:\.|dot|point)\s*[\])}>]\s*|\s+(?:dot|point)\s+)"
# Spaced out, a pattern could start at every word of "a . a . a …": a bounded number of
# parts keeps a hostile text from taking minutes (a plain address has no bound above).
_LOCAL = rf"[\w+-]+(?:{_DOT}[\w+-]+){{0,5}}"
_DOMAIN = rf"[\w-]+(?:{_DOT}[\w-]+){{0,5}}{_DOT}([a-z]{{2,24}})"
SPELT_EMAIL = re.compile(rf"(?i)(?<![\w.+-]){_LOCAL}{_AT}{_DOMAIN}(?!\w)")
_SPELT_AT = re.compile(r"(?i)\b(?:at\b|arobas)")
# An address spelt with bare words ("claire at exemple dot fr") is one only when it
# ends like the addresses a French register holds: "at" and "point" are words too.
_SPELT_TLDS = frozenset(
    {"fr", "com", "org", "net", "eu", "info", "bzh", "re", "gp", "mq", "gf", "yt", "pm"}
    | {"nc", "pf", "wf", "be", "ch", "lu", "ca", "de", "es", "it", "uk", "io"}
)

# Ten digits in pairs, separated alike throughout: "06 12 34 56 78", "06.12.34.56.78",
# "0612345678". A date followed by a number ("01.02.2025 12") is not one.
_PAIRS = r"(?:(?:\s?\d{2}){4}|(?:\.\d{2}){4}|(?:-\d{2}){4})"
_PLUS = r"(?:(?:\+|00)\s?|\(\s?(?:\+|00)\s?)"
# +33 6…, 0033 6…, (+33) 6…, +33 (0)6…; overseas France has its own codes.
_FRANCE = rf"{_PLUS}33\)?[\s.-]?(?:\(0\)[\s.-]?)?[1-9]{_PAIRS}"
_OVERSEAS = rf"{_PLUS}(?:262|269|508|590|594|596|681|687|689)\)?(?:[\s.-]?\d){{6,9}}"
PHONE = re.compile(rf"(?<![\d+])(?:{_FRANCE}|{_OVERSEAS}|0[1-9]{_PAIRS})(?!\d)")


def _hide_email(match: re.Match[str]) -> str:
    in_words = "@" not in match[0] and not any(c in match[0] for c in "[({<")
    if in_words and match[1].lower() not in _SPELT_TLDS:
        return str(match[0])
    return EMAIL_HIDDEN


def _hide_contacts(text: str) -> str:
    """The text with its e-mail addresses and phone numbers replaced."""
    text = EMAIL.sub(EMAIL_HIDDEN, text)
    # That pattern is tried at every word: only where an "@" may be spelt out.
    if "@" in text or _SPELT_AT.search(text):
        text = SPELT_EMAIL.sub(_hide_email, text)
    return PHONE.sub(PHONE_HIDDEN, text)


def _fold_table() -> dict[int, str]:
    table = {ord(a): b for a, b in zip("øØłŁđĐı", "oOlLdDi", strict=True)}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base
    return table


_FOLD = _fold_table()
_LIGATURES = {"oe": "œ", "ae": "æ", "OE": "Œ", "AE": "Æ"}
_SPELT_LIGATURES = str.maketrans({v: k for k, v in _LIGATURES.items()})
# The words a text is looked up by: without accents, ligatures spelt out ("Bœuf", "Boeuf").
_KEYS = _FOLD | _SPELT_LIGATURES
_WORD = re.compile(r"\w+")
_PARTICLES = frozenset(
    {"d", "de", "del", "della", "der", "des", "di", "du", "da", "dos", "el", "la", "le", "les"}
    | {"van", "von"}
)
# "A Paris, …" and "Y compris" start sentences: there, one of these letters without a
# dot is a word, not an initial.
_WORD_LETTERS = frozenset("AY")
_CIVILITY = (
    r"(?:(?:M|MM|Mr|Mme|Mmes|Mlle|Mlles|Dr|Pr)(?:\.\s*|\s+)"
    r"|(?i:monsieur|madame|mademoiselle|docteur|professeur)\s+)"
)
_MOST_INITIALS = 4
_INITIAL_GAP = r"[.\s-]+"
_NAME_GAP = r"\W+"


def _ligatures(word: str) -> str:
    return re.sub("oe|ae|OE|AE", lambda m: f"(?:{m[0]}|{_LIGATURES[m[0]]})", word)


def _any_case(words: list[str]) -> str:
    return f"(?i:{_NAME_GAP.join(_ligatures(w.lower()) for w in words)})"


def _capitalised(words: list[str]) -> str:
    """A surname as written in a name: capitals first, particles ("le") in any case."""
    return _NAME_GAP.join(
        _any_case([w])
        if w.lower() in _PARTICLES or len(w) == 1
        else w[0].upper() + _any_case([w[1:]])
        for w in words
    )


def _capitals(words: list[str]) -> str:
    return _NAME_GAP.join(
        _any_case([w]) if w.lower() in _PARTICLES else _ligatures(w.upper()) for w in words
    )


def _initials(given: list[str], *, second: bool = False) -> str:
    """Anne-Sophie's initials: "A.-S.", "A-S", "A. S." or "A" (with `second`, not "A")."""
    # Each initial nests a group: a name of a thousand words must not exhaust the stack.
    letters = [w[0].upper() for w in given[:_MOST_INITIALS]]
    tail = ""
    for letter in reversed(letters[2:]):
        tail = f"(?:{_INITIAL_GAP}{letter}{tail})?"
    if len(letters) > 1:
        tail = f"{_INITIAL_GAP}{letters[1]}{tail}"
        tail = tail if second else f"(?:{tail})?"
    return letters[0] + tail


def _split(words: list[str]) -> tuple[list[str], list[str]]:
    """Surname and given names of "Prénom NOM" or "NOM Prénom": the words in capitals;
    without them, the last word with its particles ("Stéphane Le Gall")."""
    upper = [i for i, w in enumerate(words) if len(w) > 1 and w.isupper()]
    if upper and len(upper) < len(words) and upper == list(range(upper[0], upper[-1] + 1)):
        start, end = upper[0], upper[-1] + 1
    else:
        start, end = len(words) - 1, len(words)
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return words[start:end], words[:start] + words[end:]


def _fold(text: str) -> str:
    """The text without accents, one character for one, case kept."""
    return text.translate(_FOLD)


def _name_pattern(name: str) -> tuple[str, str] | None:
    """The word a text must contain for the name to be in it, and the pattern finding the
    name in the folded text; None for a name without letters."""
    spelt = unicodedata.normalize("NFC", name).translate(_SPELT_LIGATURES)
    words = _WORD.findall(_fold(spelt))
    if not words:
        return None
    surname, given = _split(words)
    capitalised = _capitalised(surname)
    forms = []
    if given and all(len(w) > 1 for w in given):
        forms += [_any_case(given + surname), _any_case(surname + given)]
    if given:
        if given[0][0].upper() not in _WORD_LETTERS:
            forms.append(rf"{_initials(given)}(?:\.\s*|\s+){capitalised}")
        else:
            forms.append(rf"{_initials(given)}\.\s*{capitalised}")
            if len(given) > 1:
                forms.append(rf"{_initials(given, second=True)}\s+{capitalised}")
        forms.append(rf"{capitalised}\s+{_initials(given)}\.")
    else:
        # A single word is a nickname or a first name: written as a name, it is one.
        forms.append(capitalised)
    forms.append(_capitals(surname))
    # After a civility, the surname alone in any case: "Mme Guérin", "M. le Gall".
    pattern = (
        rf"(?<!\w)(?P<civility>{_CIVILITY})?"
        rf"(?:{'|'.join(forms)}|(?(civility){_any_case(surname)}|(?!)))(?!\w)"
    )
    return max(surname, key=len).lower(), pattern


class NameScrubber:
    """Replaces people's names, e-mails and phone numbers in free text.

    A name is found with or without its accents, hyphens or civility, in any case when
    written in full, as initials and surname ("A.-S. Guérin"), and as a surname alone
    after a civility or in capitals ("Mme Guérin", "GUÉRIN"): many French surnames are
    also words, "Marche et vélo" must stay. A name given no label is kept as written,
    even where another name would match part of it (an élu sharing a surname with an
    agent). A name is looked for only in texts that contain its longest word: thousands
    of names cost one tokenisation per text rather than one search per name."""

    def __init__(self, people: Iterable[tuple[str, str | None]]) -> None:
        # Patterns are compiled on first use: most names never appear in any text.
        self._by_word: dict[str, list[tuple[str, str | None]]] = {}
        self._compiled: dict[str, re.Pattern[str]] = {}
        for name, label in people:
            found = _name_pattern(name)
            if found is not None:
                self._by_word.setdefault(found[0], []).append((found[1], label))

    def __call__(self, text: str) -> str:
        text = _hide_contacts(text)
        if text.isascii():
            words = text
        else:
            # Decomposed accents ("e" and U+0301) would cut words in two.
            text = unicodedata.normalize("NFC", text)
            words = text.translate(_KEYS)
        names = set(_WORD.findall(words.lower())) & self._by_word.keys()
        if not names:
            return text
        folded = _fold(text)
        found: list[tuple[int, int, str | None]] = []
        # In a fixed order: where two names match the same words, the site is the same
        # from one build to the next.
        for word in sorted(names):
            for source, label in self._by_word[word]:
                pattern = self._compiled.get(source)
                if pattern is None:
                    pattern = self._compiled[source] = re.compile(source)
                found += ((m.start(), m.end(), label) for m in pattern.finditer(folded))
        # The longest name first where several start at the same place; a name to hide
        # before one to keep written the same.
        found.sort(key=lambda span: (span[0], -span[1], span[2] is None))
        parts: list[str] = []
        done = 0
        for start, end, label in found:
            if start >= done:
                parts += [text[done:start], text[start:end] if label is None else label]
                done = end
        parts.append(text[done:])
        return "".join(parts)
