"""What reading each file found, kept between runs, keyed by the file's content.

A register's files rarely change between two runs of `pcaet lint` (pre-commit, CI, an
editor): parsing and validating them again is most of the work. The cache keeps, for
each file, what `loader.examine` found (values, schema findings) under the hash of its
bytes, its path and its kind. The whole cache is dropped when the tool's code, Python's
version or the settings of pcaet.toml change. Only per-file results are kept:
references, coverage and every rule that looks across files run again on every run.

The cache lives outside the register (a run must not write into the repository):
`$PCAET_CACHE_DIR`, else `$XDG_CACHE_HOME/pcaet`, else `~/.cache/pcaet`. It is a pickle,
like black's: it is only ever read from the user's own cache folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel

from pcaet_cli import __version__
from pcaet_cli.fsutil import atomic_write
from pcaet_cli.lint.diagnostic import Diagnostic
from pcaet_cli.register.positions import Path as YamlPath
from pcaet_cli.register.positions import Span

_FORMAT = 1
"""Bumped when what an entry holds changes shape."""


class Entry(NamedTuple):
    """What examining one file found, without its text (read again from disk)."""

    data: Any
    invalid: frozenset[str]
    has_model: bool
    parse_findings: int
    """How many of `diagnostics` come from reading the YAML (the rest: naming, schema)."""
    diagnostics: list[Diagnostic]
    located: dict[tuple[YamlPath, bool], Span]
    """Spans the rules asked for in an earlier run (filled in as they are found)."""


Key = tuple[str, str, str | None]
"""(display path, content digest, kind): a file moved or of another kind is another file."""


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def cache_dir() -> Path:
    configured = os.environ.get("PCAET_CACHE_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "pcaet"


@cache
def code_fingerprint() -> str:
    """The tool's version and the size and date of each of its source files: a changed
    rule or model, even without a new version number, drops the cache."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{__version__}|{sys.version_info[:3]}|{_FORMAT}".encode())
    for source in sorted(package.rglob("*.py")):
        stat = source.stat()
        h.update(f"{source.relative_to(package)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return h.hexdigest()


def pack(entry: Entry) -> bytes:
    return pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)


class _Kept:
    """An entry in use this run, with the bytes it is stored as; `spans` tells whether
    spans were located in it since (it is then packed again)."""

    __slots__ = ("blob", "entry", "spans")

    def __init__(self, blob: bytes, entry: Entry) -> None:
        self.blob = blob
        self.entry = entry
        self.spans = len(entry.located)

    def packed(self) -> bytes:
        return self.blob if len(self.entry.located) == self.spans else pack(self.entry)


class FileCache:
    """The entries of one register, loaded at start and saved once at the end.

    Each entry is stored as its own pickle (made by the worker that examined the file):
    saving writes bytes, not millions of objects, and loading unpacks only the entries
    of files that did not change."""

    def __init__(self, root: Path, settings: BaseModel, folder: Path | None = None) -> None:
        self.folder = folder or cache_dir()
        name = hashlib.blake2b(str(root).encode(), digest_size=12).hexdigest()
        self.path = self.folder / f"registre-{name}.pickle"
        self.stamp = (code_fingerprint(), digest(settings.model_dump_json().encode()))
        self.entries: dict[Key, bytes] = {}
        self.used: dict[Key, _Kept] = {}
        self.dirty = False
        """An entry was added (spans located in kept entries are seen by `save`)."""
        self.loaded = self._load()

    def _load(self) -> bool:
        try:
            with self.path.open("rb") as stream:
                stamp, entries = pickle.load(stream)
        except Exception:
            # Missing, truncated, or written by another version (unpickling can then
            # raise almost anything): start afresh.
            return False
        if stamp != self.stamp or not isinstance(entries, dict):
            return False
        self.entries = entries
        return True

    def get(self, key: Key) -> Entry | None:
        blob = self.entries.get(key)
        if blob is None:
            return None
        try:
            entry = pickle.loads(blob)
        except Exception:
            return None  # a damaged entry: the file is examined again
        if not isinstance(entry, Entry):
            return None
        self.used[key] = _Kept(blob, entry)
        return entry

    def put(self, key: Key, blob: bytes, entry: Entry) -> None:
        self.used[key] = _Kept(blob, entry)
        self.dirty = True

    def save(self) -> None:
        """Keep the entries of this run only (files deleted or changed since are gone),
        written whole to a temporary file then renamed: never half a cache. A cache that
        cannot be written (read-only home in CI) only costs speed next time."""
        changed = any(len(k.entry.located) != k.spans for k in self.used.values())
        if not (self.dirty or changed) and self.used.keys() == self.entries.keys():
            return
        stored = {key: kept.packed() for key, kept in self.used.items()}
        blob = pickle.dumps((self.stamp, stored), protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):
            atomic_write(self.path, blob)
