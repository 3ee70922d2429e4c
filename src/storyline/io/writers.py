"""Export writers: JSON lines, CSV and Parquet, from an iterable of dicts."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import ConfigError, MissingDependency

WRITE_FORMATS = ("jsonl", "csv", "parquet")


def _flat(value: Any) -> Any:
    """CSV cells: lists and dicts as JSON text."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def write_records(records: Iterable[dict[str, Any]], path: str | Path, fmt: str) -> int:
    """Write ``records`` to ``path`` in ``fmt`` (jsonl, csv or parquet); returns the count."""
    if fmt not in WRITE_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose from {', '.join(WRITE_FORMATS)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = list(records) if fmt != "jsonl" else records
    count = 0
    if fmt == "jsonl":
        import orjson

        dump, options = orjson.dumps, orjson.OPT_APPEND_NEWLINE | orjson.OPT_SERIALIZE_NUMPY
        with open(path, "wb") as f:
            for rec in rows:
                f.write(dump(rec, option=options))
                count += 1
    elif fmt == "csv":
        rows = list(rows)
        fields: list[str] = []
        for rec in rows:
            fields.extend(k for k in rec if k not in fields)
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields)
            w.writeheader()
            for rec in rows:
                w.writerow({k: _flat(v) for k, v in rec.items()})
                count += 1
    else:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as e:  # pragma: no cover - a declared dependency
            raise MissingDependency("pyarrow", "Parquet export") from e
        rows = list(rows)
        table = pa.Table.from_pylist(
            [{k: (json.dumps(v) if isinstance(v, dict) else v) for k, v in r.items()} for r in rows]
        )
        pq.write_table(table, path)
        count = len(rows)
    return count
