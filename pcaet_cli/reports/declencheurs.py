"""declencheurs — why actions exist: climate hazard, association, funding opportunity,
regulation… (workshop: "quels sont les déclics pour de nouvelles actions ?")."""

from __future__ import annotations

from pcaet_cli.model.vocab import Declencheur
from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Column, Report, Table, build_frame

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
    # Each trigger by its value in the frame and its label, then the actions without one.
    triggers = [(str(t), LABELS[t]) for t in Declencheur] + [(NONE, NONE)]
    columns: list[Column[tuple[str, str]]] = [
        Column("Déclencheur", lambda t: t[1]),
        Column("Actions", lambda t: int(counts.get(t[0], 0))),
        Column("Part", lambda t: int(counts.get(t[0], 0)) / total if total else None),
    ]
    table = build_frame(columns, triggers)
    return Report(
        view="declencheurs",
        title="Déclencheurs des actions",
        tables=[Table("declencheurs", "Actions par déclencheur", table, percent=("Part",))],
    )
