"""A campaign on a copy of the example register, in its own git repository."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from tests.conftest import EXAMPLE

runner = CliRunner()
DATE = "2026-11-29"
MOBILITES = "service-mobilites.xlsx"
"""The workbook of vdb-svc-mobilite: mob-01 on row 2, mob-02 on row 3 of « Actions »."""


def pcaet(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def committed_example(register: Path) -> Path:
    """A copy of the example register at `register`, committed in a git repository
    without hook samples and with its objects packed: each test copies it, and 264
    files of .git became 22."""
    shutil.copytree(EXAMPLE, register)
    git(register, "init", "-q", "-b", "main", "--template=")
    git(register, "add", "-A")
    git(register, "commit", "-q", "-m", "registre")
    git(register, "repack", "-a", "-d", "-q")
    return register


@dataclass
class RegisterCopy:
    register: Path

    def texts(self) -> dict[str, str]:
        return {
            p.relative_to(self.register).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(self.register.rglob("*.yaml"))
        }


@dataclass
class Campaign(RegisterCopy):
    out: Path

    def edit(self, name: str, cells: dict[str, dict[str, Any]], target: Path | None = None) -> Path:
        """Fill cells as the recipient would ({sheet: {cell: value}}), with openpyxl."""
        path = self.out / name
        book = openpyxl.load_workbook(path)
        for sheet, values in cells.items():
            for cell, value in values.items():
                book[sheet][cell] = value
        book.save(target or path)
        return target or path

    def integrate(self, *args: str) -> tuple[int, str, str]:
        return pcaet("collecte", "integrer", "-r", str(self.register), *args)


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example in a git repository of its own and the campaign prepared from it by
    service, made once: each test works on a copy (`campaign`)."""
    base = tmp_path_factory.mktemp("campagne")
    register = committed_example(base / "registre")
    code, _, err = pcaet(
        "collecte", "preparer", "-r", str(register), "--par", "service",
        "--output", str(base / "collecte"), "--date", DATE,
    )  # fmt: skip
    assert code == 0, err
    return base


@pytest.fixture
def campaign(prepared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Campaign:
    register, out = tmp_path / "registre", tmp_path / "collecte"
    shutil.copytree(prepared / "registre", register, symlinks=True)
    shutil.copytree(prepared / "collecte", out)
    monkeypatch.chdir(register)
    return Campaign(register, out)
