"""Reports: views computed from tidy frames built once from the register index.

`build_report` is the library entry point; the CLI only parses options and renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pcaet_cli.errors import PcaetError
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.textmatch import closest

if TYPE_CHECKING:
    # pandas only when a view is computed: `pcaet lint` imports reports.key_figures,
    # which runs this package's __init__, and must not pay for pandas (0.4 s).
    from pcaet_cli.reports.frames import Frames
    from pcaet_cli.reports.model import Report

VIEWS = (
    "synthese",
    "qui-fait-quoi",
    "couverture",
    "portage",
    "charge",
    "articulation",
    "declencheurs",
    "avancement",
    "organisation",
    "service",
)


@dataclass(frozen=True, slots=True)
class ReportOptions:
    territoire: str | None = None
    plan: str | None = None
    statut: str | None = None
    axe: str | None = None
    service: str | None = None
    cible_portage: float = 0.6
    today: date | None = None
    par_population: bool = False
    """couverture: also the share of the population the actions reach."""


def _check(kind: str, value: str | None, known: list[str]) -> None:
    if value is not None and value not in known:
        guess = closest(value, known)
        advice = f" ; vouliez-vous dire « {guess} » ?" if guess else ""
        raise PcaetError(f"{kind} « {value} » inconnu(e) dans le registre{advice}")


def filtered(frames: Frames, options: ReportOptions) -> Frames:
    """Keep the actions matching --territoire, --plan, --statut and --axe."""
    from pcaet_cli.reports.frames import restrict

    keep = set(frames.actions["action"])
    _check("territoire", options.territoire, list(frames.territoires["territoire"]))
    _check("plan", options.plan, list(frames.plans["plan"]))
    if options.territoire:
        cov = frames.couverture
        keep &= set(cov[cov["territoire"] == options.territoire]["action"])
    links = frames.articulation
    if options.plan:
        links = links[links["plan"] == options.plan]
        keep &= set(links["action"])
    if options.axe:
        axe = options.axe
        match = links["axe"].fillna("").map(lambda a: a == axe or a.startswith(f"{axe}."))
        keep &= set(links[match]["action"])
    if options.statut:
        statuses = [str(s) for s in frames.actions["statut"].dropna().unique()]
        wanted = closest(options.statut, statuses) or options.statut
        acts = frames.actions
        keep &= set(acts[acts["statut"] == wanted]["action"])
    return restrict(frames, keep)


def build_report(view: str, index: RegisterIndex, options: ReportOptions) -> Report:
    """The report of `view`; the synthesis also gathers the other views' alerts."""
    if view not in VIEWS:
        guess = closest(view, list(VIEWS))
        advice = f" ; vouliez-vous dire « {guess} » ?" if guess else ""
        raise PcaetError(f"vue inconnue « {view} » (vues : {', '.join(VIEWS)}){advice}")
    if options.par_population and view != "couverture":
        raise PcaetError("--par-population ne s'applique qu'à la vue couverture")
    from pcaet_cli.reports.frames import build_frames

    today = options.today or date.today()
    frames = filtered(build_frames(index, today), options)
    return _one(view, frames, index, options)


def _one(view: str, frames: Frames, index: RegisterIndex, options: ReportOptions) -> Report:
    from pcaet_cli.reports import (
        articulation,
        avancement,
        charge,
        couverture,
        declencheurs,
        organisation,
        portage,
        qui_fait_quoi,
        service,
    )

    if view == "qui-fait-quoi":
        return qui_fait_quoi.qui_fait_quoi(frames, options.plan)
    if view == "couverture":
        return couverture.couverture(
            frames, options.plan, options.territoire, options.par_population
        )
    if view == "portage":
        return portage.portage(frames, options.cible_portage, options.territoire)
    if view == "charge":
        return charge.charge(frames)
    if view == "articulation":
        return articulation.articulation(frames, options.plan)
    if view == "declencheurs":
        return declencheurs.declencheurs(frames)
    if view == "avancement":
        return avancement.avancement(frames)
    if view == "organisation":
        return organisation.organisation(frames, index)
    if view == "service":
        if not options.service:
            raise PcaetError("indiquez le service : pcaet report service SERVICE")
        return service.service(frames, options.service)
    return _synthese(frames, options, {v: _one(v, frames, index, options) for v in _ALERTING})


_ALERTING = ("avancement", "portage", "charge", "organisation", "couverture")
"""The views whose alerts the synthesis gathers, in this order."""


def _synthese(frames: Frames, options: ReportOptions, reports: dict[str, Report]) -> Report:
    from pcaet_cli.reports import synthese

    alerts = [alert for view in _ALERTING for alert in reports[view].alerts]
    return synthese.synthese(frames, options.cible_portage, alerts)


def every_view(frames: Frames, index: RegisterIndex, options: ReportOptions) -> dict[str, Report]:
    """Every view but `service` (one per service) on the same frames, each computed
    once: the synthesis takes its alerts from the others instead of computing them."""
    reports = {
        view: _one(view, frames, index, options)
        for view in VIEWS
        if view not in ("synthese", "service")
    }
    reports["synthese"] = _synthese(frames, options, reports)
    return reports
