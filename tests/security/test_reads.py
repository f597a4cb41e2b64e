"""Nothing is read outside the register, nothing hangs, and one odd file is a located
finding: links out and loops, FIFOs, /dev/zero, huge files, escapes in values,
YAML version directives, keys Python would merge, and configuration that would
silence every rule."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from tests.conftest import EXAMPLE, WriteRegister

runner = CliRunner()

SECRET = "mot-de-passe-du-serveur-ci"


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example register with every kind of file that must not be read."""
    outside = tmp_path / "secret.yaml"
    outside.write_text(f"titre: {SECRET}\n", encoding="utf-8")
    root = tmp_path / "depot" / "register"
    shutil.copytree(EXAMPLE, root)
    actions = root / "actions"
    (actions / "zz-secret.yaml").symlink_to(outside)
    (actions / "zz-passwd.yaml").symlink_to("/etc/passwd")
    (actions / "zz-zero.yaml").symlink_to("/dev/zero")
    (actions / "zz-a.yaml").symlink_to("zz-b.yaml")
    (actions / "zz-b.yaml").symlink_to("zz-a.yaml")
    os.mkfifo(actions / "zz-tube.yaml")
    (root / "acteurs" / "zz-dehors").symlink_to(tmp_path, target_is_directory=True)
    monkeypatch.chdir(root)
    return root


def _run(argv: list[str]) -> tuple[int, str, float]:
    started = time.monotonic()
    result = runner.invoke(app, argv)
    return result.exit_code, result.output, time.monotonic() - started


@pytest.mark.parametrize("fmt", ["concise", "json", "text", "sarif"])
def test_lint_names_each_refused_file_and_reads_none(hostile: Path, fmt: str) -> None:
    code, output, seconds = _run(["lint", str(hostile), "--format", fmt])
    assert code == 1
    assert seconds < 60
    assert SECRET not in output
    assert "root:" not in output
    for name in ("zz-secret", "zz-passwd", "zz-zero", "zz-a", "zz-b", "zz-tube", "zz-dehors"):
        assert name in output, name
    if fmt == "concise":
        lines = [line for line in output.splitlines() if "zz-" in line]
        assert all(": N004 " in line for line in lines), lines


def test_every_command_keeps_outside_files_out(hostile: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    for argv in (
        ["report", "-r", str(hostile), "--format", "json"],
        ["report", "qui-fait-quoi", "-r", str(hostile)],
        ["export", "-r", str(hostile), "--format", "json"],
        ["site", "-r", str(hostile), "-o", str(site)],
        ["fmt", str(hostile), "--check"],
    ):
        code, output, seconds = _run(argv)
        assert code in (0, 1), (argv, output)
        assert seconds < 60
        assert SECRET not in output and "root:" not in output, argv
        assert "erreur interne" not in output
    assert not any(SECRET in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    code, output, _ = _run(["report", "-r", str(hostile), "--format", "json"])
    # The seven refused entries are counted among the files left out.
    assert "7 fichiers du registre laissés de côté" in output


def test_a_huge_file_is_a_finding_not_read(write_register: WriteRegister) -> None:
    root = write_register(
        {
            "pcaet.toml": '[registre]\nnom = "Essai"\ntaille-max-fichier = 1000\n',
            "actions/mob-01.yaml": "titre: " + "x" * 5000 + "\n",
            "actions/mob-02.yaml": "titre: Vélo\n",
        }
    )
    code, output, _ = _run(["lint", str(root), "--format", "concise", "--select", "Y,N"])
    assert code == 1
    assert "actions/mob-01.yaml:1:1: Y008 fichier trop gros (5008 octets)" in output
    assert "mob-02" not in output


ODD_FILES = {
    "actions/e-01.yaml": 'titre: "a\\ud800b"\n',
    "actions/e-02.yaml": 'titre: "x\\x01y\\e]0;PWNED\\a"\n',
    "actions/e-03.yaml": "titre: x\nnull: un\n~: deux\n",
    "actions/e-04.yaml": "titre: x\ntrue: un\nTrue: deux\n",
    "actions/e-05.yaml": 'titre: x\nnull: un\n"null": deux\n',
    "actions/e-06.yaml": "%YAML 1.3\n---\ntitre: Lu quand même\n",
    "actions/e-07.yaml": "%YAML 2.0\n---\ntitre: x\n",
    "actions/e-08.yaml": "titre: x\nbudget:\n  - type: investissement\n    prevu: .inf\n",
    "actions/e-09.yaml": "titre: x\ndate_debut: 2024-02-30\n",
    "actions/e-10.yaml": "titre: x\nbudget: " + "9" * 5000 + "\n",
}


def test_odd_values_are_located_findings(write_register: WriteRegister) -> None:
    root = write_register(ODD_FILES)
    code, output, _ = _run(["lint", str(root), "--format", "concise", "--select", "Y,S"])
    assert code == 1, output
    assert "erreur interne" not in output
    expected = [
        "actions/e-01.yaml:1:8: Y001 demi-code UTF-16 isolé « \\ud800 »",
        "actions/e-02.yaml:1:8: Y001 caractère de contrôle « \\x01 » écrit en échappement",
        "actions/e-03.yaml:3:1: Y002 clé « ~ » en double (déjà à la ligne 2)",
        "actions/e-04.yaml:3:1: Y002 clé « True » en double (déjà à la ligne 2)",
        "actions/e-05.yaml:3:1: Y002 clé « null » en double (déjà à la ligne 2)",
        "actions/e-06.yaml:1:1: Y009 version YAML 1.3 inconnue",
        "actions/e-07.yaml:1:1: Y005 version YAML 2.0 non prise en charge",
        "actions/e-08.yaml:4:12: S005 « budget[1].prevu » : « inf » n'est pas un nombre fini",
        "actions/e-09.yaml:2:13: S005 « date_debut » : la date « 2024-02-30 » n'existe pas",
        "actions/e-10.yaml:2:9: S003 « budget » doit être une liste",
    ]
    for line in expected:
        assert line in output, line
    # The raw escape never reaches the output.
    assert "\x1b" not in output and "\x01" not in output


def test_every_command_survives_odd_values(write_register: WriteRegister, tmp_path: Path) -> None:
    root = write_register(ODD_FILES)
    for argv in (
        ["lint", str(root), "--format", "json"],
        ["lint", str(root), "--format", "sarif"],
        ["report", "-r", str(root), "--format", "json"],
        ["export", "-r", str(root), "--format", "json"],
        ["export", "-r", str(root), "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")],
        ["fmt", str(root), "--check"],
        ["site", "-r", str(root), "-o", str(tmp_path / "site")],
    ):
        code, output, _ = _run(argv)
        assert code in (0, 1), (argv, output)
        assert "erreur interne" not in output, argv
        if "json" in argv and argv[0] != "report":
            document = output[output.index("{") :] if argv[0] == "export" else output
            json.loads(document)  # finite numbers only: strict JSON
            assert "Infinity" not in document and "NaN" not in document


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[lint]\nignore = [""]\n', "code de règle vide"),
        ('[lint]\nselect = ["  "]\n', "code de règle vide"),
        ("[registre]\ntaille-max-fichier = 0\n", "taille-max-fichier"),
    ],
)
def test_configuration_that_would_silence_everything_is_refused(
    write_register: WriteRegister, config: str, message: str
) -> None:
    root = write_register({"pcaet.toml": config, "actions/mob-01.yaml": "titre: x\n"})
    code, output, _ = _run(["lint", str(root)])
    assert code == 2
    assert message in output
    assert "pcaet.toml" in output


def test_an_exclude_that_leaves_nothing_fails(write_register: WriteRegister) -> None:
    root = write_register(
        {
            "pcaet.toml": '[lint]\nexclude = ["*.yaml"]\n',
            "actions/mob-01.yaml": "titre: x\n",
        }
    )
    code, output, _ = _run(["lint", str(root), "--format", "concise"])
    assert code == 1
    assert "pcaet.toml:2:1: N006" in output
