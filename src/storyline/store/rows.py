"""One ingest result as table rows: what the SQLite store and the Parquet dataset write.

Both edges store the same tables with the same columns (``TABLES``, in the order of the
schema's ``CREATE TABLE``), built here by one set of functions, so a database loaded
from a dataset holds what a database written by ingest holds.  Rows are plain tuples;
list and dict fields are JSON text (``encode.to_json``: keys sorted, so equal values
give equal text).  Rows that share a primary key are dropped here, keeping the one the
database kept before (first or last, as its ``INSERT`` did), so no writer needs
``OR IGNORE``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..extract import Extraction
from ..model import (
    GIVEN_FIELDS,
    Article,
    Entity,
    EntityMention,
    Quote,
    QuoteMention,
    Removed,
    ReprintGroup,
    Story,
    Storyline,
)
from .encode import to_json

ARTICLE_COLUMNS = (
    "id",
    "source",
    "text",
    "text_hash",
    "input_meta",
    "metadata",
    "clean_text",
    "removed",
    "title",
    "url",
    "outlet",
    "date",
    "date_inferred",
    "byline",
    "dateline",
    "wire",
    "reprint_group",
    "story",
    "storyline",
    "outlet_from",
    "language",
    "encoding",
    "date_inferred_range",
    "date_inferred_from",
)
# Columns of every table but articles (whose stored row adds row_hash and two times).
GROUPING_TABLES: dict[str, tuple[str, ...]] = {
    "reprint_groups": ("id", "representative", "size", "story"),
    "reprint_pairs": ("group_id", "a", "b", "score", "reasons"),
    "stories": ("id", "title", "first_date", "last_date", "storyline", "size"),
    "story_links": ("story_id", "member", "target", "score", "reasons"),
    "storylines": ("id", "title", "first_date", "last_date", "size"),
    "storyline_links": ("storyline_id", "member", "target", "score", "reasons"),
}
KNOWLEDGE_TABLES: dict[str, tuple[str, ...]] = {
    "entities": ("id", "name", "type", "size", "data"),
    "entity_articles": ("entity_id", "article_id"),
    "quotes": ("id", "text", "kind", "cue", "speaker", "speaker_entity", "first_date", "variants"),
    "quote_articles": ("quote_id", "article_id", "start", "end"),
}
EXTRACTION_COLUMNS = ("article_id", "body_hash", "data")
# (the stored table has row_hash and the two times before the columns that migration
# 4 added; rows are written and read by column name)
STORED_ARTICLE_COLUMNS = (*ARTICLE_COLUMNS, "row_hash", "ingested_at", "updated_at")
TABLES: dict[str, tuple[str, ...]] = {
    "articles": STORED_ARTICLE_COLUMNS,
    **GROUPING_TABLES,
    "extractions": EXTRACTION_COLUMNS,
    **KNOWLEDGE_TABLES,
}
# Integer and real columns (the rest are text); the dataset's Parquet types follow.
INTEGER_COLUMNS = frozenset({"size", "start", "end"})
REAL_COLUMNS = frozenset({"score"})


@dataclass(slots=True)
class Rows:
    """An ingest result as rows: ``articles`` in ``ARTICLE_COLUMNS`` order, the grouping
    tables, and, when extraction ran, ``extractions`` and the knowledge tables (None:
    extraction did not run, whatever is stored stays).

    ``extractions`` maps an article id to (hash of the text read, extraction): the
    extraction is its JSON text (read from a dataset) or its (mentions, quotes), turned
    into JSON by ``extraction_json`` only where a writer stores it (the database stores
    only those whose text changed, so an ingest does not serialise every article's)."""

    articles: Collection[tuple[Any, ...]]  # a list, or ArticleRows (made as they are read)
    groupings: dict[str, list[tuple[Any, ...]]]
    extractions: dict[str, tuple[str, Any]] | None = None
    knowledge: dict[str, list[tuple[Any, ...]]] | None = None
    # article id -> (ingested_at, updated_at) when the rows come from a dataset
    times: dict[str, tuple[str, str]] = field(default_factory=dict)


def article_row(a: Article) -> tuple[Any, ...]:
    """An article as its stored row (``ARTICLE_COLUMNS``)."""
    return (
        a.id,
        a.source,
        a.text,
        a.text_hash,
        to_json(a.given_fields()),
        to_json(a.metadata),
        a.clean_text,
        to_json([{"line": r.line, "kind": r.kind, "rule": r.rule} for r in a.removed]),
        a.title,
        a.url,
        a.outlet,
        a.date,
        a.date_inferred,
        a.byline,
        a.dateline,
        a.wire,
        a.reprint_group,
        a.story,
        a.storyline,
        a.outlet_from,
        a.language,
        a.encoding,
        a.date_inferred_range,
        a.date_inferred_from,
    )


class ArticleRows:
    """The rows of ``articles``, each made as it is read (``article_row``): writing an
    ingest's million rows does not hold a million rows at once.  Read as often as needed."""

    __slots__ = ("_articles",)

    def __init__(self, articles: Sequence[Article]) -> None:
        self._articles = articles

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return map(article_row, self._articles)

    def __len__(self) -> int:
        return len(self._articles)


def row_hash(row: Sequence[Any]) -> str:
    """The digest of an article row: equal digests, nothing to write."""
    return hashlib.sha1(to_json(list(row)).encode("utf-8")).hexdigest()


def hashed_rows(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Each article row with its ``row_hash``: the hash a dataset's rows were checked
    against (``storyline load`` does not hash a million rows twice), else computed."""
    hashed = getattr(rows, "hashed", None)
    return hashed() if hashed is not None else ((row, row_hash(row)) for row in rows)


def article_from(row: Mapping[str, Any]) -> Article:
    """An article from its stored row (a ``sqlite3.Row`` or a dict of the columns)."""
    given = json.loads(row["input_meta"])
    a = Article(
        id=row["id"],
        text=row["text"],
        source=row["source"],
        metadata=json.loads(row["metadata"]),
        clean_text=row["clean_text"],
        removed=[Removed(**r) for r in json.loads(row["removed"])],
        **{k: row[k] for k in ARTICLE_COLUMNS[8:]},
    )
    a.given = {k: given.get(k) for k in GIVEN_FIELDS}
    return a


def search_entry(row: Sequence[Any]) -> tuple[str, str, str]:
    """(id, title, body) of an article row: what full-text search indexes."""
    clean_text, text = row[6], row[2]
    return row[0], row[8] or "", clean_text if clean_text is not None else text


def _unique(rows: Iterable[tuple[Any, ...]], key: slice, keep: str = "first") -> list[tuple[Any, ...]]:
    """``rows`` without repeats of their ``key`` fields (keeping the first or the last)."""
    out: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for r in rows:
        k = r[key]
        if keep == "last" or k not in out:
            out.pop(k, None)  # a replaced row moves to the end, as SQLite's REPLACE does
            out[k] = r
    return list(out.values())


def grouping_rows(
    groups: Sequence[ReprintGroup], stories: Sequence[Story], storylines: Sequence[Storyline]
) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the reprint group, story and storyline tables."""
    story_of = {g: s.id for s in stories for g in s.groups}
    pairs = ((g.id, p.member, p.target, p.score, to_json(p.reasons)) for g in groups for p in g.pairs)
    # a pair is keyed (a, b): a later group's pair replaces an earlier one
    return {
        "reprint_groups": [(g.id, g.representative, len(g.members), story_of.get(g.id)) for g in groups],
        "reprint_pairs": _unique(pairs, slice(1, 3), "last"),
        "stories": [(s.id, s.title, s.first_date, s.last_date, s.storyline, len(s.articles)) for s in stories],
        "story_links": [(s.id, k.member, k.target, k.score, to_json(k.reasons)) for s in stories for k in s.links],
        "storylines": [(x.id, x.title, x.first_date, x.last_date, len(x.stories)) for x in storylines],
        "storyline_links": [
            (x.id, k.member, k.target, k.score, to_json(k.reasons)) for x in storylines for k in x.links
        ],
    }


def _fields(record: Any) -> dict[str, Any]:
    return {k: getattr(record, k) for k in record.__slots__}


def extraction_json(extraction: str | tuple[Sequence[EntityMention], Sequence[QuoteMention]]) -> str:
    """An extraction's stored JSON: ``extraction`` is that text already, or (mentions,
    quotes)."""
    if isinstance(extraction, str):
        return extraction
    mentions, found = extraction
    return to_json({"mentions": [_fields(m) for m in mentions], "quotes": [_fields(q) for q in found]})


def extraction_from(body_hash: str, data: str) -> Extraction:
    """An extraction from its stored row's hash and JSON."""
    d = json.loads(data)
    mentions = [EntityMention(**m) for m in d["mentions"]]
    return Extraction(mentions, [QuoteMention(**q) for q in d["quotes"]], body_hash)


def knowledge_rows(entities: Sequence[Entity], quotes: Sequence[Quote]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the entity and quote tables."""
    return {
        "entities": [
            (
                e.id,
                e.name,
                e.type,
                len(e.articles),
                to_json({"variants": e.variants, "roles": e.roles, "stories": e.stories}),
            )
            for e in entities
        ],
        "entity_articles": _unique(((e.id, a) for e in entities for a in e.articles), slice(0, 2)),
        "quotes": [
            (q.id, q.text, q.kind, q.cue, q.speaker, q.speaker_entity, q.first_date, to_json(q.variants))
            for q in quotes
        ],
        "quote_articles": _unique(
            ((q.id, a["id"], a["start"], a["end"]) for q in quotes for a in q.articles), slice(0, 3)
        ),
    }


def rows_of(
    articles: Sequence[Article],
    groups: Sequence[ReprintGroup],
    stories: Sequence[Story],
    storylines: Sequence[Storyline],
    knowledge: tuple[Mapping[str, Extraction], Sequence[Entity], Sequence[Quote]] | None = None,
) -> Rows:
    """An ingest result as rows (``knowledge``: extractions, entities, quotes, when
    extraction ran)."""
    rows = Rows(ArticleRows(articles), grouping_rows(groups, stories, storylines))
    if knowledge is not None:
        extractions, entities, quotes = knowledge
        rows.extractions = {aid: (x.text_hash, (x.mentions, x.quotes)) for aid, x in extractions.items()}
        rows.knowledge = knowledge_rows(entities, quotes)
    return rows
