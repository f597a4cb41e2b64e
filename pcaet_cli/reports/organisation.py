"""organisation — for each territory, the officer, their title and service, their chain
to the DGS and their time on the plan; each service's relay; the project team (workshop:
positioning of the chargé de mission, attachment to the DGS, relays)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pcaet_cli.model.vocab import DOMAINE_SERVICE_LABELS
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Alert, Column, Report, Table, build_frame
from pcaet_cli.reports.qui_fait_quoi import names


@dataclass(frozen=True, slots=True)
class _Officer:
    """A territory's chargé·e de mission, with their org-chart path to the DGS."""

    territory: str
    name: Any
    title: Any
    service: Any
    available: Any
    """Their time for the plan (ETP), NaN when not declared."""
    chain: list[str] | None
    asked: float | None
    """The most ETP asked of them in one year."""

    @property
    def levels(self) -> int | None:
        return len(self.chain) - 1 if self.chain else None


def organisation(frames: Frames, index: RegisterIndex) -> Report:
    label = names(frames)
    actors = frames.acteurs.set_index("acteur")
    asked = frames.temps.groupby(["acteur", "annee"], dropna=False)["etp"].sum()
    officers: list[_Officer] = []
    for row in frames.territoires.itertuples(index=False):
        officer = row.charge_de_mission
        if not isinstance(officer, str) or officer not in actors.index:
            continue
        chain = index.chain_to_dgs(officer, row.dgs) if isinstance(row.dgs, str) else None
        per_year = asked[officer] if officer in asked.index.get_level_values(0) else None
        person = actors.loc[officer]
        officers.append(
            _Officer(
                str(row.nom),
                person["nom"],
                person["poste"],
                person["service"],
                person["temps_disponible"],
                chain,
                float(per_year.max()) if per_year is not None else None,
            )
        )
    alerts = [
        Alert(
            "alerte",
            f"{o.territory} : rattachement {'indirect' if o.chain else 'non relié'} "
            "du chargé de mission au DGS",
            "organisation",
        )
        for o in officers
        if o.levels != 1
    ]
    columns: list[Column[_Officer]] = [
        Column("Territoire", lambda o: o.territory),
        Column("Chargé·e de mission", lambda o: o.name),
        Column("Poste", lambda o: o.title),
        Column("Service", lambda o: label.get(o.service) if isinstance(o.service, str) else None),
        Column(
            "Chaîne jusqu'au DGS",
            lambda o: (
                " → ".join(label.get(a, a) for a in o.chain) if o.chain else "non reliée au DGS"
            ),
        ),
        Column("Niveaux", lambda o: o.levels),
        Column("Rattachement", lambda o: "direct" if o.levels == 1 else "indirect"),
        Column("Temps disponible (ETP)", lambda o: o.available),
        Column("ETP demandé (max/an)", lambda o: o.asked),
    ]

    services = frames.acteurs[frames.acteurs["type"] == "service"]
    piloted = frames.roles[frames.roles["role"] == "pilote"].groupby("acteur")["action"].nunique()
    relays = pd.DataFrame(
        {
            "Service": services["nom"],
            "Domaine": services["domaine"].map(
                lambda d: DOMAINE_SERVICE_LABELS.get(d, d) if isinstance(d, str) else d
            ),
            "Relais du plan": services["relais"].map(label),
            "Actions pilotées": services["acteur"].map(piloted).fillna(0).astype(int),
        }
    ).sort_values(["Actions pilotées", "Service"], ascending=[False, True])

    team_ids = set(frames.roles[frames.roles["role"].isin(["personne", "relais"])]["acteur"])
    team_ids |= {o for o in frames.territoires["charge_de_mission"] if isinstance(o, str)}
    service = frames.service_of
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
                "Chargé·es de mission et rattachement",
                build_frame(columns, officers),
                short={
                    "Chargé·e de mission": "Chargé·e",
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
