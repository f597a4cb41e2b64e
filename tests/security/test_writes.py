"""Nothing is written outside its target: hostile identifiers from open data, outputs
aimed at the register, at links or at special files, and writes that leave no debris."""

from __future__ import annotations

import json
import os
import re
import stat
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcaet_cli import fsutil
from pcaet_cli.cli import app
from pcaet_cli.errors import PcaetError
from tests.conftest import EXAMPLE

runner = CliRunner()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _programme(tmp_path: Path, ident: object, title: str = "Rénover les écoles") -> Path:
    path = tmp_path / "Demarches_PCAET_Programme_Actions_V2.json"
    document = [
        {"id": ident, "typesDemarche": [{"libcourt": "PCAET"}], "actions": [{"intitule": title}]}
    ]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "ident",
    [
        "/../../../victim",
        "../../victim",
        "..",
        "nul",
        "CON",
        "mob-99\n",
        "x" * 300,
        "\x1b[2J",
        "a/b\\c",
        "日本",
    ],
)
def test_open_data_ids_never_leave_the_target(tmp_path: Path, ident: str) -> None:
    outside = tmp_path / "victim.yaml"
    outside.write_text("ne pas toucher\n", encoding="utf-8")
    work = tmp_path / "w"
    work.mkdir()
    source = _programme(work, ident)
    target = work / "registre"
    result = runner.invoke(
        app, ["import", str(source), "--format", "territoires-climat", "--into", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert outside.read_text(encoding="utf-8") == "ne pas toucher\n"
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    for path in written:
        assert path in (outside, source) or target in path.parents, path
    for path in (target / "register").rglob("*.yaml"):
        assert fsutil.unsafe_name(path.stem) is None, path.name
    assert len(list((target / "register/actions").glob("*.yaml"))) == 1


def test_an_existing_file_is_not_replaced_without_force(tmp_path: Path) -> None:
    source = _programme(tmp_path, 7)
    target = tmp_path / "registre"
    first = runner.invoke(
        app, ["import", str(source), "--format", "territoires-climat", "--into", str(target)]
    )
    assert first.exit_code == 0, first.output
    before = _tree(target)
    again = runner.invoke(
        app, ["import", str(source), "--format", "territoires-climat", "--into", str(target)]
    )
    assert again.exit_code == 2
    assert "existe déjà" in again.output and "--force" in again.output
    assert _tree(target) == before


def test_a_kind_folder_linked_elsewhere_is_refused(tmp_path: Path) -> None:
    source = _programme(tmp_path, 7)
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    target = tmp_path / "registre"
    (target / "register").mkdir(parents=True)
    (target / "register/actions").symlink_to(elsewhere, target_is_directory=True)
    result = runner.invoke(
        app, ["import", str(source), "--format", "territoires-climat", "--into", str(target)]
    )
    assert result.exit_code == 2
    assert "sortirait du dossier" in result.output
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("mob-01", None),
        ("a" * 100, None),
        ("a" * 101, "plus de 100 octets"),
        ("nul", "réservé par Windows"),
        ("com1", "réservé par Windows"),
        ("Mob-01", "hors convention"),
        ("mob--01", "hors convention"),
        ("-mob", "hors convention"),
        ("mob\n", "caractère de contrôle"),
        ("../x", "hors convention"),
        ("", "vide"),
    ],
)
def test_safe_names(name: str, reason: str | None) -> None:
    found = fsutil.unsafe_name(name)
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found


def test_inside_refuses_what_leaves_the_folder(tmp_path: Path) -> None:
    assert (
        fsutil.inside(tmp_path, "actions/mob-01.yaml") == tmp_path.resolve() / "actions/mob-01.yaml"
    )
    for escape in ("../x.yaml", "/etc/passwd", "actions/../../x", "."):
        with pytest.raises(PcaetError):
            fsutil.inside(tmp_path, escape)


@pytest.fixture
def register(tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "depot" / "register"
    shutil.copytree(EXAMPLE, copy)
    return copy


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "{R}", "-o", "{R}/actions/mob-01.yaml"],
        ["lint", "{R}", "-o", "{R}/pcaet.toml"],
        ["lint", "{R}", "-o", "{R}/nouveau.yaml"],
        ["report", "-r", "{R}", "-o", "{R}/actions/rapport.md", "--format", "markdown"],
        ["export", "-r", "{R}", "--format", "json", "-o", "{R}/acteurs/x.json", "--force"],
        ["export", "-r", "{R}", "--format", "json", "-o", "{R}/../.git/hooks/pre-commit"],
        ["site", "-r", "{R}", "-o", "{R}/actions", "--force"],
        ["site", "-r", "{R}", "-o", "{R}/actions/sous-dossier", "--force"],
        ["site", "-r", "{R}", "-o", "{R}", "--force"],
        ["site", "-r", "{R}", "-o", "{R}/..", "--force"],
    ],
)
def test_outputs_never_land_on_the_register(register: Path, args: list[str]) -> None:
    before = _tree(register.parent)
    argv = [a.replace("{R}", str(register)) for a in args]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2, result.output
    assert "registre" in result.output
    assert "erreur interne" not in result.output
    assert _tree(register.parent) == before


@pytest.mark.parametrize("kind", ["link", "fifo", "folder"])
def test_outputs_refuse_links_and_special_files(register: Path, tmp_path: Path, kind: str) -> None:
    victim = tmp_path / "victime.txt"
    victim.write_text("intact\n", encoding="utf-8")
    output = tmp_path / "sortie.json"
    if kind == "link":
        output.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(output)
    else:
        output.mkdir()
    for argv in (
        ["export", "-r", str(register), "--format", "json", "-o", str(output), "--force"],
        ["lint", str(register), "--format", "json", "-o", str(output)],
        ["report", "-r", str(register), "--format", "json", "-o", str(output), "--force"],
    ):
        started = time.monotonic()
        result = runner.invoke(app, argv)
        assert time.monotonic() - started < 30
        assert result.exit_code == 2, result.output
        # Click's error box may wrap a long path: compare without the frame and spaces.
        assert str(output) in re.sub(r"[\s│]", "", result.output)
    assert victim.read_text(encoding="utf-8") == "intact\n"
    assert output.is_symlink() if kind == "link" else True
    if kind == "fifo":
        assert stat.S_ISFIFO(output.lstat().st_mode)


def test_outputs_beside_the_register_are_written(register: Path, tmp_path: Path) -> None:
    # The common CI layout: reports at the repository's root, beside register/.
    report = register.parent / "gl-code-quality.json"
    result = runner.invoke(app, ["lint", str(register), "--format", "gitlab", "-o", str(report)])
    assert result.exit_code == 0, result.output
    assert json.loads(report.read_text(encoding="utf-8")) == []


def test_new_files_follow_the_umask_and_rewrites_keep_their_mode(tmp_path: Path) -> None:
    fresh = tmp_path / "nouveau.txt"
    previous = os.umask(0o022)
    try:
        fsutil.atomic_write(fresh, "a")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "garde.txt"
        kept.write_text("x", encoding="utf-8")
        kept.chmod(0o640)
        fsutil.atomic_write(kept, "y")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
        os.umask(0o077)
        private = tmp_path / "prive.txt"
        fsutil.atomic_write(private, "z")
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    finally:
        os.umask(previous)


def test_a_killed_write_leaves_nothing_the_next_one_keeps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "actions"
    folder.mkdir()
    debris = folder / f".mob-01.yaml.abc123{fsutil.TEMP_SUFFIX}"
    debris.write_text("à moitié", encoding="utf-8")
    recent = folder / f".mob-02.yaml.def456{fsutil.TEMP_SUFFIX}"
    recent.write_text("en cours", encoding="utf-8")
    old = time.time() - fsutil.STALE_AFTER - 5
    os.utime(debris, (old, old))
    monkeypatch.setattr(fsutil, "_swept", set())
    fsutil.atomic_write(folder / "mob-03.yaml", "titre: x\n")
    assert not debris.exists()
    assert recent.exists()  # perhaps another run's write in progress
    assert sorted(p.name for p in folder.iterdir()) == [recent.name, "mob-03.yaml"]


def test_an_unwritable_folder_is_a_french_error(tmp_path: Path) -> None:
    blocked = tmp_path / "fichier"
    blocked.write_text("pas un dossier", encoding="utf-8")
    with pytest.raises(fsutil.WriteError, match="impossible d'écrire"):
        fsutil.atomic_write(blocked / "x.txt", "a")
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "verrou"
        locked.mkdir()
        locked.chmod(0o500)
        with pytest.raises(fsutil.WriteError, match="accessible en écriture"):
            fsutil.atomic_write(locked / "x.txt", "a")


def test_a_full_disk_leaves_the_previous_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    target = tmp_path / "rapport.md"
    target.write_text("avant\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(fsutil.WriteError, match="disque est plein"):
        fsutil.atomic_write(target, "après\n")
    assert target.read_text(encoding="utf-8") == "avant\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.md"]


def test_cli_reports_a_full_disk_in_french(
    register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    output = tmp_path / "registre.json"
    result = runner.invoke(
        app, ["export", "-r", str(register), "--format", "json", "-o", str(output)]
    )
    assert result.exit_code == 2
    assert "disque est plein" in result.output
    assert "Traceback" not in result.output
    assert not output.exists()


@pytest.mark.parametrize(
    ("argv", "reason", "suggestion"),
    [
        (["action", "nul", "--titre", "X"], "réservé par Windows", "nul-1"),
        (["acteur", "--nom", "CON", "--type", "service"], "réservé par Windows", "con-1"),
        (["action", "a" * 300, "--titre", "X"], "plus de 100 octets", "a" * 80),
        (["action", "mob-99\n", "--titre", "X"], "caractère de contrôle", "mob-99"),
    ],
)
def test_new_refuses_names_no_system_can_open(
    register: Path, argv: list[str], reason: str, suggestion: str
) -> None:
    before = _tree(register)
    result = runner.invoke(app, ["new", *argv, "-r", str(register)])
    assert result.exit_code == 2, result.output
    assert reason in result.output
    assert f"(ex. {suggestion})" in result.output
    assert _tree(register) == before
