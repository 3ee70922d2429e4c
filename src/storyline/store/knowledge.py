"""Who said what in the database: per-article extractions (the cache that spares
re-extracting unchanged texts), and the merged quotes and entities with their queries.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from ..model import Entity, EntityMention, Quote, QuoteMention
from .encode import to_json as _json


def load_extractions(conn: sqlite3.Connection) -> dict[str, tuple[str, list[EntityMention], list[QuoteMention]]]:
    """article id -> (hash of the cleaned text read, mentions, quotes)."""
    out = {}
    for article_id, body_hash, data in conn.execute("SELECT article_id, body_hash, data FROM extractions"):
        d = json.loads(data)
        out[article_id] = (
            body_hash,
            [EntityMention(**m) for m in d["mentions"]],
            [QuoteMention(**q) for q in d["quotes"]],
        )
    return out


def replace_knowledge(
    conn: sqlite3.Connection,
    extractions: dict[str, tuple[str, list[EntityMention], list[QuoteMention]]],
    entities: Sequence[Entity],
    quotes: Sequence[Quote],
) -> None:
    """Write extractions that changed, and all quotes and entities (inside the caller's
    transaction)."""
    stored = dict(conn.execute("SELECT article_id, body_hash FROM extractions"))
    rows = []
    for article_id, (body_hash, mentions, found) in extractions.items():
        if stored.get(article_id) != body_hash:
            data = {"mentions": [_fields(m) for m in mentions], "quotes": [_fields(q) for q in found]}
            rows.append((article_id, body_hash, _json(data)))
    conn.executemany("INSERT OR REPLACE INTO extractions VALUES (?, ?, ?)", rows)
    gone = set(stored) - set(extractions)
    conn.executemany("DELETE FROM extractions WHERE article_id = ?", [(g,) for g in gone])
    for table in ("entities", "entity_articles", "quotes", "quote_articles"):
        conn.execute(f"DELETE FROM {table}")
    conn.executemany(
        "INSERT INTO entities VALUES (?, ?, ?, ?, ?)",
        [
            (
                e.id,
                e.name,
                e.type,
                len(e.articles),
                _json({"variants": e.variants, "roles": e.roles, "stories": e.stories}),
            )
            for e in entities
        ],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO entity_articles VALUES (?, ?)", [(e.id, a) for e in entities for a in e.articles]
    )
    conn.executemany(
        "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(q.id, q.text, q.kind, q.cue, q.speaker, q.speaker_entity, q.first_date, _json(q.variants)) for q in quotes],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO quote_articles VALUES (?, ?, ?, ?)",
        [(q.id, a["id"], a["start"], a["end"]) for q in quotes for a in q.articles],
    )


def _fields(record: Any) -> dict[str, Any]:
    return {k: getattr(record, k) for k in record.__slots__}


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


def _quote(conn: sqlite3.Connection, row: sqlite3.Row) -> Quote:
    arts = conn.execute(
        'SELECT article_id, start, "end" FROM quote_articles WHERE quote_id = ? ORDER BY article_id, start',
        (row["id"],),
    )
    return Quote(
        row["id"],
        row["text"],
        row["kind"],
        row["cue"],
        row["speaker"],
        row["speaker_entity"],
        [{"id": a, "start": s, "end": e} for a, s, e in arts],
        row["first_date"],
        json.loads(row["variants"]),
    )


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
    return [_quote(conn, r) for r in conn.execute(q, args)]
