"""`pcaet import --format json`: the document of `pcaet export --format json` back into a
register, identifiers and models unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.cli.import_ import detect_format
from pcaet_cli.model import RegisterModel
from pcaet_cli.register.loader import load_register
from tests.conftest import EXAMPLE, WriteRegister

runner = CliRunner()


def _models(root: Path) -> dict[tuple[str, str], RegisterModel | None]:
    return {(d.kind, d.id): d.model for d in load_register(root).documents}


def _lint(root: Path) -> dict[str, Any]:
    result = runner.invoke(
        app, ["lint", str(root), "-f", "json", "--select", "ALL", "--date", "2026-11-29"]
    )
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _export_json(register: Path, output: Path) -> None:
    result = runner.invoke(app, ["export", "-r", str(register), "-f", "json", "-o", str(output)])
    assert result.exit_code == 0, result.output


def test_example_round_trip(tmp_path: Path) -> None:
    exported = tmp_path / "registre.json"
    _export_json(EXAMPLE, exported)
    assert detect_format([exported]) == "json"
    into = tmp_path / "importe"
    result = runner.invoke(app, ["import", str(exported), "--into", str(into)])
    assert result.exit_code == 0, result.output

    before, after = _models(EXAMPLE), _models(into / "register")
    assert before.keys() == after.keys()
    for key, model in before.items():
        assert model is not None
        assert after[key] == model, key
    # pcaet.toml comes back as written: every setting, and its comments.
    config = (into / "register/pcaet.toml").read_text(encoding="utf-8")
    assert config == (EXAMPLE / "pcaet.toml").read_text(encoding="utf-8")
    assert "[lint]" in config and config.startswith("#")
    # A complete project, as pcaet init lays one out: the schemas the files cite.
    assert (into / "schemas/action.schema.json").is_file()
    assert (into / ".pre-commit-config.yaml").is_file()

    original, imported = _lint(EXAMPLE), _lint(into)
    assert imported["diagnostics"] == original["diagnostics"] == []
    assert imported["stats"]["entities"] == original["stats"]["entities"]


def test_small_register_keeps_nulls_and_odd_text(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    root = write_register(
        {
            "plans/p.yaml": "nom: P\ntype: PCAET\n",
            "acteurs/x.yaml": "nom: 'oui'\ntype: autre\n",
            "actions/a.yaml": (
                "titre: '2024-01-01'\nplans: {p: null}\n"
                'description: "=1+1\\n# pas un commentaire\\n"\n'
                "pilote: x\n"
                "indicateurs:\n  - {nom: I, valeur_initiale: 1.5, mesures: {2024: 2}}\n"
                "budget:\n  - {type: investissement, prevu: 10.25}\n"
            ),
        }
    )
    exported = tmp_path / "r.json"
    _export_json(root, exported)
    into = tmp_path / "importe"
    result = runner.invoke(app, ["import", "-f", "json", str(exported), "--into", str(into)])
    assert result.exit_code == 0, result.output
    assert _models(into / "register") == _models(root)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "JSON illisible"),
        ('{"format": "autre"}', "pcaet-registre"),
        ('{"format": "pcaet-registre", "version": 99}', "version 99"),
    ],
)
def test_refuses_other_documents(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["import", "-f", "json", str(path), "--into", str(tmp_path / "r")])
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "r").exists()


def test_invalid_entity_is_reported_not_written(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    document = {
        "format": "pcaet-registre",
        "version": 1,
        "registre": {"nom": "R"},
        "acteurs": {"ok": {"nom": "Ok", "type": "autre"}, "ko": {"nom": "Ko"}},
        "actions": {
            "ok": {"titre": "Même identifiant"},
            "../evade": {"titre": "X"},
            "mob-99\n": {"titre": "Saut de ligne"},
            "nul": {"titre": "Nom réservé"},
        },
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    into = tmp_path / "r"
    result = runner.invoke(app, ["import", str(path), "--into", str(into)])
    assert result.exit_code == 0, result.output
    assert "acteurs/ko : refusée — invalide" in result.output
    assert "actions/ok : refusée — identifiant déjà pris" in result.output
    assert "actions/../evade : refusée — identifiant hors convention" in result.output
    assert "refusée — identifiant contenant un caractère de contrôle" in result.output
    assert "actions/nul : refusée — « nul » est un nom réservé par Windows" in result.output
    assert not (tmp_path / "evade.yaml").exists()
    assert sorted(p.name for p in (into / "register/acteurs").iterdir()) == ["ok.yaml"]
    assert not (into / "register/actions").exists()
    # Every entity of the document has its line, and the totals add up.
    assert "Lignes lues : 6 — 1 créée, 0 fusionnée, 0 ignorée, 5 refusées" in (result.output)
    assert "acteurs/ok : créée → acteurs/ok.yaml" in result.output


def test_detection_reads_the_head_only(tmp_path: Path) -> None:
    ours = tmp_path / "registre.json"
    ours.write_text('\ufeff{\n  "format": "pcaet-registre", "version": 1}', encoding="utf-8")
    ademe = tmp_path / "programme.json"
    ademe.write_text('[{"format": "pcaet-registre"}]', encoding="utf-8")
    assert detect_format([ours]) == "json"
    assert detect_format([ademe]) == "territoires-climat"


@pytest.mark.parametrize(
    ("config", "said"),
    [
        ("[lint]\nfail-on = 'grave'\n", "« lint.fail-on » : « grave » n'est pas une gravité"),
        ("[registre\n", "TOML invalide"),
        (12, "registre.pcaet_toml n'est pas un texte"),
    ],
)
def test_an_invalid_exported_config_is_replaced_and_said(
    tmp_path: Path, config: object, said: str
) -> None:
    path = tmp_path / "x.json"
    document = {
        "format": "pcaet-registre",
        "version": 1,
        "registre": {"nom": "R", "pcaet_toml": config},
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    into = tmp_path / "r"
    result = runner.invoke(app, ["import", str(path), "--into", str(into)])
    assert result.exit_code == 0, result.output
    assert said in result.output and "pcaet.toml par défaut" in result.output
    assert (into / "register/pcaet.toml").read_text(encoding="utf-8").endswith('nom = "R"\n')
