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
from pathlib import Path
from typing import Any

from stdnum.fr import siren as siren_number

from pcaet_cli.errors import PcaetError
from pcaet_cli.io.import_common import (
    ActorBook,
    ImportReport,
    ImportResult,
    RowStatus,
    Slugger,
    clean,
    match_vocab,
    parse_date,
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
_SEP = " | "
_PROGRAMME = "Programme d'actions"


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
    report = ImportReport("territoires-climat", [str(p) for p in paths])
    demarches: dict[str, _Demarche] = {}

    def demarche(ident: str) -> _Demarche:
        return demarches.setdefault(ident, _Demarche(ident))

    for path in paths:
        if path.suffix.lower() == ".json":
            data = read_json(path)
            if not isinstance(data, list):
                raise PcaetError(f"{path} : attendu une liste de démarches (programme V2)")
            for position, entry in enumerate(data, start=1):
                source = f"{path.name} / élément {position}"
                if not isinstance(entry, dict) or "id" not in entry:
                    report.add(source, RowStatus.IGNORED, "sans « id »")
                    continue
                ident = entry["id"]
                if isinstance(ident, bool) or not isinstance(ident, int | str):
                    report.add(
                        source, RowStatus.IGNORED, f"« id » : {_kind(ident)}, attendu un nombre"
                    )
                    continue
                d = demarche(str(ident))
                source = f"démarche {d.id}"
                d.types = [
                    _text(t.get("libcourt"), "typesDemarche.libcourt", source, report)
                    for t in _objects(entry.get("typesDemarche"), "typesDemarche", source, report)
                ]
                actions = entry.get("actions")
                if not isinstance(actions, list | None):
                    report.add(
                        source, RowStatus.NOTE, f"« actions » : {_kind(actions)}, attendu une liste"
                    )
                for n, item in enumerate(actions if isinstance(actions, list) else [], start=1):
                    where = f"démarche {d.id} / action {n}"
                    d.actions.append((where, _from_json(item, where, report)))
            continue
        rows = _read_csv(path)
        header = list(rows[0]) if rows else []
        if "Id_action" in header:
            for row in rows:
                d = demarche(row.get("Id_demarche", ""))
                d.actions.append((f"{path.name} / action {row['Id_action']}", _from_fiche(row)))
        elif "Id" in header:
            for row in rows:
                d = demarche(row["Id"])
                d.entete = row
                # V1 thematic files pack the whole programme into one cell; the same
                # démarche appears in several of them, so an action is kept once.
                known = {a["titre"] for _, a in d.actions}
                for n, chunk in enumerate(row.get(_PROGRAMME, "").split("|"), start=1):
                    packed = _from_programme(chunk)
                    if packed["titre"] and packed["titre"] not in known:
                        known.add(packed["titre"])
                        d.actions.append((f"{path.name} / démarche {d.id} / action {n}", packed))
        else:
            raise PcaetError(
                f"{path} : ni fichier d'entête (colonne Id) ni Fiches_Action (Id_action)"
            )

    result = ImportResult(report, name="Démarches Territoires & Climat")
    slugger = Slugger()
    actors = ActorBook(slugger, report)
    territories: dict[str, str] = {}  # SIREN or folded name → identifier
    contacts_left = 0

    for d in demarches.values():
        entete = d.entete or {}
        if d.entete is None:
            report.notes.append(f"démarche {d.id} : absente du fichier d'entête, nom inventé")
        nom = entete.get("Nom") or f"Démarche {d.id}"
        plan_id = slugger.take(nom if entete.get("Nom") else f"demarche-{d.id}")
        kind = (d.types or [entete.get("Type_demarche", "")])[0] or "PCAET"
        plan_type, _ = match_vocab(kind, TypePlan)
        plan: dict[str, Any] = {"nom": nom, "type": plan_type or "autre"}

        members = _territories(entete, territories, slugger, result, report, d.id)
        if members:
            plan["porteur"] = members[0]
            if len(members) > 1:
                plan["perimetre"] = members
        oblige = entete.get("Oblige", "").upper()
        if oblige in {"O", "V"}:
            plan["obligation"] = "obligatoire" if oblige == "O" else "volontaire"
        try:
            plan["date_debut"] = parse_date(entete.get("Date_lancement"))
        except ValueError:
            report.add(f"démarche {d.id}", RowStatus.NOTE, "Date_lancement illisible")
        etat = entete.get("Demarche_etat", "")
        if etat:
            if fold(etat) in _ETATS:
                plan["statut"] = _ETATS[fold(etat)]
            else:
                report.add(f"démarche {d.id}", RowStatus.NOTE, f"état « {etat} » non reconnu")

        personal = [c for c in ("Chef_de_projet", "Contact", "Elu_referent") if entete.get(c)]
        if personal and not avec_contacts:
            contacts_left += 1
        elif personal:
            _contacts(entete, members, actors, result, d.id)

        result.add_entity(
            "plans", plan_id, plan, comment=f"Démarche {d.id} de Territoires & Climat (ADEME)."
        )
        report.add(
            f"démarche {d.id}",
            RowStatus.CREATED,
            f"{plan_id} « {nom} », {len(d.actions)} action(s)",
        )

        for n, (source, raw) in enumerate(d.actions, start=1):
            titre = raw.get("titre", "")
            if not titre:
                report.add(source, RowStatus.IGNORED, "action sans intitulé")
                continue
            action: dict[str, Any] = {"titre": titre}
            porteurs = raw.get("porteurs", [])
            others = [p for p in porteurs if p != "Collectivité porteuse"]
            # The register has no « type de porteur » field: kept readable in the text.
            description = "\n\n".join(
                [raw.get("description", "")]
                + (["Type de porteur : " + ", ".join(others)] if others else [])
            ).strip()
            if description:
                action["description"] = description
            action["plans"] = {plan_id: NULL}
            if members and "Collectivité porteuse" in porteurs:
                action["echelon"] = members[0]
            if raw.get("date"):
                try:
                    action["date_debut"] = parse_date(raw["date"])
                except ValueError:
                    report.add(source, RowStatus.NOTE, f"date « {raw['date']} » illisible")
            for key, vocab in (
                ("secteurs", Secteur),
                ("volets", Volet),
                ("type_action", TypeAction),
                ("cibles", Cible),
            ):
                labels: list[str] = []
                for value in raw.get(key, []):
                    label, approximate = match_vocab(value, vocab)
                    if label is None:
                        report.add(
                            source, RowStatus.NOTE, f"{key} « {value} » non reconnu, non repris"
                        )
                    elif label not in labels:
                        labels.append(label)
                        if approximate:
                            report.approx(source, key, value, label)
                action[key] = labels
            contact = raw.get("contact", "")
            if contact and avec_contacts:
                action["personnes"] = [actors.get(contact, TypeActeur.PERSONNE, source)]
            elif contact:
                contacts_left += 1
            ident = slugger.take(f"d{slug(d.id, 20) or 'x'}-{n:03d}")
            result.add_entity("actions", ident, action)
            report.add(source, RowStatus.CREATED, ident)

    if contacts_left:
        report.notes.append(
            f"{contacts_left} contact(s) (chefs de projet, élus, e-mails) non repris : données "
            "personnelles ; ajoutez --avec-contacts pour les reprendre"
        )
    actors.write(result)
    return result


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
    report.add(
        source, RowStatus.NOTE, f"« {name} » : {_kind(value)}, attendu un texte ; non repris"
    )
    return ""


def _objects(value: Any, name: str, source: str, report: ImportReport) -> list[dict[str, Any]]:
    """The objects of a list field of the V2 programme; anything else is reported."""
    if value is None:
        return []
    if not isinstance(value, list):
        report.add(
            source, RowStatus.NOTE, f"« {name} » : {_kind(value)}, attendu une liste ; non repris"
        )
        return []
    objects = []
    for position, item in enumerate(value, start=1):
        if isinstance(item, dict):
            objects.append(item)
        elif item is not None:
            report.add(
                source,
                RowStatus.NOTE,
                f"« {name} » n° {position} : {_kind(item)}, attendu un objet ; non repris",
            )
    return objects


def _object(value: Any, name: str, source: str, report: ImportReport) -> dict[str, Any]:
    if value is not None and not isinstance(value, dict):
        report.add(
            source, RowStatus.NOTE, f"« {name} » : {_kind(value)}, attendu un objet ; non repris"
        )
    return value if isinstance(value, dict) else {}


def _from_json(action: Any, source: str, report: ImportReport) -> dict[str, Any]:
    if not isinstance(action, dict):
        report.add(source, RowStatus.NOTE, f"action : {_kind(action)}, attendu un objet")
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


def _territories(
    entete: dict[str, str],
    known: dict[str, str],
    slugger: Slugger,
    result: ImportResult,
    report: ImportReport,
    demarche_id: str,
) -> list[str]:
    """The carrying collectivities of a démarche, created once each across all plans."""
    sirens = _multi(entete.get("SIREN collectivites_coporteuses", ""))
    names = _multi(entete.get("Collectivités porteuses", ""))
    members: list[str] = []
    for position in range(max(len(sirens), len(names))):
        siren = sirens[position].replace(" ", "") if position < len(sirens) else ""
        name = names[position] if position < len(names) else f"Collectivité {siren}"
        key = siren or fold(name)
        if key not in known:
            ident = slugger.take(name, "territoire")
            known[key] = ident
            nature = guess_nature(name)
            if nature is None:
                nature = "CC"
                report.add(
                    f"démarche {demarche_id}", RowStatus.NOTE, f"« {name} » : nature supposée CC"
                )
            data: dict[str, Any] = {"nom": name, "nature": nature}
            if siren_number.is_valid(siren):
                data["siren"] = siren
            elif siren:
                report.add(
                    f"démarche {demarche_id}",
                    RowStatus.NOTE,
                    f"SIREN « {siren} » invalide, non repris",
                )
            result.add_entity("territoires", ident, data)
        if known[key] not in members:
            members.append(known[key])
    return members


def _contacts(
    entete: dict[str, str],
    members: list[str],
    actors: ActorBook,
    result: ImportResult,
    demarche_id: str,
) -> None:
    source = f"démarche {demarche_id}"
    territoire = {"territoire": members[0]} if members else {}
    chef = entete.get("Chef_de_projet", "")
    contact = entete.get("Contact", "")
    if chef:
        extra = dict(territoire)
        if "@" in contact:
            extra["email"] = contact
        actors.get(chef, TypeActeur.PERSONNE, source, poste="Chef de projet PCAET", **extra)
    elu = entete.get("Elu_referent", "")
    if elu:
        actors.get(elu, TypeActeur.ELU, source, **territoire)
    del result
