"""The cache cannot lie or run code: whatever its folder holds (bit flips, a planted
file, a link, a FIFO), a lint finds exactly what it finds without the cache."""

from __future__ import annotations

import os
import pickle
import random
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcaet_cli.lint.engine import LintRequest, run_lint
from pcaet_cli.register.cache import FileCache, cache_file, pack, unpack
from pcaet_cli.register.positions import Span
from tests.conftest import WriteRegister
from tests.profiles import examples
from tests.unit.test_cache import FILES as BASE_FILES

TODAY = date(2026, 11, 29)

# The cache tests' register, with what its entries must carry intact: a date, a
# number key, a key that looks like a tag, a file that does not parse.
FILES = {
    **BASE_FILES,
    "actions/mob-01.yaml": BASE_FILES["actions/mob-01.yaml"] + "date_debut: 2025-01-15\n1: un\n",
    "actions/mob-02.yaml": BASE_FILES["actions/mob-02.yaml"] + "$clé: valeur\n",
    "actions/mob-03.yaml": "titre: [non fermé\n",
}


def _findings(root: Path, cache: bool = True) -> list[tuple[str, int, int, str, str]]:
    run = run_lint(LintRequest(root, today=TODAY, cache=cache))
    return [(d.path, d.line, d.column, d.code, d.message) for d in run.result.diagnostics]


@pytest.fixture
def primed(write_register: WriteRegister, own_cache: Path) -> tuple[Path, Path, bytes, list]:  # type: ignore[type-arg]
    """A register, its findings without cache, and the cache file a first run wrote."""
    root = write_register(FILES)
    truth = _findings(root, cache=False)
    assert _findings(root) == truth
    stored = cache_file(root, own_cache)
    return root, stored, stored.read_bytes(), truth


def test_entries_keep_dates_odd_keys_and_tags_apart() -> None:
    from pcaet_cli.register.cache import Entry

    data = {
        "titre": "x",
        "debut": date(2025, 1, 15),
        "$d": "2025-01-15",  # a key that looks like the tag must stay a key
        "liste": [{1: "un", date(2025, 2, 1): "date", None: "nul"}, {"$m": []}],
        "valeur": float("inf"),
        "grand": [10**40, -(2**70)],  # past msgpack's 64 bits
    }
    entry = Entry(
        data, frozenset({"debut"}), True, 0, [], {(("liste", 0), False): Span(1, 2, 3, 4)}
    )
    back = unpack(pack(entry))
    assert back.data == data
    assert type(back.data["debut"]) is date
    assert back.data["$d"] == "2025-01-15"
    assert back.data["grand"] == [10**40, -(2**70)]
    assert back.located == entry.located


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), flips=st.integers(1, 4))
def test_random_corruption_never_changes_the_findings(
    primed: tuple[Path, Path, bytes, list],  # type: ignore[type-arg]
    seed: int,
    flips: int,
) -> None:
    root, stored, clean, truth = primed
    damaged = bytearray(clean)
    rng = random.Random(seed)
    for _ in range(flips):
        position = rng.randrange(len(damaged))
        damaged[position] ^= 1 << rng.randrange(8)
    stored.write_bytes(bytes(damaged))
    assert _findings(root) == truth
    stored.write_bytes(clean)


def test_an_entry_rewritten_with_its_seal_dropped_is_not_trusted(
    primed: tuple[Path, Path, bytes, list],  # type: ignore[type-arg]
) -> None:
    root, stored, clean, truth = primed
    # Someone hides a finding by editing the entry's text in a shared cache folder.
    edited = clean.replace(b"S002", b"S999")
    assert edited != clean
    stored.write_bytes(edited)
    assert _findings(root) == truth


def test_a_planted_pickle_is_never_unpickled(
    primed: tuple[Path, Path, bytes, list],  # type: ignore[type-arg]
    tmp_path: Path,
) -> None:
    root, stored, _clean, truth = primed
    witness = tmp_path / "execute"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.mkdir, (str(witness),))

    stored.write_bytes(pickle.dumps(Payload()))
    stored.with_suffix(".pickle").write_bytes(pickle.dumps(Payload()))
    assert _findings(root) == truth
    assert not witness.exists()


@pytest.mark.parametrize("kind", ["fifo", "link-to-zero", "folder"])
def test_a_special_cache_file_is_passed_over(
    primed: tuple[Path, Path, bytes, list],  # type: ignore[type-arg]
    kind: str,
) -> None:
    root, stored, _clean, truth = primed
    stored.unlink()
    if kind == "fifo":
        os.mkfifo(stored)
    elif kind == "link-to-zero":
        stored.symlink_to("/dev/zero")
    else:
        stored.mkdir()
    # Nothing read from it (a FIFO would block, /dev/zero would fill the memory).
    assert _findings(root) == truth
    if kind == "folder":
        shutil.rmtree(stored)


def test_the_cache_is_keyed_by_register_and_settings(
    write_register: WriteRegister, own_cache: Path
) -> None:
    from pcaet_cli.register.config import load_config

    root = write_register(FILES)
    _findings(root)
    cache = FileCache(root, load_config(root))
    assert cache.loaded
    assert cache.path.parent == own_cache
    assert not FileCache(root, load_config(root), fresh=True).loaded
