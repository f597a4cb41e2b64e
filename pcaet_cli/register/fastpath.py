"""The fast path of loading a register (docs/decisions/0005): positions only for the
files that need them, unchanged files from the cache, the others spread over worker
processes. `loader._straightforward` is the reading it must match finding for finding."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import NamedTuple

from pcaet_cli.model import KINDS, RegisterModel
from pcaet_cli.register.cache import Entry, FileCache, Key, digest, pack, run_key, unpack
from pcaet_cli.register.discovery import RegisterFile, read_limited
from pcaet_cli.register.encoding import decode
from pcaet_cli.register.loader import Earlier, _Loading, _read, examine, validate
from pcaet_cli.register.parallel import map_in_order
from pcaet_cli.register.yamlfile import YamlFile


class _Found(NamedTuple):
    """What a worker sends back for one file: its text and the cache entry, packed."""

    digest: str
    text: str
    blob: bytes
    unchecked: int | None
    """Schema not checked yet (the parent validates, which it must do anyway to hold
    the model): how many of the entry's findings come after the schema's. None: the
    entry is complete."""


def _work(
    models_only: bool, max_size: int, files: Sequence[tuple[RegisterFile, str]]
) -> list[_Found | OSError]:
    """Examine files in a worker. Without their text (`models_only`) the parent could
    not place a schema error: the worker validates; otherwise the parent does, once."""
    found: list[_Found | OSError] = []
    for file, shown in files:
        try:
            raw = read_limited(file.path, max_size)
        except OSError as exc:
            found.append(exc)
            continue
        if models_only:
            source, model, invalid, diags = examine(raw, file, shown, positions=False)
            entry = Entry(
                source.data, invalid, model is not None, len(source.diagnostics), diags, {}
            )
            found.append(_Found(digest(raw), "", pack(entry), None))
            continue
        source, before, after = _read(raw, file, shown, False)
        candidate = file.kind is not None and isinstance(source.data, dict)
        entry = Entry(
            source.data, frozenset(), candidate, len(source.diagnostics), [*before, *after], {}
        )
        found.append(_Found(digest(raw), source.text, pack(entry), len(after)))
    return found


def _checked(
    file: RegisterFile, shown: str, result: _Found, entry: Entry
) -> tuple[bytes, Entry, RegisterModel | None]:
    """The entry of a file a worker left unvalidated, complete, with its model."""
    if not entry.has_model or file.kind is None:
        return result.blob, entry, None
    source = YamlFile(result.text, entry.data, None, [], shown)
    model, schema_diags, invalid = validate(source, KINDS[file.kind], shown)
    if not schema_diags:
        return result.blob, entry, model
    cut = len(entry.diagnostics) - (result.unchecked or 0)
    diags = [*entry.diagnostics[:cut], *schema_diags, *entry.diagnostics[cut:]]
    entry = entry._replace(invalid=invalid, has_model=model is not None, diagnostics=diags)
    return pack(entry), entry, model


def _rebuild(
    loading: _Loading,
    file: RegisterFile,
    shown: str,
    text: str,
    entry: Entry,
    model: RegisterModel | None = None,
) -> None:
    """The document again from an entry: its model, unless given, is validated anew
    from the values (faster than unpickling a model, and the same model by
    construction)."""
    if model is None and entry.has_model and file.kind is not None and isinstance(entry.data, dict):
        data = entry.data
        if entry.invalid:
            data = {k: v for k, v in data.items() if k not in entry.invalid}
        model = KINDS[file.kind].model_validate(data)
    # The model holds the values: the source keeps only the top-level keys, which is
    # what placing a finding needs (the values as well took a fifth of the memory).
    keys = None if loading.models_only or type(entry.data) is not dict else tuple(entry.data)
    parse_diags = entry.diagnostics[: entry.parse_findings]
    source = YamlFile(text, None, None, parse_diags, shown, keys=keys)
    source.located = entry.located  # the same dict: spans found now go to the cache
    loading.add(file, shown, source, model, entry.invalid, list(entry.diagnostics))


def load_fast(
    loading: _Loading,
    files: list[tuple[RegisterFile, str]],
    cache: FileCache | None,
    max_size: int,
    reuse: str | None = None,
    earlier: Earlier | None = None,
) -> None:
    """Load `files` into `loading`. With `reuse` (what the caller asks, and what the
    walk found besides the files), the key of the whole run is left in
    `loading.run_key` when every file could be read; when the cache kept a run under
    that key, its bytes are left in `loading.kept_run` and nothing is rebuilt. With
    `earlier` (and no `reuse`), the files it holds unchanged are taken from it."""
    before = {} if earlier is None or reuse is not None else earlier.files()
    adopted = {i: before[shown] for i, (_, shown) in enumerate(files) if shown in before}
    # With a cache, every file is read (to know whether it changed) and the unchanged
    # ones are rebuilt at once; the others are parsed below.
    keys: dict[int, Key] = {}
    texts: dict[int, str] = {}
    unreadable: dict[int, OSError] = {}
    if cache is not None and cache.loaded:
        for position, (file, shown) in enumerate(files):
            if position in adopted:
                continue
            try:
                raw = read_limited(file.path, max_size)
            except OSError as exc:
                unreadable[position] = exc
                continue
            key = (shown, digest(raw), file.kind)
            if key in cache.entries:
                keys[position] = key
                texts[position] = "" if loading.models_only else (decode(raw, shown)[0] or "")
        if reuse is not None and not unreadable and len(keys) == len(files):
            loading.run_key = run_key(reuse, list(keys.values()))
            kept = cache.run(loading.run_key)
            if kept is not None:
                _keep_texts(loading, files, texts)
                loading.kept_run = kept
                return
    known: dict[int, tuple[str, Entry]] = {}
    for position, key in keys.items():
        entry = cache.get(key) if cache is not None else None
        if entry is not None:
            known[position] = (texts[position], entry)
    todo = [
        files[i]
        for i in range(len(files))
        if i not in known and i not in unreadable and i not in adopted
    ]
    # Results are taken as workers send them: unpacking and validating one chunk while
    # the workers read the next.
    parsed = map_in_order(partial(_work, loading.models_only, max_size), todo)
    for position, (file, shown) in enumerate(files):
        if position in adopted:
            loading.adopt(shown, *adopted[position])
            continue
        if position in known:
            text, entry = known[position]
            _rebuild(loading, file, shown, text, entry)
            continue
        result = unreadable.get(position) or next(parsed)
        if isinstance(result, OSError):
            loading.unreadable(shown, result)
            unreadable[position] = result
            continue
        keys[position] = (shown, result.digest, file.kind)
        blob, entry = result.blob, unpack(result.blob)
        model = None
        if result.unchecked is not None:
            blob, entry, model = _checked(file, shown, result, entry)
        if cache is not None:
            cache.put(keys[position], blob, entry.located)
        _rebuild(loading, file, shown, result.text, entry, model)
    if reuse is not None and not unreadable:
        loading.run_key = run_key(reuse, [keys[i] for i in range(len(files))])


def _keep_texts(
    loading: _Loading, files: list[tuple[RegisterFile, str]], texts: dict[int, str]
) -> None:
    """The text of every file, for a kept run to show the lines of its findings."""
    for position, (_, shown) in enumerate(files):
        loading.sources[shown] = YamlFile(texts[position], None, None, [], shown)
