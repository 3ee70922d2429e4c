"""``storyline ingest --engine spark``: the ingest pipeline with its per-article work
on Apache Spark.

The stages are the local runner's (``pipeline.stages.default_stages``), so the database that
comes out is the local one.  Every stage that does the same thing to each article hands
its chunks of articles to a mapper (``pipeline/executors.py``); here the mapper is
:class:`SparkMapper`, which runs each chunk as a Spark task with what the chunks share
(a learned furniture model, settings) broadcast once, and hands the results back in
chunk order, to be kept exactly as the local stage keeps them.  What runs in Spark
tasks:

* reading: one file a task (a large JSON-lines file one 32 MB part a task), through
  the local readers (trafilatura on every HTML page and WARC record), the articles and
  errors handed back in the local order, a wave of tasks at a time (``spark_reader``);
* cleaning: ``clean_article`` on every article with the learned furniture broadcast,
  and, once reprint groups are known, the re-cleaning of articles whose lines changed
  status;
* stories: every article's word and name counts (``article_keys``: tokenising and
  finding names, most of the story stage's time);
* extraction (quotes, speakers, people, places and organisations): ``extract_texts``
  a chunk a task; a Python worker loads spaCy once and keeps it for its next tasks.

What stays on the driver reads the corpus as a whole, over compact per-article
results: counting furniture lines, the LSH, verification and components of reprint
grouping, and the story clustering over group vectors.  ``docs/scaling.md`` says how
each would be distributed and what ``storyline dedup --engine spark`` already
distributes of them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..config import ReaderConfig
from ..errors import InputError
from ..io.readers import ReadReport, format_of, input_files, jsonl_parts, read_path
from ..model import Article
from ..pipeline.stages import Stage
from .session import session

Reader = Callable[[Iterable[str], ReaderConfig, ReadReport], Iterator[Article | InputError]]
R = TypeVar("R")


def _task(fn: Callable[[Any, Any], R], shared: Any, job: Any) -> R:
    return fn(job, shared.value if shared is not None else None)


# Jobs a Spark job carries per core: the mapper sends the jobs in waves of this many a
# core, so the driver and the JVM hold one wave's articles and results at a time, not
# the corpus twice over; the tail of each wave (its last tasks) is the price.
WAVE_JOBS_PER_CORE = 32


@dataclass(frozen=True, slots=True)
class SparkMapper:
    """A mapper (``parallel.Mapper``) whose jobs are Spark tasks, ``shared`` broadcast
    once and the jobs sent in waves (``WAVE_JOBS_PER_CORE``)."""

    master: str | None = None

    def __call__(
        self, fn: Callable[[Any, Any], R], jobs: Sequence[Any], shared: Any = None, items: int = 0
    ) -> Iterator[R]:
        if not jobs:
            return
        sc = session(self.master, app="storyline ingest").sparkContext
        cores = max(1, sc.defaultParallelism)
        wave = cores * WAVE_JOBS_PER_CORE
        broadcast = sc.broadcast(shared) if shared is not None else None
        task = functools.partial(_task, fn, broadcast)
        done = False
        try:
            for start in range(0, len(jobs), wave):
                yield from self.wave(task, jobs[start : start + wave])
            done = True
        finally:
            if broadcast is not None:
                try:
                    broadcast.unpersist()
                except Exception:
                    # a failed job may have stopped the context: its error is the one to see
                    if done:
                        raise

    def wave(self, fn: Callable[[Any], R], jobs: Sequence[Any]) -> list[R]:
        """``fn`` of each of ``jobs`` as one Spark job, the results in the jobs' order."""
        part = list(jobs)
        with releasing_proxies():
            sc = session(self.master, app="storyline ingest").sparkContext
            # collect keeps the partitions' order, and parallelize the jobs' order
            return sc.parallelize(part, min(len(part), max(1, sc.defaultParallelism) * 4)).map(fn).collect()


@contextlib.contextmanager
def releasing_proxies() -> Iterator[None]:
    """Free the JVM objects of the Spark jobs run inside, when they end.

    py4j's proxies of JVM objects are reference cycles (a proxy caches its methods, and
    each method points back at it), so the JVM holds a job's RDD, with the articles
    parallelized into it, until Python's cyclic garbage collector frees the proxies.
    With a million articles on the driver, the collector's oldest generation runs
    rarely: Spark local[2] filled its 4 GB heap in refinement, one wave's articles
    kept after another (java.lang.OutOfMemoryError).  So a collection runs when the job
    ends, with what the driver held before it frozen out (``gc.freeze``): it looks at
    the job's own objects.  (The collector then counts only those as its oldest
    generation, so it soon runs a full collection of its own: about one pass over the
    driver's objects a wave.  Freezing for a whole pass would save that.)"""
    gc.freeze()
    try:
        yield
    finally:
        gc.collect()
        gc.unfreeze()


def spark_stages(stages: Sequence[Stage], master: str | None = None) -> list[Stage]:
    """``stages`` with their per-article work on Spark."""
    mapper = SparkMapper(master)
    return [dataclasses.replace(s, mapper=mapper) if hasattr(s, "mapper") else s for s in stages]  # type: ignore[type-var]


# A JSON-lines file larger than this is read as parts of this size, a Spark task each.
SPLIT_BYTES = 32 << 20
# Bytes of input a reading wave holds (so one wave's articles come back to the driver
# at a time: Spark caps what one job may collect, spark.driver.maxResultSize).
WAVE_BYTES = 256 << 20

ReadJob = tuple[str, str, ReaderConfig, tuple[int, int, int] | None]


def _read_file(job: ReadJob) -> tuple[list[Article | InputError], ReadReport]:
    """One file's (or one part of a JSON-lines file's) articles and errors, and what its
    reading reported (a Spark task)."""
    path, rel_id, config, part = job
    report = ReadReport()
    items = [x.pack() if isinstance(x, Article) else x for x in read_path(Path(path), rel_id, config, report, part)]
    return items, report  # the texts packed here, as the driver will hold them


def _jobs(path: Path, rel_id: str, config: ReaderConfig) -> list[tuple[ReadJob, int]]:
    """The reading jobs of one file, each with its size in bytes: a large uncompressed
    JSON-lines file in parts, any other file whole."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_path reports it
    if size > SPLIT_BYTES and path.suffix.lower() != ".gz" and format_of(path, config.format) == "jsonl":
        return [((str(path), rel_id, config, p), p[1] - p[0]) for p in jsonl_parts(path, SPLIT_BYTES)]
    return [((str(path), rel_id, config, None), size)]


def _waves(jobs: list[tuple[ReadJob, int]], budget: int) -> Iterator[list[ReadJob]]:
    """Consecutive jobs gathered into waves of about ``budget`` bytes (one job at least)."""
    wave: list[ReadJob] = []
    held = 0
    for job, size in jobs:
        if wave and held + size > budget:
            yield wave
            wave, held = [], 0
        wave.append(job)
        held += size
    if wave:
        yield wave


def spark_reader(master: str | None = None) -> Reader:
    """A reader like ``io.readers.read_inputs`` whose files are read by Spark tasks, one
    file (or one part of a large JSON-lines file) a task, in waves of ``WAVE_BYTES``;
    the items come back in the local order, missing paths in their place."""

    def read(paths: Iterable[str], config: ReaderConfig, report: ReadReport) -> Iterator[Article | InputError]:
        order: list[tuple[ReadJob, int] | InputError] = []  # reading jobs and missing paths, in order
        for entry in input_files(paths, config, ReadReport()):
            order.extend([entry] if isinstance(entry, InputError) else _jobs(*entry, config))
        jobs = [entry for entry in order if not isinstance(entry, InputError)]
        mapper = SparkMapper(master)
        results = (done for wave in _waves(jobs, WAVE_BYTES) for done in mapper.wave(_read_file, wave))
        for entry in order:
            if isinstance(entry, InputError):
                yield entry
                continue
            items, part = next(results)
            report.merge(part)
            yield from items

    return read
