"""Who said what in the database: per-article extractions (the cache that spares
re-extracting unchanged texts), and the merged quotes and entities with their queries.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..extract import Extraction
from ..model import Entity, Quote
from .rows import extraction_from, extraction_json
from .sql import rows_in


def load_extractions(conn: sqlite3.Connection) -> dict[str, Extraction]:
    """article id -> (hash of the cleaned text read, mentions, quotes)."""
    rows = conn.execute("SELECT article_id, body_hash, data FROM extractions")
    return {article_id: extraction_from(body_hash, data) for article_id, body_hash, data in rows}


def replace_extractions(conn: sqlite3.Connection, extractions: dict[str, tuple[str, Any]]) -> None:
    """Make the stored extractions ``extractions`` (``Rows.extractions``), writing (and
    serialising) only those whose text changed (inside the caller's transaction)."""
    stored = dict(conn.execute("SELECT article_id, body_hash FROM extractions"))
    conn.executemany(
        "INSERT OR REPLACE INTO extractions VALUES (?, ?, ?)",
        [(aid, h, extraction_json(x)) for aid, (h, x) in extractions.items() if stored.get(aid) != h],
    )
    gone = set(stored) - set(extractions)
    conn.executemany("DELETE FROM extractions WHERE article_id = ?", [(g,) for g in gone])


def _entity(conn: sqlite3.Connection, row: sqlite3.Row) -> Entity:
    d = json.loads(row["data"])
    articles = [r[0] for r in conn.execute("SELECT article_id FROM entity_articles WHERE entity_id = ?", (row["id"],))]
    return Entity(row["id"], row["name"], row["type"], d["variants"], articles, d["stories"], d["roles"])


def entities(conn: sqlite3.Connection, kind: str | None = None, limit: int | None = None) -> list[Entity]:
    """Entities, the most mentioned first (``kind``: person, place or org)."""
    q = "SELECT * FROM entities" + (" WHERE type = ?" if kind else "") + " ORDER BY size DESC, name"
    q += f" LIMIT {int(limit)}" if limit else ""
    return [_entity(conn, r) for r in conn.execute(q, (kind,) if kind else ())]


def entity(conn: sqlite3.Connection, ident: str) -> Entity | None:
    """One entity by id, or by name (any case)."""
    row = conn.execute("SELECT * FROM entities WHERE id = ? OR name = ? COLLATE NOCASE", (ident, ident)).fetchone()
    return _entity(conn, row) if row else None


def _quotes(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Quote]:
    """Quotes from their rows, with where each appears (``rows_in``: one query a chunk of quotes)."""
    spans: dict[str, list[dict[str, Any]]] = {r["id"]: [] for r in rows}
    q = 'SELECT quote_id, article_id, start, "end" FROM quote_articles WHERE quote_id IN ({ids}) ORDER BY 1, 2, 3'
    for qid, a, s, e in rows_in(conn, q, list(spans)):
        spans[qid].append({"id": a, "start": s, "end": e})
    return [
        Quote(
            row["id"],
            row["text"],
            row["kind"],
            row["cue"],
            row["speaker"],
            row["speaker_entity"],
            spans[row["id"]],
            row["first_date"],
            json.loads(row["variants"]),
        )
        for row in rows
    ]


def quotes(
    conn: sqlite3.Connection,
    speaker: str | None = None,
    story: str | None = None,
    article: str | None = None,
    limit: int | None = None,
    entity: str | None = None,
) -> list[Quote]:
    """Quotes, oldest first; ``speaker`` matches the speaker's name or any variant of
    the speaking entity's name (any case), ``story`` and ``article`` where it appears."""
    where, args = [], []
    if speaker:
        where.append(
            "(q.speaker LIKE ? OR q.speaker_entity IN (SELECT id FROM entities WHERE name LIKE ? OR data LIKE ?))"
        )
        args += [f"%{speaker}%", f"%{speaker}%", f"%{json.dumps(speaker)[1:-1]}%"]
    if story:
        where.append(
            "q.id IN (SELECT qa.quote_id FROM quote_articles qa JOIN articles a ON a.id = qa.article_id "
            "WHERE a.story = ?)"
        )
        args.append(story)
    if article:
        where.append("q.id IN (SELECT quote_id FROM quote_articles WHERE article_id = ?)")
        args.append(article)
    if entity:
        where.append("q.speaker_entity = ?")
        args.append(entity)
    q = "SELECT q.* FROM quotes q" + (" WHERE " + " AND ".join(where) if where else "")
    q += " ORDER BY q.first_date IS NULL, q.first_date, q.id" + (f" LIMIT {int(limit)}" if limit else "")
    return _quotes(conn, conn.execute(q, args).fetchall())
