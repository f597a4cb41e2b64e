"""Import of the Territoires en Transitions plan template (`modele-import-pa.xlsx`).

Layout (reference §5.1): the sheet whose A2 reads « Axe (x) », headers on row 2, data
from row 4. Identifiers: the plan is `pcaet-<file name>`; an action is numbered within
its deepest axis (`1-2-03` = third action of axis 1.2), or `act-001` without an axis, so
re-importing the same workbook gives the same files.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
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
    match_vocab,
    parse_amount,
    parse_axis,
    parse_bool,
    parse_date,
    split_list,
    total_budget,
)
from pcaet_cli.io.sources import read_rows
from pcaet_cli.io.yamlwrite import NULL
from pcaet_cli.model.vocab import ParticipationCitoyenne, Priorite, Statut, TypeActeur
from pcaet_cli.textmatch import fold, slug

# Header as the template spells it → field key. Both spellings of the title are accepted.
_SPELLED: tuple[tuple[str, str], ...] = (
    ("Axe (x)", "axe"),
    ("Sous-axe (x.x)", "sous_axe"),
    ("Sous-sous axe (x.x.x)", "sous_sous_axe"),
    ("Titre de l'action", "titre"),
    ("Titre de la fiche action", "titre"),
    ("Titre de la sous-action", "sous_action"),
    ("Descriptif", "description"),
    ("Instances de gouvernance", "gouvernance"),
    ("Objectifs", "objectifs"),
    ("Indicateurs liés", "indicateurs"),
    ("Structure pilote", "structure"),
    ("Moyens humains et techniques", "moyens"),
    ("Partenaires", "partenaires"),
    ("Direction ou service pilote", "service"),
    ("Personne pilote", "personne"),
    ("Élu·e référent·e", "elu"),
    ("Elu.e référent.e", "elu"),
    ("Élu référent", "elu"),
    ("Participation Citoyenne", "participation"),
    ("Financements", "financements"),
    ("Financeur 1", "financeur_1"),
    ("Financeur 2", "financeur_2"),
    ("Financeur 3", "financeur_3"),
    ("Budget prévisionnel total € HT", "budget"),
    ("Budget prévisionnel total", "budget"),
    ("Statut", "statut"),
    ("Niveau de priorité", "priorite"),
    ("Date de début", "date_debut"),
    ("Date de fin", "date_fin"),
    ("Action en amélioration continue", "continue"),
    ("Mesures liées", "mesures"),
    ("Actions liées", "actions_liees"),
    ("Notes", "notes"),
    ("Documents et liens", "documents"),
)
HEADERS: dict[str, str] = {fold(h): k for h, k in _SPELLED}


def _loose(text: str) -> str:
    """Letters and digits only: « Élu(e) référent(e) » and « Élu·e référent·e » meet."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


_LOOSE: dict[str, str] = {_loose(h): h for h, _ in reversed(_SPELLED)}
_MONTANT = fold("Montant € HT")
_CAE = re.compile(r"^cae[_\s]*(\d+(?:\.\d+)*)$", re.IGNORECASE)
# Words of the instruction and example rows (4–5) of the blank template.
_TEMPLATE_WORDS = re.compile(
    r"\b(exemple|ex :|texte libre|liste deroulante|choisir|a renseigner|renseigner|"
    r"jj/mm/aaaa|format|saisir|instructions?|obligatoire|facultatif)\b"
)


@dataclass(slots=True)
class _Axis:
    code: str
    titre: str
    children: dict[str, _Axis] = field(default_factory=dict)

    def as_data(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "titre": self.titre,
            "sous_axes": [c.as_data() for c in self.children.values()],
        }


def find_sheet(sheets: list[list[list[Any]]]) -> list[list[Any]] | None:
    for rows in sheets:
        if len(rows) >= 2 and rows[1] and fold(clean(rows[1][0])) == fold("Axe (x)"):
            return rows
    return None


def _columns(header: list[Any], report: ImportReport) -> dict[int, str]:
    """Column index → field key; the « Montant € HT » after Financeur N is montant_N."""
    columns: dict[int, str] = {}
    last_funder = ""
    for index, cell in enumerate(header):
        name = clean(cell)
        folded = fold(name)
        if not folded:
            continue
        key = HEADERS.get(folded)
        if key is None and folded.startswith(_MONTANT) and last_funder:
            key = "montant_" + last_funder[-1]
        if key is None:
            # Hand-edited copies respell headers (« Elu(e) référent(e) »): a close match is
            # taken, and said, rather than the column being lost.
            loose = _loose(name)
            near = difflib.get_close_matches(loose, list(_LOOSE), n=1, cutoff=0.85)
            if near and not folded.startswith(_MONTANT):
                spelled = _LOOSE[near[0]]
                key = HEADERS[fold(spelled)]
                report.notes.append(f"colonne « {name} » lue comme « {spelled} »")
        if key is None:
            if PERSONAL.search(folded):
                report.notes.append(f"colonne « {name} » : données personnelles, non reprises")
            else:
                report.notes.append(f"colonne « {name} » : inconnue du modèle, non reprise")
            continue
        if key.startswith("financeur_"):
            last_funder = key
        columns.setdefault(index, key)
    return columns


def _is_template_row(values: dict[str, str]) -> bool:
    """An instruction or example row of the blank template: its title or axis cell starts
    with « Exemple », or at least two cells hold the template's instruction words."""
    first = fold(values.get("titre", "") or values.get("axe", ""))
    if first.startswith(("exemple", "ex :", "ex.", "instruction")):
        return True
    hits = sum(1 for text in values.values() if _TEMPLATE_WORDS.search(fold(text)))
    return hits >= 2


def import_tet(path: Path, avec_contacts: bool = False) -> ImportResult:
    report = ImportReport("tet", [str(path)])
    sheet = find_sheet(read_rows(path))
    if sheet is None:
        raise PcaetError(
            f"{path} : aucune feuille dont la cellule A2 vaut « Axe (x) » ; ce n'est pas le "
            "modèle d'import de Territoires en Transitions (essayez --format tableur)"
        )
    columns = _columns(sheet[1], report)
    if "titre" not in columns.values():
        raise PcaetError(f"{path} : colonne « Titre de l'action » introuvable en ligne 2")
    del avec_contacts  # the template's 28 columns hold names only, never contacts

    result = ImportResult(report, name=f"Plan importé de {path.name}")
    slugger = Slugger()
    actors = ActorBook(slugger, report)
    stem = slug(path.stem, 40)
    plan_id = slugger.take(f"pcaet-{stem}" if stem else "pcaet")
    axes: dict[str, _Axis] = {}
    actions: list[dict[str, Any]] = []
    ids: list[str] = []
    by_title: dict[str, str] = {}
    counters: dict[str, int] = {}
    pending_links: list[tuple[int, str, list[str]]] = []
    empty = 0

    for number, row in enumerate(sheet[3:], start=4):
        source = f"ligne {number}"
        values = {key: row[i] for i, key in columns.items() if i < len(row) and clean(row[i])}
        text = {k: clean(v) for k, v in values.items()}
        if not values:
            empty += 1
            continue
        if number in (4, 5) and _is_template_row(text):
            report.add(
                source, RowStatus.IGNORED, "ligne d'instructions ou d'exemple du modèle vierge"
            )
            continue

        # Axes: each level may be given alone (a heading row) or on every action row.
        parent: dict[str, _Axis] = axes
        code = ""
        for level in ("axe", "sous_axe", "sous_sous_axe"):
            if level not in text:
                break
            axis_code, axis_title = parse_axis(text[level], f"{code}.{len(parent) + 1}".lstrip("."))
            node = parent.get(axis_code)
            if node is None:
                node = parent[axis_code] = _Axis(axis_code, axis_title)
            code, parent = axis_code, node.children

        titre = text.get("titre", "")
        sous_action = text.get("sous_action", "")
        if not titre and not sous_action:
            if code:
                report.add(source, RowStatus.NOTE, f"axe {code} seulement, sans action")
            else:
                report.add(source, RowStatus.IGNORED, "pas de titre d'action")
            continue

        parent_id = by_title.get(fold(titre)) if titre else None
        if sous_action and titre and parent_id is None:
            # A sub-action whose action has no row of its own: the action is created so
            # that the sub-action can point to it.
            parent_id = _new_action(plan_id, code, counters, slugger)
            actions.append({"titre": titre, "plans": {plan_id: code or NULL}})
            ids.append(parent_id)
            by_title[fold(titre)] = parent_id
            report.add(
                source, RowStatus.CREATED, f"{parent_id} « {titre} » (action des sous-actions)"
            )

        ident = _new_action(plan_id, code, counters, slugger)
        action: dict[str, Any] = {"titre": sous_action or titre}
        described = []
        if "description" in text:
            described.append(text["description"])
        for key, heading in (
            ("gouvernance", "Instances de gouvernance"),
            ("financements", "Financements"),
            ("notes", "Notes"),
            ("documents", "Documents et liens"),
        ):
            if key in text:
                described.append(f"{heading} : {text[key]}")
        if described:
            action["description"] = "\n\n".join(described)
        if "objectifs" in text:
            action["objectifs"] = text["objectifs"]
        if "moyens" in text:
            action["moyens"] = text["moyens"]
        action["plans"] = {plan_id: code or NULL}

        for key, vocab, field_name in (
            ("statut", Statut, "statut"),
            ("priorite", Priorite, "priorite"),
            ("participation", ParticipationCitoyenne, "participation_citoyenne"),
        ):
            if key not in text:
                continue
            label, approximate = match_vocab(text[key], vocab)
            if label is None:
                report.add(
                    source, RowStatus.NOTE, f"{key} « {text[key]} » non reconnu, laissé vide"
                )
            else:
                action[field_name] = label
                if approximate:
                    report.approx(source, key, text[key], label)

        for key in ("date_debut", "date_fin"):
            if key in values:
                try:
                    action[key] = parse_date(values[key])
                except ValueError:
                    report.add(source, RowStatus.NOTE, f"{key} « {text[key]} » n'est pas une date")

        services = [
            actors.get(n, _service_type(n), source) for n in split_list(text.get("service", ""))
        ]
        structures = [
            actors.get(n, _org_type(n), source) for n in split_list(text.get("structure", ""))
        ]
        people = [
            actors.get(n, TypeActeur.PERSONNE, source) for n in split_list(text.get("personne", ""))
        ]
        elus = [actors.get(n, TypeActeur.ELU, source) for n in split_list(text.get("elu", ""))]
        pilots = _unique(services + structures + people)
        if pilots:
            action["pilote"] = pilots[0]
            action["copilotes"] = [p for p in _unique(services + structures) if p != pilots[0]]
        if elus:
            action["referent"] = elus[0]
        action["personnes"] = _unique([p for p in people if p != action.get("pilote")] + elus[1:])
        action["partenaires"] = _unique(
            [actors.get(n, _org_type(n), source) for n in split_list(text.get("partenaires", ""))]
        )

        financements = []
        for n in "123":
            funder = text.get(f"financeur_{n}", "")
            amount_raw = values.get(f"montant_{n}")
            if not funder:
                if amount_raw is not None:
                    report.add(
                        source, RowStatus.NOTE, f"montant {n} sans financeur {n}, non repris"
                    )
                continue
            line: dict[str, Any] = {"financeur": actors.get(funder, _org_type(funder), source)}
            try:
                line["montant"] = parse_amount(amount_raw)
            except ValueError:
                report.add(source, RowStatus.NOTE, f"montant {n} « {clean(amount_raw)} » illisible")
            financements.append(line)
        action["financements"] = financements
        if "budget" in values and (lines := total_budget(values["budget"], source, report)):
            action["budget"] = lines

        if "indicateurs" in text:
            # Comma-separated like every list of the template (commas inside quotes or
            # parentheses do not split).
            action["indicateurs"] = [{"nom": n} for n in split_list(text["indicateurs"])]
        mesures = []
        for item in split_list(text.get("mesures", "")):
            match = _CAE.match(item.replace(" ", ""))
            if match:
                mesures.append(f"cae_{match.group(1)}")
            else:
                report.add(source, RowStatus.NOTE, f"mesure liée « {item} » hors référentiel CAE")
        if mesures:
            action["liens"] = {"mesures_cae": mesures}
        if "continue" in values:
            flag = parse_bool(values["continue"])
            if flag:
                report.add(
                    source, RowStatus.NOTE, "action en amélioration continue (sans fin prévue)"
                )
        if "actions_liees" in text:
            pending_links.append((len(actions), source, split_list(text["actions_liees"])))

        detail = f"{ident} « {action['titre']} »"
        if sous_action and parent_id:
            action.setdefault("liens", {})["actions"] = [parent_id]
            detail += f", sous-action de {parent_id}"
        actions.append(action)
        ids.append(ident)
        by_title.setdefault(fold(action["titre"]), ident)
        report.add(source, RowStatus.CREATED, detail)

    for position, source, names in pending_links:
        links = actions[position].setdefault("liens", {}).setdefault("actions", [])
        for name in names:
            target = by_title.get(fold(name)) or (name if name in ids else None)
            if target is None:
                report.add(
                    source, RowStatus.NOTE, f"action liée « {name} » introuvable, non reprise"
                )
            elif target not in links and target != ids[position]:
                links.append(target)
    if empty:
        report.notes.append(f"{empty} ligne(s) vide(s) ignorée(s)")

    result.add_entity(
        "plans",
        plan_id,
        {
            "nom": f"Plan d'actions importé de {path.name}",
            "type": "PCAET",
            "axes": [a.as_data() for a in axes.values()],
        },
        comment=f"Importé de {path.name} (modèle Territoires en Transitions).",
    )
    actors.write(result)
    for ident, action in zip(ids, actions, strict=True):
        result.add_entity("actions", ident, action)
    return result


def _new_action(plan_id: str, code: str, counters: dict[str, int], slugger: Slugger) -> str:
    del plan_id
    counters[code] = counters.get(code, 0) + 1
    if code:
        return slugger.take(f"{code.replace('.', '-')}-{counters[code]:02d}")
    return slugger.take(f"act-{counters[code]:03d}")


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _service_type(name: str) -> TypeActeur:
    return TypeActeur.DIRECTION if fold(name).startswith("direction") else TypeActeur.SERVICE


def _org_type(name: str) -> TypeActeur:
    from pcaet_cli.io.import_common import guess_type

    return guess_type(name)
