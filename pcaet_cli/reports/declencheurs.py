"""declencheurs — why actions exist: climate hazard, association, funding opportunity,
regulation… (workshop: "quels sont les déclics pour de nouvelles actions ?")."""

from __future__ import annotations

import pandas as pd

from pcaet_cli.model.vocab import Declencheur
from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Report, Table

LABELS = {
    Declencheur.ALEA_CLIMATIQUE: "Aléa climatique",
    Declencheur.ASSOCIATION: "Association",
    Declencheur.OPPORTUNITE_FINANCEMENT: "Opportunité de financement",
    Declencheur.REGLEMENTATION: "Réglementation",
    Declencheur.CONCERTATION: "Concertation",
    Declencheur.AUTRE: "Autre",
}
NONE = "non renseigné"


def declencheurs(frames: Frames) -> Report:
    actions = frames.actions
    total = len(actions)
    counts = actions["declencheur"].fillna(NONE).value_counts()
    rows = [
        {
            "Déclencheur": LABELS[trigger],
            "Actions": int(counts.get(str(trigger), 0)),
            "Part": int(counts.get(str(trigger), 0)) / total if total else None,
        }
        for trigger in Declencheur
    ]
    rows.append(
        {
            "Déclencheur": NONE,
            "Actions": int(counts.get(NONE, 0)),
            "Part": int(counts.get(NONE, 0)) / total if total else None,
        }
    )
    table = pd.DataFrame(rows, columns=["Déclencheur", "Actions", "Part"])
    return Report(
        view="declencheurs",
        title="Déclencheurs des actions",
        tables=[Table("declencheurs", "Actions par déclencheur", table, percent=("Part",))],
    )
