"""The example register's site read as files: every page and link there, and the
structure a screen reader and the RGAA expect, checked on every page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.site import SiteOptions, generate, site_folder
from tests.conftest import EXAMPLE, WriteRegister
from tests.reports.test_views import many_plans
from tests.site.conftest import TODAY, build, load, pages, read_html


def test_one_page_per_action_and_territory_and_the_overviews(example_site: Path) -> None:
    index: RegisterIndex = load(EXAMPLE)
    actions = sorted(p.stem for p in (example_site / "actions").glob("*.html"))
    territories = sorted(p.stem for p in (example_site / "territoires").glob("*.html"))
    assert actions == sorted(index.actions)
    assert territories == sorted(index.territoires)
    for name in (
        "index",
        "actions",
        "territoires",
        "avancement",
        "qui-fait-quoi",
        "charge",
        "articulation",
    ):
        assert (example_site / f"{name}.html").is_file()
    assert len(pages(example_site)) == len(actions) + len(territories) + 7


def test_every_link_and_anchor_resolves_inside_the_folder(example_site: Path) -> None:
    # Each page read once: thousands of links point into a few hundred pages.
    read = {page.resolve(): read_html(page) for page in pages(example_site)}
    anchors = {page: set(html.ids()) for page, html in read.items()}
    for page, html in read.items():
        for element in html.elements:
            for attribute in ("href", "src"):
                if attribute not in element.attrs:
                    continue
                link = element.attrs[attribute]
                parts = urlsplit(link)
                if parts.scheme == "mailto":
                    continue
                assert not parts.scheme and not parts.netloc, f"{page}: lien externe {link}"
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                assert target.is_file(), f"{page.name} : {link} n'existe pas"
                assert example_site.resolve() in target.parents, f"{page}: {link} sort du site"
                if parts.fragment:
                    ids = anchors.get(target) or read_html(target).ids()
                    assert parts.fragment in ids, f"{page.name} : {link}"


def test_nothing_is_loaded_from_elsewhere(example_site: Path) -> None:
    for path in example_site.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            text = path.read_text(encoding="utf-8")
            # The SVG namespace is a name, not a request; nothing else may name a server.
            text = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
            assert not re.search(r"(https?:)?//[\w.-]+\.\w", text), path
            assert "@import" not in text and "@font-face" not in text, path


def test_pages_are_french_titled_landmarked_and_skippable(example_site: Path) -> None:
    titles = set()
    for page in pages(example_site):
        html = read_html(page)
        (root,) = html.find("html")
        assert root.attrs["lang"] == "fr"
        titles.add(page.read_text(encoding="utf-8").split("<title>")[1].split("</title>")[0])
        assert len(html.find("h1")) == 1, page
        assert len(html.find("main")) == 1 and html.find("nav"), page
        first_link = html.find("a")[0]
        assert first_link.attrs["href"] == "#contenu" and "Aller au contenu" in html.text
        ids = html.ids()
        assert len(ids) == len(set(ids)), f"{page.name} : identifiants en double"
    assert len(titles) == len(pages(example_site)), "chaque page a son propre titre"


def test_tables_have_captions_and_scoped_headers(example_site: Path) -> None:
    for page in pages(example_site):
        text = page.read_text(encoding="utf-8")
        html = read_html(page)
        assert text.count("<table") == text.count("<caption"), page.name
        for th in html.find("th"):
            assert th.attrs.get("scope") in ("col", "row"), page.name


def test_charts_are_images_with_a_title_and_a_description(example_site: Path) -> None:
    seen = 0
    for page in pages(example_site):
        html = read_html(page)
        ids = set(html.ids())
        for svg in html.find("svg"):
            seen += 1
            assert svg.attrs["role"] == "img"
            for label in svg.attrs["aria-labelledby"].split():
                assert label in ids
    assert seen > 50


def test_the_action_list_is_complete_without_script(example_site: Path) -> None:
    html = read_html(example_site / "actions.html")
    (form,) = html.find("form")
    assert "hidden" in form.attrs, "sans JavaScript, le filtre inutile reste caché"
    rows = [e for e in html.find("tr") if "data-statut" in e.attrs]
    assert len(rows) == len(load(EXAMPLE).actions)
    (script,) = html.find("script")
    assert script.attrs["src"] == "static/filtre.js" and "defer" in script.attrs


def test_an_action_page_shows_every_part_of_its_fiche(example_site: Path) -> None:
    text = read_html(example_site / "actions" / "adapt-01.html").text
    for expected in (
        "Cours d'école « oasis »",
        "Statut",
        "Élu référent",
        "Anne-Sophie GUÉRIN",
        "Commune de Brumeval",
        "Pilote",
        "PCAET du Pays de Brume 2024-2029",
        "6.1",
        "Eau, nature et adaptation au changement climatique",
        "Fonds vert, renaturation des villes",
        "180 000 €",
        "Surfaces désimperméabilisées (cumul)",
        "dans la trajectoire",
        "20 juillet 2026",
        "Claire MARTINEAU",
        "Relevés de l'été",
        "adapt-02",
        "Co-construction",
        "Adaptation au changement climatique",
    ):
        assert expected.replace("\u202f", " ") in text.replace("\u202f", " "), expected


def test_the_home_page_says_what_the_synthesis_says(example_site: Path) -> None:
    text = read_html(example_site / "index.html").text
    for expected in (
        "Chiffres clés",
        "54 / 54 (100 %)",
        "33 / 54 (61 %) · cible 60 %",
        "2 actions en retard",
        "Avancement par axe",
        "Habiter et aménager sobrement",
    ):
        assert expected in text.replace("\u00a0", " "), expected
    # The PETR's plan covers every sector: a commune's gap is on its own page (below),
    # not an alert of the plan.
    assert "sans action" not in text


def test_a_territory_page_shows_its_gaps_and_its_portage(example_site: Path) -> None:
    text = read_html(example_site / "territoires" / "commune-montlirot.html").text
    assert "Secteurs réglementaires sans action" in text
    assert "Part portée par les acteurs" in text
    assert "Communauté de communes des Coteaux" in text


def test_many_plans_are_grouped_by_type(write_register: WriteRegister, tmp_path: Path) -> None:
    site = build(write_register(many_plans()), tmp_path / "public")
    html = read_html(site / "articulation.html")
    tables = html.text
    assert "Plans par type" in tables and "16 plans : regroupés par type" in tables
    # The matrix is drawn with a column per type, and the chart has a bar per type.
    assert "Actions × types de plan (plans servis)" in tables
    assert "crte-1, crte-2" in tables
    assert "CRTE : 100 %" in tables and "SCoT : 100 %" in tables and "PCAET : 0 %" in tables


def test_action_pages_rendered_by_several_processes_are_the_same(
    example_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pcaet_cli.register import parallel

    # Fifty-four actions: below the size at which processes pay (the session's site was
    # rendered in one process), unless told otherwise.
    assert parallel.THRESHOLD > 54
    alone = example_site
    monkeypatch.setattr(parallel, "THRESHOLD", 10)
    monkeypatch.setenv("PCAET_JOBS", "2")
    shared = tmp_path / "partage"
    with site_folder(shared) as folder:
        generate(load(EXAMPLE), SiteOptions(today=TODAY), folder)
    # Each process wrote its own pages; the count says them all.
    assert folder.pages == len(pages(shared)) == len(pages(alone))
    pages_alone = {p.relative_to(alone): p.read_bytes() for p in pages(alone)}
    assert pages_alone == {p.relative_to(shared): p.read_bytes() for p in pages(shared)}
    assert len([p for p in pages_alone if p.parts[0] == "actions"]) == 54
