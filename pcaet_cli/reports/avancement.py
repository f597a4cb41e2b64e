"""avancement — progress: actions by status, late actions, budget planned vs spent per
year, indicators against their targets with the straight-line trajectory to the target
year."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pcaet_cli.french import plural
from pcaet_cli.model.vocab import TYPE_BUDGET_LABELS, Statut
from pcaet_cli.reports.frames import Frames, years_or
from pcaet_cli.reports.model import Alert, Column, Report, Table, build_frame
from pcaet_cli.reports.qui_fait_quoi import names

NONE = "sans statut"


def _statuses(frames: Frames) -> pd.DataFrame:
    actions = frames.actions
    counts = actions["statut"].fillna(NONE).value_counts()
    total = len(actions)
    columns: list[Column[str]] = [
        Column("Statut", lambda s: s),
        Column("Actions", lambda s: int(counts.get(s, 0))),
        Column("Part", lambda s: int(counts.get(s, 0)) / total if total else None),
    ]
    return build_frame(columns, [str(s) for s in Statut] + [NONE])


def _late(frames: Frames) -> pd.DataFrame:
    label = names(frames)
    late = frames.actions.loc[frames.actions["en_retard"].astype(bool)].sort_values(
        ["date_fin", "action"]
    )
    return pd.DataFrame(
        {
            "Action": late["action"],
            "Titre": late["titre"],
            "Fin prévue": late["date_fin"],
            "Statut": late["statut"],
            "Pilote": late["pilote"].map(label),
        }
    ).reset_index(drop=True)


def _budget(frames: Frames) -> pd.DataFrame:
    budget = frames.budget.assign(
        annee=years_or(frames.budget["annee"], "pluriannuel"),
        type=frames.budget["type"].map(lambda t: TYPE_BUDGET_LABELS.get(t, t)),
    )
    table = (
        budget.groupby(["annee", "type"])
        .agg(prevu=("prevu", "sum"), realise=("realise", "sum"))
        .reset_index()
    )
    table["taux"] = table["realise"] / table["prevu"].where(table["prevu"] > 0)
    table = table.sort_values(["annee", "type"], key=lambda s: s.astype(str))
    table = table.rename(
        columns={
            "annee": "Année",
            "type": "Type",
            "prevu": "Prévu (€ HT)",
            "realise": "Réalisé (€ HT)",
            "taux": "Taux de réalisation",
        }
    )
    return table.reset_index(drop=True)


def trajectory(start_year: int, start: float, target_year: int, target: float, year: int) -> float:
    """The value expected in `year` on the straight line from start to target."""
    if target_year == start_year:
        return target
    ratio = min(max((year - start_year) / (target_year - start_year), 0.0), 1.0)
    return start + (target - start) * ratio


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True, slots=True)
class _Indicator:
    action: str
    name: str
    unit: Any
    start: Any
    last: float | None
    last_year: int | None
    expected: float | None
    target: Any
    target_year: Any
    progress: float | None
    state: str


_INDICATOR_COLUMNS: list[Column[_Indicator]] = [
    Column("Action", lambda i: i.action),
    Column("Indicateur", lambda i: i.name),
    Column("Unité", lambda i: i.unit),
    Column("Valeur initiale", lambda i: i.start),
    Column("Dernière mesure", lambda i: i.last),
    Column("Année", lambda i: i.last_year),
    Column("Attendu sur la trajectoire", lambda i: i.expected),
    Column("Cible", lambda i: i.target),
    Column("Année cible", lambda i: i.target_year),
    Column("Progression", lambda i: i.progress),
    Column("État", lambda i: i.state),
]


def _indicators(frames: Frames) -> tuple[pd.DataFrame, int]:
    # Plain records rather than a pandas groupby: one small group per indicator makes
    # groupby cost ~1 ms each (5 s at 5 000 actions).
    groups: dict[tuple[str, str], list[dict[Any, Any]]] = {}
    for record in frames.indicateurs.to_dict("records"):
        groups.setdefault((record["action"], record["indicateur"]), []).append(record)
    rows: list[_Indicator] = []
    behind = 0
    for (action, name), records in sorted(groups.items()):
        first = records[0]
        measured = sorted(
            (r for r in records if not _missing(r["annee"]) and not _missing(r["valeur"])),
            key=lambda r: r["annee"],
        )
        last_year = int(measured[-1]["annee"]) if measured else None
        last = float(measured[-1]["valeur"]) if measured else None
        start, target, target_year = first["valeur_initiale"], first["cible"], first["annee_cible"]
        start_year = first["annee_initiale"]
        if _missing(start_year) and measured:
            start_year = measured[0]["annee"]
        expected = progress = None
        state = "non mesuré" if last is None else "sans cible"
        if last is not None and not any(
            _missing(v) for v in (target, start, start_year, target_year)
        ):
            expected = trajectory(
                int(start_year), float(start), int(target_year), float(target), int(last_year or 0)
            )
            span = float(target) - float(start)
            progress = (last - float(start)) / span if span else 1.0
            ahead = (last - expected) * math.copysign(1, span or 1) >= 0
            state = "dans la trajectoire" if ahead else "en retard sur la trajectoire"
            behind += 0 if ahead else 1
        rows.append(
            _Indicator(
                action,
                name,
                first["unite"],
                start,
                last,
                last_year,
                expected,
                target,
                target_year,
                progress,
                state,
            )
        )
    return build_frame(_INDICATOR_COLUMNS, rows), behind


def avancement(frames: Frames) -> Report:
    late = _late(frames)
    indicators, behind = _indicators(frames)
    alerts = []
    if len(late):
        alerts.append(Alert("alerte", f"{plural(len(late), 'action')} en retard", "avancement"))
    if behind:
        alerts.append(
            Alert(
                "alerte",
                f"{plural(behind, 'indicateur')} en retard sur "
                + ("sa trajectoire" if behind == 1 else "leur trajectoire"),
                "avancement",
            )
        )
    return Report(
        view="avancement",
        title="Avancement",
        tables=[
            Table(
                "statuts",
                "Actions par statut",
                _statuses(frames),
                percent=("Part",),
                blank_zero=True,
            ),
            Table(
                "retards",
                "Actions en retard (date de fin passée, ni réalisées ni abandonnées)",
                late,
            ),
            Table(
                "budget",
                "Budget prévu et réalisé par année",
                _budget(frames),
                percent=("Taux de réalisation",),
            ),
            Table(
                "indicateurs",
                "Indicateurs et trajectoire vers la cible",
                indicators,
                percent=("Progression",),
                short={
                    "Valeur initiale": "Initiale",
                    "Dernière mesure": "Mesure",
                    "Attendu sur la trajectoire": "Attendu",
                    "Année cible": "Échéance",
                    "Progression": "Progr.",
                    "Indicateur": "Indicateur",
                },
                note="Trajectoire : ligne droite de la valeur initiale à la cible.",
            ),
        ],
        alerts=alerts,
    )
