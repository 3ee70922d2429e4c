"""Where the per-article work of the pipeline's stages runs.

A stage that does the same thing to every article (cleaning, the word counts of story
clustering, extraction) cuts its articles into chunks and hands them to a *mapper*:
``mapper(fn, jobs, shared, items)`` calls ``fn(job, shared)`` on every job and yields
the results in the jobs' order.  ``shared`` is what every job reads (a learned model,
settings) and is sent once per worker, not once per job.

The local runner's mapper (:class:`LocalMapper`) runs the jobs in this process, or in a
pool of forked processes when there are enough articles to pay for it; the Spark
runner's (``spark/executor.SparkMapper``) runs them as Spark tasks with ``shared``
broadcast.  The stages do not know which: scale-out swaps the mapper, not the stages.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

J = TypeVar("J")
R = TypeVar("R")

# Below this many articles, one process is faster than starting a pool.
PARALLEL_MIN_ARTICLES = 400
# Jobs a forked worker runs before a fresh one replaces it (see ``LocalMapper``).
WORKER_JOBS = 64


class Mapper(Protocol):
    def __call__(
        self, fn: Callable[[Any, Any], R], jobs: Iterable[Any], shared: Any = None, items: int = 0
    ) -> Iterator[R]: ...


def chunks(items: Sequence[J], size: int) -> list[Sequence[J]]:
    """``items`` cut into consecutive slices of ``size``."""
    return [items[i : i + size] for i in range(0, len(items), size)]


# What the forked workers share: set before the pool forks, so children inherit it
# without pickling (a furniture model can weigh megabytes).
_SHARED: Any = None


def _call(fn: Callable[[Any, Any], R], job: Any) -> R:
    return fn(job, _SHARED)


# How often a worker looks whether the process that forked it is still there.
PARENT_WATCH_SECONDS = 0.5


def _die_with_parent(parent: int) -> None:
    """A worker's initializer: a daemon thread ends the worker once the process that
    forked it is gone (a ``kill -9`` of an ingest leaves no worker holding hundreds of
    megabytes).  Linux's PR_SET_PDEATHSIG would follow the forking *thread*, and the
    pool forks replacement workers from a thread of its own that ends with the pool."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="storyline-parent-watch", daemon=True).start()


@dataclass(frozen=True, slots=True)
class LocalMapper:
    """Jobs in this process, or in ``workers`` forked processes (0: one per core) when
    they hold at least ``PARALLEL_MIN_ARTICLES`` articles.  Same results either way.
    ``jobs`` may be a stream (a generator, read as the workers need jobs)."""

    workers: int = 0

    def __call__(
        self, fn: Callable[[Any, Any], R], jobs: Iterable[Any], shared: Any = None, items: int = 0
    ) -> Iterator[R]:
        workers = self.workers or os.cpu_count() or 1
        if isinstance(jobs, Sized):
            workers = min(workers, len(jobs))
        if workers < 2 or items < PARALLEL_MIN_ARTICLES:
            for job in jobs:
                yield fn(job, shared)
            return
        global _SHARED
        _SHARED = shared
        # The workers share the parent's heap copy-on-write.  The cyclic collector
        # writes to every object it visits, so a worker's collection would copy the
        # parent's pages: the objects alive now are frozen out of collection.  And a
        # worker copies the pages its jobs' articles lie on as it touches them, so
        # workers are replaced after WORKER_JOBS jobs, which frees their copies.
        gc.freeze()
        try:
            with multiprocessing.get_context("fork").Pool(
                workers, initializer=_die_with_parent, initargs=(os.getpid(),), maxtasksperchild=WORKER_JOBS
            ) as pool:
                yield from pool.imap(functools.partial(_call, fn), jobs)
        finally:
            _SHARED = None
            gc.unfreeze()
