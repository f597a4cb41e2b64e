"""qui-fait-quoi — who does what: the central view the workshop asked for ("rendre plus
lisible le qui fait quoi").

For each axis of the plan, a matrix of the actors (rows) and the axis's actions
(columns, numbered) with one letter per role in each cell; actors grouped by the body
they belong to (the PETR, each EPCI: the territory of a service and its agents), élus
and partners in their own groups, each service followed by its agents. Then the roles
of each actor counted, and the key of the numbers: each action with its title, pilot,
élu référent and partners."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pcaet_cli.french import plural
from pcaet_cli.reports.frames import ROLES, Frames
from pcaet_cli.reports.model import Column, Report, Table, build_frame

ROLE_LABELS = {
    "pilote": "Pilote",
    "copilote": "Copilote",
    "referent": "Élu réf.",
    "relais": "Relais",
    "personne": "Personne",
    "partenaire": "Partenaire",
    "financeur": "Financeur",
}
ROLE_LETTERS = {
    "pilote": "P",
    "copilote": "C",
    "referent": "É",
    "relais": "R",
    "personne": "p",
    "partenaire": "a",
    "financeur": "F",
}
"""One letter per role in the matrix cells, strongest role first."""
ROLE_LEGEND = " · ".join(
    f"{ROLE_LETTERS[r]}\u00a0{n.lower()}"
    for r, n in (
        ("pilote", "pilote"),
        ("copilote", "copilote"),
        ("referent", "élu\u00a0référent"),
        ("relais", "relais"),
        ("personne", "personne\u00a0mobilisée"),
        ("partenaire", "partenaire"),
        ("financeur", "financeur"),
    )
)
ELUS = "Élus"
PARTNERS = "Partenaires"
NO_AXIS = "Sans axe dans ce plan"


class _Names(dict[str, str]):
    """Actor id → name; an id the register does not hold (a deleted actor still cited,
    which lint reports as R001) shows as itself, marked, rather than as a blank that
    would break the tables (pandas' `map` asks `__missing__`)."""

    def __missing__(self, key: object) -> object:
        return f"{key} (introuvable)" if isinstance(key, str) else key


def names(frames: Frames) -> dict[str, str]:
    return _Names(zip(frames.acteurs["acteur"], frames.acteurs["nom"], strict=True))


@dataclass(frozen=True, slots=True)
class Placed:
    """An actor where the tables show it: its group, its depth under its service, and
    its rank in the reading order."""

    actor: str
    name: str
    group: str
    level: int
    rank: int


def placement(frames: Frames) -> dict[str, Placed]:
    """Every actor of the register in reading order: each body of the collectivity in
    the territory hierarchy (a service, then its agents), the élus, the partners."""
    from pcaet_cli.reports.couverture import hierarchy

    acteurs = frames.acteurs
    territory_name = dict(
        zip(frames.territoires["territoire"], frames.territoires["nom"], strict=True)
    )
    order = {ident: n for n, (ident, _, _) in enumerate(hierarchy(frames))}
    service = frames.service_of
    rows = list(acteurs.itertuples(index=False))
    name = {str(r.acteur): str(r.nom) for r in rows}
    territory_of = {r.acteur: r.territoire for r in rows}

    def body(row: Any) -> tuple[tuple[int, str], str]:
        if row.type == "elu":
            return (len(order) + 1, ELUS), ELUS
        if row.type in ("service", "direction", "personne"):
            where: Any = row.territoire if isinstance(row.territoire, str) else None
            if where is None and isinstance(row.service, str):
                where = territory_of.get(row.service)
            if isinstance(where, str):
                label = str(territory_name.get(where, where))
                return (order.get(where, len(order)), label), label
            return (len(order), "Collectivité"), "Collectivité"
        return (len(order) + 2, PARTNERS), PARTNERS

    def key(row: Any) -> tuple[Any, ...]:
        rank, _ = body(row)
        own = service.get(str(row.acteur))
        # A service, then its agents; people of no service after the services.
        anchor = name.get(own, "") if own else "\uffff"
        return (rank, anchor, own != str(row.acteur), str(row.nom).casefold(), row.acteur)

    placed: dict[str, Placed] = {}
    for rank, row in enumerate(sorted(rows, key=key)):
        ident = str(row.acteur)
        own = service.get(ident)
        level = 1 if own is not None and own != ident and own in name else 0
        placed[ident] = Placed(ident, str(row.nom), body(row)[1], level, rank)
    return placed


def _axes(frames: Frames, plan: str | None) -> tuple[str | None, dict[str, str], dict[str, str]]:
    """The plan read (--plan, else the first PCAET), each action's axis code in it and
    each root axis's heading (« Axe 1 : Habiter… »)."""
    plans = frames.plans
    if plan is None:
        pcaets = plans[plans["type"] == "PCAET"]["plan"]
        plan = str(pcaets.iloc[0]) if len(pcaets) else None
    links = frames.articulation[frames.articulation["plan"] == plan].dropna(subset=["axe"])
    axis = dict(zip(links["action"], links["axe"], strict=True))
    titles = frames.axes[frames.axes["plan"] == plan]
    title = dict(zip(titles["axe"], titles["titre"], strict=True))
    roots = {str(a).split(".")[0] for a in axis.values()}
    headings = {r: f"Axe {r} : {title[r]}" if r in title else f"Axe {r}" for r in roots}
    return plan, axis, headings


def _axis_key(code: str) -> tuple[tuple[int, Any], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in code.split("."))


def _letters(roles: Iterable[str]) -> str:
    held = set(roles)
    return "".join(ROLE_LETTERS[r] for r in ROLES if r in held)


def qui_fait_quoi(frames: Frames, plan: str | None) -> Report:
    plan, axis, headings = _axes(frames, plan)
    placed = frames.placed
    label = names(frames)
    service = frames.service_of
    actions = frames.actions
    if (frames.plans["type"] == "PCAET").sum() > 1:
        # A register of many plans (a region's): the matrices show the plan read, not
        # every other plan's actions as « sans axe » (thousands of columns nobody reads).
        members = frames.articulation[frames.articulation["plan"] == plan]["action"]
        actions = actions[actions["action"].isin(set(members))]
    actions = actions.assign(_axe=actions["action"].map(axis))
    root = actions["_axe"].map(lambda a: str(a).split(".")[0] if isinstance(a, str) else None)
    actions = actions.assign(_root=root)
    keys: list[Any] = [
        ((0, _axis_key(r)), _axis_key(a), i) if isinstance(r, str) else ((1, ()), (), i)
        for r, a, i in zip(actions["_root"], actions["_axe"], actions["action"], strict=True)
    ]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    actions = actions.iloc[order].reset_index(drop=True)
    number = {a: n for n, a in enumerate(actions["action"], start=1)}
    held: dict[tuple[str, str], list[str]] = {}
    for row in frames.roles.itertuples(index=False):
        held.setdefault((str(row.action), str(row.acteur)), []).append(str(row.role))

    tables: list[Table] = []
    groups = [
        (r, headings[r]) for r in sorted({r for r in root if isinstance(r, str)}, key=_axis_key)
    ]
    if actions["_root"].isna().any():
        groups.append((None, NO_AXIS))  # type: ignore[arg-type]
    for code, heading in groups:
        mine = (
            actions[actions["_root"] == code]
            if code is not None
            else actions[actions["_root"].isna()]
        )
        ids = [str(a) for a in mine["action"]]
        tables.append(_matrix(code, heading, ids, number, held, placed, label, service))
    tables.append(_summary(frames, placed))
    tables.append(_key(frames, actions, number, label, plan))
    return Report(view="qui-fait-quoi", title="Qui fait quoi", tables=tables)


def _matrix(
    code: str | None,
    heading: str,
    ids: list[str],
    number: dict[str, int],
    held: dict[tuple[str, str], list[str]],
    placed: dict[str, Placed],
    label: dict[str, str],
    service: dict[str, str],
) -> Table:
    wanted = set(ids)
    actors = {actor for (action, actor) in held if action in wanted}
    # A service stays above its agents even when only they act on this axis.
    services = {service[a] for a in actors if a in service and service[a] in placed}
    shown = sorted(actors | services, key=lambda a: (placed[a].rank if a in placed else 10**9, a))
    # Most cells are empty: each row starts blank and gets the roles its actor holds.
    by_actor: dict[str, dict[str, str]] = {}
    for (action, actor), roles in held.items():
        if action in wanted:
            by_actor.setdefault(actor, {})[action] = _letters(roles)
    blank = dict.fromkeys(ids, "")
    rows = [
        {
            "Groupe": placed[a].group if a in placed else PARTNERS,
            "Niveau": placed[a].level if a in placed else 0,
            "Acteur": a,
            "Nom": label[a],
            **blank,
            **by_actor.get(a, {}),
        }
        for a in shown
    ]
    frame = pd.DataFrame(rows, columns=["Groupe", "Niveau", "Acteur", "Nom", *ids])
    return Table(
        f"axe-{code}" if code is not None else "sans-axe",
        f"{heading} : rôles par action",
        frame,
        group="Groupe",
        level="Niveau",
        terminal_hide=("Acteur",),
        short={i: str(number[i]) for i in ids},
        legend=(ROLE_LEGEND + " (titres des actions : dernière table de la vue)",),
    )


def _summary(frames: Frames, placed: dict[str, Placed]) -> Table:
    counts = (
        frames.roles.groupby(["acteur", "role"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(ROLES), fill_value=0)
    )
    label = names(frames)
    actors = sorted(counts.index, key=lambda a: (placed[a].rank if a in placed else 10**9, a))
    table: dict[str, dict[str, int]] = {
        str(a): {str(r): int(v) for r, v in row.items()} for a, row in counts.iterrows()
    }
    columns: list[Column[str]] = [
        Column("Groupe", lambda a: placed[a].group if a in placed else PARTNERS),
        Column("Niveau", lambda a: placed[a].level if a in placed else 0),
        Column("Acteur", lambda a: a),
        Column("Nom", lambda a: label[a]),
        *(Column(ROLE_LABELS[role], _count(table, role)) for role in ROLES),
        Column("Total", lambda a: sum(table[a].values())),
    ]
    return Table(
        "acteurs",
        "Rôles par acteur",
        build_frame(columns, actors),
        note="Nombre d'actions où l'acteur tient chaque rôle.",
        group="Groupe",
        level="Niveau",
        blank_zero=True,
        terminal_hide=("Acteur",),
        short={ROLE_LABELS[r]: ROLE_LETTERS[r] for r in ROLES},
    )


def _count(table: dict[str, dict[str, int]], role: str) -> Callable[[str], int]:
    return lambda actor: table[actor].get(role, 0)


def _key(
    frames: Frames,
    actions: pd.DataFrame,
    number: dict[str, int],
    label: dict[str, str],
    plan: str | None,
) -> Table:
    roles = frames.roles
    rows = list(zip(roles["action"], roles["role"], roles["acteur"].map(label), strict=True))

    def joined(role: str) -> dict[str, str]:
        # A dict rather than pandas' groupby: its join ran in Python for each of
        # 45 000 groups at 10 000 actions (a second of the site).
        names: dict[str, list[str]] = {}
        for action, kind, name in rows:
            if kind == role:
                names.setdefault(str(action), []).append(name)
        return {action: ", ".join(given) for action, given in names.items()}

    pilots, sponsors, partners = joined("pilote"), joined("referent"), joined("partenaire")
    _, _, headings = _axes(frames, plan)
    records: list[dict[Any, Any]] = actions.to_dict("records")
    columns: list[Column[dict[Any, Any]]] = [
        Column("Axe principal", lambda r: headings.get(r["_root"], NO_AXIS)),
        Column("N°", lambda r: number[r["action"]]),
        Column("Axe", lambda r: r["_axe"] if isinstance(r["_axe"], str) else None),
        Column("Action", lambda r: r["action"]),
        Column("Titre", lambda r: r["titre"]),
        Column("Pilote", lambda r: pilots.get(r["action"])),
        Column("Élu référent", lambda r: sponsors.get(r["action"])),
        Column("Partenaires", lambda r: partners.get(r["action"])),
    ]
    count = plural(len(records), "action")
    return Table(
        "actions",
        f"Les actions numérotées ({count}{f', plan {plan}' if plan else ''})",
        build_frame(columns, records, exact=True),
        group="Axe principal",
        terminal_hide=("Axe", "Pilote", "Élu référent", "Partenaires"),
    )
