"""The files of a Territoires & Climat export read into démarches, before anything is
made of them (import_territoires_climat.py makes the plans, territories and actions).

What each column becomes, and the columns left out with why, are the tables below,
written out in docs/import-territoires-climat.md. Every row read is counted in the
import report here, by the name a user finds it under; a row that cannot belong to a
démarche is refused here, with what to complete.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stdnum.fr import siren as siren_number
from stdnum.fr import siret as siret_number

from pcaet_cli.errors import PcaetError
from pcaet_cli.io.import_common import ImportReport, RowStatus
from pcaet_cli.io.import_values import clean
from pcaet_cli.io.sources import read_csv, read_json
from pcaet_cli.textmatch import slug

PROGRAMME = "Programme d'actions"

ENTETE_COLUMNS: dict[str, str] = {
    # Column of an entête file → where it goes ("" : read by the importer itself).
    "Id": "identifiant de la démarche (jointure)",
    "Nom": "plan : nom",
    "Type_demarche": "plan : type",
    "Date_lancement": "plan : date_debut",
    "Demarche_etat": "plan : statut",
    "Oblige": "plan : obligation",
    "SIREN collectivites_coporteuses": "territoires : siren ; plan : porteur, perimetre",
    "Collectivités porteuses": "territoires : nom ; plan : porteur, perimetre",
    "Population_couverte": "territoire : population (collectivité seule)",
    "Description_rapide": "plan : commentaire en tête du fichier",
    "Commentaire_statut": "plan : commentaire en tête du fichier",
    "Autres_démarches_hors_EC": "plan : commentaire en tête du fichier",
    "Autres_demarches": "plan : commentaire en tête du fichier",
    "Chef_de_projet": "territoire : charge_de_mission (--avec-contacts)",
    "Contact": "acteur chef de projet : email (--avec-contacts)",
    "Elu_referent": "acteur élu (--avec-contacts)",
    PROGRAMME: "actions (fichiers thématiques V1)",
}
ENTETE_IGNORED: dict[str, str] = {
    "Date_creation": "date de saisie sur la plateforme, pas du plan",
    "Date_modification": "date de saisie sur la plateforme, pas du plan",
    "Date_reception_projet": "étape de la procédure d'avis : pas de champ du registre",
    "Date_envoi_avis_dreal": "étape de la procédure d'avis : pas de champ du registre",
    "Date_envoi_avis_cr": "étape de la procédure d'avis : pas de champ du registre",
}
FICHES_COLUMNS: dict[str, str] = {
    "Id_action": "nom de la ligne dans le compte rendu",
    "Id_demarche": "identifiant de la démarche (jointure)",
    "Nom_demarche": "plan : nom, sans fichier d'entête",
    "Intitule_action": "action : titre",
    "Description_action": "action : description",
    "Date_lancement": "action : date_debut",
    "Collectivites_coporteuses": "territoires (SIREN-nom) ; plan : perimetre",
    "Population_couverte": "territoire : population (collectivité seule)",
    "Contact_principal": "action : personnes (--avec-contacts)",
    "Contact": "acteur de Contact_principal : email (--avec-contacts)",
    "Commentaire_statut": "action : description (paragraphe « Commentaire de statut »)",
    "Commentaire_conclusion": "action : description (paragraphe « Conclusion »)",
    "Secteur": "action : secteurs",
    "Type_de_porteur": "action : echelon (Collectivité porteuse), description (autres)",
    "Type_action": "action : type_action",
    "Cible_action": "action : cibles (table de correspondance)",
}
JSON_ELEMENT_KEYS = {"id", "typesDemarche", "actions"}
JSON_ACTION_KEYS = {"intitule", "secteurs", "volets", "typesPorteur"}
_CO_CARRIER = re.compile(r"^\s*([\d ]{9,17}?)\s*-\s*(.+?)\s*$")


def multi(text: str) -> list[str]:
    """The values of a cell that lists them separated by `|`."""
    return [p.strip() for p in text.split("|") if p.strip()]


def co_carriers(cell: str) -> list[tuple[str, str]]:
    """(SIREN as written, name) of a `Collectivites_coporteuses` cell: « 243500139-Rennes
    Métropole | … »; a part without its number is (``, name)."""
    pairs: list[tuple[str, str]] = []
    for part in multi(cell):
        match = _CO_CARRIER.match(part)
        pairs.append((match.group(1), match.group(2)) if match else ("", part))
    return pairs


def siren_of(raw: str) -> tuple[str, str | None]:
    """The SIREN a cell holds: nine digits with their check digit, or the first nine
    of a SIRET; "" for anything else. With it, the note the report makes of how it was
    read (None: nothing to say)."""
    digits = raw.replace(" ", "").replace("\u00a0", "")
    if not digits or siren_number.is_valid(digits):
        return digits, None
    if len(digits) == 14 and digits.isdigit() and siren_number.is_valid(digits[:9]):
        kind = "SIRET" if siret_number.is_valid(digits) else "numéro à 14 chiffres"
        return digits[:9], f"{kind} « {raw} » : SIREN {digits[:9]} retenu (9 premiers chiffres)"
    return "", f"SIREN « {raw} » invalide, non repris"


# --------------------------------------------------------------------------- rows read


@dataclass(slots=True)
class ActionRow:
    source: str
    raw: dict[str, Any]
    """What the row says of the action, in the importer's words (titre, secteurs…)."""
    cells: dict[str, str] = field(default_factory=dict)
    """The cells of a Fiches_Action row: the démarche it names, its collectivities."""


@dataclass(slots=True)
class Demarche:
    key: str
    """The démarche's Id, or `siren:<SIREN>` for rows without one."""
    collectivity: str
    """The name of the collectivity rows without démarche identifier named."""
    entetes: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    elements: list[tuple[str, list[str]]] = field(default_factory=list)
    """(source, plan types) of its JSON elements."""
    actions: list[ActionRow] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        if self.key.startswith("siren:"):
            return f"c{self.key.removeprefix('siren:')}"
        return f"d{slug(self.key, 20) or 'x'}"


@dataclass(slots=True)
class _Input:
    path: Path
    shown: str
    kind: str
    """entete, programme or fiches."""
    rows: list[list[str]] | Any


class Reader:
    """The files given, in the one order that does not depend on the command line, read
    into démarches (`read`): each row counted in the report, joined to its démarche by
    identifier, or by its collectivity's SIREN when it has none."""

    def __init__(self, report: ImportReport, paths: list[Path]) -> None:
        self.report = report
        self.paths = paths
        self.demarches: dict[str, Demarche] = {}
        self.has_entete = False

    def read(self) -> dict[str, Demarche]:
        for source in self._inputs():
            if source.kind == "programme":
                self._read_programme(source)
            elif source.kind == "fiches":
                self._read_fiches(source)
            else:
                self._read_entetes(source)
        return self.demarches

    def _inputs(self) -> list[_Input]:
        """Every file read and recognised, in the one order that does not depend on the
        command line: entête files, programmes, Fiches_Action, each kind by name."""
        seen: set[Path] = set()
        names = [p.name for p in self.paths]
        inputs: list[_Input] = []
        for path in self.paths:
            resolved = path.resolve()
            if resolved in seen:
                self.report.notes.append(f"{path} : donné deux fois, lu une fois")
                continue
            seen.add(resolved)
            shown = path.name if names.count(path.name) == 1 else str(path)
            if path.suffix.lower() == ".json":
                inputs.append(_Input(path, shown, "programme", read_json(path)))
                continue
            rows = read_csv(path, ";")
            header = [clean(c) for c in rows[0]] if rows else []
            if "Id_action" in header:
                inputs.append(_Input(path, shown, "fiches", rows))
            elif "Id" in header:
                inputs.append(_Input(path, shown, "entete", rows))
            else:
                raise PcaetError(
                    f"{path} : ni fichier d'entête (colonne Id) ni Fiches_Action (colonne "
                    "Id_action) ; vérifiez le fichier ou son séparateur (point-virgule)"
                )
        rank = {"entete": 0, "programme": 1, "fiches": 2}
        return sorted(inputs, key=lambda i: (rank[i.kind], i.path.name, str(i.path)))

    def _demarche_of(self, key: str, collectivity: str) -> Demarche:
        found = self.demarches.get(key)
        if found is None:
            found = self.demarches[key] = Demarche(key, collectivity)
        return found

    def _columns(self, source: _Input, known: dict[str, str], ignored: dict[str, str]) -> None:
        """One note per file for its columns left out, with why."""
        header = [clean(c) for c in source.rows[0]]
        left = [f"{c} ({ignored[c]})" for c in header if c in ignored]
        unknown = [c for c in dict.fromkeys(header) if c and c not in known and c not in ignored]
        if left:
            self.report.notes.append(f"{source.shown} : colonnes non reprises : {', '.join(left)}")
        if unknown:
            self.report.notes.append(
                f"{source.shown} : colonnes inconnues, non reprises : {', '.join(unknown)}"
            )

    def _records(self, source: _Input) -> list[tuple[str, dict[str, str] | None]]:
        """(source of the row, its cells by column; None for a blank row)."""
        header = [clean(c) for c in source.rows[0]]
        records: list[tuple[str, dict[str, str] | None]] = []
        for number, row in enumerate(source.rows[1:], start=2):
            where = f"{source.shown} / ligne {number}"
            if not any(clean(c) for c in row):
                records.append((where, None))
                continue
            cells: dict[str, str] = {}
            for name, value in zip(header, row, strict=False):
                cells.setdefault(name, clean(value))
            records.append((where, cells))
        return records

    def _key_without_id(
        self, source: str, sirens: list[str], names: list[str]
    ) -> tuple[str, str] | None:
        """The collectivity a row without démarche identifier is attached to (the first
        one it names with a valid SIREN), said on the row; None when it names none."""
        for position, raw in enumerate(sirens):
            siren = siren_of(raw)[0]
            if siren:
                name = names[position] if position < len(names) else siren
                self.report.note(
                    source,
                    f"sans identifiant de démarche : rattachée au plan de sa collectivité "
                    f"{name} ({siren})",
                )
                return f"siren:{siren}", name
        return None

    def _read_entetes(self, source: _Input) -> None:
        """An entête file (V1, V2 or a V1 thematic file with its packed programme)."""
        self.has_entete = True
        self._columns(source, ENTETE_COLUMNS, ENTETE_IGNORED)
        for where, cells in self._records(source):
            self.report.read(where)
            if cells is None:
                self.report.add(where, RowStatus.IGNORED, "ligne vide")
                continue
            packed = self._packed(where, cells.get(PROGRAMME, ""))
            found: tuple[str, str] | None = (cells["Id"], "") if cells.get("Id") else None
            if found is None:
                sirens = multi(cells.get("SIREN collectivites_coporteuses", ""))
                names = multi(cells.get("Collectivités porteuses", ""))
                found = self._key_without_id(where, sirens, names)
            if found is None:
                self._refuse_without_id(where, [s for s, _ in packed])
                continue
            d = self._demarche_of(*found)
            d.entetes.append((where, cells))
            d.actions.extend(ActionRow(s, raw) for s, raw in packed)

    def _refuse_without_id(self, where: str, actions: list[str]) -> None:
        self.report.add(
            where,
            RowStatus.REFUSED,
            "sans identifiant de démarche ni collectivité porteuse reconnue : complétez "
            "l'identifiant de la démarche ou le SIREN de sa collectivité",
        )
        for action in actions:
            self.report.add(action, RowStatus.REFUSED, f"sa démarche ({where}) est refusée")

    def _packed(self, where: str, cell: str) -> list[tuple[str, dict[str, Any]]]:
        """The actions of a V1 `Programme d'actions` cell: `intitulé¤secteurs¤types de
        porteur`, actions separated by `|`, values of a part by `#`. An empty chunk (a
        trailing separator) is no action."""
        actions: list[tuple[str, dict[str, Any]]] = []
        for n, chunk in enumerate((c for c in cell.split("|") if c.strip("¤ \n")), start=1):
            source = f"{where} / action {n}"
            self.report.read(source)
            parts = chunk.split("¤")
            if len(parts) > 3:
                extra = " ¤ ".join(p.strip() for p in parts[3:] if p.strip())
                if extra:
                    self.report.note(source, f"partie(s) en trop non reprise(s) : « {extra} »")
            parts = [*parts, "", "", ""][:3]
            actions.append(
                (
                    source,
                    {
                        "titre": " ".join(parts[0].split()),
                        "secteurs": [s.strip() for s in parts[1].split("#") if s.strip()],
                        "porteurs": [p.strip() for p in parts[2].split("#") if p.strip()],
                    },
                )
            )
        return actions

    def _read_programme(self, source: _Input) -> None:
        """The V2 programme: a list of démarches with their actions."""
        if not isinstance(source.rows, list):
            raise PcaetError(f"{source.path} : attendu une liste de démarches (programme V2)")
        ids = Counter(str(e.get("id")).strip() for e in source.rows if isinstance(e, dict))
        unknown: dict[str, None] = {}
        for position, entry in enumerate(source.rows, start=1):
            if isinstance(entry, dict):
                unknown.update(dict.fromkeys(k for k in entry if k not in JSON_ELEMENT_KEYS))
                actions = entry.get("actions")
                for item in actions if isinstance(actions, list) else []:
                    if isinstance(item, dict):
                        unknown.update(dict.fromkeys(k for k in item if k not in JSON_ACTION_KEYS))
            self._read_entry(source.shown, position, entry, ids)
        if unknown:
            self.report.notes.append(
                f"{source.shown} : clés inconnues, non reprises : {', '.join(map(str, unknown))}"
            )

    def _read_entry(self, shown: str, position: int, entry: Any, ids: Counter[str]) -> None:
        element = f"{shown} / élément {position}"
        ident = entry.get("id") if isinstance(entry, dict) else None
        valid = isinstance(ident, int | str) and not isinstance(ident, bool)
        # A float id (101.0) is refused rather than read as another démarche's "101.0".
        key = str(ident).strip() if valid else ""
        where = f"{shown} / démarche {key}" if key and ids[key] == 1 else element
        if key and where == element:
            where = f"{element} (démarche {key})"
        self.report.read(where)
        actions = entry.get("actions") if isinstance(entry, dict) else None
        if not isinstance(actions, list | None):
            self.report.note(where, f"« actions » : {_kind(actions)}, attendu une liste")
        items = actions if isinstance(actions, list) else []
        rows: list[tuple[str, dict[str, Any]]] = []
        for n, item in enumerate(items, start=1):
            action = f"{where} / action {n}"
            self.report.read(action)
            rows.append((action, _from_json(item, action, self.report)))
        if not isinstance(entry, dict) or "id" not in entry:
            reason = "sans « id »"
        elif isinstance(ident, float):
            reason = f"« id » : {ident}, attendu un nombre entier"
        elif not valid:
            reason = f"« id » : {_kind(ident)}, attendu un nombre"
        elif not key:
            reason = "sans identifiant de démarche (« id » vide)"
        else:
            d = self._demarche_of(key, "")
            types = [
                _text(t.get("libcourt"), "typesDemarche.libcourt", where, self.report)
                for t in _objects(entry.get("typesDemarche"), "typesDemarche", where, self.report)
            ]
            d.elements.append((where, [t for t in types if t]))
            d.actions.extend(ActionRow(s, raw) for s, raw in rows)
            return
        self.report.add(where, RowStatus.REFUSED, reason)
        for action, _ in rows:
            self.report.add(action, RowStatus.REFUSED, f"sa démarche ({where}) est refusée")

    def _read_fiches(self, source: _Input) -> None:
        """Fiches_Action.csv: one row per action."""
        self._columns(source, FICHES_COLUMNS, {})
        for where, cells in self._records(source):
            if cells is not None and cells.get("Id_action"):
                where = f"{where} (action {cells['Id_action']})"
            self.report.read(where)
            if cells is None:
                self.report.add(where, RowStatus.IGNORED, "ligne vide")
                continue
            found = (cells["Id_demarche"], "") if cells.get("Id_demarche") else None
            if found is None:
                pairs = co_carriers(cells.get("Collectivites_coporteuses", ""))
                found = self._key_without_id(where, [s for s, _ in pairs], [n for _, n in pairs])
            if found is None:
                self._refuse_without_id(where, [])
                continue
            d = self._demarche_of(*found)
            d.actions.append(ActionRow(where, _from_fiche(cells), cells))


def _kind(value: Any) -> str:
    """What a JSON value is, in the report's words."""
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int | float):
        return "un nombre"
    if isinstance(value, str):
        return "un texte"
    if isinstance(value, list):
        return "une liste"
    return "un objet" if isinstance(value, dict) else "vide"


def _text(value: Any, name: str, source: str, report: ImportReport) -> str:
    """A text field of the V2 programme; a value of another type is reported, not taken."""
    if value is None or isinstance(value, str):
        return clean(value)
    report.note(source, f"« {name} » : {_kind(value)}, attendu un texte ; non repris")
    return ""


def _objects(value: Any, name: str, source: str, report: ImportReport) -> list[dict[str, Any]]:
    """The objects of a list field of the V2 programme; anything else is reported."""
    if value is None:
        return []
    if not isinstance(value, list):
        report.note(source, f"« {name} » : {_kind(value)}, attendu une liste ; non repris")
        return []
    objects = []
    for position, item in enumerate(value, start=1):
        if isinstance(item, dict):
            objects.append(item)
        elif item is not None:
            report.note(
                source,
                f"« {name} » n° {position} : {_kind(item)}, attendu un objet ; non repris",
            )
    return objects


def _object(value: Any, name: str, source: str, report: ImportReport) -> dict[str, Any]:
    if value is not None and not isinstance(value, dict):
        report.note(source, f"« {name} » : {_kind(value)}, attendu un objet ; non repris")
    return value if isinstance(value, dict) else {}


def _from_json(action: Any, source: str, report: ImportReport) -> dict[str, Any]:
    if not isinstance(action, dict):
        report.note(source, f"action : {_kind(action)}, attendu un objet")
        return {}
    return {
        "titre": " ".join(_text(action.get("intitule"), "intitule", source, report).split()),
        "secteurs": [
            _text(
                _object(s.get("secteur"), "secteurs.secteur", source, report).get("libelle"),
                "secteurs.secteur.libelle",
                source,
                report,
            )
            for s in _objects(action.get("secteurs"), "secteurs", source, report)
        ],
        "volets": [
            _text(v.get("libelle"), "volets.libelle", source, report)
            for v in _objects(action.get("volets"), "volets", source, report)
        ],
        "porteurs": [
            _text(p.get("libelle"), "typesPorteur.libelle", source, report)
            for p in _objects(action.get("typesPorteur"), "typesPorteur", source, report)
        ],
    }


def _from_fiche(row: dict[str, str]) -> dict[str, Any]:
    return {
        "titre": " ".join(row.get("Intitule_action", "").split()),
        "description": row.get("Description_action", ""),
        "date": row.get("Date_lancement", ""),
        "secteurs": multi(row.get("Secteur", "")),
        "porteurs": multi(row.get("Type_de_porteur", "")),
        "type_action": multi(row.get("Type_action", "")),
        "cibles": multi(row.get("Cible_action", "")),
        "contact": row.get("Contact_principal", ""),
        "email": row.get("Contact", ""),
        "commentaire_statut": row.get("Commentaire_statut", ""),
        "conclusion": row.get("Commentaire_conclusion", ""),
    }
