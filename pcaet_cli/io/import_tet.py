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
from enum import StrEnum
from pathlib import Path
from typing import Any

from pcaet_cli.errors import PcaetError
from pcaet_cli.io.import_common import (
    PERSONAL,
    Importer,
    ImportResult,
    RowStatus,
    clean,
    guess_type,
    parse_axis,
    parse_bool,
    split_list,
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


# Column key → vocabulary and field of the action; the report names the column.
_VOCABULARIES: tuple[tuple[str, type[StrEnum], str], ...] = (
    ("statut", Statut, "statut"),
    ("priorite", Priorite, "priorite"),
    ("participation", ParticipationCitoyenne, "participation_citoyenne"),
)
# Columns the register has no field for, kept in the description under their heading.
_DESCRIBED: tuple[tuple[str, str], ...] = (
    ("gouvernance", "Instances de gouvernance"),
    ("financements", "Financements"),
    ("notes", "Notes"),
    ("documents", "Documents et liens"),
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


@dataclass(slots=True)
class _Row:
    """One data row: its non-blank cells by field key, as read (dates and numbers keep
    their type) and as text."""

    source: str
    values: dict[str, Any]
    text: dict[str, str]

    @classmethod
    def read(cls, number: int, cells: list[Any], columns: dict[int, str]) -> _Row:
        values = {key: cells[i] for i, key in columns.items() if i < len(cells) and clean(cells[i])}
        return cls(f"ligne {number}", values, {k: clean(v) for k, v in values.items()})

    def names(self, key: str) -> list[str]:
        """The items of a list cell (commas inside quotes or parentheses do not split)."""
        return split_list(self.text.get(key, ""))


def find_sheet(sheets: list[list[list[Any]]]) -> list[list[Any]] | None:
    for rows in sheets:
        if len(rows) >= 2 and rows[1] and fold(clean(rows[1][0])) == fold("Axe (x)"):
            return rows
    return None


def _is_template_row(values: dict[str, str]) -> bool:
    """An instruction or example row of the blank template: its title or axis cell starts
    with « Exemple », or at least two cells hold the template's instruction words."""
    first = fold(values.get("titre", "") or values.get("axe", ""))
    if first.startswith(("exemple", "ex :", "ex.", "instruction")):
        return True
    hits = sum(1 for text in values.values() if _TEMPLATE_WORDS.search(fold(text)))
    return hits >= 2


def import_tet(path: Path, avec_contacts: bool = False) -> ImportResult:
    del avec_contacts  # the template's 28 columns hold names only, never contacts
    return TetImporter(path).run()


class TetImporter(Importer):
    """One workbook of the template: a plan and its axes, one action per row (and one more
    for a sub-action whose action has no row of its own), the actors its cells name."""

    def __init__(self, path: Path) -> None:
        super().__init__("tet", [path], f"Plan importé de {path.name}")
        self.path = path
        stem = slug(path.stem, 40)
        self.plan_id = self.slugger.take(f"pcaet-{stem}" if stem else "pcaet")
        self.axes: dict[str, _Axis] = {}
        self.actions: list[tuple[str, dict[str, Any]]] = []  # (identifier, action)
        self.by_title: dict[str, str] = {}  # folded title → first action of that title
        self.counters: dict[str, int] = {}  # axis code → actions numbered in it so far
        # (position in `actions`, source, names) of « Actions liées »: an action may name
        # one of a later row, so links are resolved once every row is read.
        self.pending_links: list[tuple[int, str, list[str]]] = []
        self.empty = 0
        self._plan_file = f"plans/{self.plan_id}.yaml"

    def run(self) -> ImportResult:
        sheet = self._sheet()
        columns = self._columns(sheet[1])
        if "titre" not in columns.values():
            raise PcaetError(f"{self.path} : colonne « Titre de l'action » introuvable en ligne 2")
        for number, cells in enumerate(sheet[3:], start=4):
            self._row(number, _Row.read(number, cells, columns))
        self._link_actions()
        if self.empty:
            self.report.notes.append(f"{self.empty} ligne(s) vide(s) ignorée(s)")
        self._write()
        return self.result

    # ------------------------------------------------------------------------ reading

    def _sheet(self) -> list[list[Any]]:
        sheet = find_sheet(read_rows(self.path))
        if sheet is None:
            raise PcaetError(
                f"{self.path} : aucune feuille dont la cellule A2 vaut « Axe (x) » ; ce n'est "
                "pas le modèle d'import de Territoires en Transitions (essayez --format tableur)"
            )
        return sheet

    def _columns(self, header: list[Any]) -> dict[int, str]:
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
                # Hand-edited copies respell headers (« Elu(e) référent(e) »): a close match
                # is taken, and said, rather than the column being lost.
                loose = _loose(name)
                near = difflib.get_close_matches(loose, list(_LOOSE), n=1, cutoff=0.85)
                if near and not folded.startswith(_MONTANT):
                    spelled = _LOOSE[near[0]]
                    key = HEADERS[fold(spelled)]
                    self.report.notes.append(f"colonne « {name} » lue comme « {spelled} »")
            if key is None:
                if PERSONAL.search(folded):
                    self.report.notes.append(
                        f"colonne « {name} » : données personnelles, non reprises"
                    )
                else:
                    self.report.notes.append(
                        f"colonne « {name} » : inconnue du modèle, non reprise"
                    )
                continue
            if key.startswith("financeur_"):
                last_funder = key
            columns.setdefault(index, key)
        return columns

    def _row(self, number: int, row: _Row) -> None:
        if not row.values:
            self.empty += 1
            return
        self.report.read(row.source)
        if number in (4, 5) and _is_template_row(row.text):
            self.report.add(
                row.source, RowStatus.IGNORED, "ligne d'instructions ou d'exemple du modèle vierge"
            )
            return
        code = self._axis(row.text)
        titre = row.text.get("titre", "")
        sous_action = row.text.get("sous_action", "")
        if not titre and not sous_action:
            if code:
                detail = f"axe {code} seulement, sans action"
                self.report.add(row.source, RowStatus.CREATED, detail, self._plan_file)
            else:
                self.report.add(row.source, RowStatus.REFUSED, "pas de titre d'action")
            return
        parent_id = self._parent_action(row.source, titre, code) if sous_action and titre else None
        ident = self._new_id(code)
        action = self._texts(row, sous_action or titre)
        action["plans"] = {self.plan_id: code or NULL}
        self._vocabularies(row, action)
        self._dates(row, action)
        self._actors(row, action)
        self._funding(row, action)
        self._indicators(row, action)
        self._measures(row, action)
        self._continuity(row)
        if "actions_liees" in row.text:
            self.pending_links.append((len(self.actions), row.source, row.names("actions_liees")))
        detail = f"« {action['titre']} »"
        if parent_id is not None:
            action.setdefault("liens", {})["actions"] = [parent_id]
            detail += f", sous-action de {parent_id}"
        self._add_action(ident, action)
        self.report.add(row.source, RowStatus.CREATED, detail, f"actions/{ident}.yaml")

    # ---------------------------------------------------------------- plan and actions

    def _axis(self, text: dict[str, str]) -> str:
        """The code of the deepest axis a row names ("" for none), each level created on
        first sight: a level may be given alone (a heading row) or on every action row."""
        parent = self.axes
        code = ""
        for level in ("axe", "sous_axe", "sous_sous_axe"):
            if level not in text:
                break
            axis_code, axis_title = parse_axis(text[level], "")
            if not axis_code:
                # A cell without a number names its axis by title alone, on every row of
                # the axis: the axis of that title, else the next free number.
                axis_code = _code_of(parent, axis_title) or _next_code(parent, code)
            node = parent.get(axis_code)
            if node is None:
                node = parent[axis_code] = _Axis(axis_code, axis_title)
            code, parent = axis_code, node.children
        return code

    def _new_id(self, code: str) -> str:
        """The next action of axis `code`: `1-2-03`, or `act-001` without an axis."""
        self.counters[code] = self.counters.get(code, 0) + 1
        if code:
            return self.slugger.take(f"{code.replace('.', '-')}-{self.counters[code]:02d}")
        return self.slugger.take(f"act-{self.counters[code]:03d}")

    def _add_action(self, ident: str, action: dict[str, Any]) -> None:
        self.actions.append((ident, action))
        self.by_title.setdefault(fold(action["titre"]), ident)

    def _parent_action(self, source: str, titre: str, code: str) -> str:
        """The action a sub-action belongs to: the one of that title, or, when the action
        has no row of its own, one created so that the sub-action can point to it."""
        parent_id = self.by_title.get(fold(titre))
        if parent_id is None:
            parent_id = self._new_id(code)
            self._add_action(parent_id, {"titre": titre, "plans": {self.plan_id: code or NULL}})
            detail = f"« {titre} » (action des sous-actions)"
            self.report.add(source, RowStatus.CREATED, detail, f"actions/{parent_id}.yaml")
        return parent_id

    # ------------------------------------------------------------- fields of an action

    def _texts(self, row: _Row, titre: str) -> dict[str, Any]:
        text = row.text
        action: dict[str, Any] = {"titre": titre}
        described = [text["description"]] if "description" in text else []
        described += [f"{heading} : {text[key]}" for key, heading in _DESCRIBED if key in text]
        if described:
            action["description"] = "\n\n".join(described)
        for key in ("objectifs", "moyens"):
            if key in text:
                action[key] = text[key]
        return action

    def _vocabularies(self, row: _Row, action: dict[str, Any]) -> None:
        for key, vocab, field_name in _VOCABULARIES:
            if key in row.text:
                label = self.vocab_label(row.source, key, row.text[key], vocab)
                if label is not None:
                    action[field_name] = label

    def _dates(self, row: _Row, action: dict[str, Any]) -> None:
        for key in ("date_debut", "date_fin"):
            if key in row.values and (day := self.read_date(row.source, key, row.values[key])):
                action[key] = day

    def _actors(self, row: _Row, action: dict[str, Any]) -> None:
        """Pilot: the service, else the structure, else the person; the élu référent; the
        other people and the partners. Every name becomes (or meets) an actor."""
        source = row.source
        services = [self.actors.get(n, _service_type(n), source) for n in row.names("service")]
        structures = [self.actors.get(n, guess_type(n), source) for n in row.names("structure")]
        people = [self.actors.get(n, TypeActeur.PERSONNE, source) for n in row.names("personne")]
        elus = [self.actors.get(n, TypeActeur.ELU, source) for n in row.names("elu")]
        pilots = _unique(services + structures + people)
        if pilots:
            action["pilote"] = pilots[0]
            action["copilotes"] = [p for p in _unique(services + structures) if p != pilots[0]]
        if elus:
            action["referent"] = elus[0]
        action["personnes"] = _unique([p for p in people if p != action.get("pilote")] + elus[1:])
        action["partenaires"] = _unique(
            [self.actors.get(n, guess_type(n), source) for n in row.names("partenaires")]
        )

    def _funding(self, row: _Row, action: dict[str, Any]) -> None:
        """The three funders with their amounts, and the total budget."""
        financements = []
        for n in "123":
            funder = row.text.get(f"financeur_{n}", "")
            amount = row.values.get(f"montant_{n}")
            if not funder:
                if amount is not None:
                    detail = f"montant {n} sans financeur {n}, non repris"
                    self.report.note(row.source, detail)
                continue
            line: dict[str, Any] = {
                "financeur": self.actors.get(funder, guess_type(funder), row.source)
            }
            read, value = self.read_amount(row.source, f"montant {n}", amount)
            if read:
                line["montant"] = value
            financements.append(line)
        action["financements"] = financements
        if "budget" in row.values and (
            lines := self.total_budget(row.source, row.values["budget"])
        ):
            action["budget"] = lines

    def _indicators(self, row: _Row, action: dict[str, Any]) -> None:
        if "indicateurs" in row.text:
            action["indicateurs"] = [{"nom": n} for n in row.names("indicateurs")]

    def _measures(self, row: _Row, action: dict[str, Any]) -> None:
        """Links to measures of the Climat Air Énergie referential (`cae_4.1.1`)."""
        mesures = []
        for item in row.names("mesures"):
            match = _CAE.match(item.replace(" ", ""))
            if match:
                mesures.append(f"cae_{match.group(1)}")
            else:
                detail = f"mesure liée « {item} » hors référentiel CAE"
                self.report.note(row.source, detail)
        if mesures:
            action["liens"] = {"mesures_cae": mesures}

    def _continuity(self, row: _Row) -> None:
        # The register has no field for it: said, so that a missing end date is understood.
        if "continue" in row.values and parse_bool(row.values["continue"]):
            detail = "action en amélioration continue (sans fin prévue)"
            self.report.note(row.source, detail)

    # ----------------------------------------------------------------------- the end

    def _link_actions(self) -> None:
        """« Actions liées » by title or identifier, once every action is known."""
        ids = [ident for ident, _ in self.actions]
        known = set(ids)
        for position, source, names in self.pending_links:
            links = self.actions[position][1].setdefault("liens", {}).setdefault("actions", [])
            for name in names:
                target = self.by_title.get(fold(name)) or (name if name in known else None)
                if target is None:
                    detail = f"action liée « {name} » introuvable, non reprise"
                    self.report.note(source, detail)
                elif target not in links and target != ids[position]:
                    links.append(target)

    def _write(self) -> None:
        self.result.add_entity(
            "plans",
            self.plan_id,
            {
                "nom": f"Plan d'actions importé de {self.path.name}",
                "type": "PCAET",
                "axes": [a.as_data() for a in self.axes.values()],
            },
            comment=f"Importé de {self.path.name} (modèle Territoires en Transitions).",
        )
        self.actors.write(self.result)
        for ident, action in self.actions:
            self.result.add_entity("actions", ident, action)


def _code_of(axes: dict[str, _Axis], title: str) -> str | None:
    folded = fold(title)
    return next((code for code, axis in axes.items() if fold(axis.titre) == folded), None)


def _next_code(axes: dict[str, _Axis], parent_code: str) -> str:
    """One more than the number of `axes`, past any number a numbered cell took."""
    number = len(axes) + 1
    while (code := f"{parent_code}.{number}".lstrip(".")) in axes:
        number += 1
    return code


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _service_type(name: str) -> TypeActeur:
    return TypeActeur.DIRECTION if fold(name).startswith("direction") else TypeActeur.SERVICE
