"""``storyline serve``: the web UI over a database."""

from __future__ import annotations

import click
from rich.markup import escape

from ..errors import StorylineError
from .console import (
    db_option,
    err,
    fail,
)


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
    from ..web.app import serve

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            f"[yellow]warning[/yellow]: listening on {escape(host)}, not only this machine: anyone who can reach "
            "it can read the database and make corrections (there is no login)"
        )
    try:
        from ..web.app import create_app

        create_app(db)  # a missing database is said before "serving"
        err.print(f"serving {escape(db)} on http://{host}:{port} (Ctrl-C to stop)")
        serve(db, host, port, allowed_hosts, workers)
    except StorylineError as e:
        fail(e)
