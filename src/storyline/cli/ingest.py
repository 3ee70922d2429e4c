"""Getting articles in: ``ingest`` (files into a database or dataset), ``load`` (a
dataset into a database) and ``check`` (the database's integrity)."""

from __future__ import annotations

import sys

import click
from rich.markup import escape

from .. import api
from ..config import Config, ExtractConfig, ReaderConfig
from ..errors import ConfigError, StorylineError
from .console import (
    PlainProgress,
    db_option,
    engine_options,
    err,
    follow_links_option,
    input_format_option,
    language_option,
    out,
    print_ingest_report,
)
from .console import fail as _fail
from .console import progress_bar as _progress
from .console import ticker as _ticker


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@input_format_option
@follow_links_option
@click.option(
    "--encoding",
    default=None,
    help="Force this text encoding for every input file (default: found per file from its byte-order mark, "
    "declared charset, UTF-8, else detected).",
)
@language_option("Keep articles")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any input was skipped.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display (the summary is still printed).")
@click.option("--recompute", is_flag=True, help="Rerun cleaning and grouping even when no article changed.")
@click.option("--no-extract", is_flag=True, help="Skip quotes and entities (no spaCy; faster).")
@click.option(
    "--entities-everywhere",
    is_flag=True,
    help="Run the entity recogniser on every sentence, not only where speech is reported (half the speed).",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 256),
    default=0,
    show_default=True,
    help="Processes for the per-article work of large batches (0: one per core; results are identical).",
)
@engine_options("Run the per-article work (reading, cleaning, story word counts, extraction)")
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False),
    default=None,
    help="Write a dataset of Parquet tables to this folder instead of the database (see `storyline load`).",
)
def ingest_cmd(
    paths: tuple[str, ...],
    db: str,
    fmt: str | None,
    follow_links: bool,
    encoding: str | None,
    language: str | None,
    strict: bool,
    quiet: bool,
    recompute: bool,
    no_extract: bool,
    entities_everywhere: bool,
    workers: int,
    engine: str,
    spark_master: str | None,
    output: str | None,
) -> None:
    """Read articles from PATHS (folders of .txt, .jsonl, .csv, .html files) into the
    database, clean them, and update reprint groups, stories and storylines.

    Re-ingesting the same input changes nothing; new articles join existing groups and
    stories (their ids stay) or start new ones.  Unreadable inputs are reported and
    skipped; the rest of the run goes on.

    The per-article work (cleaning, the word counts of story clustering, extraction)
    runs in --workers processes; with --engine spark, it and reading the files run as
    Spark tasks.  Learning furniture, reprint grouping and story clustering read the
    corpus as a whole and stay in this process (see docs/scaling.md).

    With --output DIR the result goes to a dataset folder of Parquet tables (articles,
    reprint groups, stories, storylines, quotes, entities) instead of --db: later runs
    with the same DIR add to it as they add to a database, `storyline load DIR` puts it
    into a database, and Spark or DuckDB read its tables directly.

    \b
    Example:
      storyline ingest ../shared/seeds --db seeds.db
      storyline ingest crawl.jsonl more.csv --db news.db
      storyline ingest pages/ --db news.db --language en,de
      storyline ingest crawl.jsonl --db news.db --engine spark --spark-master spark://host:7077
      storyline ingest crawl.jsonl --engine spark --output out/
    """
    if output is not None and click.get_current_context().get_parameter_source("db").name != "DEFAULT":
        _fail(ConfigError("give --db (a database) or --output (a dataset folder), not both"))
    extract = ExtractConfig(enabled=not no_extract, recognise="all" if entities_everywhere else "speech")
    reader = ReaderConfig(
        format=fmt, encoding=encoding, languages=api.parse_languages(language), follow_links=follow_links
    )
    config = Config(reader=reader, extract=extract, workers=workers)
    progress = _progress(quiet)
    plain = None if quiet or err.is_terminal else PlainProgress()
    try:
        with progress:
            reading = progress.add_task("reading", total=None)
            stage = progress.add_task("", total=None, visible=False)

            def on_stage(name: str) -> None:
                progress.update(reading, visible=False)
                progress.update(stage, description=name, total=None, completed=0, visible=True)
                if plain is not None:
                    err.print(f"{name} ...", markup=False, highlight=False)

            def on_progress(step: str, done: int, total: int) -> None:
                progress.update(stage, description=step, total=total, completed=done)
                if plain is not None:
                    plain(step, done, total)

            report = api.ingest(
                paths,
                db,
                config,
                on_item=_ticker(progress, reading),
                on_stage=on_stage,
                on_progress=on_progress,
                recompute=recompute,
                engine=engine,
                spark_master=spark_master,
                output=output,
            )
    except StorylineError as e:
        _fail(e)
    print_ingest_report(report, "Database" if output is None else "Dataset")
    if strict and report.errors:
        sys.exit(1)


@click.command("check")
@db_option
@click.option("--repair", is_flag=True, help="Recompute groups, stories and storylines first (as ingest --recompute).")
def check_cmd(db: str, repair: bool) -> None:
    """Check that every article's group, story and storyline exists, group sizes, quotes,
    entities and search agree; exit 1 when something does not.

    \b
    Example:
      storyline check --db news.db
      storyline check --db news.db --repair
    """
    try:
        problems = api.check(db, repair)
    except StorylineError as e:
        _fail(e)
    for what, n in problems:
        err.print(f"[red]{n}[/red] {escape(what)}")
    if problems:
        err.print("run `storyline check --repair` to recompute what is derived from the articles")
        sys.exit(1)
    out.print(f"{escape(db)}: every check passed" + (" (recomputed first)" if repair else ""))


@click.command("load")
@click.argument("dataset", type=click.Path(file_okay=False))
@db_option
def load_cmd(dataset: str, db: str) -> None:
    """Put a dataset folder (written by `storyline ingest ... --output DATASET`, on
    either engine) into the database: its articles are added or updated, its groups,
    stories, storylines, quotes and entities replace the database's, and the database's
    own corrections (splits and merges) are applied again.  Loading the same dataset
    twice changes nothing.

    \b
    Example:
      storyline ingest crawl.jsonl --engine spark --output out/
      storyline load out/ --db news.db && storyline serve --db news.db
    """
    try:
        n = api.load_dataset(dataset, db)
    except StorylineError as e:
        _fail(e)
    out.print(
        f"Loaded {escape(dataset)}: {n['inserted']} article(s) added, {n['changed']} updated, "
        f"{n['unchanged']} unchanged."
    )
    out.print(
        f"Database holds {n['articles']} article(s) in {n['reprint_groups']} reprint group(s), "
        f"{n['stories']} stories, {n['storylines']} storyline(s), {n['quotes']} quote(s), {n['entities']} entities."
    )
