"""The axis tree and sub-actions of a TeT workbook, as TeT's importer builds them.

The shapes are those of TeT's own tests (incubateur-ademe/territoires-en-transitions,
apps/backend/src/plans/plans/import-plan-aggregate/factories/
create-plan-import-input.factory.spec.ts, import-plan.router.e2e-spec.ts and
create-plan-aggregate/create-plan-aggregate.rules.spec.ts): numbered and unnumbered axes,
sub-axes and sub-sub-axes, a missing intermediate level, actions with and without an
axis, sub-actions with and without their action's row, duplicate titles.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.io.import_common import RowStatus
from tests.io.test_import_tet import R, load, workbook

runner = CliRunner()

AXE, SOUS, SOUS_SOUS = "Axe (x)", "Sous-axe (x.x)", "Sous-sous axe (x.x.x)"
TITRE, SOUS_ACTION = "Titre de la fiche action", "Titre de la sous-action"


def imported(tmp_path: Path, rows: list[list[Any]]) -> tuple[Path, dict[str, Any]]:
    """Import `rows` (from row 4); the register and the JSON report, whose totals are
    checked to reconcile with its lines."""
    source = workbook(tmp_path / "plan.xlsx", rows)
    into = tmp_path / "r"
    result = runner.invoke(
        app, ["import", str(source), "--into", str(into), "--format-rapport", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    totals = report["totaux"]
    assert totals["lues"] == len(report["lignes"]) == len(rows)
    assert sum(totals[str(s)] for s in RowStatus) == totals["lues"]
    for status in RowStatus:
        assert totals[str(status)] == sum(1 for x in report["lignes"] if x["statut"] == status)
    return into / "register", report


def axes(register: Path) -> Any:
    return load(register / "plans/pcaet-plan.yaml")["axes"]


def codes(register: Path) -> dict[str, Any]:
    """Title of each action → its axis code."""
    return {
        load(p)["titre"]: load(p)["plans"]["pcaet-plan"]
        for p in sorted((register / "actions").iterdir())
    }


def lines(report: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {x["source"]: (x["statut"], x["detail"]) for x in report["lignes"]}


def test_numbered_axes_three_levels(tmp_path: Path) -> None:
    register, _ = imported(
        tmp_path,
        [
            R({AXE: "1. Mobilité", SOUS: "1.1. Vélo", SOUS_SOUS: "1.1.1. Pistes", TITRE: "A"}),
            R({AXE: "1. Mobilité", SOUS: "1.1. Vélo", TITRE: "B"}),
            R({AXE: "2. Habitat", TITRE: "C"}),
        ],
    )
    assert axes(register) == [
        {
            "code": "1",
            "titre": "Mobilité",
            "sous_axes": [
                {
                    "code": "1.1",
                    "titre": "Vélo",
                    "sous_axes": [{"code": "1.1.1", "titre": "Pistes"}],
                }
            ],
        },
        {"code": "2", "titre": "Habitat"},
    ]
    assert codes(register) == {"A": "1.1.1", "B": "1.1", "C": "2"}


def test_unnumbered_axes_repeated_on_every_row_are_one_axis_each(tmp_path: Path) -> None:
    rows = [R({AXE: axe, TITRE: f"{axe} {n}"}) for axe in ("Mobilité", "Habitat") for n in "123"]
    register, _ = imported(tmp_path, rows)
    assert axes(register) == [{"code": "1", "titre": "Mobilité"}, {"code": "2", "titre": "Habitat"}]
    assert codes(register) == {
        "Mobilité 1": "1",
        "Mobilité 2": "1",
        "Mobilité 3": "1",
        "Habitat 1": "2",
        "Habitat 2": "2",
        "Habitat 3": "2",
    }


def test_sub_axis_titles_without_number_keep_their_axis(tmp_path: Path) -> None:
    # TeT's complex_plan.xlsx: « Axe 1. … » then « Objectif stratégique 1. … » repeated.
    axe = "Axe 1. COORDINATION DU CLS"
    objectives = [f"Objectif stratégique {n}. Agir {n}" for n in (1, 2, 3)]
    rows = [R({AXE: axe, SOUS: o, TITRE: f"{o[-7:]} / {k}"}) for o in objectives for k in "ab"]
    register, _ = imported(tmp_path, rows)
    assert axes(register) == [
        {
            "code": "1",
            "titre": "COORDINATION DU CLS",
            "sous_axes": [
                {"code": "1.1", "titre": "Objectif stratégique 1. Agir 1"},
                {"code": "1.2", "titre": "Objectif stratégique 2. Agir 2"},
                {"code": "1.3", "titre": "Objectif stratégique 3. Agir 3"},
            ],
        }
    ]
    assert codes(register) == {
        "Agir 1 / a": "1.1",
        "Agir 1 / b": "1.1",
        "Agir 2 / a": "1.2",
        "Agir 2 / b": "1.2",
        "Agir 3 / a": "1.3",
        "Agir 3 / b": "1.3",
    }


def test_sub_sub_axis_without_sub_axis_is_a_sub_axis(tmp_path: Path) -> None:
    # TeT's path is the non-empty axis cells: the level is kept, one step up; a number
    # that does not fit its place stays in the title.
    register, _ = imported(
        tmp_path,
        [
            R({AXE: "1. Mobilité", SOUS_SOUS: "Pistes", TITRE: "A"}),
            R({AXE: "1. Mobilité", SOUS_SOUS: "1.1.1. Bourgs", TITRE: "B"}),
            R({AXE: "1. Mobilité", SOUS: "Vélo", SOUS_SOUS: "Pistes", TITRE: "C"}),
            R({SOUS: "Orphelin", TITRE: "D"}),
        ],
    )
    assert axes(register) == [
        {
            "code": "1",
            "titre": "Mobilité",
            "sous_axes": [
                {"code": "1.1", "titre": "Pistes"},
                {"code": "1.2", "titre": "1.1.1. Bourgs"},
                {
                    "code": "1.3",
                    "titre": "Vélo",
                    "sous_axes": [{"code": "1.3.1", "titre": "Pistes"}],
                },
            ],
        },
        {"code": "2", "titre": "Orphelin"},
    ]
    assert codes(register) == {"A": "1.1", "B": "1.2", "C": "1.3.1", "D": "2"}


def test_actions_with_and_without_axis(tmp_path: Path) -> None:
    register, _ = imported(
        tmp_path,
        [
            R({AXE: "Axe 1", SOUS: "Sous-Axe 1", TITRE: "Avec axe"}),
            R({TITRE: "Sans axe"}),
        ],
    )
    assert codes(register) == {"Avec axe": "1.1", "Sans axe": None}
    assert axes(register) == [
        {"code": "1", "titre": "Axe 1", "sous_axes": [{"code": "1.1", "titre": "Sous-Axe 1"}]}
    ]


def test_axis_alone_on_its_row(tmp_path: Path) -> None:
    register, report = imported(
        tmp_path, [R({AXE: "1. Mobilité", TITRE: "A"}), R({AXE: "2. Eau", SOUS: "2.1. Rivières"})]
    )
    assert axes(register) == [
        {"code": "1", "titre": "Mobilité"},
        {"code": "2", "titre": "Eau", "sous_axes": [{"code": "2.1", "titre": "Rivières"}]},
    ]
    assert lines(report)["ligne 5"] == ("créée", "axe 2.1 seulement, sans action")


def test_sub_actions_with_their_action_row_before_or_after(tmp_path: Path) -> None:
    # TeT's plan_with_sous_actions_valid.xlsx: « Action 1 » has its row, its sub-actions
    # point to it; the same in a sub-axis, the action's row coming after its sub-action.
    register, report = imported(
        tmp_path,
        [
            R({AXE: "Axe 1", TITRE: "Action normale"}),
            R({AXE: "Axe 1", TITRE: "Action 1"}),
            R({AXE: "Axe 1", TITRE: "Action 1", SOUS_ACTION: "Sous-action 1.1"}),
            R({AXE: "Axe 1", TITRE: "Action 1", SOUS_ACTION: "Sous-action 1.2"}),
            R({AXE: "Axe 2", SOUS: "S", TITRE: "Action 3", SOUS_ACTION: "Sous-action 3.1"}),
            R({AXE: "Axe 2", SOUS: "S", TITRE: "Action 3"}),
        ],
    )
    by_title = {load(p)["titre"]: (p.stem, load(p)) for p in (register / "actions").iterdir()}
    assert by_title["Sous-action 1.1"][1]["liens"] == {"actions": [by_title["Action 1"][0]]}
    assert by_title["Sous-action 1.2"][1]["liens"] == {"actions": [by_title["Action 1"][0]]}
    assert by_title["Sous-action 3.1"][1]["liens"] == {"actions": [by_title["Action 3"][0]]}
    assert "liens" not in by_title["Action 1"][1]
    assert codes(register)["Sous-action 3.1"] == "2.1"
    assert report["totaux"]["créée"] == 6


def test_sub_actions_without_their_action_row_are_refused(tmp_path: Path) -> None:
    # TeT's plan_with_sous_actions.xlsx fails: « Sous-action(s) sans action parente
    # trouvée(s) »; the parent in another axis does not count; no title is refused too.
    register, report = imported(
        tmp_path,
        [
            R({AXE: "Axe 1", TITRE: "Action 1"}),
            R({AXE: "Axe 1", TITRE: "Action 2", SOUS_ACTION: "Sous-action 2.1"}),
            R({AXE: "Axe 2", TITRE: "Action 1", SOUS_ACTION: "Sous-action 1.1"}),
            R({AXE: "Axe 1", SOUS_ACTION: "Sans action"}),
        ],
    )
    got = lines(report)
    assert got["ligne 4"][0] == "créée"
    assert got["ligne 5"] == (
        "refusée",
        "sous-action sans action parente trouvée : « Sous-action 2.1 » (action parente : "
        "« Action 2 ») ; ajoutez une ligne pour l'action « Action 2 » dans le même axe",
    )
    assert got["ligne 6"][0] == "refusée" and "« Sous-action 1.1 »" in got["ligne 6"][1]
    assert got["ligne 7"] == (
        "refusée",
        "« Titre de la sous-action » est renseigné mais « Titre de l'action » est manquant : "
        "indiquez l'action dont c'est une sous-action",
    )
    assert codes(register) == {"Action 1": "1"}
    # The axes of refused rows are not made.
    assert axes(register) == [{"code": "1", "titre": "Axe 1"}]


def test_duplicate_titles_in_one_axis(tmp_path: Path) -> None:
    # TeT's plan_with_duplicate_actions.xlsx: « Titres d'actions en doublon dans le même
    # axe : Axe 1::Action dupliquée »; the same title in another axis is another action.
    register, report = imported(
        tmp_path,
        [
            R({AXE: "Axe 1", TITRE: "Action dupliquée", "Descriptif": "première"}),
            R({AXE: "Axe 1", TITRE: "Action dupliquée", "Descriptif": "seconde"}),
            R({AXE: "Axe 2", TITRE: "Action dupliquée"}),
        ],
    )
    assert lines(report)["ligne 5"] == (
        "refusée",
        "titre d'action en doublon dans le même axe : Axe 1::Action dupliquée (déjà en "
        "ligne 4) ; renommez l'une des deux actions",
    )
    kept = {p.stem: load(p) for p in (register / "actions").iterdir()}
    assert {k: (v["plans"]["pcaet-plan"], v.get("description")) for k, v in kept.items()} == {
        "1-01": ("1", "première"),
        "2-01": ("2", None),
    }
