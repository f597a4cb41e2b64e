"""charge — ETP per person and per service per year against their available time;
overloads first (workshop: "fatigue des collègues", "combien de temps y dédier")."""

from __future__ import annotations

import pandas as pd

from pcaet_cli.french import number
from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Alert, Report, Table
from pcaet_cli.reports.qui_fait_quoi import home_service, names

UNDATED = "sans année"


def charge(frames: Frames) -> Report:
    label = names(frames)
    service = home_service(frames)
    available = dict(zip(frames.acteurs["acteur"], frames.acteurs["temps_disponible"], strict=True))
    temps = frames.temps.assign(annee=frames.temps["annee"].astype(object).fillna(UNDATED))
    per_person = (
        temps.groupby(["acteur", "annee"], dropna=False)
        .agg(etp=("etp", "sum"), actions=("action", "nunique"))
        .reset_index()
    )
    per_person["disponible"] = per_person["acteur"].map(available)
    per_person["taux"] = per_person["etp"] / per_person["disponible"]
    # No declared availability: never overloaded (comparing with NaN would warn).
    excess = (per_person["etp"] - per_person["disponible"]).fillna(-1.0)
    per_person["surcharge"] = excess > 1e-9
    per_person.insert(1, "nom", per_person["acteur"].map(label))
    per_person.insert(2, "service", per_person["acteur"].map(service).map(label))
    per_person = per_person.sort_values(
        ["surcharge", "taux", "acteur", "annee"],
        ascending=[False, False, True, True],
        key=lambda s: s.astype(str) if s.name == "annee" else s,
    )
    by_service = temps.assign(service=temps["acteur"].map(service)).dropna(subset=["service"])
    services = (
        by_service.groupby(["service", "annee"])
        .agg(etp=("etp", "sum"), personnes=("acteur", "nunique"))
        .reset_index()
    )
    services.insert(1, "nom", services["service"].map(label))
    services = services.sort_values(["etp", "service"], ascending=[False, True])
    services = services.rename(
        columns={
            "service": "Service",
            "nom": "Nom",
            "annee": "Année",
            "etp": "ETP demandés",
            "personnes": "Personnes",
        }
    )

    undeclared = sorted(a for a in set(frames.temps["acteur"]) if pd.isna(available.get(a)))
    over = per_person.loc[per_person["surcharge"].astype(bool)]
    alerts = [
        Alert(
            "alerte",
            f"{nom} : {number(etp)} ETP demandés ({year}) pour {number(free)} disponible(s)",
            "charge",
        )
        for nom, year, etp, free in zip(
            over["nom"], over["annee"], over["etp"], over["disponible"], strict=True
        )
    ]
    if undeclared:
        alerts.append(
            Alert(
                "info",
                f"{len(undeclared)} acteur(s) sollicité(s) sans temps "
                "disponible déclaré : " + ", ".join(undeclared),
                "charge",
            )
        )
    people = per_person.rename(
        columns={
            "acteur": "Acteur",
            "nom": "Nom",
            "service": "Service",
            "annee": "Année",
            "etp": "ETP demandés",
            "actions": "Actions",
            "disponible": "ETP disponibles",
            "taux": "Taux de charge",
            "surcharge": "Surcharge",
        }
    )

    return Report(
        view="charge",
        title="Charge de travail",
        tables=[
            Table(
                "personnes",
                "ETP demandés par acteur et par année",
                people,
                percent=("Taux de charge",),
                short={
                    "ETP demandés": "Demandés",
                    "ETP disponibles": "Dispo.",
                    "Taux de charge": "Taux",
                    "Surcharge": "Surch.",
                },
                note="Une ligne de temps sans année compte pour chaque année de l'action.",
            ),
            Table(
                "services", "ETP demandés par service (personnes du service comprises)", services
            ),
        ],
        alerts=alerts,
    )
