"""couverture — per territory, actions by regulatory sector, by strategic domain
(R229-51 II) and by plan axis. Coverage rolls up and down the hierarchy: an action of
the PETR for all its members covers each EPCI; a commune's action counts for its EPCI."""

from __future__ import annotations

import pandas as pd

from pcaet_cli.model.vocab import SECTEURS_REGLEMENTAIRES, Domaine
from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Alert, Report, Table

SECTOR_SHORT = {
    "Résidentiel": "Résid.",
    "Tertiaire": "Tert.",
    "Transport routier": "Transp. rout.",
    "Autres transports": "Autres transp.",
    "Agriculture": "Agri.",
    "Déchets": "Déchets",
    "Industrie hors branche énergie": "Industrie",
    "Branche énergie": "Branche énerg.",
}
DOMAIN_SHORT = {
    "stockage_carbone": "stock. C",
    "maitrise_energie": "maîtrise",
    "reseaux_chaleur": "rés. chal.",
    "biosource": "biosourcé",
    "reseaux_energie": "rés. énerg.",
    "adaptation": "adapt.",
}


def hierarchy(frames: Frames, only: str | None = None) -> list[tuple[str, str, int]]:
    """(territory, name, depth) in hierarchy order: each level then its members."""
    terr = frames.territoires
    parent = dict(zip(terr["territoire"], terr["membre_de"], strict=True))
    name = dict(zip(terr["territoire"], terr["nom"], strict=True))
    children: dict[str | None, list[str]] = {}
    for ident in sorted(parent):
        above = parent[ident] if parent[ident] in parent else None
        children.setdefault(above, []).append(ident)
    ordered: list[tuple[str, str, int]] = []

    def walk(node: str, depth: int, seen: set[str]) -> None:
        if node in seen:  # a cycle (reported by R004) must not hang the report
            return
        ordered.append((node, str(name[node]), depth))
        for child in children.get(node, []):
            walk(child, depth + 1, seen | {node})

    roots = [only] if only is not None and only in parent else children.get(None, [])
    for root in roots:
        walk(root, 0, set())
    return ordered


def _matrix(
    frames: Frames,
    facts: pd.DataFrame,
    column: str,
    labels: list[str],
    territories: list[tuple[str, str, int]],
) -> pd.DataFrame:
    joined = frames.couverture.merge(facts, on="action")
    counts = (
        joined.groupby(["territoire", column])["action"]
        .nunique()
        .unstack(fill_value=0)
        .reindex(index=[t for t, _, _ in territories], columns=labels, fill_value=0)
    )
    counts.insert(0, "Territoire", [n for _, n, _ in territories])
    counts.insert(1, "Niveau", [depth for _, _, depth in territories])
    return counts.reset_index(drop=True)


def couverture(frames: Frames, plan: str | None, territoire: str | None) -> Report:
    territories = hierarchy(frames, territoire)
    sectors = [str(s) for s in SECTEURS_REGLEMENTAIRES]
    domains = [str(d) for d in Domaine]
    by_sector = _matrix(frames, frames.secteurs, "secteur", sectors, territories)
    by_domain = _matrix(frames, frames.domaines, "domaine", domains, territories)
    axes = frames.articulation.dropna(subset=["axe_racine"])
    pcaet = plan or _first_pcaet(frames)
    axes = axes[axes["plan"] == pcaet] if pcaet else axes.iloc[0:0]
    axis_labels = sorted(axes["axe_racine"].unique(), key=_axis_key)
    by_axis = _matrix(
        frames, axes[["action", "axe_racine"]], "axe_racine", axis_labels, territories
    )
    by_axis = by_axis.rename(columns={a: f"Axe {a}" for a in axis_labels})

    # The obligation to cover every sector and domain is a plan's: alerts go to the
    # territories that carry a plan (all the top ones when no plan names its carrier),
    # not to each member of a PETR whose plan covers them together.
    carriers = set(frames.plans["porteur"].dropna())
    concerned = carriers or {t for t, _, depth in territories if depth == 0}
    alerts = []
    for frame, what in (
        (by_sector, "secteurs réglementaires"),
        (by_domain, "domaines stratégiques"),
    ):
        for (ident, name, _), row in zip(territories, frame.itertuples(index=False), strict=True):
            empty = [c for c, v in zip(frame.columns[2:], row[2:], strict=True) if v == 0]
            if empty and ident in concerned:
                alerts.append(
                    Alert(
                        "alerte", f"{name} : {what} sans action : {', '.join(empty)}", "couverture"
                    )
                )
    return Report(
        view="couverture",
        title="Couverture par territoire",
        tables=[
            Table(
                "secteurs",
                "Actions par secteur réglementaire",
                by_sector,
                level="Niveau",
                gaps=True,
                short=SECTOR_SHORT,
                note="Une action compte pour son territoire, ses membres et les niveaux au-dessus.",
            ),
            Table(
                "domaines",
                "Actions par domaine stratégique (R229-51 II)",
                by_domain,
                level="Niveau",
                gaps=True,
                short=DOMAIN_SHORT,
            ),
            Table(
                "axes",
                f"Actions par axe du plan {pcaet or '(aucun PCAET)'}",
                by_axis,
                gaps=True,
                level="Niveau",
            ),
        ],
        alerts=alerts,
    )


def _first_pcaet(frames: Frames) -> str | None:
    pcaets = frames.plans[frames.plans["type"] == "PCAET"]["plan"]
    return str(pcaets.iloc[0]) if len(pcaets) else None


def _axis_key(code: str) -> tuple[int | str, ...]:
    return tuple(int(p) if p.isdigit() else p for p in code.split("."))
