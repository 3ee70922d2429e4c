"""``storyline export``: a table of the database as JSON lines, CSV or Parquet."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from .. import api
from ..errors import ConfigError, StorylineError
from .console import (
    db_option,
    err,
    language_option,
)
from .console import fail as _fail


@click.command("export")
@click.argument("kind", type=click.Choice(api.EXPORT_KINDS))
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(api.WRITE_FORMATS),
    default=None,
    help="Output format (default: the output file's extension, .jsonl/.csv/.parquet; else jsonl).",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write.")
@language_option("Records with articles")
def export_cmd(kind: str, db: str, fmt: str | None, output: str, language: str | None) -> None:
    """Export a table to a file: articles, reprints (groups with their copies), stories,
    storylines, quotes or entities.

    Articles carry id, outlet, outlet_from (input, url, page or text: a guess), url, title,
    date, byline, dateline, wire, language, encoding, text (the cleaned body),
    boilerplate (removed lines), reprint_group, story and storyline.

    \b
    Example:
      storyline export articles --db news.db --format parquet -o articles.parquet
    """
    suffix = Path(output).suffix.lower().lstrip(".")
    by_suffix = {"json": "jsonl", "ndjson": "jsonl"}.get(suffix, suffix if suffix in api.WRITE_FORMATS else None)
    if fmt is not None and by_suffix is not None and fmt != by_suffix:
        _fail(ConfigError(f"--format {fmt} would write {fmt} into {output}, a .{suffix} file; drop one of them"))
    fmt = fmt or by_suffix or "jsonl"
    try:
        n = api.export(db, kind, output, fmt, language)
    except StorylineError as e:
        _fail(e)
    noun = {"reprints": "reprint group", "stories": "story", "entities": "entity"}.get(kind, kind.rstrip("s"))
    plural = {"story": "stories", "entity": "entities"}.get(noun, noun + "s")
    err.print(f"wrote {n} {noun if n == 1 else plural} to {escape(output)} ({fmt})")
