"""What every importer shares: the accounting report and the writing of the project."""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import date
from pathlib import Path

import pytest

from pcaet_cli.errors import PcaetError
from pcaet_cli.fsutil import TEMP_SUFFIX, write_tree
from pcaet_cli.io.import_common import (
    UNACCOUNTED,
    Importer,
    ImportReport,
    ImportResult,
    RowStatus,
    write_result,
)
from pcaet_cli.io.import_values import parse_amount
from pcaet_cli.model.common import implausible


def test_every_row_read_has_one_line_and_the_totals_add_up() -> None:
    report = ImportReport("essai", ["x.csv"])
    for n in range(1, 6):
        report.read(f"ligne {n}")
    report.add("ligne 1", RowStatus.CREATED, "« A »", "actions/a.yaml")
    report.add("ligne 1", RowStatus.CREATED, "« B »", "actions/b.yaml")
    report.note("ligne 1", "statut inconnu")
    report.add("ligne 2", RowStatus.MERGED, "identique à la ligne 1", "actions/a.yaml")
    report.add("ligne 3", RowStatus.IGNORED, "ligne vide")
    report.add("ligne 4", RowStatus.REFUSED, "pas de titre")
    # ligne 5 is read and never decided: it is not lost, it is refused and says why.
    assert report.totals() == {
        "lues": 5,
        "créée": 1,
        "fusionnée": 1,
        "ignorée": 1,
        "refusée": 2,
    }
    first, *_, last = report.lines
    assert (first.status, first.files, first.detail, first.notes) == (
        RowStatus.CREATED,
        ["actions/a.yaml", "actions/b.yaml"],
        "« A » ; « B »",
        ["statut inconnu"],
    )
    assert (last.source, last.status, last.detail) == ("ligne 5", RowStatus.REFUSED, UNACCOUNTED)
    text = report.to_text({"actions/a.yaml": "", "actions/b.yaml": ""})
    assert "Lignes lues : 5 — 1 créée, 1 fusionnée, 1 ignorée, 2 refusées" in text
    assert "Fichiers : 0 territoires, 0 acteurs, 0 plans, 2 actions" in text
    assert "  ligne 1 : créée → actions/a.yaml, actions/b.yaml — « A » ; « B »\n" in text
    assert "      remarque : statut inconnu\n" in text
    assert "  ligne 3 : ignorée — ligne vide\n" in text
    document = json.loads(report.to_json({}))
    assert document["totaux"]["lues"] == sum(
        document["totaux"][str(status)] for status in RowStatus
    )
    assert document["lignes"][1] == {
        "source": "ligne 2",
        "statut": "fusionnée",
        "fichiers": ["actions/a.yaml"],
        "detail": "identique à la ligne 1",
        "remarques": [],
    }


def test_a_second_different_outcome_of_a_row_is_kept_as_a_note() -> None:
    report = ImportReport("essai")
    report.add("ligne 1", RowStatus.CREATED, "« A »", "actions/a.yaml")
    report.add("ligne 1", RowStatus.REFUSED, "sous-action sans titre")
    (line,) = report.lines
    assert line.status == RowStatus.CREATED
    assert line.notes == ["refusée : sous-action sans titre"]


def test_the_import_writes_a_project_laid_out_like_pcaet_init(tmp_path: Path) -> None:
    result = ImportResult(ImportReport("essai"), name="Plan « test »")
    result.add_entity("actions", "a-01", {"titre": "A", "plans": {"p": None}})
    into = tmp_path / "projet"
    written = write_result(result, into, force=False)
    assert into / "register/actions/a-01.yaml" in written
    action = (into / "register/actions/a-01.yaml").read_text(encoding="utf-8")
    # The schema the file cites exists where it says.
    cited = action.splitlines()[0].split("$schema=")[1]
    assert (into / "register/actions" / cited).resolve().is_file()
    config = (into / "register/pcaet.toml").read_text(encoding="utf-8")
    assert 'nom = "Plan « test »"' in config
    for name in (".pre-commit-config.yaml", ".gitlab-ci.yml", ".github/workflows/pcaet.yml"):
        assert (into / name).is_file(), name
    # Nothing left beside it: the temporary tree was renamed into place.
    assert [p.name for p in tmp_path.iterdir()] == ["projet"]


def test_a_new_project_gets_the_mode_open_would_give(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_tree(tmp_path / "p", {"register/a.yaml": "x\n"})
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "p").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "p/register/a.yaml").stat().st_mode) == 0o640


def test_an_existing_project_gets_its_files_replaced_and_keeps_the_others(
    tmp_path: Path,
) -> None:
    root = tmp_path / "p"
    (root / "register").mkdir(parents=True)
    (root / "register/a.yaml").write_text("ancien\n", encoding="utf-8")
    (root / "notes.md").write_text("à garder\n", encoding="utf-8")
    write_tree(root, {"register/a.yaml": "nouveau\n", "register/b.yaml": "b\n"})
    assert (root / "register/a.yaml").read_text(encoding="utf-8") == "nouveau\n"
    assert (root / "register/b.yaml").read_text(encoding="utf-8") == "b\n"
    assert (root / "notes.md").read_text(encoding="utf-8") == "à garder\n"
    assert not list(root.rglob(f"*{TEMP_SUFFIX}"))


def test_a_failed_write_leaves_no_half_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: Path, data: bytes) -> int:
        if self.name == "b.yaml":
            raise OSError(28, "No space left on device")
        return len(data)

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(Exception, match="le disque est plein"):
        write_tree(tmp_path / "p", {"register/a.yaml": "a\n", "register/b.yaml": "b\n"})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12000", 12000.0),
        ("12 000 €", 12000.0),
        ("1 234,50", 1234.5),
        ("1.234,56", 1234.56),
        ("1,234.56", 1234.56),
        ("1.234.567", 1234567.0),
        ("15,5", 15.5),
        ("15.5", 15.5),
        ("15.50", 15.5),
        ("-2 500", -2500.0),
        ("120000 € HT", 120000.0),
    ],
)
def test_amounts_read_when_their_separators_are_certain(text: str, amount: float) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("15.000", "ambigu (15,000 ou 15 000 ?)"),
        ("1.234", "ambigu"),
        ("1.23.4", "n'est pas un montant"),
        ("1,234,5", "plusieurs virgules"),
        ("1.23,5", "séparateurs incohérents"),
        ("environ 3000", "n'est pas un montant"),
        ("--5", "n'est pas un montant"),
    ],
)
def test_amounts_never_scaled_by_a_guess(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_amount(text)


def test_dates_outside_the_plans_years_are_kept_and_noted() -> None:
    importer = Importer("essai", [], "essai")
    assert importer.read_date("ligne 2", "date_fin", "31/12/0002") == date(2, 12, 31)
    assert importer.read_date("ligne 3", "date_fin", "31/12/2100") == date(2100, 12, 31)
    assert importer.read_date("ligne 4", "date_debut", "01/01/1990") == date(1990, 1, 1)
    assert importer.read_date("ligne 5", "date_debut", "01/01/1989") == date(1989, 1, 1)
    assert importer.read_date("ligne 6", "date_debut", "2101-01-01") == date(2101, 1, 1)
    assert importer.read_date("ligne 7", "date_debut", "32/01/2024") is None
    notes = {line.source: line.notes for line in importer.report.lines}
    assert notes["ligne 2"] == [
        "date_fin « 31/12/0002 » : année 2 hors de 1990–2100, reprise telle quelle ; vérifiez-la"
    ]
    assert "ligne 3" not in notes and "ligne 4" not in notes
    assert len(notes["ligne 5"]) == len(notes["ligne 6"]) == 1
    assert notes["ligne 7"] == ["date_debut « 32/01/2024 » n'est pas une date"]
    assert implausible(date(1989, 12, 31)) and not implausible(date(1990, 1, 1))


def test_an_ambiguous_budget_is_noted_not_scaled() -> None:
    importer = Importer("essai", [], "essai")
    assert importer.total_budget("ligne 2", "15.000") is None
    assert importer.total_budget("ligne 3", "15 000") == [
        {"type": "investissement", "prevu": 15000.0}
    ]
    notes = {line.source: line.notes for line in importer.report.lines}
    assert notes["ligne 2"] == [
        "budget « 15.000 » ambigu (15,000 ou 15 000 ?) : écrivez-le sans point, non repris"
    ]


def test_a_new_project_refuses_a_path_that_would_leave_it(tmp_path: Path) -> None:
    # Paths under a folder yet to be made are checked without resolving each of them:
    # what leaves the folder is still refused, before anything is written.
    # (The register's files are written under register/: two `..` leave the project.)
    for escape in ("../../dehors.yaml", "actions/../../../dehors.yaml"):
        result = ImportResult(ImportReport("essai"))
        result.files[escape] = "x: 1\n"
        with pytest.raises(PcaetError, match="sortirait du dossier"):
            write_result(result, tmp_path / "projet", force=False)
        assert list(tmp_path.iterdir()) == []
    result = ImportResult(ImportReport("essai"))
    result.files["actions/../plans/p.yaml"] = "nom: P\n"
    written = write_result(result, tmp_path / "projet", force=False)
    assert (tmp_path / "projet/register/plans/p.yaml").read_text(encoding="utf-8") == "nom: P\n"
    assert tmp_path.resolve() / "projet/register/actions/../plans/p.yaml" in written
