"""The per-file cache: reused when nothing changed, dropped or bypassed when the file's
content, the tool or the settings change, and never hiding a finding across files."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pcaet_cli.lint.engine import LintRequest, run_lint
from pcaet_cli.register import cache as cache_module
from pcaet_cli.register import fastpath, loader
from pcaet_cli.register.cache import cache_file
from tests.conftest import WriteRegister

TODAY = date(2026, 11, 29)

FILES = {
    "territoires/cc-brume.yaml": "nom: CC de Brume\nnature: EPCI\nsiren: '200000172'\n",
    "acteurs/svc-mobilite.yaml": "nom: Service mobilité\ntype: service\n",
    "acteurs/elu-mobilite.yaml": "nom: Élu mobilité\ntype: elu\n",
    "actions/mob-01.yaml": (
        "titre: Covoiturage\npilote: svc-mobilite\nreferent: elu-mobilite\nechelon: cc-brume\n"
    ),
    "actions/mob-02.yaml": (
        "titre: Vélo\npilote: svc-mobilite\nreferent: elu-mobilite\necheleon: cc-brume\n"
    ),
}


def _codes(root: Path) -> list[tuple[str, int, str]]:
    run = run_lint(LintRequest(root, today=TODAY))
    return [(Path(d.path).name, d.line, d.code) for d in run.result.diagnostics]


class Counter:
    """How many files the fast path parsed (cache misses) in the last run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parsed: list[str] = []
        original = loader._read

        def counting(raw: bytes, file: object, shown: str, positions: bool) -> object:
            self.parsed.append(Path(shown).name)
            return original(raw, file, shown, positions)  # type: ignore[arg-type]

        # The fast path calls _read directly, `examine` through the loader's name.
        monkeypatch.setattr(loader, "_read", counting)
        monkeypatch.setattr(fastpath, "_read", counting)

    def take(self) -> list[str]:
        parsed, self.parsed = sorted(self.parsed), []
        return parsed


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Counter:
    return Counter(monkeypatch)


def test_second_run_parses_nothing_and_finds_the_same(
    write_register: WriteRegister, counter: Counter, own_cache: Path
) -> None:
    root = write_register(FILES)
    first = _codes(root)
    assert len(counter.take()) == len(FILES)
    assert ("mob-02.yaml", 4, "S002") in first
    assert cache_file(root, own_cache).is_file()
    assert _codes(root) == first
    assert counter.take() == []


def test_changed_content_is_read_again(write_register: WriteRegister, counter: Counter) -> None:
    root = write_register(FILES)
    _codes(root)
    counter.take()
    fixed = FILES["actions/mob-02.yaml"].replace("echeleon", "echelon")
    (root / "actions/mob-02.yaml").write_text(fixed, encoding="utf-8")
    after = _codes(root)
    assert counter.take() == ["mob-02.yaml"]
    assert not any(code == "S002" for _, _, code in after)


def test_new_version_drops_the_cache(
    write_register: WriteRegister, counter: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_register(FILES)
    first = _codes(root)
    counter.take()
    monkeypatch.setattr(cache_module, "__version__", "99.0.0")
    cache_module.code_fingerprint.cache_clear()
    try:
        assert _codes(root) == first
        assert len(counter.take()) == len(FILES)
    finally:
        cache_module.code_fingerprint.cache_clear()


def test_changed_settings_drop_the_cache(write_register: WriteRegister, counter: Counter) -> None:
    root = write_register(FILES)
    assert ("mob-02.yaml", 4, "S002") in _codes(root)
    counter.take()
    config = root / "pcaet.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '[lint.per-file-ignores]\n"actions/*" = ["S002"]\n',
        encoding="utf-8",
    )
    after = _codes(root)
    assert len(counter.take()) == len(FILES)
    assert not any(code == "S002" for _, _, code in after)


def test_deleted_actor_is_reported_although_actions_come_from_the_cache(
    write_register: WriteRegister, counter: Counter
) -> None:
    root = write_register(FILES)
    assert not any(code == "R001" for _, _, code in _codes(root))
    counter.take()
    (root / "acteurs/svc-mobilite.yaml").unlink()
    after = _codes(root)
    assert counter.take() == []  # every remaining file came from the cache
    assert ("mob-01.yaml", 2, "R001") in after
    assert ("mob-02.yaml", 2, "R001") in after


def test_damaged_cache_is_ignored_and_rewritten(
    write_register: WriteRegister, counter: Counter, own_cache: Path
) -> None:
    root = write_register(FILES)
    first = _codes(root)
    stored = cache_file(root, own_cache)
    stored.write_bytes(b"\x80\x05 tronque")
    assert _codes(root) == first
    assert len(counter.take()) == 2 * len(FILES)
    assert stored.read_bytes() != b"\x80\x05 tronque"


def test_unwritable_cache_folder_only_costs_speed(
    write_register: WriteRegister, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_register(FILES)
    blocked = tmp_path / "fichier"
    blocked.write_text("pas un dossier", encoding="utf-8")
    monkeypatch.setenv("PCAET_CACHE_DIR", str(blocked / "cache"))
    assert ("mob-02.yaml", 4, "S002") in _codes(root)


def test_cli_runs_share_the_cache_and_write_nothing_in_the_register(
    write_register: WriteRegister, own_cache: Path
) -> None:
    root = write_register(FILES)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    command = [
        sys.executable,
        "-m",
        "pcaet_cli",
        "lint",
        "--format",
        "concise",
        "--date",
        "2026-11-29",
    ]
    first = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    second = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert first.returncode == second.returncode == 1
    assert "mob-02.yaml:4:1" in first.stdout
    assert second.stdout == first.stdout
    assert cache_file(root, own_cache).is_file()
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_no_cache_option_reads_nothing_and_repairs(
    write_register: WriteRegister, own_cache: Path, counter: Counter
) -> None:
    from typer.testing import CliRunner

    from pcaet_cli.cli import app

    root = write_register(FILES)
    first = _codes(root)
    counter.take()
    stored = cache_file(root, own_cache)
    # A well-formed cache whose entries lie: their seals no longer match their text.
    stored.write_bytes(stored.read_bytes().replace(b"S002", b"S001"))
    result = CliRunner().invoke(app, ["lint", str(root), "--no-cache", "--format", "concise"])
    assert result.exit_code == 1, result.output
    assert "mob-02.yaml:4:1: S002" in result.output
    assert len(counter.take()) == len(FILES)  # nothing taken from the cache
    assert b"S001" not in stored.read_bytes()  # rewritten whole
    assert _codes(root) == first
    assert counter.take() == []  # and used again by the next run


def test_spans_located_after_the_entry_was_kept_are_saved_with_its_values(
    tmp_path: Path,
) -> None:
    # The cache keeps an entry's bytes and its `located` dict, not its values: spans the
    # rules add later are packed back with the values as they were (a date and an
    # integer past 64 bits travel as extension types and must come back as such).
    from pcaet_cli.register.cache import Entry, FileCache, pack
    from pcaet_cli.register.config import Config
    from pcaet_cli.register.positions import Span

    values = {"titre": "Vélo", "debut": date(2026, 1, 2), "cout": 2**70}
    entry = Entry(values, frozenset({"cout"}), True, 0, [], {})
    key = ("actions/velo.yaml", "0" * 32, "actions")
    first = FileCache(tmp_path / "registre", Config(), tmp_path / "cache")
    first.put(key, pack(entry), entry.located)
    entry.located[("titre",), False] = Span(1, 8, 1, 12)
    first.save()
    again = FileCache(tmp_path / "registre", Config(), tmp_path / "cache")
    assert again.loaded
    assert again.get(key) == entry
    assert again.get(("actions/autre.yaml", "0" * 32, "actions")) is None
    # Unchanged since: saved again as the very same bytes.
    before = cache_file(tmp_path / "registre", tmp_path / "cache").read_bytes()
    again.dirty = True
    again.save()
    assert cache_file(tmp_path / "registre", tmp_path / "cache").read_bytes() == before
