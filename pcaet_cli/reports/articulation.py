"""articulation — actions × plans (PCAET, CRTE, SCoT, COT, projet de territoire…): the
share of PCAET actions that also serve each other plan, and the actions in only one
(workshop: "lien avec autres plans/outils", "une vraie stratégie d'articulation")."""

from __future__ import annotations

import pandas as pd

from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Report, Table


def articulation(frames: Frames, plan: str | None) -> Report:
    links = frames.articulation
    plans = frames.plans.set_index("plan")
    order = [
        p for p in frames.plans.sort_values(["type", "plan"])["plan"] if p in set(links["plan"])
    ]
    cell = links.assign(cell=links["axe"].fillna("✓"))
    matrix = cell.pivot_table(
        index="action", columns="plan", values="cell", aggfunc="first"
    ).reindex(index=frames.actions["action"], columns=order)
    matrix.insert(0, "Plans", matrix.notna().sum(axis=1))
    matrix = matrix.reset_index().rename(columns={"action": "Action"})

    reference = plan or next((p for p in order if plans.loc[p, "type"] == "PCAET"), None)
    rows = []
    if reference is not None:
        mine = set(links[links["plan"] == reference]["action"])
        for other in order:
            if other == reference:
                continue
            theirs = set(links[links["plan"] == other]["action"])
            rows.append(
                {
                    "Plan": other,
                    "Type": plans.loc[other, "type"],
                    "Nom": plans.loc[other, "nom"],
                    "Actions communes": len(mine & theirs),
                    f"Part des actions de {reference}": len(mine & theirs) / len(mine)
                    if mine
                    else None,
                }
            )
    shares = pd.DataFrame(
        rows,
        columns=["Plan", "Type", "Nom", "Actions communes", f"Part des actions de {reference}"],
    )
    single = matrix[matrix["Plans"] == 1][["Action"]].copy()
    single["Plan"] = single["Action"].map(links.groupby("action")["plan"].first())
    return Report(
        view="articulation",
        title="Articulation avec les autres plans",
        tables=[
            Table("matrice", "Actions × plans (code de l'axe, ✓ sans axe)", matrix),
            Table(
                "parts",
                f"Actions de {reference} qui servent aussi chaque plan",
                shares,
                percent=(f"Part des actions de {reference}",),
            ),
            Table("un_seul_plan", "Actions rattachées à un seul plan", single),
        ],
    )
