"""Shared helpers: small registers written into temporary folders."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "register"

DEFAULT_CONFIG = '[registre]\nnom = "Registre de test"\n'

WriteRegister = Callable[[Mapping[str, str | bytes]], Path]


# Temporary files in memory when the machine offers it: the suite creates and removes
# some 40 000 files and folders (registers copied per test, caches, exports), and on an
# ext4 /tmp each costs a journaled metadata write (a quarter of a millisecond, 8 to 13 s
# of kernel time for a serial run). The free-space floor keeps a container's 64 MB
# /dev/shm out; TMPDIR, when set, is the user's choice and stays.
MEMORY_TMP = Path("/dev/shm")
MEMORY_TMP_FLOOR = 1 << 30


def _memory_tmp() -> Path | None:
    if "TMPDIR" in os.environ or not MEMORY_TMP.is_dir() or not os.access(MEMORY_TMP, os.W_OK):
        return None
    usage = shutil.disk_usage(MEMORY_TMP)
    return MEMORY_TMP if usage.free >= MEMORY_TMP_FLOOR else None


def pytest_configure(config: pytest.Config) -> None:
    # Property tests without an explicit count follow the profile too (tests/profiles.py).
    from hypothesis import settings

    from tests.profiles import PROFILE, examples

    settings.register_profile(PROFILE, max_examples=examples(100))
    settings.load_profile(PROFILE)
    # Before pytest first asks for its base folder (lazily, after configuration), and
    # in the environment so that subprocesses and xdist's workers use it too.
    memory = _memory_tmp()
    if memory is not None:
        os.environ["TMPDIR"] = str(memory)
        tempfile.tempdir = str(memory)
    # Module-scoped fixtures run before the per-test folder below is set: they too must
    # keep out of the user's ~/.cache. xdist's workers inherit the variable, hence share
    # this folder; the process that made it removes it.
    if "PCAET_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="pcaet-tests-cache-")
        os.environ["PCAET_CACHE_DIR"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.fixture(scope="session")
def example_cache(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The cache files a lint of the example register writes, run from the repository
    (where tests start): what a developer's second run finds. Hundreds of tests read the
    example; each starting from this cache rather than an empty one saves the fifth of
    a second of examining its files again. A test that changes into another folder or
    reads a copy misses it, and the cold path stays tested by those."""
    from pcaet_cli.edit.fmt import format_register
    from pcaet_cli.edit.fmt_cache import FormattedTexts
    from pcaet_cli.lint.engine import LintRequest, run_lint

    folder = tmp_path_factory.mktemp("example-cache")
    start = Path.cwd()
    os.chdir(REPO)
    try:
        run_lint(LintRequest(EXAMPLE, cache_folder=folder))
    finally:
        os.chdir(start)
    # And the texts `pcaet fmt` found formatted: the example and the copies tests make
    # of it (the faulty copy shares most of its files) are checked in a fraction.
    texts = FormattedTexts(folder)
    format_register([EXAMPLE], texts)
    texts.save()
    return {path.name: path.read_bytes() for path in folder.iterdir()}


@pytest.fixture(autouse=True)
def own_cache(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    example_cache: dict[str, bytes],
) -> Iterator[Path]:
    """Each test its own cache folder (subprocesses inherit it), holding only the
    example's (`example_cache`): no test reads what another left, none writes into the
    user's ~/.cache. Removed at the test's end (as tmp_path is, pyproject.toml)."""
    folder = tmp_path_factory.mktemp("cache")
    for name, content in example_cache.items():
        (folder / name).write_bytes(content)
    monkeypatch.setenv("PCAET_CACHE_DIR", str(folder))
    # pytest-xdist's workers inherit COLUMNS=80, a plain run none: outputs drawn for a
    # pipe take their width from it, so each test starts without it and sets its own.
    monkeypatch.delenv("COLUMNS", raising=False)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def write_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WriteRegister:
    """Write `{relative path: content}` as a register in a temporary folder, which
    becomes the working directory (so diagnostics show paths relative to it)."""

    def write(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "registre"
        root.mkdir(exist_ok=True)
        if "pcaet.toml" not in files:
            (root / "pcaet.toml").write_text(DEFAULT_CONFIG, encoding="utf-8")
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        monkeypatch.chdir(root)
        return root

    return write


# Filter options of LibreOffice's CSV export: comma, double quote, UTF-8, first line,
# cells as shown, and -1 = one CSV file per sheet (named <file>-<sheet>.csv).
CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def unavailable(program: str, install: str) -> NoReturn:
    """A system program a test needs is missing: locally the test is skipped with the
    command that installs it; in CI (.ci/run installs it, CI is set) it fails."""
    reason = f"{program} est absent ; pour lancer ce test : {install}"
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (.ci/run doit l'installer)")
    pytest.skip(reason)


def libreoffice_convert(source: Path, target: str, outdir: Path) -> None:
    """Have the real LibreOffice open `source` and save it as `target` ("ods", or
    CSV_EVERY_SHEET) into `outdir`: what an officer's office suite makes of our files."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        unavailable("LibreOffice", "apt-get install libreoffice-calc-nogui")
    done = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{outdir}-profil",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def import_rows(report: str) -> dict[str, tuple[str, str, list[str]]]:
    """The rows of a `pcaet import` text report: source → (status, files and detail,
    notes), so that a test says which row a note belongs to."""
    rows: dict[str, tuple[str, str, list[str]]] = {}
    inside = False
    current: list[str] = []
    for line in report.splitlines():
        if line == "Lignes :":
            inside = True
        elif inside and line.startswith("      remarque : "):
            current.append(line.removeprefix("      remarque : "))
        elif inside and line.startswith("  ") and " : " in line:
            source, rest = line[2:].split(" : ", 1)
            status, _, detail = rest.partition(" ")
            current = []
            rows[source] = (status, detail.lstrip("→— ").strip(), current)
        elif inside and not line.startswith("  "):
            inside = False
    return rows
