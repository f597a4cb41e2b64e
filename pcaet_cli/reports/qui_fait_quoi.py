"""qui-fait-quoi — actors × actions with roles: the central view the workshop asked for
("rendre plus lisible le qui fait quoi"). Transposed to stay readable at 60 actions and
40 actors: one row per actor with counts per role, one row per action with its people."""

from __future__ import annotations

import pandas as pd

from pcaet_cli.reports.frames import ROLES, Frames
from pcaet_cli.reports.model import Report, Table

ROLE_LABELS = {
    "pilote": "Pilote",
    "copilote": "Copilote",
    "referent": "Élu réf.",
    "relais": "Relais",
    "personne": "Personne",
    "partenaire": "Partenaire",
    "financeur": "Financeur",
}


class _Names(dict[str, str]):
    """Actor id → name; an id the register does not hold (a deleted actor still cited,
    which lint reports as R001) shows as itself, marked, rather than as a blank that
    would break the tables (pandas' `map` asks `__missing__`)."""

    def __missing__(self, key: object) -> object:
        return f"{key} (introuvable)" if isinstance(key, str) else key


def names(frames: Frames) -> dict[str, str]:
    return _Names(zip(frames.acteurs["acteur"], frames.acteurs["nom"], strict=True))


def home_service(frames: Frames) -> dict[str, str]:
    """The service an actor belongs to: itself for a service, its `service` for a person."""
    acteurs = frames.acteurs
    out: dict[str, str] = {}
    for row in acteurs.itertuples(index=False):
        if row.type in ("service", "direction"):
            out[str(row.acteur)] = str(row.acteur)
        elif isinstance(row.service, str):
            out[str(row.acteur)] = row.service
    return out


def by_actor(frames: Frames) -> pd.DataFrame:
    counts = (
        frames.roles.groupby(["acteur", "role"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(ROLES), fill_value=0)
    )
    counts["total"] = counts.sum(axis=1)
    label = names(frames)
    service = home_service(frames)
    table = counts.reset_index()
    table.insert(1, "nom", table["acteur"].map(label))
    table.insert(2, "service", table["acteur"].map(service).map(label))
    table = table.sort_values(
        ["service", "total", "acteur"], ascending=[True, False, True], na_position="last"
    )
    return table.rename(
        columns={
            "acteur": "Acteur",
            "nom": "Nom",
            "service": "Service",
            "total": "Total",
            **ROLE_LABELS,
        }
    )


def by_action(frames: Frames, plan: str | None) -> pd.DataFrame:
    label = names(frames)
    roles = frames.roles.assign(nom=frames.roles["acteur"].map(label))

    def joined(role: str) -> pd.Series:
        return roles[roles["role"] == role].groupby("action")["nom"].agg(", ".join)

    table = frames.actions[["action", "titre"]].copy()
    axes = frames.articulation
    if plan is not None:
        axes = axes[axes["plan"] == plan]
    first_axis = axes.dropna(subset=["axe"]).groupby("action")["axe"].first()
    table.insert(0, "axe", table["action"].map(first_axis))
    for role in ("pilote", "referent", "partenaire"):
        table[role] = table["action"].map(joined(role))
    table = table.sort_values(["axe", "action"], na_position="last")
    return table.rename(
        columns={
            "axe": "Axe",
            "action": "Action",
            "titre": "Titre",
            "pilote": "Pilote",
            "referent": "Élu référent",
            "partenaire": "Partenaires",
        }
    )


def qui_fait_quoi(frames: Frames, plan: str | None) -> Report:
    return Report(
        view="qui-fait-quoi",
        title="Qui fait quoi",
        tables=[
            Table(
                "acteurs",
                "Rôles par acteur (groupés par service)",
                by_actor(frames),
                note="Nombre d'actions où l'acteur tient chaque rôle.",
                group="Service",
                terminal_hide=("Acteur",),
                short={
                    "Acteur": "Id",
                    "Copilote": "Copil.",
                    "Élu réf.": "Élu",
                    "Personne": "Pers.",
                    "Partenaire": "Part.",
                    "Financeur": "Fin.",
                    "Pilote": "Pil.",
                },
            ),
            Table(
                "actions",
                "Actions par axe, avec pilote, élu référent et partenaires",
                by_action(frames, plan),
            ),
        ],
    )
