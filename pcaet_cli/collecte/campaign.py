"""The manifest of a campaign (`collecte.json`, beside the workbooks): which workbooks
were prepared, for whom, with which actions, and which came back and were integrated.
`pcaet collecte suivi` reads it with the register to say what is still awaited."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pcaet_cli.errors import PcaetError, os_reason
from pcaet_cli.fsutil import atomic_write, check_output_file
from pcaet_cli.io.limits import check_size
from pcaet_cli.io.read_errors import json_reason
from pcaet_cli.model import Action
from pcaet_cli.register.index import RegisterIndex

MANIFEST = "collecte.json"
FORMAT = "pcaet-collecte-campagne"
_MAX_BYTES = 20_000_000


def manifest_path(folder: Path) -> Path:
    return folder / MANIFEST


def load(folder: Path) -> dict[str, Any]:
    """The manifest of `folder`, or an empty one."""
    path = manifest_path(folder)
    if not path.exists():
        return {"format": FORMAT, "version": 1, "classeurs": {}}
    check_size(path, _MAX_BYTES)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PcaetError(f"{path} : manifeste de collecte illisible ({os_reason(exc)})") from None
    except UnicodeDecodeError:
        raise PcaetError(f"{path} : manifeste de collecte illisible (pas en UTF-8)") from None
    except ValueError as exc:
        raise PcaetError(
            f"{path} : manifeste de collecte illisible ({json_reason(exc)}) ; corrigez-le à "
            "cet endroit, ou préparez la collecte à nouveau (pcaet collecte preparer)"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PcaetError(f"{path} : ce n'est pas un manifeste de collecte de pcaet")
    if not isinstance(data.get("classeurs"), dict):
        data["classeurs"] = {}
    return data


def save(folder: Path, data: dict[str, Any], register_root: Path | None) -> None:
    path = manifest_path(folder)
    check_output_file(path, True, register_root)
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def record_prepared(
    data: dict[str, Any],
    file: str,
    recipient: str,
    name: str,
    par: str,
    made_on: date,
    revision: str | None,
    actions: list[str],
) -> None:
    data["classeurs"][file] = {
        "destinataire": recipient,
        "nom": name,
        "par": par,
        "prepare_le": made_on.isoformat(),
        "revision": revision,
        "actions": actions,
        "integrations": [],
    }


def record_integrated(
    data: dict[str, Any], recipient: str, par: str, file: str, on: date, actions: list[str]
) -> bool:
    """Note that the workbook of (recipient, par) came back as `file`; False when the
    manifest has no such workbook."""
    for entry in data["classeurs"].values():
        if (
            isinstance(entry, dict)
            and entry.get("destinataire") == recipient
            and entry.get("par") == par
        ):
            entry.setdefault("integrations", []).append(
                {"le": on.isoformat(), "fichier": file, "actions": actions}
            )
            return True
    return False


@dataclass(frozen=True, slots=True)
class WorkbookState:
    file: str
    name: str
    par: str
    prepared: str
    actions: int
    integrated: str | None
    """Date of the last integration, or None while awaited."""


@dataclass(frozen=True, slots=True)
class Stale:
    ident: str
    titre: str
    recipients: list[str]
    last: date | None


def states(data: dict[str, Any]) -> list[WorkbookState]:
    result = []
    for file, entry in sorted(data["classeurs"].items()):
        if not isinstance(entry, dict):
            continue
        done = [i.get("le") for i in entry.get("integrations", []) if isinstance(i, dict)]
        result.append(
            WorkbookState(
                file=str(file),
                name=str(entry.get("nom", "")),
                par=str(entry.get("par", "")),
                prepared=str(entry.get("prepare_le", "")),
                actions=len(entry.get("actions", [])),
                integrated=max((str(d) for d in done if d), default=None),
            )
        )
    return result


def stale(data: dict[str, Any], index: RegisterIndex, since: date) -> list[Stale]:
    """The campaign's actions neither answered in an integrated workbook nor with a
    follow-up note dated `since` or later."""
    who: dict[str, list[str]] = {}
    answered: set[str] = set()
    for entry in data["classeurs"].values():
        if isinstance(entry, dict):
            for done in entry.get("integrations", []):
                if isinstance(done, dict):
                    answered.update(str(i) for i in done.get("actions", []))
            for ident in entry.get("actions", []):
                who.setdefault(str(ident), []).append(str(entry.get("nom", "")))
    result = []
    for ident in sorted(set(who) - answered):
        doc = index.actions.get(ident)
        model = doc.model if doc is not None else None
        if not isinstance(model, Action):
            continue
        last = max((s.date for s in model.suivi), default=None)
        if last is None or last < since:
            result.append(Stale(ident, model.titre, sorted(set(who[ident])), last))
    return result
