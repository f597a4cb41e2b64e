"""GitLab Code Quality fingerprints follow the finding, not its line number: the
merge-request widget compares them with the target branch's to tell new findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.diagnostic import Diagnostic, Severity
from pcaet_cli.lint.result import LintResult
from pcaet_cli.render.diagnostics.gitlab import fingerprint, report
from tests.conftest import WriteRegister

runner = CliRunner()

FICHE = """\
titre: Plan vélo
statut: En cours
pilote: svc-inconnu
partenaires: [asso-x, asso-x]
"""


def issues(register: Path) -> list[dict[str, Any]]:
    done = runner.invoke(app, ["lint", str(register), "--format", "gitlab"])
    assert done.exit_code == 1, done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def by_finding(found: list[dict[str, Any]]) -> dict[tuple[str, str, int], str]:
    """Fingerprints by (code, message, rank among identical findings)."""
    out: dict[tuple[str, str, int], str] = {}
    for issue in found:
        key = (issue["check_name"], issue["description"])
        rank = sum(1 for k in out if k[:2] == key)
        out[(*key, rank)] = issue["fingerprint"]
    return out


@pytest.fixture
def fiche(write_register: WriteRegister) -> Path:
    return write_register({"actions/mob-03.yaml": FICHE})


def test_lines_inserted_above_keep_every_fingerprint(fiche: Path) -> None:
    before = by_finding(issues(fiche))
    assert (
        "R001",
        "« pilote » désigne « svc-inconnu », qui n'existe pas (attendu un acteur)",
        0,
    ) in before
    path = fiche / "actions/mob-03.yaml"
    path.write_text("# relu en comité\n\n" + FICHE.replace("statut", "\nstatut"), "utf-8")
    after = issues(fiche)
    assert [i["location"]["lines"]["begin"] for i in after if i["check_name"] == "R001"] == [
        6,
        7,
        7,
    ]
    assert by_finding(after) == before


def test_changing_the_offending_line_changes_its_fingerprint(fiche: Path) -> None:
    before = by_finding(issues(fiche))
    path = fiche / "actions/mob-03.yaml"
    path.write_text(FICHE.replace("[asso-x, asso-x]", "[asso-x, asso-x, ademe]"), "utf-8")
    after = by_finding(issues(fiche))
    pilot = next(k for k in before if "pilote" in k[1])
    partner = next(k for k in before if "partenaires" in k[1])
    assert after[pilot] == before[pilot]  # its line did not change
    assert after[partner] != before[partner]


def test_identical_findings_of_one_file_differ(fiche: Path) -> None:
    found = issues(fiche)
    partners = [i for i in found if "« asso-x »" in i["description"]]
    assert len(partners) == 2
    assert partners[0]["description"] == partners[1]["description"]
    assert partners[0]["fingerprint"] != partners[1]["fingerprint"]
    assert len({i["fingerprint"] for i in found}) == len(found)


def test_fingerprint_fields() -> None:
    base = fingerprint("a.yaml", "R001", "m", "pilote: x", 1)
    assert fingerprint("a.yaml", "R001", "m", "  pilote:   x ", 1) == base  # spacing
    assert fingerprint("b.yaml", "R001", "m", "pilote: x", 1) != base
    assert fingerprint("a.yaml", "R002", "m", "pilote: x", 1) != base
    assert fingerprint("a.yaml", "R001", "n", "pilote: x", 1) != base
    assert fingerprint("a.yaml", "R001", "m", "pilote: y", 1) != base
    assert fingerprint("a.yaml", "R001", "m", "pilote: x", 2) != base
    # A line number quoted by the message moves with the lines above it.
    assert fingerprint("a.yaml", "Y002", "clé « a » en double (déjà à la ligne 4)", "a: 1", 1) == (
        fingerprint("a.yaml", "Y002", "clé « a » en double (déjà à la ligne 9)", "a: 1", 1)
    )


def test_location_is_the_path_from_the_repository(tmp_path: Path) -> None:
    depot = tmp_path / "depot"
    (depot / ".git").mkdir(parents=True)
    d = Diagnostic(
        path="actions/a.yaml", line=2, column=1, code="R001", message="m", severity=Severity.ERROR
    )
    result = LintResult(
        root=".", diagnostics=[d], files=1, entities={}, rules=[], sources={d.path: ["x", "y"]}
    )
    [issue] = report(result, cwd=str(depot / "registre"))
    assert issue["location"] == {"path": "registre/actions/a.yaml", "lines": {"begin": 2}}
    # The same finding seen from the repository root: the same fingerprint.
    moved = Diagnostic(
        path="registre/actions/a.yaml",
        line=2,
        column=1,
        code="R001",
        message="m",
        severity=Severity.ERROR,
    )
    from_root = LintResult(
        root="registre",
        diagnostics=[moved],
        files=1,
        entities={},
        rules=[],
        sources={moved.path: ["x", "y"]},
    )
    assert report(from_root, cwd=str(depot))[0]["fingerprint"] == issue["fingerprint"]
