"""What the CLI's commands share: consoles and progress displays (rich), the ``--db``
option, and how an error ends a command."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .errors import InputError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def progress_bar() -> Progress:
    """A progress display on stderr, silent when stderr is not a terminal."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    )


def ticker(progress: Progress, task: Any, every: int = 500) -> Callable[[], None]:
    """A per-item callback that advances ``task`` every ``every`` items (a progress
    update per item would cost more than reading the item)."""
    count = 0

    def tick() -> None:
        nonlocal count
        count += 1
        if count == every:
            progress.advance(task, count)
            count = 0

    return tick


F = TypeVar("F", bound=Callable[..., Any])


def db_option(f: F) -> F:
    """The shared ``--db`` option."""
    return click.option(
        "--db",
        default="storyline.db",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="The Storyline database (SQLite) to use.",
    )(f)


def language_option(what: str) -> Callable[[F], F]:
    """The shared ``--language`` option: ISO 639-1 codes, comma-separated."""

    def decorate(f: F) -> F:
        return click.option(
            "--language",
            "language",
            default=None,
            metavar="CODES",
            help=f"{what} in these languages only: ISO 639-1 codes, comma-separated (en,de,fr; "
            "'unknown' for articles too short to tell).",
        )(f)

    return decorate


def input_format_option(f: F) -> F:
    """The shared ``--format`` option of the commands that read inputs."""
    from .io.readers import FORMATS

    return click.option(
        "--format",
        "fmt",
        type=click.Choice(sorted(set(FORMATS.values()))),
        help="Read every file in this format instead of choosing by extension.",
    )(f)


def engine_options(what: str) -> Callable[[F], F]:
    """The shared ``--engine`` and ``--spark-master`` options; ``what`` says what
    ``--engine spark`` runs on Spark."""

    def add(f: F) -> F:
        master_help = "Spark master URL (default: the one spark-submit gives, else local[*])."
        f = click.option("--spark-master", default=None, help=master_help)(f)
        return click.option(
            "--engine",
            type=click.Choice(["local", "spark"]),
            default="local",
            show_default=True,
            help=f"{what} here, or on Apache Spark (same output; needs pyspark and Java).",
        )(f)

    return add


def fail(e: Exception) -> NoReturn:
    """Print ``error: ...`` on stderr and exit with status 1."""
    err.print(f"[red]error:[/red] {escape(str(e))}")
    sys.exit(1)


def print_skipped(errors: list[InputError]) -> None:
    """One line per skipped input: where, and why."""
    if errors:
        err.print(f"[yellow]skipped {len(errors)} input(s):[/yellow]")
        for e in errors:
            err.print(f"  {escape(e.location)}: {escape(e.reason)}")
