"""click's usage errors reach the user in French, through the command as run in-process
and once through a real process."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.cli.usage_errors import in_french


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("No such option: --bogus", "Option inconnue : --bogus."),
        (
            "No such option: --fo (Possible options: --force, --format)",
            "Option inconnue : --fo (options proches : --force, --format).",
        ),
        (
            "No such command 'lnt'. Did you mean 'lint'?",
            "Commande inconnue « lnt ». Vouliez-vous dire « lint » ?",
        ),
        ("Missing argument 'FICHIER'.", "Argument manquant « FICHIER »."),
        (
            "Invalid value for '--format' / '-f': Value error, 'xml' is not one of 'a', 'b'.",
            "Valeur invalide pour « --format » / « -f » : « xml » n'est pas l'une des "
            "valeurs 'a', 'b'.",
        ),
        (
            "Invalid value for '[PATH]': Path 'x' does not exist.",
            "Valeur invalide pour « [PATH] » : Chemin « x » introuvable.",
        ),
        ("Got unexpected extra argument (b)", "Argument en trop : b."),
        ("Got unexpected extra arguments (b c)", "Arguments en trop : b c."),
        ("Option '--select' requires an argument.", "L'option « --select » attend une valeur."),
        # An unknown message is shown as click wrote it, never dropped.
        ("Something new in click.", "Something new in click."),
    ],
)
def test_messages(english: str, french: str) -> None:
    assert in_french(english) == french


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["lnt"], "Commande inconnue « lnt ». Vouliez-vous dire « lint » ?"),
        (["lint", "--bogus"], "Option inconnue : --bogus."),
        (["lint", "--format", "xml"], "« xml » n'est pas une valeur admise"),
        (["lint", ".", "de-trop"], "Argument en trop : de-trop."),
    ],
)
def test_the_command_says_it_in_french(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Erreur" in result.stderr and "No such" not in result.stderr


def test_the_installed_command_says_it_in_french_too() -> None:
    # Through a real process once: the entry point puts the French in place before
    # click parses anything, with no terminal and no locale to lean on.
    done = subprocess.run(
        [sys.executable, "-m", "pcaet_cli", "lint", "--format", "xml"],
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": "200", "PATH": ""},
    )
    assert done.returncode == 2
    assert "« xml » n'est pas une valeur admise" in done.stderr
    assert "Erreur" in done.stderr and "Invalid value" not in done.stderr
