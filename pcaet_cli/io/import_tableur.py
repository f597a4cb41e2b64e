"""Import of any table of actions (CSV or XLSX) through a column → field mapping.

The mapping is a TOML or YAML file whose `colonnes` table maps a column header to a
field of the action (`"Intitulé" = "titre"`), "" or "ignorer" leaving the column out.
A header matches its mapping entry exactly, case, accents and spacing aside: never by
resemblance; an entry naming a column the file does not have stops the import, a column
the mapping does not name is said once. `modele_mapping` writes a starting mapping from
the headers it knows exactly. One row is one action, numbered `act-001`… in row order.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

from pcaet_cli.errors import PcaetError, os_reason
from pcaet_cli.io.import_common import Importer, ImportResult, RowStatus, guess_type
from pcaet_cli.io.import_values import PERSONAL, clean, parse_axis, split_list
from pcaet_cli.io.sources import SUMMARY_SHEET, read_csv, read_sheets
from pcaet_cli.io.yamlwrite import NULL
from pcaet_cli.model.vocab import (
    Cible,
    ParticipationCitoyenne,
    Priorite,
    Secteur,
    Statut,
    TypeActeur,
    TypeAction,
    Volet,
)
from pcaet_cli.register.toml_errors import loads
from pcaet_cli.textmatch import fold, slug

TEXT_FIELDS = ("titre", "description", "objectifs", "resultats_attendus", "moyens")
VOCAB_FIELDS: dict[str, type[StrEnum]] = {
    "statut": Statut,
    "priorite": Priorite,
    "participation_citoyenne": ParticipationCitoyenne,
}
LIST_VOCAB_FIELDS: dict[str, type[StrEnum]] = {
    "secteurs": Secteur,
    "volets": Volet,
    "type_action": TypeAction,
    "cibles": Cible,
}
ACTOR_FIELDS = ("pilote", "referent", "copilotes", "personnes", "partenaires")
OTHER_FIELDS = ("date_debut", "date_fin", "axe", "budget")
FIELDS = (
    *TEXT_FIELDS,
    *VOCAB_FIELDS,
    *LIST_VOCAB_FIELDS,
    *ACTOR_FIELDS,
    *OTHER_FIELDS,
)
IGNORE = ("", "ignorer")

# Usual headers of officers' spreadsheets → field; the field names themselves also match.
_LABELS: dict[str, str] = {
    "Titre": "titre",
    "Titre de l'action": "titre",
    "Titre de la fiche action": "titre",
    "Personnes mobilisées": "personnes",
    "Secteurs": "secteurs",
    "Volets": "volets",
    "Types d'action": "type_action",
    "Cibles": "cibles",
    "Intitulé": "titre",
    "Nom de l'action": "titre",
    "Action": "titre",
    "Description": "description",
    "Descriptif": "description",
    "Objectifs": "objectifs",
    "Résultats attendus": "resultats_attendus",
    "Moyens": "moyens",
    "Statut": "statut",
    "État": "statut",
    "Priorité": "priorite",
    "Participation citoyenne": "participation_citoyenne",
    "Secteur": "secteurs",
    "Volet": "volets",
    "Type d'action": "type_action",
    "Cible": "cibles",
    "Pilote": "pilote",
    "Service pilote": "pilote",
    "Élu référent": "referent",
    "Copilotes": "copilotes",
    "Personnes": "personnes",
    "Partenaires": "partenaires",
    "Date de début": "date_debut",
    "Début": "date_debut",
    "Date de fin": "date_fin",
    "Fin": "date_fin",
    "Axe": "axe",
    "Budget": "budget",
    **{f: f for f in FIELDS},
}


def read_table(path: Path) -> tuple[list[str], list[list[Any]]]:
    """Headers (the first non-empty row) and the rows below them."""
    rows: list[list[Any]]
    if path.suffix.lower() == ".csv":
        rows = read_csv(path)
    else:
        # A workbook of `pcaet export` opens on its summary: the table is the next sheet.
        tables = read_sheets(path, first_but=SUMMARY_SHEET)
        rows = tables[0][1] if tables else []
    while rows and not any(clean(c) for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise PcaetError(f"{path} : tableau vide")
    return [clean(c) for c in rows[0]], rows[1:]


# Columns of `pcaet export` and of the platform's template that have no field here: left
# out of a guessed mapping rather than matched to a field they merely resemble.
_NO_FIELD: dict[str, str] = dict.fromkeys(
    (
        "Identifiant",
        "En retard",
        "Échelon",
        "Compétence",
        "Territoires",
        "Plans et axes",
        "Financements",
        "Budget prévu total (€ HT)",
        "Budget réalisé total (€ HT)",
        "Domaines",
        "Déclencheur",
        "Proposée par",
        "Gains GES (tCO2e/an)",
        "Gains énergie (MWh/an)",
        "Production EnR (MWh/an)",
        "Indicateurs",
        "Dernier suivi (date)",
        "Dernier suivi",
    ),
    "",
)


_KNOWN = {fold(label): field for label, field in (*_LABELS.items(), *_NO_FIELD.items())}


def guess_field(header: str) -> str:
    """The field a header is known to mean (case, accents and spacing aside), or ""
    (left out, for the user to fill in). Never by resemblance: a close one made
    "Territoires" the title and "Indicateurs" the sectors of our own workbook."""
    if PERSONAL.search(fold(header)):
        return ""
    return _KNOWN.get(fold(header), "")


def modele_mapping(path: Path) -> str:
    """A starting mapping (TOML) for `path`, to be checked and completed by hand."""
    headers, _ = read_table(path)
    lines = [
        f"# Correspondance des colonnes de {path.name} vers les champs des actions.",
        '# Relisez chaque ligne ; "" ou "ignorer" laisse la colonne de côté.',
        f"# Champs possibles : {', '.join(FIELDS)}.",
        "",
        "[colonnes]",
    ]
    for header in dict.fromkeys(headers):
        if not header:
            continue
        field = guess_field(header)
        if PERSONAL.search(fold(header)):
            note = "  # données personnelles ?"
        elif not field and fold(header) not in _KNOWN:
            note = "  # inconnu : à compléter"
        else:
            note = ""
        lines.append(f"{json.dumps(header, ensure_ascii=False)} = {json.dumps(field)}{note}")
    return "\n".join(lines) + "\n"


def _mapping_data(path: Path, text: str) -> Any:
    """The mapping's document, TOML or YAML; a syntax error in French, at its line."""
    if path.suffix.lower() == ".toml":
        return loads(text, str(path), "correspondance illisible")
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        raise PcaetError(
            f"{at} : correspondance illisible (syntaxe YAML invalide) ; corrigez-la, ou "
            "partez du modèle TOML que --modele-mapping écrit"
        ) from None
    except Exception:  # ruamel's reader and nesting errors share no base with the others
        raise PcaetError(f"{path} : correspondance illisible (syntaxe YAML invalide)") from None


def load_mapping(path: Path) -> dict[str, tuple[str, str]]:
    """Folded header → (header as the mapping writes it, field)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PcaetError(
            f"{path} : la correspondance n'est pas en UTF-8 ; réenregistrez-la"
        ) from None
    except OSError as exc:
        raise PcaetError(f"{path} : correspondance illisible ({os_reason(exc)})") from None
    data = _mapping_data(path, text)
    columns = data.get("colonnes", data) if isinstance(data, dict) else None
    if not isinstance(columns, dict):
        raise PcaetError(f"{path} : attendu une table « colonnes » (en-tête = champ)")
    mapping: dict[str, tuple[str, str]] = {}
    for header, field in columns.items():
        name = clean(field)
        if name not in FIELDS and name not in IGNORE:
            raise PcaetError(
                f"{path} : « {header} » = « {name} » : champ inconnu ; champs possibles : "
                + ", ".join(FIELDS)
            )
        key = fold(str(header))
        if key in mapping and mapping[key][1] != name:
            raise PcaetError(
                f"{path} : « {mapping[key][0]} » et « {header} » désignent la même colonne "
                "(majuscules, accents et espaces mis à part) avec deux champs ; gardez-en une"
            )
        mapping[key] = (str(header), name)
    return mapping


def import_tableur(path: Path, mapping_path: Path, avec_contacts: bool = False) -> ImportResult:
    return TableurImporter(path, mapping_path, avec_contacts).run()


class TableurImporter(Importer):
    """A table read through a mapping: one action per row, numbered in row order; the
    axes the rows name, as the plan's; the actors the cells name."""

    def __init__(self, path: Path, mapping_path: Path, avec_contacts: bool) -> None:
        super().__init__("tableur", [path, mapping_path], f"Plan importé de {path.name}")
        self.path = path
        self.mapping_path = mapping_path
        self.avec_contacts = avec_contacts
        stem = slug(path.stem, 40)
        self.plan_id = self.slugger.take(f"plan-{stem}" if stem else "plan")
        self.axes: dict[str, str] = {}  # code → title
        self.actions: list[tuple[str, dict[str, Any]]] = []  # (identifier, action)

    def run(self) -> ImportResult:
        headers, rows = read_table(self.path)
        columns = self._columns(headers, load_mapping(self.mapping_path), rows)
        if "titre" not in columns.values():
            raise PcaetError(
                f"{self.mapping_path} : aucune colonne n'est associée au champ « titre »"
            )
        for number, cells in enumerate(rows, start=2):
            source = f"ligne {number}"
            values = _values(cells, columns)
            if not values and any(clean(c) for c in cells):
                self.report.read(source)
                self.report.add(
                    source, RowStatus.IGNORED, "aucune cellule remplie dans les colonnes reprises"
                )
                continue
            self._row(source, values)
        self._write()
        return self.result

    def _columns(
        self, headers: list[str], mapping: dict[str, tuple[str, str]], rows: list[list[Any]]
    ) -> dict[int, str]:
        """Column index → field, each column left out said once in the report. A mapping
        entry for a column the file does not have is an error: its field would silently
        stay empty in every action."""
        present = {fold(h) for h in headers if h}
        missing = [header for key, (header, _) in mapping.items() if key not in present]
        if missing:
            raise PcaetError(
                f"{self.mapping_path} : colonne(s) absente(s) de {self.path.name} : "
                + ", ".join(f"« {m} »" for m in missing)
                + " ; corrigez l'en-tête dans la correspondance (colonnes du fichier : "
                + ", ".join(f"« {h} »" for h in dict.fromkeys(headers) if h)
                + ")"
            )
        columns: dict[int, str] = {}
        said: set[str] = set()
        for index, header in enumerate(headers):
            if not header:
                if any(index < len(r) and clean(r[index]) for r in rows):
                    self.report.notes.append(
                        f"colonne n° {index + 1} : sans en-tête, non reprise ; donnez-lui un "
                        "en-tête et une ligne dans la correspondance"
                    )
                continue
            field = mapping[fold(header)][1] if fold(header) in mapping else None
            personal = PERSONAL.search(fold(header)) is not None and not self.avec_contacts
            if field is None:
                note = f"colonne « {header} » : absente de la correspondance, ignorée"
            elif field in IGNORE:
                note = f"colonne « {header} » : ignorée (correspondance)"
            elif personal:
                note = f"colonne « {header} » : données personnelles, non reprise (--avec-contacts)"
            else:
                columns[index] = field
                continue
            if fold(header) not in said:  # a header repeated in the file is said once
                said.add(fold(header))
                self.report.notes.append(note)
        return columns

    def _row(self, source: str, values: dict[str, Any]) -> None:
        self.report.read(source)
        if not values:
            self.report.add(source, RowStatus.IGNORED, "ligne vide")
            return
        titre = " ".join(clean(values.get("titre")).split())
        if not titre:
            self.report.add(source, RowStatus.REFUSED, "pas de titre : complétez-le")
            return
        action: dict[str, Any] = {"titre": titre}
        for field in TEXT_FIELDS[1:]:
            if field in values:
                action[field] = clean(values[field])
        action["plans"] = {self.plan_id: self._axis(values) or NULL}
        self._vocabularies(source, values, action)
        self._dates(source, values, action)
        if "budget" in values and (lines := self.total_budget(source, values["budget"])):
            action["budget"] = lines
        self._actors(source, values, action)
        ident = self.slugger.take(f"act-{len(self.actions) + 1:03d}")
        self.actions.append((ident, action))
        self.report.add(source, RowStatus.CREATED, f"« {titre} »", f"actions/{ident}.yaml")

    def _axis(self, values: dict[str, Any]) -> str:
        """The code of the row's axis ("" for none), the axis noted for the plan."""
        code = clean(values.get("axe"))
        if code:
            code, title = parse_axis(code, code)
            self.axes.setdefault(code, title)
        return code

    def _vocabularies(self, source: str, values: dict[str, Any], action: dict[str, Any]) -> None:
        for field, vocab in VOCAB_FIELDS.items():
            if field in values:
                label = self.vocab_label(source, field, clean(values[field]), vocab)
                if label is not None:
                    action[field] = label
        for field, vocab in LIST_VOCAB_FIELDS.items():
            raws = split_list(clean(values.get(field)), ",;|\n")
            action[field] = self.vocab_labels(source, field, raws, vocab)

    def _dates(self, source: str, values: dict[str, Any], action: dict[str, Any]) -> None:
        for field in ("date_debut", "date_fin"):
            if field in values and (day := self.read_date(source, field, values[field])):
                action[field] = day

    def _actors(self, source: str, values: dict[str, Any], action: dict[str, Any]) -> None:
        """Every name becomes (or meets) an actor. Pilote and referent take one each: the
        other pilots become copilots, the other élus people of the action, each said."""
        ids = {
            field: list(
                dict.fromkeys(
                    self.actors.get(n, _actor_type(field, n), source)
                    for n in split_list(clean(values.get(field)))
                )
            )
            for field in ACTOR_FIELDS
        }
        for field, overflow in (("pilote", "copilotes"), ("referent", "personnes")):
            if ids[field]:
                action[field] = ids[field][0]
            if len(ids[field]) > 1:
                extra = ids[field][1:]
                ids[overflow] = list(dict.fromkeys(ids[overflow] + extra))
                self.report.note(
                    source, f"{field} : un seul par action, {', '.join(extra)} en {overflow}"
                )
        for field in ("copilotes", "personnes", "partenaires"):
            action[field] = ids[field]

    def _write(self) -> None:
        """The plan first, the actions in row order, then the actors."""
        plan = {
            "nom": f"Plan d'actions importé de {self.path.name}",
            "type": "PCAET",
            "axes": [{"code": c, "titre": t} for c, t in sorted(self.axes.items())],
        }
        comment = f"Importé de {self.path.name} (tableur)."
        self.result.add_entity("plans", self.plan_id, plan, comment=comment)
        for ident, action in self.actions:
            self.result.add_entity("actions", ident, action)
        self.actors.write(self.result)


def _values(cells: list[Any], columns: dict[int, str]) -> dict[str, Any]:
    """A row's non-blank cells by field. Two columns for one text field are joined rather
    than one lost; for any other field the first column wins."""
    values: dict[str, Any] = {}
    for index, field in columns.items():
        if index < len(cells) and clean(cells[index]):
            if field in values and field in TEXT_FIELDS:
                values[field] = f"{clean(values[field])}\n\n{clean(cells[index])}"
            else:
                values.setdefault(field, cells[index])
    return values


def _actor_type(field: str, name: str) -> TypeActeur:
    if field == "referent":
        return TypeActeur.ELU
    if field == "personnes":
        return TypeActeur.PERSONNE
    return guess_type(name)
