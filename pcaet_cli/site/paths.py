"""Where each page of the site lives. Links are relative, so the folder works opened from
disk (file://), from a USB key and under a sub-path of any web server."""

from __future__ import annotations

from collections.abc import Iterable

from pcaet_cli import textmatch

HOME = "index.html"
ACTIONS = "actions.html"
TERRITOIRES = "territoires.html"
AVANCEMENT = "avancement.html"
QUI_FAIT_QUOI = "qui-fait-quoi.html"
CHARGE = "charge.html"
ARTICULATION = "articulation.html"
STYLESHEET = "static/site.css"
SCRIPT = "static/filtre.js"

NAVIGATION: tuple[tuple[str, str], ...] = (
    (HOME, "Accueil"),
    (ACTIONS, "Actions"),
    (TERRITOIRES, "Territoires"),
    (AVANCEMENT, "Avancement"),
    (QUI_FAIT_QUOI, "Qui fait quoi"),
    (CHARGE, "Charge de travail"),
    (ARTICULATION, "Articulation des plans"),
)

# The page (and anchor) detailing each view of `pcaet report`: the synthesis and the
# alerts name views, the site links to where the view is shown.
VIEW_PAGES: dict[str, str] = {
    "avancement": AVANCEMENT,
    "declencheurs": f"{AVANCEMENT}#declencheurs",
    "qui-fait-quoi": QUI_FAIT_QUOI,
    "organisation": f"{QUI_FAIT_QUOI}#organisation",
    "portage": f"{TERRITOIRES}#portage",
    "couverture": f"{TERRITOIRES}#couverture",
    "charge": CHARGE,
    "articulation": ARTICULATION,
}

_MAX_NAME = 80
"""Long identifiers are cut: some file systems (and USB keys) limit path lengths."""


def slug(ident: str) -> str:
    """A file name made of lowercase ASCII letters, digits and dashes. Identifiers
    normally follow that rule already (N002), but a file named otherwise still loads and
    must not write outside its folder nor break a link."""
    return textmatch.slug(ident, _MAX_NAME) or "sans-nom"


def file_names(folder: str, idents: Iterable[str]) -> dict[str, str]:
    """Identifier → page path under `folder`, unique even when two identifiers give the
    same slug (`Mob 03` and `mob-03`); a well-formed identifier keeps its own name."""
    taken: set[str] = set()
    names: dict[str, str] = {}
    for ident in sorted(set(idents), key=lambda i: (slug(i) != i, i)):
        base = slug(ident)
        name, n = base, 2
        while name in taken:
            name, n = f"{base}-{n}", n + 1
        taken.add(name)
        names[ident] = f"{folder}/{name}.html"
    return names


def relative_root(page: str) -> str:
    """The prefix leading from `page` back to the site's root folder."""
    return "../" * page.count("/")
