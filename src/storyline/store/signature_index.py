"""The signature index of ``storyline dedup --index DIR``: what earlier batches left, as
Parquet, so a daily batch is matched against the archive without recomputing it.

    DIR/meta.json                  settings the signatures depend on, row count
    DIR/stops.parquet              the stop shingles (learned from the first batch)
    DIR/groups-NNNNN.parquet       every article's id and reprint group, in row order
    DIR/signatures/part-NNNNN.parquet
                                   one file per batch: id, MinHash signature (num_perm
                                   little-endian uint32 as fixed-size binary), sampled
                                   shingle set (list of uint32: what verification compares)

Signature parts are only ever added; each batch writes a new groups file (a new article
can join two earlier groups) and then replaces ``meta.json``, which names the files
that make the index: a run interrupted before that leaves the index as it was.  Users
can read the files with DuckDB, Spark or pyarrow.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from ..config import ReprintConfig
from ..errors import ConfigError
from ..reprints.dedup import PriorIndex

# 2: shingles read words through OCR confusions (``text.normalize.ocr_key``); an index
# of format 1 holds other signatures for the same texts.
FORMAT = 2
# The settings a stored signature depends on: an index built with others cannot be
# matched against.
_SIGNATURE_SETTINGS = ("shingle_size", "num_perm", "seed")


def _settings(config: ReprintConfig, verify_sample: int) -> dict[str, int]:
    values = asdict(config)
    return {**{k: values[k] for k in _SIGNATURE_SETTINGS}, "verify_sample": verify_sample}


def read_meta(path: str | Path, config: ReprintConfig, verify_sample: int) -> dict[str, Any] | None:
    """The index's ``meta.json``, checked against this run's settings; None when there
    is no index yet (a first batch)."""
    root = Path(path)
    meta_path = root / "meta.json"
    if not meta_path.exists():
        if root.exists() and any(root.iterdir()):
            raise ConfigError(f"{root}: not a signature index (no meta.json), and not empty")
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        raise ConfigError(f"{root}: signature index format {meta.get('format')!r}, this version reads {FORMAT}")
    wanted = _settings(config, verify_sample)
    if meta["settings"] != wanted:
        raise ConfigError(
            f"{root}: built with {meta['settings']}, but this run uses {wanted}; use the same settings or a new index"
        )
    return meta


def load_index(path: str | Path, config: ReprintConfig, verify_sample: int) -> PriorIndex | None:
    """The index at ``path``, or None when there is none yet (a first batch)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(path)
    meta = read_meta(root, config, verify_sample)
    if meta is None:
        return None
    ids: list[str] = []
    sigs, sets, sizes = [], [], []
    for name in meta["parts"]:
        table = pq.read_table(root / "signatures" / name)
        ids.extend(table.column("id").to_pylist())
        sigs.append(signature_rows(table.column("signature").combine_chunks(), config.num_perm))
        sample = table.column("sample").combine_chunks()
        sets.append(np.asarray(sample.values, dtype=np.uint32))
        sizes.append(np.diff(np.asarray(sample.offsets, dtype=np.int64)))
    groups = pq.read_table(root / meta["groups"])
    if len(ids) != meta["rows"] or groups.column("id").to_pylist() != ids:
        raise ConfigError(f"{root}: the signature parts and {meta['groups']} disagree; the index is damaged")
    offsets = np.zeros(len(ids) + 1, dtype=np.int64)
    if sizes:
        np.cumsum(np.concatenate(sizes), out=offsets[1:])
    prior = PriorIndex(
        ids=ids,
        groups=groups.column("group").to_pylist(),
        sigs=np.concatenate(sigs).reshape(-1, config.num_perm) if sigs else np.empty((0, config.num_perm), np.uint32),
        sets=np.concatenate(sets) if sets else np.empty(0, np.uint32),
        offsets=offsets,
        stops=read_stops(root),
    )
    pa.default_memory_pool().release_unused()  # the decoding buffers: the arrays are copies
    return prior


def signature_rows(column: Any, num_perm: int) -> np.ndarray:
    """A fixed-size binary column of signatures (one Arrow chunk) as uint32 values."""
    width = num_perm * 4
    return np.frombuffer(column.buffers()[1], np.uint32, len(column) * num_perm, column.offset * width)


def read_stops(path: str | Path) -> np.ndarray:
    """The index's stop shingles."""
    import pyarrow.parquet as pq

    return np.asarray(pq.read_table(Path(path) / "stops.parquet").column("shingle"), dtype=np.uint64)


def part_table(ids: list[str], sigs: np.ndarray, sets: np.ndarray, offsets: np.ndarray, num_perm: int) -> Any:
    """A signature part: ``ids``, their signatures (rows of ``sigs``) and sampled sets
    (``sets[offsets[k]:offsets[k + 1]]``)."""
    import pyarrow as pa

    sample = pa.ListArray.from_arrays(pa.array(offsets - offsets[0], pa.int32()), pa.array(sets, pa.uint32()))
    rows = np.ascontiguousarray(sigs, dtype=np.uint32)
    signature = pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(num_perm * 4), len(rows), [None, pa.py_buffer(rows.tobytes())]
    )
    return pa.table({"id": ids, "signature": signature, "sample": sample})


class IndexWriter:
    """Adds a batch to the index at ``path``: a new signature part, the groups of every
    row, the stop shingles of a first batch, and last ``meta.json``, which names them
    (``commit``); until then the index is what it was."""

    def __init__(self, path: str | Path, config: ReprintConfig, verify_sample: int) -> None:
        self.root = Path(path)
        self.root.mkdir(parents=True, exist_ok=True)
        self.config, self.verify_sample = config, verify_sample
        meta_path = self.root / "meta.json"
        self.meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {"parts": []}
        self.old_groups = self.meta.get("groups")
        self.groups = f"groups-{len(self.meta['parts']):05d}.parquet"

    def add_part(self, table: Any) -> None:
        (self.root / "signatures").mkdir(parents=True, exist_ok=True)
        part = f"part-{len(self.meta['parts']):05d}.parquet"
        _write(table, self.root / "signatures" / part)
        self.meta["parts"].append(part)
        self.groups = f"groups-{len(self.meta['parts']):05d}.parquet"

    def write_groups(self, rows: Iterable[tuple[str, str]]) -> None:
        """Every row's (id, group), in row order."""
        with self.groups_sink() as add:
            for rid, group in rows:
                add(rid, group)

    @contextlib.contextmanager
    def groups_sink(self) -> Iterator[Callable[[str, str], None]]:
        """A function taking every row's (id, group) in row order, written a row group
        at a time (so a stream of any length fits)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        target = self.root / self.groups
        tmp = target.with_name(target.name + ".tmp")
        schema = pa.schema([("id", pa.string()), ("group", pa.string())])
        ids: list[str] = []
        groups: list[str] = []
        with pq.ParquetWriter(tmp, schema) as writer:

            def flush() -> None:
                writer.write_table(pa.table({"id": ids, "group": groups}, schema=schema))
                ids.clear()
                groups.clear()

            def add(rid: str, group: str) -> None:
                ids.append(rid)
                groups.append(group)
                if len(ids) == ROW_GROUP:
                    flush()

            yield add
            if ids:
                flush()
        os.replace(tmp, target)

    def write_stops(self, stops: np.ndarray) -> None:
        import pyarrow as pa

        if not (self.root / "stops.parquet").exists():
            _write(pa.table({"shingle": pa.array(stops, pa.uint64())}), self.root / "stops.parquet")

    def commit(self, rows: int) -> None:
        meta_path = self.root / "meta.json"
        self.meta.update(
            format=FORMAT, settings=_settings(self.config, self.verify_sample), rows=rows, groups=self.groups
        )
        tmp = meta_path.with_name(meta_path.name + ".tmp")
        tmp.write_text(json.dumps(self.meta, indent=1), encoding="utf-8")
        os.replace(tmp, meta_path)
        if self.old_groups and self.old_groups != self.groups:
            (self.root / self.old_groups).unlink(missing_ok=True)


def save_index(path: str | Path, index: PriorIndex, new_from: int, config: ReprintConfig, verify_sample: int) -> None:
    """Add the rows from ``new_from`` on as a new signature part, and rewrite the groups
    and the metadata (``index`` holds every row, earlier and new)."""
    writer = IndexWriter(path, config, verify_sample)
    n = len(index.ids)
    if new_from < n:
        lo, hi = index.offsets[new_from], index.offsets[n]
        sets = index.sets[lo:hi]
        writer.add_part(
            part_table(index.ids[new_from:], index.sigs[new_from:], sets, index.offsets[new_from:], config.num_perm)
        )
    writer.write_groups(iter(zip(index.ids, index.groups, strict=True)))
    writer.write_stops(index.stops)
    writer.commit(n)


# Rows a Parquet row group holds: what a reader decodes at once.
ROW_GROUP = 16_384


def _write(table: object, target: Path) -> None:
    """``table`` as Parquet at ``target``, written beside it and renamed into place."""
    import pyarrow.parquet as pq

    tmp = target.with_name(target.name + ".tmp")
    pq.write_table(table, tmp, row_group_size=ROW_GROUP)
    os.replace(tmp, target)
