"""Every file of the site, written into the staging folder of `output.site_folder`.

Templates are Jinja2 with autoescape on: titles and descriptions come from anyone who
can open a merge request, and are always written as text. They are compiled once and
reused for every page."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from contextlib import closing
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from pcaet_cli import __version__
from pcaet_cli.model import Action
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.parallel import map_in_order
from pcaet_cli.reports.avancement import avancement
from pcaet_cli.site import fragments, paths
from pcaet_cli.site.actions import ActionPages, action_list
from pcaet_cli.site.data import SiteData, SiteOptions
from pcaet_cli.site.labels import long_date
from pcaet_cli.site.output import SiteFolder
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
            # The templates are the package's: checking each one's date on disk before
            # every page (three per page) is of no use.
            auto_reload=False,
        )
        self.env.globals.update(
            site_title=data.title,
            navigation=fragments.navigation,
            public=data.options.public,
            date_text=long_date(data.today),
            version=__version__,
            stylesheet=paths.STYLESHEET,
            script=paths.SCRIPT,
            data_table=table_html,
            facts=fragments.facts,
            link=fragments.link,
        )

    def page(self, template: str, path: str, title: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            root=paths.relative_root(path), current=path, page_title=title, **context
        )


def _static(name: str) -> str:
    return resources.files("pcaet_cli.site").joinpath("static", name).read_text(encoding="utf-8")


_SHARED: tuple[ActionPages, _Renderer, list[tuple[str, Action]], SiteFolder] | None = None
"""What the processes rendering action pages read: set before they are forked, so each
inherits it rather than receiving it (an action page is built from the whole index)."""


def _action_pages(
    pages: ActionPages, render: _Renderer, folder: SiteFolder
) -> Generator[int, None, None]:
    """Render and write one page per action, each process writing its own: rendering is
    pure Python (Jinja), and writing 10 000 files from one process took longer than
    rendering them in two. Yields once per batch written, as batches end."""
    global _SHARED
    actions = [(doc.id, action) for doc, action in pages.data.index.iter_actions()]
    _SHARED = (pages, render, actions, folder)
    try:
        yield from map_in_order(_render_actions, range(len(actions)))
    finally:
        _SHARED = None


def _render_actions(positions: Sequence[int]) -> list[int]:
    assert _SHARED is not None  # set by _action_pages before any worker starts
    pages, render, actions, folder = _SHARED
    for position in positions:
        ident, action = actions[position]
        page = pages.page(ident, action)
        path = pages.data.action_pages[ident]
        title = f"{page.ident} {page.action.titre}"
        folder.write(path, render.page("action.html.j2", path, title, page=page))
    return [len(positions)]  # one item per batch: what the parent waits for


def generate(index: RegisterIndex, options: SiteOptions, folder: SiteFolder) -> None:
    """Write the site's files into `folder`."""
    if options.public:
        index = anonymise(index)
    data = SiteData.build(index, options)
    render = _Renderer(data)
    progress = avancement(data.frames)
    action_pages = ActionPages(data, progress)
    # The first batch of action pages starts the processes that render the others
    # (half the site's work); this process computes the other views and writes their
    # pages meanwhile, then waits for them. Closing stops them if anything fails here,
    # before the staging folder is removed.
    with closing(_action_pages(action_pages, render, folder)) as batches:
        next(batches, None)
        _other_pages(data, Reports(data, progress), action_pages, render, folder)
        for _ in batches:
            pass


def _other_pages(
    data: SiteData,
    reports: Reports,
    action_pages: ActionPages,
    render: _Renderer,
    folder: SiteFolder,
) -> None:
    """Every page but the actions'."""
    index = data.index

    folder.write(paths.STYLESHEET, _static("site.css"))
    folder.write(paths.SCRIPT, _static("filtre.js"))
    folder.write(
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
    folder.write(
        paths.ACTIONS,
        render.page(
            "actions.html.j2", paths.ACTIONS, "Actions", table=table, plans=plans, statuses=statuses
        ),
    )
    for report in (
        reports.territories(),
        reports.avancement_page(action_pages),
        reports.qui_fait_quoi_page(),
        reports.charge_page(),
        reports.articulation_page(),
    ):
        folder.write(
            report.path, render.page("rapport.html.j2", report.path, report.title, page=report)
        )
    for path, territory in TerritoryPages(data, reports.portage).pages():
        page = render.page("territoire.html.j2", path, territory.name, page=territory)
        folder.write(path, page)
