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

import json
import os
from dataclasses import asdict
from pathlib import Path

import numpy as np

from ..config import ReprintConfig
from ..errors import ConfigError
from ..reprints.dedup import PriorIndex

FORMAT = 1
# The settings a stored signature depends on: an index built with others cannot be
# matched against.
_SIGNATURE_SETTINGS = ("shingle_size", "num_perm", "seed")


def _settings(config: ReprintConfig, verify_sample: int) -> dict[str, int]:
    values = asdict(config)
    return {**{k: values[k] for k in _SIGNATURE_SETTINGS}, "verify_sample": verify_sample}


def load_index(path: str | Path, config: ReprintConfig, verify_sample: int) -> PriorIndex | None:
    """The index at ``path``, or None when there is none yet (a first batch)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

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
    ids: list[str] = []
    sigs, sets, sizes = [], [], []
    for name in meta["parts"]:
        table = pq.read_table(root / "signatures" / name)
        ids.extend(table.column("id").to_pylist())
        sig = table.column("signature").combine_chunks()  # fixed-size binary: num_perm uint32 a row
        width = config.num_perm * 4
        sigs.append(np.frombuffer(sig.buffers()[1], np.uint32, len(sig) * config.num_perm, sig.offset * width))
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
        stops=np.asarray(pq.read_table(root / "stops.parquet").column("shingle"), dtype=np.uint64),
    )
    pa.default_memory_pool().release_unused()  # the decoding buffers: the arrays are copies
    return prior


def save_index(path: str | Path, index: PriorIndex, new_from: int, config: ReprintConfig, verify_sample: int) -> None:
    """Add the rows from ``new_from`` on as a new signature part, and rewrite the groups
    and the metadata (``index`` holds every row, earlier and new)."""
    import pyarrow as pa

    root = Path(path)
    (root / "signatures").mkdir(parents=True, exist_ok=True)
    meta_path = root / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {"parts": []}
    n = len(index.ids)
    if new_from < n:
        lo, hi = index.offsets[new_from], index.offsets[n]
        sample = pa.ListArray.from_arrays(
            pa.array(index.offsets[new_from:] - lo, pa.int32()), pa.array(index.sets[lo:hi], pa.uint32())
        )
        rows = np.ascontiguousarray(index.sigs[new_from:], dtype=np.uint32)
        signature = pa.FixedSizeBinaryArray.from_buffers(
            pa.binary(config.num_perm * 4), len(rows), [None, pa.py_buffer(rows.tobytes())]
        )
        part = f"part-{len(meta['parts']):05d}.parquet"
        _write(
            pa.table({"id": index.ids[new_from:], "signature": signature, "sample": sample}),
            root / "signatures" / part,
        )
        meta["parts"].append(part)
    old_groups = meta.get("groups")
    groups = f"groups-{len(meta['parts']):05d}.parquet"
    _write(pa.table({"id": index.ids, "group": index.groups}), root / groups)
    if not (root / "stops.parquet").exists():
        _write(pa.table({"shingle": pa.array(index.stops, pa.uint64())}), root / "stops.parquet")
    meta.update(format=FORMAT, settings=_settings(config, verify_sample), rows=n, groups=groups)
    tmp = meta_path.with_name(meta_path.name + ".tmp")
    tmp.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    os.replace(tmp, meta_path)
    if old_groups and old_groups != groups:
        (root / old_groups).unlink(missing_ok=True)


# Rows a Parquet row group holds: what a reader decodes at once.
ROW_GROUP = 16_384


def _write(table: object, target: Path) -> None:
    """``table`` as Parquet at ``target``, written beside it and renamed into place."""
    import pyarrow.parquet as pq

    tmp = target.with_name(target.name + ".tmp")
    pq.write_table(table, tmp, row_group_size=ROW_GROUP)
    os.replace(tmp, target)
