"""What every page of the site reads, computed once: the report frames, the pages of
actions and territories, and how each actor is named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pcaet_cli.model.vocab import TypeActeur
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.reports.couverture import hierarchy
from pcaet_cli.reports.frames import Frames, build_frames
from pcaet_cli.site import paths
from pcaet_cli.site.labels import ACTOR_TYPES


@dataclass(frozen=True, slots=True)
class SiteOptions:
    title: str | None = None
    """Shown on every page; by default the PCAET's name, else the register's."""
    public: bool = False
    today: date | None = None
    cible_portage: float = 0.6
    register_name: str | None = None


@dataclass(frozen=True, slots=True)
class ActorInfo:
    name: str
    kind: str
    detail: str | None
    """Post or function (and delegation) of a person or an élu; a person's service."""
    email: str | None
    telephone: str | None


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    href: str | None = None
    """Relative to the site's root, or None for plain text."""


def _actors(index: RegisterIndex, public: bool) -> dict[str, ActorInfo]:
    actors: dict[str, ActorInfo] = {}
    for doc, acteur in index.iter_acteurs():
        service = index.acteur(acteur.service)
        details = [acteur.poste, acteur.fonction, acteur.delegation]
        if service is not None:
            details.append(service.nom)
        # In public mode an agent's name already is their post and service.
        hidden = public and acteur.type is TypeActeur.PERSONNE
        shown = [] if hidden else [d for d in details if d]
        actors[doc.id] = ActorInfo(
            name=acteur.nom,
            kind=ACTOR_TYPES.get(acteur.type, str(acteur.type)),
            detail=" · ".join(shown) or None,
            email=acteur.email,
            telephone=acteur.telephone,
        )
    return actors


@dataclass
class SiteData:
    index: RegisterIndex
    frames: Frames
    options: SiteOptions
    today: date
    title: str
    action_pages: dict[str, str]
    territory_pages: dict[str, str]
    actors: dict[str, ActorInfo]
    plan_names: dict[str, str]
    axis_titles: dict[str, dict[str, str]]
    """Plan → axis code → title."""
    main_plan: str | None
    """The first PCAET: the plan whose axes organise the home page."""
    late: dict[str, bool]
    """Action → whether it is late (the frames' `en_retard`)."""
    territory_order: list[str]
    """Territories in hierarchy order: that of the portage table's rows."""

    @classmethod
    def build(cls, index: RegisterIndex, options: SiteOptions) -> SiteData:
        today = options.today or date.today()
        plans = sorted(index.iter_plans(), key=lambda item: item[0].id)
        pcaets = [doc.id for doc, plan in plans if plan.type == "PCAET"]
        main_plan = pcaets[0] if pcaets else None
        plan_names = {doc.id: plan.nom for doc, plan in plans}
        # The PCAET's own name when there is one; a register holding several is named
        # by its configuration.
        title = (
            options.title
            or (plan_names[pcaets[0]] if len(pcaets) == 1 else None)
            or options.register_name
            or (plan_names[pcaets[0]] if pcaets else None)
            or "Plan climat-air-énergie territorial"
        )
        frames = build_frames(index, today)
        actions = frames.actions
        return cls(
            index=index,
            frames=frames,
            options=options,
            today=today,
            title=title,
            action_pages=paths.file_names("actions", index.actions),
            territory_pages=paths.file_names("territoires", index.territoires),
            actors=_actors(index, options.public),
            plan_names=plan_names,
            axis_titles={doc.id: dict(plan.axis_codes()) for doc, plan in plans},
            main_plan=main_plan,
            late=dict(zip(actions["action"], actions["en_retard"].astype(bool), strict=True)),
            territory_order=[ident for ident, _, _ in hierarchy(frames)],
        )

    def actor_name(self, ident: str) -> str:
        info = self.actors.get(ident)
        return info.name if info else ident

    def territory(self, ident: str | None) -> Link | None:
        if ident is None:
            return None
        model = self.index.territoire(ident)
        return Link(model.nom if model else ident, self.territory_pages.get(ident))

    def action(self, ident: str) -> Link:
        doc = self.index.actions.get(ident)
        title = getattr(doc.model, "titre", None) if doc else None
        text = f"{ident} — {title}" if title else ident
        return Link(text, self.action_pages.get(ident))

    def axis(self, plan: str, code: str | None) -> str:
        if code is None:
            return "sans axe"
        title = self.axis_titles.get(plan, {}).get(code)
        return f"{code} {title}" if title else code
