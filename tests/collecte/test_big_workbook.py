"""The big workbook of `pcaet export --format xlsx`, edited by an officer and merged back
by `pcaet collecte integrer`: same stamps, same rules as a collection workbook."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from pcaet_cli.collecte.stamps import STAMP_SHEET, Stamp, digest
from pcaet_cli.edit.fmt import comments
from pcaet_cli.model import Action
from pcaet_cli.register.yamlfile import parse
from tests.collecte.conftest import RegisterCopy, committed_example, pcaet

DATE = "2026-11-29"
BOOK = "registre.xlsx"
SHEET = "actions"


def _data(text: str) -> dict[str, Any]:
    data = parse(text.encode("utf-8"), "x").data
    assert isinstance(data, dict)
    return data


@dataclass
class Exported(RegisterCopy):
    path: Path

    def cells(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The cell of each (action, header): the action's row under the header, found
        by text, never by position (the sheet read once for them all)."""
        book = openpyxl.load_workbook(self.path, read_only=True)
        rows = list(book[SHEET].iter_rows(values_only=True))
        book.close()
        headers = list(rows[0])
        at = {r[0]: i for i, r in enumerate(rows)}
        return {
            (ident, header): f"{get_column_letter(headers.index(header) + 1)}{at[ident] + 1}"
            for ident, header in keys
        }

    def edit(self, changes: dict[tuple[str, str], Any]) -> dict[tuple[str, str], str]:
        """Set cells as the officer would ({(action, header): value}); their addresses."""
        where = self.cells(list(changes))
        book = openpyxl.load_workbook(self.path)
        for key, value in changes.items():
            book[SHEET][where[key]] = value
        book.save(self.path)
        return where

    def integrate(self, *args: str) -> tuple[int, str, str]:
        return pcaet("collecte", "integrer", "-r", str(self.register), str(self.path), *args)


@pytest.fixture(scope="session")
def exported_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example in a git repository of its own and its big workbook, made once: each
    test works on a copy (`exported`)."""
    base = tmp_path_factory.mktemp("export")
    register = committed_example(base / "registre")
    code, _, err = pcaet(
        "export", "-r", str(register), "--format", "xlsx", "-o", str(base / BOOK), "--date", DATE
    )
    assert code == 0, err
    return base


@pytest.fixture
def exported(exported_once: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Exported:
    register, path = tmp_path / "registre", tmp_path / BOOK
    shutil.copytree(exported_once / "registre", register, symlinks=True)
    shutil.copy(exported_once / BOOK, path)
    monkeypatch.chdir(register)
    return Exported(register, path)


def test_export_carries_the_stamps(exported: Exported) -> None:
    book = openpyxl.load_workbook(exported.path)
    assert book.sheetnames[-1] == STAMP_SHEET
    assert book[STAMP_SHEET].sheet_state == "hidden"
    rows = [list(r) for r in book[STAMP_SHEET].iter_rows(values_only=True)]
    stamp = Stamp.from_rows(rows, BOOK)
    assert stamp.kind == "registre" and stamp.sheet == SHEET
    assert stamp.made_on == date.fromisoformat(DATE)
    assert stamp.revision is not None and len(stamp.revision) == 40
    assert len(stamp.digests) == 54
    model = Action.model_validate(_data(exported.texts()["actions/mob-01.yaml"]))
    assert stamp.digests["mob-01"] == digest(model, "registre")


def test_changed_cells_merged_back(exported: Exported) -> None:
    before = exported.texts()
    where = exported.edit(
        {
            ("mob-01", "Statut"): "Réalisé",
            ("mob-02", "Date de fin"): datetime(2029, 6, 30),
            ("adapt-02", "Priorité"): "ELEVE",  # the enumeration's code
            ("adapt-01", "Date de début"): "15/06/2024",  # a date typed as text
            ("mob-04", "Pilote"): "Quelqu'un d'autre",  # read only
            ("mob-04", "Statut"): "En cours",  # as it was: nothing to do
        }
    )
    code, out, err = exported.integrate("--dry-run")
    assert code == 0, err
    assert exported.texts() == before
    code, out, err = exported.integrate()
    assert code == 0, err
    assert f"statut : « En cours » → « Réalisé »  ({BOOK}!actions!{where['mob-01', 'Statut']})" in (
        out
    )
    assert (
        f"{BOOK}!actions!{where['mob-04', 'Pilote']} : « Pilote » non reprise : modifiez le "
        "fichier YAML (actions/mob-04.yaml)"
    ) in err
    assert "collecte.json" not in err  # no campaign to follow
    after = exported.texts()
    expected: dict[str, dict[str, Any]] = {
        "actions/mob-01.yaml": {"statut": "Réalisé"},
        "actions/mob-02.yaml": {"date_fin": date(2029, 6, 30)},
        "actions/adapt-02.yaml": {"priorite": "Élevé"},
        "actions/adapt-01.yaml": {"date_debut": date(2024, 6, 15)},
    }
    assert {name for name in before if after[name] != before[name]} == set(expected)
    for name, fields in expected.items():
        assert _data(after[name]) == {**_data(before[name]), **fields}
        assert comments(after[name]) == comments(before[name])
    code, out, err = pcaet("lint", str(exported.register))
    assert code == 0, out + err


def test_action_changed_after_export_is_a_conflict(exported: Exported) -> None:
    path = exported.register / "actions/mob-01.yaml"
    # Any field counts: the big workbook shows them all.
    text = path.read_text("utf-8")
    path.write_text(text.replace("description: |\n", "description: |\n  Revu.\n", 1), "utf-8")
    before = exported.texts()
    where = exported.edit(
        {("mob-01", "Statut"): "Réalisé", ("mob-02", "Date de fin"): datetime(2029, 6, 30)}
    )
    code, out, err = exported.integrate()
    assert code == 1
    assert out == ""
    assert exported.texts() == before
    assert (
        f"{BOOK}!actions!{where['mob-01', 'Statut'].replace('C', 'A')} : l'action « mob-01 » a "
        "changé dans le registre depuis l'export du classeur (le 29/11/2026)"
    ) in err
    assert "Rien n'a été écrit : 1 réponse refusée" in err


def test_invalid_values_are_located_and_nothing_is_written(exported: Exported) -> None:
    before = exported.texts()
    where = exported.edit(
        {
            ("mob-01", "Statut"): "Fini",
            ("mob-02", "Date de fin"): "31/02/2029",
            ("adapt-01", "Priorité"): "urgent",
            ("mob-04", "Date de fin"): datetime(2020, 1, 1),  # before its start
            ("mob-06", "Titre"): "Ligne\u2028cachée",
        }
    )
    code, _, err = exported.integrate()
    assert code == 1
    assert exported.texts() == before
    problems = [line for line in err.splitlines() if f"{BOOK}!" in line]
    assert problems == [
        f"{BOOK}!actions!{where['adapt-01', 'Priorité']} : « urgent » n'est pas une priorité ; "
        "choisissez : Élevé, Moyen, Bas",
        f"{BOOK}!actions!{where['mob-01', 'Statut']} : « Fini » n'est pas un statut ; "
        "choisissez : À venir, En cours, Réalisé, En pause, Abandonné, Bloqué, En retard, "
        "À discuter",
        f"{BOOK}!actions!{where['mob-02', 'Date de fin']} : la date « 31/02/2029 » n'existe pas",
        f"{BOOK}!actions!{where['mob-04', 'Date de fin']} : la date de fin (01/01/2020) précède "
        "la date de début (01/01/2025)",
        f"{BOOK}!actions!{where['mob-06', 'Titre']} : le texte contient un caractère de contrôle "
        "invisible ; retapez-le",
    ]
    # The valid rest applied: neither date of mob-04, each valid alone, is taken.
    code, _, err = exported.integrate("--appliquer-le-reste")
    assert code == 1, err
    after = _data(exported.texts()["actions/mob-04.yaml"])
    assert (after["date_debut"], after["date_fin"]) == (date(2025, 1, 1), date(2028, 6, 30))
