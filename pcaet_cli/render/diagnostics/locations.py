"""Where a finding's file lies for the tools of a forge: relative to the repository.

Diagnostics carry display paths, relative to the working directory when the file is
below it, absolute otherwise. Code scanning, the Code Quality widget and their
fingerprints need the same path whatever folder `pcaet lint` ran in and whatever path
it was given (`.`, a sub-folder, an absolute path): the path from the root of the git
working tree holding the register, or from the register root outside git.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def working_directory() -> str:
    """The resolved working directory, which display paths are relative to."""
    return os.path.realpath(Path.cwd())


def absolute(path: str, cwd: str) -> str:
    """The absolute path of the display path `path`."""
    return os.path.normpath(Path(cwd, path))


def source_root(register_root: str, cwd: str) -> str:
    """The absolute folder repository paths start from: the nearest folder at or above
    the register root holding `.git` (a folder, or a file in a worktree), else the
    register root itself."""
    start = absolute(register_root, cwd)
    for folder in (Path(start), *Path(start).parents):
        if os.path.lexists(folder / ".git"):
            return str(folder)
    return start


def repository_path(path: str, root: str, cwd: str) -> str | None:
    """The POSIX path of the display path `path` from `root`, or None when the file
    lies outside it."""
    relative = os.path.relpath(absolute(path, cwd), root)
    posix = PurePosixPath(*Path(relative).parts)
    if posix.parts[:1] == ("..",) or str(posix) == ".":
        return None
    return str(posix)
