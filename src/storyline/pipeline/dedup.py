"""``storyline dedup``: corpus-scale reprint grouping without a database, the embedded
engine's runner (``reprints/dedup.py`` does the grouping; ``spark/dedup.py`` is the
Spark engine, which writes the same file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Config
from ..errors import InputError
from ..io.readers import ReadReport, read_inputs, read_texts
from ..io.records import FirstIds
from ..io.writers import write_records
from ..model import Article
from ..reprints.dedup import VERIFY_SAMPLE, find_duplicates
from ..store.signature_index import load_index, save_index
from ..text.outlets import outlet_key
from .executors import LocalMapper


@dataclass(slots=True)
class DedupReport:
    """What ``dedup`` did: counts, skipped inputs, and the groups."""

    articles: int = 0
    groups: int = 0
    groups_with_copies: int = 0
    duplicates: int = 0
    errors: list[InputError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per phase (the Spark engine)
    spark_master: str | None = None  # the master the Spark engine ran on
    # with a signature index (--index): articles it held before this run, articles of
    # this run it already held (skipped), and earlier articles whose group changed
    indexed: int = 0
    already_indexed: int = 0
    regrouped: int = 0


def dedup(
    paths: Iterable[str | Path],
    output: str | Path,
    config: Config | None = None,
    *,
    write_deduplicated: str | Path | None = None,
    workers: int = 1,
    on_item: Callable[[], None] | None = None,
    index: str | Path | None = None,
) -> DedupReport:
    """Group the articles of ``paths`` into reprint groups and write one JSON line per
    article, ``{"id", "reprint_group", "representative"}``, to ``output``; no database.

    ``write_deduplicated`` also writes the representatives' records (one per group).
    ``workers`` > 1 shingles and signs batches in that many processes (same result).
    ``index`` (a folder) keeps every article's signature as Parquet: each run matches
    its articles against the earlier runs' too, writes lines for its own articles and
    for earlier ones whose group changed, and adds its articles to the index.  Groups
    with earlier members keep their ids; articles already indexed are skipped.
    """
    config = config or Config()
    report = DedupReport()
    read_report = ReadReport()
    paths = [str(p) for p in paths]
    prior = load_index(index, config.reprints, VERIFY_SAMPLE) if index is not None else None
    known = set(prior.ids) if prior is not None else set()

    def records() -> Iterator[tuple[str, str, str | None]]:
        first_ids = FirstIds()
        for item in read_texts(paths, config.reader, read_report):
            if on_item:
                on_item()
            if isinstance(item, InputError):
                report.errors.append(item)
                continue
            rid, text, outlet, url, location = item
            if (repeated := first_ids.check(rid, location)) is not None:
                report.errors.append(repeated)
                continue
            if rid in known:
                report.already_indexed += 1
                continue
            yield rid, text, outlet_key(outlet, url)

    mapper = LocalMapper(workers) if workers > 1 else None
    result = find_duplicates(records(), config.reprints, mapper=mapper, prior=prior, keep_index=index is not None)
    report.ignored = read_report.ignored
    start = len(prior.ids) if prior is not None else 0
    report.indexed = start
    labels = result.labels
    sizes = np.bincount(labels) if len(labels) else np.empty(0, dtype=np.int64)
    mine = np.unique(labels[start:])  # the groups of this run's articles
    report.articles = len(labels) - start
    report.groups, report.groups_with_copies = int(len(mine)), int((sizes[mine] > 1).sum())
    report.duplicates = int((result.representative[labels[start:]] != np.arange(start, len(labels))).sum())
    rows = result.rows()
    if prior is not None:  # this run's articles, and earlier ones whose group changed
        old = prior.groups
        rows = (r for i, r in enumerate(rows) if i >= start or r["reprint_group"] != old[i])
    written = write_records(rows, output, "jsonl")
    report.regrouped = written - report.articles
    if write_deduplicated:
        wanted = {result.ids[r] for r in result.representative[mine].tolist() if r >= start}
        write_representatives(paths, wanted, write_deduplicated, config)
    if index is not None and result.index is not None and (report.articles or prior is None):
        save_index(index, result.index, start, config.reprints, VERIFY_SAMPLE)
    return report


def write_representatives(paths: Iterable[str], wanted: set[str], output: str | Path, config: Config) -> int:
    """Write the input records whose ids are in ``wanted`` (each once, the first read) to
    ``output`` as JSON lines: a second pass over the input, so texts are never all held
    at once.  ``dedup --write-deduplicated`` on either engine."""
    wanted = set(wanted)

    def representatives() -> Iterator[dict[str, Any]]:
        for item in read_inputs(paths, config.reader):
            if isinstance(item, Article) and item.id in wanted:
                wanted.discard(item.id)
                yield {"id": item.id, "text": item.text, **{k: v for k, v in item.given_fields().items() if v}}

    return write_records(representatives(), output, "jsonl")
