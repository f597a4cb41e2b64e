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
    return display_of(str(absolute), cwd or os.path.realpath(Path.cwd()))


def display_of(absolute: str, cwd: str) -> str:
    """`display` for an absolute, resolved path given as text: string work only, as it
    runs for every file of the register."""
    if absolute == cwd:
        return "."
    base = cwd.rstrip(os.sep) + os.sep
    text = absolute[len(base) :] if absolute.startswith(base) else absolute
    return text.replace(os.sep, "/") if os.sep != "/" else text


@dataclass(frozen=True, slots=True)
class RegisterFile:
    path: Path
    kind: str | None
    """The folder's kind (territoires, acteurs, plans, actions); None when misplaced."""
    relative: str
    """POSIX path from the register root: what `exclude` patterns match."""

    @property
    def identifier(self) -> str:
        return self.path.stem


@dataclass(frozen=True, slots=True)
class Layout:
    files: list[RegisterFile]
    """YAML files, in a stable order."""
    strays: list[RegisterFile]
    """Non-YAML files inside the kind folders (probably misplaced or misnamed)."""


def walk(root: Path) -> Layout:
    """Every file below `root` but hidden ones, each folder's files before its
    subfolders, by name; links to folders are not followed."""
    files: list[RegisterFile] = []
    strays: list[RegisterFile] = []

    def visit(folder: str, prefix: str, kind: str | None) -> None:
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError:
            return  # a folder that cannot be listed is passed over, as os.walk does
        folders = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):  # .git, .venv, editors' files
                continue
            if entry.is_dir():
                if not entry.is_symlink():
                    folders.append(entry)
            elif name.endswith(YAML_SUFFIXES):
                files.append(RegisterFile(Path(entry.path), kind, prefix + name))
            elif kind is not None:
                strays.append(RegisterFile(Path(entry.path), kind, prefix + name))
        for entry in folders:
            below = kind or (entry.name if not prefix and entry.name in KINDS else None)
            visit(entry.path, f"{prefix}{entry.name}/", below)

    visit(str(root), "", None)
    return Layout(files, strays)
