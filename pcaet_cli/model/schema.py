"""The JSON Schemas editors use, generated from the models: `pcaet schema` writes them,
`pcaet init` ships them with a new register."""

from __future__ import annotations

import json
from typing import Any

from pcaet_cli.model import KINDS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_name(kind: str) -> str:
    """territoires → territoire.schema.json (the name the YAML files' first line cites)."""
    return f"{kind.removesuffix('s')}.schema.json"


def build_schemas() -> dict[str, str]:
    """File name → JSON text, deterministic so that staleness can be checked by equality."""
    out: dict[str, str] = {}
    for kind, model in KINDS.items():
        body: dict[str, Any] = {"$schema": SCHEMA_DIALECT, "$id": schema_name(kind)}
        body.update(model.model_json_schema(by_alias=True))
        out[schema_name(kind)] = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    return out
