"""The French collectivities: every commune and every EPCI à fiscalité propre (and the
Grand Paris EPT), from Etalab's administrative divisions (npm package
`@etalab/decoupage-administratif`, built by `scripts/build_collectivites.py` into
`pcaet_cli/data/`; see docs/collectivites.md).

The table is read on first use and kept (about 80 ms): a command that never looks a
territory up never pays for it. Natures are the values of `model.vocab.Nature` as plain
strings: this base module cannot import the model layer.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from pcaet_cli.errors import PcaetError
from pcaet_cli.textmatch import fold

TABLE = "collectivites.json.gz"
SOURCE_FILE = "collectivites.source.json"
FORMAT = 1


@dataclass(frozen=True)
class Collectivite:
    """A commune (nature COM) or a grouping (CC, CA, CU, METRO, EPT) of the table."""

    nom: str
    nature: str
    siren: str | None
    insee: str | None
    population: int | None
    membres: tuple[str, ...] = ()
    """The member communes' INSEE codes (groupings only)."""
    epci: str | None = None
    """The SIREN of the commune's EPCI à fiscalité propre (communes only)."""


class Source(NamedTuple):
    """Where the shipped table comes from."""

    package: str
    version: str
    date: str


def _read(name: str) -> bytes:
    try:
        return resources.files("pcaet_cli").joinpath("data", name).read_bytes()
    except OSError as error:
        raise PcaetError(
            f"table des collectivités illisible ({name}) : réinstallez pcaet"
        ) from error


def _source() -> Source:
    meta = json.loads(_read(SOURCE_FILE))
    return Source(str(meta["package"]), str(meta["version"]), str(meta["built"]))


SOURCE: Source = _source()
"""The package, its version and the build date of the shipped table."""


class _Table:
    """The rows of the shipped file, indexed by code; `Collectivite`s are made on demand."""

    def __init__(self, raw: dict[str, Any]) -> None:
        if raw.get("format") != FORMAT:
            raise PcaetError("table des collectivités d'un format inconnu : réinstallez pcaet")
        # groupement: [siren, nom, nature, population, [insee…]]
        self.groups: dict[str, list[Any]] = {row[0]: row for row in raw["groupements"]}
        # commune: [insee, nom, population, siren, epci]
        self.communes: dict[str, list[Any]] = {row[0]: row for row in raw["communes"]}
        self.commune_sirens: dict[str, str] = {row[3]: row[0] for row in raw["communes"] if row[3]}
        # rattachée: [code, nom, kind, insee of the actual commune]
        self.attached: dict[str, list[Any]] = {row[0]: row for row in raw["rattachees"]}

    def group(self, siren: str) -> Collectivite | None:
        row = self.groups.get(siren)
        if row is None:
            return None
        return Collectivite(row[1], row[2], row[0], None, row[3], tuple(row[4]))

    def commune(self, code: str) -> Collectivite | None:
        row = self.communes.get(code)
        if row is None:
            return None
        return Collectivite(row[1], "COM", row[3], row[0], row[2], (), row[4])


@cache
def _table() -> _Table:
    try:
        raw = json.loads(gzip.decompress(_read(TABLE)))
    except (OSError, ValueError) as error:
        raise PcaetError("table des collectivités illisible : réinstallez pcaet") from error
    return _Table(raw)


def _digits(value: str) -> str:
    return "".join(value.split())


def by_siren(siren: str) -> Collectivite | None:
    """The EPCI, EPT or commune with this SIREN (spaces ignored), or None."""
    key = _digits(siren)
    table = _table()
    found = table.group(key)
    if found is not None:
        return found
    code = table.commune_sirens.get(key)
    return table.commune(code) if code is not None else None


def by_insee(code: str) -> Collectivite | None:
    """The actual commune with this INSEE code, or None (a commune déléguée or associée,
    an arrondissement municipal: see `attached`)."""
    return _table().commune(code.strip().upper())


def attached(code: str) -> tuple[str, Collectivite] | None:
    """For the code of a commune déléguée, a commune associée or an arrondissement
    municipal (not communes of their own, hence not in `by_insee`): what it is (French
    words) and the actual commune it belongs to."""
    table = _table()
    row = table.attached.get(code.strip().upper())
    if row is None:
        return None
    parent = table.commune(str(row[3]))
    return (f"{row[2]} {row[1]}", parent) if parent is not None else None


def groupings(nature: str) -> list[Collectivite]:
    """Every grouping of one nature (CC, CA, CU, METRO, EPT), in SIREN order."""
    table = _table()
    found = (table.group(siren) for siren in sorted(table.groups))
    return [group for group in found if group is not None and group.nature == nature]


def members(siren: str) -> list[Collectivite]:
    """The member communes of a grouping, by INSEE code; [] for a commune or an unknown
    SIREN."""
    table = _table()
    group = table.group(_digits(siren))
    if group is None:
        return []
    found = (table.commune(code) for code in group.membres)
    return [commune for commune in found if commune is not None]


# --- names ---------------------------------------------------------------------------

# The official names abbreviate the legal words (DGCL: "CA du Pays de Gex"); the long
# forms are written back to these abbreviations before comparing.
_LONG_FORMS = (
    (re.compile(r"^communaute de communes\b"), "cc"),
    (re.compile(r"^communaute d ?agglomeration\b"), "ca"),
    (re.compile(r"^communaute urbaine\b"), "cu"),
    (re.compile(r"^etablissement public territorial\b"), "ept"),
)
_LEGAL_HEAD = re.compile(r"^(?:cc|ca|cu|ept|metropole)\s+(?:(?:du|des|de la|de l|d|de)\s+)?")
_ACRONYM = re.compile(r"\s*\(([^()]*)\)\s*$")


def _name_key(name: str) -> str:
    key = fold(name.replace("’", "'")).replace("'", " ")
    key = " ".join(key.split())
    for pattern, short in _LONG_FORMS:
        key = pattern.sub(short, key)
    return key


def _core(key: str) -> str:
    """A name key without its trailing (ACRONYM) and its leading legal words."""
    return _LEGAL_HEAD.sub("", _ACRONYM.sub("", key))


class _Names:
    """Name keys → SIRENs of groupings and INSEE codes of communes (Collectivite made
    on demand): built on the first `by_name`, about 0.3 s for 36 000 names."""

    def __init__(self, table: _Table) -> None:
        self.table = table
        self.exact: dict[str, list[str]] = {}
        self.loose: dict[str, list[str]] = {}
        for siren, row in table.groups.items():
            key = _name_key(row[1])
            self.exact.setdefault(key, []).append(siren)
            self.loose.setdefault(_core(key), []).append(siren)
            acronym = _ACRONYM.search(key)
            if acronym:
                self.loose.setdefault(acronym.group(1), []).append(siren)
        for code, row in table.communes.items():
            self.exact.setdefault(_name_key(row[1]), []).append(code)

    def found(self, codes: list[str]) -> list[Collectivite]:
        # Groupings (SIREN, 9 digits) first, then communes (INSEE code, 5 characters).
        made = (
            self.table.group(code) if len(code) == 9 else self.table.commune(code)
            for code in sorted(codes, key=lambda code: (len(code) != 9, code))
        )
        return [c for c in made if c is not None]


@cache
def _names() -> _Names:
    return _Names(_table())


def by_name(name: str) -> list[Collectivite]:
    """The collectivities of this name, compared folded (case, accents, dashes,
    apostrophes) with the legal words in either form (CC/Communauté de communes, CA/
    Communauté d'agglomération, CU/Communauté urbaine, EPT/Établissement public
    territorial). When no name is equal, the groupings whose name without its legal
    words and article ("CA du Grand Chambéry" → "grand chambery"), or whose acronym in
    parentheses ("CARENE"), equals the name given without its own legal words: "Grand
    Chambéry", "CARENE", "Pays de Gex"; "CC du Pays de Gex" finds the CA du Pays de Gex
    (callers compare the natures). Several communes may share a name: all are given,
    groupings first."""
    key = _name_key(name)
    if not key:
        return []
    names = _names()
    exact = names.exact.get(key)
    if exact:
        return names.found(exact)
    return names.found(names.loose.get(_core(key), []))


# --- SIREN ---------------------------------------------------------------------------


def siren_from(value: str) -> tuple[str | None, str | None]:
    """The SIREN a cell holds, and a French note when it was not given as such: 9
    digits (spaces allowed) with a right key → (siren, None); a SIRET (14 digits) →
    its first nine digits, with a note; a blank cell → (None, None); anything else →
    (None, a note saying why)."""
    # Imported on first use: python-stdnum loads every French number module (~10 ms).
    from stdnum.fr import siren, siret

    text = value.strip()
    if not text:
        return None, None
    digits = _digits(text)
    if re.fullmatch(r"[0-9]+\.0", digits):  # a number cell read as a float
        digits = digits[:-2]
    if not digits.isascii() or not digits.isdigit():
        return None, f"« {text} » n'est pas un SIREN (9 chiffres) : non repris"
    if len(digits) == 9:
        if siren.is_valid(digits):
            return digits, None
        return None, f"SIREN « {text} » : clé de contrôle fausse, non repris"
    if len(digits) == 14:
        head = digits[:9]
        if not siren.is_valid(head):
            return None, f"SIRET « {text} » : clé de contrôle du SIREN fausse, non repris"
        if siret.is_valid(digits):
            return head, f"SIRET « {text} » ramené à son SIREN « {head} »"
        return head, (
            f"SIRET « {text} » ramené à son SIREN « {head} » (la clé du SIRET est fausse, "
            "celle du SIREN est bonne)"
        )
    return None, f"« {text} » : {len(digits)} chiffres, ni SIREN (9) ni SIRET (14) : non repris"


# --- natures from the legal words of a name -----------------------------------------


class _Word(NamedTuple):
    nature: str
    words: str
    found: Callable[[str], bool]


def _anywhere(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(rf"\b(?:{pattern})\b")
    return lambda key: compiled.search(key) is not None


def _at_start(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(rf"^(?:{pattern})\b")
    return lambda key: compiled.search(key) is not None


def _abbreviated(short: str, long: str) -> Callable[[str], bool]:
    """The abbreviation at the start of a name (where `_name_key` also writes the long
    form), the long form anywhere."""
    start, inside = _at_start(short), _anywhere(long)
    return lambda key: start(key) or inside(key)


# The precedence: the first line whose words are in the name decides (docs/
# collectivites.md draws this table). Specific bodies first (a park, a pôle are run by
# a syndicat mixte; an EPT belongs to the Métropole du Grand Paris), then syndicats, the
# EPCI à fiscalité propre, then the words that only count at the start of a name
# (Département, Région, Commune), and last "Pays", which is a PETR only when nothing
# stronger is said.
NATURE_WORDS: tuple[_Word, ...] = (
    _Word("PNR", "parc naturel régional", _anywhere(r"parc naturel regional|pnr")),
    _Word("POLEM", "pôle métropolitain", _anywhere(r"pole metropolitain")),
    _Word(
        "PETR",
        "pôle d'équilibre territorial et rural",
        _anywhere(r"pole d equilibre territorial et rural|petr"),
    ),
    _Word(
        "EPT",
        "établissement public territorial",
        _abbreviated("ept", r"etablissement public territorial"),
    ),
    _Word("SMF", "syndicat mixte fermé", _anywhere(r"syndicat mixte ferme|smf")),
    _Word("SMO", "syndicat mixte ouvert", _anywhere(r"syndicat mixte ouvert|smo")),
    _Word("SMF", "syndicat mixte", _anywhere(r"syndicat mixte")),
    _Word(
        "SIVOM",
        "syndicat intercommunal à vocation multiple",
        _anywhere(r"syndicat intercommunal a vocation multiple|sivom"),
    ),
    _Word(
        "SIVU",
        "syndicat intercommunal à vocation unique",
        _anywhere(r"syndicat intercommunal a vocation unique|sivu"),
    ),
    _Word("CC", "communauté de communes", _abbreviated("cc", r"communaute de communes")),
    _Word(
        "CA",
        "communauté d'agglomération",
        _abbreviated("ca", r"communaute d ?agglomeration"),
    ),
    _Word("CA", "agglomération", _anywhere(r"agglomeration|agglo")),
    _Word("CU", "communauté urbaine", _abbreviated("cu", r"communaute urbaine")),
    _Word("METRO", "métropole", _anywhere(r"metropole|eurometropole")),
    _Word(
        "DEP",
        "département",
        _at_start(r"departement|conseil departemental|conseil general"),
    ),
    _Word("REG", "région", _at_start(r"region|conseil regional")),
    _Word("COM", "commune", _at_start(r"commune|mairie|ville (?:de|du|d)")),
    _Word("PETR", "pays", _at_start(r"pays(?! de la loire$)")),
)


def nature_from_words(name: str) -> tuple[str, str] | None:
    """The nature the legal words of a name say, and those words (to quote in a note);
    None when the name holds no legal word ("Grand Chambéry", "CARENE", "Est Ensemble":
    look those up with `by_siren` or `by_name`). The first line of `NATURE_WORDS` found
    decides: "CC du Pays de Gex" is a CC, not a PETR."""
    key = _name_key(name)
    for word in NATURE_WORDS:
        if word.found(key):
            return word.nature, word.words
    return None
