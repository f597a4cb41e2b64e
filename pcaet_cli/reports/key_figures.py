"""The headline figures of a register, cheap enough to follow every `pcaet lint`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from pcaet_cli.model.vocab import SECTEURS_REGLEMENTAIRES, Domaine, TypePlan
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.reports.totals import Carrying, carrying


@dataclass(frozen=True, slots=True)
class PcaetCoverage:
    plan: str
    nom: str
    actions: int
    secteurs: int
    domaines: int


@dataclass(frozen=True, slots=True)
class KeyFigures:
    territoires: int
    acteurs: int
    plans: int
    actions: int
    with_pilot: int
    carried_by_actors: int
    """Actions piloted by an actor of the territory rather than a collectivity."""
    with_sponsor: int
    late: int
    statuses: dict[str, int]
    pcaets: list[PcaetCoverage]

    @property
    def share_carried_by_actors(self) -> float | None:
        return Carrying(self.with_pilot, self.carried_by_actors).share


def key_figures(index: RegisterIndex, today: date) -> KeyFigures:
    actions = [a for _, a in index.iter_actions()]
    statuses = Counter(str(a.statut) if a.statut else "sans statut" for a in actions)
    carried = carrying(index.portage(a) for a in actions)
    pcaets = []
    for doc, plan in index.iter_plans():
        if plan.type is not TypePlan.PCAET:
            continue
        sectors, domains = index.uncovered(doc.id)
        pcaets.append(
            PcaetCoverage(
                plan=doc.id,
                nom=plan.nom,
                actions=len(index.plan_actions(doc.id)),
                secteurs=len(SECTEURS_REGLEMENTAIRES) - len(sectors),
                domaines=len(Domaine) - len(domains),
            )
        )
    return KeyFigures(
        territoires=len(index.territoires),
        acteurs=len(index.acteurs),
        plans=len(index.plans),
        actions=len(actions),
        with_pilot=carried.piloted,
        carried_by_actors=carried.by_actors,
        with_sponsor=sum(1 for a in actions if a.referent),
        late=sum(1 for a in actions if index.is_late(a, today)),
        statuses=dict(statuses.most_common()),
        pcaets=pcaets,
    )
