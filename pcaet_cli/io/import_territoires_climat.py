"""Import of ADEME's Territoires & Climat open data (reference §5.2; the columns read,
left out and why: docs/import-territoires-climat.md).

Inputs, recognised by their content: the V2 programme (`…Programme_Actions_V2.json`, a
list of démarches with their actions), the entête files (`…_entete.csv`, one row per
démarche) joined on `id` = `Id`, `Fiches_Action.csv` (one row per action, joined on
`Id_demarche`), and the V1 thematic files: entête rows whose `Programme d'actions` cell
packs every action of the démarche.

Every source row ends in one line of the report, named where a user finds it: a CSV row
by its line (« entete.csv / ligne 3 », the row number a spreadsheet shows), a JSON
element by its démarche (« programme.json / démarche 101 »), an action packed in a cell
or listed in an element under its row (« … / action 2 »).

The files are read in one order whatever the order they are given in (entête files,
then programmes, then Fiches_Action, each kind by name): the same files always make the
same register. Within a démarche, two rows are one action only when everything read
from them is identical; the same title with other content makes two actions, noted on
both rows.

Identifiers: a plan is the slug of its name, an action `d<Id>-<n>` numbered in reading
order within its démarche (`c<SIREN>-<n>` for the rows without démarche identifier,
attached to their collectivity's plan), a territory the slug of its name.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from stdnum.fr import siren as siren_number
from stdnum.fr import siret as siret_number

from pcaet_cli import collectivites
from pcaet_cli.collectivites import Collectivite
from pcaet_cli.errors import PcaetError
from pcaet_cli.io.import_common import (
    Importer,
    ImportReport,
    ImportResult,
    RowStatus,
    clean,
)
from pcaet_cli.io.sources import read_csv, read_json
from pcaet_cli.io.yamlwrite import NULL
from pcaet_cli.model.vocab import Cible, Secteur, TypeActeur, TypeAction, TypePlan, Volet
from pcaet_cli.textmatch import fold, slug

_ETATS = {
    fold("En cours d'élaboration"): "elaboration",
    fold("Dépôt pour avis"): "depot_pour_avis",
    fold("Mise en oeuvre"): "mise_en_oeuvre",
    fold("Mise en œuvre"): "mise_en_oeuvre",
    # An adopted (« définitif ») plan is being carried out.
    fold("Définitif"): "mise_en_oeuvre",
}

CIBLES_TC: dict[str, Cible] = {
    # Territoires & Climat's targets that are not labels of `Cible`, with the label they
    # mean. Written out in docs/import-territoires-climat.md (a test compares them).
    "Tout public": Cible.GRAND_PUBLIC,
    "Tous publics": Cible.GRAND_PUBLIC,
    "Habitants": Cible.GRAND_PUBLIC,
    "Particuliers": Cible.GRAND_PUBLIC,
    "Citoyens": Cible.GRAND_PUBLIC,
    "Ménages": Cible.GRAND_PUBLIC,
    "Population": Cible.GRAND_PUBLIC,
    "Propriétaires": Cible.GRAND_PUBLIC,
    "Locataires": Cible.GRAND_PUBLIC,
    "Copropriétés": Cible.GRAND_PUBLIC,
    "Usagers": Cible.GRAND_PUBLIC,
    "Touristes": Cible.GRAND_PUBLIC,
    "Jeunes": Cible.GRAND_PUBLIC,
    "Tissu associatif": Cible.ASSOCIATIONS,
    "Scolaires": Cible.SCOLAIRE,
    "Public scolaire": Cible.SCOLAIRE,
    "Etablissements scolaires": Cible.SCOLAIRE,
    "Enfants": Cible.SCOLAIRE,
    "Elèves": Cible.SCOLAIRE,
    "Etudiants": Cible.SCOLAIRE,
    "Collectivités": Cible.AUTRES_COLLECTIVITES,
    "Communes": Cible.AUTRES_COLLECTIVITES,
    "Communes membres": Cible.AUTRES_COLLECTIVITES,
    "Autres collectivités": Cible.AUTRES_COLLECTIVITES,
    "Collectivités locales": Cible.AUTRES_COLLECTIVITES,
    "Entreprises": Cible.ACTEURS_ECONOMIQUES,
    "Professionnels": Cible.ACTEURS_ECONOMIQUES,
    "Acteurs socio-économiques": Cible.ACTEURS_ECONOMIQUES,
    "Artisans": Cible.ACTEURS_ECONOMIQUES,
    "Agriculteurs": Cible.PRIMAIRE,
    "Exploitants agricoles": Cible.PRIMAIRE,
    "Monde agricole": Cible.PRIMAIRE,
    "Forestiers": Cible.PRIMAIRE,
    "Industriels": Cible.SECONDAIRE,
    "Industries": Cible.SECONDAIRE,
    "Professionnels du bâtiment": Cible.SECONDAIRE,
    "Commerçants": Cible.TERTIAIRE,
    "Commerces": Cible.TERTIAIRE,
    "Professionnels du tourisme": Cible.TERTIAIRE,
    "Bailleurs sociaux": Cible.PARTENAIRES,
    "Acteurs du territoire": Cible.PARTENAIRES,
    "Collectivité": Cible.COLLECTIVITE,
    "Collectivité porteuse": Cible.COLLECTIVITE,
    "Patrimoine de la collectivité": Cible.COLLECTIVITE,
    "Services de la collectivité": Cible.COLLECTIVITE,
    "Elus": Cible.ELUS,
    "Élus": Cible.ELUS,
    "Agents de la collectivité": Cible.AGENTS,
    "Personnel de la collectivité": Cible.AGENTS,
}
_CIBLES_FOLDED = {fold(name): label for name, label in CIBLES_TC.items()}

_PROGRAMME = "Programme d'actions"
_COLLECTIVITE = "Collectivité porteuse"
_LIST_VOCABULARIES: tuple[tuple[str, type[StrEnum]], ...] = (
    ("secteurs", Secteur),
    ("volets", Volet),
    ("type_action", TypeAction),
)

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
    _PROGRAMME: "actions (fichiers thématiques V1)",
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
_JSON_ELEMENT_KEYS = {"id", "typesDemarche", "actions"}
_JSON_ACTION_KEYS = {"intitule", "secteurs", "volets", "typesPorteur"}
_CO_CARRIER = re.compile(r"^\s*([\d ]{9,17}?)\s*-\s*(.+?)\s*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029\ufeff]")


def _multi(text: str) -> list[str]:
    return [p.strip() for p in text.split("|") if p.strip()]


def import_territoires_climat(paths: list[Path], avec_contacts: bool = False) -> ImportResult:
    return TerritoiresClimatImporter(paths, avec_contacts).run()


# --------------------------------------------------------------------------- rows read


@dataclass(slots=True)
class _ActionRow:
    source: str
    raw: dict[str, Any]
    """What the row says of the action, in the importer's words (titre, secteurs…)."""
    cells: dict[str, str] = field(default_factory=dict)
    """The cells of a Fiches_Action row: the démarche it names, its collectivities."""


@dataclass(slots=True)
class _Demarche:
    key: str
    """The démarche's Id, or `siren:<SIREN>` for rows without one."""
    collectivity: str
    """The name of the collectivity rows without démarche identifier named."""
    entetes: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    elements: list[tuple[str, list[str]]] = field(default_factory=list)
    """(source, plan types) of its JSON elements."""
    actions: list[_ActionRow] = field(default_factory=list)
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


@dataclass(slots=True)
class _Territory:
    ident: str
    data: dict[str, Any]


class TerritoiresClimatImporter(Importer):
    """ADEME's files joined by démarche: one plan per démarche, its carrying
    collectivities as territories (each created once across all plans), its actions; the
    contacts only when asked for."""

    def __init__(self, paths: list[Path], avec_contacts: bool) -> None:
        super().__init__("territoires-climat", paths, "Démarches Territoires & Climat")
        self.paths = paths
        self.avec_contacts = avec_contacts
        self.demarches: dict[str, _Demarche] = {}
        self.territories: dict[str, _Territory] = {}  # SIREN or folded name → territory
        self.by_ident: dict[str, _Territory] = {}
        self.contacts_left = 0
        self.has_entete = False

    def run(self) -> ImportResult:
        for source in self._inputs():
            if source.kind == "programme":
                self._read_programme(source)
            elif source.kind == "fiches":
                self._read_fiches(source)
            else:
                self._read_entetes(source)
        for demarche in self.demarches.values():
            self._demarche(demarche)
        if self.contacts_left:
            self.report.notes.append(
                f"{self.contacts_left} contact(s) (chefs de projet, élus, e-mails) non repris : "
                "données personnelles ; ajoutez --avec-contacts pour les reprendre"
            )
        for territory in self.territories.values():
            self.result.add_entity("territoires", territory.ident, territory.data)
        self.actors.write(self.result)
        return self.result

    # ------------------------------------------------------------------------ reading

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

    def _demarche_of(self, key: str, collectivity: str) -> _Demarche:
        found = self.demarches.get(key)
        if found is None:
            found = self.demarches[key] = _Demarche(key, collectivity)
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
            siren = self._siren(source, raw, quiet=True)
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
            packed = self._packed(where, cells.get(_PROGRAMME, ""))
            found: tuple[str, str] | None = (cells["Id"], "") if cells.get("Id") else None
            if found is None:
                sirens = _multi(cells.get("SIREN collectivites_coporteuses", ""))
                names = _multi(cells.get("Collectivités porteuses", ""))
                found = self._key_without_id(where, sirens, names)
            if found is None:
                self._refuse_without_id(where, [s for s, _ in packed])
                continue
            d = self._demarche_of(*found)
            d.entetes.append((where, cells))
            d.actions.extend(_ActionRow(s, raw) for s, raw in packed)

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
                unknown.update(dict.fromkeys(k for k in entry if k not in _JSON_ELEMENT_KEYS))
                actions = entry.get("actions")
                for item in actions if isinstance(actions, list) else []:
                    if isinstance(item, dict):
                        unknown.update(dict.fromkeys(k for k in item if k not in _JSON_ACTION_KEYS))
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
            d.actions.extend(_ActionRow(s, raw) for s, raw in rows)
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
                pairs = _co_carriers(cells.get("Collectivites_coporteuses", ""))
                found = self._key_without_id(where, [s for s, _ in pairs], [n for _, n in pairs])
            if found is None:
                self._refuse_without_id(where, [])
                continue
            d = self._demarche_of(*found)
            d.actions.append(_ActionRow(where, _from_fiche(cells), cells))

    # -------------------------------------------------------------------------- plans

    def _demarche(self, d: _Demarche) -> None:
        """A démarche's plan, with its territories and contacts, then its actions. The
        plan is made by its first entête row, else its first programme element, else
        its first action taken; the other rows that speak of the démarche are merged
        into it."""
        creator = d.entetes[0][0] if d.entetes else d.elements[0][0] if d.elements else None
        entete = d.entetes[0][1] if d.entetes else {}
        nom = entete.get("Nom") or next(
            (a.cells["Nom_demarche"] for a in d.actions if a.cells.get("Nom_demarche")), ""
        )
        invented = not nom
        if invented and d.key.startswith("siren:"):
            nom = f"Actions sans démarche de {d.collectivity}"
        elif invented:
            nom = f"Démarche {d.key}"
        plan_id = self.slugger.take(nom if not invented else f"demarche-{d.key}")
        plan_rel = f"plans/{plan_id}.yaml"
        taken = [a for a in d.actions if a.raw.get("titre")]
        if creator is None and not taken:
            for row in d.actions:
                self._refused_action(row)
            return
        if creator is None:
            creator = taken[0].source
        self.report.add(creator, RowStatus.CREATED, f"plan « {nom} »", plan_rel)
        if invented:
            missing = (
                "sans nom"
                if d.entetes
                else "absente des fichiers d'entête"
                if self.has_entete
                else "sans fichier d'entête"
            )
            self.report.note(creator, f"démarche {missing} : nom « {nom} » inventé")
        for where, cells in d.entetes[1:]:
            self._merge_entete(d, where, cells, plan_rel)
        for where, _ in d.elements:
            if where != creator:
                self.report.add(
                    where,
                    RowStatus.MERGED,
                    f"même démarche que {creator} : type et actions rattachés à son plan",
                    plan_rel,
                )
        members = self._members(d, creator, entete, taken)
        plan: dict[str, Any] = {"nom": nom, "type": self._plan_type(d, creator, entete)}
        if members:
            plan["porteur"] = members[0]
            if len(members) > 1:
                plan["perimetre"] = members
        self._plan_state(creator, entete, plan)
        self._population(d, creator, entete, members)
        self._contacts(creator, entete, members)
        self.result.add_entity("plans", plan_id, plan, comment=_plan_comment(d, entete))
        self._actions(d, plan_id, members)

    def _merge_entete(self, d: _Demarche, where: str, cells: dict[str, str], rel: str) -> None:
        """Another entête row of the same démarche (V1 thematic files repeat it)."""
        first_where, first = d.entetes[0]
        columns = (set(first) | set(cells)) - {_PROGRAMME}
        differ = sorted(c for c in columns if first.get(c, "") != cells.get(c, ""))
        if differ:
            detail = f"même démarche que {first_where}, dont les valeurs sont retenues"
            self.report.note(where, f"valeurs différentes non reprises : {', '.join(differ)}")
        else:
            detail = f"même démarche que {first_where}, identique"
        self.report.add(where, RowStatus.MERGED, detail, rel)

    def _plan_type(self, d: _Demarche, source: str, entete: dict[str, str]) -> str:
        """The plan type: the programme's, else the entête's; of a compound type
        (« PCAET | Cit'ergie »), PCAET when it is one of them, else the first known."""
        types = next((t for _, t in d.elements if t), [])
        if not types:
            types = _multi(entete.get("Type_demarche", ""))
        if not types:
            self.report.note(source, "type de démarche absent : PCAET supposé")
            return str(TypePlan.PCAET)
        if len(types) == 1:
            label = self.vocab_label(source, "type", types[0], TypePlan, TypePlan.AUTRE)
            return label or str(TypePlan.AUTRE)
        labels = [self.vocab_label(source, "type", t, TypePlan) for t in types]
        known = [label for label in labels if label]
        kept = str(TypePlan.PCAET) if str(TypePlan.PCAET) in known else known[0] if known else ""
        compound = " | ".join(types)
        if not kept:
            self.report.note(source, f"type « {compound} » non reconnu, « autre » retenu")
            return str(TypePlan.AUTRE)
        self.report.note(source, f"type composé « {compound} » : {kept} retenu")
        return kept

    def _plan_state(self, source: str, entete: dict[str, str], plan: dict[str, Any]) -> None:
        """Obligation, launch date and state of the démarche."""
        oblige = entete.get("Oblige", "").upper()
        if oblige in {"O", "V"}:
            plan["obligation"] = "obligatoire" if oblige == "O" else "volontaire"
        elif oblige:
            self.report.note(source, f"Oblige « {entete['Oblige']} » : attendu O ou V")
        plan["date_debut"] = self.read_date(source, "Date_lancement", entete.get("Date_lancement"))
        etat = entete.get("Demarche_etat", "")
        if etat:
            if fold(etat) in _ETATS:
                plan["statut"] = _ETATS[fold(etat)]
            else:
                self.report.note(source, f"état « {etat} » non reconnu")

    # -------------------------------------------------------------------- territories

    def _members(
        self, d: _Demarche, creator: str, entete: dict[str, str], taken: list[_ActionRow]
    ) -> list[str]:
        """The carrying collectivities of a démarche: the entête's (SIREN and name side
        by side), then those the Fiches_Action rows name (« SIREN-Nom »)."""
        sirens = _multi(entete.get("SIREN collectivites_coporteuses", ""))
        names = _multi(entete.get("Collectivités porteuses", ""))
        members: list[str] = []
        for position in range(max(len(sirens), len(names))):
            raw = sirens[position] if position < len(sirens) else ""
            siren = self._siren(creator, raw)
            name = names[position] if position < len(names) else f"Collectivité {raw}"
            ident = self._territory(creator, name, siren)
            if ident not in members:
                members.append(ident)
        for row in taken:
            for raw, name in _co_carriers(row.cells.get("Collectivites_coporteuses", "")):
                siren = self._siren(row.source, raw)
                ident = self._territory(row.source, name, siren)
                if ident not in members:
                    members.append(ident)
        if d.key.startswith("siren:") and not members:
            siren = d.key.removeprefix("siren:")
            members.append(self._territory(creator, f"Collectivité {siren}", siren))
        return members

    def _siren(self, source: str, raw: str, quiet: bool = False) -> str:
        """The SIREN a cell holds: nine digits with their check digit, or the first nine
        of a SIRET (noted); "" for anything else (noted)."""
        digits = raw.replace(" ", "").replace("\u00a0", "")
        if not digits:
            return ""
        if siren_number.is_valid(digits):
            return digits
        if len(digits) == 14 and digits.isdigit() and siren_number.is_valid(digits[:9]):
            if not quiet:
                kind = "SIRET" if siret_number.is_valid(digits) else "numéro à 14 chiffres"
                self.report.note(
                    source, f"{kind} « {raw} » : SIREN {digits[:9]} retenu (9 premiers chiffres)"
                )
            return digits[:9]
        if not quiet:
            self.report.note(source, f"SIREN « {raw} » invalide, non repris")
        return ""

    def _nature(self, name: str, siren: str | None) -> tuple[str, str | None, Collectivite | None]:
        """The nature of a collectivity, the note saying how it was found, and its entry
        in the reference table when it has one: by SIREN, else by name (one match
        only), else from the legal words of its name (collectivites.nature_from_words,
        documented precedence), else a CC assumed. Every guess is a note."""
        known = collectivites.by_siren(siren) if siren else None
        if known is not None:
            said = "" if fold(known.nom) == fold(name) else f" « {known.nom} »,"
            return (
                known.nature,
                (
                    f"« {name} » : SIREN {siren} connu de la table des collectivités :{said} "
                    f"nature {known.nature}"
                ),
                known,
            )
        matches = [c for c in collectivites.by_name(name) if c.nature != "COM"]
        if not siren and len(matches) == 1:
            found = matches[0]
            return (
                found.nature,
                (
                    f"« {name} » : reconnue par son nom dans la table des collectivités "
                    f"(« {found.nom} », SIREN {found.siren}, {found.nature}) ; vérifiez-le"
                ),
                found,
            )
        words = collectivites.nature_from_words(name)
        if words is not None:
            nature, decided = words
            return (
                nature,
                f"« {name} » : nature {nature} déduite de « {decided} » ; vérifiez-la",
                None,
            )
        return "CC", f"« {name} » : nature inconnue, CC supposée ; vérifiez-la", None

    def _territory(self, source: str, name: str, siren: str) -> str:
        """A collectivity's territory, created on first sight: known by its SIREN, or by
        its name without one."""
        key = siren or fold(name)
        known = self.territories.get(key)
        if known is not None:
            return known.ident
        ident = self.slugger.take(name, "territoire")
        nature, note, official = self._nature(name, siren or None)
        if note:
            self.report.note(source, note)
        data: dict[str, Any] = {"nom": name, "nature": nature}
        # The population stays the source's (the one the plan was made for), the table's
        # being of another year.
        if official is not None:
            siren = siren or official.siren or ""
        if siren:
            data["siren"] = siren
        self.territories[key] = self.by_ident[ident] = _Territory(ident, data)
        self.report.add(source, RowStatus.CREATED, "", f"territoires/{ident}.yaml")
        return ident

    def _population(
        self, d: _Demarche, source: str, entete: dict[str, str], members: list[str]
    ) -> None:
        """The population covered, given to the territory when the démarche has one."""
        raw, where = entete.get("Population_couverte", ""), source
        if not raw:
            row = next((a for a in d.actions if a.cells.get("Population_couverte")), None)
            if row is None:
                return
            raw, where = row.cells["Population_couverte"], row.source
        digits = re.sub(r"[\s\u00a0\u202f]", "", raw).removesuffix(".0")
        if not digits.isdigit():
            self.report.note(where, f"Population_couverte « {raw} » n'est pas un nombre")
            return
        if len(members) != 1:
            self.report.note(
                where,
                f"Population_couverte {raw} non reprise : la démarche a {len(members)} "
                "collectivités, le registre tient la population de chacune",
            )
            return
        territory = self.by_ident[members[0]]
        known = territory.data.get("population")
        if known is None:
            territory.data["population"] = int(digits)
        elif known != int(digits):
            self.report.note(
                where,
                f"Population_couverte {raw} non reprise : {known} déjà lue pour ce territoire",
            )

    def _contacts(self, source: str, entete: dict[str, str], members: list[str]) -> None:
        """The project lead (the porteur's chargé de mission, with an e-mail address) and
        the élu référent as actors, with --avec-contacts; otherwise only counted, for the
        report to say what was left."""
        if not any(entete.get(c) for c in ("Chef_de_projet", "Contact", "Elu_referent")):
            return
        if not self.avec_contacts:
            self.contacts_left += 1
            return
        territoire = {"territoire": members[0]} if members else {}
        chef = entete.get("Chef_de_projet", "")
        contact = entete.get("Contact", "")
        if chef:
            extra = dict(territoire)
            if "@" in contact:
                extra["email"] = contact
            poste = "Chef de projet PCAET"
            ident = self.actors.get(chef, TypeActeur.PERSONNE, source, poste=poste, **extra)
            if members:
                porteur = self.by_ident[members[0]]
                current = porteur.data.setdefault("charge_de_mission", ident)
                if current != ident:
                    self.report.note(
                        source,
                        f"chef de projet « {chef} » : {porteur.ident} a déjà pour chargé de "
                        f"mission {current}, gardé",
                    )
        elu = entete.get("Elu_referent", "")
        if elu:
            self.actors.get(elu, TypeActeur.ELU, source, **territoire)

    # ------------------------------------------------------------------------ actions

    def _refused_action(self, row: _ActionRow) -> None:
        raw = row.raw
        if any(v for k, v in raw.items() if k != "titre"):
            detail = "action sans intitulé (ses autres champs ne sont pas repris) : complétez-le"
        else:
            detail = "action sans intitulé"
        self.report.add(row.source, RowStatus.REFUSED, detail)

    def _actions(self, d: _Demarche, plan_id: str, members: list[str]) -> None:
        """The démarche's actions, `<prefix>-<n>` by position: an action identical to
        one taken before is merged into it, one with the same title and other content
        kept apart, both rows noted."""
        prefix = d.prefix
        seen: dict[str, tuple[str, str]] = {}  # content → (source, file)
        titles: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        for n, row in enumerate(d.actions, start=1):
            titre = row.raw.get("titre", "")
            if not titre:
                self._refused_action(row)
                continue
            action = self._action(row, plan_id, members)
            content = json.dumps(action, sort_keys=True, ensure_ascii=False, default=str)
            if content in seen:
                first, rel = seen[content]
                self.report.add(row.source, RowStatus.MERGED, f"identique à {first}", rel)
                continue
            ident = self.slugger.take(f"{prefix}-{n:03d}")
            rel = self.result.add_entity("actions", ident, action)
            seen[content] = (row.source, rel)
            self.report.add(row.source, RowStatus.CREATED, f"« {titre} »", rel)
            same = titles.setdefault(" ".join(fold(titre).split()), [])
            for other, other_rel, other_action in same:
                differ = ", ".join(
                    sorted(
                        k
                        for k in set(action) | set(other_action)
                        if action.get(k) != other_action.get(k)
                    )
                )
                self.report.note(
                    row.source,
                    f"même intitulé que {other} ({other_rel}), contenu différent ({differ}) : "
                    "deux actions distinctes ; vérifiez",
                )
                self.report.note(
                    other,
                    f"même intitulé que {row.source} ({rel}), contenu différent ({differ}) : "
                    "deux actions distinctes ; vérifiez",
                )
            same.append((row.source, rel, action))

    def _action(self, row: _ActionRow, plan_id: str, members: list[str]) -> dict[str, Any]:
        source, raw = row.source, row.raw
        action: dict[str, Any] = {"titre": raw["titre"]}
        description = _description(raw)
        if description:
            action["description"] = description
        action["plans"] = {plan_id: NULL}
        if members and _COLLECTIVITE in raw.get("porteurs", []):
            action["echelon"] = members[0]
        if raw.get("date") and (day := self.read_date(source, "date", raw["date"])):
            action["date_debut"] = day
        for key, vocab in _LIST_VOCABULARIES:
            action[key] = self.vocab_labels(source, key, raw.get(key, []), vocab)
        action["cibles"] = self._cibles(source, raw.get("cibles", []))
        self._action_contact(source, raw, action)
        return action

    def _cibles(self, source: str, raws: list[str]) -> list[str]:
        """Territoires & Climat's targets through CIBLES_TC, then as any vocabulary."""
        labels: list[str] = []
        rest: list[str] = []
        for raw in raws:
            mapped = _CIBLES_FOLDED.get(fold(raw))
            if mapped is None:
                rest.append(raw)
            elif str(mapped) not in labels:
                labels.append(str(mapped))
        for label in self.vocab_labels(source, "cibles", rest, Cible):
            if label not in labels:
                labels.append(label)
        return labels

    def _action_contact(self, source: str, raw: dict[str, Any], action: dict[str, Any]) -> None:
        contact = raw.get("contact", "")
        if contact and self.avec_contacts:
            email = raw.get("email", "")
            extra = {"email": email} if "@" in email else {}
            action["personnes"] = [self.actors.get(contact, TypeActeur.PERSONNE, source, **extra)]
        elif contact:
            self.contacts_left += 1


def _co_carriers(cell: str) -> list[tuple[str, str]]:
    """(SIREN as written, name) of a `Collectivites_coporteuses` cell: « 243500139-Rennes
    Métropole | … »; a part without its number is (``, name)."""
    pairs: list[tuple[str, str]] = []
    for part in _multi(cell):
        match = _CO_CARRIER.match(part)
        pairs.append((match.group(1), match.group(2)) if match else ("", part))
    return pairs


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def _plan_comment(d: _Demarche, entete: dict[str, str]) -> str:
    """Where the plan comes from, and the entête's texts the plan model has no field for
    (its quick description, the comment on its state, the other démarches it names)."""
    if d.key.startswith("siren:"):
        siren = d.key.removeprefix("siren:")
        lines = [
            "Actions de Territoires & Climat (ADEME) sans identifiant de démarche, "
            f"de {d.collectivity} (SIREN {siren})."
        ]
    else:
        lines = [f"Démarche {d.key} de Territoires & Climat (ADEME)."]
    for column, title in (
        ("Description_rapide", "Description"),
        ("Commentaire_statut", "Commentaire sur l'état"),
        ("Autres_démarches_hors_EC", "Autres démarches (hors EC)"),
        ("Autres_demarches", "Autres démarches"),
    ):
        if entete.get(column):
            lines.append(f"{title} : {_one_line(entete[column])}")
    return "\n".join(lines)


def _description(raw: dict[str, Any]) -> str:
    # The register has no « type de porteur » field: the carriers other than the
    # collectivity are kept readable in the text, as are the platform's comments.
    others = [p for p in raw.get("porteurs", []) if p != _COLLECTIVITE]
    parts = [raw.get("description", "")]
    if others:
        parts.append("Type de porteur : " + ", ".join(others))
    if raw.get("commentaire_statut"):
        parts.append("Commentaire de statut : " + raw["commentaire_statut"])
    if raw.get("conclusion"):
        parts.append("Conclusion : " + raw["conclusion"])
    return "\n\n".join(p for p in parts if p).strip()


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
        "secteurs": _multi(row.get("Secteur", "")),
        "porteurs": _multi(row.get("Type_de_porteur", "")),
        "type_action": _multi(row.get("Type_action", "")),
        "cibles": _multi(row.get("Cible_action", "")),
        "contact": row.get("Contact_principal", ""),
        "email": row.get("Contact", ""),
        "commentaire_statut": row.get("Commentaire_statut", ""),
        "conclusion": row.get("Commentaire_conclusion", ""),
    }
