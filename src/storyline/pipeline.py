"""The stages of the pipeline and the local runner.

A stage is an object with a ``name`` and ``run(batch) -> batch``; a :class:`Batch`
carries the articles and what the stages derive from them (groups, stories,
storylines).  The local runner takes a list of stages and runs them in order; the Spark
runner (``scale/``) takes the same stages.  A stage's per-article work (cleaning, the
word counts of story clustering, extraction) goes through its *mapper* (``parallel.py``):
this process or a fork pool locally, Spark tasks on Spark; what reads the corpus as a
whole (learning furniture, grouping, clustering) stays in the stage.

Cleaning, reprint grouping and story clustering look at the whole corpus (furniture is
learned from repetition, groups and stories join articles), so each ingest runs the
stages over every stored article plus the new ones, then *reconciles* ids: a group,
story or storyline that keeps members of an earlier one keeps its id, so ids are stable
across ingests and a re-ingest of the same input changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .config import Config
from .errors import InputError
from .io.readers import ReadReport, read_inputs
from .io.records import FirstIds
from .model import Article, Entity, Quote, ReprintGroup, Story, Storyline, unpack
from .parallel import LocalMapper, Mapper, chunks
from .reprints import find_reprint_groups
from .stable_ids import apply_stable_ids
from .store import Store
from .store.dataset import Dataset
from .store.lock import writer_lock
from .store.rows import rows_of
from .stories import find_stories
from .stories.clustering import DocKeys, article_keys
from .stories.corrections import apply_corrections
from .text import FurnitureModel, clean_article
from .text.boilerplate import LineKeys
from .text.clean import article_line_keys, learn_from, reclean
from .text.language import detect_language_raw, is_english


@dataclass(slots=True)
class Batch:
    """What flows between stages: the articles and the groupings found so far."""

    articles: list[Article]
    groups: list[ReprintGroup] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    storylines: list[Storyline] = field(default_factory=list)
    furniture: FurnitureModel | None = None
    # article id -> (hash of the cleaned text, mentions, quotes): earlier extractions
    extractions: dict[str, Any] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # what a stage did not do for an article, and why (reported as warnings)
    notes: list[InputError] = field(default_factory=list)


class Stage(Protocol):
    name: str

    def run(self, batch: Batch) -> Batch: ...


@dataclass(slots=True)
class CleanStage:
    """Learn site furniture from the corpus; clean every article and read its metadata."""

    config: Config
    mapper: Mapper | None = None  # where the per-article work runs (None: LocalMapper)
    name: str = "clean"

    def run(self, batch: Batch) -> Batch:
        for a in batch.articles:
            a.reset()
        keyed = _each(self, _line_keys_job, batch.articles, (self.config.clean, None))
        batch.furniture = learn_from(keyed, self.config.clean)
        cleaned = _each(self, _clean_job, batch.articles, (batch.furniture, self.config.clean))
        for a, fields in zip(batch.articles, cleaned, strict=True):
            _adopt(a, fields)
        return batch


def _line_keys_job(chunk: Sequence[Article], shared: tuple[Any, dict[str, str] | None]) -> list[LineKeys]:
    config, groups = shared
    return [article_line_keys(a, config, groups.get(a.id) if groups else None) for a in chunk]


def _clean_job(chunk: Sequence[Article], shared: tuple[FurnitureModel, Any]) -> list[tuple[Any, ...]]:
    return [_cleaned(clean_article(a, *shared)) for a in chunk]


@dataclass(slots=True)
class ReprintStage:
    """Group copies of the same text."""

    config: Config
    mapper: Mapper | None = None
    name: str = "reprints"

    def run(self, batch: Batch) -> Batch:
        batch.groups = find_reprint_groups(batch.articles, self.config.reprints)
        return batch


@dataclass(slots=True)
class RefineStage:
    """With reprint groups known, re-learn furniture and re-clean what changed; regroup
    if any cleaned text changed (copies of one story must not teach furniture).  See
    ``text.clean.refine_cleaning``: the same steps, the per-article one mapped."""

    config: Config
    mapper: Mapper | None = None
    name: str = "refine"

    def run(self, batch: Batch) -> Batch:
        if batch.furniture is None:
            return batch
        groups = {a.id: a.reprint_group for a in batch.articles if a.reprint_group}
        keyed = _each(self, _line_keys_job, batch.articles, (self.config.clean, groups))
        after = learn_from(keyed, self.config.clean)
        changed = False
        recleaned = _each(self, _reclean_job, batch.articles, (batch.furniture, after, self.config.clean))
        for a, (text_changed, fields) in zip(batch.articles, recleaned, strict=True):
            if fields is not None:
                _adopt(a, fields)
            changed = changed or bool(text_changed)
        batch.furniture = after
        if changed:
            batch = ReprintStage(self.config).run(batch)  # shingles every text again
        return batch


def _reclean_job(chunk: Sequence[Article], shared: tuple[FurnitureModel, FurnitureModel, Any]) -> list[Any]:
    """(text changed, the cleaning's fields if the article was cleaned again) per article."""
    out: list[tuple[bool | None, tuple[Any, ...] | None]] = []
    for a in chunk:
        changed = reclean(a, *shared)
        out.append((changed, None if changed is None else _cleaned(a)))
    return out


@dataclass(slots=True)
class StoryStage:
    """Cluster reprint groups into stories, and stories into storylines."""

    config: Config
    mapper: Mapper | None = None
    name: str = "stories"

    def run(self, batch: Batch) -> Batch:
        by_id = {a.id: a for a in batch.articles}
        # the bodies as held (packed): a worker unpacks its chunk's
        todo = [
            (by_id[m].title, by_id[m].stored_body(), m == g.representative, by_id[m].language)
            for g in batch.groups
            for m in g.members
        ]
        keyed = _each(self, _keys_job, todo)
        batch.stories, batch.storylines = find_stories(batch.groups, batch.articles, self.config.stories, keyed)
        return batch


def _keys_job(chunk: Sequence[tuple[str | None, str | bytes, bool, str | None]], shared: None) -> list[DocKeys]:
    return [article_keys(title, unpack(body), rep, language) for title, body, rep, language in chunk]


def body_hash(a: Article) -> str:
    """A digest of the cleaned text: what extraction read."""
    return hashlib.sha1(a.body.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class ExtractStage:
    """Quotes, speakers and entities of every article whose cleaned text changed since
    its last extraction (the others keep theirs).  The extractors are English (spaCy's
    English model, English speech verbs): an article in another language gets none,
    rather than an English reading of its words."""

    config: Config
    mapper: Mapper | None = None
    name: str = "extract"

    def run(self, batch: Batch) -> Batch:
        todo = []
        limit = self.config.extract.max_chars
        for a in batch.articles:
            digest = body_hash(a)
            if batch.extractions.get(a.id, ("",))[0] == digest:
                continue
            chars = len(a.body)
            if is_english(a.language) and chars <= limit:
                todo.append(a)
                continue
            batch.extractions[a.id] = (digest, [], [])
            if chars > limit:
                why = f"{chars:,} characters, over the extractors' {limit:,}: no entities or quotes extracted"
                batch.notes.append(InputError(a.source or a.id, why))
        found_all = _each(self, _extract_job, [a.stored_body() for a in todo], self.config.extract.recognise)
        for a, found in zip(todo, found_all, strict=True):
            batch.extractions[a.id] = (body_hash(a), found.mentions, found.quotes)
        ids = {a.id for a in batch.articles}
        batch.extractions = {k: v for k, v in batch.extractions.items() if k in ids}
        attach_extractions(batch)
        return batch


def _extract_job(texts: list[str | bytes], recognise: str) -> list[Any]:
    from .extract import extract_texts

    return extract_texts([unpack(t) for t in texts], recognise)


def attach_extractions(batch: Batch) -> None:
    """Give each article the mentions and quotes of its stored extraction."""
    for a in batch.articles:
        found = batch.extractions.get(a.id)
        if found is not None:
            _, a.mentions, a.quotes = found


# Articles a job holds (spaCy's batches, and the memory for their documents).
CHUNK = 256
R = TypeVar("R")
# What cleaning sets on an article: a worker sends these back, not the raw text.
_CLEANED = (
    "clean_text", "removed", "title", "url", "outlet", "outlet_from", "date", "byline", "dateline", "wire", "language"
)  # fmt: skip


def _each(stage: Any, fn: Callable[[Any, Any], list[R]], items: Sequence[Any], shared: Any = None) -> Iterator[R]:
    """``fn``'s result for each of ``items``, in order: ``fn`` maps a chunk of ``CHUNK``
    items to their results, and the chunks go through the stage's mapper (its own, or
    a ``LocalMapper`` of ``config.workers``)."""
    mapper = stage.mapper or LocalMapper(stage.config.workers)
    for done in mapper(fn, chunks(items, CHUNK), shared, len(items)):
        yield from done


def _cleaned(article: Article) -> tuple[Any, ...]:
    """The fields cleaning set, the cleaned text packed (``Article.pack``)."""
    article.pack()
    return tuple(article.stored(name) for name in _CLEANED)


def _adopt(article: Article, fields: tuple[Any, ...]) -> None:
    """Take the fields cleaning set (in a worker process, on a copy of ``article``)."""
    for name, value in zip(_CLEANED, fields, strict=True):
        setattr(article, name, value)


def merge_knowledge(batch: Batch) -> None:
    """Corpus quotes and entities from the articles' extractions (after ids are final)."""
    from .extract.merge import merge_entities, merge_quotes

    batch.entities, key_to_id = merge_entities(batch.articles)
    batch.quotes = merge_quotes(batch.articles, key_to_id, {e.id: e.name for e in batch.entities})


def default_stages(config: Config) -> list[Stage]:
    stages: list[Stage] = [CleanStage(config), ReprintStage(config), RefineStage(config), StoryStage(config)]
    if config.extract.enabled:
        stages.append(ExtractStage(config))
    return stages


def run_local(
    articles: list[Article],
    stages: Sequence[Stage],
    on_stage: Callable[[str], None] | None = None,
    extractions: dict[str, Any] | None = None,
) -> Batch:
    """Run ``stages`` in order over ``articles`` in this process (``extractions``: the
    earlier ones, reused for texts that did not change)."""
    batch = Batch(sorted(articles, key=lambda a: a.id), extractions=dict(extractions or {}))
    for stage in stages:
        if on_stage:
            on_stage(stage.name)
        batch = stage.run(batch)
    return batch


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did."""

    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[InputError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    files: int = 0
    archive_records_skipped: int = 0
    # files (and archive records) read, by the encoding that decoded them
    encodings: dict[str, int] = field(default_factory=dict)
    documentation: list[str] = field(default_factory=list)  # README, LICENSE... skipped
    # articles held, by language (None: too short to tell), when the stages ran
    languages: dict[str | None, int] = field(default_factory=dict)
    extracted: bool = False  # whether the extraction stage ran
    # what was read or done, but not all of it as given (a date not understood, an
    # article too long to extract from), and symbolic links not followed
    warnings: list[InputError] = field(default_factory=list)
    links_not_followed: list[str] = field(default_factory=list)
    # articles left out by ``ReaderConfig.languages``, by their language
    other_languages: dict[str | None, int] = field(default_factory=dict)
    articles: int = 0
    groups: int = 0
    groups_with_copies: int = 0
    stories: int = 0
    storylines: int = 0
    quotes: int = 0
    entities: int = 0

    @property
    def skipped(self) -> int:
        return len(self.errors)


def collect(
    paths: Iterable[str | Path],
    config: Config,
    report: IngestReport,
    on_item: Callable[[], None] | None = None,
    reader: Callable[..., Iterable[Article | InputError]] = read_inputs,
) -> list[Article]:
    """Read inputs (with ``reader``: ``read_inputs``, or the Spark engine's), reporting
    bad items and ids seen twice in one run."""
    read_report = ReadReport()
    first_ids = FirstIds()
    out: list[Article] = []
    wanted = config.reader.languages
    for item in reader(paths, config.reader, read_report):
        if on_item:
            on_item()
        if isinstance(item, InputError):
            report.errors.append(item)
            continue
        if wanted is not None:
            language = detect_language_raw(item.text)
            if language not in wanted:
                report.other_languages[language] = report.other_languages.get(language, 0) + 1
                continue
        if (repeated := first_ids.check(item.id, item.source)) is not None:
            report.errors.append(repeated)
            continue
        item.given_fields()
        out.append(item.pack())  # held packed between stages: see Article.pack
    report.ignored, report.files = read_report.ignored, read_report.files
    report.encodings, report.documentation = read_report.encodings, read_report.documentation
    report.warnings, report.links_not_followed = list(read_report.warnings), read_report.links_not_followed
    report.archive_records_skipped = read_report.archive_counts.get("not_html", 0)
    report.read = len(out)
    return out


def ingest(
    paths: Iterable[str | Path],
    db: str | Path = "storyline.db",
    config: Config | None = None,
    *,
    on_item: Callable[[], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    recompute: bool = False,
    engine: str = "local",
    spark_master: str | None = None,
    output: str | Path | None = None,
) -> IngestReport:
    """Read ``paths`` into the database ``db`` and bring its groups and stories up to date.

    Bad inputs are collected in the report's ``errors``; everything else is stored in
    one transaction.  When no article is new or changed, the stages are skipped (their
    result could not change) unless ``recompute`` asks for a run with the current
    settings.  ``on_item`` is called per input item read and ``on_stage`` with
    each stage's name (for progress displays).  ``engine="spark"`` reads the files and
    runs the per-article stage (extraction) as Apache Spark tasks (``spark_master``,
    ``local[*]`` when None) with the same results; see ``scale/spark_ingest.py``.
    ``output`` names a dataset folder (``store/dataset.py``: Parquet tables) to read
    and write instead of ``db``::

        report = ingest(["articles/"], "news.db")
        print(report.added, report.stories, [e.location for e in report.errors])
    """
    config = config or Config()
    paths = [str(p) for p in paths]
    if paths and not any(os.path.lexists(p) for p in paths):
        # nothing to read: say so, and leave no empty database behind
        raise InputError(", ".join(paths), "no such file or folder")
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    report = IngestReport()
    stages = default_stages(config)
    reader: Callable[..., Iterable[Article | InputError]] = read_inputs
    if engine == "spark":
        from .scale.spark_ingest import spark_reader, spark_stages

        stages, reader = spark_stages(stages, spark_master), spark_reader(spark_master)
    if output is not None:
        Dataset(output)  # a folder that is not a dataset fails before the lock is taken in it
    target = db if output is None else output
    with writer_lock(target, "ingest", folder=output is not None):  # before any state is read
        dataset = None if output is None else Dataset(output)
        new = collect(paths, config, report, on_item, reader)
        with Store(db) if dataset is None else dataset as store:
            if on_stage:
                on_stage("load")
            old = {a.id: a for a in store.articles()}
            for a in new:
                prev = old.get(a.id)
                if prev is None:
                    report.added += 1
                elif (
                    prev.text_hash != a.text_hash
                    or prev.given_fields() != a.given_fields()
                    or prev.metadata != a.metadata
                ):
                    report.updated += 1
                else:
                    report.unchanged += 1
                    continue
                old[a.id] = a
            run = {
                "started_at": started,
                "inputs": paths,
                "skipped": [{"location": e.location, "reason": e.reason} for e in report.errors],
            }
            if not recompute and not report.added and not report.updated:
                store.record_run(run, unchanged=report.unchanged)
                report.articles, report.groups = store.count("articles"), store.count("reprint_groups")
                report.groups_with_copies = store.count_groups_with_copies()
                report.stories, report.storylines = store.count("stories"), store.count("storylines")
                report.quotes, report.entities = store.count("quotes"), store.count("entities")
                return report
            previous = store.memberships()
            earlier = store.extractions() if config.extract.enabled else {}
            batch = run_local(list(old.values()), stages, on_stage, earlier)
            if on_stage:
                on_stage("save")
            _finish(store, batch, previous, run, with_knowledge=config.extract.enabled)
        report.warnings.extend(batch.notes)
        report.articles = len(batch.articles)
        report.languages = dict(Counter(a.language for a in batch.articles))
        report.extracted = config.extract.enabled
        report.groups = len(batch.groups)
        report.groups_with_copies = sum(1 for g in batch.groups if len(g.members) > 1)
        report.stories, report.storylines = len(batch.stories), len(batch.storylines)
        report.quotes, report.entities = len(batch.quotes), len(batch.entities)
        return report


def restory(db: str | Path, config: Config | None = None) -> Batch:
    """Cluster the stored reprint groups into stories again and apply the active
    corrections (after a user's split, merge or undo); cleaning and reprints stay."""
    config = config or Config()
    with writer_lock(db, "correction"), Store(db, create=False) as store:
        articles = list(store.articles())
        batch = Batch(articles, groups=list(store.groups()), extractions=store.extractions())
        previous = store.memberships()
        for a in articles:
            a.story = a.storyline = a.date_inferred = a.date_inferred_range = a.date_inferred_from = None
        attach_extractions(batch)
        batch = StoryStage(config).run(batch)
        _finish(store, batch, previous, {"inputs": ["(correction)"]}, with_knowledge=bool(batch.extractions))
    return batch


def _finish(
    store: Store | Dataset, batch: Batch, previous: dict[str, Any], run: dict[str, Any], *, with_knowledge: bool
) -> None:
    """After clustering: the users' corrections, the earlier ids, the corpus quotes and
    entities (``with_knowledge``), and one transaction that saves it all."""
    apply_corrections(batch.articles, batch.stories, batch.storylines, store.corrections(active_only=True))
    apply_stable_ids(batch.articles, batch.groups, batch.stories, batch.storylines, previous)
    knowledge = None
    if with_knowledge:
        merge_knowledge(batch)
        knowledge = (batch.extractions, batch.entities, batch.quotes)
    store.write(rows_of(batch.articles, batch.groups, batch.stories, batch.storylines, knowledge), run)
