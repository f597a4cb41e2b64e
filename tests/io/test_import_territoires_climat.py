"""`pcaet import --format territoires-climat`: ADEME's open data (V2 programme JSON, its
entête CSV, Fiches_Action.csv), with made-up démarches and names."""

from __future__ import annotations

import csv
import json
import random
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.io.import_territoires_climat import guess_nature
from pcaet_cli.lint.engine import LintRequest, run_lint
from tests.conftest import import_rows

runner = CliRunner()

ENTETE = [
    "Id",
    "Date_creation",
    "Date_modification",
    "Date_lancement",
    "Type_demarche",
    "Nom",
    "Description_rapide",
    "SIREN collectivites_coporteuses",
    "Collectivités porteuses",
    "Population_couverte",
    "Demarche_etat",
    "Chef_de_projet",
    "Contact",
    "Elu_referent",
    "Commentaire_statut",
    "Date_reception_projet",
    "Date_envoi_avis_dreal",
    "Date_envoi_avis_cr",
    "Oblige",
    "Autres_démarches_hors_EC",
    "Autres_demarches",
]
FICHES = [
    "Id_action",
    "Id_demarche",
    "Nom_demarche",
    "Intitule_action",
    "Description_action",
    "Date_lancement",
    "Collectivites_coporteuses",
    "Population_couverte",
    "Contact_principal",
    "Contact",
    "Commentaire_statut",
    "Commentaire_conclusion",
    "Secteur",
    "Type_de_porteur",
    "Type_action",
    "Cible_action",
]


def action(titre: str, secteurs: list[str], volets: list[str], porteurs: list[str]) -> Any:
    return {
        "intitule": titre,
        "secteurs": [{"secteur": {"libelle": s}} for s in secteurs],
        "volets": [{"libelle": v} for v in volets],
        "typesPorteur": [{"libelle": p} for p in porteurs],
    }


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, header, delimiter=";")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    programme = [
        {
            "id": 101,
            "typesDemarche": [{"libcourt": "PCAET"}],
            "actions": [
                action(
                    "Rénover les écoles",
                    ["Industrie  branche énergie", "Residentiel", "Inconnu"],
                    ["Atténuation", "Qualite de l'air"],
                    ["Collectivité porteuse", "Entreprise"],
                ),
                action("   ", [], [], []),
                action("2.1", [], ["Adaptation"], []),
            ],
        },
        {
            "id": 102,
            "typesDemarche": [{"libcourt": "PCAET"}],
            "actions": [action("oui", [], [], [])],
        },
    ]
    json_path = tmp_path / "Demarches_PCAET_Programme_Actions_V2.json"
    json_path.write_text(json.dumps(programme, ensure_ascii=False), encoding="utf-8")
    entete = write_csv(
        tmp_path / "Demarches_PCAET_V2_entete.csv",
        ENTETE,
        [
            {
                "Id": "101",
                "Date_lancement": "15/03/2019",
                "Type_demarche": "PCAET",
                "Nom": "PCAET du Val Fictif",
                "SIREN collectivites_coporteuses": "200000172 | 123456789",
                "Collectivités porteuses": (
                    "Communauté de communes du Val Fictif | Commune de Nulle-Part"
                ),
                "Demarche_etat": "Mise en oeuvre",
                "Chef_de_projet": "Jeanne Essai",
                "Contact": "jeanne.essai@example.org",
                "Elu_referent": "Paul Test",
                "Oblige": "O",
                "Description_rapide": "Ligne 1\nLigne 2",
            },
            {
                "Id": "103",
                "Nom": "PCAET du Pays Imaginaire",
                "SIREN collectivites_coporteuses": "200000172",
                "Collectivités porteuses": "Communauté de communes du Val Fictif",
                "Demarche_etat": "En cours d'élaboration",
                "Oblige": "V",
            },
        ],
    )
    return [json_path, entete]


def load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def run_import(paths: list[Path], into: Path, *extra: str) -> Any:
    args = ["import", *map(str, paths), "--into", str(into), *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result


def test_v2_json_with_entete(inputs: list[Path], tmp_path: Path) -> None:
    into = tmp_path / "r"
    out = run_import(inputs, into).stdout
    assert sorted(p.name for p in (into / "register/plans").iterdir()) == [
        "demarche-102.yaml",
        "pcaet-du-pays-imaginaire.yaml",
        "pcaet-du-val-fictif.yaml",
    ]
    plan = load(into / "register/plans/pcaet-du-val-fictif.yaml")
    assert plan == {
        "nom": "PCAET du Val Fictif",
        "type": "PCAET",
        "porteur": "communaute-de-communes-du-val-fictif",
        "perimetre": ["communaute-de-communes-du-val-fictif", "commune-de-nulle-part"],
        "obligation": "obligatoire",
        "date_debut": date(2019, 3, 15),
        "statut": "mise_en_oeuvre",
    }
    # The same collectivity in two démarches is one territory.
    other = load(into / "register/plans/pcaet-du-pays-imaginaire.yaml")
    assert other["porteur"] == "communaute-de-communes-du-val-fictif"
    assert other["statut"] == "elaboration" and other["obligation"] == "volontaire"
    assert load(into / "register/territoires/communaute-de-communes-du-val-fictif.yaml") == {
        "nom": "Communauté de communes du Val Fictif",
        "nature": "CC",
        "siren": "200000172",
    }
    assert load(into / "register/territoires/commune-de-nulle-part.yaml") == {
        "nom": "Commune de Nulle-Part",
        "nature": "COM",
    }
    first = load(into / "register/actions/d101-001.yaml")
    assert first == {
        "titre": "Rénover les écoles",
        "description": "Type de porteur : Entreprise",
        "plans": {"pcaet-du-val-fictif": None},
        "echelon": "communaute-de-communes-du-val-fictif",
        "secteurs": ["Branche énergie", "Résidentiel"],
        "volets": ["Atténuation", "Qualité de l'air"],
    }
    assert not (into / "register/actions/d101-002.yaml").exists()
    assert load(into / "register/actions/d101-003.yaml")["titre"] == "2.1"
    assert load(into / "register/actions/d102-001.yaml")["titre"] == "oui"
    assert not (into / "register/acteurs").exists()

    rows = import_rows(out)
    assert rows["démarche 101 / action 2"] == ("refusée", "action sans intitulé", [])
    assert rows["démarche 101 / action 1"][0] == "créée"
    assert "secteurs « Inconnu » non reconnu, non repris" in rows["démarche 101 / action 1"][2]
    assert "démarche 101 / action 1, secteurs : « Residentiel » → « Résidentiel »" in out
    assert "démarche 101 / action 1, volets : « Qualite de l'air » → « Qualité de l'air »" in out
    assert "SIREN « 123456789 » invalide, non repris" in rows["démarche 101"][2]
    assert "démarche 102 : absente du fichier d'entête, nom inventé" in out
    assert "1 contact(s)" in out and "--avec-contacts" in out
    assert "jeanne" not in "".join(p.read_text() for p in into.rglob("*.yaml")).lower()

    run = run_lint(LintRequest(into, today=date(2026, 11, 29)))
    bad = [d for d in run.result.diagnostics if d.code[0] in "SYR" and d.severity == "error"]
    assert bad == []


def test_contacts_only_on_request(inputs: list[Path], tmp_path: Path) -> None:
    into = tmp_path / "r"
    run_import(inputs, into, "--avec-contacts")
    assert load(into / "register/acteurs/jeanne-essai.yaml") == {
        "nom": "Jeanne Essai",
        "type": "personne",
        "poste": "Chef de projet PCAET",
        "territoire": "communaute-de-communes-du-val-fictif",
        "email": "jeanne.essai@example.org",
    }
    assert load(into / "register/acteurs/paul-test.yaml")["type"] == "elu"
    run = run_lint(LintRequest(into, today=date(2026, 11, 29)))
    assert [d for d in run.result.diagnostics if d.code[0] in "SYR" and d.severity == "error"] == []


def test_fiches_action_csv(inputs: list[Path], tmp_path: Path) -> None:
    fiches = write_csv(
        tmp_path / "Fiches_Action.csv",
        FICHES,
        [
            {
                "Id_action": "9001",
                "Id_demarche": "103",
                "Nom_demarche": "PCAET du Pays Imaginaire",
                "Intitule_action": "Plateforme de rénovation",
                "Description_action": "Accompagner; conseiller\n« : » et 01004",
                "Date_lancement": "01/09/2021",
                "Contact_principal": "Lucie Fictive",
                "Secteur": "Résidentiel | Tertiaire",
                "Type_de_porteur": "Collectivité porteuse",
                "Type_action": "Accompagnement | Etude",
                "Cible_action": "Grand public | Acteurs economiques",
            }
        ],
    )
    into = tmp_path / "r"
    out = run_import([inputs[1], fiches], into).stdout
    fiche = load(into / "register/actions/d103-001.yaml")
    assert fiche == {
        "titre": "Plateforme de rénovation",
        "description": "Accompagner; conseiller\n« : » et 01004",
        "plans": {"pcaet-du-pays-imaginaire": None},
        "echelon": "communaute-de-communes-du-val-fictif",
        "date_debut": date(2021, 9, 1),
        "secteurs": ["Résidentiel", "Tertiaire"],
        "type_action": ["Accompagnement", "Etude"],
        "cibles": ["Grand public", "Acteurs économiques"],
    }
    assert import_rows(out)["Fiches_Action.csv / action 9001"] == (
        "créée",
        "actions/d103-001.yaml — « Plateforme de rénovation »",
        [],
    )
    assert "« Acteurs economiques » → « Acteurs économiques »" in out


def test_auto_detection_and_dry_run(inputs: list[Path], tmp_path: Path) -> None:
    into = tmp_path / "r"
    result = runner.invoke(app, ["import", *map(str, inputs), "--into", str(into), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Import territoires-climat" in result.stdout
    assert not into.exists()


def test_programme_with_an_action_that_is_not_an_object_then_its_entete(
    tmp_path: Path,
) -> None:
    # The entête, read after the programme, once looked for the title of every action
    # read so far, and failed on the one the programme gave as a text.
    programme = tmp_path / "Demarches_PCAET_Programme_Actions_V2.json"
    programme.write_text(
        json.dumps([{"id": 7, "actions": ["pas une action", {"intitule": "Vélo"}]}]),
        encoding="utf-8",
    )
    entete = write_csv(tmp_path / "entete.csv", ENTETE, [{"Id": "7", "Nom": "Plan sept"}])
    into = tmp_path / "r"
    out = run_import([programme, entete], into).stdout
    assert import_rows(out)["démarche 7 / action 1"] == (
        "refusée",
        "action sans intitulé",
        ["action : un texte, attendu un objet"],
    )
    assert load(into / "register/actions/d7-002.yaml")["plans"] == {"plan-sept": None}


def test_plan_types_are_matched_like_every_vocabulary(tmp_path: Path) -> None:
    # An old « PCET » is read as PCAET, and said; an unknown type is « autre », and said.
    entete = write_csv(
        tmp_path / "Demarches_PCAET_V2_entete.csv",
        ENTETE,
        [
            {"Id": "401", "Nom": "Plan ancien", "Type_demarche": "PCET"},
            {"Id": "402", "Nom": "Plan inconnu", "Type_demarche": "Agenda 21"},
            {"Id": "403", "Nom": "Plan exact", "Type_demarche": "CRTE"},
        ],
    )
    into = tmp_path / "r"
    out = run_import([entete], into, "--format", "territoires-climat").stdout
    assert load(into / "register/plans/plan-ancien.yaml")["type"] == "PCAET"
    assert load(into / "register/plans/plan-inconnu.yaml")["type"] == "autre"
    assert load(into / "register/plans/plan-exact.yaml")["type"] == "CRTE"
    assert "démarche 401, type : « PCET » → « PCAET »" in out
    assert import_rows(out)["démarche 402"][2] == [
        "type « Agenda 21 » non reconnu, « autre » retenu"
    ]
    assert "« CRTE »" not in out


def test_refuses_to_overwrite(inputs: list[Path], tmp_path: Path) -> None:
    into = tmp_path / "r"
    run_import(inputs, into)
    again = runner.invoke(app, ["import", *map(str, inputs), "--into", str(into)])
    assert again.exit_code == 2
    assert "existe déjà" in again.stderr


def test_nature() -> None:
    assert guess_nature("Communauté d'agglomération du Lac") == "CA"
    assert guess_nature("PETR du Pays Vert") == "PETR"
    assert guess_nature("Métropole Fictive") == "METRO"
    assert guess_nature("Syndicat mixte du Bassin") == "SMF"
    assert guess_nature("Les Collines") is None


SECTEURS = [
    "Résidentiel",
    "Tertiaire",
    "Transport routier",
    "Agriculture",
    "Industrie  branche énergie",
    "Déchets",
    "Aménagement / urbanisme",
]


def ademe_sized(folder: Path, plans: int = 400, actions: int = 11_000) -> list[Path]:
    """A generated programme the size of ADEME's export (made-up content)."""
    rng = random.Random(20261129)
    per_plan = [actions // plans] * plans
    for index in range(actions - sum(per_plan)):
        per_plan[index] += 1
    programme = []
    rows = []
    for number, count in enumerate(per_plan, start=1):
        programme.append(
            {
                "id": number,
                "typesDemarche": [{"libcourt": "PCAET"}],
                "actions": [
                    action(
                        f"Action {n} de la démarche {number} : rénover, informer",
                        rng.sample(SECTEURS, 2),
                        ["Atténuation"],
                        ["Collectivité porteuse"],
                    )
                    for n in range(1, count + 1)
                ],
            }
        )
        rows.append(
            {
                "Id": str(number),
                "Nom": f"PCAET de la Communauté de communes numéro {number}",
                "Collectivités porteuses": f"Communauté de communes numéro {number}",
                "Demarche_etat": "Mise en oeuvre",
                "Date_lancement": "01/01/2020",
                "Oblige": "O",
            }
        )
    json_path = folder / "programme.json"
    json_path.write_text(json.dumps(programme, ensure_ascii=False), encoding="utf-8")
    return [json_path, write_csv(folder / "entete.csv", ENTETE, rows)]


@pytest.mark.slow
def test_ademe_sized_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = ademe_sized(tmp_path)
    into = tmp_path / "r"
    start = time.perf_counter()
    run_import(inputs, into)
    elapsed = time.perf_counter() - start
    assert len(list((into / "register/actions").iterdir())) == 11_000
    assert len(list((into / "register/plans").iterdir())) == 400
    lint_start = time.perf_counter()
    run = run_lint(LintRequest(into, today=date(2026, 11, 29)))
    lint_elapsed = time.perf_counter() - lint_start
    assert [d for d in run.result.diagnostics if d.code[0] in "SYR" and d.severity == "error"] == []
    with capsys.disabled():
        print(
            f"\nimport ADEME (11 000 actions, 400 plans) : {elapsed:.1f} s ; "
            f"lint : {lint_elapsed:.1f} s"
        )


def test_v1_thematic_files_with_packed_programme(tmp_path: Path) -> None:
    # The same démarche appears in every thematic file with its whole programme.
    programme = (
        "Réseau de chaleur bois¤Industrie  branche énergie#Résidentiel¤Collectivité porteuse"
        "|Covoiturage¤Transport routier¤Association#Entreprise"
    )
    row = {
        "Id": "201",
        "Nom": "PCAET du Bourg Fictif",
        "Oblige": "V",
        "Collectivités porteuses": "Communauté de communes du Bourg Fictif",
        "Programme d'actions": programme,
    }
    paths = [
        write_csv(
            tmp_path / f"Demarches_PCAET_V1_{theme}.csv", [*ENTETE, "Programme d'actions"], [row]
        )
        for theme in ("enr", "mobilite")
    ]
    into = tmp_path / "r"
    run_import(paths, into)
    actions = {load(p)["titre"]: load(p) for p in sorted((into / "register/actions").iterdir())}
    assert sorted(actions) == ["Covoiturage", "Réseau de chaleur bois"]  # once each
    assert actions["Réseau de chaleur bois"]["secteurs"] == ["Branche énergie", "Résidentiel"]
    assert actions["Covoiturage"]["secteurs"] == ["Transport routier"]
    assert all(a["plans"] == {"pcaet-du-bourg-fictif": None} for a in actions.values())


def test_v1_actions_repeated_across_thematic_files_are_reported_merged(tmp_path: Path) -> None:
    # Every source row has its line in the report: the second file's copy of an action
    # is merged into the first, and counted as such.
    row = {
        "Id": "201",
        "Nom": "PCAET du Bourg Fictif",
        "Programme d'actions": "Covoiturage¤Transport routier¤Association|Haies¤Agriculture¤",
    }
    paths = [
        write_csv(tmp_path / f"V1_{theme}.csv", [*ENTETE, "Programme d'actions"], [row])
        for theme in ("enr", "mobilite")
    ]
    result = runner.invoke(
        app, ["import", *map(str, paths), "--dry-run", "--format-rapport", "json"]
    )
    assert result.exit_code == 0, result.output
    lines = {
        (line["source"], line["statut"], line["detail"])
        for line in json.loads(result.stdout)["lignes"]
    }
    assert {
        ("V1_enr.csv / démarche 201 / action 1", "créée", "« Covoiturage »"),
        ("V1_enr.csv / démarche 201 / action 2", "créée", "« Haies »"),
        (
            "V1_mobilite.csv / démarche 201 / action 1",
            "fusionnée",
            "même action que V1_enr.csv / démarche 201 / action 1",
        ),
        (
            "V1_mobilite.csv / démarche 201 / action 2",
            "fusionnée",
            "même action que V1_enr.csv / démarche 201 / action 2",
        ),
    } <= lines
    text = runner.invoke(app, ["import", *map(str, paths), "--dry-run"]).stdout
    assert "Lignes lues : 5 — 3 créées, 2 fusionnées, 0 ignorée, 0 refusée" in text
