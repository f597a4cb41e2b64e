"""The example register's site in a real browser (Debian's Chromium driven by
Playwright): offline from disk, no console error, no request outside the folder, every
page reachable, the filter with and without JavaScript, keyboard access, printing on
A4, and axe-core's accessibility audit. Screenshots and a PDF are kept as artefacts."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import EXAMPLE, WriteRegister, unavailable
from tests.site.conftest import build, load, pages
from tests.site.test_escaping import HOSTILE, IMAGE, SCRIPT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page, ViewportSize

pytestmark = pytest.mark.slow

CHROMIUM = Path(os.environ.get("PCAET_CHROMIUM", "/usr/bin/chromium"))
# Running as root needs --no-sandbox; the others keep Chromium from calling home on a
# machine without network (it would wait, and log errors).
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AUDITED = [
    "index.html",
    "actions.html",
    "actions/adapt-01.html",
    "territoires.html",
    "territoires/epci-coteaux.html",
    "avancement.html",
    "qui-fait-quoi.html",
    "charge.html",
    "articulation.html",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        unavailable(f"Chromium ({CHROMIUM})", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("le paquet Python playwright", "pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def axe_script() -> str:
    try:
        from importlib.resources import files

        return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        unavailable("axe-core", "pip install axe-playwright-python")


class Watch:
    """What a page did while loading: console errors, uncaught exceptions, requests."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Dialog) -> None:
        self.errors.append(f"dialogue : {dialog.message}")
        dialog.dismiss()


def _local(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def test_every_page_loads_offline_cleanly_and_is_reachable(
    browser: Browser, example_site: Path
) -> None:
    context = browser.new_context(offline=True)
    page = context.new_page()
    watch = Watch(page)
    root = example_site.resolve()
    seen: set[Path] = set()
    todo = [root / "index.html"]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        page.goto(current.as_uri())
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            if href.startswith("mailto:"):
                continue
            assert href.startswith("file://"), f"{current.name} : lien externe {href}"
            target = _local(href)
            assert target.is_file(), f"{current.name} : lien cassé {href}"
            if target.suffix == ".html":
                todo.append(target)
    context.close()
    assert watch.errors == []
    outside = [u for u in watch.requests if not _local(u).is_relative_to(root)]
    assert outside == [], "requêtes hors du dossier du site"
    assert all(u.startswith("file://") for u in watch.requests)
    assert seen == {p.resolve() for p in pages(example_site)}, "pages introuvables depuis l'accueil"


def _visible_rows(page: Page) -> int:
    return int(page.locator("#liste-actions tbody tr:visible").count())


def test_the_filter_narrows_the_list_and_the_list_is_whole_without_script(
    browser: Browser, example_site: Path
) -> None:
    total = len(load(EXAMPLE).actions)
    page = browser.new_page()
    watch = Watch(page)
    page.goto((example_site / "actions.html").as_uri())
    assert page.locator("#filtre").is_visible()
    assert _visible_rows(page) == total
    page.locator("#filtre-texte").press_sequentially("velo")  # without its accent
    shown = _visible_rows(page)
    assert 0 < shown < total
    for text in page.locator("#liste-actions tbody tr:visible").all_inner_texts():
        assert "vélo" in text.lower() or "velo" in text.lower(), text
    assert page.locator("#filtre-compte").inner_text() == f"{shown} actions affichées sur {total}"
    page.locator("#filtre-texte").fill("")
    page.locator("#filtre-statut").select_option("Réalisé")
    done = _visible_rows(page)
    assert 0 < done < total
    assert all(
        "Réalisé" in t for t in page.locator("#liste-actions tbody tr:visible").all_inner_texts()
    )
    page.get_by_role("button", name="Effacer les filtres").click()
    page.wait_for_function(
        f"document.querySelectorAll('#liste-actions tbody tr:not([hidden])').length === {total}"
    )
    assert watch.errors == []

    without = browser.new_context(java_script_enabled=False).new_page()
    without.goto((example_site / "actions.html").as_uri())
    assert not without.locator("#filtre").is_visible()
    assert _visible_rows(without) == total


def test_keyboard_reaches_the_content_first_with_a_visible_focus(
    browser: Browser, example_site: Path
) -> None:
    page = browser.new_page()
    page.goto((example_site / "index.html").as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " const r = e.getBoundingClientRect();"
        " return [e.textContent, s.outlineStyle, s.outlineWidth, r.top >= 0 && r.height > 0]; }"
    )
    assert focused == ["Aller au contenu", "solid", "3px", True]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "contenu"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "A"


def test_screenshots_and_print_on_at_most_two_a4_pages(
    browser: Browser, example_site: Path, artefacts: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for name, shot in (
        ("index.html", "accueil.png"),
        ("actions/adapt-01.html", "action-adapt-01.png"),
        ("territoires/epci-coteaux.html", "territoire-epci-coteaux.png"),
    ):
        page.goto((example_site / name).as_uri())
        page.screenshot(path=str(artefacts / shot), full_page=True)
        assert (artefacts / shot).stat().st_size > 10_000
    # The longest fiches (and the one kept as an artefact): if they fit, all do.
    actions = sorted((example_site / "actions").glob("*.html"), key=lambda p: -p.stat().st_size)
    printed: dict[str, int] = {}
    for action in {*actions[:6], example_site / "actions" / "adapt-01.html"}:
        page.goto(action.as_uri())
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        printed[action.stem] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        if action.stem == "adapt-01":
            (artefacts / "fiche-adapt-01.pdf").write_bytes(pdf)
    assert max(printed.values()) <= 2, {k: v for k, v in printed.items() if v > 2}


def test_axe_finds_no_serious_or_critical_violation(
    browser: Browser, example_site: Path, axe_script: str
) -> None:
    page = browser.new_page()
    found: dict[str, list[Any]] = {}
    for name in AUDITED:
        page.goto((example_site / name).as_uri())
        page.add_script_tag(content=axe_script)
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']}))"
            ".violations.map(v => [v.id, v.impact, v.help,"
            " v.nodes.slice(0, 3).map(n => n.target.join(' '))])"
        )
        serious = [v for v in violations if v[1] in ("serious", "critical")]
        if serious:
            found[name] = serious
    assert found == {}


def test_hostile_text_stays_text_in_the_browser(
    browser: Browser, write_register: WriteRegister, tmp_path: Path
) -> None:
    site = build(write_register(HOSTILE), tmp_path / "site")
    page = browser.new_page()
    watch = Watch(page)
    for name in ("actions/act-1.html", "actions.html", "index.html", "territoires/epci-x.html"):
        page.goto((site / name).as_uri())
        assert (
            page.evaluate("() => document.querySelectorAll('img, script:not([src])').length") == 0
        )
    page.goto((site / "actions" / "act-1.html").as_uri())
    assert page.locator("h1").inner_text().endswith(f"Titre {SCRIPT}")
    assert page.get_by_text(IMAGE, exact=True).is_visible()
    assert watch.errors == []


PHONE: ViewportSize = {"width": 390, "height": 844}
"""A phone's viewport (CSS pixels), where the site must stay usable."""

# The rendered size of every chart text, and what sticks out of the page's width
# (a scroll container's content does not: it scrolls in its box).
MEASURE = """() => {
  const sizes = [...document.querySelectorAll('svg.graphique text')].map(t => {
    const box = t.getBoundingClientRect();
    return box.height ? parseFloat(getComputedStyle(t).fontSize) *
      (t.ownerSVGElement.getBoundingClientRect().width /
       t.ownerSVGElement.viewBox.baseVal.width) : null;
  }).filter(s => s !== null);
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    if (e.closest('.defilement, .figure-graphique')) return false;
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > window.innerWidth + 1;
  }).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className);
  return {sizes, wide};
}"""


def test_on_a_phone_charts_read_at_12_px_and_nothing_overflows(
    browser: Browser, example_site: Path, artefacts: Path
) -> None:
    page = browser.new_page(viewport=PHONE)
    for name in AUDITED:
        page.goto((example_site / name).as_uri())
        found = page.evaluate(MEASURE)
        assert found["wide"] == [], f"{name} : dépasse l'écran : {found['wide'][:5]}"
        small = [size for size in found["sizes"] if size < 11.9]
        assert small == [], f"{name} : texte de graphique de {min(small):.1f} px"
    page.goto((example_site / "charge.html").as_uri())
    page.screenshot(path=str(artefacts / "charge-390px.png"), full_page=False)
    page.goto((example_site / "actions.html").as_uri())
    page.screenshot(path=str(artefacts / "actions-390px.png"), full_page=False)
