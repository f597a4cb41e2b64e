"""`pcaet lint --changed`: only what a change brings.

The whole register is still checked (cross-file rules need it). What is shown: every
finding on a file changed since the base revision, plus every finding elsewhere that the
base did not have — deleting an actor must still report the actions that name it. The
base is read with `git archive` into a temporary folder and linted with the same
settings, so "new" means exactly "absent at the base".
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath

from pcaet_cli.diagnostic import Diagnostic
from pcaet_cli.lint.engine import LintRequest, LintRun, run_lint
from pcaet_cli.register.discovery import display

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
    with tempfile.TemporaryDirectory(prefix="pcaet-base-") as tmp:
        # A base from before the register existed has nothing to compare with.
        if repo.run(["ls-tree", "--name-only", commit, *scope]).strip():
            archive = repo.run(["archive", "--format=tar", commit, *scope])
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(tmp, filter="data")
            base_root = Path(tmp) / folder if folder else Path(tmp)
            if (base_root / "pcaet.toml").is_file():
                # A throw-away copy: caching it would only leave a stale file behind.
                base_run = run_lint(replace(request, path=base_root, cache=False))
                at_base = {_key(base_run, d) for d in base_run.result.diagnostics}
    kept = []
    for diag in run.result.diagnostics:
        key = _key(run, diag)
        if key[0] in changed or key not in at_base:
            kept.append(diag)
    return kept
