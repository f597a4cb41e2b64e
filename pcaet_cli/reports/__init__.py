"""Reports: views computed from tidy frames built once from the register index.

`build_report` is the library entry point; the CLI only parses options and renders.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from pcaet_cli.errors import PcaetError
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.textmatch import closest, fold

if TYPE_CHECKING:
    import pandas as pd

    # pandas only when a view is computed: `pcaet lint` imports reports.key_figures,
    # which runs this package's __init__, and must not pay for pandas (0.4 s).
    from pcaet_cli.reports.frames import Frames
    from pcaet_cli.reports.model import Report, Table

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
    """The service of the `service` view."""
    par_service: str | None = None
    """Only the actions where this service or one of its agents has a role."""
    personne: str | None = None
    """Only the actions where this person (or any actor) has a role."""
    cible_portage: float = 0.6
    today: date | None = None
    par_population: bool = False
    """couverture: also the share of the population the actions reach."""
    par_plan: bool = False
    """articulation: one column per plan however many there are (otherwise grouped by
    type above `articulation.PLAN_COLUMNS_MAX` plans)."""


def resolve(kind: str, value: str, choices: dict[str, str]) -> str:
    """The identifier `value` names: an identifier, or a name (case, accents and dashes
    aside). `choices` maps identifiers to names. Unknown: a French error suggesting the
    closest names and identifiers."""
    if value in choices:
        return value
    wanted = fold(value)
    for ident, name in choices.items():
        if wanted in (fold(ident), fold(name)):
            return ident
    # A part of a name that names only one: « val de brume », « mobilites ».
    within = {i for i, n in choices.items() if wanted in fold(i) or wanted in fold(n)}
    if len(within) == 1 and len(wanted) >= 3:
        return within.pop()
    shown = {fold(f): ident for ident, name in choices.items() for f in (name, ident)}
    close = difflib.get_close_matches(wanted, list(shown), n=3, cutoff=0.6)
    picked = [shown[c] for c in close]
    if len(within) > 1 and len(wanted) >= 3:
        picked = sorted(within)[:5]  # ambiguous: name them all
    guesses = [
        f"« {i} » ({choices[i]})" if choices[i] != i else f"« {i} »" for i in dict.fromkeys(picked)
    ]
    advice = ""
    if guesses:
        listed = guesses[0] if len(guesses) == 1 else ", ".join(guesses[:-1]) + " ou " + guesses[-1]
        advice = f" ; vouliez-vous dire {listed} ?"
    raise PcaetError(f"{kind} « {value} » introuvable dans le registre{advice}")


def _choices(frame: pd.DataFrame, ident: str, types: tuple[str, ...] = ()) -> dict[str, str]:
    if types:
        frame = frame[frame["type"].isin(types)]
    return {str(i): str(n) for i, n in zip(frame[ident], frame["nom"], strict=True)}


def resolved(frames: Frames, options: ReportOptions) -> ReportOptions:
    """`options` with every name given (--territoire, --plan, --service, --personne, the
    service of the `service` view) replaced by its identifier."""
    acteurs = frames.acteurs
    services = _choices(acteurs, "acteur", SERVICES)

    def one(kind: str, value: str | None, choices: dict[str, str]) -> str | None:
        return None if value is None else resolve(kind, value, choices)

    return replace(
        options,
        territoire=one(
            "territoire", options.territoire, _choices(frames.territoires, "territoire")
        ),
        plan=one("plan", options.plan, _choices(frames.plans, "plan")),
        service=one("service", options.service, services),
        par_service=one("service", options.par_service, services),
        personne=one("personne", options.personne, _choices(acteurs, "acteur")),
    )


SERVICES = ("service", "direction")


def filtered(frames: Frames, options: ReportOptions) -> Frames:
    """Keep the actions matching --territoire, --plan, --statut, --axe, --service and
    --personne (identifiers already resolved)."""
    from pcaet_cli.reports.frames import restrict

    keep = set(frames.actions["action"])
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
    roles = frames.roles
    if options.par_service:
        home = frames.service_of
        members = {a for a, s in home.items() if s == options.par_service}
        keep &= set(roles[roles["acteur"].isin(members | {options.par_service})]["action"])
    if options.personne:
        keep &= set(roles[roles["acteur"] == options.personne]["action"])
    return restrict(frames, keep)


def _check(view: str, options: ReportOptions) -> None:
    if view not in VIEWS:
        guess = closest(view, list(VIEWS))
        advice = f" ; vouliez-vous dire « {guess} » ?" if guess else ""
        raise PcaetError(f"vue inconnue « {view} » (vues : {', '.join(VIEWS)}){advice}")
    if options.par_population and view != "couverture":
        raise PcaetError("--par-population ne s'applique qu'à la vue couverture")
    if options.par_plan and view != "articulation":
        raise PcaetError("--par-plan ne s'applique qu'à la vue articulation")


def build_report(view: str, index: RegisterIndex, options: ReportOptions) -> Report:
    """The report of `view`; the synthesis also gathers the other views' alerts."""
    _check(view, options)
    from pcaet_cli.reports.frames import build_frames

    today = options.today or date.today()
    every = build_frames(index, today)
    options = resolved(every, options)
    return _one(view, filtered(every, options), index, options)


def build_summary(
    view: str, index: RegisterIndex, options: ReportOptions
) -> tuple[Report, list[Table]]:
    """The report of `view` and the tables of its workbook's summary sheet (key figures,
    statuses, budget by year: `reports/summary.py`), from the same frames and options."""
    _check(view, options)
    from pcaet_cli.reports import summary
    from pcaet_cli.reports.frames import build_frames

    every = build_frames(index, options.today or date.today())
    options = resolved(every, options)
    frames = filtered(every, options)
    reports = {v: _one(v, frames, index, options) for v in _ALERTING}
    synthesis = _synthese(frames, options, reports)
    if view == "synthese":
        report = synthesis
    else:
        report = reports[view] if view in reports else _one(view, frames, index, options)
    return report, summary.summary_tables(frames, synthesis, reports["avancement"])


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
        return articulation.articulation(frames, options.plan, options.par_plan)
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


def every_view(
    frames: Frames,
    index: RegisterIndex,
    options: ReportOptions,
    known: dict[str, Report] | None = None,
) -> dict[str, Report]:
    """Every view but `service` (one per service) on the same frames, each computed
    once: the synthesis takes its alerts from the others instead of computing them.
    `known`: views the caller already computed on these frames."""
    known = known or {}
    reports = {
        view: known[view] if view in known else _one(view, frames, index, options)
        for view in VIEWS
        if view not in ("synthese", "service")
    }
    reports["synthese"] = _synthese(frames, options, reports)
    return reports
