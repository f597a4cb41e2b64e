"""pcaet.toml: selection, per-file ignores, severity overrides, rule options."""

from __future__ import annotations

from datetime import date

import pytest

from pcaet_cli.diagnostic import Severity
from pcaet_cli.errors import PcaetError
from pcaet_cli.lint.config import is_selected
from pcaet_cli.lint.engine import LintRequest, run_lint
from tests.conftest import WriteRegister

ACTION = "titre: Covoiturage\n"


def codes(root: object, **kwargs: object) -> list[tuple[str, str, Severity]]:
    run = run_lint(LintRequest(root, today=date(2026, 6, 15), **kwargs))  # type: ignore[arg-type]
    return [(d.path, d.code, d.severity) for d in run.result.diagnostics]


def test_ruff_like_selection() -> None:
    assert is_selected("P001", ["ALL"], [])
    assert not is_selected("P001", ["ALL"], ["P"])
    assert is_selected("P001", ["ALL", "P001"], ["P"])  # the more specific selector wins
    assert not is_selected("P001", ["P"], ["P001"])
    assert not is_selected("R001", ["P"], [])


def test_per_file_ignores_and_severity_override(write_register: WriteRegister) -> None:
    root = write_register(
        {
            "pcaet.toml": (
                '[lint]\nselect = ["P001", "P003"]\n'
                '[lint.per-file-ignores]\n"actions/ancien-*.yaml" = ["P003"]\n'
                '[lint.severity]\nP003 = "error"\n'
            ),
            "actions/ancien-01.yaml": ACTION,
            "actions/mob-01.yaml": ACTION,
        }
    )
    assert codes(root) == [
        ("actions/ancien-01.yaml", "P001", Severity.ERROR),
        ("actions/mob-01.yaml", "P001", Severity.ERROR),
        ("actions/mob-01.yaml", "P003", Severity.ERROR),
    ]


def test_rule_option_changes_the_threshold(write_register: WriteRegister) -> None:
    indicators = "".join(f"  - nom: Indicateur {i}\n" for i in range(3))
    files = {
        "plans/pcaet.yaml": "nom: PCAET\ntype: PCAET\n",
        "actions/a-01.yaml": f"titre: A\nplans:\n  pcaet:\nindicateurs:\n{indicators}",
    }
    root = write_register({**files, "pcaet.toml": '[lint]\nselect = ["P018"]\n'})
    assert codes(root) == []
    root = write_register(
        {
            **files,
            "pcaet.toml": (
                '[lint]\nselect = ["P018"]\n[lint.options.trop-d-indicateurs]\nmax = 2\n'
            ),
        }
    )
    assert codes(root) == [("plans/pcaet.yaml", "P018", Severity.WARNING)]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[lint]\nfail-on = "grave"\n', "fail-on"),
        ("[lint.options.P018]\nmaximum = 2\n", "option « maximum » inconnue pour P018"),
        ('[lint.options.P018]\nmax = "trente"\n', "attendu une valeur comme 30"),
        ("[lint.options.P999]\nmax = 2\n", "règle inconnue"),
        ("[lint\n", "TOML invalide"),
        ('[registre]\nnon = "x"\n', "vouliez-vous dire « nom »"),
    ],
)
def test_configuration_errors_are_clear(
    write_register: WriteRegister, toml: str, message: str
) -> None:
    root = write_register({"pcaet.toml": toml})
    with pytest.raises(PcaetError, match=r"pcaet\.toml") as caught:
        run_lint(LintRequest(root))
    assert message in str(caught.value)


def test_exclude_leaves_files_out(write_register: WriteRegister) -> None:
    root = write_register(
        {
            "pcaet.toml": '[lint]\nselect = ["N001", "P001"]\nexclude = ["brouillons/*"]\n',
            "brouillons/idee.yaml": "titre: Idée\n",
            "autre/x.yaml": "titre: X\n",
        }
    )
    assert codes(root) == [("autre/x.yaml", "N001", Severity.WARNING)]
