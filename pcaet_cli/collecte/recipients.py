"""Who gets a collection workbook (`--par service`, relais, partenaire or pilote), with
their actions and role in each; the workbook's file name for each; and the pilots a
recipient may suggest for a new action."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pcaet_cli.collecte import layout as L
from pcaet_cli.errors import PcaetError
from pcaet_cli.fsutil import check_name
from pcaet_cli.model import Action
from pcaet_cli.model.vocab import TypeActeur
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.textmatch import slug


@dataclass(slots=True)
class Recipient:
    ident: str
    name: str
    actions: dict[str, str] = field(default_factory=dict)
    """Action identifier → the recipient's role in it, sorted by identifier."""


def recipients(index: RegisterIndex, par: str) -> list[Recipient]:
    """Who gets a workbook, by identifier, each with their actions."""
    if par not in L.PAR:
        raise PcaetError(f"--par : « {par} » inconnu ; attendu {', '.join(L.PAR)}")
    found: dict[str, Recipient] = {}

    def add(actor: str, action: str, role: str) -> None:
        model = index.acteur(actor)
        if model is None:  # a dangling reference: lint reports it, no one to send it to
            return
        entry = found.setdefault(actor, Recipient(actor, model.nom))
        entry.actions.setdefault(action, role)

    services = {TypeActeur.SERVICE, TypeActeur.DIRECTION}
    for doc, action in index.iter_actions():
        if par == "pilote" and action.pilote:
            add(action.pilote, doc.id, "pilote")
        elif par == "partenaire":
            for partner in action.partenaires:
                add(partner, doc.id, "partenaire")
        else:
            carriers = [("pilote", action.pilote)] if action.pilote else []
            carriers += [("copilote", c) for c in action.copilotes]
            for role, ident in carriers:
                model = index.acteur(ident)
                if model is None or model.type not in services:
                    continue
                if par == "service":
                    add(ident, doc.id, role)
                elif model.relais:
                    add(model.relais, doc.id, "relais")
    result = sorted(found.values(), key=lambda r: r.ident)
    for entry in result:
        entry.actions = dict(sorted(entry.actions.items()))
    return result


def file_names(people: Sequence[Recipient]) -> dict[str, str]:
    """Recipient → workbook name: the slug of their name, their identifier added when
    two names give the same slug. Checked by the path gate's rules for names."""
    stems = {r.ident: slug(r.name, 60) or r.ident for r in people}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem] = counts.get(stem, 0) + 1
    names = {}
    for ident, stem in stems.items():
        if counts[stem] > 1 or not stem:
            stem = f"{stem}-{ident}"[:90].strip("-")
        names[ident] = check_name(stem, f"destinataire {ident}") + ".xlsx"
    return names


def actor_choice(name: str, ident: str) -> str:
    """How an actor is offered in the list of pilots: « Nom (identifiant) »."""
    return f"{name} ({ident})"


def actor_choices(index: RegisterIndex, only: set[str] | None = None) -> list[str]:
    """The actors a new action may be piloted by (or `only` those): services and
    directions first."""
    services = {TypeActeur.SERVICE, TypeActeur.DIRECTION}
    entries = sorted(
        ((model.type not in services, model.nom.casefold(), doc.id, model.nom))
        for doc, model in index.iter_acteurs()
        if only is None or doc.id in only
    )
    return [actor_choice(name, ident) for _, _, ident, name in entries]


class Nearby:
    """The pilots a recipient may suggest for a new action: the actors of their actions,
    themselves, and the services and directions of those actors' territories. A whole
    region's actors in every workbook made 4 300 workbooks of 5 700 choices each."""

    def __init__(self, index: RegisterIndex) -> None:
        self.index = index
        services = {TypeActeur.SERVICE, TypeActeur.DIRECTION}
        self.by_territory: dict[str | None, list[str]] = {}
        for doc, model in index.iter_acteurs():
            if model.type in services:
                self.by_territory.setdefault(model.territoire, []).append(doc.id)

    def choices(self, person: Recipient) -> list[str]:
        named = {person.ident}
        for ident in person.actions:
            doc = self.index.actions.get(ident)
            action = doc.model if doc is not None else None
            if isinstance(action, Action):
                named.update(a for a in (action.pilote, *action.copilotes) if a)
                named.update(action.partenaires)
        territories = {m.territoire for a in named if (m := self.index.acteur(a)) is not None}
        for territory in territories:
            named.update(self.by_territory.get(territory, ()))
        return actor_choices(self.index, named)
