"""Declarative rule cases: each file of cases/ names a rule and lists small multi-file
registers with the exact diagnostics (path:line:col: CODE message) they must produce
when only that rule runs. A case with `expect: []` must stay silent."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from pcaet_cli.lint.engine import LintRequest, run_lint
from pcaet_cli.lint.registry import all_rules
from pcaet_cli.register import discovery

CASES = Path(__file__).parent / "cases"
REFERENCE_DATE = date(2026, 6, 15)


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        spec = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(pytest.param(spec, case, id=f"{spec['rule']}: {case['name']}"))
    return params


def _special_files(root: Path, case: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """What a dict of file texts cannot say: `links` (name → target, as written),
    `fifos` (names) and `unreadable` folders (listing them fails as without the read
    permission, which root, running CI, always has)."""
    for name, target in case.get("links", {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).symlink_to(target)
    for name in case.get("fifos", []):
        os.mkfifo(root / name)
    unreadable = {str(root / name) for name in case.get("unreadable", [])}
    if unreadable:
        scandir = os.scandir

        def refusing(path: str) -> Any:
            if str(path) in unreadable:
                raise PermissionError(13, "Permission non accordée")
            return scandir(path)

        monkeypatch.setattr(discovery.os, "scandir", refusing)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("spec", "case"), _load_cases())
def test_rule_case(
    spec: dict[str, Any],
    case: dict[str, Any],
    write_register: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = write_register(case["files"])
    _special_files(root, case, monkeypatch)
    select = [spec["rule"], *case.get("also", [])]
    run = run_lint(LintRequest(root, select=select, today=REFERENCE_DATE))
    produced = [
        f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}" for d in run.result.diagnostics
    ]
    assert produced == case["expect"]


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    covered: dict[str, set[bool]] = {}
    for path in CASES.glob("*.yaml"):
        spec = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            fires = any(f": {spec['rule']} " in line for line in case["expect"])
            covered.setdefault(spec["rule"], set()).add(fires)
    missing = [r.code for r in all_rules() if covered.get(r.code) != {True, False}]
    assert missing == [], f"règles sans cas positif et négatif : {missing}"


def test_rule_functions_are_named_after_their_rule() -> None:
    # `pcaet rules P011` says action-en-retard: the code reads the same.
    misnamed = [
        f"{r.code} {r.check.__name__}"
        for r in all_rules()
        if r.check is not None and r.check.__name__ != r.name.replace("-", "_")
    ]
    assert misnamed == []


_EXAMPLE = re.compile(r"(Mauvais|Bon)[^\n:]*:[ \t]*\n((?:    .*\n|[ \t]*\n)+)")
_COMMENT = re.compile(r"\s+#(?! pcaet:).*$")


def _doc_examples(doc: str) -> dict[str, list[str]]:
    """The YAML of a rule's « Mauvais » and « Bon » blocks, line by line, without the
    explanatory comments (a `# pcaet:` suppression is part of the example)."""
    found: dict[str, list[str]] = {}
    for label, block in _EXAMPLE.findall(doc + "\n"):
        lines = [_COMMENT.sub("", line[4:]) for line in block.split("\n") if line.strip()]
        found.setdefault(label, lines)
    return found


def test_docstring_examples_are_rule_cases() -> None:
    # `pcaet rules CODE` shows these examples: each is a case of the rule, so it cannot
    # say something the rule does not do. A « Mauvais » example stands in a case that
    # fires, a « Bon » one in a case that stays silent.
    cases = {
        path.stem: YAML(typ="safe").load(path.read_text(encoding="utf-8"))["cases"]
        for path in CASES.glob("*.yaml")
    }
    missing = []
    for rule in all_rules():
        for label, lines in _doc_examples(rule.doc).items():
            fires = label == "Mauvais"
            if not any(
                any(f": {rule.code} " in line for line in case["expect"]) is fires
                and all(
                    line.rstrip() in "\n".join(map(str, case["files"].values())) for line in lines
                )
                for case in cases.get(rule.code, [])
            ):
                missing.append(f"{rule.code} {label}")
    assert missing == []
