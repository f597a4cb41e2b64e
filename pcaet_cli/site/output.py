"""Writing the site's folder without losing what is on disk: the new site is written into
a temporary sibling folder, then swapped in; a folder that `pcaet site` did not make is
replaced only with --force, and never one that holds the register."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pcaet_cli import __version__
from pcaet_cli.errors import PcaetError, os_reason
from pcaet_cli.fsutil import STALE_AFTER, TEMP_SUFFIX, WriteError, inside_new, register_owns

MARKER = ".pcaet-site"
"""Left in every site folder: the next run may replace the folder without --force."""


def check_target(output: Path, force: bool, register_root: Path) -> None:
    """Refuse before any work: a folder holding the register, one of its own folders
    (actions/…) or anything inside them, a link, a file, or a non-empty folder not made
    by `pcaet site` unless --force."""
    target = output.resolve()
    root = register_root.resolve()
    if target == root or target in root.parents or register_owns(output, register_root):
        raise PcaetError(
            f"{output} contient le registre ou en fait partie : choisissez un autre "
            "dossier, par exemple public/"
        )
    if output.is_symlink():
        raise PcaetError(
            f"{output} est un lien symbolique : pcaet n'écrit pas à travers un lien ; "
            "donnez le chemin du dossier visé"
        )
    if not output.exists():
        return
    if not output.is_dir():
        if force and output.is_file():
            return
        raise PcaetError(f"{output} est un fichier : ajoutez --force pour le remplacer")
    made_by_us = (output / MARKER).is_file()
    if not made_by_us and any(output.iterdir()) and not force:
        raise PcaetError(
            f"{output} n'est pas vide et n'a pas été écrit par « pcaet site » : "
            "ajoutez --force pour le remplacer"
        )


class SiteFolder:
    """The private staging folder a new site is written into. Its `write` may be called
    from the processes rendering pages (forked after it was made): each writes its own
    files, rather than sending them to one process that writes 10 000 of them."""

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        self.pages = 0
        """The HTML pages of the finished site (counted on disk: several processes wrote
        them)."""
        self._made: set[Path] = set()

    def write(self, relative: str, content: str) -> None:
        # The staging folder is private (mkdtemp) and written by this run alone.
        path = inside_new(self.staging, relative)
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        path.write_text(content, encoding="utf-8")

    def count_pages(self) -> None:
        self.pages = sum(
            name.endswith(".html") for _, _, names in os.walk(self.staging) for name in names
        )


@contextmanager
def site_folder(output: Path) -> Iterator[SiteFolder]:
    """A new site to write, which becomes the folder `output` when the block ends. Until
    then the previous folder is untouched; if anything fails the staging folder is
    removed and `output` is as it was. Every process writing into it must have finished
    when the block ends."""
    parent = output.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _sweep(parent, output.name)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{output.name}.", suffix=TEMP_SUFFIX, dir=parent)
        ).resolve()
    except OSError as exc:
        raise WriteError(f"impossible d'écrire {output} : {os_reason(exc)}") from None
    try:
        folder = SiteFolder(staging)
        yield folder
        folder.count_pages()
        (staging / MARKER).write_text(f"pcaet site {__version__}\n", encoding="utf-8")
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        _swap(staging, output.resolve())
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise WriteError(
                f"impossible d'écrire {output} : {os_reason(exc)} ; le dossier est inchangé"
            ) from None
        raise


def _sweep(parent: Path, name: str) -> None:
    """Remove the staging and old folders a killed run left beside the site."""
    now = time.time()
    for leftover in parent.glob(f".{glob.escape(name)}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            stale = now - leftover.lstat().st_mtime > STALE_AFTER
            if stale and leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)


def _swap(staging: Path, target: Path) -> None:
    if not target.exists():
        staging.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        old.rename(target)
        raise
    if old.is_dir():
        shutil.rmtree(old)
    else:
        old.unlink()
