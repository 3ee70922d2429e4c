"""A Storyline dataset: an ingest's result as Parquet tables in a folder.

``storyline ingest PATH... --output DIR`` (either engine) writes here instead of a
SQLite database; ``storyline load DIR --db news.db`` puts a dataset into a database
(``Store.write``, the rows ingest itself writes), and Spark, DuckDB or pandas read the
tables directly, e.g. ``SELECT outlet, count(*) FROM 'DIR/articles/*.parquet' GROUP BY
outlet``.  Layout::

    DIR/storyline-dataset.json      what the dataset holds (format, version, files, runs)
    DIR/articles/part-00001.parquet
    DIR/reprint_groups/ reprint_pairs/ stories/ story_links/ storylines/ storyline_links/
    DIR/extractions/ entities/ entity_articles/ quotes/ quote_articles/   (when extracted)

Every table has the database table's columns (``rows.TABLES``); lists and dicts are
JSON text, as in the database.  A write is a new *generation*: its files get new names,
then the manifest that names them replaces the old one (an atomic rename), then the
files no manifest names are removed, so a run interrupted at any point leaves the
dataset as it was.  The whole dataset is read into memory, like the database's
articles are by ingest.  Paths are local folders for now (a cluster writes to a mounted
or synced folder); Spark's writer, which would write each table from the executors,
produces the same layout (a folder of parts per table), which ``read_table`` reads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..extract import Extraction
from ..model import Article
from .encode import now
from .lock import LOCK_NAME
from .rows import (
    ARTICLE_COLUMNS,
    INTEGER_COLUMNS,
    KNOWLEDGE_TABLES,
    REAL_COLUMNS,
    TABLES,
    Rows,
    article_from,
    extraction_from,
    extraction_json,
    hashed_rows,
    row_hash,
)

MANIFEST = "storyline-dataset.json"
# Article rows a row group holds: the articles table is written a row group at a time,
# so writing it holds one row group's Arrow copy, not the corpus's.
ROW_GROUP = 20_000
FORMAT = "storyline-dataset"
VERSION = 1
_KNOWLEDGE = ("extractions", *KNOWLEDGE_TABLES)


def is_dataset(path: str | Path) -> bool:
    """Whether ``path`` is a folder holding a Storyline dataset."""
    return (Path(path) / MANIFEST).is_file()


def _schema(table: str) -> Any:
    import pyarrow as pa

    def kind(col: str) -> Any:
        return pa.int64() if col in INTEGER_COLUMNS else pa.float64() if col in REAL_COLUMNS else pa.string()

    return pa.schema([(col, kind(col)) for col in TABLES[table]])


class _StoredArticles:
    """A dataset's article rows (``ARTICLE_COLUMNS``), read a row group at a time in the
    order they were written (ingest writes them by id), each checked against its row
    hash: a row edited by hand is refused.  Read as often as needed."""

    def __init__(self, path: Path, dataset: Path, rows: int) -> None:
        self.path, self.dataset, self.rows = path, dataset, rows

    def __len__(self) -> int:
        return self.rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return (row for row, _ in self.hashed())

    def hashed(self) -> Iterator[tuple[tuple[Any, ...], str]]:
        """Each row with its stored hash, checked (``rows.hashed_rows``)."""
        import pyarrow.parquet as pq

        try:
            batches = pq.ParquetFile(self.path).iter_batches(columns=[*ARTICLE_COLUMNS, "row_hash"])
            for batch in batches:
                for r in batch.to_pylist():
                    row = tuple(r[c] for c in ARTICLE_COLUMNS)
                    if row_hash(row) != r["row_hash"]:
                        raise StoreError(
                            f"{self.dataset}: article {r['id']!r} does not match its row hash (edited by hand?)"
                        )
                    yield row, r["row_hash"]
        except (OSError, ValueError) as e:  # pyarrow's errors derive from these
            raise StoreError(f"{self.path}: unreadable Parquet file ({e})") from e


class Dataset:
    """A dataset folder, opened for reading and for ingest to write (``DIR`` need not
    exist yet: the first write makes it).

    >>> import tempfile
    >>> with Dataset(tempfile.mkdtemp()) as d:
    ...     d.count("articles")
    0
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: not a folder; a dataset is a folder of Parquet tables")
        if not create and not is_dataset(self.path):
            raise StoreError(f"{self.path}: not a Storyline dataset (no {MANIFEST}); write one with ingest --output")
        self.manifest = self._read_manifest()
        self._cache: dict[str, list[dict[str, Any]]] = {}

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self._cache.clear()

    def _read_manifest(self) -> dict[str, Any]:
        path = self.path / MANIFEST
        if not path.exists():
            if self.path.is_dir() and any(f.name != LOCK_NAME for f in self.path.iterdir()):
                raise StoreError(f"{self.path}: the folder holds other files and no {MANIFEST}; name an empty folder")
            return {"format": FORMAT, "version": VERSION, "generation": 0, "files": {}, "rows": {}, "runs": []}
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise StoreError(f"{path}: unreadable dataset manifest ({e})") from e
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise StoreError(f"{path}: not a Storyline dataset manifest")
        if manifest.get("version") != VERSION:
            raise StoreError(f"{path}: dataset version {manifest.get('version')!r}; this Storyline reads {VERSION}")
        return manifest

    # -- reading -------------------------------------------------------------------
    def read_table(self, table: str, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """A table's rows as dicts ([] when the dataset has no such table); ``columns``
        reads only those (and is not cached: the articles table is the corpus)."""
        if columns is not None:
            name = self.manifest["files"].get(table)
            return [] if name is None else self._read(self.path / name, table, columns)
        if table not in self._cache:
            name = self.manifest["files"].get(table)
            self._cache[table] = [] if name is None else self._read(self.path / name, table)
        return self._cache[table]

    @staticmethod
    def _read(path: Path, table: str, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """The rows of one table file as dicts, of ``columns`` only (only those are read)
        or all the table's; the file must have every column of the table."""
        import pyarrow.parquet as pq

        try:
            names = pq.read_schema(path).names
            missing = [c for c in TABLES[table] if c not in names]
            if missing:
                raise StoreError(f"{path}: table {table} lacks the column(s) {', '.join(missing)}")
            return pq.read_table(path, columns=list(columns or TABLES[table])).to_pylist()
        except (OSError, ValueError) as e:  # pyarrow's errors derive from these
            raise StoreError(f"{path}: unreadable Parquet file ({e})") from e

    def has_knowledge(self) -> bool:
        return "extractions" in self.manifest["files"]

    def articles(self) -> Iterator[Article]:
        """The articles, ordered by id."""
        rows = sorted(self.read_table("articles", ARTICLE_COLUMNS), key=lambda r: r["id"])
        rows.reverse()
        while rows:  # each row let go as its article is made: the corpus is held once
            yield article_from(rows.pop())

    def memberships(self) -> dict[str, tuple[str | None, str | None, str | None]]:
        """id -> (reprint group, story, storyline)."""
        cols = ("id", "reprint_group", "story", "storyline")
        return {r["id"]: (r["reprint_group"], r["story"], r["storyline"]) for r in self.read_table("articles", cols)}

    def extractions(self) -> dict[str, Extraction]:
        """article id -> its extraction (``text_hash``: of the cleaned text it read)."""
        return {r["article_id"]: extraction_from(r["body_hash"], r["data"]) for r in self.read_table("extractions")}

    def corrections(self, active_only: bool = False) -> list[dict[str, Any]]:
        """Corrections are made in a database's web UI; a dataset holds none."""
        return []

    def count(self, table: str) -> int:
        return int(self.manifest["rows"].get(table, 0))

    def count_groups_with_copies(self) -> int:
        return sum(1 for r in self.read_table("reprint_groups") if r["size"] > 1)

    def runs(self) -> list[dict[str, Any]]:
        return list(self.manifest["runs"])

    def rows(self) -> Rows:
        """The whole dataset as the rows a database writes (``Store.write``); the
        article rows are read a row group at a time as they are iterated, each checked
        against its row hash (a million articles are not held at once)."""
        times = self.read_table("articles", ("id", "ingested_at", "updated_at"))
        name = self.manifest["files"].get("articles")
        rows = Rows(
            _StoredArticles(self.path / name, self.path, len(times)) if name else [],
            {t: self._tuples(t) for t in TABLES if t not in ("articles", *_KNOWLEDGE)},
            times={r["id"]: (r["ingested_at"], r["updated_at"]) for r in times},
        )
        if self.has_knowledge():
            rows.extractions = {r["article_id"]: (r["body_hash"], r["data"]) for r in self.read_table("extractions")}
            rows.knowledge = {t: self._tuples(t) for t in KNOWLEDGE_TABLES}
        return rows

    def _tuples(self, table: str) -> list[tuple[Any, ...]]:
        return [tuple(r[c] for c in TABLES[table]) for r in self.read_table(table)]

    # -- writing (what ingest calls, as it calls a Store) ----------------------------
    def write(self, rows: Rows, run: dict[str, Any]) -> dict[str, int]:
        """Write an ingest result (``rows.rows_of``) as a new generation; returns how many
        article rows were new, changed and the same as before (as ``Store.write``)."""
        cols = ("id", "row_hash", "ingested_at", "updated_at")
        earlier = {
            r["id"]: (r["row_hash"], r["ingested_at"], r["updated_at"]) for r in self.read_table("articles", cols)
        }
        stamp = now()
        counts = {"inserted": 0, "changed": 0, "unchanged": 0}

        def stored() -> Iterator[list[tuple[Any, ...]]]:  # the article rows, a slice at a time
            batch: list[tuple[Any, ...]] = []
            for row, digest in hashed_rows(rows.articles):
                before = earlier.get(row[0])
                if before is None:
                    counts["inserted"] += 1
                    times = (stamp, stamp)
                elif before[0] != digest:
                    counts["changed"] += 1
                    times = (before[1], stamp)
                else:
                    counts["unchanged"] += 1
                    times = before[1:]
                batch.append((*row, digest, *times))
                if len(batch) == ROW_GROUP:
                    yield batch
                    batch = []
            yield batch

        tables: dict[str, Iterable[list[tuple[Any, ...]]]] = {"articles": stored()}
        tables |= {t: [r] for t, r in rows.groupings.items()}
        if rows.extractions is not None and rows.knowledge is not None:
            tables["extractions"] = [[(aid, h, extraction_json(x)) for aid, (h, x) in rows.extractions.items()]]
            tables |= {t: [r] for t, r in rows.knowledge.items()}
        self._write_generation(tables, lambda: {**run, **counts, "finished_at": stamp})
        return counts

    def record_run(self, run: dict[str, Any], *, unchanged: int) -> None:
        """Log an ingest run that changed no article (the tables stay as they are)."""
        entry = {**run, "inserted": 0, "changed": 0, "unchanged": unchanged, "finished_at": now()}
        self._write_manifest({**self.manifest, "runs": [*self.manifest["runs"], entry]})

    def _write_generation(
        self, tables: dict[str, Iterable[list[tuple[Any, ...]]]], run: Callable[[], dict[str, Any]]
    ) -> None:
        """Write each table (given as slices of rows, each a row group) as a part of a new
        generation, then the manifest (``run``: the run's entry, once the rows are written)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        generation = int(self.manifest["generation"]) + 1
        files = dict(self.manifest["files"])  # knowledge not extracted this time stays
        counts = dict(self.manifest["rows"])
        for table, slices in tables.items():
            name = f"{table}/part-{generation:05d}.parquet"
            (self.path / table).mkdir(parents=True, exist_ok=True)
            schema = _schema(table)
            written = 0
            with pq.ParquetWriter(self.path / name, schema) as writer:
                for table_rows in slices:
                    columns = list(zip(*table_rows, strict=True)) if table_rows else [[] for _ in TABLES[table]]
                    arrays = [pa.array(list(c), type=f.type) for c, f in zip(columns, schema, strict=True)]
                    if table_rows or not written:
                        writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
                    written += len(table_rows)
            files[table], counts[table] = name, written
        runs = [*self.manifest["runs"], run()]
        self._write_manifest({**self.manifest, "generation": generation, "files": files, "rows": counts, "runs": runs})
        self._cache.clear()
        self._remove_unnamed()

    def _write_manifest(self, manifest: dict[str, Any]) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        tmp = self.path / f".{MANIFEST}.tmp"
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path / MANIFEST)  # the dataset changes here, at once
        self.manifest = manifest

    def _remove_unnamed(self) -> None:
        """Remove the table files no manifest names (earlier generations, or those of an
        interrupted write)."""
        named = set(self.manifest["files"].values())
        for table in TABLES:
            folder = self.path / table
            if folder.is_dir():
                for f in folder.glob("part-*.parquet"):
                    if f"{table}/{f.name}" not in named:
                        f.unlink()
