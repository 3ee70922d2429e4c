"""``storyline dedup``: reprint groups of a corpus, written as JSON lines, no database."""

from __future__ import annotations

import click
from rich.markup import escape

from .. import api
from ..config import Config, ReaderConfig, ReprintConfig
from ..errors import StorylineError
from .console import (
    engine_options,
    err,
    fail,
    follow_links_option,
    input_format_option,
    out,
    print_skipped,
    progress_bar,
    ticker,
)


@click.command("dedup")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help='JSON lines file to write: {"id", "reprint_group", "representative"} per article.',
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Containment of the shorter copy in the longer one that makes a reprint (default 0.5; measured on "
    "a sample of each text's shingles, held to this less 0.05, the sample's standard error).",
)
@click.option(
    "--write-deduplicated",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write the representative article of each group (JSON lines).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes that shingle and sign in parallel (results are identical).",
)
@input_format_option
@follow_links_option
@engine_options("Run")
@click.option(
    "--index",
    type=click.Path(file_okay=False),
    default=None,
    help="Signature index folder (Parquet): match against earlier runs' articles and add these (either engine).",
)
def dedup_cmd(
    paths: tuple[str, ...],
    output: str,
    threshold: float | None,
    write_deduplicated: str | None,
    workers: int,
    fmt: str | None,
    follow_links: bool,
    engine: str,
    spark_master: str | None,
    index: str | None,
) -> None:
    """Group the articles of PATHS into reprint groups without a database, for corpus
    builders: one JSON line per article names its group and the group's representative
    (the most complete copy).

    Site furniture is dropped as shingles that recur across one outlet's articles, so
    no cleaning pass is needed; the input is read once, in batches.

    With --index, a daily crawl is matched against every earlier run's articles without
    recomputing them: the output has a line per new article and per earlier article
    whose group changed, and groups keep the ids they had.

    \b
    Example:
      storyline dedup crawl.jsonl -o groups.jsonl --write-deduplicated unique.jsonl
      storyline dedup today.jsonl -o today-groups.jsonl --index archive-index/
      storyline dedup today.jsonl -o today-groups.jsonl --index archive-index/ --engine spark
    """
    reprints = ReprintConfig() if threshold is None else ReprintConfig(min_containment=threshold)
    config = Config(reader=ReaderConfig(format=fmt, follow_links=follow_links), reprints=reprints)
    if engine == "spark":
        try:
            err.print("running on Spark ...")
            report = api.dedup(
                paths,
                output,
                config,
                engine="spark",
                spark_master=spark_master,
                write_deduplicated=write_deduplicated,
                index=index,
            )
        except StorylineError as e:
            fail(e)
        err.print(
            f"ran on Spark {report.spark_master}; phases: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
        )
    else:
        progress = progress_bar()
        try:
            with progress:
                task = progress.add_task("reading and signing", total=None)
                report = api.dedup(
                    paths,
                    output,
                    config,
                    write_deduplicated=write_deduplicated,
                    workers=workers,
                    on_item=ticker(progress, task),
                    index=index,
                )
        except StorylineError as e:
            fail(e)
    out.print(
        f"{report.articles} article(s) in {report.groups} reprint group(s) ({report.groups_with_copies} with "
        f"copies; {report.duplicates} duplicate(s)); wrote {escape(output)}"
    )
    if index is not None:
        out.print(
            f"index {escape(index)}: matched against {report.indexed} earlier article(s); "
            f"{report.already_indexed} already indexed (skipped); {report.regrouped} earlier article(s) regrouped"
        )
    print_skipped(report.errors)
