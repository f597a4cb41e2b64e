"""What an imported file may cost, and the checks that hold it to that.

Every input is hostile: a partner's workbook, open data downloaded from anywhere. A few
hundred bytes can declare a grid of seventeen billion cells, a few megabytes of archive can
inflate to gigabytes, a JSON document can nest deeper than the parser's stack. Each bound
below is far above what a plan of actions needs and low enough that reaching it costs
seconds and a few hundred megabytes; beyond it the import stops with a French message that
names the file, the limit and what to do.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path
from typing import IO, Any

from pcaet_cli.errors import PcaetError, os_reason
from pcaet_cli.french import number
from pcaet_cli.io.read_errors import archive_reason

MAX_ARCHIVE_BYTES = 100_000_000
"""Taille d'un classeur (.xlsx, .ods) une fois décompressé, et du fichier lui-même : 100 Mo.
Le modèle de Territoires en Transitions en fait moins d'un ; le grand tableur de
« pcaet export » 44 Mo pour 10 000 actions, l'échelle des données nationales de l'ADEME
(il doit pouvoir revenir) ; LibreOffice écrit environ 130 octets par cellule, soit 20 000
actions de 35 colonnes. C'est aussi ce qui borne la durée de lecture d'un .xlsx : 100 Mo de
cellules minimales demandent une minute et demie, et MAX_CELLS borne la mémoire."""

MAX_ARCHIVE_ENTRIES = 10_000
"""Fichiers dans l'archive d'un classeur : une vingtaine, plus deux ou trois par onglet."""

MAX_RATIO = 500
"""Taux de compression d'un fichier de l'archive, et de l'archive entière, au-delà d'1 Mo
décompressé : 500 pour 1. Une feuille se comprime de 6 à 26 fois, jusqu'à 170 fois pour un
tableau très régulier enregistré par LibreOffice ; des zéros faits pour exploser à la
décompression, 1 000 fois."""

_PROLOG_STEP = 4096
"""Bytes read at a time from an archive's part while looking for a document type."""

RATIO_FROM_BYTES = 1_000_000
"""En deçà d'1 Mo décompressé, le taux de compression ne dit rien : ce n'est pas vérifié."""

MAX_ROWS = 200_000
"""Lignes remplies d'une feuille ou d'un CSV : un plan compte quelques centaines d'actions,
les données de l'ADEME une dizaine de milliers. Les lignes vides du bas de la feuille ne
comptent pas."""

MAX_COLUMNS = 500
"""Colonnes lues : le modèle de Territoires en Transitions en a 35 ; les cellules au-delà
de la 500e ne sont pas lues, comme les mises en forme qu'un tableur étend à toute la ligne."""

MAX_CELLS = 5_000_000
"""Cellules gardées en mémoire pour un fichier, toutes feuilles comprises (de la première
colonne à la dernière remplie de chaque ligne) : quelques centaines de Mo au plus."""

SHEET_MAX_ROWS = 1_048_576
"""Lignes d'une feuille, vides comprises : le maximum d'Excel et de LibreOffice. Au-delà,
le fichier est forgé ; c'est aussi ce qui borne le parcours des lignes vides."""

MAX_TEXT_BYTES = 200_000_000
"""Taille d'un fichier JSON ou CSV : 200 Mo. Les fichiers de l'ADEME font quelques dizaines
de Mo."""

MAX_JSON_DEPTH = 100
"""Imbrication d'un document JSON : le programme d'actions de l'ADEME et le registre
exporté par pcaet ont moins de 10 niveaux."""

MAX_JSON_VALUES = 2_000_000
"""Valeurs d'un document JSON (objets, listes, textes, nombres) : de quoi décrire 50 000
actions de 40 valeurs chacune ; en mémoire, 400 Mo au plus."""

MAX_FIELD_CHARS = 1_000_000
"""Caractères d'un champ CSV ou d'une cellule .ods : 1 million. Une cellule d'Excel en
contient au plus 32 767 ; le « Programme d'actions » de l'ADEME réunit toutes les actions
d'une démarche dans un champ."""


def megabytes(size: int) -> str:
    return f"{number(size / 1_000_000, 0)} Mo"


def check_size(path: Path, limit: int) -> None:
    """Refuse a file larger than `limit` bytes before reading it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PcaetError(f"{path} : fichier illisible ({os_reason(exc)})") from None
    if size > limit:
        raise PcaetError(
            f"{path} : le fichier pèse plus de {megabytes(limit)} (limite de sécurité) ; "
            "découpez-le ou retirez-en ce qui ne sert pas à l'import"
        )


_ENCRYPTED = 0x1  # bit 0 of a zip entry's flags


def check_archive(path: Path) -> None:
    """Refuse a workbook whose archive is a bomb, before any parser opens it.

    The sizes the archive declares bound what reading it yields: Python's zipfile, which
    openpyxl and the .ods reader use, never yields more than an entry's declared size
    (and then fails on its checksum). What it inflates on the way is bounded by the size
    of each read, which `sources` keeps small."""
    check_size(path, MAX_ARCHIVE_BYTES)
    try:
        archive = zipfile.ZipFile(path)
    # ValueError: an entry's name said to be UTF-8 that is not.
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise PcaetError(f"{path} : classeur illisible ({archive_reason(exc)})") from None
    with archive:
        entries = archive.infolist()
        _check_entries(path, entries)
        for entry in entries:
            if _part_declares_doctype(archive, entry):
                raise PcaetError(
                    f"{path} : « {entry.filename} » déclare un type de document (DTD), "
                    "ce qu'aucun tableur n'écrit : ses entités pourraient se démultiplier "
                    "ou lire d'autres fichiers ; réenregistrez le classeur depuis votre "
                    "tableur"
                )


def _check_entries(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    """What the archive declares: how many entries, their sizes, how they are compressed,
    where their names point."""
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise PcaetError(
            f"{path} : l'archive du classeur contient plus de {number(MAX_ARCHIVE_ENTRIES, 0)} "
            "fichiers (limite de sécurité) ; réenregistrez-le depuis votre tableur"
        )
    total = sum(entry.file_size for entry in entries)
    if total > MAX_ARCHIVE_BYTES:
        raise PcaetError(
            f"{path} : l'archive se décompresse en plus de {megabytes(MAX_ARCHIVE_BYTES)} "
            "(limite de sécurité) ; enregistrez le classeur sans les onglets inutiles ou "
            "découpez-le"
        )
    stored = sum(entry.compress_size for entry in entries)
    for name, size, packed in [
        *((e.filename, e.file_size, e.compress_size) for e in entries),
        ("l'archive entière", total, stored),
    ]:
        if size > RATIO_FROM_BYTES and size > MAX_RATIO * packed:
            raise PcaetError(
                f"{path} : « {name} » se décompresse plus de {MAX_RATIO} fois plus gros "
                "qu'il n'est stocké (limite de sécurité) : ce n'est pas un classeur "
                "ordinaire ; réenregistrez-le depuis votre tableur"
            )
    for entry in entries:
        # zipfile inflates bzip2 and LZMA without any bound on the output, whatever size
        # is asked of it; office suites only store or deflate, and never encrypt this way.
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or (
            entry.flag_bits & _ENCRYPTED
        ):
            raise PcaetError(
                f"{path} : « {entry.filename} » est compressé ou chiffré d'une façon "
                "qu'aucun tableur n'emploie ; réenregistrez le classeur depuis votre tableur"
            )
        # Nothing extracts these archives, yet a name that climbs out of the archive or
        # starts at the root is never written by an office suite: a forged file.
        name = entry.filename.replace("\\", "/")
        if name.startswith("/") or ".." in name.split("/"):
            raise PcaetError(
                f"{path} : l'archive contient un chemin hors du classeur "
                f"(« {entry.filename} ») ; réenregistrez le classeur depuis votre tableur"
            )


def _part_declares_doctype(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    try:
        with archive.open(entry) as stream:
            return _declares_doctype(stream)
    # A damaged part (its checksum, its deflated data): the parser that reads it whole
    # refuses it in its own terms; its prolog held no document type as far as it was read.
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return False


def _declares_doctype(stream: IO[bytes]) -> bool:
    """Whether the part read from `stream` declares a document type before its root
    element. No office suite writes one; its entities are what an entity bomb or an
    external entity needs, and whether openpyxl refuses them depends on which parser is
    installed (defusedxml refuses them, lxml leaves them unexpanded): a workbook that has
    one is refused whatever the parser. Only the prolog is read, in steps; a comment or
    an instruction is searched for its end from where the last step stopped."""
    start = stream.read(4)
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    elif start[:2] == b"<\x00":
        encoding = "utf-16-le"
    elif start[:2] == b"\x00<":
        encoding = "utf-16-be"
    else:  # UTF-8, or a one-byte encoding where « <!DOCTYPE » is the same bytes
        encoding = "utf-8-sig"
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(start)
    searched = 2  # where the end of the current comment or instruction may start
    while True:
        text = text.lstrip()
        if text.startswith(("<?", "<!--")):
            end = "?>" if text.startswith("<?") else "-->"
            found = text.find(end, searched)
            if found >= 0:
                text, searched = text[found + len(end) :], 2
                continue
            searched = max(2, len(text) - len(end) + 1)
        else:
            head = text[:9].upper()
            if head == "<!DOCTYPE":
                return True
            # The root element, or what no parser takes for XML: no document type.
            if len(head) == 9 or not ("<!DOCTYPE".startswith(head) or "<!--".startswith(head)):
                return False
        chunk = stream.read(_PROLOG_STEP)
        if not chunk:
            return False
        text += decoder.decode(chunk)


class Rows:
    """The rows of one file's sheets, kept within MAX_ROWS, MAX_COLUMNS and MAX_CELLS
    however the file is written: a row is cut at MAX_COLUMNS and loses its trailing empty
    cells; empty rows are only counted until a filled row follows them; a repeated row
    (.ods) is counted before it is copied."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheets: list[list[list[Any]]] = []
        self.titles: list[str] = []
        """The name of each sheet, in the order of `sheets`."""
        self.cells = 0
        self._blank = 0
        self._blank_row: Sequence[Any] | None = None
        self._where = ""

    def new_sheet(self, title: str) -> None:
        self.sheets.append([])
        self.titles.append(title)
        self._blank = 0
        self._where = f", feuille « {title} »" if title else ""

    @property
    def count(self) -> int:
        """Rows of the current sheet so far, empty ones included."""
        return len(self.sheets[-1]) + self._blank

    def add(self, row: Sequence[Any], repeat: int = 1) -> None:
        rows = self.sheets[-1]
        position = len(rows) + self._blank + repeat
        if position > SHEET_MAX_ROWS:
            raise PcaetError(
                f"{self.path}{self._where} : plus de {number(SHEET_MAX_ROWS, 0)} lignes, le "
                "maximum d'un tableur : fichier endommagé ou forgé ; réenregistrez-le depuis "
                "votre tableur"
            )
        # openpyxl gives the rows missing from the file as one shared tuple, a million
        # times for a cell forged at the bottom of the sheet: seen blank once is enough.
        if row is self._blank_row:
            self._blank += repeat
            return
        # The last filled cell, looked for from the end: openpyxl pads every row to
        # MAX_COLUMNS, so most of a row is trailing blanks.
        end = 0
        if row.count(None) < len(row):
            for index in range(min(len(row), MAX_COLUMNS) - 1, -1, -1):
                value = row[index]
                if value is not None and value != "":
                    end = index + 1
                    break
        if not end:
            if isinstance(row, tuple):
                self._blank_row = row
            self._blank += repeat
            return
        if position > MAX_ROWS:
            raise PcaetError(
                f"{self.path}{self._where} : plus de {number(MAX_ROWS, 0)} lignes remplies "
                "(limite de sécurité) ; découpez le fichier en plusieurs"
            )
        self.cells += end * repeat
        if self.cells > MAX_CELLS:
            raise PcaetError(
                f"{self.path} : plus de {number(MAX_CELLS, 0)} cellules à lire (limite de "
                "sécurité) ; retirez les onglets et les colonnes inutiles ou découpez le "
                "fichier"
            )
        rows.extend([] for _ in range(self._blank))
        rows.extend(list(row[:end]) for _ in range(repeat))
        self._blank = 0


# A JSON string (escapes included), and what is neither a bracket nor a comma.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def check_json(text: str, path: Path) -> None:
    """Refuse a JSON document nested deeper than MAX_JSON_DEPTH or holding more than
    MAX_JSON_VALUES values, before the parser builds it: json.loads would give a
    RecursionError for the one, gigabytes of objects for the other. Counted on the text
    with its strings taken out: commas and brackets then only separate and open values."""
    structure = _JSON_STRING.sub("", text)
    brackets = _NOT_BRACKET.sub("", structure)
    values = structure.count(",") + (len(brackets) + 1) // 2 + 1
    if values > MAX_JSON_VALUES:
        raise PcaetError(
            f"{path} : plus de {number(MAX_JSON_VALUES, 0)} valeurs dans le document JSON "
            "(limite de sécurité) ; découpez-le"
        )
    depth = max(accumulate(map(_STEP.__getitem__, brackets)), default=0)
    if depth > MAX_JSON_DEPTH:
        raise PcaetError(
            f"{path} : le document JSON imbrique plus de {MAX_JSON_DEPTH} niveaux (limite "
            "de sécurité) : ce n'est pas un export de l'ADEME ni de pcaet"
        )
