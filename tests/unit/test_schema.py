"""The JSON Schemas are generated from the models, committed, valid draft 2020-12, and
agree with the models on the example register."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.model import KINDS
from pcaet_cli.model.schema import build_schemas, schema_name
from pcaet_cli.register.yamlfile import parse
from tests.conftest import EXAMPLE, REPO

runner = CliRunner()


def test_committed_schemas_are_up_to_date() -> None:
    for name, text in build_schemas().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, (
            f"schemas/{name} est périmé : lancez « pcaet schema »"
        )


@pytest.mark.parametrize("name", sorted(build_schemas()))
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    body = json.loads(build_schemas()[name])
    assert body["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(body)


def test_check_flag_reports_stale_schemas(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--output", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(build_schemas())
    assert runner.invoke(app, ["schema", "--check", "--output", str(tmp_path)]).exit_code == 0
    (tmp_path / "action.schema.json").write_text("{}\n", encoding="utf-8")
    stale = runner.invoke(app, ["schema", "--check", "--output", str(tmp_path)])
    assert stale.exit_code == 1
    assert "action.schema.json" in stale.stderr


def _jsonable(value: Any) -> Any:
    # Editors see YAML dates as strings with format "date".
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_example_files_validate_against_their_schema(kind: str) -> None:
    schema = json.loads(build_schemas()[schema_name(kind)])
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((EXAMPLE / kind).glob("*.yaml"))
    assert files, f"le registre d'exemple n'a pas de fichier dans {kind}/"
    for path in files:
        data = parse(path.read_bytes(), str(path)).data
        errors = [e.message for e in validator.iter_errors(_jsonable(data))]
        assert errors == [], f"{path.name}: {errors}"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{schema_name(kind)}"


def test_schema_rejects_what_the_model_rejects() -> None:
    schema = json.loads(build_schemas()["action.schema.json"])
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({"titre": "x", "statut": "en cours"})
    assert not validator.is_valid({"titre": "x", "piolte": "svc"})
    assert not validator.is_valid({"titre": "x", "plans": {"pcaet": 2.1}})
    assert validator.is_valid({"titre": "x", "statut": "En cours", "plans": {"pcaet": "2.1"}})
