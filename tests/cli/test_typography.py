"""French typography over everything the example register makes pcaet say: every
report view in Markdown (in the terminal: tests/cli/test_report_cli.py), lint's text,
a diff, the help of every command. A space (or a no-break space) before « : ; ! ? »,
no "(s)" or "(e)" plural tricks, no "1 plans", decimal commas in durations."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import COMMANDS, app
from pcaet_cli.reports import VIEWS
from tests.cli.test_lint_cli import FAULTY
from tests.conftest import EXAMPLE, WriteRegister

runner = CliRunner()
DATE = "2026-11-29"

# What is not French prose, removed before looking: code spans, URLs, file:line:col
# locations, times, Markdown alignment rows, and what « » quote (a value, a YAML key,
# a command: the user's words or the machine's, not ours).
_NOT_PROSE = [
    re.compile(r"`[^`\n]*`"),
    re.compile(r"«[^»\n]*»"),
    re.compile(r"\b[a-z][\w+.-]*://\S+"),
    re.compile(r"\S+:\d+(?::\d+)?\b"),
    re.compile(r"\b\d{1,2}:\d{2}\b"),
    re.compile(r"^\|[-:| ]+\|$", re.MULTILINE),
    re.compile(r"^\s*\d+ │.*$", re.MULTILINE),  # a line of the user's file, quoted by lint
]
_TIGHT = re.compile(r"(?<=[^\s\u00a0\u202f│┃|])[;:!?](?=[\s\u00a0]|$)", re.MULTILINE)
_TRICK = re.compile(r"\w\((?:s|e|es|x)\)")
PLURAL_NOUNS = (
    "actions",
    "plans",
    "acteurs",
    "territoires",
    "fichiers",
    "indicateurs",
    "secteurs",
    "domaines",
    "lignes",
    "communes",
    "services",
    "personnes",
    "pages",
    "points",
    "problèmes",
    "erreurs",
    "avertissements",
    "surcharges",
    "années",
)
_DISAGREE = re.compile(rf"(?<![\d,.\u202f])[01][\u00a0 ](?:{'|'.join(PLURAL_NOUNS)})\b")
_DOT_DURATION = re.compile(r"\b\d+\.\d+[\u00a0 ]?(?:s|ms|min)\b")


def faults(text: str) -> list[str]:
    """Each typographic fault of `text`, with a little of what surrounds it."""
    prose = text
    for pattern in _NOT_PROSE:
        prose = pattern.sub(" ", prose)
    found = [
        f"espace avant « {m[0]} » : …{prose[max(0, m.start() - 25) : m.end() + 5]}…"
        for m in _TIGHT.finditer(prose)
    ]
    found += [f"pluriel entre parenthèses : {m[0]}" for m in _TRICK.finditer(text)]
    found += [f"accord : {m[0]}" for m in _DISAGREE.finditer(text)]
    found += [f"point décimal : {m[0]}" for m in _DOT_DURATION.finditer(text)]
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chiffres clés: 3", ["espace avant « : »"]),
        ("Chiffres clés : 3 ; fin !", []),
        ("Chiffres clés\u202f: 3", []),
        ("2 action(s) en retard", ["pluriel entre parenthèses"]),
        ("chargé(e) de mission", ["pluriel entre parenthèses"]),
        ("1 plans", ["accord"]),
        ("11 plans, 1 plan, 0 action", []),
        ("écrit en 0.6 s", ["point décimal"]),
        ("écrit en 0,6\u00a0s ; axe 6.1", []),
        ("voir https://example.org/a?b=1 et `a:b` à 12:30", []),
        ("actions/mob-01.yaml:3:9: S004 hors vocabulaire", []),
        ("renseignez « population: »", []),
        ("|---|---:|", []),
    ],
)
def test_the_checker_finds_what_it_should(text: str, expected: list[str]) -> None:
    assert [f.split(" :")[0].split(" «")[0] for f in faults(text)] == [
        e.split(" «")[0] for e in expected
    ]


def _say(args: list[str]) -> str:
    result = runner.invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code in (0, 1), (args, result.output)
    return result.stdout + result.stderr


# In the terminal, each view is read at 80 columns by tests/cli/test_report_cli.py
# (test_every_view_at_80_columns_splits_no_word), with faults() too.
REPORTS = [
    [view, *(["vdb-svc-mobilite"] if view == "service" else []), "-f", "markdown"] for view in VIEWS
]


@pytest.mark.parametrize("args", REPORTS, ids=lambda a: f"{a[0]}-{a[-1]}")
def test_every_report_view(args: list[str]) -> None:
    said = _say(["report", *args, "-r", str(EXAMPLE), "--date", DATE])
    assert said.strip()
    assert faults(said) == []


def test_lint_text() -> None:
    said = _say(["lint", str(EXAMPLE), "--date", DATE])
    assert "Synthèse du registre" in said
    assert faults(said) == []


def test_lint_text_with_problems(write_register: WriteRegister) -> None:
    root = write_register(FAULTY)
    said = _say(["lint", str(root), "--date", DATE])
    assert "P001" in said
    assert faults(said) == []


def test_a_diff() -> None:
    said = _say(["diff", "HEAD", "HEAD", "-r", str(EXAMPLE), "--date", DATE])
    assert said.strip()
    assert faults(said) == []


@pytest.mark.parametrize("command", ["", *(name for name, _, _ in COMMANDS)])
def test_the_help_of_every_command(command: str) -> None:
    said = _say([command, "--help"] if command else ["--help"])
    assert "Utilisation" in said
    assert faults(said) == []
