"""Finding the register root and the files of each kind."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from pcaet_cli.errors import PcaetError, os_reason
from pcaet_cli.model import KINDS

CONFIG_NAME = "pcaet.toml"
YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_SIZE = 2_000_000
"""Bytes: a fiche action is a few kilobytes; a file far larger is a mistake or an attack
(a file that never ends), and is not read (Y008; `taille-max-fichier` in pcaet.toml)."""


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


class Refused(NamedTuple):
    """A file or folder of the register that is not read, and why (a lint finding)."""

    file: RegisterFile
    code: str
    message: str
    hint: str


@dataclass(frozen=True, slots=True)
class Layout:
    files: list[RegisterFile]
    """YAML files, in a stable order."""
    strays: list[RegisterFile]
    """Non-YAML files inside the kind folders (probably misplaced or misnamed)."""
    refused: list[Refused]
    """Links leaving the register or looping, special files, unreadable folders."""


def _link_target(path: str, root: str) -> tuple[str | None, str]:
    """Where the link `path` leads when it stays inside `root` (None otherwise), and
    why it is refused in French."""
    try:
        target = os.path.realpath(path, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "lien symbolique en boucle"
        return None, "lien symbolique vers un fichier absent"
    if not target.startswith(root.rstrip(os.sep) + os.sep):
        return None, "lien symbolique qui sort du registre"
    return target, ""


def walk(root: Path) -> Layout:
    """Every file below `root` but hidden ones, each folder's files before its
    subfolders, by name. Only what lies inside the register is read: a link is
    followed when it leads to a regular file inside it; links to folders, links that
    leave the register or loop, and special files (FIFO, device, socket) are refused
    and never opened (docs/securite.md)."""
    files: list[RegisterFile] = []
    strays: list[RegisterFile] = []
    refused: list[Refused] = []
    real_root = os.path.realpath(root)

    def refuse(path: str, kind: str | None, relative: str, code: str, why: str, hint: str) -> None:
        refused.append(Refused(RegisterFile(Path(path), kind, relative), code, why, hint))

    def visit(folder: str, prefix: str, kind: str | None) -> None:
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError as exc:
            refuse(
                folder,
                kind,
                prefix.rstrip("/") or ".",
                "N005",
                f"dossier illisible ({os_reason(exc)}) : ses fichiers ne sont pas vérifiés",
                "donnez le droit de lecture sur le dossier, ou excluez-le dans pcaet.toml",
            )
            return
        folders = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):  # .git, .venv, editors' files
                continue
            relative = prefix + name
            is_yaml = name.endswith(YAML_SUFFIXES)
            if entry.is_symlink():
                # A link to a folder is never walked (it could lead anywhere, or loop);
                # in a kind folder, or as a kind folder, it is said.
                if not (is_yaml or kind is not None or (not prefix and name in KINDS)):
                    continue
                target, why = _link_target(entry.path, real_root)
                if target is None or not Path(target).is_file():
                    refuse(
                        entry.path,
                        kind,
                        relative,
                        "N004",
                        why or "lien symbolique vers un dossier ou un fichier spécial",
                        "remplacez le lien par le fichier lui-même ; pcaet ne lit rien "
                        "hors du registre",
                    )
                    continue
            elif entry.is_dir():
                folders.append(entry)
                continue
            elif not entry.is_file():
                if is_yaml or kind is not None:
                    refuse(
                        entry.path,
                        kind,
                        relative,
                        "N004",
                        "fichier spécial (tube, périphérique ou socket) : jamais ouvert",
                        "supprimez-le du registre",
                    )
                continue
            if is_yaml:
                files.append(RegisterFile(Path(entry.path), kind, relative))
            elif kind is not None:
                strays.append(RegisterFile(Path(entry.path), kind, relative))
        for entry in folders:
            below = kind or (entry.name if not prefix and entry.name in KINDS else None)
            visit(entry.path, f"{prefix}{entry.name}/", below)

    visit(str(root), "", None)
    return Layout(files, strays, refused)


class TooLarge(OSError):
    """A register file over the size limit: not read (a lint finding)."""


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit`: a file replaced by a FIFO
    or a device since the walk is never read (it could block or never end)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "pas un fichier ordinaire")
        if info.st_size > limit:
            raise TooLarge(errno.EFBIG, f"{info.st_size} octets")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(errno.EFBIG, f"plus de {limit} octets")
    return data
