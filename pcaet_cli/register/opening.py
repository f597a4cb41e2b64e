"""The one load sequence every command shares: find the root, read pcaet.toml, read
every file (through the cache), build the index."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pcaet_cli.register.cache import FileCache
from pcaet_cli.register.config import Config, load_config
from pcaet_cli.register.discovery import find_root
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import Earlier, LoadedRegister, load_register, quiet_collector


@dataclass(slots=True)
class OpenRegister:
    root: Path
    config: Config
    loaded: LoadedRegister
    index: RegisterIndex
    cache: FileCache | None
    """To save once the run is over: lint's rules locate spans that go into it."""


def open_register(
    path: Path,
    *,
    fast: bool = True,
    cache: bool = True,
    rebuild_cache: bool = False,
    models_only: bool = False,
    cache_folder: Path | None = None,
    reuse: str | None = None,
    earlier: Earlier | None = None,
) -> OpenRegister:
    """The register at or above `path`, read as pcaet.toml says (exclusions, size limit).
    `fast=False` is the straightforward reading, without cache or workers; `cache`
    shares per-file results with earlier runs (lint and reports alike);
    `models_only` keeps no file text (reports, site, export); `cache_folder` replaces
    the user's cache folder; `reuse` and `earlier`: see `load_register` (when the
    cache kept the run, the index is empty)."""
    root = find_root(path)
    config = load_config(root)
    with quiet_collector():
        kept = (
            FileCache(root, config, cache_folder, fresh=rebuild_cache) if fast and cache else None
        )
        loaded = load_register(
            root,
            exclude=tuple(config.lint.exclude),
            fast=fast,
            cache=kept,
            models_only=models_only,
            max_size=config.registre.taille_max_fichier,
            reuse=reuse,
            earlier=earlier,
        )
        index = RegisterIndex.build(loaded.documents)
    return OpenRegister(root, config, loaded, index, kept)
