"""The command line: parse, call the Python API, print.  Nothing else lives here."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from . import api
from .cli_dedup import dedup_cmd
from .cli_who import entities_cmd, quotes_cmd, serve_cmd
from .config import Config, ExtractConfig, ReaderConfig
from .console import (
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
from .errors import ConfigError, StorylineError
from .io.writers import WRITE_FORMATS
from .pipeline import ingest
from .text.language import parse_languages


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyline")
def main() -> None:
    """Storyline turns a pile of scraped news articles into reprint groups, stories and
    storylines, stored in an embedded database.

    \b
    Example:
      storyline ingest articles/ --db news.db
      storyline stories --db news.db --groups
    """


@main.command("ingest")
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
    reader = ReaderConfig(format=fmt, encoding=encoding, languages=parse_languages(language), follow_links=follow_links)
    config = Config(reader=reader, extract=extract, workers=workers)
    progress = _progress()
    try:
        with progress:
            reading = progress.add_task("reading", total=None)
            stage = progress.add_task("", total=None, visible=False)

            def on_stage(name: str) -> None:
                progress.update(reading, visible=False)
                progress.update(stage, description=name, visible=True)

            report = ingest(
                paths,
                db,
                config,
                on_item=_ticker(progress, reading),
                on_stage=on_stage,
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


@main.command("stories")
@db_option
@click.option("--limit", type=int, default=None, help="Show at most this many stories.")
@click.option("--groups", "with_groups", is_flag=True, help="List each story's reprint groups and articles.")
@language_option("Stories with articles")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def stories_cmd(db: str, limit: int | None, with_groups: bool, language: str | None, as_json: bool) -> None:
    """List stories, newest first: date, title, outlets and article count.

    \b
    Example:
      storyline stories --db news.db --groups
    """
    try:
        records = [api.show(db, s.id) for s in api.list_stories(db, limit, language)]
    except StorylineError as e:
        _fail(e)
    if as_json:
        for rec in records:
            click.echo(json.dumps(rec, ensure_ascii=False))
        return
    if not records:
        out.print("No stories yet: run `storyline ingest PATH --db FILE` first.")
        return
    if with_groups:
        for rec in records:
            date = rec["first_date"] or _inferred(rec) or "undated"
            out.print(f"\n[bold]{rec['id']}[/bold]  {date}  [bold]{escape(rec['title'] or '(untitled)')}[/bold]")
            out.print(
                f"  {rec['size']} article(s); outlets: {escape(', '.join(rec['outlets']) or '-')}; "
                f"storyline {rec['storyline']}"
            )
            for g in rec["group_records"]:
                out.print(_group_lines(g).lstrip("\n"))
        return
    table = Table()
    for col in ("story", "date", "title", "outlets", "articles"):
        table.add_column(col, overflow="fold")
    for rec in records:
        date = rec["first_date"] or _inferred(rec) or "undated"
        table.add_row(
            rec["id"],
            date,
            escape(rec["title"] or "(untitled)"),
            escape(", ".join(rec["outlets"]) or "-"),
            str(rec["size"]),
        )
    out.print(table)


def _inferred(story: dict[str, Any]) -> str | None:
    dates = [a["date_inferred"] for g in story["group_records"] for a in g["articles"] if a.get("date_inferred")]
    return f"~{min(dates)} (inferred)" if dates else None


def _group_lines(g: dict[str, Any]) -> str:
    head = f"\n  [bold]group {g['id']}[/bold] ({g['size']} cop{'y' if g['size'] == 1 else 'ies'})"
    rows = []
    for a in g["articles"]:
        mark = "*" if a["id"] == g["representative"] else " "
        rows.append(f"\n   {mark} {escape(a['id'])}  {escape(a['outlet'] or '-')}  {a['date'] or ''}")
    return head + "".join(rows)


@main.command("show")
@click.argument("ident")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
def show_cmd(ident: str, db: str, as_json: bool) -> None:
    """Show one article, reprint group, story or storyline by its id.

    \b
    Example:
      storyline show 000_5121eb60957fa2fd.txt --db seeds.db
    """
    try:
        rec = api.show(db, ident)
    except StorylineError as e:
        _fail(e)
    if as_json:
        click.echo(json.dumps(rec, ensure_ascii=False, indent=2))
        return
    kind = rec["kind"]
    if kind == "article":
        for key in (
            "id",
            "title",
            "outlet",
            "date",
            "date_inferred",
            "byline",
            "dateline",
            "wire",
            "url",
            "language",
            "encoding",
            "reprint_group",
            "story",
            "storyline",
        ):
            if rec.get(key):
                guessed = " (guessed from the text)" if key == "outlet" and rec.get("outlet_from") == "text" else ""
                if key == "date_inferred":  # never shown as a date of its own: its days and evidence
                    guessed = f" (inferred, within {rec['date_inferred_range']}: {rec['date_inferred_from']})"
                out.print(f"[bold]{key}:[/bold] {escape(str(rec[key]) + guessed)}")
        out.print()
        out.print(escape(rec["text"]))
        if rec["boilerplate"]:
            out.print("\n[dim]removed:[/dim]")
            for line in rec["boilerplate"]:
                out.print(f"[dim]  - {escape(line)}[/dim]")
    elif kind == "group":
        _print_group(rec)
    elif kind == "story":
        _print_story(rec)
    else:
        out.print(
            f"[bold]storyline {rec['id']}[/bold]: {escape(rec['title'] or '')}  "
            f"{rec['first_date'] or ''}..{rec['last_date'] or ''}"
        )
        for s in rec["story_records"]:
            _print_story(s)


def _print_story(rec: dict[str, Any]) -> None:
    out.print(f"[bold]story {rec['id']}[/bold]: {escape(rec['title'] or '(untitled)')}")
    out.print(
        f"  dates {rec['first_date'] or 'undated'}..{rec['last_date'] or ''}; storyline {rec['storyline']}; "
        f"outlets: {escape(', '.join(rec['outlets']) or '-')}"
    )
    for g in rec["group_records"]:
        out.print(_group_lines(g))
    for link in rec["links"]:
        out.print(
            f"  [dim]{link['member']} joined via {link['target']}: score {link['score']:.3f} "
            f"{escape(json.dumps(link['reasons']))}[/dim]"
        )


def _print_group(rec: dict[str, Any]) -> None:
    out.print(
        f"[bold]reprint group {rec['id']}[/bold]: {rec['size']} copies; representative {escape(rec['representative'])}"
    )
    if rec["size"] > 1:
        out.print(f"likely original: {escape(rec['likely_original'])} ({'; '.join(rec['likely_original_because'])})")
    for a in rec["articles"]:
        out.print(f"  {escape(a['id'])}  {escape(a['outlet'] or '-')}  {a['date'] or ''}  {escape(a['title'] or '')}")
    for p in rec["pairs"]:
        r = p["reasons"]
        out.print(
            f"  [dim]{escape(p['member'])} ~ {escape(p['target'])}: containment {p['score']:.3f}, "
            f"jaccard {r.get('jaccard', 0):.3f}, {r.get('shared_shingles', 0)} shared shingles[/dim]"
        )
    for lin in rec.get("lineage", []):
        _print_lineage(lin)


def _print_lineage(lin: dict[str, Any]) -> None:
    out.print(
        f"\n[bold]{escape(lin['article'])}[/bold] against {escape(lin['representative'])}: "
        f"{lin['same']} paragraph(s) identical"
    )
    for p in lin["lacks"]:
        out.print(f"  [red]- lacks:[/red] {escape(p)}")
    for p in lin["adds"]:
        out.print(f"  [green]+ adds:[/green] {escape(p)}")
    for e in lin["edited"]:
        parts = []
        for op in e["diff"]:
            if op["op"] == "equal":
                parts.append(escape(op["a"]))
            else:
                if op["a"]:
                    parts.append(f"[red strike]{escape(op['a'])}[/red strike]")
                if op["b"]:
                    parts.append(f"[green]{escape(op['b'])}[/green]")
        out.print(f"  [yellow]~ {e['kind']}:[/yellow] {' '.join(parts)}")


@main.command("diff")
@click.argument("group_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the lineage as JSON.")
def diff_cmd(group_id: str, db: str, as_json: bool) -> None:
    """Show what each copy of a reprint group cut, added and edited, against the
    group's representative (the most complete copy).

    \b
    Example:
      storyline diff g5a9487f6469 --db seeds.db
    """
    try:
        lin = [x.to_dict() for x in api.lineage(db, group_id)]
    except StorylineError as e:
        _fail(e)
    if as_json:
        click.echo(json.dumps(lin, ensure_ascii=False, indent=2))
        return
    if not lin:
        out.print(f"group {group_id} has a single copy")
    for x in lin:
        _print_lineage(x)


@main.command("compare")
@click.argument("first")
@click.argument("second")
@click.option(
    "--db",
    default=None,
    type=click.Path(dir_okay=False),
    help="Read FIRST and SECOND as article ids in this database (else as files).",
)
@click.option("--json", "as_json", is_flag=True, help='Print {"score", "same_story", "reasons"} as JSON.')
def compare_cmd(first: str, second: str, db: str | None, as_json: bool) -> None:
    """Score how likely two articles tell the same story, in [0, 1], and say why:
    text similarity, the people and names they share, how many days apart they are,
    and whether their datelines agree.  This is the score story clustering uses.

    \b
    Example:
      storyline compare 000_5121eb60957fa2fd.txt 004_3f426f10fa9980cc.txt --db seeds.db
      storyline compare a.txt b.txt
    """
    try:
        res = api.compare(first, second, db)
    except StorylineError as e:
        _fail(e)
    if as_json:
        click.echo(json.dumps(res, ensure_ascii=False))
        return
    r = res["reasons"]
    verdict = "same story" if res["same_story"] else "different stories"
    out.print(f"[bold]score {res['score']:.3f}[/bold] ({verdict}; threshold {Config().stories.story_threshold})")
    out.print(f"  text similarity {r['text']:.3f}; shared-name similarity {r['entities']:.3f}")
    if r["shared_people"]:
        out.print(f"  shared people: {escape(', '.join(r['shared_people']))}")
    if r["shared_names"]:
        out.print(f"  shared names: {escape(', '.join(r['shared_names']))}")
    dates = ", ".join(
        f"{escape(k)} {v or 'undated'}"
        + (f" (inferred ~{r['dates_inferred'][k]}, not scored)" if k in r["dates_inferred"] else "")
        for k, v in r["dates"].items()
    )
    gap = "unknown" if r["days_apart"] is None else f"{r['days_apart']:g} day(s)"
    out.print(f"  time: {gap} apart ({dates}); time factor {r['time_factor']:.3f}")
    out.print(f"  place: {r['place']}" + (f" ({escape(', '.join(r['places']))})" if r["places"] else ""))


@main.command("export")
@click.argument("kind", type=click.Choice(api.EXPORT_KINDS))
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(WRITE_FORMATS),
    default=None,
    help="Output format (default: the output file's extension, .jsonl/.csv/.parquet; else jsonl).",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write.")
@language_option("Records with articles")
def export_cmd(kind: str, db: str, fmt: str | None, output: str, language: str | None) -> None:
    """Export articles, reprint groups, stories or storylines to a file.

    Articles carry id, outlet, outlet_from (input, url, page or text: a guess), url, title,
    date, byline, dateline, wire, language, encoding, text (the cleaned body),
    boilerplate (removed lines), reprint_group, story and storyline.

    \b
    Example:
      storyline export articles --db news.db --format parquet -o articles.parquet
    """
    suffix = Path(output).suffix.lower().lstrip(".")
    fmt = fmt or {"json": "jsonl", "ndjson": "jsonl"}.get(suffix, suffix if suffix in WRITE_FORMATS else "jsonl")
    try:
        n = api.export(db, kind, output, fmt, language)
    except StorylineError as e:
        _fail(e)
    err.print(f"wrote {n} {kind} record(s) to {escape(output)} ({fmt})")


@main.command("check")
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


@main.command("load")
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


main.add_command(quotes_cmd)
main.add_command(entities_cmd)
main.add_command(serve_cmd)
main.add_command(dedup_cmd)

if __name__ == "__main__":  # pragma: no cover
    main()
