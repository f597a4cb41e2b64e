"""Import of any table of actions (CSV or XLSX) through a column → field mapping.

The mapping is a TOML or YAML file whose `colonnes` table maps a column header to a
field of the action (`"Intitulé" = "titre"`), "" or "ignorer" leaving the column out.
`modele_mapping` writes a starting mapping, guessing each field from the header. One row
is one action, numbered `act-001`… in row order.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from pcaet_cli.errors import PcaetError
from pcaet_cli.io.import_common import (
    PERSONAL,
    ActorBook,
    ImportReport,
    ImportResult,
    RowStatus,
    Slugger,
    clean,
    guess_type,
    match_vocab,
    parse_axis,
    parse_date,
    split_list,
    total_budget,
)
from pcaet_cli.io.sources import read_csv, read_rows
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
from pcaet_cli.textmatch import closest, fold, slug

TEXT_FIELDS = ("titre", "description", "objectifs", "resultats_attendus", "moyens")
VOCAB_FIELDS: dict[str, Any] = {
    "statut": Statut,
    "priorite": Priorite,
    "participation_citoyenne": ParticipationCitoyenne,
}
LIST_VOCAB_FIELDS: dict[str, Any] = {
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
        sheets = read_rows(path)
        rows = sheets[0] if sheets else []
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


def guess_field(header: str) -> str:
    """The field a header most probably means, or "" (ignored)."""
    if PERSONAL.search(fold(header)):
        return ""
    # Headers known exactly (ours, the platform's) first: a close resemblance made
    # "Territoires" the title and "Indicateurs" the sectors of our own workbook.
    exact = {fold(label): field for label, field in (*_LABELS.items(), *_NO_FIELD.items())}
    if fold(header) in exact:
        return exact[fold(header)]
    found = closest(header, list(_LABELS))
    return _LABELS[found] if found else ""


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
    for header in headers:
        if not header:
            continue
        field = guess_field(header)
        note = "  # données personnelles ?" if PERSONAL.search(fold(header)) else ""
        lines.append(f"{json.dumps(header, ensure_ascii=False)} = {json.dumps(field)}{note}")
    return "\n".join(lines) + "\n"


def load_mapping(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".toml":
            data: Any = tomllib.loads(text)
        else:
            from ruamel.yaml import YAML

            data = YAML(typ="safe", pure=True).load(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise PcaetError(f"{path} : correspondance illisible ({exc})") from None
    except Exception as exc:  # ruamel's parser errors have no common public base
        raise PcaetError(f"{path} : correspondance illisible ({exc})") from None
    columns = data.get("colonnes", data) if isinstance(data, dict) else None
    if not isinstance(columns, dict):
        raise PcaetError(f"{path} : attendu une table « colonnes » (en-tête = champ)")
    mapping: dict[str, str] = {}
    for header, field in columns.items():
        name = clean(field)
        if name not in FIELDS and name not in IGNORE:
            raise PcaetError(
                f"{path} : « {header} » = « {name} » : champ inconnu ; champs possibles : "
                + ", ".join(FIELDS)
            )
        mapping[fold(str(header))] = name
    return mapping


def import_tableur(path: Path, mapping_path: Path, avec_contacts: bool = False) -> ImportResult:
    report = ImportReport("tableur", [str(path), str(mapping_path)])
    headers, rows = read_table(path)
    mapping = load_mapping(mapping_path)
    columns: dict[int, str] = {}
    for index, header in enumerate(headers):
        field = mapping.get(fold(header))
        if not header:
            continue
        if field is None:
            report.notes.append(f"colonne « {header} » : absente de la correspondance, ignorée")
        elif field in IGNORE:
            report.notes.append(f"colonne « {header} » : ignorée (correspondance)")
        elif PERSONAL.search(fold(header)) and not avec_contacts:
            report.notes.append(
                f"colonne « {header} » : données personnelles, non reprise (--avec-contacts)"
            )
        else:
            columns[index] = field
    if "titre" not in columns.values():
        raise PcaetError(f"{mapping_path} : aucune colonne n'est associée au champ « titre »")

    result = ImportResult(report, name=f"Plan importé de {path.name}")
    slugger = Slugger()
    actors = ActorBook(slugger, report)
    stem = slug(path.stem, 40)
    plan_id = slugger.take(f"plan-{stem}" if stem else "plan")
    axes: dict[str, str] = {}
    count = 0
    for number, row in enumerate(rows, start=2):
        source = f"ligne {number}"
        values: dict[str, Any] = {}
        for index, field in columns.items():
            if index < len(row) and clean(row[index]):
                # Two columns for one text field are joined rather than one lost.
                if field in values and field in TEXT_FIELDS:
                    values[field] = f"{clean(values[field])}\n\n{clean(row[index])}"
                else:
                    values.setdefault(field, row[index])
        if not values:
            report.add(source, RowStatus.IGNORED, "ligne vide")
            continue
        titre = " ".join(clean(values.get("titre")).split())
        if not titre:
            report.add(source, RowStatus.IGNORED, "pas de titre")
            continue
        action: dict[str, Any] = {"titre": titre}
        for field in TEXT_FIELDS[1:]:
            if field in values:
                action[field] = clean(values[field])
        code = clean(values.get("axe"))
        if code:
            code, axis_title = parse_axis(code, code)
            axes.setdefault(code, axis_title)
        action["plans"] = {plan_id: code or NULL}
        for field, vocab in VOCAB_FIELDS.items():
            if field in values:
                raw = clean(values[field])
                label, approximate = match_vocab(raw, vocab)
                if label is None:
                    report.add(
                        source, RowStatus.NOTE, f"{field} « {raw} » non reconnu, laissé vide"
                    )
                else:
                    action[field] = label
                    if approximate:
                        report.approx(source, field, raw, label)
        for field, vocab in LIST_VOCAB_FIELDS.items():
            labels: list[str] = []
            for raw in split_list(clean(values.get(field)), ",;|\n"):
                label, approximate = match_vocab(raw, vocab)
                if label is None:
                    report.add(source, RowStatus.NOTE, f"{field} « {raw} » non reconnu, non repris")
                elif label not in labels:
                    labels.append(label)
                    if approximate:
                        report.approx(source, field, raw, label)
            action[field] = labels
        for field in ("date_debut", "date_fin"):
            if field in values:
                try:
                    action[field] = parse_date(values[field])
                except ValueError:
                    report.add(
                        source, RowStatus.NOTE, f"{field} « {clean(values[field])} » illisible"
                    )
        if "budget" in values and (lines := total_budget(values["budget"], source, report)):
            action["budget"] = lines
        for field in ACTOR_FIELDS:
            names = split_list(clean(values.get(field)))
            if field == "referent":
                kinds = [TypeActeur.ELU] * len(names)
            elif field == "personnes":
                kinds = [TypeActeur.PERSONNE] * len(names)
            else:
                kinds = [guess_type(n) for n in names]
            ids = list(
                dict.fromkeys(actors.get(n, k, source) for n, k in zip(names, kinds, strict=True))
            )
            if field in ("pilote", "referent"):
                if ids:
                    action[field] = ids[0]
                if len(ids) > 1:
                    report.add(
                        source, RowStatus.NOTE, f"{field} : un seul attendu, les suivants ignorés"
                    )
            else:
                action[field] = ids
        count += 1
        ident = slugger.take(f"act-{count:03d}")
        result.add_entity("actions", ident, action)
        report.add(source, RowStatus.CREATED, f"{ident} « {titre} »")

    plan: dict[str, Any] = {"nom": f"Plan d'actions importé de {path.name}", "type": "PCAET"}
    plan["axes"] = [{"code": c, "titre": t} for c, t in sorted(axes.items())]
    result.files = {
        f"plans/{plan_id}.yaml": _plan_text(plan, path.name),
        **result.files,
    }
    actors.write(result)
    return result


def _plan_text(plan: dict[str, Any], source: str) -> str:
    from pcaet_cli.io.yamlwrite import register_file

    return register_file("plans", plan, comment=f"Importé de {source} (tableur).")
