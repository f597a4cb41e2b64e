"""organisation — for each territory, the officer, their title and service, their chain
to the DGS and their time on the plan; each service's relay; the project team (workshop:
positioning of the chargé de mission, attachment to the DGS, relays)."""

from __future__ import annotations

import pandas as pd

from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Alert, Report, Table
from pcaet_cli.reports.qui_fait_quoi import home_service, names


def organisation(frames: Frames, index: RegisterIndex) -> Report:
    label = names(frames)
    actors = frames.acteurs.set_index("acteur")
    asked = frames.temps.groupby(["acteur", "annee"], dropna=False)["etp"].sum()
    alerts = []
    rows = []
    for row in frames.territoires.itertuples(index=False):
        officer = row.charge_de_mission
        if not isinstance(officer, str) or officer not in actors.index:
            continue
        person = actors.loc[officer]
        chain = index.chain_to_dgs(officer, row.dgs) if isinstance(row.dgs, str) else None
        distance = len(chain) - 1 if chain else None
        per_year = asked[officer] if officer in asked.index.get_level_values(0) else None
        rows.append(
            {
                "Territoire": row.nom,
                "Chargé(e) de mission": person["nom"],
                "Poste": person["poste"],
                "Service": label.get(str(person["service"]), None)
                if isinstance(person["service"], str)
                else None,
                "Chaîne jusqu'au DGS": " → ".join(label.get(a, a) for a in chain)
                if chain
                else "non reliée au DGS",
                "Niveaux": distance,
                "Rattachement": "direct" if distance == 1 else "indirect",
                "Temps disponible (ETP)": person["temps_disponible"],
                "ETP demandé (max/an)": float(per_year.max()) if per_year is not None else None,
            }
        )
        if distance != 1:
            alerts.append(
                Alert(
                    "alerte",
                    f"{row.nom} : rattachement {'indirect' if chain else 'non relié'} "
                    "du chargé de mission au DGS",
                    "organisation",
                )
            )
    officers = pd.DataFrame(
        rows,
        columns=[
            "Territoire",
            "Chargé(e) de mission",
            "Poste",
            "Service",
            "Chaîne jusqu'au DGS",
            "Niveaux",
            "Rattachement",
            "Temps disponible (ETP)",
            "ETP demandé (max/an)",
        ],
    )

    services = frames.acteurs[frames.acteurs["type"] == "service"]
    piloted = frames.roles[frames.roles["role"] == "pilote"].groupby("acteur")["action"].nunique()
    relays = pd.DataFrame(
        {
            "Service": services["nom"],
            "Domaine": services["domaine"],
            "Relais du plan": services["relais"].map(label),
            "Actions pilotées": services["acteur"].map(piloted).fillna(0).astype(int),
        }
    ).sort_values(["Actions pilotées", "Service"], ascending=[False, True])

    team_ids = set(frames.roles[frames.roles["role"].isin(["personne", "relais"])]["acteur"])
    team_ids |= {o for o in frames.territoires["charge_de_mission"] if isinstance(o, str)}
    service = home_service(frames)
    people = frames.acteurs[
        frames.acteurs["acteur"].isin(team_ids) & (frames.acteurs["type"] == "personne")
    ]
    involved = frames.roles.groupby("acteur")["action"].nunique()
    total = frames.temps.groupby("acteur")["etp"].sum()
    team = pd.DataFrame(
        {
            "Nom": people["nom"],
            "Poste": people["poste"],
            "Service": people["acteur"].map(service).map(label),
            "Actions": people["acteur"].map(involved).fillna(0).astype(int),
            "ETP cumulés": people["acteur"].map(total).fillna(0.0),
        }
    ).sort_values(["Service", "Nom"], na_position="last")
    return Report(
        view="organisation",
        title="Organisation",
        tables=[
            Table(
                "charges_de_mission",
                "Chargé(e)s de mission et rattachement",
                officers,
                short={
                    "Chargé(e) de mission": "Chargé(e)",
                    "Chaîne jusqu'au DGS": "Chaîne",
                    "Rattachement": "Ratt.",
                    "Temps disponible (ETP)": "Dispo.",
                    "ETP demandé (max/an)": "Demandé",
                },
            ),
            Table("relais", "Services et relais du plan", relays),
            Table(
                "equipe_projet",
                "Équipe projet (personnes mobilisées sur les actions)",
                team,
                note="ETP cumulés : somme sur toutes les années des actions.",
            ),
        ],
        alerts=alerts,
    )
