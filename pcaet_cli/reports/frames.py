"""Tidy frames built once from the register index; every report is a function of these.

One row per fact: action × actor × role, action × territory covered, action × plan, and
so on. Reports group and pivot them; none re-reads YAML or walks the index again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pandas as pd

from pcaet_cli.model import Action
from pcaet_cli.model.vocab import (
    ACTEURS_COLLECTIVITE,
    DOMAINE_LABELS,
    SECTEURS_REGLEMENTAIRES,
    TypeActeur,
)
from pcaet_cli.register.index import RegisterIndex

if TYPE_CHECKING:
    from pcaet_cli.reports.qui_fait_quoi import Placed

ROLES = ("pilote", "copilote", "referent", "relais", "personne", "partenaire", "financeur")
"""Roles on an action, strongest first (the order of the who-does-what columns)."""
ROLE_NAMES = {
    "pilote": "Pilote",
    "copilote": "Copilote",
    "referent": "Élu référent",
    "relais": "Relais du plan",
    "personne": "Personne mobilisée",
    "partenaire": "Partenaire",
    "financeur": "Financeur",
}
"""Each role in words, for readers of files and pages (the terminal has shorter ones)."""


# Columns are declared, not inferred from the first row: an empty register still gives
# frames with every column, and the views need no special case for it.
ACTION_COLUMNS = [
    "action",
    "titre",
    "statut",
    "priorite",
    "date_debut",
    "date_fin",
    "echelon",
    "competence",
    "pilote",
    "portage",
    "referent",
    "propose_par",
    "proposee_par_acteur",
    "declencheur",
    "en_retard",
    "ges_tco2e",
    "energie_mwh",
    "enr_mwh",
]
ACTEUR_COLUMNS = [
    "acteur",
    "nom",
    "type",
    "territoire",
    "domaine",
    "rattache_a",
    "service",
    "relais",
    "poste",
    "temps_disponible",
    "collectivite",
]
TERRITOIRE_COLUMNS = [
    "territoire",
    "nom",
    "nature",
    "membre_de",
    "population",
    "charge_de_mission",
    "dgs",
]
PLAN_COLUMNS = ["plan", "nom", "type", "porteur", "date_debut", "date_fin"]
INDICATEUR_COLUMNS = [
    "action",
    "indicateur",
    "unite",
    "valeur_initiale",
    "annee_initiale",
    "cible",
    "annee_cible",
    "annee",
    "valeur",
]


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _dated(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A frame whose `annee` holds the years as written, whole numbers or None: inferred,
    a column of years with one line without a year turns float, and the reports would
    say « 2025.0 »."""
    frame = _frame(rows, columns)
    frame["annee"] = pd.Series([row.get("annee") for row in rows], dtype=object)
    return frame


def years_or(years: pd.Series, missing: str) -> pd.Series:
    """`years` (a column of `_dated`) with `missing` where a line has none (« sans
    année », « pluriannuel »). Not `fillna`: on this object column pandas 2.2 warns, in
    English on the user's screen, that it will stop re-inferring the column's type."""
    return pd.Series(
        [missing if year is None else year for year in years], index=years.index, dtype=object
    )


@dataclass(frozen=True)
class Frames:
    actions: pd.DataFrame
    """One row per action: its scalar facts and the derived ones (portage, lateness)."""
    acteurs: pd.DataFrame
    territoires: pd.DataFrame
    plans: pd.DataFrame
    roles: pd.DataFrame
    """action × acteur × role."""
    couverture: pd.DataFrame
    """action × territoire covered, with `via` saying how (direct, parent level, member)."""
    secteurs: pd.DataFrame
    domaines: pd.DataFrame
    articulation: pd.DataFrame
    """action × plan × axe."""
    axes: pd.DataFrame
    """plan × axe code × titre: every axis of every plan, depth first."""
    temps: pd.DataFrame
    """action × acteur × annee × etp (see RegisterIndex.time_lines)."""
    budget: pd.DataFrame
    financements: pd.DataFrame
    indicateurs: pd.DataFrame
    """action × indicateur × annee with the value measured, the target and the baseline."""

    # Computed once per frames for the views that all need them (the synthesis computes
    # five views on the same frames).
    @cached_property
    def service_of(self) -> dict[str, str]:
        """The service an actor belongs to: itself for a service, its `service` for a
        person."""
        out: dict[str, str] = {}
        for row in self.acteurs.itertuples(index=False):
            if row.type in ("service", "direction"):
                out[str(row.acteur)] = str(row.acteur)
            elif isinstance(row.service, str):
                out[str(row.acteur)] = row.service
        return out

    @cached_property
    def placed(self) -> dict[str, Placed]:
        """Every actor in reading order (`qui_fait_quoi.placement`)."""
        from pcaet_cli.reports.qui_fait_quoi import placement

        return placement(self)


def build_frames(index: RegisterIndex, today: date) -> Frames:
    actions: list[dict[str, Any]] = []
    roles: list[dict[str, Any]] = []
    couverture: list[dict[str, Any]] = []
    secteurs: list[dict[str, Any]] = []
    domaines: list[dict[str, Any]] = []
    articulation: list[dict[str, Any]] = []
    budget: list[dict[str, Any]] = []
    financements: list[dict[str, Any]] = []
    indicateurs: list[dict[str, Any]] = []

    for doc, action in index.iter_actions():
        ident = doc.id
        proposer = index.acteur(action.propose_par)
        actions.append(
            {
                "action": ident,
                "titre": action.titre,
                "statut": str(action.statut) if action.statut else None,
                "priorite": str(action.priorite) if action.priorite else None,
                "date_debut": action.date_debut,
                "date_fin": action.date_fin,
                "echelon": action.echelon,
                "competence": action.competence,
                "pilote": action.pilote,
                "portage": index.portage(action),
                "referent": action.referent,
                "propose_par": action.propose_par,
                "proposee_par_acteur": (
                    proposer is not None and proposer.type not in ACTEURS_COLLECTIVITE
                ),
                "declencheur": str(action.declencheur) if action.declencheur else None,
                "en_retard": index.is_late(action, today),
                "ges_tco2e": action.gains.ges_tco2e if action.gains else None,
                "energie_mwh": action.gains.energie_mwh if action.gains else None,
                "enr_mwh": action.gains.enr_mwh if action.gains else None,
            }
        )
        for role, actor in _roles(index, action):
            roles.append({"action": ident, "acteur": actor, "role": role})
        for territory, via in _covered(index, action):
            couverture.append({"action": ident, "territoire": territory, "via": via})
        secteurs += [
            {"action": ident, "secteur": str(s), "reglementaire": s in SECTEURS_REGLEMENTAIRES}
            for s in action.secteurs
        ]
        domaines += [
            {"action": ident, "domaine": str(d), "libelle": DOMAINE_LABELS[d]}
            for d in action.domaines
        ]
        for plan, axe in action.plans.items():
            articulation.append(
                {
                    "action": ident,
                    "plan": plan,
                    "axe": axe,
                    "axe_racine": axe.split(".")[0] if axe else None,
                }
            )
        budget += [
            {
                "action": ident,
                "annee": line.annee,
                "type": str(line.type),
                "prevu": line.prevu,
                "realise": line.realise,
            }
            for line in action.budget
        ]
        financements += [
            {
                "action": ident,
                "financeur": f.financeur,
                "montant": f.montant,
                "dispositif": f.dispositif,
                "annee": f.annee,
            }
            for f in action.financements
        ]
        for ind in action.indicateurs:
            base = {
                "action": ident,
                "indicateur": ind.nom,
                "unite": ind.unite,
                "valeur_initiale": ind.valeur_initiale,
                "annee_initiale": ind.annee_initiale,
                "cible": ind.cible,
                "annee_cible": ind.annee_cible,
            }
            if not ind.mesures:
                indicateurs.append({**base, "annee": None, "valeur": None})
            for year, value in sorted(ind.mesures.items()):
                indicateurs.append({**base, "annee": year, "valeur": value})

    temps = [
        {"action": d.id, "acteur": actor, "annee": year, "etp": etp}
        for d, action in index.iter_actions()
        for actor, year, etp in index.time_lines(action)
    ]
    acteurs = [
        {
            "acteur": d.id,
            "nom": a.nom,
            "type": str(a.type),
            "territoire": a.territoire,
            "domaine": str(a.domaine) if a.domaine else None,
            "rattache_a": a.rattache_a,
            "service": a.service,
            "relais": a.relais,
            "poste": a.poste,
            "temps_disponible": a.temps_disponible,
            "collectivite": a.type in ACTEURS_COLLECTIVITE,
        }
        for d, a in index.iter_acteurs()
    ]
    territoires = [
        {
            "territoire": d.id,
            "nom": t.nom,
            "nature": str(t.nature),
            "membre_de": t.membre_de[0] if t.membre_de else None,
            "population": t.population,
            "charge_de_mission": t.charge_de_mission,
            "dgs": t.dgs,
        }
        for d, t in index.iter_territoires()
    ]
    plans = [
        {
            "plan": d.id,
            "nom": p.nom,
            "type": str(p.type),
            "porteur": p.porteur,
            "date_debut": p.date_debut,
            "date_fin": p.date_fin,
        }
        for d, p in index.iter_plans()
    ]
    axes = [
        {"plan": d.id, "axe": code, "titre": titre}
        for d, p in index.iter_plans()
        for code, titre in p.axis_codes()
    ]
    return Frames(
        actions=_frame(actions, ACTION_COLUMNS),
        acteurs=_frame(acteurs, ACTEUR_COLUMNS),
        territoires=_frame(territoires, TERRITOIRE_COLUMNS),
        plans=_frame(plans, PLAN_COLUMNS),
        roles=_frame(roles, ["action", "acteur", "role"]),
        couverture=_frame(couverture, ["action", "territoire", "via"]),
        secteurs=_frame(secteurs, ["action", "secteur", "reglementaire"]),
        domaines=_frame(domaines, ["action", "domaine", "libelle"]),
        articulation=_frame(articulation, ["action", "plan", "axe", "axe_racine"]),
        axes=_frame(axes, ["plan", "axe", "titre"]),
        temps=_dated(temps, ["action", "acteur", "annee", "etp"]),
        budget=_dated(budget, ["action", "annee", "type", "prevu", "realise"]),
        financements=_dated(
            financements, ["action", "financeur", "montant", "dispositif", "annee"]
        ),
        indicateurs=_frame(indicateurs, INDICATEUR_COLUMNS),
    )


def _roles(index: RegisterIndex, action: Action) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if action.pilote:
        found.append(("pilote", action.pilote))
        pilot = index.acteur(action.pilote)
        if pilot is not None and pilot.type is TypeActeur.SERVICE and pilot.relais:
            found.append(("relais", pilot.relais))
    found += [("copilote", a) for a in action.copilotes]
    if action.referent:
        found.append(("referent", action.referent))
    found += [("personne", a) for a in action.personnes]
    found += [("partenaire", a) for a in action.partenaires]
    found += [("financeur", f.financeur) for f in action.financements]
    # Someone whose time is counted on the action works on it, even if not listed.
    named = {actor for _, actor in found}
    found += [("personne", t.acteur) for t in action.temps if t.acteur not in named]
    # One row per (role, actor): a financer named on two lines is one financer.
    return list(dict.fromkeys(found))


def _covered(index: RegisterIndex, action: Action) -> list[tuple[str, str]]:
    """Territories an action covers. It applies to `territoires` (default: the échelon,
    else the carriers of its plans: lint counts an action of a plan for the plan, so the
    report counts it for the plan's territory); an action for a PETR covers its EPCIs
    and communes (down), and a commune's action counts for its EPCI and PETR (up)."""
    applied = action.territoires or ([action.echelon] if action.echelon else [])
    if not applied:
        carriers = (plan.porteur for ident in action.plans if (plan := index.plan(ident)))
        applied = list(dict.fromkeys(c for c in carriers if c is not None))
    covered: dict[str, str] = {}
    for territory in applied:
        covered.setdefault(territory, "direct")
    for territory in applied:
        for below in index.descendants(territory):
            covered.setdefault(below, "niveau_superieur")
        for above in index.ancestors(territory):
            covered.setdefault(above, "membre")
    return list(covered.items())


def restrict(frames: Frames, keep: set[str]) -> Frames:
    """The same frames limited to the actions in `keep` (actors, territories and plans
    and the plans' axes stay whole: a filter narrows what is counted, not who can be named)."""

    def only(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["action"].isin(keep)].reset_index(drop=True)

    return Frames(
        actions=only(frames.actions),
        acteurs=frames.acteurs,
        territoires=frames.territoires,
        plans=frames.plans,
        roles=only(frames.roles),
        couverture=only(frames.couverture),
        secteurs=only(frames.secteurs),
        domaines=only(frames.domaines),
        articulation=only(frames.articulation),
        axes=frames.axes,
        temps=only(frames.temps),
        budget=only(frames.budget),
        financements=only(frames.financements),
        indicateurs=only(frames.indicateurs),
    )
