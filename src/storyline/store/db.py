"""The SQLite store: a small API over the schema of ``schema.py``.

One writer (the ingest run) writes in one transaction, so a failed run leaves the
database as it was; readers (CLI, web, exports) use the query methods.  Article rows
carry a hash of their computed fields, so re-ingesting the same input writes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import NotFound, StoreError
from ..extract import Extraction
from ..model import Article, Entity, Link, Quote, ReprintGroup, Story, Storyline
from ..stories.corrections import correct
from . import browse, region
from . import knowledge as knowledge_db
from .encode import now as _now
from .encode import to_json as _json
from .rows import ARTICLE_COLUMNS, TABLES, Rows, article_from, hashed_rows, search_entry
from .schema import MIGRATIONS

_ARTICLE_COLS = ", ".join(ARTICLE_COLUMNS)


def _statements(sql: str) -> list[str]:
    """The statements of a migration script (a ";" inside a comment or string is no end)."""
    out, current = [], ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return [st for st in out if st]


class Store:
    """An open Storyline database.

    >>> import tempfile, os
    >>> with Store(os.path.join(tempfile.mkdtemp(), "x.db")) as db:
    ...     db.schema_version()
    6
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such database; run `storyline ingest PATH --db {self.path}` first")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot open database ({e})") from e
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as e:
            self.conn.close()
            raise StoreError(f"{self.path}: not a Storyline database ({e})") from e

    # -- lifecycle -----------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        c = self.conn
        c.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in c.execute("SELECT version FROM schema_migrations")}
        known = {v for v, _, _ in MIGRATIONS}
        if done - known:
            raise StoreError(f"{self.path}: written by a newer Storyline (schema {max(done)}); upgrade Storyline")
        for version, name, sql in MIGRATIONS:
            if version in done:
                continue
            c.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(sql):
                    c.execute(statement)
                c.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, _now()))
                c.execute("COMMIT")
            except Exception:
                c.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        return self.conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    # -- reading articles ----------------------------------------------------------
    @staticmethod
    def _article(row: sqlite3.Row) -> Article:
        return article_from(row)

    def articles(self, ids: Sequence[str] | None = None) -> Iterator[Article]:
        """Articles (all, or those with ``ids``), ordered by id."""
        if ids is None:
            rows = self.conn.execute(f"SELECT {_ARTICLE_COLS} FROM articles ORDER BY id")
            yield from (self._article(r) for r in rows)
            return
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            q = f"SELECT {_ARTICLE_COLS} FROM articles WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id"
            yield from (self._article(r) for r in self.conn.execute(q, chunk))

    def article(self, article_id: str) -> Article:
        row = self.conn.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id!r}")
        return self._article(row)

    def integrity(self) -> list[tuple[str, int]]:
        """The broken rules between the tables, each with its number of rows."""
        return browse.integrity(self.conn)

    def count(self, table: str) -> int:
        if table not in ("articles", "reprint_groups", "stories", "storylines", "quotes", "entities"):
            raise StoreError(f"unknown table {table!r}")
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def text_hashes(self) -> dict[str, str]:
        """id -> hash of the raw text, for every stored article."""
        return dict(self.conn.execute("SELECT id, text_hash FROM articles"))

    def memberships(self) -> dict[str, tuple[str | None, str | None, str | None]]:
        """id -> (reprint group, story, storyline) as stored."""
        rows = self.conn.execute("SELECT id, reprint_group, story, storyline FROM articles")
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    # -- reading groupings ---------------------------------------------------------
    def _members(self, column: str, value: str) -> list[str]:
        return [r[0] for r in self.conn.execute(f"SELECT id FROM articles WHERE {column} = ? ORDER BY id", (value,))]

    def group(self, group_id: str) -> ReprintGroup:
        row = self.conn.execute("SELECT * FROM reprint_groups WHERE id = ?", (group_id,)).fetchone()
        if row is None:
            raise NotFound(f"no reprint group with id {group_id!r}")
        pairs = [
            Link(r["a"], r["b"], r["score"], json.loads(r["reasons"]))
            for r in self.conn.execute("SELECT * FROM reprint_pairs WHERE group_id = ? ORDER BY a, b", (group_id,))
        ]
        return ReprintGroup(row["id"], self._members("reprint_group", group_id), row["representative"], pairs)

    def representatives(self) -> list[str]:
        """The representative article of every reprint group, ordered by group id."""
        return [r[0] for r in self.conn.execute("SELECT representative FROM reprint_groups ORDER BY id")]

    def groups(self) -> Iterator[ReprintGroup]:
        for (gid,) in self.conn.execute("SELECT id FROM reprint_groups ORDER BY id").fetchall():
            yield self.group(gid)

    def _links(self, table: str, key: str, value: str) -> list[Link]:
        q = f"SELECT member, target, score, reasons FROM {table} WHERE {key} = ? ORDER BY member"
        return [Link(r[0], r[1], r[2], json.loads(r[3])) for r in self.conn.execute(q, (value,))]

    def story(self, story_id: str) -> Story:
        row = self.conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotFound(f"no story with id {story_id!r}")
        groups = [
            r[0] for r in self.conn.execute("SELECT id FROM reprint_groups WHERE story = ? ORDER BY id", (story_id,))
        ]
        return Story(
            row["id"],
            groups,
            self._members("story", story_id),
            row["title"],
            row["first_date"],
            row["last_date"],
            row["storyline"],
            self._links("story_links", "story_id", story_id),
        )

    def stories(self, limit: int | None = None, languages: Collection[str | None] | None = None) -> list[Story]:
        """Stories, newest first (undated last); with ``languages``, those with an
        article in one of them (None: an article whose language is not told)."""
        where, args = "", []
        if languages is not None:
            cond, args = browse.in_languages(languages)
            where = f" WHERE id IN (SELECT story FROM articles WHERE {cond})"
        q = f"SELECT id FROM stories{where} ORDER BY first_date IS NULL, first_date DESC, id"
        ids = [r[0] for r in self.conn.execute(q + (f" LIMIT {int(limit)}" if limit else ""), args)]
        return [self.story(i) for i in ids]

    def storyline(self, line_id: str) -> Storyline:
        row = self.conn.execute("SELECT * FROM storylines WHERE id = ?", (line_id,)).fetchone()
        if row is None:
            raise NotFound(f"no storyline with id {line_id!r}")
        stories = [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM stories WHERE storyline = ? ORDER BY first_date IS NULL, first_date, id", (line_id,)
            )
        ]
        return Storyline(
            row["id"],
            stories,
            row["title"],
            row["first_date"],
            row["last_date"],
            self._links("storyline_links", "storyline_id", line_id),
        )

    def storylines(self) -> list[Storyline]:
        q = "SELECT id FROM storylines ORDER BY first_date IS NULL, first_date DESC, id"
        return [self.storyline(r[0]) for r in self.conn.execute(q).fetchall()]

    def kind_of(self, ident: str) -> str:
        """Which kind of record ``ident`` names: article, group, story or storyline."""
        for kind, table in (
            ("article", "articles"),
            ("group", "reprint_groups"),
            ("story", "stories"),
            ("storyline", "storylines"),
        ):
            if self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ident,)).fetchone():
                return kind
        raise NotFound(f"no article, reprint group, story or storyline has id {ident!r}")

    # -- writing -------------------------------------------------------------------
    def write(self, rows: Rows, run: dict[str, Any]) -> dict[str, int]:
        """Write an ingest result given as rows (``rows.rows_of``, or a dataset's:
        ``storyline load``) in one transaction: articles inserted or updated where their row changed,
        the groupings replaced, and the extractions and knowledge when ``rows`` has them."""
        c = self.conn
        stored = dict(c.execute("SELECT id, row_hash FROM articles"))
        counts = {"inserted": 0, "changed": 0, "unchanged": 0}
        dirty: list[tuple[str, str, str]] = []  # search entries of the rows written, to renew
        now = _now()
        sets = ", ".join(f"{col} = ?" for col in ARTICLE_COLUMNS[1:])
        c.execute("BEGIN IMMEDIATE")
        try:
            for row, digest in hashed_rows(rows.articles):
                ingested, updated = rows.times.get(row[0], (now, now))
                if row[0] not in stored:
                    c.execute(
                        f"INSERT INTO articles ({_ARTICLE_COLS}, row_hash, ingested_at, updated_at) "
                        f"VALUES ({','.join('?' * (len(row) + 3))})",
                        (*row, digest, ingested, updated),
                    )
                    counts["inserted"] += 1
                    dirty.append(search_entry(row))
                elif stored[row[0]] != digest:
                    c.execute(
                        f"UPDATE articles SET {sets}, row_hash = ?, updated_at = ? WHERE id = ?",
                        (*row[1:], digest, updated, row[0]),
                    )
                    counts["changed"] += 1
                    dirty.append(search_entry(row))
                else:
                    counts["unchanged"] += 1
            self._replace(rows.groupings)
            if rows.extractions is not None and rows.knowledge is not None:
                knowledge_db.replace_extractions(c, rows.extractions)
                self._replace(rows.knowledge)
            browse.update_search(c, dirty, rows.knowledge)
            c.execute(
                "INSERT INTO ingest_runs (started_at, finished_at, inputs, added, updated, unchanged, skipped) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    run.get("started_at", now),
                    now,
                    _json(run.get("inputs", [])),
                    counts["inserted"],
                    counts["changed"],
                    counts["unchanged"],
                    _json(run.get("skipped", [])),
                ),
            )
            c.execute("COMMIT")
        except Exception:
            c.execute("ROLLBACK")
            raise
        return counts

    def _replace(self, tables: dict[str, list[tuple[Any, ...]]]) -> None:
        """Empty each table and insert its rows (inside the caller's transaction)."""
        for table, table_rows in tables.items():
            self.conn.execute(f"DELETE FROM {table}")
            columns = ", ".join(f'"{c}"' for c in TABLES[table])
            marks = ", ".join("?" * len(TABLES[table]))
            self.conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", table_rows)

    def record_run(self, run: dict[str, Any], *, unchanged: int) -> None:
        """Log an ingest run that changed no article."""
        self.conn.execute(
            "INSERT INTO ingest_runs (started_at, finished_at, inputs, added, updated, unchanged, skipped) "
            "VALUES (?, ?, ?, 0, 0, ?, ?)",
            (
                run.get("started_at", _now()),
                _now(),
                _json(run.get("inputs", [])),
                unchanged,
                _json(run.get("skipped", [])),
            ),
        )

    # -- who said what ----------------------------------------------------------------
    def extractions(self) -> dict[str, Extraction]:
        """article id -> its last extraction (``text_hash``: of the cleaned text it read)."""
        return knowledge_db.load_extractions(self.conn)

    def quotes(
        self,
        speaker: str | None = None,
        story: str | None = None,
        article: str | None = None,
        limit: int | None = None,
        entity: str | None = None,
    ) -> list[Quote]:
        return knowledge_db.quotes(self.conn, speaker, story, article, limit, entity)

    def entities(self, kind: str | None = None, limit: int | None = None) -> list[Entity]:
        return knowledge_db.entities(self.conn, kind, limit)

    def entity(self, ident: str) -> Entity:
        found = knowledge_db.entity(self.conn, ident)
        if found is None:
            raise NotFound(f"no entity with id or name {ident!r}")
        return found

    # -- search and corrections --------------------------------------------------------
    def search(self, text: str, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
        """Articles and quotes matching ``text`` (all its words), with snippets."""
        return browse.search(self.conn, text, limit)

    def undo_correction(self, correction_id: int) -> None:
        if not browse.undo_correction(self.conn, correction_id):
            raise NotFound(f"no active correction with id {correction_id}")

    def correct(self, kind: str, story: str, articles: Sequence[str], target: str | None = None) -> int:
        """Record a split or merge and apply it to the stories holding ``articles``
        only (``store/region.py``), in one transaction; returns the correction's id."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            cid = browse.add_correction(c, kind, story, articles, target)
            touched = region.stories_holding(c, list(articles))
            before = region.snapshot(c, touched)
            members = [r[0] for r in before["articles"]]
            stories = correct(self.articles(members), [self.story(s) for s in touched],
                              {"id": cid, "kind": kind, "articles": sorted(articles)})  # fmt: skip
            region.put(c, touched, region.after_correction(before, stories))
            region.recount(c, [r[0] for r in before["storylines"]])
            after = region.snapshot(c, [s.id for s in stories])
            c.execute("UPDATE corrections SET undo = ? WHERE id = ?", (_json({"before": before, "after": after}), cid))
            c.execute("COMMIT")
        except Exception:
            c.execute("ROLLBACK")
            raise
        return cid

    def undo_in_place(self, correction_id: int) -> bool:
        """Undo a correction by putting back the stories it changed, when they still are
        as it left them: True when done so (False: nothing changed, the caller marks it
        undone and re-clusters)."""
        c = self.conn
        row = c.execute("SELECT undo FROM corrections WHERE id = ? AND undone_at IS NULL", (correction_id,)).fetchone()
        if row is None:
            raise NotFound(f"no active correction with id {correction_id}")
        if not row[0]:
            return False
        saved = json.loads(row[0])
        c.execute("BEGIN IMMEDIATE")
        try:
            now_there = region.snapshot(c, [r[0] for r in saved["after"]["stories"]])
            if not region.same(now_there, saved["after"]):
                c.execute("ROLLBACK")
                return False
            region.put(c, [r[0] for r in saved["after"]["stories"]], saved["before"])
            browse.undo_correction(c, correction_id)
            c.execute("COMMIT")
        except Exception:
            c.execute("ROLLBACK")
            raise
        return True

    def corrections(self, active_only: bool = False) -> list[dict[str, Any]]:
        return browse.corrections(self.conn, active_only)

    def story_list(self, **filters: Any) -> list[dict[str, Any]]:
        return browse.story_list(self.conn, **filters)

    def timeline(self, story_ids: Sequence[str]) -> dict[str, dict[str, int]]:
        return browse.timeline(self.conn, story_ids)

    def story_briefs(self, story_ids: Sequence[str]) -> list[dict[str, Any]]:
        return browse.story_briefs(self.conn, story_ids)

    def story_ids(self, **filters: Any) -> list[str]:
        return browse.story_ids(self.conn, **filters)

    def story_count(self, **filters: Any) -> int:
        return browse.story_count(self.conn, **filters)

    def article_briefs(self, article_ids: Sequence[str]) -> list[dict[str, Any]]:
        return browse.article_briefs(self.conn, article_ids)

    def representative_of(self, group_ids: Sequence[str]) -> dict[str, str]:
        return browse.representative_of(self.conn, group_ids)

    def story_titles(self, story_ids: Sequence[str]) -> dict[str, str | None]:
        return browse.story_titles(self.conn, story_ids)

    def outlets(self) -> list[str]:
        return browse.outlets(self.conn)

    def languages(self) -> list[tuple[str, int]]:
        return browse.languages(self.conn)

    def article_ids_in(self, languages: Collection[str | None]) -> set[str]:
        return browse.article_ids_in(self.conn, languages)

    def entities_of_articles(self, article_ids: Sequence[str]) -> list[dict[str, Any]]:
        return browse.entities_of_articles(self.conn, article_ids)

    def count_groups_with_copies(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM reprint_groups WHERE size > 1").fetchone()[0]

    def runs(self) -> list[dict[str, Any]]:
        """The recorded ingest runs, oldest first."""
        return [dict(r) for r in self.conn.execute("SELECT * FROM ingest_runs ORDER BY id")]
