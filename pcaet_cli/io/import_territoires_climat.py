"""Import of ADEME's Territoires & Climat open data (reference §5.2).

Inputs, recognised by their content: the V2 programme (`…Programme_Actions_V2.json`, a
list of démarches with their actions), the entête file (`…_entete.csv`, one row per
démarche: name, state, SIREN of the carrying collectivities) joined on `id` = `Id`, and
`Fiches_Action.csv` (one row per action, joined on `Id_demarche`), and the V1 thematic
files, whose `Programme d'actions` column packs every action of a démarche into one cell.

Identifiers: a plan is the slug of its name (`demarche-<Id>` without one), an action is
`d<Id>-<n>` numbered in file order within its démarche, a territory is the slug of its
name: stable from one import of the same files to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from stdnum.fr import siren as siren_number

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
# Words of a collectivity's name → its BANATIC nature; checked in this order.
_NATURES = (
    ("communaute de communes", "CC"),
    ("communaute d agglomeration", "CA"),
    ("communaute urbaine", "CU"),
    ("metropole", "METRO"),
    ("etablissement public territorial", "EPT"),
    ("pole d equilibre", "PETR"),
    ("petr", "PETR"),
    ("pays ", "PETR"),
    ("pole metropolitain", "POLEM"),
    ("parc naturel", "PNR"),
    ("syndicat", "SMF"),
    ("departement", "DEP"),
    ("conseil departemental", "DEP"),
    ("region", "REG"),
    ("commune", "COM"),
    ("ville", "COM"),
    ("mairie", "COM"),
    ("cc ", "CC"),
    ("ca ", "CA"),
)
_PROGRAMME = "Programme d'actions"
_COLLECTIVITE = "Collectivité porteuse"
_LIST_VOCABULARIES: tuple[tuple[str, type[StrEnum]], ...] = (
    ("secteurs", Secteur),
    ("volets", Volet),
    ("type_action", TypeAction),
    ("cibles", Cible),
)


@dataclass(slots=True)
class _Demarche:
    id: str
    entete: dict[str, str] | None = None
    types: list[str] = field(default_factory=list)
    actions: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """(source, raw action) in file order."""


def guess_nature(name: str) -> str | None:
    folded = fold(name).replace("'", " ") + " "
    for words, nature in _NATURES:
        if folded.startswith(words) or f" {words}" in f" {folded}":
            return nature
    return None


def _read_csv(path: Path) -> list[dict[str, str]]:
    """The rows under the header, by column name; blank lines are skipped."""
    rows = read_csv(path, ";")
    header = [clean(k) for k in rows[0]] if rows else []
    return [
        {name: clean(row[i]) if i < len(row) else "" for i, name in enumerate(header)}
        for row in rows[1:]
        if row
    ]


def _multi(text: str) -> list[str]:
    return [p.strip() for p in text.split("|") if p.strip()]


def import_territoires_climat(paths: list[Path], avec_contacts: bool = False) -> ImportResult:
    return TerritoiresClimatImporter(paths, avec_contacts).run()


class TerritoiresClimatImporter(Importer):
    """ADEME's files joined by démarche: one plan per démarche, its carrying
    collectivities as territories (each created once across all plans), its actions; the
    contacts only when asked for."""

    def __init__(self, paths: list[Path], avec_contacts: bool) -> None:
        super().__init__("territoires-climat", paths, "Démarches Territoires & Climat")
        self.paths = paths
        self.avec_contacts = avec_contacts
        self.demarches: dict[str, _Demarche] = {}
        self.territories: dict[str, str] = {}  # SIREN or folded name → identifier
        self.contacts_left = 0

    def run(self) -> ImportResult:
        for path in self.paths:
            if path.suffix.lower() == ".json":
                self._read_programme(path)
            else:
                self._read_table(path)
        for demarche in self.demarches.values():
            self._demarche(demarche)
        if self.contacts_left:
            self.report.notes.append(
                f"{self.contacts_left} contact(s) (chefs de projet, élus, e-mails) non repris : "
                "données personnelles ; ajoutez --avec-contacts pour les reprendre"
            )
        self.actors.write(self.result)
        return self.result

    # ------------------------------------------------------------------------ reading

    def _demarche_of(self, ident: str) -> _Demarche:
        self.report.read(f"démarche {ident}")
        return self.demarches.setdefault(ident, _Demarche(ident))

    def _read_programme(self, path: Path) -> None:
        """The V2 programme: a list of démarches with their actions."""
        data = read_json(path)
        if not isinstance(data, list):
            raise PcaetError(f"{path} : attendu une liste de démarches (programme V2)")
        for position, entry in enumerate(data, start=1):
            self._read_entry(f"{path.name} / élément {position}", entry)

    def _read_entry(self, source: str, entry: Any) -> None:
        if not isinstance(entry, dict) or "id" not in entry:
            self.report.add(source, RowStatus.REFUSED, "sans « id »")
            return
        ident = entry["id"]
        if isinstance(ident, bool) or not isinstance(ident, int | str):
            detail = f"« id » : {_kind(ident)}, attendu un nombre"
            self.report.add(source, RowStatus.REFUSED, detail)
            return
        d = self._demarche_of(str(ident))
        source = f"démarche {d.id}"
        d.types = [
            _text(t.get("libcourt"), "typesDemarche.libcourt", source, self.report)
            for t in _objects(entry.get("typesDemarche"), "typesDemarche", source, self.report)
        ]
        actions = entry.get("actions")
        if not isinstance(actions, list | None):
            detail = f"« actions » : {_kind(actions)}, attendu une liste"
            self.report.note(source, detail)
        for n, item in enumerate(actions if isinstance(actions, list) else [], start=1):
            where = f"démarche {d.id} / action {n}"
            self.report.read(where)
            d.actions.append((where, _from_json(item, where, self.report)))

    def _read_table(self, path: Path) -> None:
        """A CSV file: Fiches_Action (one row per action) or an entête file (one row per
        démarche)."""
        rows = _read_csv(path)
        header = list(rows[0]) if rows else []
        if "Id_action" in header:
            for row in rows:
                d = self._demarche_of(row.get("Id_demarche", ""))
                source = f"{path.name} / action {row['Id_action']}"
                self.report.read(source)
                d.actions.append((source, _from_fiche(row)))
        elif "Id" in header:
            for row in rows:
                self._read_entete(path, row)
        else:
            raise PcaetError(
                f"{path} : ni fichier d'entête (colonne Id) ni Fiches_Action (Id_action)"
            )

    def _read_entete(self, path: Path, row: dict[str, str]) -> None:
        d = self._demarche_of(row["Id"])
        d.entete = row
        # V1 thematic files pack the whole programme into one cell; the same démarche
        # appears in several of them, so an action is kept once and its repeats merged.
        first: dict[str, str] = {}  # title → source of the action kept
        for source, action in d.actions:
            if action.get("titre"):  # a non-object JSON action has none
                first.setdefault(action["titre"], source)
        for n, chunk in enumerate(row.get(_PROGRAMME, "").split("|"), start=1):
            packed = _from_programme(chunk)
            titre = packed["titre"]
            if not titre:
                continue
            source = f"{path.name} / démarche {d.id} / action {n}"
            self.report.read(source)
            if titre in first:
                self.report.add(source, RowStatus.MERGED, f"même action que {first[titre]}")
            else:
                first[titre] = source
                d.actions.append((source, packed))

    # -------------------------------------------------------------------------- plans

    def _demarche(self, d: _Demarche) -> None:
        """A démarche's plan, with its territories and contacts, then its actions."""
        entete = d.entete or {}
        if d.entete is None:
            self.report.notes.append(f"démarche {d.id} : absente du fichier d'entête, nom inventé")
        nom = entete.get("Nom") or f"Démarche {d.id}"
        plan_id = self.slugger.take(nom if entete.get("Nom") else f"demarche-{d.id}")
        kind = (d.types or [entete.get("Type_demarche", "")])[0] or "PCAET"
        plan_type = self.vocab_label(f"démarche {d.id}", "type", kind, TypePlan, TypePlan.AUTRE)
        plan: dict[str, Any] = {"nom": nom, "type": plan_type}
        members = self._territories(d.id, entete)
        if members:
            plan["porteur"] = members[0]
            if len(members) > 1:
                plan["perimetre"] = members
        self._plan_state(d.id, entete, plan)
        self._contacts(d.id, entete, members)
        comment = f"Démarche {d.id} de Territoires & Climat (ADEME)."
        rel = self.result.add_entity("plans", plan_id, plan, comment=comment)
        detail = f"« {nom} », {len(d.actions)} action(s)"
        self.report.add(f"démarche {d.id}", RowStatus.CREATED, detail, rel)
        for n, (source, raw) in enumerate(d.actions, start=1):
            self._action(d.id, n, source, raw, plan_id, members)

    def _plan_state(self, demarche_id: str, entete: dict[str, str], plan: dict[str, Any]) -> None:
        """Obligation, launch date and state of the démarche."""
        source = f"démarche {demarche_id}"
        oblige = entete.get("Oblige", "").upper()
        if oblige in {"O", "V"}:
            plan["obligation"] = "obligatoire" if oblige == "O" else "volontaire"
        plan["date_debut"] = self.read_date(source, "Date_lancement", entete.get("Date_lancement"))
        etat = entete.get("Demarche_etat", "")
        if etat:
            if fold(etat) in _ETATS:
                plan["statut"] = _ETATS[fold(etat)]
            else:
                self.report.note(source, f"état « {etat} » non reconnu")

    def _territories(self, demarche_id: str, entete: dict[str, str]) -> list[str]:
        """The carrying collectivities of a démarche, SIREN and name side by side."""
        sirens = _multi(entete.get("SIREN collectivites_coporteuses", ""))
        names = _multi(entete.get("Collectivités porteuses", ""))
        members: list[str] = []
        for position in range(max(len(sirens), len(names))):
            siren = sirens[position].replace(" ", "") if position < len(sirens) else ""
            name = names[position] if position < len(names) else f"Collectivité {siren}"
            ident = self._territory(demarche_id, name, siren)
            if ident not in members:
                members.append(ident)
        return members

    def _territory(self, demarche_id: str, name: str, siren: str) -> str:
        """A collectivity's territory, created on first sight: known by its SIREN, or by
        its name without one."""
        key = siren or fold(name)
        known = self.territories.get(key)
        if known is not None:
            return known
        source = f"démarche {demarche_id}"
        ident = self.territories[key] = self.slugger.take(name, "territoire")
        nature = guess_nature(name)
        if nature is None:
            nature = "CC"
            self.report.note(source, f"« {name} » : nature supposée CC")
        data: dict[str, Any] = {"nom": name, "nature": nature}
        if siren_number.is_valid(siren):
            data["siren"] = siren
        elif siren:
            self.report.note(source, f"SIREN « {siren} » invalide, non repris")
        rel = self.result.add_entity("territoires", ident, data)
        self.report.add(source, RowStatus.CREATED, "", rel)
        return ident

    def _contacts(self, demarche_id: str, entete: dict[str, str], members: list[str]) -> None:
        """The project lead (with an e-mail address) and the élu référent as actors, with
        --avec-contacts; otherwise only counted, for the report to say what was left."""
        if not any(entete.get(c) for c in ("Chef_de_projet", "Contact", "Elu_referent")):
            return
        if not self.avec_contacts:
            self.contacts_left += 1
            return
        source = f"démarche {demarche_id}"
        territoire = {"territoire": members[0]} if members else {}
        chef = entete.get("Chef_de_projet", "")
        contact = entete.get("Contact", "")
        if chef:
            extra = dict(territoire)
            if "@" in contact:
                extra["email"] = contact
            poste = "Chef de projet PCAET"
            self.actors.get(chef, TypeActeur.PERSONNE, source, poste=poste, **extra)
        elu = entete.get("Elu_referent", "")
        if elu:
            self.actors.get(elu, TypeActeur.ELU, source, **territoire)

    # ------------------------------------------------------------------------ actions

    def _action(
        self,
        demarche_id: str,
        n: int,
        source: str,
        raw: dict[str, Any],
        plan_id: str,
        members: list[str],
    ) -> None:
        """The n-th action of a démarche, `d<Id>-<n>`."""
        titre = raw.get("titre", "")
        if not titre:
            self.report.add(source, RowStatus.REFUSED, "action sans intitulé")
            return
        action: dict[str, Any] = {"titre": titre}
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
        self._action_contact(source, raw, action)
        ident = self.slugger.take(f"d{slug(demarche_id, 20) or 'x'}-{n:03d}")
        rel = self.result.add_entity("actions", ident, action)
        self.report.add(source, RowStatus.CREATED, f"« {titre} »", rel)

    def _action_contact(self, source: str, raw: dict[str, Any], action: dict[str, Any]) -> None:
        contact = raw.get("contact", "")
        if contact and self.avec_contacts:
            action["personnes"] = [self.actors.get(contact, TypeActeur.PERSONNE, source)]
        elif contact:
            self.contacts_left += 1


def _description(raw: dict[str, Any]) -> str:
    # The register has no « type de porteur » field: the carriers other than the
    # collectivity are kept readable in the text.
    others = [p for p in raw.get("porteurs", []) if p != _COLLECTIVITE]
    carriers = ["Type de porteur : " + ", ".join(others)] if others else []
    return "\n\n".join([raw.get("description", ""), *carriers]).strip()


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


def _from_programme(chunk: str) -> dict[str, Any]:
    """One action of a V1 `Programme d'actions` cell: `intitulé¤secteurs¤types de
    porteur`, each multi-valued part separated by `#`."""
    parts = [*chunk.split("¤"), "", "", ""][:3]
    return {
        "titre": " ".join(parts[0].split()),
        "secteurs": [s.strip() for s in parts[1].split("#") if s.strip()],
        "porteurs": [p.strip() for p in parts[2].split("#") if p.strip()],
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
    }
