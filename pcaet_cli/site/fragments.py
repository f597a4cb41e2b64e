"""The small pieces of HTML every page repeats, written in Python rather than as
template macros: a Jinja macro call costs some ten microseconds, and an action page
made a few dozen of them (a quarter of rendering 10 000 pages). Each writes exactly
what its macro wrote, every text escaped as the templates' autoescape does."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from pcaet_cli.site.paths import NAVIGATION

if TYPE_CHECKING:
    from pcaet_cli.site.actions import Fact
    from pcaet_cli.site.data import Link


def link(item: Link, root: str) -> Markup:
    """The text of `item`, a link when it has a page (`root`: the page's way back to
    the site's root)."""
    if item.href:
        return Markup(f'<a href="{escape(root)}{escape(item.href)}">{escape(item.text)}</a>')
    return escape(item.text)


def facts(items: Sequence[Fact], root: str) -> Markup:
    """A list of labels and their values (a description list)."""
    rows = "".join(
        f"<div><dt>{escape(fact.label)}</dt>"
        f"<dd>{', '.join(link(value, root) for value in fact.values)}</dd></div>\n"
        for fact in items
    )
    return Markup(f'<dl class="faits">\n{rows}</dl>\n')


def navigation(root: str, current: str) -> Markup:
    """The main menu's items, the current page's marked: the same for every page that
    is not in the menu, at the same depth (10 000 action pages share one)."""
    return _navigation(root, current if current in _IN_MENU else "")


_IN_MENU = frozenset(href for href, _ in NAVIGATION)
_CURRENT = ' aria-current="page"'


@cache
def _navigation(root: str, current: str) -> Markup:
    items = []
    for href, label in NAVIGATION:
        marked = _CURRENT if href == current else ""
        items.append(
            f'      <li><a href="{escape(root)}{escape(href)}"{marked}>{escape(label)}</a></li>\n'
        )
    return Markup("".join(items))
