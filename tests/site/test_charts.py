"""The SVG charts: well-formed, labelled for screen readers, user text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markupsafe import Markup

from pcaet_cli.site import charts
from pcaet_cli.site.paths import file_names, relative_root, slug

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> & \"'"


def parse(svg: Markup) -> ET.Element:
    return ET.fromstring(str(svg))


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_bar_chart_labels_bars_and_targets() -> None:
    svg = charts.bar_chart(
        "parts",
        f"Titre {HOSTILE}",
        f"Description {HOSTILE}",
        [f"Territoire {HOSTILE}", "Autre", "Sans valeur"],
        [charts.Series("Part", [0.5, 0.8, None], charts.SERIES_COLOURS[0])],
        lambda v: f"{round(v * 100)} %",
        targets=[0.6, 0.6, 0.6],
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "parts-titre parts-desc"
    assert root.find(f"{SVG}title").text == f"Titre {HOSTILE}"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == f"Description {HOSTILE}"  # type: ignore[union-attr]
    written = texts(root)
    # Written past the target mark, a value names the mark's too: never read as the mark's.
    assert "50 % sur 60 %" in written and "80 % sur 60 %" in written
    assert "non renseigné" in written
    assert len(root.findall(f"{SVG}rect")) == 2 + 0  # one bar per known value, no legend
    assert len([ln for ln in root.findall(f"{SVG}line") if ln.get("stroke") == charts.TARGET]) == 4
    assert "<script>" not in str(svg)


def test_long_labels_are_cut_with_the_whole_label_as_tooltip() -> None:
    label = "Direction départementale des territoires de Maine-et-Loire, service eau"
    root = parse(
        charts.bar_chart("a", "t", "d", [label], [charts.Series("s", [1.0], "#000091")], str)
    )
    (text,) = [t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert text.find(f"{SVG}title").text == label  # type: ignore[union-attr]
    assert "".join(text.itertext()).endswith("…")


def test_a_cut_label_keeps_the_year_that_tells_its_bars_apart() -> None:
    # Under --public an agent is a long post label: four years must not read the same.
    label = "Chargé de mission climat et transition (Service énergie-climat)"
    years = [f"{label} ({year})" for year in range(2024, 2028)]
    root = parse(
        charts.bar_chart("a", "t", "d", years, [charts.Series("s", [1.0] * 4, "#000091")], str)
    )
    cut = [t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    shown = [str(t.find(f"{SVG}title").tail) for t in cut]  # type: ignore[union-attr]
    assert [t[-6:] for t in shown] == ["(2024)", "(2025)", "(2026)", "(2027)"]
    assert all("…" in t and len(t) <= 250 / 6.6 for t in shown)


def test_stacked_bars_have_a_legend_of_the_segments_used() -> None:
    root = parse(
        charts.stacked_bar_chart(
            "axes",
            "t",
            "d",
            ["Axe 1", "Axe 2"],
            [("En cours", "#000091"), ("Réalisé", "#18753c"), ("Bloqué", "#b34000")],
            [[2, 1, 0], [0, 3, 0]],
            lambda v: f"{v:.0f}",
        )
    )
    written = texts(root)
    assert "En cours" in written and "Réalisé" in written and "Bloqué" not in written
    assert "3" in written  # each bar's total


def test_heat_map_writes_every_count_and_marks_gaps() -> None:
    root = parse(
        charts.heat_map("h", "t", "d", ["GES", "Air"], ["Résid.", "Tert."], [[0, 2], [4, 1]])
    )
    assert [t for t in texts(root) if t.isdigit()] == ["0", "2", "4", "1"]
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert fills[0] == charts.HEAT[0][0] and fills[2] == charts.HEAT[4][0]
    assert [charts.heat_level(v, 8) for v in (0, 1, 2, 4, 8)] == [0, 1, 1, 2, 4]


def test_indicator_chart_shows_measures_trajectory_and_target() -> None:
    points = charts.IndicatorPoints([(2024, 1400.0), (2025, 3100.0)], (2023, 0.0), (2027, 6000.0))
    root = parse(charts.indicator_chart("i", "t", "d", points, lambda v: f"{v:.0f}"))
    assert len(root.findall(f"{SVG}circle")) == 3  # the initial value and two measures
    assert root.find(f"{SVG}polyline") is not None
    assert any(ln.get("stroke-dasharray") for ln in root.findall(f"{SVG}line"))
    assert "cible 6000" in texts(root)
    empty = parse(
        charts.indicator_chart("j", "t", "d", charts.IndicatorPoints([], None, None), str)
    )
    assert texts(empty) == ["Aucune mesure"]


def test_file_names_are_safe_and_unique() -> None:
    assert slug("mob-03") == "mob-03"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("Énergie Solaire") == "energie-solaire"
    assert slug("«»") == "sans-nom"
    names = file_names("actions", ["Mob 03", "mob-03", "mob_03"])
    assert names == {
        "mob-03": "actions/mob-03.html",
        "Mob 03": "actions/mob-03-2.html",
        "mob_03": "actions/mob-03-3.html",
    }
    assert relative_root("actions/mob-03.html") == "../" and relative_root("index.html") == ""
