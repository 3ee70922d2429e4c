"""How every listing command (``stories``, ``quotes``, ``entities``) prints: for people a
table sized to the terminal, for programs TSV (the default when stdout is a pipe or a
file), JSON lines or one JSON document; at most ``--limit`` records (each command's
default) unless ``--all``, and a note on stderr when more were left out."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click
from rich.markup import escape
from rich.table import Table

from .console import err, out

FORMATS = ("table", "tsv", "json", "jsonl")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a listing: its header, how to read it from a record, and whether it
    holds running text (wrapped at word boundaries, given the room left) or a short
    value (an id, a date, a count: never wrapped)."""

    name: str
    value: Callable[[dict[str, Any]], Any]
    text: bool = False
    share: int = 1  # a text column's share of the room the short ones leave


def listing_options(what: str, default_limit: int) -> Callable[[F], F]:
    """``--limit``, ``--all``, ``--format`` (and ``--json``, the same as ``--format jsonl``)."""

    def decorate(f: F) -> F:
        f = click.option("--json", "as_json", is_flag=True, help="The same as --format jsonl.")(f)
        f = click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default=None,
            help="table (the default on a terminal), tsv (the default when piped), jsonl (one JSON object "
            "a line, every field) or json (one JSON document).",
        )(f)
        f = click.option("--all", "show_all", is_flag=True, help=f"Every {what}, no limit.")(f)
        return click.option(
            "--limit",
            type=click.IntRange(min=1),
            default=default_limit,
            show_default=True,
            help=f"At most this many {what}.",
        )(f)

    return decorate


def chosen_format(fmt: str | None, as_json: bool) -> str:
    """The format asked for, else jsonl for ``--json``, else table on a terminal and TSV
    in a pipe or a file."""
    if fmt is not None:
        return fmt
    if as_json:
        return "jsonl"
    return "table" if out.is_terminal else "tsv"


def wanted(limit: int, show_all: bool) -> int | None:
    """How many records to ask the API for: one more than the limit (to tell whether any
    were left out), or every one."""
    return None if show_all else limit + 1


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def emit(records: Sequence[dict[str, Any]], columns: Sequence[Column], fmt: str, limit: int | None, what: str) -> None:
    """Print ``records`` (as many as were fetched: ``limit`` + 1 says some were left out)."""
    more = limit is not None and len(records) > limit
    records = records[:limit] if more else records
    if fmt == "jsonl":
        for r in records:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "json":
        click.echo(json.dumps(list(records), ensure_ascii=False, indent=2))
    elif fmt == "tsv":
        click.echo("\t".join(c.name for c in columns))
        for r in records:
            click.echo("\t".join(" ".join(_cell(c.value(r)).split()) for c in columns))
    else:
        if not records:
            err.print(f"no {what}")
        else:
            table = Table(expand=True)
            for c in columns:
                if c.text:
                    table.add_column(c.name, overflow="fold", ratio=c.share, min_width=_shortest_room(records, c))
                else:
                    table.add_column(c.name, no_wrap=True)
            for r in records:
                table.add_row(*(escape(_cell(c.value(r))) for c in columns))
            out.print(table)
    note_more(more, limit, what)
    sys.stdout.flush()


def note_more(more: bool, limit: int | None, what: str) -> None:
    """Say on stderr that records were left out, and how to see them."""
    if more:
        err.print(f"showing the first {limit} {what}; --limit N for more, --all for every one")


# A text column never gets narrower than this, nor than the longest word among its first
# records up to this (a column narrower than its words breaks them mid-word).
MIN_TEXT_WIDTH = 16


def _shortest_room(records: Sequence[dict[str, Any]], column: Column) -> int:
    longest = max((len(w) for r in records[:50] for w in _cell(column.value(r)).split()), default=0)
    return max(MIN_TEXT_WIDTH, min(longest, 24))
