"""Import of the Territoires en Transitions plan template (`modele-import-pa.xlsx`).

Layout (reference §5.1): the sheet whose A2 reads « Axe (x) », headers on row 2, data
from row 4. Columns are taken by their header or a known alias (`tet_template.COLUMNS`),
never by resemblance; what TeT's own importer refuses, this one refuses too (see
`tet_template` for the files of TeT followed); rows and axes as read: `tet_rows`.
Identifiers: the plan is `pcaet-<file name>`; an action is numbered within its deepest
axis (`1-2-03` = third action of axis 1.2), or `act-001` without an axis, so
re-importing the same workbook gives the same files.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from pcaet_cli.errors import PcaetError
from pcaet_cli.french import plural
from pcaet_cli.io import tet_template as tet
from pcaet_cli.io.import_common import Importer, ImportResult, RowStatus, guess_type, name_key
from pcaet_cli.io.import_values import (
    PERSONAL,
    clean,
    parse_amount,
    parse_axis,
    parse_bool,
    parse_date,
)
from pcaet_cli.io.sources import read_rows
from pcaet_cli.io.tet_rows import LEVELS, Axis, Row, find_sheet, next_code, template_row
from pcaet_cli.io.yamlwrite import NULL
from pcaet_cli.model.vocab import ParticipationCitoyenne, Priorite, Statut, TypeActeur
from pcaet_cli.textmatch import fold, slug

_CAE = re.compile(r"^cae[_\s]*(\d+(?:\.\d+)*)$", re.IGNORECASE)


# Column key → vocabulary and field of the action; the report names the column.
_VOCABULARIES: tuple[tuple[str, type[StrEnum], str], ...] = (
    ("statut", Statut, "statut"),
    ("priorite", Priorite, "priorite"),
    ("participation", ParticipationCitoyenne, "participation_citoyenne"),
)


def import_tet(path: Path, avec_contacts: bool = False) -> ImportResult:
    del avec_contacts  # the template's 28 columns hold names only, never contacts
    return TetImporter(path).run()


class TetImporter(Importer):
    """One workbook of the template: a plan and its axes, one action per row (a
    sub-action too, linked to its action), the actors its cells name."""

    def __init__(self, path: Path) -> None:
        super().__init__("tet", [path], f"Plan importé de {path.name}")
        self.path = path
        stem = slug(path.stem, 40)
        self.plan_id = self.slugger.take(f"pcaet-{stem}" if stem else "pcaet")
        self.axes: dict[str, Axis] = {}
        self.actions: list[tuple[str, dict[str, Any]]] = []  # (identifier, action)
        self.by_title: dict[str, str] = {}  # folded title → first action of that title
        self.by_key: dict[str, str] = {}  # TeT's key (axis path and title) → action
        self.counters: dict[str, int] = {}  # axis code → actions numbered in it so far
        # (position in `actions`, source, names) of « Actions liées »: an action may name
        # one of a later row, so links are resolved once every row is read.
        self.pending_links: list[tuple[int, str, list[str]]] = []
        self.empty = 0
        self._plan_file = f"plans/{self.plan_id}.yaml"

    def run(self) -> ImportResult:
        sheet = self._sheet()
        columns = self._columns(sheet[1])
        rows: list[Row] = []
        for number, cells in enumerate(sheet[3:], start=4):
            row = Row.read(number, cells, columns)
            if not row.values:
                self.empty += 1
                continue
            self.report.read(row.source)
            if (reason := template_row(row.text)) is not None:
                self.report.add(row.source, RowStatus.IGNORED, reason)
            elif (refusal := self._refusal(row)) is not None:
                self.report.add(row.source, RowStatus.REFUSED, refusal)
            else:
                rows.append(row)
        rows = self._without_duplicates(rows)
        rows = self._without_orphans(rows)
        for row in rows:  # identifiers first: a sub-action may come before its action
            row.code = self._axis(row.axis_path)
            if row.titre:
                row.ident = self._new_id(row.code)
                if not row.sous_action:
                    self.by_key[row.key] = row.ident
        for row in rows:
            self._row(row)
        self._link_actions()
        if self.empty:
            self.report.notes.append(
                plural(self.empty, "ligne vide ignorée", "lignes vides ignorées")
            )
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
        """Column index → field key, by the exact header or a known alias (accents, case,
        spacing and punctuation aside); the « Montant € HT » after Financeur N is
        montant_N. An unknown column is said once; the title's absence or columns out of
        TeT's order stop the import."""
        columns: dict[int, str] = {}
        where: dict[str, int] = {}
        funder = ""
        for index, cell in enumerate(header):
            name = " ".join(clean(cell).split())
            spelled = tet.header_key(name)
            if not spelled:
                continue
            key = tet.HEADERS.get(spelled)
            if spelled == tet.MONTANT and funder:
                key, funder = f"montant_{funder[-1]}", ""
            if key is not None and key in where:
                first = tet.column_letter(where[key])
                self._ignored(name, f"en double de la colonne {first}")
                continue
            if key is None:
                personal = PERSONAL.search(fold(name))
                self._ignored(name, "données personnelles" if personal else "inconnue du modèle")
                continue
            if key.startswith("financeur_"):
                funder = key
            columns[index] = key
            where[key] = index
        if "titre" not in where:
            raise PcaetError(
                f"{self.path}, ligne 2 : colonne « Titre de l'action » introuvable (ni « Titre "
                "de la fiche action ») : rien n'a été importé ; rétablissez l'en-tête du modèle"
            )
        if (error := tet.order_error(sorted((i, k) for k, i in where.items()))) is not None:
            raise PcaetError(
                f"{self.path}, ligne 2 : {error} ; Territoires en Transitions refuse un modèle "
                "aux colonnes déplacées : rien n'a été importé ; remettez les colonnes dans "
                "l'ordre du modèle"
            )
        missing = [c.header for c in tet.TEMPLATE if c.key not in where]
        if missing:
            self.report.notes.append(
                "colonnes du modèle absentes : "
                + ", ".join(f"« {h} »" for h in dict.fromkeys(missing))
                + " (Territoires en Transitions refuserait ce classeur)"
            )
        return columns

    def _ignored(self, name: str, why: str) -> None:
        self.report.notes.append(
            f"colonne ignorée : « {name} » ({why}) ; --format tableur --mapping pour la reprendre"
        )

    # ----------------------------------------------------------- TeT's refusals

    def _refusal(self, row: Row) -> str | None:
        """Why TeT's importer would refuse the row (schemas/import-action.input.ts and
        validators/action.validator.ts), in its order; None when it takes it."""
        if not row.titre:
            if row.sous_action:
                return (
                    "« Titre de la sous-action » est renseigné mais « Titre de l'action » est "
                    "manquant : indiquez l'action dont c'est une sous-action"
                )
            if row.axis_path and set(row.values) <= set(LEVELS):
                return None  # an axis given alone: taken as an axis (TeT has no such row)
            return "« Titre de l'action » vide : le titre est obligatoire"
        if len(row.titre) > tet.MAX_TITLE or len(row.sous_action) > tet.MAX_TITLE:
            return f"le titre ne peut pas dépasser {tet.MAX_TITLE} caractères"
        budget: float | None = None
        for key in ("budget", "montant_1", "montant_2", "montant_3"):
            if key not in row.values:
                continue
            try:
                amount = parse_amount(row.values[key])
            except ValueError as exc:
                if "ambigu" in str(exc):
                    continue  # read_amount notes it and leaves it out, as everywhere
                return f"{tet.BY_KEY[key].header} : un nombre est attendu ({exc})"
            if key == "budget":
                budget = amount
        days: dict[str, date | None] = {}
        for key in ("date_debut", "date_fin"):
            # A cell that is no date is noted and left out by read_date, as by every
            # importer (TeT refuses the row: « Une date est attendue »).
            try:
                days[key] = parse_date(row.values.get(key))
            except ValueError:
                days[key] = None
        start, end = days["date_debut"], days["date_fin"]
        if start is not None and end is not None and start > end:
            return (
                f"la date de fin ({end:%d/%m/%Y}) doit être après la date de début "
                f"({start:%d/%m/%Y})"
            )
        if budget is not None and budget < 0:
            return "budget invalide : le budget ne peut pas être négatif"
        if budget is not None and budget > tet.MAX_BUDGET:
            return (
                f"budget invalide : il dépasse la valeur maximale autorisée ({tet.MAX_BUDGET}) ; "
                "vérifiez que la colonne budget ne contient pas une date ou une valeur erronée"
            )
        return None

    def _without_duplicates(self, rows: list[Row]) -> list[Row]:
        """TeT refuses two actions of one title in one axis (create-plan-aggregate.rules.ts,
        findDuplicateActionKeys): the first is taken, the others refused."""
        first: dict[str, str] = {}
        kept: list[Row] = []
        for row in rows:
            if row.titre and not row.sous_action:
                if row.key in first:
                    self.report.add(
                        row.source,
                        RowStatus.REFUSED,
                        f"titre d'action en doublon dans le même axe : {row.key} (déjà en "
                        f"{first[row.key]}) ; renommez l'une des deux actions",
                    )
                    continue
                first[row.key] = row.source
            kept.append(row)
        return kept

    def _without_orphans(self, rows: list[Row]) -> list[Row]:
        """TeT refuses a sub-action whose action has no row of its own in the same axis
        (validators/plan.rules.ts, ParentActionNotFound)."""
        actions = {row.key for row in rows if row.titre and not row.sous_action}
        kept: list[Row] = []
        for row in rows:
            if row.sous_action and row.key not in actions:
                self.report.add(
                    row.source,
                    RowStatus.REFUSED,
                    f"sous-action sans action parente trouvée : « {row.sous_action} » (action "
                    f"parente : « {row.titre} ») ; ajoutez une ligne pour l'action « {row.titre} »"
                    " dans le même axe",
                )
                continue
            kept.append(row)
        return kept

    # ---------------------------------------------------------------- plan and actions

    def _row(self, row: Row) -> None:
        code = row.code
        if not row.titre:
            detail = f"axe {code} seulement, sans action"
            self.report.add(row.source, RowStatus.CREATED, detail, self._plan_file)
            self.report.note(
                row.source, "Territoires en Transitions refuserait cette ligne sans titre"
            )
            return
        action = self._texts(row, row.sous_action or row.titre)
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
        if row.sous_action:
            parent_id = self.by_key[row.key]
            action.setdefault("liens", {})["actions"] = [parent_id]
            detail += f", sous-action de {parent_id}"
        self._add_action(row.ident, action)
        self.report.add(row.source, RowStatus.CREATED, detail, f"actions/{row.ident}.yaml")

    def _axis(self, path: list[str]) -> str:
        """The code of the deepest axis of TeT's path ("" for none), each level created
        on first sight and known by its text under its parent, as TeT knows it: the same
        unnumbered « Mobilité » on six rows is one axis. A cell's number is its code when
        it fits (« 1.2. Vélo » under axis 1); otherwise the axis takes the next free code
        under its parent and keeps the whole text as its title."""
        parent, code = self.axes, ""
        for depth, text in enumerate(path, start=1):
            node = parent.get(text)
            if node is None:
                number, title = parse_axis(text, "")
                fits = (
                    bool(number)
                    and number.count(".") == depth - 1
                    and number.startswith(f"{code}.".lstrip("."))
                    and all(a.code != number for a in parent.values())
                )
                if not fits:
                    number, title = next_code(parent, code), text
                elif text.startswith(f"{number}. "):
                    title = text[len(number) + 2 :]  # as written by the export: « 3. - Sobriété »
                node = parent[text] = Axis(number, title)
            code, parent = node.code, node.children
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

    # ------------------------------------------------------------- fields of an action

    def _texts(self, row: Row, titre: str) -> dict[str, Any]:
        text = row.text
        action: dict[str, Any] = {"titre": titre}
        described = [text["description"]] if "description" in text else []
        described += [f"{heading} : {text[key]}" for key, heading in tet.DESCRIBED if key in text]
        if described:
            action["description"] = "\n\n".join(described)
        for key in ("objectifs", "moyens"):
            if key in text:
                action[key] = text[key]
        return action

    def _vocabularies(self, row: Row, action: dict[str, Any]) -> None:
        for key, vocab, field_name in _VOCABULARIES:
            if key in row.text:
                label = self.vocab_label(row.source, key, row.text[key], vocab)
                if label is not None:
                    action[field_name] = label

    def _dates(self, row: Row, action: dict[str, Any]) -> None:
        for key in ("date_debut", "date_fin"):
            if key in row.values and (day := self.read_date(row.source, key, row.values[key])):
                action[key] = day

    def _elu(self, name: str, source: str) -> str:
        """An actor named in the élu column is an élu, even if named elsewhere before
        (as a pilot person): its type is `elu` whatever came first."""
        ident = self.actors.get(name, TypeActeur.ELU, source)
        self.actors.by_key[name_key(" ".join(name.split()))].type = TypeActeur.ELU
        return ident

    def _actors(self, row: Row, action: dict[str, Any]) -> None:
        """Pilot: the service, else the structure, else the person; the élu référent (a
        second one among the people, said); the other people and the partners. Every
        name becomes (or meets) an actor."""
        source = row.source
        services = [self.actors.get(n, _service_type(n), source) for n in row.names("service")]
        structures = [self.actors.get(n, guess_type(n), source) for n in row.names("structure")]
        people = [self.actors.get(n, TypeActeur.PERSONNE, source) for n in row.names("personne")]
        elus = _unique([self._elu(n, source) for n in row.names("elu")])
        pilots = _unique(services + structures + people)
        if pilots:
            action["pilote"] = pilots[0]
            action["copilotes"] = [p for p in _unique(services + structures) if p != pilots[0]]
        if elus:
            action["referent"] = elus[0]
        for other in row.names("elu")[1:]:
            self.report.note(
                source,
                f"élu référent « {other} » gardé dans les personnes mobilisées : une action "
                "du registre n'a qu'un élu référent",
            )
        action["personnes"] = _unique(
            [
                p
                for p in people + elus[1:]
                if p not in (action.get("pilote"), action.get("referent"))
            ]
        )
        action["partenaires"] = _unique(
            [self.actors.get(n, guess_type(n), source) for n in row.names("partenaires")]
        )

    def _funding(self, row: Row, action: dict[str, Any]) -> None:
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
            if read and value is not None:
                line["montant"] = value
            financements.append(line)
        action["financements"] = financements
        if "budget" in row.values and (
            lines := self.total_budget(row.source, row.values["budget"])
        ):
            action["budget"] = lines

    def _indicators(self, row: Row, action: dict[str, Any]) -> None:
        if "indicateurs" in row.text:
            action["indicateurs"] = [{"nom": n} for n in row.names("indicateurs")]

    def _measures(self, row: Row, action: dict[str, Any]) -> None:
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

    def _continuity(self, row: Row) -> None:
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


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _service_type(name: str) -> TypeActeur:
    return TypeActeur.DIRECTION if fold(name).startswith("direction") else TypeActeur.SERVICE
