"""``storyline ingest --engine spark``: the ingest pipeline with its per-article stage
on Apache Spark.

The stages are the local runner's (``pipeline.default_stages``), so the database that
comes out is the local one.  What moves to Spark is extraction (quotes, speakers,
people, places and organisations): it costs about 25 ms an article on one core, some
ten times the rest of the pipeline together, and each article is extracted on its own.
The articles whose cleaned text changed are cut into the local stage's chunks
(``EXTRACT_BATCH``); each Spark task runs ``extract_texts`` on its chunk (a Python
worker loads spaCy once and keeps it for its next tasks) and the results come back in
chunk order, to be kept exactly as the local stage keeps them.

Reading is the other per-article cost (trafilatura on every HTML page and WARC
record): ``spark_reader`` reads one file a Spark task, through the local readers, and
hands the articles and errors back in the local runner's order.

The corpus-wide stages (learning site furniture, reprint grouping, story clustering)
still run on the driver; ``docs/scaling.md`` says how each would be distributed and
what ``storyline dedup --engine spark`` already distributes of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import ReaderConfig
from ..errors import InputError
from ..io.readers import ReadReport, _walk, read_path
from ..model import Article
from ..pipeline import ExtractStage, Stage, _extract_job
from .spark import session

Reader = Callable[[Iterable[str], ReaderConfig, ReadReport], Iterator[Article | InputError]]


@dataclass(slots=True)
class SparkExtractStage(ExtractStage):
    """The extraction stage, its chunks extracted by Spark tasks."""

    master: str | None = None

    def extract(self, jobs: list[tuple[list[str], str]]) -> Iterator[list[Any]]:
        if not jobs:
            return
        sc = session(self.master, app="storyline ingest").sparkContext
        rdd = sc.parallelize(jobs, min(len(jobs), max(1, sc.defaultParallelism) * 4))
        # collect keeps the partitions' order, and parallelize the jobs' order
        yield from rdd.map(_extract_job).collect()


def spark_stages(stages: Sequence[Stage], master: str | None = None) -> list[Stage]:
    """``stages`` with each extraction stage replaced by its Spark version."""
    return [
        SparkExtractStage(s.config, master=master) if type(s) is ExtractStage else s  # type: ignore[attr-defined]
        for s in stages
    ]


def _read_file(job: tuple[str, str, ReaderConfig]) -> tuple[list[Article | InputError], ReadReport]:
    """One file's articles and errors, and what its reading reported (a Spark task)."""
    path, rel_id, config = job
    report = ReadReport()
    return list(read_path(Path(path), rel_id, config, report)), report


def spark_reader(master: str | None = None) -> Reader:
    """A reader like ``io.readers.read_inputs`` whose files are read by Spark tasks,
    one a task; the items come back in the local order, missing paths in their place."""

    def read(paths: Iterable[str], config: ReaderConfig, report: ReadReport) -> Iterator[Article | InputError]:
        order: list[tuple[str, str] | InputError] = []  # files and missing paths, in order

        def note(path: Path, rel_id: str, cfg: ReaderConfig, rep: ReadReport) -> Iterator[Any]:
            order.append((str(path), rel_id))
            return iter(())

        for missing in _walk(paths, config, ReadReport(), note):  # note() lists the files as met
            order.append(missing)
        jobs = [(f[0], f[1], config) for f in order if not isinstance(f, InputError)]
        results: Iterator[tuple[list[Article | InputError], ReadReport]] = iter(())
        if jobs:
            sc = session(master, app="storyline ingest").sparkContext
            rdd = sc.parallelize(jobs, min(len(jobs), max(1, sc.defaultParallelism) * 4))
            results = iter(rdd.map(_read_file).collect())
        for entry in order:
            if isinstance(entry, InputError):
                yield entry
                continue
            items, part = next(results)
            report.ignored.extend(part.ignored)
            report.files += part.files
            for kind, n in part.archive_counts.items():
                report.archive_counts[kind] = report.archive_counts.get(kind, 0) + n
            yield from items

    return read
