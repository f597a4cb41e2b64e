"""portage — who carries the plan: per territory, the share of actions piloted by
actors of the territory rather than by the collectivity's services, against a target
(workshop: Saumur, 60 %); actions proposed by actors; elected sponsors; funding."""

from __future__ import annotations

import pandas as pd

from pcaet_cli.french import percent
from pcaet_cli.reports.couverture import hierarchy
from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Alert, Report, Table
from pcaet_cli.reports.qui_fait_quoi import names


def share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def portage(frames: Frames, target: float, territoire: str | None) -> Report:
    facts = frames.couverture.merge(frames.actions, on="action")
    rows = []
    alerts: list[Alert] = []
    for ident, shown in hierarchy(frames, territoire):
        mine = facts[facts["territoire"] == ident]
        piloted = int(mine["portage"].notna().sum())
        by_actors = int((mine["portage"] == "acteur").sum())
        part = share(by_actors, piloted)
        rows.append(
            {
                "Territoire": shown,
                "Actions": len(mine),
                "Avec pilote": piloted,
                "Portées par les acteurs": by_actors,
                "Part portée par les acteurs": part,
                "Cible": target,
                "Écart à la cible": None if part is None else part - target,
                "Proposées par les acteurs": int(mine["proposee_par_acteur"].sum()),
                "Avec élu référent": share(int(mine["referent"].notna().sum()), len(mine)),
            }
        )
        if part is not None and part < target:
            alerts.append(
                Alert(
                    "alerte",
                    f"{shown.strip()} : {percent(part)} des actions portées par les acteurs "
                    f"du territoire (cible {percent(target)})",
                    "portage",
                )
            )
    table = pd.DataFrame(
        rows,
        columns=[
            "Territoire",
            "Actions",
            "Avec pilote",
            "Portées par les acteurs",
            "Part portée par les acteurs",
            "Cible",
            "Écart à la cible",
            "Proposées par les acteurs",
            "Avec élu référent",
        ],
    )

    label = names(frames)
    funding = (
        frames.financements.groupby("financeur")
        .agg(actions=("action", "nunique"), montant=("montant", "sum"))
        .reset_index()
    )
    funding.insert(1, "nom", funding["financeur"].map(label))
    funding = funding.sort_values(["montant", "financeur"], ascending=[False, True])
    funding.columns = pd.Index(["Financeur", "Nom", "Actions financées", "Montant (€ HT)"])

    return Report(
        view="portage",
        title="Portage des actions",
        tables=[
            Table(
                "territoires",
                "Part des actions portées par les acteurs du territoire",
                table,
                percent=(
                    "Part portée par les acteurs",
                    "Cible",
                    "Écart à la cible",
                    "Avec élu référent",
                ),
                short={
                    "Avec pilote": "Pilotées",
                    "Portées par les acteurs": "Par acteurs",
                    "Part portée par les acteurs": "Part",
                    "Écart à la cible": "Écart",
                    "Proposées par les acteurs": "Proposées",
                    "Avec élu référent": "Élu réf.",
                },
                note="Acteurs du territoire : communes, associations, entreprises, chambres, "
                "syndicats… ; collectivité : ses services, directions, agents et élus.",
            ),
            Table("financements", "Financements obtenus par financeur", funding),
        ],
        alerts=alerts,
    )
