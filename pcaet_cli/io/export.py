"""The register exported for other tools: a lossless JSON document, and "le grand
tableur" the officers filter and sort (one row per action, every dimension).

Pure functions from the index to data; writing files is in `pcaet_cli.io.export_files`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pcaet_cli.french import number
from pcaet_cli.model import Action, RegisterModel
from pcaet_cli.model.action import Indicateur
from pcaet_cli.model.vocab import DOMAINE_LABELS, MODE_COMPETENCE_LABELS
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.reports.declencheurs import LABELS as DECLENCHEURS
from pcaet_cli.reports.frames import ROLE_NAMES, ROLES, build_frames

FORMAT_NAME = "pcaet-registre"
FORMAT_VERSION = 1
SEPARATOR = " ; "
"""Between the items of a multi-valued cell: a comma appears inside names and amounts."""


@dataclass(frozen=True)
class Table:
    """One sheet: French headers and rows of plain values (str, int, float, date, None)."""

    name: str
    columns: list[str]
    rows: list[list[Any]]


# --- JSON: the whole register, lossless ------------------------------------------------


def _dump(model: RegisterModel) -> dict[str, Any]:
    # exclude_defaults keeps the files' own shape (no empty lists the author never wrote);
    # re-validating the dump gives back an equal model.
    return model.model_dump(mode="json", exclude_defaults=True, by_alias=True)


def register_document(index: RegisterIndex, nom: str | None) -> dict[str, Any]:
    """Every entity whose file loaded, by kind then by sorted identifier."""
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
    for kind, docs in kinds.items():
        document[kind] = {
            ident: _dump(model)
            for ident in sorted(docs)
            if (model := docs[ident].model) is not None
        }
    return document


# --- the spreadsheet -------------------------------------------------------------------


def _figure(value: float | None) -> int | float | None:
    """Whole amounts as integers: 180000, not 180000.0, in a spreadsheet or a CSV."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


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


def _total(values: Iterable[float | None]) -> int | float | None:
    present = [v for v in values if v is not None]
    return _figure(sum(present)) if present else None


def _budget_years(index: RegisterIndex) -> list[int]:
    return sorted({line.annee for _, a in index.iter_actions() for line in a.budget if line.annee})


ACTION_HEAD = [
    "Identifiant",
    "Titre",
    "Statut",
    "Priorité",
    "Date de début",
    "Date de fin",
    "En retard",
    "Échelon",
    "Compétence",
    "Territoires",
    "Plans et axes",
    "Pilote",
    "Copilotes",
    "Élu référent",
    "Personnes mobilisées",
    "Partenaires",
    "Financements",
    "Budget prévu total (€ HT)",
    "Budget réalisé total (€ HT)",
]
ACTION_TAIL = [
    "Secteurs",
    "Domaines",
    "Volets",
    "Types d'action",
    "Cibles",
    "Participation citoyenne",
    "Déclencheur",
    "Proposée par",
    "Gains GES (tCO2e/an)",
    "Gains énergie (MWh/an)",
    "Production EnR (MWh/an)",
    "Indicateurs",
    "Dernier suivi (date)",
    "Dernier suivi",
    "Description",
    "Objectifs",
]


def actions_table(index: RegisterIndex, today: date) -> Table:
    """One row per action, sorted by identifier; a pair of budget columns per year that
    appears anywhere in the register, so that every row has the same columns."""
    names = _Names(index)
    years = _budget_years(index)
    columns = [
        *ACTION_HEAD,
        *(f"{what} {year} (€ HT)" for year in years for what in ("Prévu", "Réalisé")),
        *ACTION_TAIL,
    ]
    rows: list[list[Any]] = []
    for ident in sorted(index.actions):
        action = index.actions[ident].model
        assert isinstance(action, Action)
        last = max(action.suivi, key=lambda s: s.date) if action.suivi else None
        per_year: list[Any] = []
        for year in years:
            lines = [line for line in action.budget if line.annee == year]
            per_year.append(_total(line.prevu for line in lines))
            per_year.append(_total(line.realise for line in lines))
        gains = action.gains
        rows.append(
            [
                ident,
                action.titre,
                str(action.statut) if action.statut else None,
                str(action.priorite) if action.priorite else None,
                action.date_debut,
                action.date_fin,
                "oui" if index.is_late(action, today) else "non",
                names.territoire(action.echelon),
                action.competence,
                names.territoires(action.territoires),
                _join(f"{p} : {axe}" if axe else p for p, axe in action.plans.items()),
                names.acteur(action.pilote),
                names.acteurs(action.copilotes),
                names.acteur(action.referent),
                names.acteurs(action.personnes),
                names.acteurs(action.partenaires),
                _financement_text(names, action),
                _total(line.prevu for line in action.budget),
                _total(line.realise for line in action.budget),
                *per_year,
                _join(str(s) for s in action.secteurs),
                _join(DOMAINE_LABELS[d] for d in action.domaines),
                _join(str(v) for v in action.volets),
                _join(str(t) for t in action.type_action),
                _join(str(c) for c in action.cibles),
                str(action.participation_citoyenne) if action.participation_citoyenne else None,
                DECLENCHEURS[action.declencheur] if action.declencheur else None,
                names.acteur(action.propose_par),
                _figure(gains.ges_tco2e) if gains else None,
                _figure(gains.energie_mwh) if gains else None,
                _figure(gains.enr_mwh) if gains else None,
                _join(_indicateur_text(i) for i in action.indicateurs),
                last.date if last else None,
                last.texte if last else None,
                action.description,
                action.objectifs,
            ]
        )
    return Table("actions", columns, rows)


def acteurs_table(index: RegisterIndex) -> Table:
    # E-mail and telephone stay out: the workbook circulates, contacts are personal
    # data (the JSON export, a full copy of the register, keeps them).
    names = _Names(index)
    columns = [
        "Identifiant",
        "Nom",
        "Type",
        "Territoire",
        "Domaine",
        "Rattaché à",
        "Service",
        "Relais",
        "Poste",
        "Fonction",
        "Délégation",
        "Temps disponible (ETP)",
        "Actions pilotées",
    ]
    rows = []
    for ident in sorted(index.acteurs):
        a = index.acteur(ident)
        assert a is not None
        rows.append(
            [
                ident,
                a.nom,
                str(a.type),
                names.territoire(a.territoire),
                str(a.domaine) if a.domaine else None,
                names.acteur(a.rattache_a),
                names.acteur(a.service),
                names.acteur(a.relais),
                a.poste,
                a.fonction,
                a.delegation,
                _figure(a.temps_disponible),
                len(index.actions_piloted_by(ident)),
            ]
        )
    return Table("acteurs", columns, rows)


def territoires_table(index: RegisterIndex) -> Table:
    names = _Names(index)
    columns = [
        "Identifiant",
        "Nom",
        "Nature",
        "SIREN",
        "Code INSEE",
        "Population",
        "Membre de",
        "Compétences",
        "Chargé·e de mission",
        "DGS",
    ]
    rows = []
    for ident in sorted(index.territoires):
        t = index.territoire(ident)
        assert t is not None
        competences = _join(
            f"{name} : {MODE_COMPETENCE_LABELS.get(str(c.mode), str(c.mode))}"
            + (f" à {names.territoire(c.a)}" if c.a else "")
            for name, c in t.competences.items()
        )
        rows.append(
            [
                ident,
                t.nom,
                str(t.nature),
                t.siren,
                t.code_insee,
                t.population,
                names.territoires(t.membre_de),
                competences,
                names.acteur(t.charge_de_mission),
                names.acteur(t.dgs),
            ]
        )
    return Table("territoires", columns, rows)


def plans_table(index: RegisterIndex) -> Table:
    names = _Names(index)
    columns = [
        "Identifiant",
        "Nom",
        "Type",
        "Porteur",
        "Périmètre",
        "Obligation",
        "État",
        "Date de début",
        "Date de fin",
        "Axes",
        "Actions",
    ]
    rows = []
    for ident in sorted(index.plans):
        p = index.plan(ident)
        assert p is not None
        rows.append(
            [
                ident,
                p.nom,
                str(p.type),
                names.territoire(p.porteur),
                names.territoires(p.perimetre),
                str(p.obligation) if p.obligation else None,
                str(p.statut) if p.statut else None,
                p.date_debut,
                p.date_fin,
                _join(f"{code} {titre}" for code, titre in p.axis_codes()),
                len(set(index.plan_actions(ident)) & set(index.actions)),
            ]
        )
    return Table("plans", columns, rows)


def roles_table(index: RegisterIndex, today: date) -> Table:
    """Who does what, one row per action × actor × role.

    A tidy table rather than an actors × actions matrix: the example register has about
    fifty actors and fifty actions, a matrix of mostly empty cells no one reads, while
    the autofilter on this table answers both questions ("what does this service do?",
    "who works on this action?") and the rows can be pivoted in the spreadsheet."""
    roles = build_frames(index, today).roles
    names = _Names(index)
    columns = ["Action", "Titre de l'action", "Acteur", "Nom de l'acteur", "Rôle"]
    rows = []
    for action_id, actor, role in sorted(
        roles.itertuples(index=False), key=lambda r: (r[0], ROLES.index(r[2]))
    ):
        action = index.actions[action_id].model
        assert isinstance(action, Action)
        rows.append([action_id, action.titre, actor, names.acteur(actor), ROLE_NAMES[role]])
    return Table("qui_fait_quoi", columns, rows)


def workbook_tables(index: RegisterIndex, today: date) -> list[Table]:
    return [
        actions_table(index, today),
        acteurs_table(index),
        territoires_table(index),
        plans_table(index),
        roles_table(index, today),
    ]
