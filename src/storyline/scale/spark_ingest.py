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

The corpus-wide stages (learning site furniture, reprint grouping, story clustering)
still run on the driver; ``docs/scaling.md`` says how each would be distributed and
what ``storyline dedup --engine spark`` already distributes of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..pipeline import ExtractStage, Stage, _extract_job
from .spark import session


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
