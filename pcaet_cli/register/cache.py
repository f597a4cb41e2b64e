"""What reading each file found, kept between runs, keyed by the file's content.

A register's files rarely change between two runs of `pcaet lint` (pre-commit, CI, an
editor): parsing and validating them again is most of the work. The cache keeps, for
each file, what `loader.examine` found (values, schema findings) under the hash of its
bytes, its path and its kind. The whole cache is dropped when the tool's code, Python's
version or the settings of pcaet.toml change. Only per-file results are kept:
references, coverage and every rule that looks across files run again, unless the
whole register is the same as at an earlier run asked the same way: a command may keep
its finished result under a key made of every file's key (`run`, `keep_run`).

The cache lives outside the register (a run must not write into the repository):
`$PCAET_CACHE_DIR`, else `$XDG_CACHE_HOME/pcaet`, else `~/.cache/pcaet`. A cache folder
may be shared between CI jobs, some of them on untrusted branches: the cache is msgpack,
plain data that cannot run code when read, each entry carries the digest of its text and is
discarded when it does not match, and anything unexpected in the file sends the file
back to parsing. A damaged cache costs time, never a wrong finding.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import msgpack

from pcaet_cli import __version__
from pcaet_cli.diagnostic import Diagnostic, Severity
from pcaet_cli.errors import PcaetError
from pcaet_cli.fsutil import atomic_write
from pcaet_cli.register.positions import Path as YamlPath
from pcaet_cli.register.positions import Span

if TYPE_CHECKING:
    from pcaet_cli.register.config import Config

_FORMAT = 3
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
    """The tool's version and the size and date of each of its source and data files:
    a changed rule, model or table of collectivities (which kept lint runs depend on),
    even without a new version number, drops the cache."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{__version__}|{sys.version_info[:3]}|{_FORMAT}".encode())
    for source in sorted([*package.rglob("*.py"), *(package / "data").glob("*.*")]):
        stat = source.stat()
        h.update(f"{source.relative_to(package)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return h.hexdigest()


# msgpack keeps what YAML gives (text and number keys, bool apart from int, floats
# including .inf); dates and integers too large for it travel as extension types.
_DATE, _DATETIME, _BIG = 1, 2, 3
_OPTIONS: dict[str, Any] = {"unicode_errors": "surrogatepass"}


def _extension(value: object) -> msgpack.ExtType:
    if isinstance(value, datetime):
        return msgpack.ExtType(_DATETIME, value.isoformat().encode())
    if isinstance(value, date):
        return msgpack.ExtType(_DATE, value.isoformat().encode())
    if isinstance(value, int):  # msgpack hands over the integers past 64 bits
        return msgpack.ExtType(_BIG, str(value).encode())
    raise TypeError(f"valeur imprévue dans le cache : {type(value).__name__}")


def _from_extension(code: int, raw: bytes) -> object:
    text = raw.decode()
    if code == _DATE:
        return date.fromisoformat(text)
    if code == _DATETIME:
        return datetime.fromisoformat(text)
    if code == _BIG:
        return int(text)
    raise ValueError(f"type d'extension inconnu : {code}")


_PACKER = msgpack.Packer(default=_extension, **_OPTIONS)
"""One packer for the process (each worker has its own): making one per entry costs
a third of packing."""


def diagnostic_rows(diagnostics: list[Diagnostic]) -> list[list[Any]]:
    """Diagnostics as msgpack rows (an entry's, and a kept lint run's)."""
    return [
        [
            d.path,
            d.line,
            d.column,
            d.code,
            d.message,
            d.severity.value,
            d.hint,
            d.end_line,
            d.end_column,
        ]
        for d in diagnostics
    ]


def diagnostics_from_rows(rows: list[Any]) -> list[Diagnostic]:
    """The diagnostics `diagnostic_rows` wrote; raises on rows it could not have."""
    return [
        Diagnostic(
            str(p), int(ln), int(col), str(code), str(msg), Severity(sev), hint, end_line, end_col
        )
        for p, ln, col, code, msg, sev, hint, end_line, end_col in rows
    ]


def pack(entry: Entry) -> bytes:
    """The entry as msgpack bytes (the form kept in the cache and sent by workers)."""
    record = [
        entry.data,
        sorted(entry.invalid),
        entry.has_model,
        entry.parse_findings,
        diagnostic_rows(entry.diagnostics),
        _located_rows(entry.located),
    ]
    return bytes(_PACKER.pack(record))


def unpack(blob: bytes) -> Entry:
    """The entry `pack` wrote. Raises (ValueError, TypeError, msgpack's errors…) on any
    bytes `pack` could not have written."""
    data, invalid, has_model, parse_findings, diagnostics, located = msgpack.unpackb(
        blob, ext_hook=_from_extension, strict_map_key=False, **_OPTIONS
    )
    if not (isinstance(has_model, bool) and isinstance(parse_findings, int)):
        raise ValueError("entrée de cache mal formée")
    return Entry(
        data,
        frozenset(str(field) for field in invalid),
        has_model,
        parse_findings,
        diagnostics_from_rows(diagnostics),
        {(tuple(path), bool(key)): Span(*map(int, span)) for path, key, span in located},
    )


def _seal(blob: bytes) -> bytes:
    return hashlib.blake2b(blob, digest_size=16).digest()


def _located_rows(located: dict[tuple[YamlPath, bool], Span]) -> list[list[Any]]:
    return [[list(path), key, list(span)] for (path, key), span in located.items()]


class _Kept:
    """An entry in use this run: the bytes it is stored as and its `located` dict,
    which the rules fill; `spans` tells whether spans were located since (the bytes are
    then packed again). Not the entry itself: its values would stay in memory beside
    the model made of them until the end of the run."""

    __slots__ = ("blob", "located", "seal", "spans")

    def __init__(
        self, blob: bytes, located: dict[tuple[YamlPath, bool], Span], seal: bytes | None
    ) -> None:
        self.blob = blob
        self.located = located
        self.seal = seal
        """The seal of `blob` when it was just checked, else None."""
        self.spans = len(located)

    def packed(self) -> tuple[bytes, bytes]:
        """The entry's bytes as they are now, and their seal."""
        if len(self.located) == self.spans:
            return self.blob, self.seal or _seal(self.blob)
        # Without ext_hook, dates and large integers stay ExtType and are packed back
        # as the very same bytes.
        record = msgpack.unpackb(self.blob, strict_map_key=False, **_OPTIONS)
        record[-1] = _located_rows(self.located)
        blob = bytes(_PACKER.pack(record))
        return blob, _seal(blob)


RUNS_KEPT = 4
"""Finished runs kept per register: lint at today's date and at the date CI sets, with
and without a selection of rules, without one evicting the other."""


def run_key(purpose: str, keys: list[Key]) -> str:
    """The key of a whole run: what it was asked and what the walk found besides the
    files (`purpose`), and every file read, in order."""
    h = hashlib.blake2b(digest_size=16)
    h.update(purpose.encode("utf-8", "surrogatepass"))
    for where, content, kind in keys:
        h.update(f"\0{where}\0{content}\0{kind}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def cache_file(root: Path, folder: Path) -> Path:
    """The file in `folder` holding the cache of the register at `root`."""
    name = hashlib.blake2b(str(root).encode(), digest_size=12).hexdigest()
    return folder / f"registre-{name}.msgpack"


class FileCache:
    """The entries of one register, loaded at start and saved once at the end.

    Each entry is stored as its own msgpack bytes (made by the worker that examined
    the file) beside its digest: saving writes bytes, not millions of objects, and
    loading decodes only the entries of files that did not change. `fresh` ignores what is on
    disk (--no-cache) and writes a new cache at the end, which also repairs one."""

    def __init__(
        self,
        root: Path,
        settings: Config,
        folder: Path | None = None,
        *,
        fresh: bool = False,
    ) -> None:
        self.folder = folder or cache_dir()
        self.path = cache_file(root, self.folder)
        self.stamp = [_FORMAT, code_fingerprint(), digest(settings.model_dump_json().encode())]
        self.entries: dict[Key, tuple[bytes, bytes]] = {}
        """Key → (digest of the entry's bytes, the bytes)."""
        self.used: dict[Key, _Kept] = {}
        self.dirty = fresh
        """An entry was added (spans located in kept entries are seen by `save`)."""
        self.runs: dict[str, tuple[bytes, bytes]] = {}
        """Run key → (seal, the finished run's bytes), oldest first."""
        self.loaded = not fresh and self._load()

    def _load(self) -> bool:
        try:
            # Only a regular file: a link or a FIFO planted in a shared folder could
            # point anywhere or block the run.
            if not stat.S_ISREG(self.path.lstat().st_mode):
                return False
            document = msgpack.unpackb(self.path.read_bytes(), strict_map_key=False)
        except Exception:
            return False
        if not isinstance(document, dict) or document.get("stamp") != self.stamp:
            return False
        rows = document.get("entries")
        if not isinstance(rows, list):
            return False
        for row in rows:
            if (
                isinstance(row, list)
                and len(row) == 5
                and all(isinstance(x, str) for x in row[:3])
                and all(isinstance(x, bytes) for x in row[3:])
            ):
                where, content, kind, seal, blob = row
                self.entries[(where, content, kind or None)] = (seal, blob)
        runs = document.get("runs", [])
        for row in runs if isinstance(runs, list) else []:
            if (
                isinstance(row, list)
                and len(row) == 3
                and isinstance(row[0], str)
                and all(isinstance(x, bytes) for x in row[1:])
            ):
                self.runs[row[0]] = (row[1], row[2])
        return True

    def run(self, key: str) -> bytes | None:
        """The bytes a run kept under `key`, if intact."""
        stored = self.runs.get(key)
        if stored is None or _seal(stored[1]) != stored[0]:
            return None
        return stored[1]

    def keep_run(self, key: str, blob: bytes) -> None:
        """Keep a finished run (the newest `RUNS_KEPT`), written by `save`."""
        self.runs.pop(key, None)
        self.runs[key] = (_seal(blob), blob)
        while len(self.runs) > RUNS_KEPT:
            del self.runs[next(iter(self.runs))]
        self.dirty = True

    def get(self, key: Key) -> Entry | None:
        stored = self.entries.get(key)
        if stored is None:
            return None
        seal, blob = stored
        if _seal(blob) != seal:
            return None  # a damaged entry: the file is examined again
        try:
            entry = unpack(blob)
        except Exception:
            return None
        self.used[key] = _Kept(blob, entry.located, seal)
        return entry

    def put(self, key: Key, blob: bytes, located: dict[tuple[YamlPath, bool], Span]) -> None:
        """Keep a new entry's bytes; `located` is its dict, which the rules fill."""
        self.used[key] = _Kept(blob, located, None)
        self.dirty = True

    def save(self) -> None:
        """Keep the entries of this run only (files deleted or changed since are gone),
        written whole to a temporary file then renamed: never half a cache. A cache that
        cannot be written (read-only home in CI) only costs speed next time."""
        changed = any(len(k.located) != k.spans for k in self.used.values())
        if not (self.dirty or changed) and self.used.keys() == self.entries.keys():
            return
        with contextlib.suppress(PcaetError):
            atomic_write(self.path, self._document(), sync=False)

    def _document(self) -> Iterator[bytes]:
        """The cache file in pieces, row by row: the same bytes as packing the whole
        map at once, without a second copy of every entry at the run's memory peak."""
        packer = msgpack.Packer(**_OPTIONS)
        yield packer.pack_map_header(3)
        yield packer.pack("stamp") + packer.pack(self.stamp)
        yield packer.pack("entries") + packer.pack_array_header(len(self.used))
        for (where, content, kind), kept in self.used.items():
            blob, seal = kept.packed()
            yield packer.pack([where, content, kind or "", seal, blob])
        runs = [[key, seal, blob] for key, (seal, blob) in self.runs.items()]
        yield packer.pack("runs") + packer.pack(runs)
