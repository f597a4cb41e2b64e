"""Finding the register root and the files of each kind."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pcaet_cli.errors import PcaetError
from pcaet_cli.model import KINDS

CONFIG_NAME = "pcaet.toml"
YAML_SUFFIXES = (".yaml", ".yml")


def find_root(start: Path) -> Path:
    """The folder holding pcaet.toml: `start`, one of its parents, or `start/register`."""
    start = start.resolve()
    if start.is_file():
        if start.name == CONFIG_NAME:
            return start.parent
        start = start.parent
    if not start.is_dir():
        raise PcaetError(f"dossier introuvable : {start}")
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    if (start / "register" / CONFIG_NAME).is_file():
        return start / "register"
    raise PcaetError(
        f"aucun registre trouvé dans {display(start)} ni au-dessus (fichier {CONFIG_NAME} "
        "absent) : indiquez le dossier du registre, ou créez-en un avec « pcaet init »"
    )


def display(path: Path, cwd: str | None = None) -> str:
    """POSIX path relative to the working directory when below it (what CI annotations
    and editors expect), absolute otherwise. Paths under the register root are already
    absolute and resolved (find_root resolves it): only the working directory is.
    `cwd`, the resolved working directory, spares resolving it again for every file."""
    absolute = path if path.is_absolute() else path.resolve()
    cwd = cwd or os.path.realpath(Path.cwd())
    text = str(absolute)
    if text == cwd:
        return "."
    if text.startswith(cwd.rstrip(os.sep) + os.sep):
        return Path(text[len(cwd.rstrip(os.sep)) + 1 :]).as_posix()
    return absolute.as_posix()


@dataclass(frozen=True, slots=True)
class RegisterFile:
    path: Path
    kind: str | None
    """The folder's kind (territoires, acteurs, plans, actions); None when misplaced."""

    @property
    def identifier(self) -> str:
        return self.path.stem


@dataclass(frozen=True, slots=True)
class Layout:
    files: list[RegisterFile]
    """YAML files, in a stable order."""
    strays: list[Path]
    """Non-YAML files inside the kind folders (probably misplaced or misnamed)."""


def walk(root: Path) -> Layout:
    files: list[RegisterFile] = []
    strays: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        # Hidden folders (.git, .venv…) are never part of the register.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        folder = Path(dirpath)
        relative = folder.relative_to(root).parts
        kind = relative[0] if relative and relative[0] in KINDS else None
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = folder / name
            if name.endswith(YAML_SUFFIXES):
                files.append(RegisterFile(path, kind))
            elif kind is not None:
                strays.append(path)
    return Layout(files, strays)
