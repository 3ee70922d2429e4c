"""Who said what: ``quotes`` and ``entities``."""

from __future__ import annotations

import click

from .. import api
from ..errors import StorylineError
from .console import db_option, fail, language_option
from .listing import Column, chosen_format, emit, listing_options, wanted


@click.command("quotes")
@db_option
@click.option("--speaker", help="Only quotes by this speaker (any part or variant of the name).")
@click.option("--story", help="Only quotes from the articles of this story id.")
@click.option("--article", help="Only quotes from this article id.")
@language_option("Quotes from articles")
@listing_options("quotes", default_limit=100)
def quotes_cmd(
    db: str,
    speaker: str | None,
    story: str | None,
    article: str | None,
    language: str | None,
    limit: int,
    show_all: bool,
    fmt: str | None,
    as_json: bool,
) -> None:
    """List who said what, oldest first: each statement once, with the articles that
    carry it (copies, respellings and trims of one quote are merged).

    \b
    Example:
      storyline quotes --db news.db --speaker Lavrov
      storyline quotes --db news.db --story s1a2b3c4d5e6 --format jsonl > quotes.jsonl
    """
    try:
        found = api.list_quotes(db, speaker, story, article, wanted(limit, show_all), language)
    except StorylineError as e:
        fail(e)
    what = "quotes" + (" by that speaker" if speaker else "")
    emit([q.to_dict() for q in found], QUOTE_COLUMNS, chosen_format(fmt, as_json), None if show_all else limit, what)


QUOTE_COLUMNS = (
    Column("date", lambda q: q["first_date"]),
    Column("speaker", lambda q: q["speaker"] or "?", text=True),
    Column("quote", lambda q: q["text"], text=True, share=3),
    Column("kind", lambda q: q["kind"]),
    Column("in", lambda q: len(q["articles"])),
)


@click.command("entities")
@db_option
@click.option("--type", "kind", type=click.Choice(api.ENTITY_TYPES), help="Only people, places or organisations.")
@language_option("Entities named in articles")
@listing_options("entities", default_limit=50)
def entities_cmd(
    db: str, kind: str | None, language: str | None, limit: int, show_all: bool, fmt: str | None, as_json: bool
) -> None:
    """List the people, places and organisations of the database, the most mentioned
    first, with the name variants merged into each and the roles seen.

    \b
    Example:
      storyline entities --db news.db --type person
    """
    try:
        found = api.list_entities(db, kind, wanted(limit, show_all), language)
    except StorylineError as e:
        fail(e)
    emit(
        [e.to_dict() for e in found],
        ENTITY_COLUMNS,
        chosen_format(fmt, as_json),
        None if show_all else limit,
        "entities",
    )


ENTITY_COLUMNS = (
    Column("name", lambda e: e["name"], text=True),
    Column("type", lambda e: e["type"]),
    Column("articles", lambda e: len(e["articles"])),
    Column("stories", lambda e: len(e["stories"])),
    Column("variants", lambda e: [v for v in e["variants"] if v != e["name"]], text=True),
    Column("roles", lambda e: e["roles"], text=True),
)
