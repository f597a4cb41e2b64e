"""`pcaet import --format tet`: the Territoires en Transitions template, with the awkward
variants found in real files (made-up names only)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.io.import_common import RowStatus, name_key
from pcaet_cli.io.import_values import match_vocab, parse_amount, parse_bool, parse_date, split_list
from pcaet_cli.io.yamlwrite import dump
from pcaet_cli.lint.engine import LintRequest, run_lint
from pcaet_cli.model.vocab import Priorite, Secteur, Statut
from pcaet_cli.textmatch import slug
from tests.conftest import import_rows, libreoffice_convert

runner = CliRunner()

HEADERS = [
    "Axe (x)",
    "Sous-axe (x.x)",
    "Sous-sous axe (x.x.x)",
    "Titre de la fiche action ",  # older title, trailing space
    "Titre de la sous-action",
    "Descriptif",
    "Instances de gouvernance",
    "Objectifs",
    "Indicateurs liés",
    "Structure pilote",
    "Moyens humains et techniques",
    "Partenaires",
    "Direction ou service pilote ",
    "Personne pilote",
    "Élu(e) référent(e)",  # respelt by hand
    "Participation Citoyenne",
    "Financements",
    "Financeur 1",
    "Montant € HT",
    "Financeur 2",
    "Montant € HT",
    "Financeur 3",
    "Montant € HT ",
    "Budget prévisionnel total € HT",
    "Statut",
    "Niveau de priorité",
    "Date de début",
    "Date de fin",
    "Action en amélioration continue",
    "Mesures liées",
    "Actions liées",
    "Notes",
    "Colonne ajoutée",  # extra trailing column
]
COL: dict[str, int] = {}
for _index, _header in enumerate(HEADERS):
    COL.setdefault(_header.strip(), _index)  # « Montant € HT » is the first one
COL["Élu·e référent·e"] = COL["Élu(e) référent(e)"]


def row(**cells: Any) -> list[Any]:
    values: list[Any] = [None] * len(HEADERS)
    for name, value in cells.items():
        values[COL[name]] = value
    return values


def R(mapping: dict[str, Any]) -> list[Any]:
    return row(**mapping)


ROWS: list[list[Any]] = [
    # Rows 4-5 of the blank template: instructions, then an example.
    R({"Axe (x)": "Texte libre", "Descriptif": "Texte libre", "Statut": "Liste déroulante"}),
    R({"Axe (x)": "1. Exemple d'axe", "Titre de la fiche action": "Exemple : créer un PCAET"}),
    R(
        {
            "Axe (x)": "1. Mobilité",
            "Sous-axe (x.x)": "1.1. Vélo du quotidien",
            "Titre de la fiche action": "Pistes cyclables: tranche 01004",
            "Descriptif": "Première ligne\nDeuxième ligne",
            "Instances de gouvernance": "Comité vélo",
            "Objectifs": "oui",
            "Indicateurs liés": "Km de pistes; Part modale (vélo, marche)",
            "Structure pilote": "Association Roue Libre (Nord, Sud)",
            "Partenaires": 'Agence Fictive, "Région Imaginaire, direction B", CCI Nullepart',
            "Direction ou service pilote": "Service mobilité",
            "Personne pilote": "Jeanne MARTINEZ",
            "Élu·e référent·e": "Paul DURANDEAU",
            "Participation Citoyenne": "concertation",
            "Financeur 1": "Agence Fictive",
            "Montant € HT": 12000,
            "Budget prévisionnel total € HT": 50000,
            "Statut": "en cour",
            "Niveau de priorité": "eleve",
            "Date de début": "01/03/2024",
            "Date de fin": datetime(2026, 12, 31),
            "Action en amélioration continue": "VRAI",
            "Mesures liées": "cae_4.1.1, cae 4.2, mesure maison",
            "Actions liées": "2.1, Inconnue",
            "Notes": "À revoir",
            "Colonne ajoutée": "rien",
        }
    ),
    R(
        {
            "Axe (x)": "1. Mobilité",
            "Sous-axe (x.x)": "1.1. Vélo du quotidien",
            "Titre de la fiche action": "oui",
            "Direction ou service pilote": "Service  Mobilité",
            "Personne pilote": "MARTINEZ Jeanne",
            "Statut": "A discuter",
            "Niveau de priorité": "faible",
            "Date de début": 45292,  # a date cell read as its serial number: 2024-01-01
            "Action en amélioration continue": "FAUX",
        }
    ),
    [None] * 5,  # an empty row
    R(
        {
            "Axe (x)": "2. Bâtiments",
            "Titre de la fiche action": "2.1",
            "Titre de la sous-action": "Audit énergétique",
            "Statut": "n'importe quoi",
        }
    ),
    R({"Descriptif": "Une description sans titre"}),
]


def workbook(path: Path, rows: list[list[Any]] | None = None, a2: str = "Axe (x)") -> Path:
    book = openpyxl.Workbook()
    other = book.active
    assert other is not None
    other.title = "Lisez-moi"
    other.append(["Ce classeur est un modèle."])
    sheet = book.create_sheet("Plan d'actions")
    sheet.append(["Plan d'actions à importer"])
    sheet.append([a2, *HEADERS[1:]])
    sheet.append(["aide de colonne"])
    for values in ROWS if rows is None else rows:
        sheet.append(values)
    book.save(path)
    return path


def load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.fixture
def imported(tmp_path: Path) -> tuple[Path, str]:
    source = workbook(tmp_path / "Plan Climat.xlsx")
    into = tmp_path / "registre"
    result = runner.invoke(app, ["import", str(source), "--into", str(into)])
    assert result.exit_code == 0, result.output
    return into, result.stdout


def test_files_created(imported: tuple[Path, str]) -> None:
    into, _ = imported
    register = into / "register"
    files = sorted(str(p.relative_to(register)) for p in register.rglob("*") if p.is_file())
    assert files == [
        "acteurs/agence-fictive.yaml",
        "acteurs/association-roue-libre-nord-sud.yaml",
        "acteurs/cci-nullepart.yaml",
        "acteurs/jeanne-martinez.yaml",
        "acteurs/paul-durandeau.yaml",
        "acteurs/region-imaginaire-direction-b.yaml",
        "acteurs/service-mobilite.yaml",
        "actions/1-1-01.yaml",
        "actions/1-1-02.yaml",
        "pcaet.toml",
        "plans/pcaet-plan-climat.yaml",
    ]
    text = (into / "register/actions/1-1-01.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/action.schema.json\n")


def test_action_values(imported: tuple[Path, str]) -> None:
    into, _ = imported
    action = load(into / "register/actions/1-1-01.yaml")
    assert action["titre"] == "Pistes cyclables: tranche 01004"
    assert action["description"] == (
        "Première ligne\nDeuxième ligne\n\nInstances de gouvernance : Comité vélo\n\n"
        "Notes : À revoir"
    )
    assert action["objectifs"] == "oui"
    assert action["plans"] == {"pcaet-plan-climat": "1.1"}
    assert action["statut"] == "En cours"
    assert action["priorite"] == "Élevé"
    assert action["participation_citoyenne"] == "Concertation"
    assert action["date_debut"] == date(2024, 3, 1)
    assert action["date_fin"] == date(2026, 12, 31)
    assert action["pilote"] == "service-mobilite"
    assert action["copilotes"] == ["association-roue-libre-nord-sud"]
    assert action["referent"] == "paul-durandeau"
    assert action["personnes"] == ["jeanne-martinez"]
    assert action["partenaires"] == [
        "agence-fictive",
        "region-imaginaire-direction-b",
        "cci-nullepart",
    ]
    assert action["financements"] == [{"financeur": "agence-fictive", "montant": 12000}]
    assert action["budget"] == [{"type": "investissement", "prevu": 50000}]
    assert action["indicateurs"] == [{"nom": "Km de pistes"}, {"nom": "Part modale (vélo, marche)"}]
    # « 2.1 » named a row refused (a sub-action without its action): no link.
    assert action["liens"] == {"mesures_cae": ["cae_4.1.1", "cae_4.2"]}

    second = load(into / "register/actions/1-1-02.yaml")
    assert second["titre"] == "oui"
    assert second["statut"] == "À discuter"
    assert second["priorite"] == "Bas"
    assert second["date_debut"] == date(2024, 1, 1)
    assert second["pilote"] == "service-mobilite"


def test_plan_and_actors(imported: tuple[Path, str]) -> None:
    into, _ = imported
    plan = load(into / "register/plans/pcaet-plan-climat.yaml")
    assert plan["type"] == "PCAET"
    assert plan["axes"] == [
        {
            "code": "1",
            "titre": "Mobilité",
            "sous_axes": [{"code": "1.1", "titre": "Vélo du quotidien"}],
        },
    ]
    assert load(into / "register/acteurs/service-mobilite.yaml") == {
        "nom": "Service mobilité",
        "type": "service",
    }
    assert load(into / "register/acteurs/paul-durandeau.yaml")["type"] == "elu"
    assert load(into / "register/acteurs/jeanne-martinez.yaml")["type"] == "personne"
    assert load(into / "register/acteurs/cci-nullepart.yaml")["type"] == "chambre_consulaire"
    assert (
        load(into / "register/acteurs/association-roue-libre-nord-sud.yaml")["type"]
        == "association"
    )
    assert load(into / "register/acteurs/agence-fictive.yaml")["type"] == "autre"


def test_report(imported: tuple[Path, str]) -> None:
    _, out = imported
    rows = import_rows(out)
    assert rows["ligne 4"] == (
        "ignorée",
        "ligne d'instructions du modèle (« Texte libre », « Texte libre », « Liste "
        "déroulante »), rien à reprendre",
        [],
    )
    assert rows["ligne 5"] == (
        "ignorée",
        "ligne d'exemple du modèle (« Exemple… »), rien à reprendre",
        [],
    )
    assert rows["ligne 6"][:2] == (
        "créée",
        "actions/1-1-01.yaml — « Pistes cyclables: tranche 01004 »",
    )
    assert rows["ligne 9"] == (
        "refusée",
        "sous-action sans action parente trouvée : « Audit énergétique » (action parente : "
        "« 2.1 ») ; ajoutez une ligne pour l'action « 2.1 » dans le même axe",
        [],
    )
    assert rows["ligne 10"] == (
        "refusée",
        "« Titre de l'action » vide : le titre est obligatoire",
        [],
    )
    assert "mesure liée « mesure maison » hors référentiel CAE" in rows["ligne 6"][2]
    assert "action liée « Inconnue » introuvable, non reprise" in rows["ligne 6"][2]
    assert "Lignes lues : 6 — 2 créées, 0 fusionnée, 2 ignorées, 2 refusées" in out
    assert "ligne 6, statut : « en cour » → « En cours »" in out
    assert "ligne 6, priorite : « eleve » → « Élevé »" in out
    assert "ligne 7, priorite : « faible » → « Bas »" in out
    assert "ligne 6, participation : « concertation » → « Concertation »" in out
    assert (
        "ligne 7 : « MARTINEZ Jeanne » fusionné avec « Jeanne MARTINEZ » (jeanne-martinez)" in out
    )
    assert "ligne 7 : « Service Mobilité » fusionné avec « Service mobilité »" in out
    assert (
        "colonne ignorée : « Colonne ajoutée » (inconnue du modèle) ; --format tableur "
        "--mapping pour la reprendre" in out
    )
    assert "1 ligne vide ignorée" in out
    # Respelt headers are aliases: read without a word, nothing else ignored.
    assert out.count("colonne ignorée") == 1
    # Every non-empty data row (4 to 10 but 8, the empty one) is accounted for.
    for number in (4, 5, 6, 7, 9, 10):
        assert f"ligne {number} :" in out


def test_lint_has_no_schema_yaml_or_reference_errors(imported: tuple[Path, str]) -> None:
    into, _ = imported
    run = run_lint(LintRequest(into, today=date(2026, 11, 29)))
    bad = [d for d in run.result.diagnostics if d.code[0] in "SYR" and d.severity == "error"]
    assert bad == []
    assert run.loaded.files == 11 - 1  # every YAML file loaded (pcaet.toml is not one)


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    source = workbook(tmp_path / "plan.xlsx")
    into = tmp_path / "registre"
    result = runner.invoke(app, ["import", str(source), "--into", str(into), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "ligne 6 : créée" in result.stdout
    assert not into.exists()


def test_refuses_to_overwrite_then_force(tmp_path: Path) -> None:
    source = workbook(tmp_path / "plan.xlsx")
    into = tmp_path / "registre"
    assert runner.invoke(app, ["import", str(source), "--into", str(into)]).exit_code == 0
    target = into / "register/actions/1-1-01.yaml"
    target.write_text("titre: modifié à la main\n", encoding="utf-8")
    refused = runner.invoke(app, ["import", str(source), "--into", str(into)])
    assert refused.exit_code == 2
    assert "existe déjà" in refused.stderr and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "titre: modifié à la main\n"
    forced = runner.invoke(app, ["import", str(source), "--into", str(into), "--force"])
    assert forced.exit_code == 0
    assert load(target)["titre"] == "Pistes cyclables: tranche 01004"


def test_json_report(tmp_path: Path) -> None:
    source = workbook(tmp_path / "plan.xlsx")
    result = runner.invoke(app, ["import", str(source), "--dry-run", "--format-rapport", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["format"] == "tet"
    assert {
        "source": "ligne 10",
        "statut": "refusée",
        "fichiers": [],
        "detail": "« Titre de l'action » vide : le titre est obligatoire",
        "remarques": [],
    } in document["lignes"]
    assert document["totaux"] == {
        "lues": 6,
        "créée": 2,
        "fusionnée": 0,
        "ignorée": 2,
        "refusée": 2,
    }
    assert len(document["lignes"]) == document["totaux"]["lues"]
    assert sum(document["totaux"][str(s)] for s in RowStatus) == document["totaux"]["lues"]
    assert "actions/1-1-02.yaml" in document["fichiers"]


def test_not_the_template(tmp_path: Path) -> None:
    source = workbook(tmp_path / "autre.xlsx", a2="Numéro")
    result = runner.invoke(app, ["import", str(source), "--dry-run"])
    assert result.exit_code == 2
    assert "Axe (x)" in result.stderr


def test_damaged_ods_is_a_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "plan.ods"
    source.write_bytes(b"PK\x03\x04")
    result = runner.invoke(app, ["import", str(source), "--dry-run"])
    assert result.exit_code == 2
    assert "classeur illisible" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_ods_saved_by_libreoffice_reads_like_the_xlsx(tmp_path: Path) -> None:
    rows = [
        R(
            {
                "Axe (x)": "1. Mobilité",
                "Titre de la fiche action": "Covoiturage",
                "Statut": "En cours",
                "Date de début": "01/03/2024",
                "Montant € HT": 1500,
            }
        ),
        R(
            {
                "Axe (x)": "1. Mobilité",
                "Titre de la fiche action": "Vélo",
                "Niveau de priorité": "eleve",
            }
        ),
    ]
    source = workbook(tmp_path / "plan.xlsx", rows)
    libreoffice_convert(source, "ods", tmp_path / "ods")
    from_xlsx, from_ods = tmp_path / "a", tmp_path / "b"
    assert runner.invoke(app, ["import", str(source), "--into", str(from_xlsx)]).exit_code == 0
    result = runner.invoke(
        app, ["import", str(tmp_path / "ods" / "plan.ods"), "--into", str(from_ods)]
    )
    assert result.exit_code == 0, result.output
    actions = sorted((from_xlsx / "register/actions").iterdir())
    assert len(actions) == len(rows)
    for action in actions:
        assert load(from_ods / "register/actions" / action.name) == load(action)


def test_without_axes_actions_are_numbered(tmp_path: Path) -> None:
    rows = [
        R({"Titre de la fiche action": "Première"}),
        R({"Titre de la fiche action": "Deuxième"}),
    ]
    source = workbook(tmp_path / "plan.xlsx", rows)
    into = tmp_path / "r"
    assert runner.invoke(app, ["import", str(source), "--into", str(into)]).exit_code == 0
    assert load(into / "register/actions/act-001.yaml") == {
        "titre": "Première",
        "plans": {"pcaet-plan": None},
    }
    assert (into / "register/actions/act-002.yaml").exists()


def test_axes_named_without_a_number_on_every_row(tmp_path: Path) -> None:
    # Each row repeats its axis by title: one axis each, numbered in order of appearance,
    # and a number taken by a numbered cell is not given twice. As in TeT, an axis is
    # known by its text: « mobilite » is not « Mobilité ».
    rows = [
        R({"Axe (x)": "Mobilité", "Titre de la fiche action": "Vélo"}),
        R({"Axe (x)": "Mobilité", "Sous-axe (x.x)": "Marche", "Titre de la fiche action": "A"}),
        R({"Axe (x)": "mobilite", "Sous-axe (x.x)": "Marche", "Titre de la fiche action": "B"}),
        R({"Axe (x)": "3. Bâtiments", "Titre de la fiche action": "Isoler"}),
        R({"Axe (x)": "Énergie", "Titre de la fiche action": "Chaleur"}),
        R({"Axe (x)": "Énergie", "Titre de la fiche action": "Solaire"}),
    ]
    source = workbook(tmp_path / "plan.xlsx", rows)
    into = tmp_path / "r"
    assert runner.invoke(app, ["import", str(source), "--into", str(into)]).exit_code == 0
    assert load(into / "register/plans/pcaet-plan.yaml")["axes"] == [
        {
            "code": "1",
            "titre": "Mobilité",
            "sous_axes": [{"code": "1.1", "titre": "Marche"}],
        },
        {
            "code": "2",
            "titre": "mobilite",
            "sous_axes": [{"code": "2.1", "titre": "Marche"}],
        },
        {"code": "3", "titre": "Bâtiments"},
        {"code": "4", "titre": "Énergie"},
    ]
    plans = {
        load(p)["titre"]: load(p)["plans"]["pcaet-plan"]
        for p in (into / "register/actions").iterdir()
    }
    assert plans == {
        "Vélo": "1",
        "A": "1.1",
        "B": "2.1",
        "Isoler": "3",
        "Chaleur": "4",
        "Solaire": "4",
    }


# ------------------------------------------------------------------------ shared helpers


@pytest.mark.parametrize(
    "text",
    [
        "01004",
        "oui",
        "Non",
        "2.1",
        "a: b",
        "# pas un commentaire",
        "2024-01-01",
        "- tiret",
        "yes",
        "~",
        "null",
        " espace",
        "«guillemets» et 'apostrophe'",
        'dit "x"',
        "1e3",
        "ligne 1\nligne 2\n",
        "ligne\n\n  indentée",
        "  début indenté\nx",
        "fin:",
        "@x",
        "*a",
        "!tag",
        "%p",
        "{a}",
        "[b]",
        "x\u2028y",
        "tab\tici",
        "Élevé",
    ],
)
def test_yaml_writer_round_trips(text: str) -> None:
    data = {"titre": text, "liste": [text], "table": [{"nom": text, "n": 2}]}
    loaded = YAML(typ="safe", pure=True).load(dump(data))
    assert loaded == data


def test_yaml_writer_values() -> None:
    text = dump({"a": 12000.0, "b": 0.5, "c": date(2024, 3, 1), "d": None, "e": [], "f": True})
    assert text == "a: 12000\nb: 0.5\nc: 2024-03-01\nf: true\n"


def test_split_list() -> None:
    assert split_list('A, B (C, D), "E, F", « G, H », ') == ["A", "B (C, D)", "E, F", "G, H"]


def test_parse_values() -> None:
    assert parse_date("5/3/2024") == date(2024, 3, 5)
    assert parse_date("2024-03-05") == date(2024, 3, 5)
    assert parse_date(datetime(2024, 3, 5, 0, 0)) == date(2024, 3, 5)
    assert parse_date(45292) == date(2024, 1, 1)
    assert parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("mars 2024")
    assert parse_amount("12 000 €") == 12000
    assert parse_amount("1\u202f234,50") == 1234.5
    assert parse_amount(3) == 3
    with pytest.raises(ValueError):
        parse_amount("beaucoup")
    assert parse_bool("VRAI") is True
    assert parse_bool("FAUX") is False
    assert parse_bool("peut-être") is None


def test_match_vocab() -> None:
    assert match_vocab("En cours", Statut) == ("En cours", False)
    assert match_vocab("A discuter", Statut) == ("À discuter", False)
    assert match_vocab("realise", Statut) == ("Réalisé", True)
    assert match_vocab("Faible", Priorite) == ("Bas", True)
    assert match_vocab("Industrie  branche énergie", Secteur) == ("Branche énergie", False)
    assert match_vocab("zzz", Priorite) == (None, False)


def test_names() -> None:
    assert slug("Élu·e d'Île-de-France : 2024 !") == "elu-e-d-ile-de-france-2024"
    assert (
        name_key("Jeanne MARTINEZ") == name_key("MARTINEZ  Jeanne") == name_key("jeanne martinez")
    )


# --------------------------------------------------------------- headers and refusals


def custom(path: Path, headers: list[str], rows: list[list[Any]]) -> Path:
    """A workbook with its own headers on row 2 (A2 must stay « Axe (x) »)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Plan"])
    sheet.append(headers)
    sheet.append([])
    for values in rows:
        sheet.append(values)
    book.save(path)
    return path


def test_steps_column_is_its_own_column_not_the_title(tmp_path: Path) -> None:
    # Matched by resemblance, « Etapes de la fiche action » was taken for the title.
    headers = ["Axe (x)", "Titre de la fiche action", "Etapes de la fiche action", "Couleur"]
    source = custom(tmp_path / "p.xlsx", headers, [["1. Eau", "Titre vrai", "Étape 1", "bleu"]])
    into = tmp_path / "r"
    result = runner.invoke(app, ["import", str(source), "--into", str(into)])
    assert result.exit_code == 0, result.output
    action = load(into / "register/actions/1-01.yaml")
    assert action["titre"] == "Titre vrai"
    assert action["description"] == "Étapes : Étape 1"
    assert result.stdout.count("colonne ignorée : « Couleur » (inconnue du modèle) ;") == 1


def test_title_column_missing_is_an_error(tmp_path: Path) -> None:
    source = custom(tmp_path / "p.xlsx", ["Axe (x)", "Intitulé"], [["1. Eau", "Titre"]])
    result = runner.invoke(app, ["import", str(source), "--dry-run"])
    assert result.exit_code == 2
    assert "colonne « Titre de l'action » introuvable" in result.stderr
    assert "p.xlsx, ligne 2" in result.stderr and "Traceback" not in result.stderr


def test_columns_out_of_order_are_refused_as_tet_refuses_them(tmp_path: Path) -> None:
    headers = ["Axe (x)", "Sous-sous axe (x.x.x)", "Sous-axe (x.x)", "Titre de l'action"]
    source = custom(tmp_path / "p.xlsx", headers, [["1. Eau", None, None, "T"]])
    result = runner.invoke(app, ["import", str(source), "--dry-run"])
    assert result.exit_code == 2
    assert (
        "la colonne B devrait être « Sous-axe (x.x) » et non « Sous-sous axe (x.x.x) »"
        in result.stderr
    )


def test_header_spellings_are_one_column(tmp_path: Path) -> None:
    for spelling in ("Elu.e référent.e", "Élu·e référent·e", "ELU(E) REFERENT(E) ", "Élu référent"):
        source = custom(
            tmp_path / "p.xlsx",
            ["Axe (x)", "Titre de l'action", spelling],
            [[None, "T", "Anne DUPONT"]],
        )
        result = runner.invoke(app, ["import", str(source), "--dry-run"])
        assert result.exit_code == 0, result.output
        assert "colonne ignorée" not in result.stdout, spelling


def test_tet_refusals_on_their_rows(tmp_path: Path) -> None:
    rows = [
        R(
            {
                "Titre de la fiche action": "Budget en lettres",
                "Budget prévisionnel total € HT": "beaucoup",
            }
        ),
        R({"Titre de la fiche action": "Budget négatif", "Budget prévisionnel total € HT": -5000}),
        R({"Titre de la fiche action": "Budget énorme", "Budget prévisionnel total € HT": 10**12}),
        R(
            {
                "Titre de la fiche action": "Montant en lettres",
                "Financeur 1": "ADEME",
                "Montant € HT": "x",
            }
        ),
        R(
            {
                "Titre de la fiche action": "Dates inversées",
                "Date de début": "01/01/2025",
                "Date de fin": "01/01/2024",
            }
        ),
        R({"Titre de la fiche action": "Pas une date", "Date de début": "mars 2024"}),
        R({"Titre de la fiche action": "x" * 301}),
        R({"Titre de la fiche action": "Ambigu", "Budget prévisionnel total € HT": "15.000"}),
        R({"Titre de la fiche action": "Zéro", "Budget prévisionnel total € HT": 0}),
    ]
    source = workbook(tmp_path / "p.xlsx", rows)
    result = runner.invoke(app, ["import", str(source), "--dry-run", "--format-rapport", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    got = {x["source"]: (x["statut"], x["detail"], x["remarques"]) for x in report["lignes"]}
    assert got["ligne 4"][:2] == (
        "refusée",
        "Budget prévisionnel total € HT : un nombre est attendu (« beaucoup » n'est pas un "
        "montant)",
    )
    assert got["ligne 5"][:2] == ("refusée", "budget invalide : le budget ne peut pas être négatif")
    assert got["ligne 6"][0] == "refusée" and "valeur maximale autorisée" in got["ligne 6"][1]
    assert got["ligne 7"][:2] == (
        "refusée",
        "Montant € HT : un nombre est attendu (« x » n'est pas un montant)",
    )
    assert got["ligne 8"][:2] == (
        "refusée",
        "la date de fin (01/01/2024) doit être après la date de début (01/01/2025)",
    )
    # A cell that is no date is noted and left out, as by every importer.
    assert got["ligne 9"] == (
        "créée",
        "« Pas une date »",
        ["date_debut « mars 2024 » n'est pas une date"],
    )
    assert got["ligne 10"][:2] == ("refusée", "le titre ne peut pas dépasser 300 caractères")
    # An ambiguous amount is no refusal: noted and left out, never scaled.
    assert got["ligne 11"][0] == "créée"
    assert got["ligne 11"][2] == [
        "budget « 15.000 » ambigu (15,000 ou 15 000 ?) : écrivez-le sans point, non repris"
    ]
    assert got["ligne 12"][0] == "créée"
    assert report["totaux"] == {"lues": 9, "créée": 3, "fusionnée": 0, "ignorée": 0, "refusée": 6}


def test_instruction_rows_anywhere_are_ignored(tmp_path: Path) -> None:
    rows = [
        R({"Titre de la fiche action": "Vraie action", "Descriptif": "Texte libre de l'agent"}),
        R(
            {
                "Axe (x)": "Texte libre",
                "Personne pilote": "Texte libre",
                "Indicateurs liés": "Saisir les indicateurs, séparés par des virgules",
            }
        ),
        R(
            {
                "Axe (x)": "Exemple : 1. Mobilité",
                "Titre de la fiche action": "Créer des pistes",
                "Partenaires": "ADEME",
            }
        ),
    ]
    source = workbook(tmp_path / "p.xlsx", rows)
    into = tmp_path / "r"
    result = runner.invoke(app, ["import", str(source), "--into", str(into)])
    assert result.exit_code == 0, result.output
    got = import_rows(result.stdout)
    assert got["ligne 4"][0] == "créée"
    assert got["ligne 5"][0] == "ignorée" and "ligne d'instructions du modèle" in got["ligne 5"][1]
    assert got["ligne 6"] == (
        "ignorée",
        "ligne d'exemple du modèle (« Exemple… »), rien à reprendre",
        [],
    )
    # Neither actor nor indicator came from them.
    assert sorted(p.name for p in (into / "register/acteurs").glob("*")) == []
    assert "indicateurs" not in load(into / "register/actions/act-001.yaml")


def test_elus_stay_elus_and_a_second_one_is_a_person_mobilised(tmp_path: Path) -> None:
    rows = [
        R(
            {
                "Titre de la fiche action": "A",
                "Personne pilote": "Anne DUPONT",
                "Élu·e référent·e": "Paul MARTIN",
            }
        ),
        R({"Titre de la fiche action": "B", "Élu·e référent·e": "Anne DUPONT, Paul MARTIN"}),
        R(
            {
                "Titre de la fiche action": "C",
                "Personne pilote": "Paul MARTIN",
                "Élu·e référent·e": "Paul MARTIN",
            }
        ),
    ]
    source = workbook(tmp_path / "p.xlsx", rows)
    into = tmp_path / "r"
    result = runner.invoke(app, ["import", str(source), "--into", str(into)])
    assert result.exit_code == 0, result.output
    register = into / "register"
    assert load(register / "acteurs/anne-dupont.yaml")["type"] == "elu"
    assert load(register / "acteurs/paul-martin.yaml")["type"] == "elu"
    b = load(register / "actions/act-002.yaml")
    assert (b["referent"], b["personnes"]) == ("anne-dupont", ["paul-martin"])
    assert import_rows(result.stdout)["ligne 5"][2] == [
        "élu référent « Paul MARTIN » gardé dans les personnes mobilisées : une action du "
        "registre n'a qu'un élu référent"
    ]
    c = load(register / "actions/act-003.yaml")
    assert (c["pilote"], c["referent"], c.get("personnes")) == ("paul-martin", "paul-martin", None)
    run = run_lint(LintRequest(into, today=date(2026, 11, 29)))
    assert [d for d in run.result.diagnostics if d.code == "P004"] == []
