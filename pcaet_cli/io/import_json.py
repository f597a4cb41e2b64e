"""Import of the document `pcaet export --format json` writes: the register back as files.

Identifiers are kept (they are the file names); each entity is validated with its model,
then written with the YAML writer, so a document edited by another tool is checked before
anything is written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pcaet_cli.errors import PcaetError
from pcaet_cli.fsutil import unsafe_name
from pcaet_cli.io.import_common import ImportReport, ImportResult, RowStatus
from pcaet_cli.io.register_json import FORMAT_NAME, FORMAT_VERSION
from pcaet_cli.io.sources import read_json
from pcaet_cli.io.yamlwrite import NULL
from pcaet_cli.model import KINDS
from pcaet_cli.register.config import parse_config

_HEAD = 200
_SIGNATURE = re.compile(r'\s*\{\s*"format"\s*:\s*"' + re.escape(FORMAT_NAME) + '"')


def is_register_document(path: Path) -> bool:
    """Whether `path` opens as the register export does (`{"format": "pcaet-registre"`).
    Only the head is read: ADEME's JSON files run to tens of megabytes. A document whose
    keys another tool reordered is still imported with --format json."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            head = handle.read(_HEAD)
    except (OSError, UnicodeDecodeError):
        return False
    return _SIGNATURE.match(head) is not None


def _explicit_nulls(value: Any) -> Any:
    # The writer leaves None out, yet a null that survived `exclude_defaults` means
    # something: `plans: {pcaet: null}` is an action serving the plan without an axis.
    if value is None:
        return NULL
    if isinstance(value, dict):
        return {k: _explicit_nulls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_explicit_nulls(v) for v in value]
    return value


def import_json(path: Path) -> ImportResult:
    report = ImportReport("json", [str(path)])
    document = read_json(path)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise PcaetError(
            f"{path} : ce n'est pas un registre exporté par « pcaet export --format json » "
            f'(attendu "format": "{FORMAT_NAME}")'
        )
    version = document.get("version")
    if version != FORMAT_VERSION:
        raise PcaetError(
            f"{path} : version {version} du format {FORMAT_NAME} non prise en charge "
            f"(attendu {FORMAT_VERSION})"
        )
    registre = document.get("registre")
    nom = registre.get("nom") if isinstance(registre, dict) else None
    result = ImportResult(report, name=nom if isinstance(nom, str) and nom else "Registre importé")
    result.config = _config(path, registre, report)

    seen: set[str] = set()
    for kind, model in KINDS.items():
        entities = document.get(kind, {})
        if not isinstance(entities, dict):
            raise PcaetError(f"{path} : « {kind} » doit être un objet identifiant → entité")
        for ident, data in entities.items():
            source = f"{kind}/{ident}"
            report.read(source)
            reason = unsafe_name(ident)
            if reason is not None:
                # The identifier becomes a file name: `../x` must not write outside --output.
                report.add(source, RowStatus.REFUSED, reason)
                continue
            if ident in seen:
                # The register forbids one identifier in two folders.
                report.add(source, RowStatus.REFUSED, "identifiant déjà pris par une autre entité")
                continue
            try:
                # JSON-mode validation: the register's strict types accept what JSON can
                # say (years as object keys are strings there).
                entity = model.model_validate_json(json.dumps(data))
            except ValidationError as exc:
                problems = "; ".join(
                    f"{'.'.join(map(str, e['loc'])) or 'entité'} : {e['msg']}" for e in exc.errors()
                )
                report.add(source, RowStatus.REFUSED, f"invalide ({problems})")
                continue
            seen.add(ident)
            dumped = entity.model_dump(mode="python", exclude_defaults=True, by_alias=True)
            rel = result.add_entity(kind, ident, _explicit_nulls(dumped))
            report.add(source, RowStatus.CREATED, "", rel)
    return result


def _config(path: Path, registre: Any, report: ImportReport) -> str | None:
    """The exported pcaet.toml, kept as written when its settings are valid; otherwise
    a new one is written, and the report says why."""
    text = registre.get("pcaet_toml") if isinstance(registre, dict) else None
    if text is None:
        return None
    if not isinstance(text, str):
        report.notes.append("registre.pcaet_toml n'est pas un texte : pcaet.toml par défaut")
        return None
    try:
        parse_config(text, f"{path.name}, registre.pcaet_toml")
    except PcaetError as exc:
        report.notes.append(f"{exc} ; pcaet.toml par défaut écrit à la place")
        return None
    return text
