"""The Python API: everything the command line and the web UI do, as functions returning
data (``cli/`` and ``web/`` call only this; ``engine=`` chooses where ingest and dedup run)::

import storyline
storyline.ingest(["../shared/seeds"], "seeds.db").stories       # 3
[s.title for s in storyline.list_stories("seeds.db")][0]        # the newest story's title
storyline.show("seeds.db", "000_5121eb60957fa2fd.txt")["story"] # any id, as a dict
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Iterator
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import pipeline
from ..config import Config
from ..errors import ConfigError, InputError, NotFound, StoreError
from ..io.readers import FORMATS, read_inputs
from ..io.writers import WRITE_FORMATS as WRITE_FORMATS  # the formats export writes, for the faces
from ..io.writers import write_records
from ..model import Article, Entity, Quote, ReprintGroup, Story
from ..pipeline import DedupReport, IngestReport, restory
from ..reprints.lineage import CopyFacts, CopyLineage, group_lineage, likely_original, paragraphs
from ..store import Store
from ..store.dataset import Dataset
from ..store.lock import writer_lock
from ..stories.compare import compare_articles
from ..text import clean_article
from ..text.language import parse_languages as parse_languages  # the language filter, for the faces

ENTITY_TYPES = ("person", "place", "org")
# A language filter: ISO 639-1 codes (None: articles too short to tell), as a set or as
# the command line writes it ("en,de", "unknown"); None keeps every language.
Languages = Collection[str | None] | str | None


def _languages(languages: Languages) -> frozenset[str | None] | None:
    return (
        parse_languages(languages)
        if isinstance(languages, str)
        else (None if languages is None else frozenset(languages))
    )


def _in_languages(store: Store, records: Iterable[Any], languages: Languages, ids_of: Any) -> Iterator[Any]:
    """The records with an article in ``languages`` (``ids_of(record)``: its article ids)."""
    wanted = _languages(languages)
    if wanted is None:
        yield from records
        return
    ids = store.article_ids_in(wanted)
    yield from (r for r in records if any(i in ids for i in ids_of(r)))


EXPORT_KINDS = ("articles", "reprints", "stories", "storylines", "quotes", "entities")
ENGINES = ("local", "spark")
# The formats the readers know (``--format``), by name.
INPUT_FORMATS = tuple(sorted(set(FORMATS.values())))


def _engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")


def ingest(
    paths: Iterable[str | Path],
    db: str | Path = "storyline.db",
    config: Config | None = None,
    *,
    engine: str = "local",
    spark_master: str | None = None,
    **options: Any,
) -> IngestReport:
    """Read ``paths`` into the database ``db`` (``pipeline.ingest``: its ``options``).
    ``engine="spark"`` reads the files and runs the per-article work as Apache Spark
    tasks (``spark_master``, ``local[*]`` when None), with the same stages and results
    (``spark/executor.py``)::

        report = ingest(["articles/"], "news.db")
        print(report.added, report.stories, [e.location for e in report.errors])
    """
    _engine(engine)
    config = config or Config()
    if engine == "spark":
        from ..spark.executor import spark_reader, spark_stages

        options.update(
            stages=spark_stages(pipeline.default_stages(config), spark_master), reader=spark_reader(spark_master)
        )
    return pipeline.ingest(paths, db, config, **options)


def dedup(
    paths: Iterable[str | Path],
    output: str | Path,
    config: Config | None = None,
    *,
    engine: str = "local",
    spark_master: str | None = None,
    write_deduplicated: str | Path | None = None,
    index: str | Path | None = None,
    **options: Any,
) -> DedupReport:
    """Group the articles of ``paths`` into reprint groups and write one JSON line per
    article to ``output``, no database (``pipeline.dedup``: its ``options``);
    ``engine="spark"`` on Apache Spark (``spark/dedup.py``), the same lines."""
    _engine(engine)
    if engine == "spark":
        from ..spark.dedup import spark_dedup

        return spark_dedup(
            paths, output, config, master=spark_master, write_deduplicated=write_deduplicated, index=index
        )
    return pipeline.dedup(paths, output, config, write_deduplicated=write_deduplicated, index=index, **options)


def open_db(db: str | Path = "storyline.db") -> Store:
    """Open a Storyline database (which must exist: ``ingest`` makes one)."""
    return Store(db, create=False)


def list_stories(db: str | Path = "storyline.db", limit: int | None = None, languages: Languages = None) -> list[Story]:
    """Stories, newest first; ``languages``: only those with an article in one of them."""
    with Store(db, create=False) as store:
        return store.stories(limit, _languages(languages))


def list_quotes(
    db: str | Path = "storyline.db",
    speaker: str | None = None,
    story: str | None = None,
    article: str | None = None,
    limit: int | None = None,
    languages: Languages = None,
) -> list[Quote]:
    """Quotes, oldest first; ``speaker`` matches a speaker's name or any variant of it
    (``"Lavrov"`` finds Sergey Lavrov's), ``story``/``article`` where they appear,
    ``languages`` the languages of the articles that carry them.  A ``story`` or
    ``article`` that does not exist is an error (NotFound), not an empty answer."""
    with Store(db, create=False) as store:
        if story is not None:
            store.story(story)
        if article is not None:
            store.article(article)
        if languages is None:
            return store.quotes(speaker, story, article, limit)
        found = _in_languages(store, store.quotes(speaker, story, article), languages, _quote_articles)
        return list(found)[:limit] if limit else list(found)


def list_entities(
    db: str | Path = "storyline.db", kind: str | None = None, limit: int | None = None, languages: Languages = None
) -> list[Entity]:
    """People, places and organisations (``kind``: person, place, org), most mentioned
    first; ``languages``: those named in an article in one of them."""
    if kind is not None and kind not in ENTITY_TYPES:
        raise ConfigError(f"unknown entity type {kind!r}; choose from {', '.join(ENTITY_TYPES)}")
    with Store(db, create=False) as store:
        if languages is None:
            return store.entities(kind, limit)
        found = list(_in_languages(store, store.entities(kind), languages, lambda e: e.articles))
        return found[:limit] if limit else found


def _quote_articles(q: Quote) -> list[str]:
    return [a["id"] for a in q.articles]


def lineage(db: str | Path, group_id: str) -> list[CopyLineage]:
    """What each copy of reprint group ``group_id`` lacks, adds and edits against the representative."""
    with Store(db, create=False) as store:
        return copy.deepcopy(_lineage(store, store.group(group_id)))  # the caller's own, not the kept ones


def _lineage(store: Store, group: ReprintGroup, texts: dict[str, str] | None = None) -> list[CopyLineage]:
    """``texts``: the members' bodies when the caller has them."""
    texts = texts or {a.id: a.body for a in store.articles(group.members)}
    rep = (group.representative, texts[group.representative])
    return list(_lineage_of(rep, tuple((m, texts[m]) for m in group.members)))


@lru_cache(maxsize=32)
def _lineage_of(rep: tuple[str, str], members: tuple[tuple[str, str], ...]) -> tuple[CopyLineage, ...]:
    """A group's lineage, kept for the texts it was computed from: a reprint page read
    again (or by many readers) does not align its copies again."""
    return tuple(group_lineage(rep, list(members)))


def _outlets(arts: list[Article]) -> list[str]:
    return sorted({a.outlet for a in arts if a.outlet})


def show(db: str | Path, ident: str) -> dict[str, Any]:
    """The record ``ident`` names (an article, reprint group, story or storyline), as data.

    The result has ``kind`` and the record's fields; groups carry their lineage,
    stories and storylines their members.
    """
    with Store(db, create=False) as store:
        kind = store.kind_of(ident)
        if kind == "article":
            return {"kind": kind, **store.article(ident).to_dict()}
        if kind == "group":
            return {"kind": kind, **_group_record(store, store.group(ident))}
        if kind == "story":
            return {"kind": kind, **_story_record(store, store.story(ident))}
        line = store.storyline(ident)
        return {
            "kind": kind,
            **asdict(line),
            "story_records": [_story_record(store, store.story(s)) for s in line.stories],
        }


def _brief(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "date": a.date,
        "date_inferred": a.date_inferred,
        "dateline": a.dateline,
        "wire": a.wire,
        "url": a.url,
    }


def _group_record(store: Store, g: ReprintGroup, with_lineage: bool = True) -> dict[str, Any]:
    arts = list(store.articles(g.members))
    rec: dict[str, Any] = {
        "id": g.id,
        "representative": g.representative,
        "size": len(g.members),
        "members": g.members,
        "articles": [_brief(a) for a in arts],
        "outlets": _outlets(arts),
        "pairs": [p.to_dict() for p in g.pairs],
    }
    if with_lineage:
        texts = {a.id: a.body for a in arts}
        rec["lineage"] = [x.to_dict() for x in _lineage(store, g, texts)] if len(g.members) > 1 else []
    facts = [CopyFacts(a.id, a.wire, len(paragraphs(a.body)), a.date) for a in arts]
    rec["likely_original"], rec["likely_original_because"] = likely_original(facts)
    return rec


def _story_record(store: Store, s: Story) -> dict[str, Any]:
    arts = list(store.articles(s.articles))
    return {
        **asdict(s),
        "outlets": _outlets(arts),
        "size": len(s.articles),
        "group_records": [_group_record(store, store.group(g), with_lineage=False) for g in s.groups],
    }


def export_records(db: str | Path, kind: str, languages: Languages = None) -> Iterator[dict[str, Any]]:
    """The records ``export`` writes, one dict each (``languages``: only those with an
    article in one of them)."""
    if kind not in EXPORT_KINDS:
        raise ConfigError(f"unknown export kind {kind!r}; choose from {', '.join(EXPORT_KINDS)}")
    with Store(db, create=False) as store:

        def kept(records: Iterable[Any], ids_of: Any) -> Iterator[Any]:
            return _in_languages(store, records, languages, ids_of)

        if kind == "articles":
            yield from (a.to_dict() for a in kept(store.articles(), lambda a: [a.id]))
        elif kind == "reprints":
            yield from (_group_record(store, g) for g in kept(store.groups(), lambda g: g.members))
        elif kind == "stories":
            for s in kept(store.stories(), lambda s: s.articles):
                rec = _story_record(store, s)
                rec.pop("group_records")
                yield rec
        elif kind == "quotes":
            yield from (q.to_dict() for q in kept(store.quotes(), _quote_articles))
        elif kind == "entities":
            yield from (e.to_dict() for e in kept(store.entities(), lambda e: e.articles))
        else:
            story_articles = {s.id: s.articles for s in store.stories()}
            lines = kept(store.storylines(), lambda x: [a for s in x.stories for a in story_articles.get(s, [])])
            yield from (asdict(x) for x in lines)


def export(db: str | Path, kind: str, path: str | Path, fmt: str = "jsonl", languages: Languages = None) -> int:
    """Write ``kind`` (articles, reprints, stories, storylines, quotes, entities) to
    ``path`` as jsonl, csv or parquet (``languages``: only records with an article in
    one of them, as ``export_records``)."""
    return write_records(export_records(db, kind, languages), path, fmt)


def _load_one(ref: str, store: Store | None) -> Article:
    """An article by id from the store, or the first article of a file, cleaned."""
    if store is not None:
        try:
            return store.article(ref)
        except NotFound:
            if not Path(ref).exists():
                raise
    items = list(read_inputs([ref]))
    for item in items:
        if isinstance(item, InputError):
            raise item
        return clean_article(item)
    raise InputError(ref, "no article found")


def compare(a: str, b: str, db: str | Path | None = None, config: Config | None = None) -> dict[str, Any]:
    """How likely articles ``a`` and ``b`` tell the same story, and why.

    ``a`` and ``b`` are article ids in ``db`` or paths of files holding one article.
    With a database, names and words are weighed by its corpus, as clustering does.
    Returns ``{"score", "same_story", "reasons"}``.
    """
    config = config or Config()
    if db is None:
        return compare_articles([_load_one(a, None)], [_load_one(b, None)], None, config.stories)
    with Store(db, create=False) as store:
        first, second = _load_one(a, store), _load_one(b, store)

        def with_copies(x: Article) -> list[Article]:
            if not x.reprint_group:
                return [x]
            others = [m for m in store.group(x.reprint_group).members if m != x.id]
            return [x, *store.articles(others)]

        corpus = list(store.articles(store.representatives()))
        return compare_articles(with_copies(first), with_copies(second), corpus, config.stories)


def search(db: str | Path, text: str, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """Articles and quotes matching every word of ``text``, best first, with snippets."""
    with Store(db, create=False) as store:
        return store.search(text, limit)


def split_story(db: str | Path, story_id: str, group_ids: list[str]) -> str:
    """Take reprint groups out of a story into a story of their own; the split is stored
    as a correction that every later ingest applies again.  Returns the new story's id."""
    with writer_lock(db, "split"), Store(db, create=False) as store:
        story = store.story(story_id)
        wrong = [g for g in group_ids if g not in story.groups]
        if wrong or not group_ids:
            raise ConfigError(f"story {story_id} has no reprint group(s) {', '.join(wrong) or '(none given)'}")
        if len(group_ids) == len(story.groups):
            raise ConfigError("a split must leave at least one reprint group in the story")
        moved = [a for g in group_ids for a in store.group(g).members]
        store.correct("split", story_id, moved)
        return store.article(moved[0]).story or ""


def merge_stories(db: str | Path, story_id: str, other_id: str) -> str:
    """Merge story ``other_id`` into ``story_id`` (stored as a correction); returns the
    merged story's id."""
    if story_id == other_id:
        raise ConfigError("a story cannot be merged with itself")
    with writer_lock(db, "merge"), Store(db, create=False) as store:
        first, other = store.story(story_id), store.story(other_id)
        store.correct("merge", story_id, first.articles + other.articles, target=other_id)
        return store.article(first.articles[0]).story or ""


def undo_correction(db: str | Path, correction_id: int) -> None:
    """Undo a split or merge: the stories come out as the clustering and the other
    corrections make them (the stories it changed put back as they were when nothing
    changed them since, else everything re-clustered)."""
    with writer_lock(db, "undo"), Store(db, create=False) as store:
        if not store.undo_in_place(correction_id):
            store.undo_correction(correction_id)
            restory(db)


def list_corrections(db: str | Path) -> list[dict[str, Any]]:
    """Every correction, oldest first, with ``undone_at`` set on undone ones."""
    with Store(db, create=False) as store:
        return store.corrections()


def check(db: str | Path, repair: bool = False) -> list[tuple[str, int]]:
    """What is wrong between the database's tables ((problem, rows); [] when nothing).
    ``repair`` first recomputes the groups, stories and storylines of the stored
    articles (as ``ingest --recompute``), which rewrites every derived table."""
    if repair:
        pipeline.ingest([], db, recompute=True)
    with Store(db, create=False) as store:
        return store.integrity()


def load_dataset(dataset: str | Path, db: str | Path = "storyline.db") -> dict[str, int]:
    """Put a dataset (``ingest --output DIR``, ``store/dataset.py``) into the database
    ``db`` in one transaction: its articles are inserted or updated (unchanged rows are
    not rewritten), its groups, stories, storylines, quotes and entities replace the
    database's, and the database's own corrections are applied again.  Loading the same
    dataset twice changes nothing.  A database holding articles the dataset lacks is
    refused (their groups and stories would be lost).  Returns the article counts
    (``inserted``, ``changed``, ``unchanged``) and the tables' sizes::

        load_dataset("out/", "news.db")["stories"]
    """
    with Dataset(dataset, create=False) as d:
        rows = d.rows()
        run = {"inputs": [f"(dataset {dataset})"], "skipped": []}
    ids = set(rows.times)  # every article of the dataset
    with writer_lock(db, "load"), Store(db) as store:
        extra = sorted(set(store.memberships()) - ids)
        if extra:
            raise StoreError(
                f"{db}: holds {len(extra)} article(s) that the dataset {dataset} lacks (e.g. {extra[0]!r}); "
                "load into a new database, or ingest those articles' files into the dataset first"
            )
        counts = store.write(rows, run)
        if store.corrections(active_only=True):
            restory(db)
    with Store(db, create=False) as store:
        for table in ("articles", "reprint_groups", "stories", "storylines", "quotes", "entities"):
            counts[table] = store.count(table)
    return counts
