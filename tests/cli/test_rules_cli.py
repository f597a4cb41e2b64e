"""`pcaet rules`: the list, one rule explained, and the published reference."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.cli.rules import rules_markdown
from pcaet_cli.lint.registry import all_rules
from tests.conftest import REPO

runner = CliRunner()


def test_every_rule_is_listed_with_code_name_and_severity() -> None:
    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [r["code"] for r in listed] == [r.code for r in all_rules()]
    for rule in listed:
        assert rule["name"] and rule["severity"] in {"error", "warning", "info"}
        # The docstring says why, and shows a bad and a good example.
        assert "Mauvais" in rule["doc"] and "Bon" in rule["doc"], rule["code"]


def test_codes_and_names_are_unique_and_well_formed() -> None:
    rules = all_rules()
    assert len({r.name for r in rules}) == len(rules)
    for rule in rules:
        assert rule.name == rule.name.lower() and " " not in rule.name


def test_one_rule_by_code_or_by_name() -> None:
    by_code = runner.invoke(app, ["rules", "p006"])
    by_name = runner.invoke(app, ["rules", "rattachement-dgs"])
    assert by_code.exit_code == by_name.exit_code == 0
    assert by_code.stdout == by_name.stdout
    assert "P006 rattachement-dgs — avertissement" in by_code.stdout
    assert "Clisson" in by_code.stdout
    assert "max_niveaux = 1" in by_code.stdout


def test_unknown_rule_suggests_the_closest() -> None:
    result = runner.invoke(app, ["rules", "action-sans-pilot"])
    assert result.exit_code == 2
    assert "vouliez-vous dire « action-sans-pilote »" in result.stderr


def test_published_reference_is_up_to_date() -> None:
    published = (REPO / "docs" / "regles.md").read_text(encoding="utf-8")
    assert published == rules_markdown(all_rules()), (
        "docs/regles.md est périmé : pcaet rules --format markdown > docs/regles.md"
    )
