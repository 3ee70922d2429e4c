"""What the CLI's commands share: consoles and progress displays (rich), the ``--db``
option, and how an error ends a command."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ..errors import InputError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class _Rate(ProgressColumn):
    """Items a second, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


def progress_bar(quiet: bool = False) -> Progress:
    """A progress display on stderr with counts, rate and time left; silent when stderr
    is not a terminal (``PlainProgress`` writes lines there) or ``quiet``."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )


class PlainProgress:
    """Progress as plain lines on stderr, for a log file or a pipe: each step as it starts
    and at most every ``every`` seconds, with its count and rate."""

    def __init__(self, every: float = 10.0) -> None:
        self.every = every
        self.step = ""
        self.started = self.last = 0.0

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if step != self.step:
            self.step, self.started, self.last = step, now, now
            err.print(f"{step}: {total:,} to do", markup=False, highlight=False)
        elif now - self.last >= self.every or done == total:
            self.last = now
            rate = done / (now - self.started) if now > self.started else 0.0
            err.print(f"{step}: {done:,}/{total:,} ({rate:,.0f}/s)", markup=False, highlight=False)


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


def follow_links_option(f: F) -> F:
    """The shared ``--follow-links`` flag of the commands that read folders."""
    return click.option(
        "--follow-links",
        is_flag=True,
        help="Follow symbolic links that lead out of the folders given (not followed by default).",
    )(f)


def input_format_option(f: F) -> F:
    """The shared ``--format`` option of the commands that read inputs."""
    from ..api import INPUT_FORMATS

    return click.option(
        "--format",
        "fmt",
        type=click.Choice(INPUT_FORMATS),
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


def print_ingest_report(r: Any, holder: str = "Database") -> None:
    """The ingest summary of ``r`` (a ``pipeline.IngestReport``): what was read and
    stored, then what was not, and why."""
    out.print(
        f"Read {r.read} article(s) from {r.files} file(s): {r.added} added, {r.updated} updated, "
        f"{r.unchanged} unchanged."
    )
    out.print(
        f"{holder} holds {r.articles} article(s) in {r.groups} reprint group(s) "
        f"({r.groups_with_copies} with copies), {r.stories} stor{'y' if r.stories == 1 else 'ies'}, "
        f"{r.storylines} storyline(s)" + (f", {r.quotes} quote(s), {r.entities} entities." if r.entities else ".")
    )
    if r.ignored:
        exts = sorted({p.rsplit(".", 1)[-1] if "." in p.rsplit("/", 1)[-1] else "(none)" for p in r.ignored})
        err.print(
            f"[yellow]ignored[/yellow] {len(r.ignored)} file(s) not in a supported format "
            f"(extensions: {', '.join(exts)}); use --format to force one."
        )
    if r.other_languages:
        left = ", ".join(f"{k or 'unknown'} {n}" for k, n in sorted(r.other_languages.items(), key=lambda x: -x[1]))
        out.print(f"Left out {sum(r.other_languages.values())} article(s) in other languages ({left}).")
    other = {k: n for k, n in r.languages.items() if k not in (None, "en")}
    if other:
        langs = ", ".join(f"{k} {n}" for k, n in sorted(other.items(), key=lambda x: (-x[1], x[0]))[:8])
        out.print(
            f"{sum(other.values())} article(s) in {len(other)} language(s) other than English ({langs}"
            + (", ..." if len(other) > 8 else "")
            + ")"
            + (": no entities or quotes extracted from them." if r.extracted else ".")
        )
    if r.encodings and set(r.encodings) != {"utf-8"}:
        out.print(
            "Decoded "
            + ", ".join(f"{n} as {name}" for name, n in sorted(r.encodings.items(), key=lambda x: -x[1]))
            + "."
        )
    if r.documentation:
        err.print(
            f"[yellow]skipped[/yellow] {len(r.documentation)} documentation file(s) (README, LICENSE, ...): "
            + ", ".join(escape(p) for p in r.documentation[:3])
            + (" ..." if len(r.documentation) > 3 else "")
        )
    if r.links_not_followed:
        err.print(
            f"[yellow]not followed[/yellow] {len(r.links_not_followed)} symbolic link(s) leading out of the folder "
            f"given (--follow-links follows them): " + ", ".join(escape(p) for p in r.links_not_followed[:3])
        )
    if r.warnings:
        err.print(f"[yellow]{len(r.warnings)} warning(s)[/yellow]:")
        for w in r.warnings[:20]:
            err.print(f"  {escape(w.location)}: {escape(w.reason)}")
        if len(r.warnings) > 20:
            err.print(f"  ... and {len(r.warnings) - 20} more")
    if r.archive_records_skipped:
        out.print(f"Skipped {r.archive_records_skipped} archive record(s) that were not HTML pages.")
    print_skipped(r.errors)
