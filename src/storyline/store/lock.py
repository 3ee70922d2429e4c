"""One writer at a time: the lock an ingest, a load or a correction holds from before it
reads the state it will replace until its write is committed.

SQLite serialises transactions, but an ingest reads the whole database, computes for
minutes and then replaces the grouping tables: two of them at once would each write
what it computed from a state the other has changed.  So every writer first takes an
exclusive lock on a file beside the database (``news.db.lock``; in a dataset folder,
``LOCK_NAME``), and a second writer is told at once that the database is busy,
by whom and since when.  Readers (``stories``, the web pages) never wait: the database
is in WAL mode.

The lock is ``flock``: the kernel releases it when its holder dies, so a ``kill -9``
leaves nothing to clean up.  It is re-entrant within one thread (a correction holds it
and calls the re-clustering that takes it again).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import Busy, StoreError

_held: dict[tuple[str, int], int] = {}  # (lock file, thread) -> depth
_guard = threading.Lock()


# The lock file's name inside a dataset folder (``store/dataset.py`` ignores it).
LOCK_NAME = ".storyline.lock"


def lock_path(target: str | os.PathLike[str], folder: bool = False) -> Path:
    """The lock file of a database file, or of a dataset ``folder``."""
    p = Path(target)
    return p / LOCK_NAME if folder else p.with_name(p.name + ".lock")


@contextmanager
def writer_lock(target: str | os.PathLike[str], what: str, *, folder: bool = False) -> Iterator[None]:
    """Hold the one-writer lock of ``target`` (a database, or a dataset ``folder``)
    while the block runs; raise :class:`Busy` at once if another writer holds it.
    ``what`` names this writer in the message the next one gets ("ingest", "split")."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: SQLite's own locking only
        yield
        return
    path = lock_path(target, folder)
    key = (str(path.resolve()), threading.get_ident())
    with _guard:
        if key in _held:
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                _held[key] -= 1
        return
    if folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise StoreError(f"{target}: cannot take the writer's lock {path} ({e.strerror})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(f"{target}: database busy: {_holder(fd)}; try again when it has finished") from None
        os.ftruncate(fd, 0)
        started = dt.datetime.now().isoformat(timespec="seconds")
        os.write(fd, json.dumps({"pid": os.getpid(), "what": what, "since": started}).encode())
        with _guard:
            _held[key] = 1
        try:
            yield
        finally:
            with _guard:
                del _held[key]
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    """Who holds the lock, as its holder wrote it."""
    try:
        info = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "another writer is at work"
    return (
        f"another {info.get('what', 'writer')} is at work (pid {info.get('pid', '?')}, since {info.get('since', '?')})"
    )
