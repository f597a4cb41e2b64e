"""Writing files safely: the one gate every path pcaet writes goes through, and writes
that never leave a file half-written, a temporary file behind or a file unreadable by
colleagues.

The gate holds three promises (docs/securite.md):
- a name built from data (an identifier read from a spreadsheet or open data) is a safe
  file name: ASCII slug, at most 100 bytes, not a name Windows reserves;
- a path built below a target folder stays inside it, whatever `..` or links it meets;
- an output file is never a file of the register, never a link or a special file
  (FIFO, device), and never replaces an existing file without --force.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from pcaet_cli.errors import PcaetError, os_reason

MAX_NAME_BYTES = 100
"""Longest identifier, hence file stem: far below every file system's 255 bytes, with
room for `.yaml` and the temporary suffix of an atomic write."""

_SAFE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{device}{n}" for device in ("com", "lpt") for n in range(10)]
)
KIND_FOLDERS = ("territoires", "acteurs", "plans", "actions")
"""The register's own folders (also model.KINDS' keys, not imported to keep this module
at the bottom of the layers)."""

TEMP_SUFFIX = ".pcaet-tmp"
"""Ends the name of every temporary file pcaet writes: the next write in the folder
removes those a killed run left (see `_sweep`)."""
STALE_AFTER = 60.0
"""Seconds after which another run's temporary file is taken as left behind, not in use."""


class WriteError(PcaetError):
    """A file could not be written (folder not writable, disk full): the previous content
    is intact."""


def unsafe_name(name: str) -> str | None:
    """Why `name` cannot be an identifier, hence a file name, of the register; None when
    it can. In French: the reason is shown to the user."""
    if not name:
        return "identifiant vide"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "identifiant contenant un caractère de contrôle"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"identifiant de plus de {MAX_NAME_BYTES} octets"
    if not _SAFE_NAME.match(name):
        return "identifiant hors convention (minuscules sans accents, chiffres et tirets)"
    if name in _WINDOWS_RESERVED:
        return f"« {name} » est un nom réservé par Windows"
    return None


def check_name(name: str, where: str) -> str:
    """`name` when it is a safe identifier; otherwise a PcaetError naming `where` it came
    from."""
    reason = unsafe_name(name)
    if reason is not None:
        raise PcaetError(f"{where} : {reason} ({name[:40]!r}) : rien n'a été écrit")
    return name


def inside(root: Path, relative: str) -> Path:
    """`root/relative`, refused when it would land outside `root`: an absolute path, a
    `..`, or a link on the way that points elsewhere."""
    base = root.resolve()
    target = (base / relative).resolve()
    if target == base or base not in target.parents:
        raise PcaetError(
            f"« {relative} » sortirait du dossier {root} : rien n'a été écrit ; "
            "les noms de fichiers viennent des identifiants, qui ne doivent contenir "
            "ni « / » ni « .. »"
        )
    return target


def inside_new(base: Path, relative: str) -> Path:
    """`inside` for a folder this run made and alone writes to (an import's new project,
    the site's staging folder): no link can be there, so a relative path without `..`
    stays inside, which saves resolving each of thousands of paths (a third of the
    time of writing them). `base` is resolved."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts or "\\" in relative:
        inside(base, relative)  # raises the one message for a path that would leave
    return base.joinpath(*parts)


def register_owns(path: Path, register_root: Path) -> bool:
    """True when `path` is, or would be, one of the register's own files: pcaet.toml, a
    YAML file anywhere below the root, anything in a kind folder or in .git."""
    root = register_root.resolve()
    target = path.resolve()
    if target == root:
        return True
    if root not in target.parents:
        return ".git" in target.parts
    parts = target.relative_to(root).parts
    return (
        parts[0] in (*KIND_FOLDERS, "pcaet.toml", ".git")
        or ".git" in parts
        or target.suffix.lower() in (".yaml", ".yml", ".toml")
    )


def check_output_file(output: Path, force: bool, register_root: Path | None) -> None:
    """Refuse, before any work, an output that would destroy or mislead: a file of the
    register, a link, a folder or a special file, or an existing file without `force`."""
    if register_root is not None and register_owns(output, register_root):
        raise PcaetError(
            f"{output} est dans les fichiers du registre : écrivez le résultat ailleurs "
            "(hors de territoires/, acteurs/, plans/, actions/, et pas en .yaml ni .toml)"
        )
    try:
        info = output.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise PcaetError(f"{output} : inaccessible ({os_reason(exc)})") from None
    if stat.S_ISLNK(info.st_mode):
        raise PcaetError(
            f"{output} est un lien symbolique : pcaet n'écrit pas à travers un lien ; "
            "donnez le chemin du fichier visé"
        )
    if stat.S_ISDIR(info.st_mode):
        raise PcaetError(f"{output} est un dossier : donnez un nom de fichier")
    if not stat.S_ISREG(info.st_mode):
        raise PcaetError(f"{output} n'est pas un fichier ordinaire (tube, périphérique…)")
    if not force:
        raise PcaetError(f"{output} existe déjà : ajoutez --force pour le remplacer")


def _new_file_mode(path: Path) -> int:
    """What `open()` would have given: the existing file's mode when it is replaced,
    else 0666 less the umask (mkstemp's 0600 would hide a workbook from colleagues)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


_swept: set[str] = set()
"""Folders already swept by this process."""


def _sweep(folder: Path) -> None:
    """Remove the temporary files a killed run left in `folder` (once per process and
    folder). A file younger than STALE_AFTER may be another run's write in progress."""
    key = str(folder)
    if key in _swept:
        return
    _swept.add(key)
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if now - info.st_mtime <= STALE_AFTER:
                    continue
                if stat.S_ISREG(info.st_mode):
                    Path(entry.path).unlink()
                elif stat.S_ISDIR(info.st_mode):  # a tree write_tree did not finish
                    shutil.rmtree(entry.path, ignore_errors=True)


def atomic_write(path: Path, data: str | bytes | Iterable[bytes], *, sync: bool = True) -> None:
    """Write to a temporary file beside `path`, then rename over it: a crash or a full
    disk leaves the previous content intact. The file gets the mode `open()` would give.
    `data` may come in pieces (a large file never whole in memory). `sync=False` leaves
    flushing to the caller (one fsync for many files)."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _sweep(folder)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            # A lone surrogate (the reader refuses them, but an import may carry one) is
            # written as \udXXX rather than stopping the write with an internal error.
            if isinstance(data, str):
                handle.write(data.encode("utf-8", "backslashreplace"))
            elif isinstance(data, bytes):
                handle.write(data)
            else:
                for piece in data:
                    handle.write(piece)
            handle.flush()
            os.fchmod(handle.fileno(), _new_file_mode(path))
            if sync:
                os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from None
        raise


def _write_error(path: Path, exc: OSError) -> WriteError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "le disque est plein"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "le dossier n'est pas accessible en écriture"
    else:
        why = os_reason(exc)
    return WriteError(f"impossible d'écrire {path} : {why} ; rien n'a été modifié")


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Write many files under `root` (relative POSIX paths, checked by the caller) with
    one flush to disk instead of one per file (an import writes thousands).

    A new `root` is built whole in a temporary folder beside it, flushed once, then
    renamed into place: an interrupted write leaves no half register. Into an existing
    `root`, each file replaces its target by rename, and the disk is flushed once."""
    if root.exists() or root.is_symlink():
        for rel, text in files.items():
            atomic_write(root / rel, text, sync=False)
        os.sync()
        return
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
        _sweep(root.parent)
        tmp = Path(tempfile.mkdtemp(prefix=f".{root.name}.", suffix=TEMP_SUFFIX, dir=root.parent))
    except OSError as exc:
        raise _write_error(root, exc) from None
    mask = os.umask(0o022)
    os.umask(mask)
    try:
        # mkdtemp's 0700 would hide the register from colleagues once renamed.
        tmp.chmod(0o777 & ~mask)
        made: set[Path] = set()
        for rel, text in files.items():
            path = tmp / rel
            if path.parent not in made:  # a few folders for thousands of files
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(text.encode("utf-8", "backslashreplace"))
        os.sync()
        tmp.rename(root)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _write_error(root, exc) from None
        raise
    with contextlib.suppress(OSError):  # the rename itself, on disk
        fd = os.open(root.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
