"""Spreading independent per-file work over processes, in order.

Parsing is pure Python around libyaml: threads would share one interpreter lock, so the
files are split between forked processes, which inherit the loaded code (no import, no
pickled function). Small batches stay in the process: a fork costs more than they do.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

THRESHOLD = 400
"""Below this many items, starting workers costs more than it saves."""


def workers() -> int:
    """`PCAET_JOBS` when set (1: no worker), else the processors this process may use."""
    configured = os.environ.get("PCAET_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def map_in_order(
    work: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item]
) -> Iterator[Result]:
    """`work` applied to consecutive chunks of `items`, results yielded in order as
    chunks complete: the caller uses the first results while workers make the next."""
    jobs = workers()
    if jobs < 2 or len(items) < THRESHOLD or "fork" not in mp.get_all_start_methods():
        yield from work(items)
        return
    # Many chunks per worker even out the load and let the caller start early; each is
    # large enough that sending it and its results costs little next to the work.
    size = max(50, len(items) // (jobs * 16))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    with mp.get_context("fork").Pool(jobs) as pool:
        for chunk in pool.imap(work, chunks):
            yield from chunk
