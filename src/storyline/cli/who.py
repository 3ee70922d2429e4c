"""Who said what: ``quotes`` and ``entities``."""

from __future__ import annotations

import json

import click
from rich.markup import escape
from rich.table import Table

from .. import api
from ..errors import StorylineError
from .console import (
    db_option,
    err,
    fail,
    language_option,
    out,
)


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
