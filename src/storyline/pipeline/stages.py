"""The stages of the pipeline and the local runner.

A stage is an object with a ``name`` and ``run(batch) -> batch``; a :class:`Batch`
carries the articles and what the stages derive from them (groups, stories,
storylines).  The local runner takes a list of stages and runs them in order; the Spark
engine (``spark/executor.py``) runs the same stages.  A stage's per-article work
(cleaning, the word counts of story clustering, extraction) goes through its *mapper*
(``executors.py``): this process or a fork pool locally, Spark tasks on Spark; what
reads the corpus as a whole (learning furniture, grouping, clustering) stays in the stage.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from ..config import Config
from ..errors import InputError
from ..extract import Extraction
from ..model import Article, Entity, Quote, ReprintGroup, Story, Storyline, unpack
from ..reprints import find_reprint_groups
from ..stories import find_stories
from ..stories.clustering import DocKeys, article_keys
from ..text import FurnitureModel, clean_article
from ..text.boilerplate import LineKeys
from ..text.clean import article_line_keys, learn_from, reclean
from ..text.language import is_english
from .executors import LocalMapper, Mapper, chunks


@dataclass(slots=True)
class Batch:
    """What flows between stages: the articles and the groupings found so far."""

    articles: list[Article]
    groups: list[ReprintGroup] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    storylines: list[Storyline] = field(default_factory=list)
    furniture: FurnitureModel | None = None
    # article id -> its extraction (``text_hash``: of the cleaned text it read), earlier ones too
    extractions: dict[str, Extraction] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # what a stage did not do for an article, and why (reported as warnings)
    notes: list[InputError] = field(default_factory=list)


# ``progress(step, done, total)``: how far a stage's per-article work is (``run_local``'s
# ``on_progress``; the command line draws it).
Progress = Callable[[str, int, int], None]


class Stage(Protocol):
    name: str

    def run(self, batch: Batch) -> Batch: ...


@dataclass(slots=True)
class CleanStage:
    """Learn site furniture from the corpus; clean every article and read its metadata."""

    config: Config
    mapper: Mapper | None = None  # where the per-article work runs (None: LocalMapper)
    progress: Progress | None = None  # told (step, done, total) as per-article work is done
    name: str = "clean"

    def run(self, batch: Batch) -> Batch:
        for a in batch.articles:
            a.reset()
        keyed = _each(self, _line_keys_job, batch.articles, (self.config.clean, None), "reading lines")
        batch.furniture = learn_from(keyed, self.config.clean)
        cleaned = _each(self, _clean_job, batch.articles, (batch.furniture, self.config.clean), "cleaning")
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
    progress: Progress | None = None
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
    progress: Progress | None = None
    name: str = "refine"

    def run(self, batch: Batch) -> Batch:
        if batch.furniture is None:
            return batch
        groups = {a.id: a.reprint_group for a in batch.articles if a.reprint_group}
        keyed = _each(self, _line_keys_job, batch.articles, (self.config.clean, groups), "reading lines")
        after = learn_from(keyed, self.config.clean)
        changed = False
        recleaned = _each(
            self, _reclean_job, batch.articles, (batch.furniture, after, self.config.clean), "cleaning again"
        )
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
    progress: Progress | None = None
    name: str = "stories"

    def run(self, batch: Batch) -> Batch:
        by_id = {a.id: a for a in batch.articles}
        # the bodies as held (packed): a worker unpacks its chunk's
        todo = [
            (by_id[m].title, by_id[m].stored_body(), m == g.representative, by_id[m].language)
            for g in batch.groups
            for m in g.members
        ]
        keyed = _each(self, _keys_job, todo, None, "words and names")
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
    progress: Progress | None = None
    name: str = "extract"

    def run(self, batch: Batch) -> Batch:
        todo = []
        limit = self.config.extract.max_chars
        for a in batch.articles:
            digest = body_hash(a)
            earlier = batch.extractions.get(a.id)
            if earlier is not None and earlier.text_hash == digest:
                continue
            chars = len(a.body)
            if is_english(a.language) and chars <= limit:
                todo.append(a)
                continue
            batch.extractions[a.id] = Extraction(text_hash=digest)
            if chars > limit:
                why = f"{chars:,} characters, over the extractors' {limit:,}: no entities or quotes extracted"
                batch.notes.append(InputError(a.source or a.id, why))
        found_all = _each(
            self, _extract_job, [a.stored_body() for a in todo], self.config.extract.recognise, "quotes and entities"
        )
        for a, found in zip(todo, found_all, strict=True):
            found.text_hash = body_hash(a)
            batch.extractions[a.id] = found
        ids = {a.id for a in batch.articles}
        batch.extractions = {k: v for k, v in batch.extractions.items() if k in ids}
        attach_extractions(batch)
        return batch


def _extract_job(texts: list[str | bytes], recognise: str) -> list[Extraction]:
    from ..extract import extract_texts

    return extract_texts([unpack(t) for t in texts], recognise)


def attach_extractions(batch: Batch) -> None:
    """Give each article the mentions and quotes of its stored extraction."""
    for a in batch.articles:
        found = batch.extractions.get(a.id)
        if found is not None:
            a.mentions, a.quotes = found.mentions, found.quotes


# Articles a job holds (spaCy's batches, and the memory for their documents).
CHUNK = 256
R = TypeVar("R")
# What cleaning sets on an article: a worker sends these back, not the raw text.
_CLEANED = (
    "clean_text", "removed", "title", "url", "outlet", "outlet_from", "date", "byline", "dateline", "wire", "language"
)  # fmt: skip


def _each(
    stage: Any, fn: Callable[[Any, Any], list[R]], items: Sequence[Any], shared: Any = None, step: str = ""
) -> Iterator[R]:
    """``fn``'s result for each of ``items``, in order: ``fn`` maps a chunk of ``CHUNK``
    items to their results, and the chunks go through the stage's mapper (its own, or
    a ``LocalMapper`` of ``config.workers``); the stage's ``progress`` hears of each
    chunk done (``step``: what the pass does)."""
    mapper = stage.mapper or LocalMapper(stage.config.workers)
    total, done_items = len(items), 0
    if stage.progress is not None:
        stage.progress(step, 0, total)
    for done in mapper(fn, chunks(items, CHUNK), shared, total):
        done_items += len(done)
        if stage.progress is not None:
            stage.progress(step, done_items, total)
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
    from ..extract.merge import merge_entities, merge_quotes

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
    extractions: dict[str, Extraction] | None = None,
    on_progress: Progress | None = None,
) -> Batch:
    """Run ``stages`` in order over ``articles`` in this process (``extractions``: the
    earlier ones, reused for texts that did not change; ``on_progress(step, done,
    total)``: how far each stage's per-article work is, the step named "stage: pass")."""
    batch = Batch(sorted(articles, key=lambda a: a.id), extractions=dict(extractions or {}))
    for stage in stages:
        if on_stage:
            on_stage(stage.name)
        if on_progress is not None and hasattr(stage, "progress"):
            stage.progress = functools.partial(_told, on_progress, stage.name)
        batch = stage.run(batch)
    return batch


def _told(on_progress: Progress, stage: str, step: str, done: int, total: int) -> None:
    on_progress(f"{stage}: {step}" if step else stage, done, total)
