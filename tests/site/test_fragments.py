"""The pieces of HTML written in Python escape every text, as the templates do."""

from __future__ import annotations

from pcaet_cli.site.actions import Fact
from pcaet_cli.site.data import Link
from pcaet_cli.site.fragments import facts, link, navigation
from pcaet_cli.site.paths import NAVIGATION


def test_a_link_escapes_its_text_and_address() -> None:
    shown = link(Link("<b>Vélo</b> & co", 'actions/a"b.html'), "../")
    assert shown == ('<a href="../actions/a&#34;b.html">&lt;b&gt;Vélo&lt;/b&gt; &amp; co</a>')
    assert link(Link("<i>sans page</i>"), "../") == "&lt;i&gt;sans page&lt;/i&gt;"
    assert link(Link("sans page", ""), "") == "sans page"


def test_facts_list_each_label_with_its_values() -> None:
    items = [
        Fact("Pilote <svc>", [Link("Service", "acteurs/svc.html"), Link("Élu")]),
        Fact("Vide", []),
    ]
    assert facts(items, "../") == (
        '<dl class="faits">\n'
        '<div><dt>Pilote &lt;svc&gt;</dt><dd><a href="../acteurs/svc.html">Service</a>, '
        "Élu</dd></div>\n"
        "<div><dt>Vide</dt><dd></dd></div>\n"
        "</dl>\n"
    )
    assert facts([], "") == '<dl class="faits">\n</dl>\n'


def test_the_menu_marks_the_current_page_only() -> None:
    menu = navigation("../", "actions.html")
    assert menu.count("<li>") == len(NAVIGATION) and menu.endswith("</li>\n")
    assert '<a href="../actions.html" aria-current="page">Actions</a>' in menu
    assert menu.count("aria-current") == 1
    # A page outside the menu (an action's) marks nothing; pages at the same depth
    # share one menu.
    page = navigation("../", "actions/act-1.html")
    assert "aria-current" not in page
    assert page is navigation("../", "actions/act-2.html")
    assert '<a href="index.html" aria-current="page">' in navigation("", "index.html")
