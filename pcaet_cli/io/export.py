"""The register exported for other tools: a lossless JSON document, and "le grand
tableur" the officers filter and sort (one row per action, every dimension).

Pure functions from the index to data: the sheets are `Table`s, which the writers of
`render/tables` write as CSV or XLSX.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, NamedTuple, TypeVar

from pcaet_cli.french import number
from pcaet_cli.io.register_json import FORMAT_NAME, FORMAT_VERSION
from pcaet_cli.model import Acteur, Action, Plan, RegisterModel, Territoire
from pcaet_cli.model.action import Indicateur, Suivi
from pcaet_cli.model.vocab import (
    DOMAINE_LABELS,
    DOMAINE_SERVICE_LABELS,
    ETAT_PLAN_LABELS,
    MODE_COMPETENCE_LABELS,
    NATURE_LABELS,
    OBLIGATION_LABELS,
    TYPE_ACTEUR_LABELS,
    TYPE_PLAN_LABELS,
    competence_label,
)
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import Document
from pcaet_cli.reports.declencheurs import LABELS as DECLENCHEURS
from pcaet_cli.reports.frames import ROLE_NAMES, ROLES, build_frames
from pcaet_cli.reports.model import Column, Table, build_frame
from pcaet_cli.reports.totals import BudgetTotals, budget_totals
from pcaet_cli.textsafe import json_text

SEPARATOR = " ; "
"""Between the items of a multi-valued cell: a comma appears inside names and amounts."""


# --- JSON: the whole register, lossless ------------------------------------------------


def _dump(model: RegisterModel) -> dict[str, Any]:
    # exclude_defaults keeps the files' own shape (no empty lists the author never wrote);
    # re-validating the dump gives back an equal model.
    return model.model_dump(mode="json", exclude_defaults=True, by_alias=True)


def register_document(
    index: RegisterIndex, nom: str | None, config_text: str | None = None
) -> dict[str, Any]:
    """Every entity whose file loaded, by kind then by sorted identifier, and the text of
    pcaet.toml as written, so that an import gives back every setting and its comments."""
    kinds = {
        "territoires": index.territoires,
        "acteurs": index.acteurs,
        "plans": index.plans,
        "actions": index.actions,
    }
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "registre": {"nom": nom},
    }
    if config_text is not None:
        document["registre"]["pcaet_toml"] = config_text
    for kind, docs in kinds.items():
        document[kind] = {
            ident: _dump(model)
            for ident in sorted(docs)
            if (model := docs[ident].model) is not None
        }
    return document


def register_json(index: RegisterIndex, nom: str | None, config_text: str | None = None) -> str:
    # Keys stay in the order built (kinds, then sorted identifiers, then model fields):
    # two exports of the same register are byte-identical and diff cleanly. Bidi and
    # other invisible characters are \u-escaped: the same values, harmless on a terminal.
    return json_text(register_document(index, nom, config_text))


# --- the spreadsheet -------------------------------------------------------------------


def _figure(value: float | None) -> int | float | None:
    """Whole amounts as integers: 180000, not 180000.0, in a spreadsheet or a CSV."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


def _label(labels: dict[str, str], code: object) -> str | None:
    """A code of the register as people name it; an unlisted one as written."""
    if code is None:
        return None
    return labels.get(str(code), str(code))


def _join(items: Iterable[str]) -> str | None:
    text = SEPARATOR.join(items)
    return text or None


class _Names:
    """Identifiers shown as names; an unknown identifier is shown as written."""

    def __init__(self, index: RegisterIndex) -> None:
        self.index = index

    def acteur(self, ident: str | None) -> str | None:
        if ident is None:
            return None
        model = self.index.acteur(ident)
        return model.nom if model else ident

    def acteurs(self, idents: Iterable[str]) -> str | None:
        return _join(self.acteur(i) or i for i in idents)

    def territoire(self, ident: str | None) -> str | None:
        if ident is None:
            return None
        model = self.index.territoire(ident)
        return model.nom if model else ident

    def territoires(self, idents: Iterable[str]) -> str | None:
        return _join(self.territoire(i) or i for i in idents)

    def plan(self, ident: str) -> str:
        model = self.index.plan(ident)
        return model.nom if model else ident


def _financement_text(names: _Names, action: Action) -> str | None:
    parts = []
    for f in action.financements:
        text = names.acteur(f.financeur) or f.financeur
        if f.montant is not None:
            text += f" : {number(f.montant, 0)} €"
        detail = [d for d in (f.dispositif, str(f.annee) if f.annee else None) if d]
        if detail:
            text += f" ({', '.join(detail)})"
        parts.append(text)
    return _join(parts)


def _measure(value: float, unite: str | None) -> str:
    text = number(value)
    return f"{text} {unite}" if unite else text


def _indicateur_text(ind: Indicateur) -> str:
    if ind.mesures:
        year = max(ind.mesures)
        text = f"{ind.nom} : {_measure(ind.mesures[year], ind.unite)} ({year})"
    elif ind.valeur_initiale is not None:
        initial = _measure(ind.valeur_initiale, ind.unite)
        when = f"{ind.annee_initiale}, " if ind.annee_initiale else ""
        text = f"{ind.nom} : {initial} ({when}valeur initiale)"
    else:
        text = f"{ind.nom} : pas encore mesuré"
    if ind.cible is not None:
        text += f" / cible {_measure(ind.cible, ind.unite)}"
        if ind.annee_cible:
            text += f" ({ind.annee_cible})"
    return text


def _budget_years(index: RegisterIndex) -> list[int]:
    return sorted({line.annee for _, a in index.iter_actions() for line in a.budget if line.annee})


Model = TypeVar("Model", bound=RegisterModel)


class _Entry(NamedTuple, Generic[Model]):
    ident: str
    model: Model


def _entries(docs: Iterable[tuple[Document, Model]]) -> list[_Entry[Model]]:
    """(document, model) pairs as rows, sorted by identifier."""
    return sorted((_Entry(doc.id, model) for doc, model in docs), key=lambda e: e.ident)


@dataclass(frozen=True, slots=True)
class _ActionRow:
    """An action with what its row derives once: lateness, last note, budget totals."""

    ident: str
    action: Action
    late: bool
    last: Suivi | None
    budget: BudgetTotals


def _year_columns(year: int) -> list[Column[_ActionRow]]:
    return [
        Column(f"Prévu {year} (€ HT)", lambda r: _figure(r.budget.year(year).planned)),
        Column(f"Réalisé {year} (€ HT)", lambda r: _figure(r.budget.year(year).spent)),
    ]


def _action_columns(names: _Names, years: list[int]) -> list[Column[_ActionRow]]:
    return [
        Column("Identifiant", lambda r: r.ident),
        Column("Titre", lambda r: r.action.titre),
        Column("Statut", lambda r: str(r.action.statut) if r.action.statut else None),
        Column("Priorité", lambda r: str(r.action.priorite) if r.action.priorite else None),
        Column("Date de début", lambda r: r.action.date_debut),
        Column("Date de fin", lambda r: r.action.date_fin),
        Column("En retard", lambda r: "oui" if r.late else "non"),
        Column("Échelon", lambda r: names.territoire(r.action.echelon)),
        Column(
            "Compétence",
            lambda r: competence_label(c) if (c := r.action.competence) else None,
        ),
        Column("Territoires", lambda r: names.territoires(r.action.territoires)),
        Column(
            "Plans et axes",
            lambda r: _join(
                f"{names.plan(p)} : {axe}" if axe else names.plan(p)
                for p, axe in r.action.plans.items()
            ),
        ),
        Column("Pilote", lambda r: names.acteur(r.action.pilote)),
        Column("Copilotes", lambda r: names.acteurs(r.action.copilotes)),
        Column("Élu référent", lambda r: names.acteur(r.action.referent)),
        Column("Personnes mobilisées", lambda r: names.acteurs(r.action.personnes)),
        Column("Partenaires", lambda r: names.acteurs(r.action.partenaires)),
        Column("Financements", lambda r: _financement_text(names, r.action)),
        Column("Budget prévu total (€ HT)", lambda r: _figure(r.budget.overall.planned)),
        Column("Budget réalisé total (€ HT)", lambda r: _figure(r.budget.overall.spent)),
        # A pair of columns per year that appears anywhere in the register, so that
        # every row has the same columns.
        *(column for year in years for column in _year_columns(year)),
        Column("Secteurs", lambda r: _join(str(s) for s in r.action.secteurs)),
        Column("Domaines", lambda r: _join(DOMAINE_LABELS[d] for d in r.action.domaines)),
        Column("Volets", lambda r: _join(str(v) for v in r.action.volets)),
        Column("Types d'action", lambda r: _join(str(t) for t in r.action.type_action)),
        Column("Cibles", lambda r: _join(str(c) for c in r.action.cibles)),
        Column(
            "Participation citoyenne",
            lambda r: str(p) if (p := r.action.participation_citoyenne) else None,
        ),
        Column(
            "Déclencheur",
            lambda r: DECLENCHEURS[r.action.declencheur] if r.action.declencheur else None,
        ),
        Column("Proposée par", lambda r: names.acteur(r.action.propose_par)),
        Column(
            "Gains GES (tCO2e/an)",
            lambda r: _figure(g.ges_tco2e) if (g := r.action.gains) else None,
        ),
        Column(
            "Gains énergie (MWh/an)",
            lambda r: _figure(g.energie_mwh) if (g := r.action.gains) else None,
        ),
        Column(
            "Production EnR (MWh/an)",
            lambda r: _figure(g.enr_mwh) if (g := r.action.gains) else None,
        ),
        Column("Indicateurs", lambda r: _join(_indicateur_text(i) for i in r.action.indicateurs)),
        Column("Dernier suivi (date)", lambda r: r.last.date if r.last else None),
        Column("Dernier suivi", lambda r: r.last.texte if r.last else None),
        Column("Description", lambda r: r.action.description),
        Column("Objectifs", lambda r: r.action.objectifs),
    ]


def actions_table(index: RegisterIndex, today: date) -> Table:
    """One row per action, sorted by identifier."""
    rows = [
        _ActionRow(
            ident=entry.ident,
            action=entry.model,
            late=index.is_late(entry.model, today),
            last=max(entry.model.suivi, key=lambda s: s.date) if entry.model.suivi else None,
            budget=budget_totals(entry.model.budget),
        )
        for entry in _entries(index.iter_actions())
    ]
    columns = _action_columns(_Names(index), _budget_years(index))
    return Table("actions", "Actions", build_frame(columns, rows, exact=True), text_as_held=True)


def acteurs_table(index: RegisterIndex) -> Table:
    # E-mail and telephone stay out: the workbook circulates, contacts are personal
    # data (the JSON export, a full copy of the register, keeps them).
    names = _Names(index)
    columns: list[Column[_Entry[Acteur]]] = [
        Column("Identifiant", lambda e: e.ident),
        Column("Nom", lambda e: e.model.nom),
        Column("Type", lambda e: _label(TYPE_ACTEUR_LABELS, e.model.type)),
        Column("Territoire", lambda e: names.territoire(e.model.territoire)),
        Column("Domaine", lambda e: _label(DOMAINE_SERVICE_LABELS, e.model.domaine)),
        Column("Rattaché à", lambda e: names.acteur(e.model.rattache_a)),
        Column("Service", lambda e: names.acteur(e.model.service)),
        Column("Relais", lambda e: names.acteur(e.model.relais)),
        Column("Poste", lambda e: e.model.poste),
        Column("Fonction", lambda e: e.model.fonction),
        Column("Délégation", lambda e: e.model.delegation),
        Column("Temps disponible (ETP)", lambda e: _figure(e.model.temps_disponible)),
        Column("Actions pilotées", lambda e: len(index.actions_piloted_by(e.ident))),
    ]
    frame = build_frame(columns, _entries(index.iter_acteurs()), exact=True)
    return Table("acteurs", "Acteurs", frame, text_as_held=True)


def territoires_table(index: RegisterIndex) -> Table:
    names = _Names(index)

    def competences(t: Territoire) -> str | None:
        return _join(
            f"{competence_label(name)} : {_label(MODE_COMPETENCE_LABELS, c.mode)}"
            + (f" à {names.territoire(c.a)}" if c.a else "")
            for name, c in t.competences.items()
        )

    columns: list[Column[_Entry[Territoire]]] = [
        Column("Identifiant", lambda e: e.ident),
        Column("Nom", lambda e: e.model.nom),
        Column("Nature", lambda e: _label(NATURE_LABELS, e.model.nature)),
        Column("SIREN", lambda e: e.model.siren),
        Column("Code INSEE", lambda e: e.model.code_insee),
        Column("Population", lambda e: e.model.population),
        Column("Membre de", lambda e: names.territoires(e.model.membre_de)),
        Column("Compétences", lambda e: competences(e.model)),
        Column("Chargé·e de mission", lambda e: names.acteur(e.model.charge_de_mission)),
        Column("DGS", lambda e: names.acteur(e.model.dgs)),
    ]
    frame = build_frame(columns, _entries(index.iter_territoires()), exact=True)
    return Table("territoires", "Territoires", frame, text_as_held=True)


def plans_table(index: RegisterIndex) -> Table:
    names = _Names(index)
    columns: list[Column[_Entry[Plan]]] = [
        Column("Identifiant", lambda e: e.ident),
        Column("Nom", lambda e: e.model.nom),
        Column("Type", lambda e: _label(TYPE_PLAN_LABELS, e.model.type)),
        Column("Porteur", lambda e: names.territoire(e.model.porteur)),
        Column("Périmètre", lambda e: names.territoires(e.model.perimetre)),
        Column("Obligation", lambda e: _label(OBLIGATION_LABELS, e.model.obligation)),
        Column("État", lambda e: _label(ETAT_PLAN_LABELS, e.model.statut)),
        Column("Date de début", lambda e: e.model.date_debut),
        Column("Date de fin", lambda e: e.model.date_fin),
        Column("Axes", lambda e: _join(f"{code} {titre}" for code, titre in e.model.axis_codes())),
        Column("Actions", lambda e: len(set(index.plan_actions(e.ident)) & set(index.actions))),
    ]
    frame = build_frame(columns, _entries(index.iter_plans()), exact=True)
    return Table("plans", "Plans", frame, text_as_held=True)


class _Role(NamedTuple):
    action: str
    acteur: str
    role: str


def roles_table(index: RegisterIndex, today: date) -> Table:
    """Who does what, one row per action × actor × role.

    A tidy table rather than an actors × actions matrix: the example register has about
    fifty actors and fifty actions, a matrix of mostly empty cells no one reads, while
    the autofilter on this table answers both questions ("what does this service do?",
    "who works on this action?") and the rows can be pivoted in the spreadsheet."""
    names = _Names(index)
    titles = {doc.id: action.titre for doc, action in index.iter_actions()}
    columns: list[Column[_Role]] = [
        Column("Action", lambda r: r.action),
        Column("Titre de l'action", lambda r: titles[r.action]),
        Column("Acteur", lambda r: r.acteur),
        Column("Nom de l'acteur", lambda r: names.acteur(r.acteur)),
        Column("Rôle", lambda r: ROLE_NAMES[r.role]),
    ]
    roles = build_frames(index, today).roles
    rows = sorted(
        (_Role(*r) for r in roles.itertuples(index=False, name=None)),
        key=lambda r: (r.action, ROLES.index(r.role)),
    )
    return Table(
        "qui_fait_quoi", "Qui fait quoi", build_frame(columns, rows, exact=True), text_as_held=True
    )


def summary_tables(index: RegisterIndex, today: date, cible_portage: float = 0.6) -> list[Table]:
    """The workbook's first sheet: the key figures of `pcaet report` (synthesis, statuses,
    budget by year) for the whole register."""
    from pcaet_cli.reports import ReportOptions, build_summary

    options = ReportOptions(today=today, cible_portage=cible_portage)
    return build_summary("synthese", index, options)[1]


def workbook_tables(index: RegisterIndex, today: date) -> list[Table]:
    return [
        actions_table(index, today),
        acteurs_table(index),
        territoires_table(index),
        plans_table(index),
        roles_table(index, today),
    ]
