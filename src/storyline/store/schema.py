"""The database schema as numbered migrations.

Each migration runs once, in order, inside a transaction, and is recorded in
``schema_migrations``; a database written by a newer Storyline (a version this code
does not know) is refused rather than guessed at.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "articles, reprint groups, stories, storylines and their links",
        """
        CREATE TABLE articles (
            id            TEXT PRIMARY KEY,
            source        TEXT NOT NULL DEFAULT '',
            text          TEXT NOT NULL,            -- raw text as read
            text_hash     TEXT NOT NULL,
            input_meta    TEXT NOT NULL DEFAULT '{}', -- fields the input gave (JSON)
            metadata      TEXT NOT NULL DEFAULT '{}', -- other input keys (JSON)
            clean_text    TEXT,
            removed       TEXT NOT NULL DEFAULT '[]', -- removed lines with reasons (JSON)
            title         TEXT,
            url           TEXT,
            outlet        TEXT,
            date          TEXT,
            date_inferred TEXT,
            byline        TEXT,
            dateline      TEXT,
            wire          TEXT,
            reprint_group TEXT,
            story         TEXT,
            storyline     TEXT,
            row_hash      TEXT NOT NULL DEFAULT '',
            ingested_at   TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        );
        CREATE INDEX articles_group ON articles(reprint_group);
        CREATE INDEX articles_story ON articles(story);
        CREATE INDEX articles_storyline ON articles(storyline);
        CREATE INDEX articles_date ON articles(date);

        CREATE TABLE reprint_groups (
            id             TEXT PRIMARY KEY,
            representative TEXT NOT NULL,
            size           INTEGER NOT NULL,
            story          TEXT
        );
        CREATE TABLE reprint_pairs (
            group_id TEXT NOT NULL,
            a        TEXT NOT NULL,
            b        TEXT NOT NULL,
            score    REAL NOT NULL,
            reasons  TEXT NOT NULL,
            PRIMARY KEY (a, b)
        );
        CREATE INDEX reprint_pairs_group ON reprint_pairs(group_id);

        CREATE TABLE stories (
            id         TEXT PRIMARY KEY,
            title      TEXT,
            first_date TEXT,
            last_date  TEXT,
            storyline  TEXT,
            size       INTEGER NOT NULL
        );
        CREATE INDEX stories_first_date ON stories(first_date);
        CREATE TABLE story_links (
            story_id TEXT NOT NULL,
            member   TEXT NOT NULL,   -- the reprint group that joined
            target   TEXT NOT NULL,   -- the group it matched
            score    REAL NOT NULL,
            reasons  TEXT NOT NULL,
            PRIMARY KEY (story_id, member)
        );

        CREATE TABLE storylines (
            id         TEXT PRIMARY KEY,
            title      TEXT,
            first_date TEXT,
            last_date  TEXT,
            size       INTEGER NOT NULL
        );
        CREATE TABLE storyline_links (
            storyline_id TEXT NOT NULL,
            member       TEXT NOT NULL,  -- the story that joined
            target       TEXT NOT NULL,  -- the story it matched
            score        REAL NOT NULL,
            reasons      TEXT NOT NULL,
            PRIMARY KEY (storyline_id, member)
        );

        CREATE TABLE ingest_runs (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at  TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            inputs      TEXT NOT NULL,
            added       INTEGER NOT NULL,
            updated     INTEGER NOT NULL,
            unchanged   INTEGER NOT NULL,
            skipped     TEXT NOT NULL
        );
        """,
    ),
    (
        2,
        "who said what: per-article extractions, quotes and entities",
        """
        CREATE TABLE extractions (
            article_id TEXT PRIMARY KEY,
            body_hash  TEXT NOT NULL,   -- hash of the cleaned text the extraction read
            data       TEXT NOT NULL    -- mentions and quotes (JSON)
        );
        CREATE TABLE entities (
            id    TEXT PRIMARY KEY,
            name  TEXT NOT NULL,
            type  TEXT NOT NULL,
            size  INTEGER NOT NULL,     -- articles it appears in
            data  TEXT NOT NULL         -- variants, roles, stories (JSON)
        );
        CREATE INDEX entities_type ON entities(type, size);
        CREATE TABLE entity_articles (
            entity_id  TEXT NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (entity_id, article_id)
        );
        CREATE INDEX entity_articles_article ON entity_articles(article_id);
        CREATE TABLE quotes (
            id             TEXT PRIMARY KEY,
            text           TEXT NOT NULL,
            kind           TEXT NOT NULL,
            cue            TEXT NOT NULL,
            speaker        TEXT,
            speaker_entity TEXT,
            first_date     TEXT,
            variants       TEXT NOT NULL   -- JSON list
        );
        CREATE INDEX quotes_speaker ON quotes(speaker);
        CREATE INDEX quotes_entity ON quotes(speaker_entity);
        CREATE TABLE quote_articles (
            quote_id   TEXT NOT NULL,
            article_id TEXT NOT NULL,
            start      INTEGER NOT NULL,
            "end"      INTEGER NOT NULL,
            PRIMARY KEY (quote_id, article_id, start)
        );
        CREATE INDEX quote_articles_article ON quote_articles(article_id);
        """,
    ),
    (
        3,
        "full-text search over articles and quotes; corrections made by users",
        """
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE VIRTUAL TABLE articles_fts USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61');
        CREATE VIRTUAL TABLE quotes_fts USING fts5(id UNINDEXED, text, speaker, tokenize='porter unicode61');
        CREATE TABLE corrections (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            kind       TEXT NOT NULL,   -- 'split' | 'merge'
            story      TEXT NOT NULL,   -- the story acted on, as it was then
            target     TEXT,            -- merge: the story merged into it
            articles   TEXT NOT NULL,   -- JSON: split: the articles taken out, merge: those of both stories
            note       TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            undone_at  TEXT
        );
        """,
    ),
    (
        4,
        "each article's language, the encoding its bytes were read in, and where its outlet came from",
        """
        ALTER TABLE articles ADD COLUMN outlet_from TEXT;  -- 'input' | 'url' | 'page' | 'text' (a guess)
        ALTER TABLE articles ADD COLUMN language TEXT;     -- ISO 639-1, NULL: too short to tell
        ALTER TABLE articles ADD COLUMN encoding TEXT;
        CREATE INDEX articles_language ON articles(language);
        """,
    ),
    (
        5,
        "a correction keeps the rows of the stories it changed, so undoing it touches only them",
        """
        ALTER TABLE corrections ADD COLUMN undo TEXT;  -- JSON {"before", "after"}: store/region.py
        """,
    ),
    (
        6,
        "an inferred date's evidence: the days it lies within, and what they come from",
        """
        ALTER TABLE articles ADD COLUMN date_inferred_range TEXT;  -- ISO 8601 interval: 2013-04-10/2013-04-11
        ALTER TABLE articles ADD COLUMN date_inferred_from TEXT;   -- 'reprint group: 2 dated copies' ...
        """,
    ),
]
