"""couverture — per territory, actions by regulatory sector, by strategic domain
(R229-51 II) and by plan axis. Coverage rolls up and down the hierarchy: an action of
the PETR for all its members covers each EPCI; a commune's action counts for its EPCI."""

from __future__ import annotations

import pandas as pd

from pcaet_cli.french import plural
from pcaet_cli.model.vocab import DOMAINE_LABELS, SECTEURS_REGLEMENTAIRES, Domaine
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
TERMINAL_SECTORS = {
    "Résidentiel": "Rés.",
    "Tertiaire": "Ter.",
    "Transport routier": "Rout.",
    "Autres transports": "Autr.",
    "Agriculture": "Agri.",
    "Déchets": "Déch.",
    "Industrie hors branche énergie": "Ind.",
    "Branche énergie": "Énerg.",
}
"""The terminal's headers, short enough for eight counts beside a territory's name in
80 columns; the legend under the table gives each in full."""


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


def _population_shares(
    frames: Frames,
    facts: pd.DataFrame,
    column: str,
    labels: list[str],
    territories: list[tuple[str, str, int]],
) -> pd.DataFrame:
    """Per territory, the share of its population that the actions of each label reach:
    all of it when an action applies to the territory or a level above it, else the
    population of its members that one reaches (the topmost ones, counted once). A share
    that needs a population the register does not give is left empty (None), never
    computed as if it were 0."""
    terr = frames.territoires
    parent = dict(zip(terr["territoire"], terr["membre_de"], strict=True))
    population = _populations(frames)
    children: dict[str, list[str]] = {}
    for ident, above in parent.items():
        if above in parent:
            children.setdefault(above, []).append(ident)
    # Reached "downwards" only: a commune's action does not reach its whole EPCI.
    cov = frames.couverture[frames.couverture["via"] != "membre"]
    reached: dict[str, set[str]] = {label: set() for label in labels}
    for territory, label in cov.merge(facts, on="action")[["territoire", column]].itertuples(
        index=False
    ):
        if label in reached:
            reached[label].add(str(territory))

    def covered(node: str, label: str, seen: frozenset[str]) -> int | None:
        if node in reached[label]:
            return population[node]
        total = 0
        for child in children.get(node, []):
            if child in seen:  # a cycle (R004)
                continue
            part = covered(child, label, seen | {child})
            if part is None:
                return None
            total += part
        return total

    rows = []
    for ident, name, depth in territories:
        whole = population[ident]
        row: dict[str, object] = {"Territoire": name, "Niveau": depth, "Population": whole}
        for label in labels:
            part = covered(ident, label, frozenset({ident}))
            row[label] = min(1.0, part / whole) if whole and part is not None else None
        rows.append(row)
    return pd.DataFrame(rows, columns=["Territoire", "Niveau", "Population", *labels])


def _populations(frames: Frames) -> dict[str, int | None]:
    terr = frames.territoires
    return {
        str(ident): (None if pd.isna(value) else int(value))
        for ident, value in zip(terr["territoire"], terr["population"], strict=True)
    }


def _missing_population(frames: Frames, territories: list[tuple[str, str, int]]) -> list[Alert]:
    population = _populations(frames)
    missing = [name for ident, name, _ in territories if population[ident] is None]
    if not missing:
        return []
    return [
        Alert(
            "alerte",
            f"population inconnue pour {plural(len(missing), 'territoire')} : "
            f"{', '.join(missing)} ; "
            "leurs parts, et celles des niveaux qui en dépendent, restent vides "
            "(renseignez « population: »)",
            "couverture",
        )
    ]


def couverture(
    frames: Frames, plan: str | None, territoire: str | None, par_population: bool = False
) -> Report:
    territories = hierarchy(frames, territoire)
    sectors = [str(s) for s in SECTEURS_REGLEMENTAIRES]
    domains = [DOMAINE_LABELS[d] for d in Domaine]
    by_sector = _matrix(frames, frames.secteurs, "secteur", sectors, territories)
    by_domain = _matrix(frames, frames.domaines, "libelle", domains, territories)
    # Numbered as in R229-51 II (1° to 9°); the terminal shows the number, the legend
    # and the files the whole label.
    numbered = {label: f"{n}° {label}" for n, label in enumerate(domains, start=1)}
    by_domain = by_domain.rename(columns=numbered)
    axes = frames.articulation.dropna(subset=["axe_racine"])
    pcaet = plan or _first_pcaet(frames)
    axes = axes[axes["plan"] == pcaet] if pcaet else axes.iloc[0:0]
    axis_labels = sorted(axes["axe_racine"].unique(), key=_axis_key)
    by_axis = _matrix(
        frames, axes[["action", "axe_racine"]], "axe_racine", axis_labels, territories
    )
    titles = frames.axes[frames.axes["plan"] == pcaet]
    title = dict(zip(titles["axe"], titles["titre"], strict=True))
    axis_names = {a: f"Axe {a} : {title[a]}" if a in title else f"Axe {a}" for a in axis_labels}
    by_axis = by_axis.rename(columns=axis_names)

    # The obligation to cover every sector and domain is a plan's: alerts go to the
    # territories that carry a plan (all the top ones when no plan names its carrier),
    # not to each member of a PETR whose plan covers them together.
    carriers = set(frames.plans["porteur"].dropna())
    concerned = carriers or {t for t, _, depth in territories if depth == 0}
    alerts = []
    for frame, what, many in (
        (by_sector, "secteur réglementaire", "secteurs réglementaires"),
        (by_domain, "domaine stratégique", "domaines stratégiques"),
    ):
        for (ident, name, _), row in zip(territories, frame.itertuples(index=False), strict=True):
            empty = [c for c, v in zip(frame.columns[2:], row[2:], strict=True) if v == 0]
            if empty and ident in concerned:
                alerts.append(
                    Alert(
                        "alerte",
                        f"{name} : {plural(len(empty), what, many)} sans action : "
                        f"{', '.join(empty)}",
                        "couverture",
                    )
                )
    tables: list[Table] = []
    if par_population:
        domain_short = {full: full.split(" ")[0] for full in numbered.values()}
        for facts, column, labels, name, what, renamed, short in (
            (
                frames.secteurs,
                "secteur",
                sectors,
                "secteurs_population",
                "secteur réglementaire",
                {},
                TERMINAL_SECTORS,
            ),
            (
                frames.domaines,
                "libelle",
                domains,
                "domaines_population",
                "domaine stratégique",
                numbered,
                domain_short,
            ),
        ):
            shares = _population_shares(frames, facts, column, labels, territories)
            tables.append(
                Table(
                    name,
                    f"Part de la population couverte par {what}",
                    shares.rename(columns=renamed),
                    level="Niveau",
                    gaps=True,
                    percent=tuple(renamed.get(label, label) for label in labels),
                    short={"Population": "Pop.", **short},
                    note="Population du registre (champ « population ») ; une action compte "
                    "pour la population de son territoire et de ses membres, pas pour celle "
                    "des niveaux au-dessus. Case vide : une population manque.",
                )
            )
        alerts.extend(_missing_population(frames, territories))
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
                short=TERMINAL_SECTORS,
                note="Une action compte pour son territoire, ses membres et les niveaux au-dessus.",
            ),
            Table(
                "domaines",
                "Actions par domaine stratégique (R229-51 II)",
                by_domain,
                level="Niveau",
                gaps=True,
                short={full: full.split(" ")[0] for full in numbered.values()},
            ),
            Table(
                "axes",
                f"Actions par axe du plan {pcaet or '(aucun PCAET)'}",
                by_axis,
                gaps=True,
                level="Niveau",
                short={full: f"Axe {a}" for a, full in axis_names.items()},
            ),
            *tables,
        ],
        alerts=alerts,
    )


def _first_pcaet(frames: Frames) -> str | None:
    pcaets = frames.plans[frames.plans["type"] == "PCAET"]["plan"]
    return str(pcaets.iloc[0]) if len(pcaets) else None


def _axis_key(code: str) -> tuple[int | str, ...]:
    return tuple(int(p) if p.isdigit() else p for p in code.split("."))
