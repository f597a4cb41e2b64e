"""service SERVICE — one service's page: the actions it pilots or contributes to, what
they bring (sectors, domains, gains, funding), its workload (workshop: "montrer les
avantages pour les services")."""

from __future__ import annotations

import pandas as pd

from pcaet_cli.errors import PcaetError
from pcaet_cli.model.vocab import DOMAINE_SHORT_LABELS, Domaine
from pcaet_cli.reports.frames import ROLES, Frames, years_or
from pcaet_cli.reports.model import Report, Table
from pcaet_cli.reports.qui_fait_quoi import names
from pcaet_cli.textmatch import closest


def service(frames: Frames, ident: str) -> Report:
    actors = frames.acteurs
    services = list(actors[actors["type"].isin(["service", "direction"])]["acteur"])
    if ident not in services:
        guess = closest(ident, services)
        advice = f" ; vouliez-vous dire « {guess} » ?" if guess else ""
        raise PcaetError(f"« {ident} » n'est pas un service du registre{advice}")
    label = names(frames)
    home = frames.service_of
    members = {a for a, s in home.items() if s == ident}
    roles = frames.roles[frames.roles["acteur"].isin(members)]
    order = {r: i for i, r in enumerate(ROLES)}
    by_action = roles.groupby("action")["role"].agg(
        lambda s: ", ".join(sorted(set(s), key=order.__getitem__))
    )
    facts = frames.actions.set_index("action").loc[list(by_action.index)]
    actions = pd.DataFrame(
        {
            "Action": by_action.index,
            "Titre": facts["titre"].to_numpy(),
            "Rôles": by_action.to_numpy(),
            "Statut": facts["statut"].to_numpy(),
        }
    )
    strongest = roles.groupby("action")["role"].agg(lambda s: min(order[r] for r in s))
    actions = (
        actions.assign(_rank=actions["Action"].map(strongest))
        .sort_values(["_rank", "Action"])
        .drop(columns="_rank")
    )

    mine = set(by_action.index)
    sectors = frames.secteurs[frames.secteurs["action"].isin(mine)]["secteur"].value_counts()
    domains = (
        frames.domaines[frames.domaines["action"].isin(mine)]["domaine"]
        .map(lambda d: DOMAINE_SHORT_LABELS[Domaine(d)])
        .value_counts()
    )
    gains = frames.actions[frames.actions["action"].isin(mine)]
    funding = frames.financements[frames.financements["action"].isin(mine)]
    benefits = pd.DataFrame(
        [
            {"Apport": "Secteurs", "Valeur": _listing(sectors)},
            {
                "Apport": "Domaines stratégiques",
                "Valeur": _listing(domains),
            },
            {"Apport": "GES évités (tCO2e/an)", "Valeur": gains["ges_tco2e"].sum()},
            {"Apport": "Énergie économisée (MWh/an)", "Valeur": gains["energie_mwh"].sum()},
            {"Apport": "Énergie renouvelable (MWh/an)", "Valeur": gains["enr_mwh"].sum()},
            {"Apport": "Financements obtenus (€ HT)", "Valeur": funding["montant"].sum()},
        ]
    )
    temps = frames.temps[frames.temps["acteur"].isin(members)]
    load = (
        temps.assign(annee=years_or(temps["annee"], "sans année"))
        .groupby(["acteur", "annee"])["etp"]
        .sum()
        .reset_index()
    )
    load.insert(1, "nom", load["acteur"].map(label))
    load = load.rename(columns={"acteur": "Acteur", "nom": "Nom", "annee": "Année", "etp": "ETP"})
    return Report(
        view="service",
        title=f"Service : {label.get(ident, ident)}",
        tables=[
            Table("actions", "Actions pilotées ou accompagnées (service et ses agents)", actions),
            Table("apports", "Ce que ces actions apportent", benefits),
            Table("charge", "Charge des agents du service", load),
        ],
    )


def _listing(counts: pd.Series) -> str:
    """ "Résidentiel (2), Tertiaire (1)": most frequent first, then alphabetical."""
    items = sorted(counts.items(), key=lambda kv: (-int(kv[1]), str(kv[0])))
    return ", ".join(f"{k} ({v})" for k, v in items)
