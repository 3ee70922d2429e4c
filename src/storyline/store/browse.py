"""What the web UI and the CLI read besides records: full-text search (SQLite FTS5
over article titles and bodies and over quotes) and the corrections users make
(splitting a story, merging two), which every later run applies again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from ..model import Article, Quote

# FTS5 query syntax is for experts; a user's words are matched as plain terms.
_TERM = re.compile(r"[\w'-]+", re.UNICODE)
SNIPPET_WORDS = 16


def fts_query(text: str) -> str:
    """A user's search words as an FTS5 query: every word must appear (prefix match on
    the last one).

    >>> fts_query('Burkhalter "talks" OR')
    '"burkhalter" "talks" "or"*'
    """
    words = [w.lower().replace('"', "") for w in _TERM.findall(text)]
    if not words:
        return ""
    return " ".join(f'"{w}"' for w in words) + "*"


def refill_search(conn: sqlite3.Connection, articles: Sequence[Article], quotes: Sequence[Quote] | None) -> None:
    """Rebuild the search index (inside the caller's transaction)."""
    conn.execute("DELETE FROM articles_fts")
    conn.executemany(
        "INSERT INTO articles_fts (id, title, body) VALUES (?, ?, ?)", [(a.id, a.title or "", a.body) for a in articles]
    )
    if quotes is not None:
        conn.execute("DELETE FROM quotes_fts")
        conn.executemany(
            "INSERT INTO quotes_fts (id, text, speaker) VALUES (?, ?, ?)",
            [(q.id, " ".join(q.variants) or q.text, q.speaker or "") for q in quotes],
        )


def search(conn: sqlite3.Connection, text: str, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """Articles and quotes matching ``text``, best first, each with a snippet (matched
    words between ``[`` and ``]``) and, for articles, the story it is in."""
    q = fts_query(text)
    if not q:
        return {"articles": [], "quotes": []}
    articles = [
        {"id": r[0], "title": r[1], "snippet": r[2], "story": r[3], "outlet": r[4], "date": r[5]}
        for r in conn.execute(
            f"SELECT f.id, f.title, snippet(articles_fts, 2, '[', ']', ' ... ', {SNIPPET_WORDS}), "
            "a.story, a.outlet, COALESCE(a.date, a.date_inferred) FROM articles_fts f JOIN articles a ON a.id = f.id "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (q, limit),
        )
    ]
    quotes = [
        {"id": r[0], "speaker": r[1], "snippet": r[2], "text": r[3]}
        for r in conn.execute(
            f"SELECT f.id, f.speaker, snippet(quotes_fts, 1, '[', ']', ' ... ', {SNIPPET_WORDS}), q.text "
            "FROM quotes_fts f JOIN quotes q ON q.id = f.id WHERE quotes_fts MATCH ? ORDER BY rank LIMIT ?",
            (q, limit),
        )
    ]
    return {"articles": articles, "quotes": quotes}


def add_correction(
    conn: sqlite3.Connection, kind: str, story: str, articles: Sequence[str], target: str | None = None, note: str = ""
) -> int:
    """Record a user's split or merge; returns its id."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    cur = conn.execute(
        "INSERT INTO corrections (kind, story, target, articles, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (kind, story, target, json.dumps(sorted(articles)), note, now),
    )
    return int(cur.lastrowid or 0)


def undo_correction(conn: sqlite3.Connection, correction_id: int) -> bool:
    """Mark a correction undone; False when there is no such active correction."""
    cur = conn.execute(
        "UPDATE corrections SET undone_at = ? WHERE id = ? AND undone_at IS NULL",
        (dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), correction_id),
    )
    return cur.rowcount > 0


def corrections(conn: sqlite3.Connection, active_only: bool = False) -> list[dict[str, Any]]:
    """Corrections, oldest first (the order they are applied in)."""
    q = "SELECT * FROM corrections" + (" WHERE undone_at IS NULL" if active_only else "") + " ORDER BY id"
    return [{**dict(r), "articles": json.loads(r["articles"])} for r in conn.execute(q)]
