"""The in-memory register: entities by identifier, references, inverse relations and the
derived facts of the data contract (who carries an action, lateness, the officer's
distance to the DGS, each person's ETP). Reports and rules read this, never YAML."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal, NamedTuple

from pcaet_cli.model import Acteur, Action, Plan, Territoire
from pcaet_cli.model.vocab import (
    ACTEURS_COLLECTIVITE,
    SECTEURS_REGLEMENTAIRES,
    STATUTS_CLOS,
    Domaine,
    Secteur,
)
from pcaet_cli.register.loader import Document
from pcaet_cli.register.positions import Path as YamlPath

KIND_LABEL = {
    "territoires": "un territoire",
    "acteurs": "un acteur",
    "plans": "un plan",
    "actions": "une action",
}

Portage = Literal["collectivite", "acteur"]


class Reference(NamedTuple):
    """One identifier a file names. A tuple: ~9 are made per action, and a frozen
    dataclass is several times slower to build."""

    source: Document
    field: YamlPath
    target: str
    kind: str
    """The kind the field expects: territoires, acteurs, plans or actions."""
    on_key: bool = False
    """True when the identifier is a mapping key (an action's `plans:`)."""


def _references(doc: Document) -> Iterator[tuple[YamlPath, str, str, bool]]:
    m = doc.model
    if isinstance(m, Territoire):
        for i, t in enumerate(m.membre_de):
            yield ("membre_de", i), t, "territoires", False
        for name, comp in m.competences.items():
            if comp.a:
                yield ("competences", name, "a"), comp.a, "territoires", False
        for attr in ("charge_de_mission", "dgs"):
            if (value := getattr(m, attr)) is not None:
                yield (attr,), value, "acteurs", False
    elif isinstance(m, Acteur):
        if m.territoire:
            yield ("territoire",), m.territoire, "territoires", False
        for attr in ("rattache_a", "relais", "service"):
            if (value := getattr(m, attr)) is not None:
                yield (attr,), value, "acteurs", False
    elif isinstance(m, Plan):
        if m.porteur:
            yield ("porteur",), m.porteur, "territoires", False
        for i, t in enumerate(m.perimetre):
            yield ("perimetre", i), t, "territoires", False
    elif isinstance(m, Action):
        for plan in m.plans:
            yield ("plans", plan), plan, "plans", True
        if m.echelon:
            yield ("echelon",), m.echelon, "territoires", False
        for i, where in enumerate(m.territoires):
            yield ("territoires", i), where, "territoires", False
        for attr in ("pilote", "referent", "propose_par"):
            if (value := getattr(m, attr)) is not None:
                yield (attr,), value, "acteurs", False
        for attr in ("copilotes", "personnes", "partenaires"):
            for i, a in enumerate(getattr(m, attr)):
                yield (attr, i), a, "acteurs", False
        for i, f in enumerate(m.financements):
            yield ("financements", i, "financeur"), f.financeur, "acteurs", False
        for i, line in enumerate(m.temps):
            yield ("temps", i, "acteur"), line.acteur, "acteurs", False
        for i, s in enumerate(m.suivi):
            if s.auteur:
                yield ("suivi", i, "auteur"), s.auteur, "acteurs", False
        if m.liens:
            for i, a in enumerate(m.liens.actions):
                yield ("liens", "actions", i), a, "actions", False


@dataclass
class RegisterIndex:
    documents: list[Document]
    by_id: dict[str, list[Document]] = field(default_factory=dict)
    """Every document per identifier (more than one means a duplicate)."""
    territoires: dict[str, Document] = field(default_factory=dict)
    acteurs: dict[str, Document] = field(default_factory=dict)
    plans: dict[str, Document] = field(default_factory=dict)
    actions: dict[str, Document] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    referrers: dict[str, list[Reference]] = field(default_factory=dict)
    _uncovered: dict[str, tuple[list[Secteur], list[Domaine]]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def build(cls, documents: list[Document]) -> RegisterIndex:
        index = cls(documents)
        by_kind = {
            "territoires": index.territoires,
            "acteurs": index.acteurs,
            "plans": index.plans,
            "actions": index.actions,
        }
        by_id: dict[str, list[Document]] = defaultdict(list)
        referrers: dict[str, list[Reference]] = defaultdict(list)
        for doc in documents:
            by_id[doc.id].append(doc)
            if doc.model is not None:
                by_kind[doc.kind].setdefault(doc.id, doc)
            for path, target, kind, on_key in _references(doc):
                ref = Reference(doc, path, target, kind, on_key)
                index.references.append(ref)
                referrers[target].append(ref)
        index.by_id = dict(by_id)
        index.referrers = dict(referrers)
        return index

    # --- typed access ----------------------------------------------------------------

    def territoire(self, ident: str | None) -> Territoire | None:
        doc = self.territoires.get(ident) if ident else None
        return doc.model if doc and isinstance(doc.model, Territoire) else None

    def acteur(self, ident: str | None) -> Acteur | None:
        doc = self.acteurs.get(ident) if ident else None
        return doc.model if doc and isinstance(doc.model, Acteur) else None

    def plan(self, ident: str | None) -> Plan | None:
        doc = self.plans.get(ident) if ident else None
        return doc.model if doc and isinstance(doc.model, Plan) else None

    def iter_territoires(self) -> Iterator[tuple[Document, Territoire]]:
        for doc in self.territoires.values():
            assert isinstance(doc.model, Territoire)
            yield doc, doc.model

    def iter_acteurs(self) -> Iterator[tuple[Document, Acteur]]:
        for doc in self.acteurs.values():
            assert isinstance(doc.model, Acteur)
            yield doc, doc.model

    def iter_plans(self) -> Iterator[tuple[Document, Plan]]:
        for doc in self.plans.values():
            assert isinstance(doc.model, Plan)
            yield doc, doc.model

    def iter_actions(self) -> Iterator[tuple[Document, Action]]:
        for doc in self.actions.values():
            assert isinstance(doc.model, Action)
            yield doc, doc.model

    def kind_of(self, ident: str) -> str | None:
        docs = self.by_id.get(ident)
        return docs[0].kind if docs else None

    # --- inverse relations ---------------------------------------------------------

    def referrers_of(self, ident: str, field_name: str | None = None) -> list[Reference]:
        refs = self.referrers.get(ident, [])
        return [r for r in refs if field_name is None or r.field[0] == field_name]

    def actions_piloted_by(self, actor: str) -> list[str]:
        return [
            r.source.id for r in self.referrers_of(actor, "pilote") if r.source.kind == "actions"
        ]

    def plan_actions(self, plan: str) -> list[str]:
        return [r.source.id for r in self.referrers_of(plan, "plans") if r.source.kind == "actions"]

    def uncovered(self, plan: str) -> tuple[list[Secteur], list[Domaine]]:
        """The regulatory sectors and strategic domains that no action of `plan`
        covers, in the regulation's order (worked out once: P013, P014 and the key
        figures each ask)."""
        if plan not in self._uncovered:
            self._uncovered[plan] = self._coverage_gaps(plan)
        return self._uncovered[plan]

    def _coverage_gaps(self, plan: str) -> tuple[list[Secteur], list[Domaine]]:
        actions = [
            m for a in self.plan_actions(plan) if isinstance(m := self.actions[a].model, Action)
        ]
        sectors = {s for a in actions for s in a.secteurs}
        domains = {d for a in actions for d in a.domaines}
        return (
            [s for s in SECTEURS_REGLEMENTAIRES if s not in sectors],
            [d for d in Domaine if d not in domains],
        )

    def members(self, territory: str) -> list[str]:
        return [
            r.source.id
            for r in self.referrers_of(territory, "membre_de")
            if r.source.kind == "territoires"
        ]

    def ancestors(self, territory: str) -> list[str]:
        """Every level above `territory` (its EPCI, its PETR…), nearest first; cycle-safe."""
        seen: list[str] = []
        frontier = [territory]
        while frontier:
            current = frontier.pop(0)
            model = self.territoire(current)
            for parent in model.membre_de if model else []:
                if parent not in seen and parent != territory:
                    seen.append(parent)
                    frontier.append(parent)
        return seen

    def descendants(self, territory: str) -> list[str]:
        seen: list[str] = []
        frontier = [territory]
        while frontier:
            for member in self.members(frontier.pop(0)):
                if member not in seen and member != territory:
                    seen.append(member)
                    frontier.append(member)
        return seen

    # --- derived facts -------------------------------------------------------------

    def portage(self, action: Action) -> Portage | None:
        """Who carries the action: the collectivity's own organisation, or an actor of
        the territory (commune, association, company…); None without a known pilot."""
        pilot = self.acteur(action.pilote)
        if pilot is None:
            return None
        return "collectivite" if pilot.type in ACTEURS_COLLECTIVITE else "acteur"

    @staticmethod
    def is_late(action: Action, today: date) -> bool:
        return (
            action.date_fin is not None
            and action.date_fin < today
            and action.statut not in STATUTS_CLOS
        )

    def chain_to_dgs(self, person: str, dgs: str) -> list[str] | None:
        """The org-chart path from `person` up to `dgs` (both included), following
        `rattache_a` (or a person's `service`); None when it never reaches the DGS."""
        chain = [person]
        current = person
        while current != dgs:
            model = self.acteur(current)
            nxt = (model.rattache_a or model.service) if model else None
            if nxt is None or nxt in chain:
                return None
            chain.append(nxt)
            current = nxt
        return chain

    @staticmethod
    def time_lines(action: Action) -> list[tuple[str, int | None, float]]:
        """(actor, year, ETP) asked by an action. A `temps` line without a year counts
        for every year of its action; with neither year nor action dates, its year is
        None ("sans année")."""
        years: list[int | None] = [None]
        if action.date_debut and action.date_fin and action.date_debut <= action.date_fin:
            years = list(range(action.date_debut.year, action.date_fin.year + 1))
        return [
            (line.acteur, year, line.etp)
            for line in action.temps
            for year in ([line.annee] if line.annee is not None else years)
        ]

    @cached_property
    def charge(self) -> dict[str, dict[int | None, float]]:
        """ETP asked of each actor per year, across all actions (see `time_lines`)."""
        load: dict[str, dict[int | None, float]] = defaultdict(lambda: defaultdict(float))
        for _, action in self.iter_actions():
            for actor, year, etp in self.time_lines(action):
                load[actor][year] += etp
        return {actor: dict(per_year) for actor, per_year in load.items()}
