"""Import of ADEME's Territoires & Climat open data (reference §5.2; the columns read,
left out and why: docs/import-territoires-climat.md). In three modules: the files read
into démarches (territoires_climat_files.py), their collectivities made territories
(territoires_climat_collectivites.py), and here the plans and actions made of them.

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
from enum import StrEnum
from pathlib import Path
from typing import Any

from pcaet_cli.io.import_common import Importer, ImportResult, RowStatus
from pcaet_cli.io.territoires_climat_collectivites import TerritoryBook
from pcaet_cli.io.territoires_climat_files import PROGRAMME, ActionRow, Demarche, Reader, multi
from pcaet_cli.io.yamlwrite import NULL
from pcaet_cli.model.vocab import Cible, Secteur, TypeActeur, TypeAction, TypePlan, Volet
from pcaet_cli.textmatch import fold

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

_COLLECTIVITE = "Collectivité porteuse"
_LIST_VOCABULARIES: tuple[tuple[str, type[StrEnum]], ...] = (
    ("secteurs", Secteur),
    ("volets", Volet),
    ("type_action", TypeAction),
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029\ufeff]")


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
        self.territories = TerritoryBook(self.report, self.slugger)
        self.contacts_left = 0
        self.has_entete = False

    def run(self) -> ImportResult:
        reader = Reader(self.report, self.paths)
        demarches = reader.read()
        self.has_entete = reader.has_entete
        for demarche in demarches.values():
            self._demarche(demarche)
        if self.contacts_left:
            self.report.notes.append(
                f"{self.contacts_left} contact(s) (chefs de projet, élus, e-mails) non repris : "
                "données personnelles ; ajoutez --avec-contacts pour les reprendre"
            )
        for territory in self.territories.by_key.values():
            self.result.add_entity("territoires", territory.ident, territory.data)
        self.actors.write(self.result)
        return self.result

    # -------------------------------------------------------------------------- plans

    def _demarche(self, d: Demarche) -> None:
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
        members = self.territories.members(d, creator, entete, taken)
        plan: dict[str, Any] = {"nom": nom, "type": self._plan_type(d, creator, entete)}
        if members:
            plan["porteur"] = members[0]
            if len(members) > 1:
                plan["perimetre"] = members
        self._plan_state(creator, entete, plan)
        self.territories.population(d, creator, entete, members)
        self._contacts(creator, entete, members)
        self.result.add_entity("plans", plan_id, plan, comment=_plan_comment(d, entete))
        self._actions(d, plan_id, members)

    def _merge_entete(self, d: Demarche, where: str, cells: dict[str, str], rel: str) -> None:
        """Another entête row of the same démarche (V1 thematic files repeat it)."""
        first_where, first = d.entetes[0]
        columns = (set(first) | set(cells)) - {PROGRAMME}
        differ = sorted(c for c in columns if first.get(c, "") != cells.get(c, ""))
        if differ:
            detail = f"même démarche que {first_where}, dont les valeurs sont retenues"
            self.report.note(where, f"valeurs différentes non reprises : {', '.join(differ)}")
        else:
            detail = f"même démarche que {first_where}, identique"
        self.report.add(where, RowStatus.MERGED, detail, rel)

    def _plan_type(self, d: Demarche, source: str, entete: dict[str, str]) -> str:
        """The plan type: the programme's, else the entête's; of a compound type
        (« PCAET | Cit'ergie »), PCAET when it is one of them, else the first known."""
        types = next((t for _, t in d.elements if t), [])
        if not types:
            types = multi(entete.get("Type_demarche", ""))
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
                porteur = self.territories.by_ident[members[0]]
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

    def _refused_action(self, row: ActionRow) -> None:
        raw = row.raw
        if any(v for k, v in raw.items() if k != "titre"):
            detail = "action sans intitulé (ses autres champs ne sont pas repris) : complétez-le"
        else:
            detail = "action sans intitulé"
        self.report.add(row.source, RowStatus.REFUSED, detail)

    def _actions(self, d: Demarche, plan_id: str, members: list[str]) -> None:
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

    def _action(self, row: ActionRow, plan_id: str, members: list[str]) -> dict[str, Any]:
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


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def _plan_comment(d: Demarche, entete: dict[str, str]) -> str:
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
