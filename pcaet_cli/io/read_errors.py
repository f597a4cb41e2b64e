"""Why a file could not be read, in French.

The readers pcaet relies on (json, zipfile, openpyxl, the XML parsers) explain their
failures in English, and a message such as « JSON illisible (Expecting value: line 1
column 7 (char 6)) » leaves an officer nowhere. Each function below turns one family of
exceptions into the French reason that goes between the parentheses of « illisible (…) »;
what it does not know it names by its kind, never by the library's English sentence.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

from pcaet_cli.errors import os_reason

_JSON_MESSAGES: tuple[tuple[str, str], ...] = (
    ("Expecting value", "une valeur est attendue"),
    (
        "Expecting property name enclosed in double quotes",
        "un nom de champ entre guillemets doubles est attendu",
    ),
    ("Expecting ':' delimiter", "un « : » est attendu"),
    ("Expecting ',' delimiter", "une « , » est attendue"),
    ("Unterminated string starting at", "un texte ouvert n'est pas fermé"),
    ("Invalid control character", "caractère de contrôle dans un texte"),
    ("Invalid \\uXXXX escape", "séquence \\u invalide"),
    ("Invalid \\escape", "séquence d'échappement invalide"),
    ("Extra data", "du texte suit la fin du document"),
    ("Illegal trailing comma", "virgule en trop avant la fermeture"),
)


def json_reason(exc: ValueError) -> str:
    """« une valeur est attendue, ligne 1, colonne 7 » for a JSON syntax error."""
    if isinstance(exc, json.JSONDecodeError):
        what = next((fr for en, fr in _JSON_MESSAGES if exc.msg.startswith(en)), "syntaxe invalide")
        return f"{what}, ligne {exc.lineno}, colonne {exc.colno}"
    return "valeur hors de ce que JSON permet de lire"


_OPENPYXL_STEPS = {
    "read manifest": "la liste de ses parties",
    "read strings": "ses textes partagés",
    "read workbook": "la description du classeur",
    "read properties": "ses propriétés",
    "read custom properties": "ses propriétés personnalisées",
    "read theme": "son thème",
    "read stylesheet": "ses styles",
    "read worksheets": "ses feuilles",
    "assign names": "ses noms définis",
}


def archive_reason(exc: BaseException) -> str:
    """Why a workbook (.xlsx, .ods) could not be read: its archive, a missing part, its
    XML, or what openpyxl found in it."""
    if isinstance(exc, zipfile.BadZipFile):
        text = str(exc)
        if text == "File is not a zip file":
            return "ce n'est pas une archive de classeur : fichier endommagé ou d'un autre format"
        if damaged := re.fullmatch(r"Bad CRC-32 for file '(.*)'", text):
            return f"« {damaged[1]} » est endommagé"
        return "archive endommagée"
    if isinstance(exc, zlib.error | EOFError):
        return "archive tronquée ou endommagée"
    if isinstance(exc, KeyError):
        missing = re.search(r"named '(.*)' in the archive", str(exc))
        return f"il y manque « {missing[1]} »" if missing else "il y manque une partie"
    if isinstance(exc, OSError):
        return os_reason(exc)
    if isinstance(exc, ParseError):
        return f"XML invalide, ligne {exc.position[0]}, colonne {exc.position[1] + 1}"
    if isinstance(exc, ExpatError):
        return f"XML invalide, ligne {exc.lineno}, colonne {exc.offset + 1}"
    step = re.match(r"Unable to read workbook: could not (.+?) from ", str(exc))
    if step and step[1] in _OPENPYXL_STEPS:
        return f"impossible de lire {_OPENPYXL_STEPS[step[1]]}"
    return f"contenu inattendu ({type(exc).__name__})"
