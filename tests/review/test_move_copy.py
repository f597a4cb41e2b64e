"""The second revision a diff lints is the first one's copy with the change written
over: it must be, file for file, what extracting that revision gives."""

from __future__ import annotations

from pathlib import Path

from pcaet_cli.git import GitRepo
from pcaet_cli.lint.changed import _move_copy, extract
from tests.review.conftest import CHANGED_MOB_03, MakeRepo, feature_change


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_moved_copy_is_the_extracted_revision(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo()
    start = repo.git("rev-parse", "HEAD")
    # Changed, added, removed and renamed files (feature_change), a new folder, a file
    # that becomes a link, and pcaet.toml changed.
    feature_change(repo)
    repo.write({"notes/lisez-moi.yaml": "a: 1\n", "pcaet.toml": '[registre]\nnom = "B"\n'})
    (repo.register / "acteurs" / "cci-49.yaml").unlink()
    (repo.register / "acteurs" / "cci-49.yaml").symlink_to("ademe.yaml")
    end = repo.commit("Tout change")
    git = GitRepo(repo.path)
    moved = _move_copy(git, start, end, "register", _copy(git, start, tmp_path / "a"))
    fresh = extract(git, end, "register", tmp_path / "b")
    assert moved == tmp_path / "a" / "register" and fresh is not None
    tree = _tree(moved)
    assert tree == _tree(fresh)
    assert tree["actions/mob-03.yaml"] == CHANGED_MOB_03.encode()
    assert "actions/mob-02.yaml" not in tree and "actions/ener-01b.yaml" in tree
    assert "acteurs/cci-49.yaml" not in tree and tree["notes/lisez-moi.yaml"] == b"a: 1\n"


def _copy(git: GitRepo, commit: str, target: Path) -> Path:
    extract(git, commit, "register", target)
    return target


def test_a_revision_without_the_register_gives_none(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo()
    start = repo.git("rev-parse", "HEAD")
    repo.remove("pcaet.toml")
    end = repo.commit("Plus de registre")
    git = GitRepo(repo.path)
    assert _move_copy(git, start, end, "register", _copy(git, start, tmp_path / "a")) is None
