"""The copy of a revision that `diff` and `lint --changed` lint: regular files only,
never outside their folder."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pcaet_cli.git import GitRepo
from pcaet_cli.lint.changed import _write_blobs, extract


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_regular_files_are_written_and_nothing_leaves_the_folder(tmp_path: Path) -> None:
    blobs = {
        "register/pcaet.toml": "t",
        "register/actions/a.yaml": "a",
        "register/actions/b.yaml": "b",
        "../evade.yaml": "e",
        "register/../../evade2.yaml": "e",
        "/absolu.yaml": "e",
        "": "e",
    }
    contents = {"t": b"[registre]\n", "a": b"titre: A\n", "e": b"non\n"}
    target = tmp_path / "copie"
    _write_blobs(target, blobs, contents)
    assert _tree(tmp_path) == [
        "copie",
        "copie/register",
        "copie/register/actions",
        "copie/register/actions/a.yaml",
        "copie/register/actions/b.yaml",
        "copie/register/pcaet.toml",
    ]
    assert (target / "register/actions/a.yaml").read_bytes() == b"titre: A\n"
    # An object git could not give is an empty file, which lint then reports.
    assert (target / "register/actions/b.yaml").read_bytes() == b""


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_a_revision_is_copied_without_its_links(tmp_path: Path) -> None:
    repo = tmp_path / "depot"
    (repo / "reg" / "actions").mkdir(parents=True)
    (repo / "reg" / "pcaet.toml").write_text("[registre]\n", encoding="utf-8")
    (repo / "reg" / "actions" / "a.yaml").write_text("titre: A\n", encoding="utf-8")
    (repo / "reg" / "actions" / "lien.yaml").symlink_to("/etc/passwd")
    (repo / "ailleurs.yaml").write_text("a: 1\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
    git = GitRepo(repo)
    root = extract(git, git.resolve("HEAD"), "reg", tmp_path / "copie")
    assert root == tmp_path / "copie" / "reg"
    assert _tree(tmp_path / "copie") == [
        "reg",
        "reg/actions",
        "reg/actions/a.yaml",
        "reg/pcaet.toml",
    ]
    assert (root / "actions" / "a.yaml").read_text(encoding="utf-8") == "titre: A\n"
    # No pcaet.toml in the folder at that revision: no register to lint.
    assert extract(git, git.resolve("HEAD"), "", tmp_path / "racine") is None
