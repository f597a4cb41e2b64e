"""Lint and the JSON Schemas the editors use agree: a file one accepts, the other
accepts. The same files go to `pcaet lint` (YAML, schema findings) and to a JSON
Schema validator, reading the YAML as an editor's YAML 1.2 server does."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pcaet_cli.lint.engine import LintRequest, run_lint
from pcaet_cli.register.yamlfile import parse
from tests.conftest import REPO, WriteRegister

TERRITOIRE = "nom: CC de Brume\nnature: CC\n"
ACTEUR = "nom: Service mobilité\ntype: service\n"

CASES = [
    ("territoires", TERRITOIRE + 'siren: "200099992"\n', True),
    ("territoires", TERRITOIRE + 'siren: "200 099 992"\n', True),
    ("territoires", TERRITOIRE + 'siren: "12345678"\n', False),
    ("territoires", TERRITOIRE + 'siren: "2000999921"\n', False),
    ("territoires", TERRITOIRE + 'siren: "20009999A"\n', False),
    ("acteurs", ACTEUR + 'siren: "1234"\n', False),
    ("acteurs", ACTEUR + 'siren: "130 005 481"\n', True),
    ("territoires", 'nom: Brumeval\nnature: COM\ncode_insee: "49007"\n', True),
    ("territoires", 'nom: Ajaccio\nnature: COM\ncode_insee: "2A004"\n', True),
    ("territoires", 'nom: Brumeval\nnature: COM\ncode_insee: "4900"\n', False),
    ("territoires", 'nom: Brumeval\nnature: COM\ncode_insee: "49 000"\n', False),
    ("territoires", TERRITOIRE + "population: 1000\n", True),
    ("territoires", TERRITOIRE + "population: 1_000\n", False),
    ("territoires", TERRITOIRE + "population: '1000'\n", False),
    ("territoires", TERRITOIRE + "population: -5\n", False),
    ("acteurs", "nom: Service\ntype: inconnu\n", False),
    ("acteurs", ACTEUR + "inconnue: 1\n", False),
]
"""(folder, file text, valid). Left out, as no JSON Schema can say them: a SIREN whose
Luhn key is wrong (S006 only), a year written 2025.0 (JSON has one number type),
.inf and .nan (S005 only)."""

SCHEMA_OF = {"territoires": "territoire", "acteurs": "acteur"}


def _as_editor_reads(value: Any) -> Any:
    """What a YAML language server hands its validator: dates are strings."""
    if isinstance(value, dict):
        return {str(k): _as_editor_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_reads(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _schema_accepts(folder: str, text: str) -> bool:
    path = REPO / "schemas" / f"{SCHEMA_OF[folder]}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    data = _as_editor_reads(parse(text.encode(), "x.yaml").data)
    return bool(jsonschema.Draft202012Validator(schema).is_valid(data))


def _lint_accepts(write_register: WriteRegister, folder: str, text: str) -> bool:
    root: Path = write_register({f"{folder}/x-01.yaml": text})
    # S008 and S009 compare codes with the table of real collectivities, which no
    # schema can say: the made-up CC de Brume is not in it.
    run = run_lint(LintRequest(root, select=["Y", "S"], ignore=("S008", "S009")))
    return not run.result.diagnostics


@pytest.mark.parametrize(("folder", "text", "valid"), CASES)
def test_lint_and_schema_agree(
    write_register: WriteRegister, folder: str, text: str, valid: bool
) -> None:
    assert _lint_accepts(write_register, folder, text) is valid
    assert _schema_accepts(folder, text) is valid
