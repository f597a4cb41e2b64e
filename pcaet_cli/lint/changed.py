"""`pcaet lint --changed`: only what a change brings.

The whole register is still checked (cross-file rules need it). What is shown: every
finding on a file changed since the base revision, plus every finding elsewhere that the
base did not have — deleting an actor must still report the actions that name it. The
base is read with `git archive` into a temporary folder and linted with the same
settings, so "new" means exactly "absent at the base".
"""

from __future__ import annotations

import io
import os
import tarfile
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pcaet_cli.diagnostic import Diagnostic, Severity
from pcaet_cli.lint.engine import LintRequest, LintRun, run_lint
from pcaet_cli.register.discovery import CONFIG_NAME, display

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pcaet_cli.git import GitRepo

Key = tuple[str, str, str]


def _key(run: LintRun, diag: Diagnostic) -> Key:
    """A finding independent of where this copy of the register lies: its file relative
    to the root, its code, and its message with other files named relatively too (R003
    and P019 name the other file)."""
    prefix = display(run.loaded.root) + "/"
    relative = run.loaded.relative.get(diag.path, diag.path)
    return relative, diag.code, diag.message.replace(prefix, "")


def changed_only(run: LintRun, request: LintRequest, base: str | None) -> list[Diagnostic]:
    """The findings of `run` that the change since `base` (default: the merge-base with
    the default branch) is responsible for."""
    from pcaet_cli.git import GitRepo

    root = run.loaded.root
    repo = GitRepo(root)
    commit = repo.resolve(base) if base else repo.merge_base(repo.default_branch())
    folder = repo.relative(root)
    scope = ["--", folder] if folder else []
    names = repo.run(["diff", "--name-only", "-z", commit, *scope]).split(b"\0")
    names += repo.run(["ls-files", "--others", "--exclude-standard", "-z", *scope]).split(b"\0")
    changed = {str(PurePosixPath(n.decode()).relative_to(folder or ".")) for n in names if n}
    at_base: set[Key] = set()
    with tempfile.TemporaryDirectory(prefix="pcaet-base-", dir=_scratch()) as tmp:
        base_root = extract(repo, commit, folder, Path(tmp))
        if base_root is not None:
            # A throw-away copy: caching it would only leave a stale file behind.
            base_run = run_lint(replace(request, path=base_root, cache=False))
            at_base = {_key(base_run, d) for d in base_run.result.diagnostics}
    kept = []
    for diag in run.result.diagnostics:
        key = _key(run, diag)
        if key[0] in changed or key not in at_base:
            kept.append(diag)
    return kept


def extract(repo: GitRepo, commit: str, folder: str, target: Path) -> Path | None:
    """The register of `folder` (from the repository root) at `commit`, written below
    `target` with `git archive`: its root, or None when that revision had no register
    there (a base from before the register existed has nothing to compare with)."""
    scope = ["--", folder] if folder else []
    if not repo.run(["ls-tree", "--name-only", commit, *scope]).strip():
        return None
    archive = repo.run(["archive", "--format=tar", commit, *scope])
    _write_files(archive, target)
    root = target / folder if folder else target
    return root if (root / CONFIG_NAME).is_file() else None


_MEMORY = Path("/dev/shm")


def _scratch() -> str | None:
    """A folder in memory when the system has one (Linux): the copies a diff lints are
    thousands of small files, never kept, which a disk-backed /tmp writes at about a
    millisecond each. None: the usual temporary folder."""
    return str(_MEMORY) if _MEMORY.is_dir() and os.access(_MEMORY, os.W_OK) else None


def _write_files(archive: bytes, target: Path) -> None:
    """The regular files of a tar archive written below `target`. tarfile's own
    extraction sets owner, mode and times member by member: 3.7 s for a register of
    3 500 files, where writing them takes 0.3 s. A name leaving `target` is skipped,
    and so are links: the copy is linted, and lint reads no link leaving a register."""
    made: set[Path] = set()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar:
            name = PurePosixPath(member.name)
            if not member.isfile() or name.is_absolute() or ".." in name.parts:
                continue
            content = tar.extractfile(member)
            if content is None:
                continue
            path = target.joinpath(*name.parts)
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(content.read())


def _move_copy(repo: GitRepo, start: str, end: str, folder: str, target: Path) -> Path | None:
    """The copy of `folder` at `start` below `target` (`extract`) made the copy at `end`:
    the files the change removed are removed, the ones it added or changed written, and
    what became a link removed (`extract` writes no link). Its root, or None when `end`
    has no register there."""
    scope = ["--", folder] if folder else []
    raw = repo.run(["diff", "--raw", "-z", "--no-renames", "--no-abbrev", start, end, *scope])
    fields = raw.split(b"\0")
    written: dict[str, str] = {}
    # -z --raw: « :mode mode oid oid status » then the path, each ended by NUL.
    for meta, raw_name in zip(fields[0::2], fields[1::2], strict=False):
        if not meta.startswith(b":"):
            continue
        _old_mode, new_mode, _old, new, status = meta[1:].decode().split(" ")
        name = PurePosixPath(raw_name.decode("utf-8", errors="replace"))
        if name.is_absolute() or ".." in name.parts:
            continue
        if status == "D" or not new_mode.startswith("100"):
            target.joinpath(*name.parts).unlink(missing_ok=True)
        else:
            written[str(name)] = new
    contents = repo.cat(list(written.values()))
    for shown, oid in written.items():
        path = target.joinpath(*PurePosixPath(shown).parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(contents.get(oid, b""))
    root = target / folder if folder else target
    return root if (root / CONFIG_NAME).is_file() else None


def introduced_errors(
    repo: GitRepo,
    before: tuple[str, str],
    after: tuple[str | None, str],
    worktree: Path,
    request: LintRequest,
    moved: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    """The errors found after a change and not before it: `before` and `after` are a
    commit and the register's folder at it (commit None: the working tree, whose
    register is `worktree`); `moved` maps the repository path of a renamed file to
    its former one, whose findings it keeps. Paths and the file names messages quote
    are given from the repository root, as a merge request shows them."""
    with tempfile.TemporaryDirectory(prefix="pcaet-diff-", dir=_scratch()) as tmp:
        # Both revisions are linted in the same place with a cache of their own: the
        # files the change leaves alone (most of them) are examined once, and the copy
        # of the second revision is the first one with the changed files written over.
        place, shared = Path(tmp) / "registre", replace(request, cache_folder=Path(tmp) / "cache")
        base_root = extract(repo, before[0], before[1], place)
        at_base: set[Key] = set()
        if base_root is not None:
            base_run = run_lint(replace(shared, path=base_root))
            at_base = {_key(base_run, d) for d in base_run.result.diagnostics}
        if after[0] is None:
            head_run = run_lint(replace(request, path=worktree))
        else:
            if base_root is not None and before[1] == after[1]:
                head_root = _move_copy(repo, before[0], after[0], after[1], place)
            else:
                head_root = extract(repo, after[0], after[1], Path(tmp) / "apres")
            if head_root is None:
                return []
            head_run = run_lint(replace(shared, path=head_root))
        prefix = f"{after[1]}/" if after[1] else ""
        base_prefix = f"{before[1]}/" if before[1] else ""
        shown_root = display(head_run.loaded.root) + "/"
        found = []
        for diag in head_run.result.diagnostics:
            key = _key(head_run, diag)
            former = (moved or {}).get(prefix + key[0], prefix + key[0])
            as_before = (former.removeprefix(base_prefix), *key[1:])
            if diag.severity is not Severity.ERROR or as_before in at_base:
                continue
            found.append(
                replace(
                    diag,
                    path=prefix + key[0],
                    message=diag.message.replace(shown_root, prefix),
                )
            )
    return found
