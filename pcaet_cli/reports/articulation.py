"""articulation — actions × plans (PCAET, CRTE, SCoT, COT, projet de territoire…): the
share of PCAET actions that also serve each other plan, and the actions in only one
(workshop: "lien avec autres plans/outils", "une vraie stratégie d'articulation")."""

from __future__ import annotations

from pcaet_cli.model.vocab import TYPE_PLAN_LABELS
from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Column, Report, Table, build_frame


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
    mine = set(links[links["plan"] == reference]["action"])
    # Each other plan with the actions it shares with the reference plan.
    others = [
        (other, mine & set(links[links["plan"] == other]["action"]))
        for other in (order if reference is not None else [])
        if other != reference
    ]
    share_header = f"Part des actions de {reference}"
    columns: list[Column[tuple[str, set[str]]]] = [
        Column("Plan", lambda o: o[0]),
        Column("Type", lambda o: TYPE_PLAN_LABELS.get(t := str(plans.loc[o[0], "type"]), t)),
        Column("Nom", lambda o: plans.loc[o[0], "nom"]),
        Column("Actions communes", lambda o: len(o[1])),
        Column(share_header, lambda o: len(o[1]) / len(mine) if mine else None),
    ]
    shares = build_frame(columns, others)
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
                percent=(share_header,),
            ),
            Table("un_seul_plan", "Actions rattachées à un seul plan", single),
        ],
    )
