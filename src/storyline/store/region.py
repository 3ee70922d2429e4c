"""A user's split, merge or undo written to the few stories it concerns, not by
re-clustering the corpus.

A correction changes only the stories holding its articles (and the storylines those
are in).  ``snapshot`` reads every row about such a set of stories; ``put`` writes a
snapshot back in place of the stories there now.  Applying a correction stores the
snapshots before and after it, so undoing it is putting "before" back, which is exact
as long as those stories still are as it left them ("after"); when a later ingest or
correction changed them, the caller re-clusters instead.  All of it runs inside the
caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from ..model import Story
from .encode import now, to_json
from .rows import article_from, article_row, row_hash
from .sql import rows_in

Snapshot = dict[str, list[list[Any]]]


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def _rows(conn: sqlite3.Connection, sql: str, args: Sequence[Any]) -> list[list[Any]]:
    return [list(r) for r in conn.execute(sql, list(args))] if args else []


def stories_holding(conn: sqlite3.Connection, article_ids: Sequence[str]) -> list[str]:
    """The stories the articles are in, by id."""
    q = "SELECT DISTINCT story FROM articles WHERE id IN ({ids}) AND story IS NOT NULL"
    return sorted({r[0] for r in rows_in(conn, q, article_ids)})


# What a snapshot holds of each table: its columns, the column that selects the rows
# (a story id, or a storyline id for the storyline tables), and the rows' order.
_TABLES = {
    "stories": ("id, title, first_date, last_date, storyline, size", "id", "id"),
    "story_links": ("story_id, member, target, score, reasons", "story_id", "story_id, member, target"),
    "groups": ("id, story", "story", "id"),
    "articles": ("id, story, storyline", "story", "id"),
    "storylines": ("id, title, first_date, last_date, size", "id", "id"),
    "storyline_links": ("storyline_id, member, target, score, reasons", "storyline_id", "storyline_id, member, target"),
}
_SOURCE = {"groups": "reprint_groups"}


def snapshot(conn: sqlite3.Connection, story_ids: Sequence[str]) -> Snapshot:
    """Every row about the stories ``story_ids``: theirs, their links, their reprint
    groups' and articles' memberships, and their storylines with those storylines' links."""
    ids = sorted(story_ids)
    lines = [r[0] for r in _rows(conn, f"SELECT DISTINCT storyline FROM stories WHERE id IN ({_marks(ids)})", ids)]
    lines = sorted(x for x in lines if x)
    snap = {}
    for name, (cols, key, order) in _TABLES.items():
        keys = lines if name.startswith("storyline") else ids
        q = f"SELECT {cols} FROM {_SOURCE.get(name, name)} WHERE {key} IN ({_marks(keys)}) ORDER BY {order}"
        snap[name] = _rows(conn, q, keys)
    return snap


def same(a: Snapshot, b: Snapshot) -> bool:
    """Whether two snapshots hold the same rows (one of them may have been through JSON)."""
    return json.loads(to_json(a)) == json.loads(to_json(b))


def put(conn: sqlite3.Connection, replaced: Iterable[str], snap: Snapshot) -> None:
    """Write ``snap``'s stories and storylines in place of the stories ``replaced``
    (and their storylines); articles and groups take the memberships it gives."""
    old = sorted(set(replaced) | {r[0] for r in snap["stories"]})
    lines = sorted(
        {r[0] for r in _rows(conn, f"SELECT storyline FROM stories WHERE id IN ({_marks(old)})", old) if r[0]}
        | {r[0] for r in snap["storylines"]}
    )
    for table, key, ids in (
        ("stories", "id", old),
        ("story_links", "story_id", old),
        ("storylines", "id", lines),
        ("storyline_links", "storyline_id", lines),
    ):
        if ids:
            conn.execute(f"DELETE FROM {table} WHERE {key} IN ({_marks(ids)})", ids)
    for table in ("stories", "story_links", "storylines", "storyline_links"):
        if snap[table]:
            cols = _TABLES[table][0]
            conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({_marks(snap[table][0])})", snap[table])
    conn.executemany("UPDATE reprint_groups SET story = ? WHERE id = ?", [(s, g) for g, s in snap["groups"]])
    set_memberships(conn, {a: (s, line) for a, s, line in snap["articles"]})


def set_memberships(conn: sqlite3.Connection, memberships: dict[str, tuple[str | None, str | None]]) -> None:
    """Put articles in (story, storyline), with their rows' hashes renewed (the hash
    covers the memberships: a re-ingest must see the row as it is)."""
    stamp = now()
    for row in list(rows_in(conn, "SELECT * FROM articles WHERE id IN ({ids})", sorted(memberships))):
        a = article_from(row)
        if (a.story, a.storyline) == memberships[a.id]:
            continue
        a.story, a.storyline = memberships[a.id]
        conn.execute(
            "UPDATE articles SET story = ?, storyline = ?, row_hash = ?, updated_at = ? WHERE id = ?",
            (a.story, a.storyline, row_hash(article_row(a)), stamp, a.id),
        )


def after_correction(before: Snapshot, stories: Sequence[Story]) -> Snapshot:
    """The snapshot to ``put`` for ``stories``, a correction's result
    (``stories.corrections.correct``) on the stories of ``before``; the storylines stay
    as they were until ``recount`` renews their sizes."""
    return {
        "stories": [[s.id, s.title, s.first_date, s.last_date, s.storyline, len(s.articles)] for s in stories],
        "story_links": [[s.id, k.member, k.target, k.score, to_json(k.reasons)] for s in stories for k in s.links],
        "groups": [[g, s.id] for s in stories for g in s.groups],
        "articles": [[a, s.id, s.storyline] for s in stories for a in s.articles],
        "storylines": before["storylines"],
        "storyline_links": before["storyline_links"],
    }


def recount(conn: sqlite3.Connection, lines: Sequence[str]) -> None:
    """Each storyline's size is its number of stories; a storyline left without any
    goes, with its links (as a full clustering with the corrections leaves them)."""
    if not lines:
        return
    m = _marks(lines)
    count = "SELECT COUNT(*) FROM stories WHERE storyline = storylines.id"
    conn.execute(f"UPDATE storylines SET size = ({count}) WHERE id IN ({m})", list(lines))
    empty = [r[0] for r in conn.execute(f"SELECT id FROM storylines WHERE size = 0 AND id IN ({m})", list(lines))]
    if empty:
        conn.execute(f"DELETE FROM storyline_links WHERE storyline_id IN ({_marks(empty)})", empty)
        conn.execute(f"DELETE FROM storylines WHERE id IN ({_marks(empty)})", empty)
