"""``ingest``: read inputs into a database (or a dataset folder) and bring its reprint
groups, stories, storylines, quotes and entities up to date.

Cleaning, reprint grouping and story clustering look at the whole corpus (furniture is
learned from repetition, groups and stories join articles), so each ingest runs the
stages (``stages.py``) over every stored article plus the new ones, then *reconciles*
ids (``ids.py``): a group, story or storyline that keeps members of an earlier one keeps
its id, so ids are stable across ingests and a re-ingest of the same input changes
nothing.  Which engine runs the stages is the caller's choice (``api.ingest``): this
module never imports one.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import InputError
from ..io.readers import ReadReport, read_inputs
from ..io.records import FirstIds
from ..model import Article
from ..store import Sink, Store
from ..store.dataset import Dataset
from ..store.lock import writer_lock
from ..store.rows import rows_of
from ..stories.corrections import apply_corrections
from ..text.language import detect_language_raw
from .ids import apply_stable_ids
from .stages import Batch, Stage, StoryStage, attach_extractions, default_stages, merge_knowledge, run_local


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
    on_progress: Callable[[str, int, int], None] | None = None,
    recompute: bool = False,
    output: str | Path | None = None,
    stages: list[Stage] | None = None,
    reader: Callable[..., Iterable[Article | InputError]] = read_inputs,
) -> IngestReport:
    """Read ``paths`` into the database ``db`` and bring its groups and stories up to date.

    Bad inputs are collected in the report's ``errors``; everything else is stored in
    one transaction.  When no article is new or changed, the stages are skipped (their
    result could not change) unless ``recompute`` asks for a run with the current
    settings.  ``on_item`` is called per input item read and ``on_stage`` with
    each stage's name, ``on_progress(step, done, total)`` as a stage's per-article work
    goes (for progress displays).  ``stages`` (``default_stages(config)``
    when None) and ``reader`` (``read_inputs``) are the engine's: ``api.ingest`` gives
    the Spark engine's (``spark/executor.py``) for ``engine="spark"``.
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
    stages = stages if stages is not None else default_stages(config)
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
            batch = run_local(list(old.values()), stages, on_stage, earlier, on_progress)
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


def _finish(store: Sink, batch: Batch, previous: dict[str, Any], run: dict[str, Any], *, with_knowledge: bool) -> None:
    """After clustering: the users' corrections, the earlier ids, the corpus quotes and
    entities (``with_knowledge``), and one transaction that saves it all."""
    apply_corrections(batch.articles, batch.stories, batch.storylines, store.corrections(active_only=True))
    apply_stable_ids(batch.articles, batch.groups, batch.stories, batch.storylines, previous)
    knowledge = None
    if with_knowledge:
        merge_knowledge(batch)
        knowledge = (batch.extractions, batch.entities, batch.quotes)
    store.write(rows_of(batch.articles, batch.groups, batch.stories, batch.storylines, knowledge), run)
