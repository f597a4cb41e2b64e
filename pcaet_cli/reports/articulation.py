"""articulation — actions × plans (PCAET, CRTE, SCoT, COT, projet de territoire…): the
share of PCAET actions that also serve each other plan, and the actions in only one
(workshop: "lien avec autres plans/outils", "une vraie stratégie d'articulation").

A territory's register holds a few plans, one column each. A regional or national one
holds hundreds (ADEME's open data: 393 plans), where one column per plan is a table no
one can read: above PLAN_COLUMNS_MAX plans the view groups them by type, and
`--par-plan` asks for the columns of every plan all the same."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from pcaet_cli.model.vocab import type_plan_label
from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Column, Report, Table, build_frame

PLAN_COLUMNS_MAX = 12
"""Most plans shown one column each; a territory has a handful (PCAET, CRTE, SCoT,
COT, projet de territoire, PLH…)."""


def articulation(frames: Frames, plan: str | None, par_plan: bool = False) -> Report:
    links = frames.articulation
    plans = frames.plans.set_index("plan")
    linked = set(links["plan"])
    order = [p for p in frames.plans.sort_values(["type", "plan"])["plan"] if p in linked]
    reference = plan or next((p for p in order if plans.loc[p, "type"] == "PCAET"), None)
    mine = set(links[links["plan"] == reference]["action"])
    first = _first_columns(frames, links)
    single = first[first["Plans"] == 1][["Action", "Titre"]].copy()
    single["Plan"] = single["Action"].map(links.groupby("action")["plan"].first())
    single_table = Table("un_seul_plan", "Actions rattachées à un seul plan", single)
    share_header = f"Part des actions de {reference}"
    basis = _Basis(frames, first, order, reference, mine, share_header)
    tables = _per_plan(basis) if par_plan or len(order) <= PLAN_COLUMNS_MAX else _by_type(basis)
    return Report(
        view="articulation",
        title="Articulation avec les autres plans",
        tables=[*tables, single_table],
    )


class _Basis(NamedTuple):
    """What both layouts of the view start from."""

    frames: Frames
    first: pd.DataFrame
    """Action, Titre and Plans, one row per action."""
    order: list[str]
    """The plans that have actions, by type then identifier."""
    reference: str | None
    mine: set[str]
    """The reference plan's actions."""
    share_header: str


def _first_columns(frames: Frames, links: pd.DataFrame) -> pd.DataFrame:
    """Action, Titre and Plans (how many plans the action serves), one row per action."""
    count = links.groupby("action")["plan"].nunique()
    actions = frames.actions["action"]
    return pd.DataFrame(
        {
            "Action": actions,
            "Titre": frames.actions["titre"],
            "Plans": actions.map(count).fillna(0).astype(int),
        }
    ).reset_index(drop=True)


def _per_plan(basis: _Basis) -> list[Table]:
    frames, first, order, reference, mine, share_header = basis
    links = frames.articulation
    plans = frames.plans.set_index("plan")
    cell = links.assign(cell=links["axe"].fillna("✓"))
    grid = cell.pivot_table(index="action", columns="plan", values="cell", aggfunc="first")
    grid = grid.reindex(index=frames.actions["action"], columns=order)
    matrix = pd.concat([first, grid.reset_index(drop=True)], axis=1)
    # Each other plan with the actions it shares with the reference plan.
    others = [
        (other, mine & set(links[links["plan"] == other]["action"]))
        for other in (order if reference is not None else [])
        if other != reference
    ]
    columns: list[Column[tuple[str, set[str]]]] = [
        Column("Plan", lambda o: o[0]),
        Column("Type", lambda o: type_plan_label(plans.loc[o[0], "type"])),
        Column("Nom", lambda o: plans.loc[o[0], "nom"]),
        Column("Actions communes", lambda o: len(o[1])),
        Column(share_header, lambda o: len(o[1]) / len(mine) if mine else None),
    ]
    return [
        Table("matrice", "Actions × plans (code de l'axe, ✓ sans axe)", matrix),
        Table(
            "parts",
            f"Actions de {reference} qui servent aussi chaque plan",
            build_frame(columns, others),
            percent=(share_header,),
        ),
    ]


def _by_type(basis: _Basis) -> list[Table]:
    frames, first, order, reference, mine, share_header = basis
    links = frames.articulation
    kind = frames.plans.set_index("plan")["type"]
    typed = links.assign(type=links["plan"].map(kind))
    types = list(dict.fromkeys(kind[p] for p in order))
    # Which types of plan each action serves, to find the actions linking two types.
    types_of = typed.groupby("action")["type"].nunique()
    per_type = []
    for plan_type in types:
        actions = set(typed[typed["type"] == plan_type]["action"])
        crossing = sum(1 for a in actions if types_of.get(a, 0) > 1)
        per_type.append((plan_type, int((kind == plan_type).sum()), len(actions), crossing))
    across = "Servent aussi un autre type de plan"
    type_columns: list[Column[tuple[str, int, int, int]]] = [
        Column("Type", lambda t: type_plan_label(t[0])),
        Column("Plans", lambda t: t[1]),
        Column("Actions", lambda t: t[2]),
        Column(across, lambda t: t[3]),
        Column("Part", lambda t: t[3] / t[2] if t[2] else None),
    ]
    # One column per type, naming the plans of that type the action serves.
    named = (
        typed.sort_values("plan")
        .groupby(["action", "type"])["plan"]
        .agg(", ".join)
        .unstack("type")
        .reindex(index=frames.actions["action"], columns=types)
    )
    named.columns = [type_plan_label(t) for t in types]
    matrix = pd.concat(
        [first, named.reset_index(drop=True)],
        axis=1,
    )
    # The reference plan's actions that also serve other plans of each type.
    others = typed[(typed["plan"] != reference) & typed["action"].isin(mine)]
    shares = [(plan_type, others[others["type"] == plan_type]) for plan_type in types if reference]
    share_columns: list[Column[tuple[str, pd.DataFrame]]] = [
        Column("Type", lambda s: type_plan_label(s[0])),
        Column("Plans liés", lambda s: s[1]["plan"].nunique()),
        Column("Actions communes", lambda s: s[1]["action"].nunique()),
        Column(share_header, lambda s: s[1]["action"].nunique() / len(mine) if mine else None),
    ]
    note = (
        f"{len(order)} plans : regroupés par type (plus de {PLAN_COLUMNS_MAX}) ; "
        "--par-plan pour une colonne par plan."
    )
    return [
        Table(
            "types",
            "Plans par type, et actions qui servent plusieurs types de plan",
            build_frame(type_columns, per_type),
            note=note,
            percent=("Part",),
        ),
        Table("matrice", "Actions × types de plan (plans servis)", matrix),
        Table(
            "parts",
            f"Actions de {reference} qui servent aussi des plans de chaque type",
            build_frame(share_columns, shares),
            percent=(share_header,),
        ),
    ]
