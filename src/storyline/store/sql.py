"""SQL helpers the store's modules share."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

# Ids bound in one ``IN (...)`` list: under SQLite's default limit of host parameters.
CHUNK = 900


def rows_in(conn: sqlite3.Connection, sql: str, ids: Sequence[Any], *args: Any) -> Iterator[sqlite3.Row]:
    """The rows of ``sql`` (whose ``{ids}`` is an ``IN`` list's place) for every id of
    ``ids``, a chunk of ids a query; ``args`` are bound after the chunk's ids.

    >>> c = sqlite3.connect(":memory:"); _ = c.execute("CREATE TABLE t (id)")
    >>> _ = c.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(2000)])
    >>> len(list(rows_in(c, "SELECT id FROM t WHERE id IN ({ids})", list(range(1500)))))
    1500
    """
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        yield from conn.execute(sql.format(ids=",".join("?" * len(chunk))), [*chunk, *args])
