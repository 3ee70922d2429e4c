"""What the web UI and the CLI read besides records: full-text search (SQLite FTS5
over article titles and bodies and over quotes) and the corrections users make
(splitting a story, merging two), which every later run applies again.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Collection, Sequence
from typing import Any

from ..errors import ConfigError
from .encode import now
from .sql import rows_in

# FTS5 query syntax is for experts; a user's words are matched as plain terms.
_TERM = re.compile(r"[\w'-]+", re.UNICODE)
SNIPPET_WORDS = 16
# Around a matched word in a snippet: control characters no article text contains.
HIT_START, HIT_END = "\x02", "\x03"


# A search is at most this long, in characters and in words: FTS5's cost grows faster
# than the number of phrase terms (400 words took 19 s), and a query that long is not
# a search a person types.
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 32


def fts_query(text: str) -> str:
    """A user's search words as an FTS5 query: every word must appear (prefix match on
    the last one).  Longer queries than ``MAX_QUERY_CHARS`` or ``MAX_QUERY_WORDS`` are
    refused (a ConfigError that says so).

    >>> fts_query('Burkhalter "talks" OR')
    '"burkhalter" "talks" "or"*'
    """
    if len(text) > MAX_QUERY_CHARS:
        raise ConfigError(f"a search takes at most {MAX_QUERY_CHARS} characters ({len(text)} given)")
    words = [w.lower().replace('"', "") for w in _TERM.findall(text)]
    if len(words) > MAX_QUERY_WORDS:
        raise ConfigError(f"a search takes at most {MAX_QUERY_WORDS} words ({len(words)} given)")
    if not words:
        return ""
    return " ".join(f'"{w}"' for w in words) + "*"


def update_search(
    conn: sqlite3.Connection,
    articles: Sequence[tuple[str, str, str]],
    knowledge: dict[str, list[tuple[Any, ...]]] | None,
) -> None:
    """Renew the search entries of ``articles`` ((id, title, body) of those written in
    this run), and of all quotes when ``knowledge`` has their rows (inside the caller's
    transaction)."""
    # an article's search entry has the article row's rowid: found without a scan
    conn.executemany(
        "DELETE FROM articles_fts WHERE rowid = (SELECT rowid FROM articles WHERE id = ?)", [(a[0],) for a in articles]
    )
    conn.executemany(
        "INSERT INTO articles_fts (rowid, id, title, body) VALUES ((SELECT rowid FROM articles WHERE id = ?), ?, ?, ?)",
        [(a[0], *a) for a in articles],
    )
    if knowledge is not None:
        conn.execute("DELETE FROM quotes_fts")
        # a quote row: id, text, kind, cue, speaker, speaker entity, first date, variants (JSON)
        conn.executemany(
            "INSERT INTO quotes_fts (id, text, speaker) VALUES (?, ?, ?)",
            [(q[0], " ".join(json.loads(q[7])) or q[1], q[4] or "") for q in knowledge["quotes"]],
        )


def search(conn: sqlite3.Connection, text: str, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """Articles and quotes matching ``text``, best first, each with a snippet (matched
    words between ``HIT_START`` and ``HIT_END``) and, for articles, the story it is in."""
    q = fts_query(text)
    if not q:
        return {"articles": [], "quotes": []}
    articles = [
        {"id": r[0], "title": r[1], "snippet": r[2], "story": r[3], "outlet": r[4], "date": r[5]}
        for r in conn.execute(
            f"SELECT f.id, f.title, snippet(articles_fts, 2, char(2), char(3), ' ... ', {SNIPPET_WORDS}), "
            "a.story, a.outlet, COALESCE(a.date, a.date_inferred) FROM articles_fts f JOIN articles a ON a.id = f.id "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (q, limit),
        )
    ]
    quotes = [
        {"id": r[0], "speaker": r[1], "snippet": r[2], "text": r[3]}
        for r in conn.execute(
            f"SELECT f.id, f.speaker, snippet(quotes_fts, 1, char(2), char(3), ' ... ', {SNIPPET_WORDS}), q.text "
            "FROM quotes_fts f JOIN quotes q ON q.id = f.id WHERE quotes_fts MATCH ? ORDER BY rank LIMIT ?",
            (q, limit),
        )
    ]
    return {"articles": articles, "quotes": quotes}


def add_correction(
    conn: sqlite3.Connection, kind: str, story: str, articles: Sequence[str], target: str | None = None, note: str = ""
) -> int:
    """Record a user's split or merge; returns its id."""
    cur = conn.execute(
        "INSERT INTO corrections (kind, story, target, articles, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (kind, story, target, json.dumps(sorted(articles)), note, now()),
    )
    return int(cur.lastrowid or 0)


def undo_correction(conn: sqlite3.Connection, correction_id: int) -> bool:
    """Mark a correction undone; False when there is no such active correction."""
    cur = conn.execute(
        "UPDATE corrections SET undone_at = ? WHERE id = ? AND undone_at IS NULL",
        (now(), correction_id),
    )
    return cur.rowcount > 0


def corrections(conn: sqlite3.Connection, active_only: bool = False) -> list[dict[str, Any]]:
    """Corrections, oldest first (the order they are applied in)."""
    cols = "id, kind, story, target, articles, note, created_at, undone_at"  # not the undo snapshots
    q = f"SELECT {cols} FROM corrections" + (" WHERE undone_at IS NULL" if active_only else "") + " ORDER BY id"
    return [{**dict(r), "articles": json.loads(r["articles"])} for r in conn.execute(q)]


def story_list(
    conn: sqlite3.Connection, *, limit: int = 50, offset: int = 0, **filters: str | None
) -> list[dict[str, Any]]:
    """Stories newest first, with their size, outlets and storyline, filtered as
    ``story_ids`` filters them (``offset``: the first ones skipped, a page's start)."""
    ids = story_ids(conn, limit=limit, offset=offset, **filters)
    if not ids:
        return []
    rows = {
        r["id"]: dict(r)
        for r in conn.execute(
            "SELECT s.id, s.title, s.first_date, s.last_date, s.storyline, s.size, l.title AS line_title, "
            "(SELECT group_concat(DISTINCT outlet) FROM articles WHERE story = s.id) AS outlets "
            f"FROM stories s LEFT JOIN storylines l ON l.id = s.storyline WHERE s.id IN ({','.join('?' * len(ids))})",
            ids,
        )
    }
    return [rows[i] for i in ids]


def story_ids(
    conn: sqlite3.Connection,
    *,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    person: str | None = None,
    language: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[str]:
    """Ids of stories newest first (undated last), filtered by date range
    (``YYYY-MM-DD``), an outlet name, a person (entity id or name) and a language
    (stories with an article in it); ``offset`` skips the first ones (paging)."""
    cond, args = _story_filters(since, until, outlet, person, language)
    # dated stories newest first through the first_date index, then the undated ones
    dated = f"SELECT s.id FROM stories s WHERE s.first_date IS NOT NULL{' AND ' + cond if cond else ''} "
    ids = [
        r[0] for r in conn.execute(dated + "ORDER BY s.first_date DESC, s.id LIMIT ? OFFSET ?", [*args, limit, offset])
    ]
    if len(ids) < limit:
        skipped = offset
        if offset:  # the dated stories before this page
            n_dated = conn.execute(f"SELECT COUNT(*) FROM ({dated})", args).fetchone()[0]
            skipped = max(0, offset - n_dated)
        undated = f"SELECT s.id FROM stories s WHERE s.first_date IS NULL{' AND ' + cond if cond else ''} "
        rest = [*args, limit - len(ids), skipped]
        ids += [r[0] for r in conn.execute(undated + "ORDER BY s.id LIMIT ? OFFSET ?", rest)]
    return ids


def story_count(conn: sqlite3.Connection, **filters: str | None) -> int:
    """How many stories ``story_ids`` filters give, all pages together."""
    cond, args = _story_filters(**filters)
    return int(conn.execute(f"SELECT COUNT(*) FROM stories s{' WHERE ' + cond if cond else ''}", args).fetchone()[0])


def _story_filters(
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    person: str | None = None,
    language: str | None = None,
) -> tuple[str, list[Any]]:
    """The SQL condition on stories ``s`` (and its arguments) of the story filters."""
    where: list[str] = []
    args: list[Any] = []
    if language:
        where.append("s.id IN (SELECT story FROM articles WHERE language = ?)")
        args.append(language)
    if since:
        where.append("s.first_date >= ?")
        args.append(since)
    if until:
        where.append("s.first_date <= ?")
        args.append(until)
    if outlet:
        where.append("s.id IN (SELECT story FROM articles WHERE outlet = ?)")
        args.append(outlet)
    if person:
        where.append(
            "s.id IN (SELECT a.story FROM entity_articles ea JOIN articles a ON a.id = ea.article_id "
            "JOIN entities e ON e.id = ea.entity_id WHERE e.type = 'person' AND (e.id = ? OR e.name LIKE ?))"
        )
        args += [person, f"%{person}%"]
    return " AND ".join(where), args


def timeline(conn: sqlite3.Connection, story_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    """Articles per day of each story: ``{story: {date: count}}`` (undated articles by
    their inferred date)."""
    out: dict[str, dict[str, int]] = {s: {} for s in story_ids}
    q = (
        "SELECT story, COALESCE(date, date_inferred) AS d, COUNT(*) FROM articles "
        "WHERE story IN ({ids}) AND d IS NOT NULL GROUP BY story, d"
    )
    for story, day, n in rows_in(conn, q, story_ids):
        out[story][day[:10]] = out[story].get(day[:10], 0) + n
    return out


def story_titles(conn: sqlite3.Connection, story_ids: Sequence[str]) -> dict[str, str | None]:
    """The titles of some stories, in one query."""
    ids = list(story_ids)[:900]
    q = f"SELECT id, title FROM stories WHERE id IN ({','.join('?' * len(ids))})"
    return dict(conn.execute(q, ids).fetchall()) if ids else {}


def story_briefs(conn: sqlite3.Connection, story_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Id, title, first date and size of some stories, in one query per 900 ids, oldest
    first (undated last)."""
    out = [
        dict(r) for r in rows_in(conn, "SELECT id, title, first_date, size FROM stories WHERE id IN ({ids})", story_ids)
    ]
    return sorted(out, key=lambda s: (s["first_date"] or "~", s["id"]))


def article_briefs(conn: sqlite3.Connection, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """What a list shows of some articles (id, title, outlet, date, inferred date,
    group, story), in the order given, without their texts."""
    q = "SELECT id, title, outlet, date, date_inferred, reprint_group, story FROM articles WHERE id IN ({ids})"
    found = {r["id"]: dict(r) for r in rows_in(conn, q, article_ids)}
    return [found[i] for i in article_ids if i in found]


def representative_of(conn: sqlite3.Connection, group_ids: Sequence[str]) -> dict[str, str]:
    """Each reprint group's representative article."""
    return {
        r[0]: r[1]
        for r in rows_in(conn, "SELECT id, representative FROM reprint_groups WHERE id IN ({ids})", group_ids)
    }


def outlets(conn: sqlite3.Connection) -> list[str]:
    """Every outlet name, for the filter list."""
    return [r[0] for r in conn.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1")]


def languages(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every language told, with its number of articles, most articles first."""
    q = "SELECT language, COUNT(*) FROM articles WHERE language IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1"
    return [(r[0], r[1]) for r in conn.execute(q)]


def in_languages(languages: Collection[str | None]) -> tuple[str, list[str]]:
    """The SQL condition (and its arguments) on ``articles`` of being in ``languages``
    (None: an article whose language is not told); an empty collection matches none.

    >>> in_languages({"de", None})
    ('language IN (?) OR language IS NULL', ['de'])
    """
    named = sorted(x for x in languages if x is not None)
    conds = [f"language IN ({','.join('?' * len(named))})"] if named else []
    conds += ["language IS NULL"] if None in languages else []
    return " OR ".join(conds) or "0", named


def article_ids_in(conn: sqlite3.Connection, languages: Collection[str | None]) -> set[str]:
    """The ids of the articles in ``languages`` (None: those whose language is not told)."""
    cond, args = in_languages(languages)
    return {r[0] for r in conn.execute(f"SELECT id FROM articles WHERE {cond}", args)}


def entities_of_articles(conn: sqlite3.Connection, article_ids: Sequence[str], limit: int = 40) -> list[dict[str, Any]]:
    """The entities of some articles, the most mentioned among them first."""
    if not article_ids:
        return []
    ids = list(article_ids)[:2000]
    q = (
        "SELECT e.id, e.name, e.type, COUNT(*) AS n FROM entity_articles ea JOIN entities e ON e.id = ea.entity_id "
        f"WHERE ea.article_id IN ({','.join('?' * len(ids))}) GROUP BY e.id ORDER BY n DESC, e.name LIMIT ?"
    )
    return [dict(r) for r in conn.execute(q, [*ids, limit])]


# What must hold between the tables: (what is wrong, a query counting the rows where it is).
INTEGRITY_CHECKS: tuple[tuple[str, str], ...] = (
    ("articles whose reprint group does not exist",
     "SELECT COUNT(*) FROM articles WHERE reprint_group IS NOT NULL "
     "AND reprint_group NOT IN (SELECT id FROM reprint_groups)"),
    ("articles without a reprint group", "SELECT COUNT(*) FROM articles WHERE reprint_group IS NULL"),
    ("articles whose story does not exist",
     "SELECT COUNT(*) FROM articles WHERE story IS NOT NULL AND story NOT IN (SELECT id FROM stories)"),
    ("articles whose storyline does not exist",
     "SELECT COUNT(*) FROM articles WHERE storyline IS NOT NULL AND storyline NOT IN (SELECT id FROM storylines)"),
    ("reprint groups whose size is not their number of articles",
     "SELECT COUNT(*) FROM reprint_groups g WHERE size != (SELECT COUNT(*) FROM articles WHERE reprint_group = g.id)"),
    ("reprint groups whose story does not exist",
     "SELECT COUNT(*) FROM reprint_groups WHERE story IS NOT NULL AND story NOT IN (SELECT id FROM stories)"),
    ("stories whose storyline does not exist",
     "SELECT COUNT(*) FROM stories WHERE storyline IS NOT NULL AND storyline NOT IN (SELECT id FROM storylines)"),
    ("stories without articles", "SELECT COUNT(*) FROM stories s WHERE NOT EXISTS "
     "(SELECT 1 FROM articles WHERE story = s.id)"),
    ("quote places in articles that do not exist",
     "SELECT COUNT(*) FROM quote_articles WHERE article_id NOT IN (SELECT id FROM articles)"),
    ("entity mentions in articles that do not exist",
     "SELECT COUNT(*) FROM entity_articles WHERE article_id NOT IN (SELECT id FROM articles)"),
    ("articles missing from full-text search",
     "SELECT (SELECT COUNT(*) FROM articles) - (SELECT COUNT(*) FROM articles_fts)"),
)  # fmt: skip


def integrity(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """(what is wrong, how many rows) for every broken rule of ``INTEGRITY_CHECKS``,
    after SQLite's own ``quick_check`` of the file."""
    quick = conn.execute("PRAGMA quick_check").fetchone()[0]
    found = [] if quick == "ok" else [(f"the database file is damaged ({quick})", 1)]
    for what, query in INTEGRITY_CHECKS:
        n = conn.execute(query).fetchone()[0]
        if n:
            found.append((what, abs(n)))
    return found
