"""Values read from the cells of an imported file, shared by every importer: text,
lists, dates, amounts (a separator read only when its role is certain), booleans, axis
numbers and vocabulary labels (exact, known variant, everyday synonym or closest
spelling). Each raises ValueError with the reason in French, or returns None for an
empty cell; the importer reports it against the row (import_common.Importer)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any

from pcaet_cli.model.vocab import VARIANTS, Priorite, Statut
from pcaet_cli.textmatch import Matcher, fold


def clean(value: Any) -> str:
    """A cell as text: None, NaN and blanks become ""."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN from pandas
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    return str(value).strip()


def split_list(text: str, separators: str = ",;\n") -> list[str]:
    """A comma list, where commas inside parentheses or quotes do not split:
    `ADEME, Région (Fonds A, B), "X, Y"` → ADEME · Région (Fonds A, B) · X, Y."""
    items: list[str] = []
    depth, quote, current = 0, "", []
    for char in text:
        if quote:
            if char == quote or (quote == "«" and char == "»"):
                quote = ""
            else:
                current.append(char)
            continue
        if char in '"«':
            quote = char
        elif char in "([{":
            depth += 1
            current.append(char)
        elif char in ")]}":
            depth = max(0, depth - 1)
            current.append(char)
        elif char in separators and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [" ".join(i.split()) for i in items if i.strip()]


_FR_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_SPREADSHEET_EPOCH = date(1899, 12, 30)


def parse_date(value: Any) -> date | None:
    """JJ/MM/AAAA, AAAA-MM-JJ, a spreadsheet date or a spreadsheet serial number.
    Raises ValueError for anything else, so the caller can report it."""
    if value is None or clean(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A date cell read without its format: days since 1899-12-30 (Excel, LibreOffice).
        try:
            return _SPREADSHEET_EPOCH + timedelta(days=int(value))
        except OverflowError:  # past year 9999, or infinite
            raise ValueError(f"{value} : numéro de jour hors du calendrier") from None
    text = clean(value)
    match = _FR_DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    head = text[:10]
    return date.fromisoformat(head)


_GROUPED = re.compile(r"^\d{1,3}([.,])\d{3}(?:\1\d{3})*$")
"""Digits grouped by three with one separator: `1.234.567`, `1,234`."""


def parse_amount(value: Any) -> float | None:
    """An amount in € HT: `12000`, `12 000`, `12 000 €`, `1 234,50`, `1.234,56`,
    `1.234.567`. ValueError otherwise, with the reason in French.

    A separator is read only when its role is certain. With both `.` and `,`, the last
    one is the decimal mark and the other must group by three. With one kind only, a
    comma is the French decimal mark, and dots repeated by groups of three are thousands;
    a single dot followed by exactly three digits (`15.000`: 15 or 15 000?) is refused
    rather than read one way and scaled a thousand times the other."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return None if value != value else float(value)
    text = re.sub(r"[\s\u00a0\u202f€]|HT", "", clean(value))
    if not text:
        return None
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    if not re.fullmatch(r"[\d.,]+", digits) or not digits[0].isdigit():
        raise ValueError(f"« {clean(value)} » n'est pas un montant")
    dot, comma = digits.rfind("."), digits.rfind(",")
    if dot >= 0 and comma >= 0:
        decimal = "." if dot > comma else ","
        whole, _, fraction = digits.rpartition(decimal)
        if not _GROUPED.fullmatch(whole) or not fraction.isdigit():
            raise ValueError(f"« {clean(value)} » : séparateurs incohérents")
        return float(sign + whole.replace("." if decimal == "," else ",", "") + "." + fraction)
    if comma >= 0:
        if digits.count(",") > 1:
            raise ValueError(f"« {clean(value)} » : plusieurs virgules")
        return float(sign + digits.replace(",", "."))
    if dot >= 0:
        grouped = _GROUPED.fullmatch(digits) is not None
        if digits.count(".") > 1:
            if not grouped:
                raise ValueError(f"« {clean(value)} » n'est pas un montant")
            return float(sign + digits.replace(".", ""))
        if grouped:
            raise ValueError(
                f"« {clean(value)} » ambigu ({digits.replace('.', ',')} ou "
                f"{digits.replace('.', ' ')} ?) : écrivez-le sans point"
            )
    return float(sign + digits)


def parse_bool(value: Any) -> bool | None:
    """VRAI/FAUX, oui/non, TRUE/FALSE, 1/0."""
    if isinstance(value, bool):
        return value
    text = fold(clean(value))
    if text in {"vrai", "oui", "true", "1", "x", "o"}:
        return True
    if text in {"faux", "non", "false", "0", "n"}:
        return False
    return None


PERSONAL = re.compile(r"mail|courriel|telephone|contact")
"""Words of a (folded) column header whose cells are personal data: not taken unless
asked for (--avec-contacts)."""

_AXIS = re.compile(r"^\s*(?:axe\s*)?(\d+(?:\.\d+)*)\.?\s*[-:–.)]?\s*(.*)$", re.IGNORECASE)


def parse_axis(text: str, fallback_code: str) -> tuple[str, str]:
    """(code, title) of an axis cell: « 1.2. Vélo » → 1.2, Vélo; « Axe 3 » → 3, Axe 3; a
    cell without a number takes `fallback_code`."""
    match = _AXIS.match(text)
    if match and match.group(2).strip():
        return match.group(1), match.group(2).strip()
    if match:
        return match.group(1), f"Axe {match.group(1)}"
    return fallback_code, text


# Everyday words for the priority levels, which no spelling distance would find.
_SYNONYMES: dict[type[StrEnum], dict[str, str]] = {
    Priorite: {
        "faible": Priorite.BAS,
        "basse": Priorite.BAS,
        "haute": Priorite.ELEVE,
        "haut": Priorite.ELEVE,
        "forte": Priorite.ELEVE,
        "elevee": Priorite.ELEVE,
        "prioritaire": Priorite.ELEVE,
        "moyenne": Priorite.MOYEN,
        "normale": Priorite.MOYEN,
    },
    Statut: {
        "termine": Statut.REALISE,
        "terminee": Statut.REALISE,
        "fait": Statut.REALISE,
        "a faire": Statut.A_VENIR,
        "pas commence": Statut.A_VENIR,
        "non commence": Statut.A_VENIR,
    },
}


@cache
def _vocab_matcher(vocab: type[StrEnum]) -> tuple[frozenset[str], Matcher]:
    """The labels of a vocabulary and a matcher of its labels and variants, built once:
    an import asks them for every cell (a tenth of a 10 000-action import otherwise)."""
    labels = [str(v.value) for v in vocab]
    return frozenset(labels), Matcher(labels + list(VARIANTS.get(vocab, {})))


def match_vocab(value: str, vocab: type[StrEnum]) -> tuple[str | None, bool]:
    """(canonical label or None, whether the match was approximate). Exact labels and the
    known variants of VARIANTS are exact; case, accents and typos are approximate."""
    text = " ".join(value.split())
    labels, matcher = _vocab_matcher(vocab)
    if text in labels:
        return text, False
    variants = VARIANTS.get(vocab, {})
    if value in variants or text in variants:
        return str(variants.get(value) or variants[text]), False
    synonym = _SYNONYMES.get(vocab, {}).get(fold(text))
    if synonym is not None:
        return str(synonym), True
    found = matcher.closest(text)
    if found is None:
        return None, False
    return str(variants.get(found, found)), True
