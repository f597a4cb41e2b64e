"""charge — ETP per person and per service per year against their available time;
overloads first (workshop: "fatigue des collègues", "combien de temps y dédier")."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pcaet_cli.french import number, plural
from pcaet_cli.reports.frames import Frames, years_or
from pcaet_cli.reports.model import Alert, Report, Table
from pcaet_cli.reports.qui_fait_quoi import names

UNDATED = "sans année"


def charge(frames: Frames) -> Report:
    label = names(frames)
    service = frames.service_of
    available = dict(zip(frames.acteurs["acteur"], frames.acteurs["temps_disponible"], strict=True))
    temps = frames.temps.assign(annee=years_or(frames.temps["annee"], UNDATED))
    per_person = (
        temps.groupby(["acteur", "annee"])
        .agg(etp=("etp", "sum"), actions=("action", "nunique"))
        .reset_index()
    )
    # As numbers even when no actor declares any time (a column of None otherwise).
    per_person["disponible"] = per_person["acteur"].map(available).astype(float)
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
            f"{nom} : {number(etp)} ETP demandés ({year}) pour {number(free)} disponible"
            + ("s" if free >= 2 else ""),
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
                plural(len(undeclared), "acteur sollicité", "acteurs sollicités")
                + " sans temps disponible déclaré : "
                + ", ".join(undeclared),
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
            _grid(frames, per_person, label, service),
            Table(
                "personnes",
                "ETP demandés par acteur et par année",
                people,
                percent=("Taux de charge",),
                note="Une ligne de temps sans année compte pour chaque année de l'action.",
                text=False,
            ),
            _service_grid(by_service, years_of(per_person), label, frames.placed),
            Table(
                "services",
                "ETP demandés par service (personnes du service comprises)",
                services,
                text=False,
            ),
        ],
        alerts=alerts,
    )


def _grid(
    frames: Frames, per_person: pd.DataFrame, label: dict[str, str], service: dict[str, str]
) -> Table:
    """Person × year: the time available beside the time each year demands, one
    person's years on one line, an overload followed by « ▲ »."""
    placed = frames.placed
    years = years_of(per_person)
    demanded: dict[tuple[str, object], float] = {
        (str(a), y): float(e)
        for a, y, e in zip(
            per_person["acteur"], per_person["annee"], per_person["etp"], strict=True
        )
    }
    over = {
        (str(a), y)
        for a, y, o in zip(
            per_person["acteur"], per_person["annee"], per_person["surcharge"], strict=True
        )
        if o
    }
    free = dict(zip(frames.acteurs["acteur"], frames.acteurs["temps_disponible"], strict=True))

    def group(actor: str) -> str:
        own = service.get(actor)
        if own is not None and own != actor:
            return str(label[own])
        return placed[actor].group if actor in placed else "Autres acteurs"

    def rank(actor: str) -> tuple[int, int]:
        own = service.get(actor)
        anchor = (
            placed[own].rank if own in placed else placed[actor].rank if actor in placed else 10**9
        )
        return (anchor, placed[actor].rank if actor in placed else 10**9)

    people = sorted(set(per_person["acteur"].astype(str)), key=lambda a: (rank(a), a))
    rows = [
        {
            "Groupe": group(a),
            "Acteur": a,
            "Nom": label[a],
            "ETP disponibles": free.get(a),
            **{str(y): demanded.get((a, y)) for y in years},
        }
        for a in people
    ]
    columns = ["Groupe", "Acteur", "Nom", "ETP disponibles", *(str(y) for y in years)]
    frame = pd.DataFrame(rows, columns=columns)
    marks = frozenset((n, str(y)) for n, a in enumerate(people) for y in years if (a, y) in over)
    return Table(
        "grille",
        "ETP disponibles et demandés, par personne et par année",
        frame,
        group="Groupe",
        terminal_hide=("Acteur",),
        short={"ETP disponibles": "Dispo."},
        marks=marks,
        legend=("Chaque année : les ETP demandés ; ▲ surcharge (plus demandé que disponible).",),
        note="Une ligne de temps sans année compte pour chaque année de l'action.",
        kinds=dict.fromkeys((str(y) for y in years), "etp"),
    )


def years_of(lines: pd.DataFrame) -> list[object]:
    """The years of `lines`, in order, « sans année » last."""
    years: list[object] = sorted({y for y in lines["annee"] if y != UNDATED}, key=str)
    if (lines["annee"] == UNDATED).any():
        years.append(UNDATED)
    return years


def _service_grid(
    lines: pd.DataFrame, years: list[object], label: dict[str, str], placed: dict[str, Any]
) -> Table:
    """Service × year: the ETP its people and itself are asked for each year."""
    demanded = lines.groupby(["service", "annee"])["etp"].sum().to_dict()
    people = lines.groupby("service")["acteur"].nunique().to_dict()
    services = sorted(
        {str(s) for s in lines["service"]},
        key=lambda s: (placed[s].rank if s in placed else 10**9, s),
    )
    rows = [
        {
            "Groupe": placed[s].group if s in placed else "Autres acteurs",
            "Service": s,
            "Nom": label[s],
            "Personnes": int(people.get(s, 0)),
            **{str(y): demanded.get((s, y)) for y in years},
        }
        for s in services
    ]
    columns = ["Groupe", "Service", "Nom", "Personnes", *(str(y) for y in years)]
    return Table(
        "services_grille",
        "ETP demandés par service et par année (personnes du service comprises)",
        pd.DataFrame(rows, columns=columns),
        group="Groupe",
        terminal_hide=("Service",),
        short={"Personnes": "Pers."},
        kinds=dict.fromkeys((str(y) for y in years), "etp"),
    )
