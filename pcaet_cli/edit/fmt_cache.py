"""Texts `pcaet fmt` found already formatted, kept between runs.

`pcaet fmt --check` runs at each commit (pre-commit) and in CI, on registers whose files
are nearly all formatted already, and formatting is ruamel's round trip in pure Python
(some 15 ms a file). A file whose exact bytes, of the same kind, this very code found
formatted before is not formatted again: its key is the digest of its kind and bytes.

The keys live beside the lint cache (`$PCAET_CACHE_DIR`, else ~/.cache/pcaet), in one
file for every register (the key is the content, not the place). They are dropped when
pcaet's code or the versions of Python or ruamel.yaml change, and read with the lint
cache's care: a regular file only, msgpack (plain data), anything unexpected ignored.
A damaged file costs time, never a wrong answer: an unknown key means formatting.
"""

from __future__ import annotations

import contextlib
import stat
from pathlib import Path

import msgpack
from ruamel.yaml import __version__ as ruamel_version

from pcaet_cli.errors import PcaetError
from pcaet_cli.fsutil import atomic_write
from pcaet_cli.register.cache import cache_dir, code_fingerprint, digest

_FORMAT = 1
"""Bumped when what the file holds changes shape."""

MAX_KEPT = 500_000
"""Keys kept at most (17 Mo): past it, only those of the last run are."""


def text_key(raw: bytes, kind: str | None) -> str:
    """The key of a file's bytes read as a file of `kind`: the lint cache's digest."""
    return digest((kind or "").encode() + b"\0" + raw)


class FormattedTexts:
    """The keys of the texts found formatted: those of earlier runs (`known`) and those
    this run found or confirmed (`seen`), saved at the end. `fresh` ignores what is on
    disk and writes it anew."""

    def __init__(self, folder: Path | None = None, *, fresh: bool = False) -> None:
        self.path = (folder or cache_dir()) / "fmt.msgpack"
        self.stamp = [_FORMAT, code_fingerprint(), ruamel_version]
        self.known: frozenset[str] = frozenset() if fresh else self._load()
        self.seen: set[str] = set()
        self.fresh = fresh

    def _load(self) -> frozenset[str]:
        try:
            # Only a regular file: a link or a FIFO planted in a shared folder could
            # point anywhere or block the run.
            if not stat.S_ISREG(self.path.lstat().st_mode):
                return frozenset()
            document = msgpack.unpackb(self.path.read_bytes())
        except Exception:
            return frozenset()
        if not isinstance(document, dict) or document.get("stamp") != self.stamp:
            return frozenset()
        keys = document.get("textes")
        if not isinstance(keys, list):
            return frozenset()
        return frozenset(k for k in keys if isinstance(k, str) and len(k) == 32)

    def save(self) -> None:
        """Written whole then renamed; a folder that cannot be written (a read-only home
        in CI) only costs time next run."""
        if not self.fresh and self.seen <= self.known:
            return
        kept = self.seen | self.known
        if len(kept) > MAX_KEPT:
            kept = self.seen
        document = msgpack.packb({"stamp": self.stamp, "textes": sorted(kept)})
        with contextlib.suppress(PcaetError):
            atomic_write(self.path, document, sync=False)
