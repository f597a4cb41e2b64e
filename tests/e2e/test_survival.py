"""Every command survives any register lint can describe: the faulty copy of the
example (one fault per rule), the example with a cited actor deleted and odd values
(YAML 1.3 and 2.0, escaped control characters, .inf, .nan), and damaged registers
made by the loader's fuzz strategy. Pass: exit 0 or 1, no internal error, output
parseable in its format."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.reports import VIEWS as REPORT_VIEWS
from tests.conftest import EXAMPLE
from tests.rules.test_faulty_example import faulty_copy
from tests.unit.test_loader_fuzz import BASE, mutated

runner = CliRunner()

VIEWS = [view for view in REPORT_VIEWS if view != "service"]
"""Every view but the page of one service, which needs an argument."""
ODD = {
    "actions/zz-yaml13.yaml": "%YAML 1.3\n---\ntitre: Essai 1.3\n",
    "actions/zz-yaml20.yaml": "%YAML 2.0\n---\ntitre: Essai 2.0\n",
    "actions/zz-controle.yaml": 'titre: "Titre\\x01 collé d\'un PDF\\x02"\n',
    "actions/zz-infini.yaml": "titre: Infini\nbudget:\n  - type: investissement\n    prevu: .inf\n",
    "actions/zz-nan.yaml": "titre: NaN\nbudget:\n  - type: investissement\n    prevu: .nan\n",
}


def _first_service(root: Path) -> str:
    for path in sorted((root / "acteurs").glob("*.yaml")):
        if re.search(r"^type: service$", path.read_text(encoding="utf-8"), re.MULTILINE):
            return path.stem
    return "svc-absent"


def _parse(kind: str, text: str, output: Path | None) -> None:
    """Fail unless the output reads back in its format."""
    if kind in ("json", "sarif", "gitlab"):
        json.loads(text[text.index(next(c for c in text if c in "[{")) :])
    elif kind == "csv":
        assert list(csv.reader(io.StringIO(text), delimiter=";"))
    elif kind in ("xlsx", "tet"):
        assert output is not None
        openpyxl.load_workbook(output, read_only=True).close()
    else:
        assert text.strip()


def _invocations(root: Path, out: Path) -> list[tuple[list[str], str, Path | None]]:
    """(argv, format to parse, output file) for every command and format."""
    r = str(root)
    calls: list[tuple[list[str], str, Path | None]] = [
        (["lint", r, "--format", fmt], fmt, None)
        for fmt in ("text", "concise", "json", "github", "gitlab", "sarif")
    ]
    for view in [*VIEWS, f"service {_first_service(root)}"]:
        for fmt in ("table", "markdown", "csv", "json"):
            calls.append((["report", *view.split(), "-r", r, "--format", fmt], fmt, None))
    xlsx = out / "rapport.xlsx"
    calls.append((["report", "-r", r, "--format", "xlsx", "-o", str(xlsx)], "xlsx", xlsx))
    for fmt in ("json", "csv"):
        calls.append((["export", "-r", r, "--format", fmt], fmt, None))
    for fmt in ("xlsx", "tet"):
        target = out / f"export-{fmt}.xlsx"
        calls.append((["export", "-r", r, "--format", fmt, "-o", str(target)], fmt, target))
    calls.append((["site", "-r", r, "-o", str(out / "site")], "text", None))
    calls.append((["site", "-r", r, "-o", str(out / "site-public"), "--public"], "text", None))
    calls.append((["fmt", r, "--check"], "text", None))
    return calls


def _survives(root: Path, out: Path, only: Callable[[list[str]], bool] | None = None) -> int:
    """Run every invocation; returns how many ran."""
    ran = 0
    for argv, kind, output in _invocations(root, out):
        if only is not None and not only(argv):
            continue
        result = runner.invoke(app, argv)
        shown = " ".join(argv)
        assert result.exit_code in (0, 1), f"{shown} → {result.exit_code}\n{result.output}"
        assert "erreur interne" not in result.output, shown
        assert result.exception is None or isinstance(result.exception, SystemExit), shown
        # Machine formats on stdout alone; what a person reads may be on stderr.
        _parse(kind, result.stdout if kind != "text" else result.output, output)
        ran += 1
    return ran


def _deleted_actor(root: Path) -> None:
    shutil.copytree(EXAMPLE, root)
    action = sorted((root / "actions").glob("*.yaml"))[0]
    pilot = re.search(r"^pilote: *(\S+)", action.read_text(encoding="utf-8"), re.MULTILINE)
    assert pilot is not None
    (root / "acteurs" / f"{pilot[1]}.yaml").unlink()
    for name, text in ODD.items():
        (root / name).write_text(text, encoding="utf-8")


def _machine_format(argv: list[str]) -> bool:
    """Each command once, in its machine format; the spreadsheets and the site too."""
    if argv[0] in ("lint", "report"):
        return "json" in argv
    return "--public" not in argv and "csv" not in argv


def test_each_command_once_on_the_faulty_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The developer's loop (-m "not slow"): every command and view survives the faulty
    # copy; the test below runs them in every format, on both broken registers.
    root = tmp_path / "register"
    faulty_copy(root)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "sorties"
    out.mkdir()
    expected = [argv for argv, *_ in _invocations(root, out) if _machine_format(argv)]
    assert {argv[0] for argv in expected} == {"lint", "report", "export", "site", "fmt"}
    assert _survives(root, out, _machine_format) == len(expected)


# End to end, 55 commands on each register: half a minute, run in CI (.ci/run).
@pytest.mark.slow
@pytest.mark.parametrize(
    "make",
    [
        pytest.param(faulty_copy, id="copie-fautive"),
        pytest.param(_deleted_actor, id="acteur-supprime"),
    ],
)
def test_every_command_on_a_broken_register(
    tmp_path: Path, make: Callable[[Path], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "register"
    make(root)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "sorties"
    out.mkdir()
    assert _survives(root, out) == len(_invocations(root, out))


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Essai", "-c", "user.email=essai@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_diff_and_history_on_a_broken_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git est absent ; pour lancer ce test : apt-get install git")
    root = tmp_path / "register"
    shutil.copytree(EXAMPLE, root)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "Registre")
    action = sorted((root / "actions").glob("*.yaml"))[0]
    shutil.rmtree(root)
    _deleted_actor(root)
    action.write_text("titre: [non fermé\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for argv in (
        ["diff", "HEAD", "-r", str(root)],
        ["diff", "HEAD", "-r", str(root), "--format", "markdown"],
        ["diff", "HEAD", "-r", str(root), "--format", "json"],
        ["history", action.stem, "-r", str(root)],
    ):
        result = runner.invoke(app, argv)
        assert result.exit_code in (0, 1), (argv, result.output)
        assert "erreur interne" not in result.output
        if "json" in argv:
            json.loads(result.stdout)


# End to end on four generated registers: run in CI (.ci/run).
@pytest.mark.slow
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(change=mutated())
def test_commands_on_generated_damaged_registers(
    tmp_path_factory: pytest.TempPathFactory, change: tuple[str, bytes]
) -> None:
    base = tmp_path_factory.mktemp("genere")
    root = base / "register"
    for name, text in BASE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    name, content = change
    (root / name).write_bytes(content)
    out = base / "sorties"
    out.mkdir()

    # A sample: every command once in its machine format, and the site. Left out: the
    # service view and the TeT export, whose service or PCAET plan the damage may have
    # destroyed (they then stop with exit 2, naming what is missing).
    def sampled(argv: list[str]) -> bool:
        wanted = argv[0] in ("lint", "export", "site", "fmt") or "json" in argv
        return wanted and "service" not in argv and "tet" not in argv

    assert _survives(root, out, sampled) > 10
