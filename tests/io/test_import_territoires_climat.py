"""`pcaet import --format territoires-climat`: ADEME's open data (V2 programme JSON, its
entête CSV, Fiches_Action.csv), with made-up démarches and names."""

from __future__ import annotations

import csv
import json
import random
import re
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.io.import_territoires_climat import CIBLES_TC
from pcaet_cli.io.territoires_climat_collectivites import nature_of
from pcaet_cli.io.territoires_climat_files import ENTETE_COLUMNS, ENTETE_IGNORED, FICHES_COLUMNS
from pcaet_cli.lint.engine import LintRequest, run_lint
from pcaet_cli.model.vocab import Cible
from tests.conftest import REPO, import_rows

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


STATUSES = ("créée", "fusionnée", "ignorée", "refusée")
Line = tuple[str, list[str], str, list[str]]


def report_of(paths: list[Path], *extra: str) -> dict[str, Line]:
    """The JSON report of a dry run, its totals checked against its lines: every row read
    is one line, and the statuses add up to the rows read."""
    args = ["import", *map(str, paths), "--dry-run", "--format-rapport", "json", *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    lines, totals = document["lignes"], document["totaux"]
    assert totals["lues"] == len(lines) == len({line["source"] for line in lines})
    assert totals["lues"] == sum(totals[status] for status in STATUSES)
    for status in STATUSES:
        assert totals[status] == sum(1 for line in lines if line["statut"] == status)
    return {
        line["source"]: (line["statut"], line["fichiers"], line["detail"], line["remarques"])
        for line in lines
    }


JSON_NAME = "Demarches_PCAET_Programme_Actions_V2.json"
ENTETE_NAME = "Demarches_PCAET_V2_entete.csv"


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
    # The quick description has no field in a plan: it heads the file, on one line.
    text = (into / "register/plans/pcaet-du-val-fictif.yaml").read_text(encoding="utf-8")
    assert (
        "# Démarche 101 de Territoires & Climat (ADEME).\n# Description : Ligne 1 Ligne 2\n" in text
    )
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
    element = f"{JSON_NAME} / démarche 101"
    assert rows[f"{element} / action 2"] == ("refusée", "action sans intitulé", [])
    assert rows[f"{element} / action 1"][0] == "créée"
    assert "secteurs « Inconnu » non reconnu, non repris" in rows[f"{element} / action 1"][2]
    assert f"{element} / action 1, secteurs : « Residentiel » → « Résidentiel »" in out
    assert f"{element} / action 1, volets : « Qualite de l'air » → « Qualité de l'air »" in out
    entete_row = rows[f"{ENTETE_NAME} / ligne 2"]
    assert entete_row[0] == "créée"
    assert entete_row[1] == (
        "plans/pcaet-du-val-fictif.yaml, territoires/communaute-de-communes-du-val-fictif.yaml, "
        "territoires/commune-de-nulle-part.yaml — plan « PCAET du Val Fictif »"
    )
    assert entete_row[2] == [
        # The fixture borrows a real SIREN: the table's nature and name are said.
        "« Communauté de communes du Val Fictif » : SIREN 200000172 connu de la table des "
        "collectivités : « CC Faucigny - Glières », nature CC",
        "SIREN « 123456789 » invalide, non repris",
        "« Commune de Nulle-Part » : nature COM déduite de « commune » ; vérifiez-la",
    ]
    # The element joined to its entête row adds its type and actions to that plan.
    assert rows[element] == (
        "fusionnée",
        "plans/pcaet-du-val-fictif.yaml — même démarche que "
        f"{ENTETE_NAME} / ligne 2 : type et actions rattachés à son plan",
        [],
    )
    assert rows[f"{JSON_NAME} / démarche 102"] == (
        "créée",
        "plans/demarche-102.yaml — plan « Démarche 102 »",
        ["démarche absente des fichiers d'entête : nom « Démarche 102 » inventé"],
    )
    assert rows[f"{ENTETE_NAME} / ligne 3"][2] == ["type de démarche absent : PCAET supposé"]
    assert "1 contact(s)" in out and "--avec-contacts" in out
    assert "Date_creation (date de saisie sur la plateforme, pas du plan)" in out
    assert "jeanne" not in "".join(p.read_text() for p in into.rglob("*.yaml")).lower()

    run = run_lint(LintRequest(into, today=date(2026, 11, 29)))
    bad = [d for d in run.result.diagnostics if d.code[0] in "SYR" and d.severity == "error"]
    assert bad == []


def test_every_row_read_has_one_line(inputs: list[Path]) -> None:
    # 2 entête rows, 2 elements, 4 actions: 8 rows, each with its one outcome.
    got = report_of(inputs)
    element = f"{JSON_NAME} / démarche"
    assert {source: line[0] for source, line in got.items()} == {
        f"{ENTETE_NAME} / ligne 2": "créée",
        f"{ENTETE_NAME} / ligne 3": "créée",
        f"{element} 101": "fusionnée",
        f"{element} 101 / action 1": "créée",
        f"{element} 101 / action 2": "refusée",
        f"{element} 101 / action 3": "créée",
        f"{element} 102": "créée",
        f"{element} 102 / action 1": "créée",
    }


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
    # The project lead is the chargé de mission of the collectivity that carries the plan.
    territory = load(into / "register/territoires/communaute-de-communes-du-val-fictif.yaml")
    assert territory["charge_de_mission"] == "jeanne-essai"
    assert load(into / "register/acteurs/paul-test.yaml")["type"] == "elu"
    run = run_lint(LintRequest(into, today=date(2026, 11, 29)))
    assert [d for d in run.result.diagnostics if d.code[0] in "SYR" and d.severity == "error"] == []
    assert not [d for d in run.result.diagnostics if d.code == "R006" and "jeanne" in d.path]


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
                "Commentaire_statut": "Lancée en 2021",
                "Commentaire_conclusion": "300 ménages accompagnés",
                "Secteur": "Résidentiel | Tertiaire",
                "Type_de_porteur": "Collectivité porteuse",
                "Type_action": "Accompagnement | Etude",
                "Cible_action": "Grand public | Acteurs economiques | Agriculteurs | Élus",
            }
        ],
    )
    into = tmp_path / "r"
    out = run_import([inputs[1], fiches], into).stdout
    fiche = load(into / "register/actions/d103-001.yaml")
    assert fiche == {
        "titre": "Plateforme de rénovation",
        "description": "Accompagner; conseiller\n« : » et 01004\n\n"
        "Commentaire de statut : Lancée en 2021\n\nConclusion : 300 ménages accompagnés",
        "plans": {"pcaet-du-pays-imaginaire": None},
        "echelon": "communaute-de-communes-du-val-fictif",
        "date_debut": date(2021, 9, 1),
        "secteurs": ["Résidentiel", "Tertiaire"],
        "type_action": ["Accompagnement", "Etude"],
        "cibles": [
            "Acteurs économiques du secteur primaire",
            "Elus locaux",
            "Grand public",
            "Acteurs économiques",
        ],
    }
    assert import_rows(out)["Fiches_Action.csv / ligne 2 (action 9001)"] == (
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
    assert import_rows(out)[f"{JSON_NAME} / démarche 7 / action 1"] == (
        "refusée",
        "action sans intitulé",
        ["action : un texte, attendu un objet"],
    )
    assert load(into / "register/actions/d7-002.yaml")["plans"] == {"plan-sept": None}


def test_plan_types_are_matched_like_every_vocabulary(tmp_path: Path) -> None:
    # An old « PCET » is read as PCAET, and said; an unknown type is « autre », and said;
    # a compound type is the PCAET it names, and said.
    entete = write_csv(
        tmp_path / "Demarches_PCAET_V2_entete.csv",
        ENTETE,
        [
            {"Id": "401", "Nom": "Plan ancien", "Type_demarche": "PCET"},
            {"Id": "402", "Nom": "Plan inconnu", "Type_demarche": "Agenda 21"},
            {"Id": "403", "Nom": "Plan exact", "Type_demarche": "CRTE"},
            {"Id": "404", "Nom": "Plan labellisé", "Type_demarche": "Cit'ergie | PCAET"},
            {"Id": "405", "Nom": "Plan double", "Type_demarche": "Agenda 21 | CRTE"},
        ],
    )
    into = tmp_path / "r"
    out = run_import([entete], into, "--format", "territoires-climat").stdout
    assert load(into / "register/plans/plan-ancien.yaml")["type"] == "PCAET"
    assert load(into / "register/plans/plan-inconnu.yaml")["type"] == "autre"
    assert load(into / "register/plans/plan-exact.yaml")["type"] == "CRTE"
    assert load(into / "register/plans/plan-labellise.yaml")["type"] == "PCAET"
    assert load(into / "register/plans/plan-double.yaml")["type"] == "CRTE"
    rows = import_rows(out)
    assert f"{ENTETE_NAME} / ligne 2, type : « PCET » → « PCAET »" in out
    assert rows[f"{ENTETE_NAME} / ligne 3"][2] == [
        "type « Agenda 21 » non reconnu, « autre » retenu"
    ]
    assert (
        "type composé « Cit'ergie | PCAET » : PCAET retenu" in rows[f"{ENTETE_NAME} / ligne 5"][2]
    )
    assert "type composé « Agenda 21 | CRTE » : CRTE retenu" in rows[f"{ENTETE_NAME} / ligne 6"][2]
    assert "« CRTE »" not in out


def test_refuses_to_overwrite(inputs: list[Path], tmp_path: Path) -> None:
    into = tmp_path / "r"
    run_import(inputs, into)
    again = runner.invoke(app, ["import", *map(str, inputs), "--into", str(into)])
    assert again.exit_code == 2
    assert "existe déjà" in again.stderr


def test_nature_from_the_reference_table_then_the_legal_words() -> None:
    # A known SIREN: nature (and official name) from the table, whatever the name says.
    nature, note, known = nature_of("CC du Pays de Gex", "240100750")
    assert (nature, known and known.siren) == ("CA", "240100750")
    assert note is not None and "SIREN 240100750 connu" in note and "nature CA" in note
    # No SIREN: a single match of the name in the table.
    nature, note, known = nature_of("Grand Chambéry", None)
    assert nature == "CA" and known is not None and known.siren is not None
    assert note is not None and "reconnue par son nom" in note
    # Not in the table: the legal words decide, with a documented precedence.
    assert nature_of("PETR du Pays Vert", None)[:1] == ("PETR",)
    assert nature_of("Syndicat mixte du Bassin", None)[0] == "SMF"
    assert nature_of("CC du Pays Imaginaire", None)[0] == "CC"
    assert nature_of("Les Collines", "200000000") == (
        "CC",
        "« Les Collines » : nature inconnue, CC supposée ; vérifiez-la",
        None,
    )


def test_csv_of_another_kind_is_refused_by_name(tmp_path: Path) -> None:
    other = tmp_path / "autre.csv"
    other.write_text("Id_truc;Nom\n1;x\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(other), "-f", "territoires-climat", "--dry-run"])
    assert result.exit_code == 2
    assert "autre.csv : ni fichier d'entête (colonne Id) ni Fiches_Action" in result.stderr
    assert "Traceback" not in result.output


# ------------------------------------------------------------- keep, don't merge (#13)


def test_same_title_with_other_content_is_two_actions(tmp_path: Path) -> None:
    # Real files: the dropped copy of a same-titled action often had other sectors.
    programme = tmp_path / JSON_NAME
    programme.write_text(
        json.dumps(
            [
                {
                    "id": 11,
                    "actions": [
                        action("Rénover", ["Résidentiel"], [], []),
                        action("Rénover", ["Tertiaire"], [], []),
                        action("Rénover", ["Résidentiel"], [], []),
                    ],
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    got = report_of([programme])
    first, second, third = (f"{JSON_NAME} / démarche 11 / action {n}" for n in (1, 2, 3))
    assert got[first][:3] == ("créée", ["actions/d11-001.yaml"], "« Rénover »")
    assert got[second][:3] == ("créée", ["actions/d11-002.yaml"], "« Rénover »")
    assert got[first][3] == [
        f"même intitulé que {second} (actions/d11-002.yaml), contenu différent (secteurs) : "
        "deux actions distinctes ; vérifiez"
    ]
    assert got[second][3] == [
        f"même intitulé que {first} (actions/d11-001.yaml), contenu différent (secteurs) : "
        "deux actions distinctes ; vérifiez"
    ]
    # Identical to the first in everything: one action, the row merged into its file.
    assert got[third][:3] == ("fusionnée", ["actions/d11-001.yaml"], f"identique à {first}")
    # Lint says it again at every run, naming the other file.
    into = tmp_path / "r"
    run_import([programme], into)
    run = run_lint(LintRequest(into, select=["P022"], today=date(2026, 11, 29)))
    shown = [(Path(d.path).name, d.message.replace(f"{into}/", "")) for d in run.result.diagnostics]
    assert shown == [
        (
            "d11-002.yaml",
            "même intitulé « Rénover » que register/actions/d11-001.yaml, dans le plan "
            "« demarche-11 »",
        )
    ]


V1_HEADER = [*ENTETE, "Programme d'actions"]


def test_v1_thematic_files_with_packed_programme(tmp_path: Path) -> None:
    # The same démarche appears in every thematic file with its whole programme.
    programme = (
        "Réseau de chaleur bois¤Industrie  branche énergie#Résidentiel¤Collectivité porteuse"
        "|Covoiturage¤Transport routier¤Association#Entreprise|"
    )
    row = {
        "Id": "201",
        "Nom": "PCAET du Bourg Fictif",
        "Oblige": "V",
        "Collectivités porteuses": "Communauté de communes du Bourg Fictif",
        "Programme d'actions": programme,
    }
    paths = [
        write_csv(tmp_path / f"Demarches_PCAET_V1_{theme}.csv", V1_HEADER, [row])
        for theme in ("enr", "mobilite")
    ]
    into = tmp_path / "r"
    run_import(paths, into)
    actions = {load(p)["titre"]: load(p) for p in sorted((into / "register/actions").iterdir())}
    assert sorted(actions) == ["Covoiturage", "Réseau de chaleur bois"]  # once each
    assert actions["Réseau de chaleur bois"]["secteurs"] == ["Branche énergie", "Résidentiel"]
    assert actions["Covoiturage"]["secteurs"] == ["Transport routier"]
    assert all(a["plans"] == {"pcaet-du-bourg-fictif": None} for a in actions.values())


def test_v1_rows_repeated_across_thematic_files_are_merged(tmp_path: Path) -> None:
    # Every source row has its line: the second file's entête row and its copies of the
    # actions are merged into the first's files, and say why; a packed action without
    # title but with sectors is refused, not dropped; a trailing separator is no action.
    row = {
        "Id": "201",
        "Nom": "PCAET du Bourg Fictif",
        "Programme d'actions": "Covoiturage¤Transport routier¤Association|Haies¤Agriculture¤"
        "|¤Résidentiel¤|",
    }
    changed = {**row, "Demarche_etat": "Définitif"}
    paths = [
        write_csv(tmp_path / "V1_enr.csv", V1_HEADER, [row]),
        write_csv(tmp_path / "V1_mobilite.csv", V1_HEADER, [row]),
        write_csv(tmp_path / "V1_zones.csv", V1_HEADER, [changed]),
    ]
    got = report_of(paths)
    enr, mob, zones = (f"V1_{t}.csv / ligne 2" for t in ("enr", "mobilite", "zones"))
    assert got[enr][:3] == (
        "créée",
        ["plans/pcaet-du-bourg-fictif.yaml"],
        "plan « PCAET du Bourg Fictif »",
    )
    assert got[mob] == (
        "fusionnée",
        ["plans/pcaet-du-bourg-fictif.yaml"],
        f"même démarche que {enr}, identique",
        [],
    )
    assert got[zones] == (
        "fusionnée",
        ["plans/pcaet-du-bourg-fictif.yaml"],
        f"même démarche que {enr}, dont les valeurs sont retenues",
        ["valeurs différentes non reprises : Demarche_etat"],
    )
    assert got[f"{enr} / action 1"][:3] == ("créée", ["actions/d201-001.yaml"], "« Covoiturage »")
    assert got[f"{enr} / action 2"][:3] == ("créée", ["actions/d201-002.yaml"], "« Haies »")
    for copy in (mob, zones):
        assert got[f"{copy} / action 1"][:3] == (
            "fusionnée",
            ["actions/d201-001.yaml"],
            f"identique à {enr} / action 1",
        )
        assert got[f"{copy} / action 2"][:3] == (
            "fusionnée",
            ["actions/d201-002.yaml"],
            f"identique à {enr} / action 2",
        )
    assert got[f"{enr} / action 3"] == (
        "refusée",
        [],
        "action sans intitulé (ses autres champs ne sont pas repris) : complétez-le",
        [],
    )
    assert f"{enr} / action 4" not in got
    # 3 entête rows and 3 packed actions in each: 12 rows.
    assert len(got) == 12
    text = runner.invoke(app, ["import", *map(str, paths), "--dry-run"]).stdout
    assert "Lignes lues : 12 — 3 créées, 6 fusionnées, 0 ignorée, 3 refusées" in text


# -------------------------------------------------------------- order does not matter


def mixed_inputs(folder: Path) -> list[Path]:
    """V1 thematic files, a V2 entête, a programme and Fiches_Action, whose démarches
    overlap: what the order of reading could change."""
    packed = "Haies¤Agriculture¤Collectivité porteuse|Vélo¤Transport routier¤Association"
    v1 = {"Id": "301", "Nom": "PCAET des Haies", "Programme d'actions": packed}
    programme = folder / JSON_NAME
    programme.write_text(
        json.dumps(
            [
                {"id": 301, "actions": [action("Haies", ["Agriculture"], ["Adaptation"], [])]},
                {"id": 302, "actions": [action("Vélo", ["Transport routier"], [], [])]},
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return [
        write_csv(folder / "V1_mobilite.csv", V1_HEADER, [v1]),
        write_csv(folder / "V1_agriculture.csv", V1_HEADER, [{**v1, "Oblige": "V"}]),
        write_csv(
            folder / ENTETE_NAME,
            ENTETE,
            [
                {
                    "Id": "302",
                    "Nom": "PCAET du Vélo",
                    "SIREN collectivites_coporteuses": "200000172",
                    "Collectivités porteuses": "Communauté de communes du Vélo",
                }
            ],
        ),
        programme,
        write_csv(
            folder / "Fiches_Action.csv",
            FICHES,
            [
                {"Id_action": "1", "Id_demarche": "302", "Intitule_action": "Vélo"},
                {"Id_action": "2", "Id_demarche": "303", "Intitule_action": "Bus"},
                {
                    "Id_action": "3",
                    "Id_demarche": "301",
                    "Intitule_action": "Haies",
                    "Secteur": "Agriculture",
                    "Type_de_porteur": "Collectivité porteuse",
                },
            ],
        ),
    ]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_order_of_the_files_does_not_matter(tmp_path: Path) -> None:
    paths = mixed_inputs(tmp_path)
    one, other = tmp_path / "un", tmp_path / "autre"
    run_import(paths, one)
    run_import(list(reversed(paths)), other)
    written = tree(one / "register")
    assert written == tree(other / "register")
    assert len([p for p in written if p.startswith("actions/")]) == 6
    first = report_of(paths)
    assert first == report_of([paths[2], paths[4], paths[0], paths[3], paths[1]])
    # The V1 copy of the entête row and its actions, both elements, and the Fiches_Action
    # row identical to the V1 action.
    assert sum(1 for line in first.values() if line[0] == "fusionnée") == 6
    assert first["Fiches_Action.csv / ligne 4 (action 3)"][:3] == (
        "fusionnée",
        ["actions/d301-001.yaml"],
        "identique à V1_agriculture.csv / ligne 2 / action 1",
    )


# ------------------------------------------------------ rows without démarche (#13)


def test_rows_without_demarche_identifier(tmp_path: Path) -> None:
    # Refused when they name no collectivity; attached to their collectivity's own plan
    # when they do: never one fake « Démarche  » for all.
    fiches = write_csv(
        tmp_path / "Fiches_Action.csv",
        FICHES,
        [
            {
                "Id_action": "1",
                "Nom_demarche": "Plan climat de Rennes",
                "Intitule_action": "Isoler",
                "Collectivites_coporteuses": "24350013900007-Rennes Métropole",
            },
            {"Id_action": "2", "Intitule_action": "Orpheline"},
            {"Id_action": "3", "Intitule_action": "Planter", "Collectivites_coporteuses": "Nulle"},
            {
                "Id_action": "4",
                "Intitule_action": "Éclairer",
                "Collectivites_coporteuses": "243500139 - Rennes Métropole",
            },
        ],
    )
    entete = write_csv(
        tmp_path / ENTETE_NAME,
        ENTETE,
        [{"Nom": "Sans rien"}, {"Id": "", "Nom": "Encore", "Collectivités porteuses": "CC X"}],
    )
    programme = tmp_path / JSON_NAME
    programme.write_text(
        json.dumps([{"id": "", "actions": [{"intitule": "Bus"}]}, {"id": 7.5}]), "utf-8"
    )
    got = report_of([fiches, entete, programme])
    refused = "sans identifiant de démarche ni collectivité porteuse reconnue : complétez "
    refused += "l'identifiant de la démarche ou le SIREN de sa collectivité"
    for source in (
        "Fiches_Action.csv / ligne 3 (action 2)",
        "Fiches_Action.csv / ligne 4 (action 3)",
        f"{ENTETE_NAME} / ligne 2",
        f"{ENTETE_NAME} / ligne 3",
    ):
        assert got[source] == ("refusée", [], refused, []), source
    assert got[f"{JSON_NAME} / élément 1"][:3] == (
        "refusée",
        [],
        "sans identifiant de démarche (« id » vide)",
    )
    assert got[f"{JSON_NAME} / élément 1 / action 1"][:3] == (
        "refusée",
        [],
        f"sa démarche ({JSON_NAME} / élément 1) est refusée",
    )
    assert got[f"{JSON_NAME} / élément 2"][:3] == (
        "refusée",
        [],
        "« id » : 7.5, attendu un nombre entier",
    )
    rennes = got["Fiches_Action.csv / ligne 2 (action 1)"]
    assert rennes[:3] == (
        "créée",
        [
            "plans/plan-climat-de-rennes.yaml",
            "territoires/rennes-metropole.yaml",
            "actions/c243500139-001.yaml",
        ],
        "plan « Plan climat de Rennes » ; « Isoler »",
    )
    assert rennes[3][0] == (
        "sans identifiant de démarche : rattachée au plan de sa collectivité Rennes Métropole "
        "(243500139)"
    )
    assert "SIRET « 24350013900007 » : SIREN 243500139 retenu (9 premiers chiffres)" in rennes[3]
    assert got["Fiches_Action.csv / ligne 5 (action 4)"][:2] == (
        "créée",
        ["actions/c243500139-002.yaml"],
    )
    assert not any("demarche-" in f for line in got.values() for f in line[1])


def test_siret_co_carriers_population_and_cibles(tmp_path: Path) -> None:
    entete = write_csv(
        tmp_path / ENTETE_NAME,
        ENTETE,
        [
            {
                "Id": "501",
                "Nom": "PCAET de Rennes",
                "Type_demarche": "PCAET | Cit'ergie",
                "SIREN collectivites_coporteuses": "24350013900007",
                "Collectivités porteuses": "Rennes Métropole",
                "Population_couverte": "451 762",
                "Commentaire_statut": "Adopté en 2019",
            },
            {"Id": "502", "Nom": "PCAET partagé"},
        ],
    )
    fiches = write_csv(
        tmp_path / "Fiches_Action.csv",
        FICHES,
        [
            {
                "Id_action": "7",
                "Id_demarche": "501",
                "Intitule_action": "Isoler les écoles",
                "Collectivites_coporteuses": "24350013900007-Rennes Métropole",
                "Cible_action": "Habitants | Entreprises | Scolaires | Collectivités | Inconnue",
            },
            {
                "Id_action": "8",
                "Id_demarche": "502",
                "Intitule_action": "Covoiturer",
                "Collectivites_coporteuses": "20000017200003-Communauté de communes du Val "
                "Fictif | 243500139-Rennes Métropole",
            },
        ],
    )
    into = tmp_path / "r"
    out = run_import([fiches, entete], into).stdout
    assert load(into / "register/territoires/rennes-metropole.yaml") == {
        "nom": "Rennes Métropole",
        "nature": "METRO",
        "siren": "243500139",
        "population": 451762,
    }
    assert load(into / "register/territoires/communaute-de-communes-du-val-fictif.yaml") == {
        "nom": "Communauté de communes du Val Fictif",
        "nature": "CC",
        "siren": "200000172",
    }
    assert load(into / "register/plans/pcaet-de-rennes.yaml")["type"] == "PCAET"
    shared = load(into / "register/plans/pcaet-partage.yaml")
    assert shared["porteur"] == "communaute-de-communes-du-val-fictif"
    assert shared["perimetre"] == ["communaute-de-communes-du-val-fictif", "rennes-metropole"]
    text = (into / "register/plans/pcaet-de-rennes.yaml").read_text(encoding="utf-8")
    assert "# Commentaire sur l'état : Adopté en 2019\n" in text
    assert load(into / "register/actions/d501-001.yaml")["cibles"] == [
        "Grand public",
        "Acteurs économiques",
        "Public Scolaire",
        "Autres collectivités du territoire",
    ]
    rows = import_rows(out)
    entete_notes = rows[f"{ENTETE_NAME} / ligne 2"][2]
    siret = "SIRET « 24350013900007 » : SIREN 243500139 retenu (9 premiers chiffres)"
    assert siret in entete_notes
    assert "type composé « PCAET | Cit'ergie » : PCAET retenu" in entete_notes
    assert (
        "« Rennes Métropole » : SIREN 243500139 connu de la table des collectivités : "
        "nature METRO" in entete_notes
    )
    fiche_notes = rows["Fiches_Action.csv / ligne 2 (action 7)"][2]
    assert fiche_notes == [siret, "cibles « Inconnue » non reconnu, non repris"]
    assert rows["Fiches_Action.csv / ligne 3 (action 8)"][2][0] == (
        "SIRET « 20000017200003 » : SIREN 200000172 retenu (9 premiers chiffres)"
    )


def test_population_of_several_collectivities_is_noted(tmp_path: Path) -> None:
    entete = write_csv(
        tmp_path / ENTETE_NAME,
        ENTETE,
        [
            {
                "Id": "601",
                "Nom": "PCAET à deux",
                "Collectivités porteuses": "CC A | CC B",
                "Population_couverte": "30000",
            }
        ],
    )
    got = report_of([entete])
    assert (
        "Population_couverte 30000 non reprise : la démarche a 2 collectivités, le registre "
        "tient la population de chacune"
    ) in got[f"{ENTETE_NAME} / ligne 2"][3]


def test_cible_mapping_is_the_documented_one() -> None:
    # docs/import-territoires-climat.md shows the table users read: the code's own.
    doc = (REPO / "docs/import-territoires-climat.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| « (.+?) » \| (.+?) \|$", doc, re.MULTILINE))
    assert documented == {name: str(label) for name, label in CIBLES_TC.items()}
    assert set(CIBLES_TC.values()) <= set(Cible)


def test_documented_columns_are_the_columns_read() -> None:
    doc = (REPO / "docs/import-territoires-climat.md").read_text(encoding="utf-8")
    for column in (*ENTETE_COLUMNS, *ENTETE_IGNORED, *FICHES_COLUMNS):
        assert f"`{column}`" in doc, column
    assert set(ENTETE) <= set(ENTETE_COLUMNS) | set(ENTETE_IGNORED)
    assert set(FICHES) == set(FICHES_COLUMNS)


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
