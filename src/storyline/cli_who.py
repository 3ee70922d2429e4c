"""The CLI's who-said-what commands: ``storyline quotes`` and ``storyline entities``."""

from __future__ import annotations

import json

import click
from rich.markup import escape
from rich.table import Table

from . import api
from .console import db_option, err, fail, language_option, out
from .errors import StorylineError


@click.command("quotes")
@db_option
@click.option("--speaker", help="Only quotes by this speaker (any part or variant of the name).")
@click.option("--story", help="Only quotes from the articles of this story id.")
@click.option("--article", help="Only quotes from this article id.")
@click.option("--limit", type=int, default=None, help="Show at most this many quotes.")
@language_option("Quotes from articles")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def quotes_cmd(
    db: str,
    speaker: str | None,
    story: str | None,
    article: str | None,
    limit: int | None,
    language: str | None,
    as_json: bool,
) -> None:
    """List who said what, oldest first: each statement once, with the articles that
    carry it (copies, respellings and trims of one quote are merged).

    \b
    Example:
      storyline quotes --db news.db --speaker Lavrov
      storyline quotes --db news.db --story s1a2b3c4d5e6 --json
    """
    try:
        found = api.list_quotes(db, speaker, story, article, limit, language)
    except StorylineError as e:
        fail(e)
    if as_json:
        for q in found:
            out.print(json.dumps(q.to_dict(), ensure_ascii=False), markup=False, highlight=False)
        return
    if not found:
        err.print("no quotes" + (" by that speaker" if speaker else ""))
        return
    table = Table(show_lines=False, expand=True)
    for col, style in (("date", "dim"), ("speaker", "bold"), ("quote", None), ("kind", "dim"), ("in", "dim")):
        table.add_column(col, style=style, overflow="fold", ratio=4 if col == "quote" else None)
    for q in found:
        table.add_row(q.first_date or "", escape(q.speaker or "?"), escape(q.text), q.kind, str(len(q.articles)))
    out.print(table)


@click.command("entities")
@db_option
@click.option("--type", "kind", type=click.Choice(api.ENTITY_TYPES), help="Only people, places or organisations.")
@click.option("--limit", type=int, default=50, show_default=True, help="Show at most this many entities.")
@language_option("Entities named in articles")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def entities_cmd(db: str, kind: str | None, limit: int | None, language: str | None, as_json: bool) -> None:
    """List the people, places and organisations of the database, the most mentioned
    first, with the name variants merged into each and the roles seen.

    \b
    Example:
      storyline entities --db news.db --type person
    """
    try:
        found = api.list_entities(db, kind, limit, language)
    except StorylineError as e:
        fail(e)
    if as_json:
        for e in found:
            out.print(json.dumps(e.to_dict(), ensure_ascii=False), markup=False, highlight=False)
        return
    table = Table(expand=True)
    for col in ("name", "type", "articles", "stories", "variants", "roles"):
        table.add_column(col, overflow="fold")
    for e in found:
        table.add_row(
            escape(e.name),
            e.type,
            str(len(e.articles)),
            str(len(e.stories)),
            escape(", ".join(v for v in e.variants if v != e.name)),
            escape(", ".join(e.roles)),
        )
    out.print(table)


@click.command("serve")
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (localhost only by default)."
)
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--allow-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Answer to this host name too (repeatable; localhost names always): requests naming others are refused.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes (more serve more readers at once; each holds its own caches).",
)
def serve_cmd(db: str, host: str, port: int, allowed_hosts: tuple[str, ...], workers: int) -> None:
    """Browse the database in a web browser: stories with a timeline, reprint groups side
    by side, articles, people and their quotes, search, and split/merge corrections.
    The same data is JSON under /api/ (documented at /docs).

    \b
    Example:
      storyline serve --db news.db          # then open http://127.0.0.1:8000
    """
    from .web.app import serve

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            f"[yellow]warning[/yellow]: listening on {escape(host)}, not only this machine: anyone who can reach "
            "it can read the database and make corrections (there is no login)"
        )
    try:
        from .web.app import create_app

        create_app(db)  # a missing database is said before "serving"
        err.print(f"serving {escape(db)} on http://{host}:{port} (Ctrl-C to stop)")
        serve(db, host, port, allowed_hosts, workers)
    except StorylineError as e:
        fail(e)
