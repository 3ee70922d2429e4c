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
from rich import box
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
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
            for c, width in zip(columns, _widths(out.width, columns, records), strict=True):
                table.add_column(c.name, overflow="fold", width=width, no_wrap=not c.text)
            for r in records:
                table.add_row(*(escape(_cell(c.value(r))) for c in columns))
            out.print(table)
    note_more(more, limit, what)
    sys.stdout.flush()


def note_more(more: bool, limit: int | None, what: str) -> None:
    """Say on stderr that records were left out, and how to see them."""
    if more:
        err.print(f"showing the first {limit} {what}; --limit N for more, --all for every one")


# A text column is never narrower than this while the terminal has room: most words fit.
MIN_TEXT_WIDTH = 12


def _widths(width: int, columns: Sequence[Column], records: Sequence[dict[str, Any]]) -> list[int]:
    """Each column's width in a table ``width`` characters wide: a short column as wide
    as its widest value, the text columns sharing the rest by their ``share`` (each at
    least ``MIN_TEXT_WIDTH`` when the terminal has room for that; a longer word is folded)."""
    short = {c.name: max(len(c.name), *(len(_cell(c.value(r))) for r in records)) for c in columns if not c.text}
    room = width - 3 * (len(columns) - 1) - sum(short.values())  # three characters between columns
    texts = [c for c in columns if c.text]
    shares = sum(c.share for c in texts) or 1
    fair = {c.name: room * c.share // shares for c in texts}
    short_of = sum(max(0, MIN_TEXT_WIDTH - w) for w in fair.values())
    if short_of and room >= MIN_TEXT_WIDTH * len(texts):  # the wide columns give the narrow ones their floor
        widest = max(texts, key=lambda c: fair[c.name])
        fair = {k: max(w, MIN_TEXT_WIDTH) for k, w in fair.items()}
        fair[widest.name] -= short_of
    return [short[c.name] if not c.text else max(1, fair[c.name]) for c in columns]
