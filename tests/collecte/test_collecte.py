"""`pcaet collecte`: workbooks out, answers back in place, conflicts and bad values
refused cell by cell, the campaign followed."""

from __future__ import annotations

import copy
import difflib
import json
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pcaet_cli.collecte.recipients import recipients
from pcaet_cli.collecte.stamps import STAMP_SHEET, Stamp, digest
from pcaet_cli.edit.fmt import comments
from pcaet_cli.model import Action
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import load_register
from pcaet_cli.register.yamlfile import parse
from tests.collecte.conftest import DATE, MOBILITES, Campaign, pcaet
from tests.conftest import EXAMPLE, libreoffice_convert

ENERGIE = "service-energie-climat.xlsx"
"""The workbook of petr-svc-energie-climat: adapt-02 on row 2 of « Actions »."""

MOBILITES_CELLS: dict[str, dict[str, Any]] = {
    "Actions": {
        "E2": "Réalisé",  # mob-01 statut
        "J2": datetime(2026, 11, 20),
        "K2": "Dernier tronçon livré.",
        "H3": datetime(2029, 6, 30),  # mob-02 date_fin
    },
    "Budget": {"F5": 600000},  # mob-01, 2026, investissement
    "Indicateurs": {"K2": 21},  # mob-01, its first indicator, 2026
}
ENERGIE_CELLS: dict[str, dict[str, Any]] = {
    "Actions": {"F2": "Élevé", "K2": "Diagnostic restitué en comité syndical."},
}


def _data(text: str) -> dict[str, Any]:
    data = parse(text.encode("utf-8"), "x").data
    assert isinstance(data, dict)
    return data


def _expected(before: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The parsed files as the answers above should leave them."""
    mob01 = _data(before["actions/mob-01.yaml"])
    mob01["statut"] = "Réalisé"
    mob01["suivi"].append(
        {
            "date": date(2026, 11, 20),
            "texte": "Dernier tronçon livré.",
            "auteur": "vdb-svc-mobilite",
        }
    )
    mob01["budget"][3]["realise"] = 600000
    mob01["indicateurs"][0]["mesures"][2026] = 21
    mob02 = _data(before["actions/mob-02.yaml"])
    mob02["date_fin"] = date(2029, 6, 30)
    adapt02 = _data(before["actions/adapt-02.yaml"])
    adapt02["priorite"] = "Élevé"
    adapt02["suivi"].append(
        {
            "date": date(2026, 11, 29),  # no date given: the campaign's
            "texte": "Diagnostic restitué en comité syndical.",
            "auteur": "petr-svc-energie-climat",
        }
    )
    return {
        "actions/mob-01.yaml": mob01,
        "actions/mob-02.yaml": mob02,
        "actions/adapt-02.yaml": adapt02,
    }


def _diff(old: str, new: str) -> tuple[list[str], list[str]]:
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0))
    removed = [x[1:] for x in lines if x.startswith("-") and not x.startswith("---")]
    added = [x[1:] for x in lines if x.startswith("+") and not x.startswith("+++")]
    return removed, added


def _check_merged(campaign: Campaign, before: dict[str, str]) -> None:
    after = campaign.texts()
    expected = _expected(before)
    changed = {name for name in before if after[name] != before[name]}
    assert changed == set(expected)
    assert set(after) == set(before)  # no new file
    for name, data in expected.items():
        assert _data(after[name]) == data
        # Every comment of a touched file is still there, in order.
        assert comments(after[name]) == comments(before[name])
        assert comments(before[name])
    removed, added = _diff(before["actions/mob-01.yaml"], after["actions/mob-01.yaml"])
    assert removed == [
        "statut: En cours",
        "  - {annee: 2026, type: investissement, prevu: 900000, realise: 558000}",
        "    mesures: {2024: 9, 2025: 17}",
    ]
    assert added == [
        "statut: Réalisé",
        "  - {annee: 2026, type: investissement, prevu: 900000, realise: 600000}",
        "    mesures: {2024: 9, 2025: 17, 2026: 21}",
        "  - date: 2026-11-20",
        "    texte: Dernier tronçon livré.",
        "    auteur: vdb-svc-mobilite",
    ]
    assert _diff(before["actions/mob-02.yaml"], after["actions/mob-02.yaml"]) == (
        ["date_fin: 2029-12-31"],
        ["date_fin: 2029-06-30"],
    )
    assert _diff(before["actions/adapt-02.yaml"], after["actions/adapt-02.yaml"]) == (
        ["priorite: Moyen"],
        [
            "priorite: Élevé",
            "  - date: 2026-11-29",
            "    texte: Diagnostic restitué en comité syndical.",
            "    auteur: petr-svc-energie-climat",
        ],
    )
    code, out, err = pcaet("lint", str(campaign.register))
    assert code == 0, out + err
    code, out, err = pcaet("diff")
    assert code == 0, err
    assert "~ action mob-01" in out and "statut : En cours → Réalisé" in out
    assert "~ action mob-02" in out and "fin : 2029-12-31 → 2029-06-30" in out
    assert "~ action adapt-02" in out and "priorité : Moyen → Élevé" in out.replace(
        "priorite", "priorité"
    )


def test_merge_back_without_libreoffice(campaign: Campaign) -> None:
    before = campaign.texts()
    first = campaign.edit(MOBILITES, MOBILITES_CELLS)
    second = campaign.edit(ENERGIE, ENERGIE_CELLS)
    code, out, err = campaign.integrate(str(first), str(second))
    assert code == 0, err
    assert "statut : « En cours » → « Réalisé »  (service-mobilites.xlsx!Actions!E2)" in out
    _check_merged(campaign, before)
    # The manifest knows both came back; the campaign's other actions are awaited.
    manifest = json.loads((campaign.out / "collecte.json").read_text(encoding="utf-8"))
    back = manifest["classeurs"][MOBILITES]["integrations"]
    assert [i["actions"] for i in back] == [["mob-01", "mob-02"]]
    code, out, err = pcaet("collecte", "suivi", "--campagne", str(campaign.out))
    assert code == 0, err
    assert "Classeurs : 8 préparés, 2 revenus et intégrés" in out
    assert f"{MOBILITES} — Service mobilités (service, 4 actions) : intégré le" in out
    assert "  mob-01 —" not in out and "  mob-04 —" in out


@pytest.mark.slow
def test_merge_back_through_libreoffice(campaign: Campaign, tmp_path: Path) -> None:
    """One workbook re-saved by LibreOffice (xlsx → ods → xlsx), one returned as .ods."""
    before = campaign.texts()
    edited = campaign.edit(MOBILITES, MOBILITES_CELLS, tmp_path / MOBILITES)
    (tmp_path / "ods").mkdir()
    libreoffice_convert(edited, "ods", tmp_path / "ods")
    returned = campaign.out / "retours"
    returned.mkdir()
    libreoffice_convert(tmp_path / "ods" / "service-mobilites.ods", "xlsx", returned)
    energie = campaign.edit(ENERGIE, ENERGIE_CELLS, tmp_path / ENERGIE)
    libreoffice_convert(energie, "ods", returned)
    files = [returned / MOBILITES, returned / "service-energie-climat.ods"]
    code, _out, err = campaign.integrate(*map(str, files), "--dry-run")
    assert code == 0, err
    assert campaign.texts() == before
    code, _out, err = campaign.integrate(*map(str, files))
    assert code == 0, err
    _check_merged(campaign, before)
    # The manifest, one folder up from the returns, was found and updated.
    manifest = json.loads((campaign.out / "collecte.json").read_text(encoding="utf-8"))
    assert manifest["classeurs"][ENERGIE]["integrations"][0]["fichier"] == (
        "service-energie-climat.ods"
    )


def test_action_changed_since_preparation_is_a_conflict(campaign: Campaign) -> None:
    path = campaign.register / "actions/mob-01.yaml"
    path.write_text(path.read_text("utf-8").replace("priorite: Élevé", "priorite: Moyen"), "utf-8")
    before = campaign.texts()
    first = campaign.edit(MOBILITES, MOBILITES_CELLS)
    second = campaign.edit(ENERGIE, ENERGIE_CELLS)
    code, out, err = campaign.integrate(str(first), str(second))
    assert code == 1
    assert campaign.texts() == before
    assert out == ""
    assert (
        "service-mobilites.xlsx!Actions!A2 : l'action « mob-01 » a changé dans le registre "
        "depuis la préparation du classeur (le 29/11/2026)"
    ) in err
    assert "Rien n'a été écrit : 1 réponse refusée" in err
    # The valid rest on demand: mob-02 and adapt-02, never mob-01.
    code, out, err = campaign.integrate(str(first), str(second), "--appliquer-le-reste")
    assert code == 1
    after = campaign.texts()
    assert after["actions/mob-01.yaml"] == before["actions/mob-01.yaml"]
    assert _data(after["actions/mob-02.yaml"])["date_fin"] == date(2029, 6, 30)
    assert _data(after["actions/adapt-02.yaml"])["priorite"] == "Élevé"


def test_invalid_values_are_located_and_nothing_is_written(campaign: Campaign) -> None:
    before = campaign.texts()
    cells = copy.deepcopy(MOBILITES_CELLS)
    cells["Actions"]["E2"] = "En cour"
    cells["Actions"]["G3"] = "31/02/2026"
    cells["Budget"]["F5"] = -5
    cells["Indicateurs"]["K2"] = "beaucoup"
    first = campaign.edit(MOBILITES, cells)
    second = campaign.edit(ENERGIE, {"Actions": {"F2": "urgent"}})
    code, _out, err = campaign.integrate(str(first), str(second))
    assert code == 1
    assert campaign.texts() == before
    problems = [line for line in err.splitlines() if "!" in line]
    assert problems == [
        "service-mobilites.xlsx!Actions!E2 : « En cour » n'est pas un statut ; "
        "vouliez-vous dire « En cours » ?",
        "service-mobilites.xlsx!Actions!G3 : la date « 31/02/2026 » n'existe pas",
        "service-mobilites.xlsx!Budget!F5 : « -5 » est négatif",
        "service-mobilites.xlsx!Indicateurs!K2 : « beaucoup » n'est pas un nombre",
        "service-energie-climat.xlsx!Actions!F2 : « urgent » n'est pas une priorité ; "
        "choisissez : Élevé, Moyen, Bas",
    ]
    code, _out, err = campaign.integrate(str(first), str(second), "--appliquer-le-reste")
    assert code == 1
    after = _data(campaign.texts()["actions/mob-01.yaml"])
    assert after["statut"] == "En cours"  # refused
    assert after["suivi"][-1]["texte"] == "Dernier tronçon livré."  # applied


def test_an_end_before_the_start_refuses_both_dates(campaign: Campaign) -> None:
    # mob-02 runs from 01/04/2024 to 31/12/2029: each date below fits the other one the
    # file holds, but not the one typed beside it.
    cells = {"Actions": {"E2": "Réalisé", "G3": datetime(2029, 1, 1), "H3": "30/06/2028"}}
    book = campaign.edit(MOBILITES, cells)
    code, _out, err = campaign.integrate(str(book), "--appliquer-le-reste")
    assert code == 1
    assert (
        "service-mobilites.xlsx!Actions!H3 : la date de fin (30/06/2028) précède la date de "
        "début (01/01/2029)"
    ) in err
    texts = campaign.texts()
    assert _data(texts["actions/mob-01.yaml"])["statut"] == "Réalisé"
    mob_02 = _data(texts["actions/mob-02.yaml"])
    assert (mob_02["date_debut"], mob_02["date_fin"]) == (date(2024, 4, 1), date(2029, 12, 31))


def test_two_workbooks_contradicting_each_other(campaign: Campaign, tmp_path: Path) -> None:
    before = campaign.texts()
    first = campaign.edit(MOBILITES, {"Actions": {"E2": "Réalisé"}})
    copy_ = campaign.edit(MOBILITES, {"Actions": {"E2": "Bloqué"}}, tmp_path / "copie.xlsx")
    code, _, err = campaign.integrate(str(first), str(copy_))
    assert code == 1
    assert campaign.texts() == before
    assert (
        "copie.xlsx!Actions!E2 : « Bloqué » contredit « Réalisé » "
        "(service-mobilites.xlsx!Actions!E2)"
    ) in err


def test_dry_run_writes_nothing(campaign: Campaign) -> None:
    before = campaign.texts()
    first = campaign.edit(MOBILITES, MOBILITES_CELLS)
    code, out, err = campaign.integrate(str(first), "--dry-run")
    assert code == 0, err
    assert campaign.texts() == before
    assert "date_fin : 31/12/2029 → 30/06/2029  (service-mobilites.xlsx!Actions!H3)" in out
    assert "rien n'a été écrit" in err


def test_partner_proposes_an_action(campaign: Campaign) -> None:
    first = campaign.edit(
        MOBILITES,
        {
            "Nouvelles actions": {
                "A2": "Covoiturage des agents",
                "B2": "Une plateforme pour les trajets domicile-travail.",
                "D2": "Service mobilités (vdb-svc-mobilite)",
            }
        },
    )
    code, out, err = campaign.integrate(str(first))
    assert code == 0, err
    created = campaign.register / "actions/covoiturage-des-agents.yaml"
    data = _data(created.read_text("utf-8"))
    assert data == {
        "titre": "Covoiturage des agents",
        "description": "Une plateforme pour les trajets domicile-travail.",
        "statut": "À discuter",
        "pilote": "vdb-svc-mobilite",
        "propose_par": "vdb-svc-mobilite",
    }
    code, out, err = pcaet("lint", str(campaign.register))
    assert code == 0, out + err
    # Integrated again: the proposal is not added twice.
    code, _, err = campaign.integrate(str(first))
    assert code == 0, err
    assert not (campaign.register / "actions/covoiturage-des-agents-2.yaml").exists()


def test_workbook_contents(campaign: Campaign) -> None:
    book = openpyxl.load_workbook(campaign.out / MOBILITES)
    assert book.sheetnames == [
        "Mode d'emploi",
        "Actions",
        "Budget",
        "Indicateurs",
        "Listes",
        "Nouvelles actions",
        STAMP_SHEET,
    ]
    assert book[STAMP_SHEET].sheet_state == "hidden"
    assert book["Listes"].sheet_state == "hidden"
    actions = book["Actions"]
    assert actions.protection.sheet and not actions.protection.password
    assert [c.value for c in actions[1]][:8] == [
        "Identifiant", "Titre", "Votre rôle", "Pilote", "Statut", "Priorité",
        "Date de début", "Date de fin",
    ]  # fmt: skip
    assert [actions.cell(row=r, column=1).value for r in range(2, 6)] == [
        "mob-01", "mob-02", "mob-04", "mob-06",
    ]  # fmt: skip
    assert actions["A2"].protection.locked and actions["B2"].protection.locked
    assert not actions["E2"].protection.locked and not actions["K2"].protection.locked
    lists = {str(dv.sqref): dv for dv in actions.data_validations.dataValidation}
    assert lists["E2:E5"].type == "list"
    assert lists["E2:E5"].formula1 == (
        '"À venir,En cours,Réalisé,En pause,Abandonné,Bloqué,En retard,À discuter"'
    )
    assert lists["F2:F5"].formula1 == '"Élevé,Moyen,Bas"'
    assert lists["G2:G5"].type == "date" and lists["J2:J5"].type == "date"
    budget = book["Budget"]
    assert budget["F2"].value == 52000 and not budget["F2"].protection.locked
    assert budget["E2"].protection.locked  # planned: read only
    lines = sum(1 for (v,) in budget.iter_rows(min_row=2, max_col=1, values_only=True) if v)
    last = lines + 1 + 20
    assert budget[f"A{lines + 1}"].protection.locked  # an existing line's action
    assert not budget[f"A{lines + 2}"].protection.locked  # an empty row to fill
    assert not budget[f"A{last}"].protection.locked
    kinds = {str(dv.sqref): dv.type for dv in budget.data_validations.dataValidation}
    assert kinds[f"F2:F{last}"] == "decimal" and kinds[f"C2:C{last}"] == "whole"
    stamp = Stamp.from_rows(
        [list(r) for r in book[STAMP_SHEET].iter_rows(values_only=True)], MOBILITES
    )
    assert stamp.recipient == "vdb-svc-mobilite" and stamp.par == "service"
    assert stamp.made_on == date.fromisoformat(DATE)
    assert stamp.revision is not None and len(stamp.revision) == 40
    model = Action.model_validate(_data(campaign.texts()["actions/mob-01.yaml"]))
    assert stamp.digests["mob-01"] == digest(model)
    assert list(stamp.digests) == ["mob-01", "mob-02", "mob-04", "mob-06"]


def test_other_recipients_through_the_command(campaign: Campaign, tmp_path: Path) -> None:
    out = tmp_path / "relais"
    code, _, err = pcaet(
        "collecte", "preparer", "-r", str(campaign.register), "--par", "relais",
        "--output", str(out),
    )  # fmt: skip
    assert code == 0, err
    manifest = json.loads((out / "collecte.json").read_text(encoding="utf-8"))
    entries = manifest["classeurs"]
    assert entries and all(e["par"] == "relais" for e in entries.values())
    index = RegisterIndex.build(load_register(campaign.register).documents)
    assert {e["destinataire"]: e["actions"] for e in entries.values()} == {
        r.ident: list(r.actions) for r in recipients(index, "relais")
    }


@pytest.mark.parametrize("par", ["relais", "partenaire", "pilote"])
def test_other_recipients(par: str) -> None:
    # Who gets a workbook: the command above writes one per recipient found here.
    index = RegisterIndex.build(load_register(EXAMPLE).documents)
    found = recipients(index, par)
    assert found and len({r.ident for r in found}) == len(found)
    if par == "pilote":
        assert sum(len(r.actions) for r in found) == 54  # every action has one pilot
    if par == "partenaire":
        velo = [r for r in found if r.ident == "asso-brume-a-velo"]
        assert velo and "mob-01" in velo[0].actions


def test_refusals_without_traceback(campaign: Campaign, tmp_path: Path) -> None:
    other = tmp_path / "autre.xlsx"
    openpyxl.Workbook().save(other)
    code, _, err = campaign.integrate(str(other))
    assert code == 2
    assert "ce n'est pas un classeur de collecte de pcaet" in err
    forged = tmp_path / "faux.xlsx"
    forged.write_bytes(b"PK\x03\x04 pas une archive")
    code, _, err = campaign.integrate(str(forged))
    assert code == 2 and "classeur illisible" in err
    code, _, err = pcaet("collecte", "preparer", "-r", str(campaign.register), "--par", "service")
    assert code == 2 and "--output" in err
    code, _, err = pcaet(
        "collecte", "preparer", "-r", str(campaign.register), "--par", "service",
        "--output", str(campaign.out),
    )  # fmt: skip
    assert code == 2 and "existe déjà : ajoutez --force" in err
    code, _, err = pcaet(
        "collecte", "preparer", "-r", str(campaign.register), "--par", "service",
        "--output", str(campaign.register / "actions"),
    )  # fmt: skip
    assert code == 2 and "hors du registre" in err
    code, _, err = campaign.integrate(str(campaign.out / MOBILITES), "--par", "service")
    assert code == 2 and "--par ne sert pas" in err


def test_renamed_column_is_refused(campaign: Campaign) -> None:
    first = campaign.edit(MOBILITES, {"Actions": {"E1": "État"}})
    code, _, err = campaign.integrate(str(first))
    assert code == 2
    assert "service-mobilites.xlsx!Actions : colonne « Statut » introuvable" in err


def test_non_canonical_file_keeps_its_other_lines(campaign: Campaign) -> None:
    """A file not in `pcaet fmt`'s form: only the changed line moves."""
    path = campaign.register / "actions/mob-02.yaml"
    odd = path.read_text("utf-8").replace("date_debut:", "date_debut:   ", 1)
    path.write_text(odd, "utf-8")
    shutil.copy(path, path.with_suffix(".bak"))
    path.with_suffix(".bak").unlink()
    # The workbook was made before: prepare again so that the digest matches.
    code, _, err = pcaet(
        "collecte", "preparer", "-r", str(campaign.register), "--par", "service",
        "--output", str(campaign.out), "--date", DATE, "--force",
    )  # fmt: skip
    assert code == 0, err
    first = campaign.edit(MOBILITES, {"Actions": {"H3": datetime(2029, 6, 30)}})
    code, _, err = campaign.integrate(str(first))
    assert code == 0, err
    assert _diff(odd, path.read_text("utf-8")) == (
        ["date_fin: 2029-12-31"],
        ["date_fin: 2029-06-30"],
    )


def test_pilots_offered_are_those_near_the_recipient(campaign: Campaign) -> None:
    # The service's own actors and partners, and the services of their territories —
    # not every actor of the register (a region's would be thousands per workbook).
    book = openpyxl.load_workbook(campaign.out / MOBILITES)
    offered = [c.value for c in book["Listes"]["A"][1:] if c.value]
    assert "Service mobilités (vdb-svc-mobilite)" in offered
    assert "CCI de Maine-et-Loire (cci-maine-et-loire)" in offered  # the pilot of mob-04
    everyone = len(list((campaign.register / "acteurs").glob("*.yaml")))
    assert 3 <= len(offered) < everyone
    # Not an actor far from it: another EPCI's planning service, a chamber it never met.
    assert not any("(cot-svc-amenagement)" in str(o) for o in offered)
    assert not any("(chambre-agriculture)" in str(o) for o in offered)
