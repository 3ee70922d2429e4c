"""The command line, one module per role: ``ingest`` (ingest, load, check), ``dedup``,
``read`` (stories, show, diff, compare), ``who`` (quotes, entities), ``export`` and
``serve``; ``console`` holds what they share (options, progress, messages).  Each parses,
calls the Python API (``storyline.api``) and prints: nothing else lives here."""

from __future__ import annotations

import click

from .dedup import dedup_cmd
from .export import export_cmd
from .ingest import check_cmd, ingest_cmd, load_cmd
from .read import compare_cmd, diff_cmd, show_cmd, stories_cmd
from .serve import serve_cmd
from .who import entities_cmd, quotes_cmd


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


for command in (
    ingest_cmd,
    stories_cmd,
    show_cmd,
    diff_cmd,
    compare_cmd,
    export_cmd,
    check_cmd,
    load_cmd,
    quotes_cmd,
    entities_cmd,
    serve_cmd,
    dedup_cmd,
):
    main.add_command(command)

if __name__ == "__main__":  # pragma: no cover
    main()
