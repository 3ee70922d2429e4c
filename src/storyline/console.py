"""The CLI's consoles and progress displays (rich), shared by its commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

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
