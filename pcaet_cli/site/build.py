"""Every file of the site, as (path relative to the site's folder, content).

Templates are Jinja2 with autoescape on: titles and descriptions come from anyone who
can open a merge request, and are always written as text. They are compiled once and
reused for every page."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from pcaet_cli import __version__
from pcaet_cli.model import Action
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.parallel import map_in_order
from pcaet_cli.site import paths
from pcaet_cli.site.actions import ActionPages, action_list
from pcaet_cli.site.data import SiteData, SiteOptions
from pcaet_cli.site.labels import long_date
from pcaet_cli.site.overview import Reports
from pcaet_cli.site.public import anonymise
from pcaet_cli.site.tables import table_html
from pcaet_cli.site.territories import TerritoryPages


class _Renderer:
    def __init__(self, data: SiteData) -> None:
        self.env = Environment(
            loader=PackageLoader("pcaet_cli.site", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            site_title=data.title,
            navigation=paths.NAVIGATION,
            public=data.options.public,
            date_text=long_date(data.today),
            version=__version__,
            stylesheet=paths.STYLESHEET,
            script=paths.SCRIPT,
            data_table=table_html,
        )

    def page(self, template: str, path: str, title: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            root=paths.relative_root(path), current=path, page_title=title, **context
        )


def _static(name: str) -> str:
    return resources.files("pcaet_cli.site").joinpath("static", name).read_text(encoding="utf-8")


_SHARED: tuple[ActionPages, _Renderer, list[tuple[str, Action]]] | None = None
"""What the processes rendering action pages read: set before they are forked, so each
inherits it rather than receiving it (an action page is built from the whole index)."""


def _action_pages(pages: ActionPages, render: _Renderer) -> Iterator[tuple[str, str]]:
    """One page per action, in order. Rendering is pure Python (Jinja): a national
    register's 10 000 pages are shared between processes."""
    global _SHARED
    actions = [(doc.id, action) for doc, action in pages.data.index.iter_actions()]
    _SHARED = (pages, render, actions)
    try:
        yield from map_in_order(_render_actions, range(len(actions)))
    finally:
        _SHARED = None


def _render_actions(positions: Sequence[int]) -> list[tuple[str, str]]:
    assert _SHARED is not None  # set by _action_pages before any worker starts
    pages, render, actions = _SHARED
    rendered = []
    for position in positions:
        ident, action = actions[position]
        page = pages.page(ident, action)
        path = pages.data.action_pages[ident]
        title = f"{page.ident} {page.action.titre}"
        rendered.append((path, render.page("action.html.j2", path, title, page=page)))
    return rendered


def generate(index: RegisterIndex, options: SiteOptions) -> Iterator[tuple[str, str]]:
    """The site's files, one at a time (5 000 action pages need not sit in memory)."""
    if options.public:
        index = anonymise(index)
    data = SiteData.build(index, options)
    reports = Reports(data)
    render = _Renderer(data)

    yield paths.STYLESHEET, _static("site.css")
    yield paths.SCRIPT, _static("filtre.js")
    yield (
        paths.HOME,
        render.page(
            "accueil.html.j2",
            paths.HOME,
            "Accueil",
            figures=reports.key_figures(),
            alerts=reports.home_alerts(),
            avancement=reports.avancement_par_axe(),
            counts={
                "actions": len(index.actions),
                "territoires": len(index.territoires),
                "acteurs": len(index.acteurs),
                "plans": len(index.plans),
            },
        ),
    )
    table, plans, statuses = action_list(data)
    yield (
        paths.ACTIONS,
        render.page(
            "actions.html.j2", paths.ACTIONS, "Actions", table=table, plans=plans, statuses=statuses
        ),
    )
    action_pages = ActionPages(data, reports.avancement)
    for report in (
        reports.territories(),
        reports.avancement_page(action_pages),
        reports.qui_fait_quoi_page(),
        reports.charge_page(),
        reports.articulation_page(),
    ):
        yield report.path, render.page("rapport.html.j2", report.path, report.title, page=report)
    yield from _action_pages(action_pages, render)
    for path, territory in TerritoryPages(data, reports.portage).pages():
        yield path, render.page("territoire.html.j2", path, territory.name, page=territory)
