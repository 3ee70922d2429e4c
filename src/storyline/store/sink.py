"""What ``ingest`` reads from and writes to, whichever holds the result: the database
(``db.Store``) or a dataset folder of Parquet tables (``dataset.Dataset``).  Both satisfy
``Sink`` (``tests/test_dataset.py`` checks the signatures), so the pipeline is written
once against it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

from ..extract import Extraction
from ..model import Article
from .rows import Rows


@runtime_checkable
class Sink(Protocol):
    """A place an ingest result is kept."""

    def __enter__(self) -> Sink: ...

    def __exit__(self, *exc: object) -> None: ...

    def articles(self) -> Iterator[Article]:
        """Every stored article."""
        ...

    def memberships(self) -> dict[str, tuple[str | None, str | None, str | None]]:
        """article id -> (reprint group, story, storyline) as stored: the ids to keep."""
        ...

    def extractions(self) -> dict[str, Extraction]:
        """article id -> its last extraction (not read again while its text is unchanged)."""
        ...

    def corrections(self, active_only: bool = False) -> list[dict[str, Any]]:
        """The users' splits and merges, to apply after every clustering."""
        ...

    def count(self, table: str) -> int: ...

    def count_groups_with_copies(self) -> int: ...

    def runs(self) -> list[dict[str, Any]]:
        """Every ingest run, oldest first."""
        ...

    def write(self, rows: Rows, run: dict[str, Any]) -> dict[str, int]:
        """Store an ingest result (``rows``) in one step, and its ``run``; row counts back."""
        ...

    def record_run(self, run: dict[str, Any], *, unchanged: int) -> None:
        """Note a run that changed nothing."""
        ...
