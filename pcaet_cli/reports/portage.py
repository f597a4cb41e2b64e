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
    # One grouped pass, not one filter per territory (179 territories × 10 000 rows).
    counts = (
        facts.assign(
            piloted=facts["portage"].notna(),
            by_actors=facts["portage"] == "acteur",
            proposed=facts["proposee_par_acteur"].astype(bool),
            sponsored=facts["referent"].notna(),
        )
        .groupby("territoire")[["piloted", "by_actors", "proposed", "sponsored"]]
        .agg(["sum", "count"])
        .to_dict("index")
    )
    rows = []
    alerts: list[Alert] = []
    for ident, shown, depth in hierarchy(frames, territoire):
        mine = counts.get(ident, {})
        total = int(mine.get(("piloted", "count"), 0))
        piloted, by_actors, proposed, sponsored = (
            int(mine.get((column, "sum"), 0))
            for column in ("piloted", "by_actors", "proposed", "sponsored")
        )
        part = share(by_actors, piloted)
        rows.append(
            {
                "Territoire": shown,
                "Niveau": depth,
                "Actions": total,
                "Avec pilote": piloted,
                "Portées par les acteurs": by_actors,
                "Part portée par les acteurs": part,
                "Cible": target,
                "Écart à la cible": None if part is None else part - target,
                "Proposées par les acteurs": proposed,
                "Avec élu référent": share(sponsored, total),
            }
        )
        if part is not None and part < target:
            alerts.append(
                Alert(
                    "alerte",
                    f"{shown} : {percent(part)} des actions portées par les acteurs "
                    f"du territoire (cible {percent(target)})",
                    "portage",
                )
            )
    table = pd.DataFrame(
        rows,
        columns=[
            "Territoire",
            "Niveau",
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
                level="Niveau",
                signed=("Écart à la cible",),
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
