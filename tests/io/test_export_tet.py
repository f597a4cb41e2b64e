"""`pcaet export --format tet`: the Territoires en Transitions template, read back by
`pcaet import --format tet`."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import openpyxl
import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.io.export_tet import list_cell
from pcaet_cli.io.import_values import split_list
from pcaet_cli.model import Action, Plan
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import load_register
from tests.conftest import EXAMPLE, WriteRegister

runner = CliRunner()

TEMPLATE_HEADERS = [
    "Axe (x)",
    "Sous-axe (x.x)",
    "Sous-sous axe (x.x.x)",
    "Titre de l'action",
    "Titre de la sous-action",
    "Descriptif",
    "Instances de gouvernance",
    "Objectifs",
    "Indicateurs liés",
    "Structure pilote",
    "Moyens humains et techniques",
    "Partenaires",
    "Direction ou service pilote",
    "Personne pilote",
    "Élu·e référent·e",
    "Participation Citoyenne",
    "Financements",
    "Financeur 1",
    "Montant € HT",
    "Financeur 2",
    "Montant € HT",
    "Financeur 3",
    "Montant € HT",
    "Budget prévisionnel total € HT",
    "Statut",
    "Niveau de priorité",
    "Date de début",
    "Date de fin",
]


def _index(root: Path) -> RegisterIndex:
    return RegisterIndex.build(load_register(root).documents)


def _export(register: Path, output: Path, *extra: str) -> None:
    result = runner.invoke(
        app, ["export", "-r", str(register), "-f", "tet", "-o", str(output), *extra]
    )
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def example_tet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("tet") / "plan.xlsx"
    _export(EXAMPLE, output)
    return output


def test_layout(example_tet: Path) -> None:
    book = openpyxl.load_workbook(example_tet)
    sheet = book.active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[1][0] == "Axe (x)"
    assert rows[1][:28] == TEMPLATE_HEADERS
    assert rows[1][28:] == ["Mesures liées", "Actions liées"]
    assert all(v is None for v in rows[0]) and all(v is None for v in rows[2])
    first = dict(zip(rows[1], rows[3], strict=True))
    # The first action of the plan's first sub-axis, with the template's conventions.
    assert first["Axe (x)"] == "1. Habiter et aménager sobrement"
    assert first["Sous-axe (x.x)"] == "1.1. Rénover les logements"
    for cell in rows[3:]:
        for value in cell[26:28]:
            assert value is None or (isinstance(value, str) and value[2] == value[5] == "/")
        for value in (*cell[18:23:2], cell[23]):
            assert value is None or isinstance(value, int)


def test_every_action_once(example_tet: Path) -> None:
    sheet = openpyxl.load_workbook(example_tet).active
    assert sheet is not None
    titles = [str(r[3]) for r in sheet.iter_rows(min_row=4, values_only=True)]
    original = sorted(a.titre for _, a in _index(EXAMPLE).iter_actions())
    assert sorted(titles) == original


def test_round_trip_through_import(example_tet: Path, tmp_path: Path) -> None:
    into = tmp_path / "importe"
    result = runner.invoke(app, ["import", "-f", "tet", str(example_tet), "--into", str(into)])
    assert result.exit_code == 0, result.output
    # Nothing left out, nothing guessed: the reader takes every row and value as written.
    assert "ignorée —" not in result.output
    assert "Correspondances approchées" not in result.output
    assert "Acteurs fusionnés" not in result.output
    before, after = _index(EXAMPLE), _index(into / "register")
    (plan_id,) = after.plans
    by_title = {a.titre: a for _, a in after.iter_actions()}
    assert len(by_title) == len(before.actions)

    def name(index: RegisterIndex, ident: str | None) -> str | None:
        actor = index.acteur(ident)
        return actor.nom if actor else None

    for _, old in before.iter_actions():
        new: Action = by_title[old.titre]
        assert (new.statut, new.priorite) == (old.statut, old.priorite), old.titre
        assert (new.date_debut, new.date_fin) == (old.date_debut, old.date_fin), old.titre
        assert new.plans[plan_id] == old.plans["pcaet-brume"], old.titre
        assert name(after, new.pilote) == name(before, old.pilote), old.titre
        assert name(after, new.referent) == name(before, old.referent), old.titre
        assert sorted(map(str, (name(after, p) for p in new.partenaires))) == sorted(
            map(str, (name(before, p) for p in old.partenaires))
        ), old.titre
        assert [(name(after, f.financeur), f.montant) for f in new.financements] == [
            (name(before, f.financeur), f.montant) for f in old.financements[:3]
        ], old.titre
        assert (new.description or "").strip() == (old.description or "").strip()
        # Indicators are a comma list in the template: several come back as several.
        assert [i.nom for i in new.indicateurs] == [i.nom for i in old.indicateurs], old.titre
    # The plan's axes come back with their titles.
    plan, original = after.plan(plan_id), before.plan("pcaet-brume")
    assert plan is not None and original is not None
    assert list(plan.axis_codes()) == list(original.axis_codes())


def test_list_cell_quotes_what_would_split() -> None:
    items = ["ADEME", "Région (Fonds A, B)", "Brume, Mauves", 'Le "Lab"; test', '«x» et "y"']
    cell = list_cell(items)
    assert cell is not None
    assert split_list(cell) == [
        "ADEME",
        "Région (Fonds A, B)",
        "Brume, Mauves",
        'Le "Lab"; test',
        "«x» et 'y'",  # both kinds of quotes inside: the double ones become apostrophes
    ]
    assert list_cell([]) is None


SMALL: dict[str, str] = {
    "acteurs/cci.yaml": "nom: CCI Brume\ntype: chambre_consulaire\n",
    "acteurs/svc.yaml": "nom: Service mobilité\ntype: service\n",
    "acteurs/elu.yaml": "nom: Anne DUPONT\ntype: elu\n",
    "plans/crte.yaml": "nom: CRTE\ntype: CRTE\naxes:\n  - {code: '1', titre: Mobilité}\n",
    "plans/pcaet.yaml": (
        "nom: PCAET\ntype: PCAET\naxes:\n  - code: '1'\n    titre: Mobilité\n    sous_axes:\n"
        "      - code: '1.1'\n        titre: Vélo\n        sous_axes:\n"
        "          - code: '1.1.1'\n            titre: Pistes\n            sous_axes:\n"
        "              - {code: '1.1.1.1', titre: Bourgs}\n"
    ),
    "actions/a.yaml": (
        "titre: '=SOMME(A1:A3), dit-il'\nplans: {pcaet: '1.1.1.1', crte: '1'}\n"
        "pilote: cci\ncopilotes: [svc]\nreferent: elu\n"
        "budget:\n  - {annee: 2024, type: investissement, prevu: 1000.4}\n"
        "  - {annee: 2025, type: investissement, prevu: 2000}\n"
    ),
    "actions/b.yaml": "titre: Hors PCAET\nplans: {crte: '1'}\n",
    "actions/c.yaml": "titre: Sans axe\nplans: {pcaet: null}\n",
}


def test_small_register(write_register: WriteRegister, tmp_path: Path) -> None:
    root = write_register(SMALL)
    output = tmp_path / "pcaet.xlsx"
    _export(root, output)
    sheet = openpyxl.load_workbook(output).active
    assert sheet is not None
    rows = [
        dict(zip(TEMPLATE_HEADERS, r, strict=False))
        for r in sheet.iter_rows(min_row=4, values_only=True)
    ]
    # A text a spreadsheet would evaluate is a text cell marked by its style, not by an
    # apostrophe in its value.
    assert [r["Titre de l'action"] for r in rows] == ["=SOMME(A1:A3), dit-il", "Sans axe"]
    cell = openpyxl.load_workbook(output).active["D4"]  # type: ignore[index]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=SOMME(A1:A3), dit-il", "s", True)
    a = rows[0]
    # A fourth-level axis is written at the third level, under its own branch.
    assert (a["Axe (x)"], a["Sous-axe (x.x)"], a["Sous-sous axe (x.x.x)"]) == (
        "1. Mobilité",
        "1.1. Vélo",
        "1.1.1.1. Bourgs",
    )
    assert a["Structure pilote"] == "CCI Brume, Service mobilité"
    assert a["Direction ou service pilote"] is None
    assert a["Élu·e référent·e"] == "Anne DUPONT"
    assert a["Budget prévisionnel total € HT"] == 3000
    assert rows[1]["Axe (x)"] is None

    # --plan picks another plan; an unknown plan is refused.
    crte = tmp_path / "crte.xlsx"
    _export(root, crte, "--plan", "crte")
    crte_sheet = openpyxl.load_workbook(crte).active
    assert crte_sheet is not None
    assert [r[3] for r in crte_sheet.iter_rows(min_row=4, values_only=True)] == [
        "=SOMME(A1:A3), dit-il",
        "Hors PCAET",
    ]
    result = runner.invoke(
        app,
        ["export", "-r", str(root), "-f", "tet", "-o", str(tmp_path / "x.xlsx"), "--plan", "nope"],
    )
    assert result.exit_code != 0 and "nope" in result.output


def test_tet_needs_output(write_register: WriteRegister) -> None:
    root = write_register(SMALL)
    result = runner.invoke(app, ["export", "-r", str(root), "-f", "tet"])
    assert result.exit_code != 0
    assert "--output" in result.output
    result = runner.invoke(app, ["export", "-r", str(root), "-f", "json", "--plan", "pcaet"])
    assert result.exit_code != 0
    assert "--plan ne sert qu'au format tet" in result.output


def test_several_indicators_come_back_as_several(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    root = write_register(
        {
            "plans/pcaet.yaml": (
                'nom: PCAET\ntype: PCAET\naxes:\n  - {code: "1", titre: Mobilité}\n'
            ),
            "actions/a-01.yaml": (
                'titre: Covoiturage\nplans: {pcaet: "1"}\nindicateurs:\n'
                "  - nom: Trajets, par mois\n  - nom: Aires créées\n"
            ),
        }
    )
    output = tmp_path / "pcaet.xlsx"
    _export(root, output)
    into = tmp_path / "importe"
    result = runner.invoke(app, ["import", "-f", "tet", str(output), "--into", str(into)])
    assert result.exit_code == 0, result.output
    (action,) = [a for _, a in _index(into / "register").iter_actions()]
    assert [i.nom for i in action.indicateurs] == ["Trajets, par mois", "Aires créées"]


# ------------------------------------------------------------------------- round trip

ROUND_TRIP_FIELDS = (
    "titre, description, objectifs, moyens, statut, priorite, participation_citoyenne, "
    "date_debut, date_fin, axe du plan, pilote, copilotes (services et structures), "
    "referent, personnes (et copilotes de type personne), partenaires, trois premiers "
    "financeurs et leurs montants, budget prévu total, noms des indicateurs, mesures CAE, "
    "actions liées, arbre des axes du plan (codes et titres)"
)
"""What the template carries, compared after an export and an import."""


def _action_fields(index: RegisterIndex, plan_id: str, a: Action) -> dict[str, object]:
    def name(ident: str | None) -> str | None:
        actor = index.acteur(ident)
        return actor.nom if actor else ident

    def kind(ident: str) -> str | None:
        actor = index.acteur(ident)
        return str(actor.type) if actor else None

    people = {"personne", "elu"}
    titles = {doc.id: x.titre for doc, x in index.iter_actions()}
    planned = [line.prevu for line in a.budget if line.prevu is not None]
    return {
        "titre": a.titre,
        "description": (a.description or "").strip() or None,
        "objectifs": a.objectifs,
        "moyens": a.moyens,
        "statut": a.statut,
        "priorite": a.priorite,
        "participation": a.participation_citoyenne,
        "dates": (a.date_debut, a.date_fin),
        "axe": a.plans[plan_id],
        "pilote": name(a.pilote),
        "copilotes": sorted(name(c) or "" for c in a.copilotes if kind(c) not in people),
        "referent": name(a.referent),
        "personnes": sorted(
            {name(p) or "" for p in a.personnes if p != a.referent}
            | {name(c) or "" for c in a.copilotes if kind(c) in people}
        ),
        "partenaires": sorted(name(p) or "" for p in a.partenaires),
        "financeurs": [(name(f.financeur), f.montant) for f in a.financements[:3]],
        "budget": round(sum(planned)) if planned else None,
        "indicateurs": [i.nom for i in a.indicateurs],
        "mesures": a.liens.mesures_cae if a.liens else [],
        "liees": sorted(titles[i] for i in a.liens.actions if i in titles) if a.liens else [],
    }


def _axes(plan: Plan | None) -> list[tuple[str, str]]:
    assert plan is not None
    return list(plan.axis_codes())


def test_round_trip_of_the_example_is_equal_for_what_the_template_carries(
    example_tet: Path, tmp_path: Path
) -> None:
    into = tmp_path / "importe"
    result = runner.invoke(app, ["import", "-f", "tet", str(example_tet), "--into", str(into)])
    assert result.exit_code == 0, result.output
    before, after = _index(EXAMPLE), _index(into / "register")
    (plan_id,) = after.plans
    old = {a.titre: _action_fields(before, "pcaet-brume", a) for _, a in before.iter_actions()}
    new = {a.titre: _action_fields(after, plan_id, a) for _, a in after.iter_actions()}
    assert old.keys() == new.keys()
    for title, fields in old.items():
        # Links to actions of other plans have no row to point to.
        assert new[title] == fields | {"liees": new[title]["liees"]}, title
        assert set(cast(list[str], new[title]["liees"])) <= set(cast(list[str], fields["liees"]))
    assert any(f["personnes"] for f in old.values())
    assert _axes(after.plan(plan_id)) == _axes(before.plan("pcaet-brume"))


DASHES: dict[str, str] = {
    "acteurs/elu.yaml": "nom: Anne DUPONT\ntype: elu\n",
    "acteurs/jo.yaml": "nom: Jo MARTIN\ntype: personne\n",
    "acteurs/svc.yaml": "nom: Service eau\ntype: service\n",
    "plans/pcaet.yaml": (
        "nom: PCAET\ntype: PCAET\naxes:\n  - {code: '1', titre: Mobilité}\n"
        "  - code: '2'\n    titre: Eau\n    sous_axes:\n      - {code: '2.1', titre: Rivières}\n"
        "  - {code: '3', titre: '- Sobriété'}\n"
    ),
    "actions/a.yaml": (
        "titre: '- tiret en tête'\ndescription: \"- un\\n- deux\"\nplans: {pcaet: '1'}\n"
        "pilote: svc\nreferent: elu\npersonnes: [jo]\n"
    ),
}


def test_dashes_empty_axes_and_people_survive_two_round_trips(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    root = write_register(DASHES)
    for turn in (1, 2):
        output = tmp_path / f"tour-{turn}.xlsx"
        result = runner.invoke(app, ["export", "-r", str(root), "-f", "tet", "-o", str(output)])
        assert result.exit_code == 0, result.output
        assert "2 axes sans action écrits seuls sur leur ligne" in result.stderr
        root = tmp_path / f"importe-{turn}"
        result = runner.invoke(app, ["import", str(output), "--into", str(root)])
        assert result.exit_code == 0, result.output
        root = root / "register"
        index = _index(root)
        (action,) = [a for _, a in index.iter_actions()]
        assert action.titre == "- tiret en tête"
        assert action.description == "- un\n- deux"
        assert [index.acteur(p).nom for p in action.personnes] == ["Jo MARTIN"]  # type: ignore[union-attr]
        (plan_id,) = index.plans
        assert _axes(index.plan(plan_id)) == [
            ("1", "Mobilité"),
            ("2", "Eau"),
            ("2.1", "Rivières"),
            ("3", "- Sobriété"),
        ]


def test_export_lists_what_the_template_cannot_carry(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", "-r", str(EXAMPLE), "-f", "tet", "-o", str(tmp_path / "p.xlsx")]
    )
    assert result.exit_code == 0, result.output
    err = result.stderr
    head = err.index("Le modèle de Territoires en Transitions ne peut pas porter :")
    assert head < err.index("registre exporté dans")
    actions = [a for _, a in _index(EXAMPLE).iter_actions() if "pcaet-brume" in a.plans]
    sectors = sum(1 for a in actions if a.secteurs)
    targets = sum(1 for a in actions if a.cibles)
    assert f"  - secteurs ({sectors} actions)" in err
    assert f"  - cibles ({targets} actions)" in err
    assert "  - échelon (" in err and "  - domaines (" in err
    assert "valeurs des indicateurs" in err and "budget par année" in err


REFUSED: dict[str, str] = {
    "plans/pcaet.yaml": "nom: PCAET\ntype: PCAET\naxes:\n  - {code: '1', titre: Mobilité}\n",
    "actions/a.yaml": "titre: Vélo\nplans: {pcaet: '1'}\n",
    "actions/b.yaml": "titre: Vélo\nplans: {pcaet: '1'}\n",
    "actions/d.yaml": (
        "titre: Vélo\nplans: {pcaet: null}\ndate_debut: 2025-01-01\ndate_fin: 2024-01-01\n"
    ),
}


def test_export_refuses_what_tet_would_refuse_unless_forced(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    root = write_register(REFUSED)
    output = tmp_path / "p.xlsx"
    result = runner.invoke(app, ["export", "-r", str(root), "-f", "tet", "-o", str(output)])
    assert result.exit_code == 2
    assert not output.exists()
    assert "  - titre d'action en doublon dans le même axe : 1. Mobilité::Vélo" in result.stderr
    assert "  - « Vélo » : date de fin avant la date de début" in result.stderr
    assert "2 refus de Territoires en Transitions : rien n'a été écrit" in result.stderr
    forced = runner.invoke(
        app, ["export", "-r", str(root), "-f", "tet", "-o", str(output), "--force"]
    )
    assert forced.exit_code == 0, forced.output
    sheet = openpyxl.load_workbook(output).active
    assert sheet is not None
    assert [r[3] for r in sheet.iter_rows(min_row=4, values_only=True)] == [
        "Vélo",
        "Vélo",
        "Vélo",
    ]
