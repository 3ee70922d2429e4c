"""``storyline dedup --index DIR --engine spark``: a batch matched against a signature
index (``store/signature_index.py``) on Spark, with the embedded engine's result.

The index's Parquet files are read by Spark tasks, one row group a task, each row
numbered by its place in the index (the parts in the order ``meta.json`` names them, a
part's row groups in order), so the earlier articles are rows ``0 .. start - 1`` as
locally and the batch's own rows follow.  Then, as ``reprints.dedup.group`` does with a
prior index: the earlier articles' signatures join the batch's in the LSH step, only
pairs with a new article are verified (earlier pairs were, in their run), each earlier
group stands as edges from its first row to its other rows, and a component whose first
row is an earlier article keeps that article's group id.  The driver writes the new
signature part (the batch's rows only), every row's group as the output streams by,
and the metadata last, in the index's own format, so either engine can take the next
batch.  The executors must see the index folder (a local or shared file system).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ..store.signature_index import part_table, signature_rows

# The schema of the sketched articles (``spark._sketch_partition``).
ARTICLE_SCHEMA = "row long, id string, sig binary, sample binary, size long"


def _row_group_jobs(root: Path, files: list[str]) -> list[tuple[str, int, int]]:
    """(file, row group, its first row) of every row group of ``files``, in row order."""
    import pyarrow.parquet as pq

    jobs, row = [], 0
    for name in files:
        meta = pq.ParquetFile(root / name).metadata
        for rg in range(meta.num_row_groups):
            jobs.append((str(root / name), rg, row))
            row += meta.row_group(rg).num_rows
    return jobs


def _signature_rows(job: tuple[str, int, int], num_perm: int) -> Iterator[tuple[Any, ...]]:
    """The articles of one row group of a signature part as sketched rows (a Spark task)."""
    import pyarrow.parquet as pq

    path, rg, first = job
    table = pq.ParquetFile(path).read_row_group(rg)
    sigs = signature_rows(table.column("signature").combine_chunks(), num_perm).reshape(-1, num_perm)
    sample = table.column("sample").combine_chunks()
    values = np.asarray(sample.values, dtype=np.uint32)
    offsets = np.asarray(sample.offsets, dtype=np.int64)
    for k, rid in enumerate(table.column("id").to_pylist()):
        a, b = int(offsets[k]), int(offsets[k + 1])
        yield first + k, rid, sigs[k].tobytes(), values[a:b].tobytes(), b - a


def _group_rows(job: tuple[str, int, int]) -> Iterator[tuple[int, str, str]]:
    """(row, id, group) of one row group of the index's groups file (a Spark task)."""
    import pyarrow.parquet as pq

    path, rg, first = job
    table = pq.ParquetFile(path).read_row_group(rg)
    ids, groups = table.column("id").to_pylist(), table.column("group").to_pylist()
    for k, (rid, group) in enumerate(zip(ids, groups, strict=True)):
        yield first + k, rid, group


def prior_frames(spark: Any, root: str | Path, meta: dict[str, Any], num_perm: int) -> tuple[Any, Any]:
    """The index's articles as sketched rows (``ARTICLE_SCHEMA``) and its groups as
    (row, id, group), both DataFrames read by Spark tasks."""
    sc = spark.sparkContext
    root = Path(root)
    sig_jobs = _row_group_jobs(root / "signatures", list(meta["parts"]))
    group_jobs = _row_group_jobs(root, [meta["groups"]])

    def spread(jobs: list[Any]) -> Any:
        return sc.parallelize(jobs, max(1, min(len(jobs), sc.defaultParallelism * 4)))

    articles = spark.createDataFrame(
        spread(sig_jobs).flatMap(lambda job: _signature_rows(job, num_perm)), ARTICLE_SCHEMA, verifySchema=False
    )
    groups = spark.createDataFrame(spread(group_jobs).flatMap(_group_rows), "row long, id string, group string")
    return articles, groups


def group_edges(groups: Any) -> Any:
    """Edges (i, j) from each earlier group's first row to its other rows: earlier groups
    stand (``reprints.dedup._group_edges``)."""
    from pyspark.sql import functions as F

    first = groups.groupBy("group").agg(F.min("row").alias("i"))
    return groups.join(first, "group").where(F.col("i") != F.col("row")).select("i", F.col("row").alias("j"))


def write_part(writer: Any, rows: Iterator[Any], num_perm: int) -> None:
    """The batch's articles (row, id, signature, sample as bytes; in row order) as the
    index's next signature part."""
    ids: list[str] = []
    sigs: list[bytes] = []
    samples: list[bytes] = []
    for _, rid, sig, sample in rows:
        ids.append(rid)
        sigs.append(sig)
        samples.append(sample)
    sizes = np.fromiter((len(x) // 4 for x in samples), dtype=np.int64, count=len(samples))
    offsets = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    flat = np.frombuffer(b"".join(samples), dtype=np.uint32)
    matrix = np.frombuffer(b"".join(sigs), dtype=np.uint32).reshape(-1, num_perm)
    writer.add_part(part_table(ids, matrix, flat, offsets, num_perm))
