"""portage — who carries the plan: per territory, the share of actions piloted by
actors of the territory rather than by the collectivity's services, against a target
(workshop: Saumur, 60 %); actions proposed by actors; elected sponsors; funding."""

from __future__ import annotations

from dataclasses import dataclass

from pcaet_cli.french import percent
from pcaet_cli.reports.couverture import hierarchy
from pcaet_cli.reports.frames import Frames
from pcaet_cli.reports.model import Alert, Column, Report, Table, build_frame
from pcaet_cli.reports.qui_fait_quoi import names
from pcaet_cli.reports.totals import Carrying, carrying


@dataclass(frozen=True, slots=True)
class _Territory:
    ident: str
    shown: str
    depth: int
    actions: int
    carried: Carrying
    proposed: int
    sponsored: int


def portage(frames: Frames, target: float, territoire: str | None) -> Report:
    facts = frames.couverture.merge(frames.actions, on="action")
    # One grouped pass, not one filter per territory (179 territories × 10 000 rows).
    grouped = facts.assign(
        proposed=facts["proposee_par_acteur"].astype(bool),
        sponsored=facts["referent"].notna(),
    ).groupby("territoire")
    sizes = grouped.size().to_dict()
    portages = grouped["portage"].agg(list).to_dict()
    counts = grouped[["proposed", "sponsored"]].sum().to_dict("index")
    territories = [
        _Territory(
            ident,
            shown,
            depth,
            actions=int(sizes.get(ident, 0)),
            carried=carrying(portages.get(ident, [])),
            proposed=int(counts.get(ident, {}).get("proposed", 0)),
            sponsored=int(counts.get(ident, {}).get("sponsored", 0)),
        )
        for ident, shown, depth in hierarchy(frames, territoire)
    ]

    def gap(t: _Territory) -> float | None:
        part = t.carried.share
        return None if part is None else part - target

    columns: list[Column[_Territory]] = [
        Column("Territoire", lambda t: t.shown),
        Column("Niveau", lambda t: t.depth),
        Column("Actions", lambda t: t.actions),
        Column("Avec pilote", lambda t: t.carried.piloted),
        Column("Portées par les acteurs", lambda t: t.carried.by_actors),
        Column("Part portée par les acteurs", lambda t: t.carried.share),
        Column("Cible", lambda t: target),
        Column("Écart à la cible", gap),
        Column("Proposées par les acteurs", lambda t: t.proposed),
        Column("Avec élu référent", lambda t: t.sponsored / t.actions if t.actions else None),
    ]
    table = build_frame(columns, territories)
    # The target is the plan's: alerts go to the territories that carry a plan (all
    # when none names its carrier), as coverage alerts do.
    carriers = set(frames.plans["porteur"].dropna())
    alerts = [
        Alert(
            "alerte",
            f"{t.shown} : {percent(part)} des actions portées par les acteurs "
            f"du territoire (cible {percent(target)})",
            "portage",
        )
        for t in territories
        if (part := t.carried.share) is not None
        and part < target
        and (not carriers or t.ident in carriers)
    ]

    label = names(frames)
    funding = (
        frames.financements.groupby("financeur")
        .agg(actions=("action", "nunique"), montant=("montant", "sum"))
        .reset_index()
    )
    funding.insert(1, "nom", funding["financeur"].map(label))
    funding = funding.sort_values(["montant", "financeur"], ascending=[False, True])
    funding = funding.rename(
        columns={
            "financeur": "Financeur",
            "nom": "Nom",
            "actions": "Actions financées",
            "montant": "Montant (€ HT)",
        }
    )

    return Report(
        view="portage",
        title="Portage des actions",
        tables=[
            Table(
                "territoires",
                "Part des actions portées par les acteurs du territoire",
                table,
                level="Niveau",
                signed=("Écart à la cible",),
                percent=(
                    "Part portée par les acteurs",
                    "Cible",
                    "Écart à la cible",
                    "Avec élu référent",
                ),
                short={
                    "Avec pilote": "Pilotées",
                    "Portées par les acteurs": "Par acteurs",
                    "Part portée par les acteurs": "Part",
                    "Écart à la cible": "Écart",
                    "Proposées par les acteurs": "Proposées",
                    "Avec élu référent": "Élu réf.",
                },
                note="Acteurs du territoire : communes, associations, entreprises, chambres, "
                "syndicats… ; collectivité : ses services, directions, agents et élus.",
            ),
            Table("financements", "Financements obtenus par financeur", funding),
        ],
        alerts=alerts,
    )
