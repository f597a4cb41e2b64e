"""The second revision a diff lints is the first one's copy with the change written
over: it must be, file for file, what extracting that revision gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from pcaet_cli.git import GitRepo
from pcaet_cli.lint.changed import _move_copy, extract
from pcaet_cli.lint.engine import LintRequest, run_lint
from pcaet_cli.register.loader import Earlier
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
    moved, changed = _move_copy(git, start, end, "register", _copy(git, start, tmp_path / "a"))
    assert changed == {
        "actions/mob-03.yaml",
        "actions/mob-05.yaml",
        "actions/mob-02.yaml",
        "actions/ener-01.yaml",
        "actions/ener-01b.yaml",
        "notes/lisez-moi.yaml",
        "pcaet.toml",
        "acteurs/cci-49.yaml",
    }
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
    moved = _move_copy(git, start, end, "register", _copy(git, start, tmp_path / "a"))
    assert moved == (None, frozenset({"pcaet.toml"}))


def test_the_second_side_taken_from_the_first_is_a_whole_run(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    """The files a change leaves alone are taken from the base's run: findings and
    documents are those of reading the second revision anew."""
    repo = make_repo()
    repo.write({"actions/casse.yaml": "titre: [\n", "acteurs/Mal Nomme.yaml": "nom: X\n"})
    start = repo.commit("Base avec des fautes")
    feature_change(repo)  # mob-02 removed: references to it break elsewhere
    repo.write({"actions/mob-09.yaml": "titre: [\n", "actions/notes.txt": "hors format\n"})
    end = repo.commit("Le changement")
    git = GitRepo(repo.path)
    today = date(2026, 1, 15)
    base_root = extract(git, start, "register", tmp_path / "copie")
    assert base_root is not None
    base = run_lint(LintRequest(path=base_root, cache=False, today=today))
    head_root, changed = _move_copy(git, start, end, "register", tmp_path / "copie")
    assert head_root is not None
    request = LintRequest(path=head_root, cache=False, today=today)
    taken = run_lint(replace(request, earlier=Earlier(base.loaded, changed)))
    anew = run_lint(request)
    assert taken.result.diagnostics == anew.result.diagnostics
    assert {d.code for d in anew.result.diagnostics} >= {"Y001", "N001", "N002"}
    for side in (taken, anew):
        assert [(d.display, d.model) for d in side.loaded.documents] == [
            (d.display, d.model) for d in anew.loaded.documents
        ]
    # Untouched files are the base's own documents; changed ones were read again.
    before = {d.id: d for d in base.loaded.documents}
    after = {d.id: d for d in taken.loaded.documents}
    assert after["svc-voirie"] is before["svc-voirie"]
    assert after["mob-03"] is not before["mob-03"]
