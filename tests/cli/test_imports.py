"""Commands import only what they use: `pcaet lint` runs in every commit hook and CI
job, and pandas alone costs it 0.4 s of start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE


def _imported(*args: str, cache: Path) -> set[str]:
    """The top-level packages a real `pcaet` process imports (from -X importtime)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pcaet_cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PCAET_CACHE_DIR": str(cache)},
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert lines, "no import trace"
    return {line.rsplit("|", 1)[1].strip().split(".")[0] for line in lines}


@pytest.mark.parametrize(
    "args",
    [
        ("lint", str(EXAMPLE), "--date", "2026-11-29"),
        ("lint", str(EXAMPLE), "--format", "concise"),
        ("--help",),
    ],
)
def test_lint_and_help_do_not_import_pandas(args: tuple[str, ...], tmp_path: Path) -> None:
    imported = _imported(*args, cache=tmp_path)
    assert "pcaet_cli" in imported
    assert "pandas" not in imported
    assert "openpyxl" not in imported


def test_report_does_import_pandas(tmp_path: Path) -> None:
    # The same trace sees pandas where it is used: the test above can fail.
    imported = _imported("report", "-r", str(EXAMPLE), "--format", "json", cache=tmp_path)
    assert "pandas" in imported
