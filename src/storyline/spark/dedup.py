"""Corpus-scale reprint grouping (``storyline dedup``) on Apache Spark.

The same functions as the local runner (``reprints/dedup.py``), distributed:

1. read: JSON lines through Spark's text reader (split by Hadoop blocks, numbered with
   ``zipWithIndex`` so every article keeps its place in the input order), other files
   one task per file, each line or file through the local readers;
2. stop shingles: learned on the driver from the first ``STOP_SAMPLE_DOCS`` articles in
   input order (``learn_stop_shingles``, as locally), then broadcast;
3. sketch: ``sketch_batch`` in ``mapPartitions`` (signatures and sampled sets);
4. LSH: the signatures go to a DataFrame, ``mapInArrow`` computes every band key a
   batch at a time (``lsh.band_keys``, no Python object per record), Spark SQL groups
   the (band, key) records inside the JVM, and only buckets with two members or more
   come back to Python to be paired by ``lsh.candidate_pairs``' rule;
5. verification: both articles' sampled sets joined to each pair in Spark SQL, then
   ``shared_counts`` and ``reprint_mask`` a batch at a time (``mapInArrow``), as the
   embedded engine verifies;
6. components: min-label propagation over the verified pairs, iterated until no label
   falls, never collecting the pairs to the driver (``reprints/components.py`` is the
   same rule in numpy);
7. representatives: per component the copy with the most shingles, then the smallest
   id; the group id is the hash of the smallest id (``reprints/ids.py``, as locally).

So the output is the local one, line for line (``tests/test_spark.py`` checks it).
Run it with ``storyline dedup --engine spark [--spark-master URL]``, or on a cluster
``spark-submit --master yarn .../storyline/cli/submit.py dedup IN... -o OUT.jsonl`` (the
arguments of ``storyline dedup``).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Config
from ..io.writers import write_records
from ..reprints.dedup import (
    BATCH_DOCS,
    STOP_SAMPLE_DOCS,
    VERIFY_SAMPLE,
    sample_stop_shingles,
    sampled_min_containment,
    sampled_min_shared,
)
from ..reprints.ids import bucket_pairs, group_id
from ..reprints.lsh import band_keys, optimal_bands
from ..reprints.minhash import EMPTY
from ..reprints.shingles import sketch_batch
from ..reprints.verify import reprint_mask, shared_counts
from ..store.signature_index import IndexWriter, read_meta, read_stops
from .index import ARTICLE_SCHEMA, group_edges, prior_frames, write_part
from .read import _read
from .session import session

log = logging.getLogger("storyline")

# Articles per shuffle partition for the LSH buckets and the joins (51 band records each).
_ROWS_PER_PARTITION = 25_000


# ---- grouping ---------------------------------------------------------------------------


def _sketch_partition(rows: Iterator[Any], k: int, num_perm: int, seed: int, stops: Any) -> Iterator[Any]:
    """(row, id, signature, sampled set, its size) of each article of one partition,
    the arrays as bytes (uint32) for Spark SQL."""
    stop_array = stops.value
    while batch := list(itertools.islice(rows, BATCH_DOCS)):
        sigs, sets, offsets = sketch_batch([r[1][1] for r in batch], k, num_perm, seed, VERIFY_SAMPLE, stop_array)
        for n, (row, (rid, _, _)) in enumerate(batch):
            a, b = int(offsets[n]), int(offsets[n + 1])
            yield row, rid, sigs[n].tobytes(), sets[a:b].tobytes(), b - a


def _band_batches(batches: Iterator[Any], bands: int, rows: int, num_perm: int) -> Iterator[Any]:
    """Arrow batches of (band, key, row) for every band of every non-empty signature,
    from batches of (row, signature as bytes): ``lsh.band_keys`` a batch at a time, the
    keys as signed 64-bit for Spark SQL, no Python object per record."""
    import pyarrow as pa

    for batch in batches:
        if batch.num_rows == 0:
            continue
        sig_col = batch.column(1)  # binary of num_perm uint32 each: one run of bytes after the first offset
        start = int(np.frombuffer(sig_col.buffers()[1], np.int32)[sig_col.offset])
        raw = np.frombuffer(sig_col.buffers()[2], np.uint8)[start : start + batch.num_rows * num_perm * 4]
        sigs = raw.view(np.uint32).reshape(batch.num_rows, num_perm)
        keep = ~np.all(sigs == EMPTY, axis=1)
        row_ids = np.asarray(batch.column(0), dtype=np.int64)[keep]
        keys = band_keys(sigs[keep], bands, rows).view(np.int64)
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(np.tile(np.arange(bands, dtype=np.int32), len(row_ids))),
                pa.array(keys.reshape(-1)),
                pa.array(np.repeat(row_ids, bands)),
            ],
            names=["band", "key", "row"],
        )


def _uint32_runs(column: Any) -> tuple[np.ndarray, np.ndarray]:
    """A binary Arrow column of uint32 arrays as (flat values, offsets in values)."""
    offsets = np.frombuffer(column.buffers()[1], np.int32)[column.offset : column.offset + len(column) + 1]
    raw = np.frombuffer(column.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
    return raw.view(np.uint32), (offsets - offsets[0]).astype(np.int64) // 4


def _verify_batches(batches: Iterator[Any], min_containment: float, min_shared: int) -> Iterator[Any]:
    """The pairs (i, j) of Arrow batches of (i, j, sampled set a, sampled set b) that are
    reprints: ``verify.shared_counts`` and ``reprint_mask``, as the embedded engine does."""
    import pyarrow as pa

    for batch in batches:
        n = batch.num_rows
        if n == 0:
            continue
        flat_a, off_a = _uint32_runs(batch.column(2))
        flat_b, off_b = _uint32_runs(batch.column(3))
        flat = np.concatenate([flat_a, flat_b])
        offsets = np.concatenate([off_a, off_b[1:] + off_a[-1]])  # set k is a_k, set n + k is b_k
        pairs = np.stack([np.arange(n), np.arange(n) + n], axis=1)
        sizes = np.diff(offsets)
        ok = reprint_mask(
            shared_counts(flat, offsets, pairs),
            sizes[:n],
            sizes[n:],
            min_containment=min_containment,
            min_shared=min_shared,
        )
        i, j = np.asarray(batch.column(0), np.int64)[ok], np.asarray(batch.column(1), np.int64)[ok]
        yield pa.RecordBatch.from_arrays([pa.array(i), pa.array(j)], names=["i", "j"])


def _candidate_pairs(band_rows: Any, max_bucket: int, start: int = 0) -> Any:
    """An RDD of candidate pairs ``(i, j)``, ``i < j``, ``j >= start``, from a DataFrame of
    (band, key, row): the band records are grouped in Spark SQL, inside the JVM, and only
    the buckets with two members or more, one of them from ``start`` on (a signature
    index's new rows), come back to Python to be paired."""
    from pyspark.sql import functions as F

    buckets = band_rows.groupBy("band", "key").agg(F.collect_list("row").alias("rows")).where(F.size("rows") > 1)
    if start:  # a bucket of earlier articles only was paired in its own run
        buckets = buckets.where(F.array_max("rows") >= start)
    pairs = buckets.select("rows").rdd.flatMap(lambda r: bucket_pairs(r[0], max_bucket)).distinct()
    return pairs.filter(lambda p: p[1] >= start) if start else pairs


def _components(edges: Any, max_rounds: int = 200) -> Any:
    """A DataFrame of (row, label) for every row in the DataFrame ``edges`` (i, j): the
    smallest row of its component, by min-label propagation in Spark SQL (each round a
    row takes the smallest label among itself and its neighbours; rounds end when no
    label falls).  Each round's labels are checkpointed, so the plan does not grow."""
    from pyspark.sql import functions as F

    both = edges.select(F.col("i").alias("src"), F.col("j").alias("dst")).union(
        edges.select(F.col("j").alias("src"), F.col("i").alias("dst"))
    )
    both = both.localCheckpoint()
    labels = both.select(F.col("src").alias("row")).distinct().withColumn("label", F.col("row")).localCheckpoint()
    for _ in range(max_rounds):
        proposals = both.join(labels, both.src == labels.row).select(F.col("dst").alias("row"), "label")
        new = labels.union(proposals).groupBy("row").agg(F.min("label").alias("label")).localCheckpoint()
        changed = new.alias("n").join(labels.alias("o"), "row").where(F.col("n.label") != F.col("o.label")).count()
        labels = new
        if not changed:
            return labels
    raise RuntimeError("connected components did not converge")  # pragma: no cover


def spark_dedup(
    paths: Iterable[str | Path],
    output: str | Path,
    config: Config | None = None,
    *,
    master: str | None = None,
    write_deduplicated: str | Path | None = None,
    index: str | Path | None = None,
) -> Any:
    """``pipeline.dedup`` on Spark: the same JSON lines in ``output``, the same report;
    ``write_deduplicated`` also writes the representatives' records, and ``index`` (a
    signature index folder) matches the batch against earlier ones and adds it, as
    locally (``spark/index.py``)."""
    from ..pipeline.dedup import DedupReport

    config = config or Config()
    rc = config.reprints
    spark = session(master)
    sc = spark.sparkContext
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    report = DedupReport(spark_master=sc.master)
    clock = [time.perf_counter()]

    def lap(phase: str) -> None:
        now = time.perf_counter()
        report.seconds[phase] = round(now - clock[0], 2)
        clock[0] = now
        log.info("spark dedup: %s took %.1f s", phase, report.seconds[phase])

    meta = read_meta(index, rc, VERIFY_SAMPLE) if index is not None else None
    prior = groups = known = None
    start = 0  # rows before it are the index's articles
    if meta is not None:
        prior, groups = prior_frames(spark, index, meta, rc.num_perm)  # type: ignore[arg-type]
        start, known = int(meta["rows"]), groups.select("id").rdd.map(lambda r: r[0])
    partitions = max(2, 2 * sc.defaultParallelism)
    ordered, errors, already = _read(spark, [str(p) for p in paths], config, partitions, known, start)
    report.errors.extend(errors)
    report.indexed, report.already_indexed = start, already
    if meta is not None:  # the first batch's stop shingles
        stop_array = read_stops(index)  # type: ignore[arg-type]
    else:  # the first rows: only the first partitions are read
        stop_array = sample_stop_shingles([r[1] for r in ordered.take(STOP_SAMPLE_DOCS)], rc.shingle_size)[2]
    stops = sc.broadcast(stop_array)
    k, num_perm, seed = rc.shingle_size, rc.num_perm, rc.seed
    sketched = ordered.mapPartitions(lambda rows: _sketch_partition(rows, k, num_perm, seed, stops))
    # one record per article, in Spark SQL for every later step
    new = spark.createDataFrame(sketched, ARTICLE_SCHEMA, verifySchema=False)
    articles = (new if prior is None else prior.union(new)).persist(StorageLevel.MEMORY_AND_DISK)
    total = articles.count()
    report.articles = n = total - start
    lap("read and sketch")
    if meta is not None and n == 0:  # every article is indexed already: nothing changes
        write_records(iter(()), output, "jsonl")
        articles.unpersist()
        return report
    writer = IndexWriter(index, rc, VERIFY_SAMPLE) if index is not None else None
    if writer is not None and n:  # the batch's signatures: the index's next part
        mine = articles.where(F.col("row") >= start).select("row", "id", "sig", "sample").orderBy("row")
        write_part(writer, mine.toLocalIterator(), num_perm)
    # shuffles sized to the corpus
    partitions = max(partitions, total // _ROWS_PER_PARTITION)
    spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    edges = _verified_edges(spark, articles, rc, start)
    if groups is not None:  # earlier groups stand
        edges = edges.union(group_edges(groups))
    lap("LSH buckets and verification")
    labels = _components(edges)  # (row, label) of the rows with a copy only
    lap("connected components")
    rows_out = _output_rows(articles, labels, groups)
    representatives: set[str] = set()
    with writer.groups_sink() if writer is not None else contextlib.nullcontext() as sink:
        lines = _lines(rows_out.toLocalIterator(), start, report, representatives, sink)
        report.regrouped = write_records(lines, output, "jsonl") - n
    if writer is not None:
        writer.write_stops(stop_array)
        writer.commit(total)
    lap("representatives and output")
    articles.unpersist()
    if write_deduplicated:  # the local second pass, on the driver (a stream over the input)
        from ..pipeline.dedup import write_representatives

        write_representatives([str(p) for p in paths], representatives, write_deduplicated, config)
    return report


def _verified_edges(spark: Any, articles: Any, rc: Any, start: int) -> Any:
    """The verified pairs (i, j) of the LSH candidates of ``articles``, those with a row
    from ``start`` on (earlier pairs were verified in their run)."""
    from pyspark.sql import functions as F

    num_perm = rc.num_perm
    bands, rows = optimal_bands(rc.lsh_threshold, num_perm)
    band_rows = articles.select("row", "sig").mapInArrow(
        lambda batches: _band_batches(batches, bands, rows, num_perm), "band int, key long, row long"
    )
    pairs = _candidate_pairs(band_rows, rc.max_bucket_pairs, start)
    min_shared = sampled_min_shared(rc, VERIFY_SAMPLE)
    min_containment = sampled_min_containment(rc, VERIFY_SAMPLE)
    # both sampled sets joined to each pair in Spark SQL, measured a batch at a time
    left = articles.select(F.col("row").alias("i"), F.col("sample").alias("a"))
    right = articles.select(F.col("row").alias("j"), F.col("sample").alias("b"))
    joined = spark.createDataFrame(pairs, "i long, j long", verifySchema=False).join(left, "i").join(right, "j")
    return (
        joined.select("i", "j", "a", "b")
        .mapInArrow(lambda batches: _verify_batches(batches, min_containment, min_shared), "i long, j long")
        .localCheckpoint()
    )


def _output_rows(articles: Any, labels: Any, groups: Any) -> Any:
    """Per article in row order: (row, id, representative's id and row, its component's
    size and smallest id, its earlier group, the earlier group of its component's first row)."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    label_of = articles.select("row", "id", "size").join(labels, "row", "left")
    label_of = label_of.withColumn("label", F.coalesce("label", "row"))
    # representative: most shingles, then smallest id; the group is named by its smallest id (``reprints.ids``)
    pick = Window.partitionBy("label").orderBy(F.col("size").desc(), F.col("id"))
    ranked = label_of.withColumn("rank", F.row_number().over(pick))
    group = Window.partitionBy("label")
    ranked = ranked.withColumn("members", F.count("*").over(group)).withColumn("smallest", F.min("id").over(group))
    reps = ranked.where("rank = 1").select(
        "label", F.col("id").alias("rep"), F.col("row").alias("rep_row"), "members", "smallest"
    )
    out = label_of.join(reps, "label")
    if groups is None:
        out = out.withColumn("old", F.lit(None).cast("string")).withColumn("kept", F.lit(None).cast("string"))
    else:  # a component whose first row (its label) is an earlier article keeps that group's id
        out = out.join(groups.select("row", F.col("group").alias("old")), "row", "left")
        out = out.join(groups.select(F.col("row").alias("label"), F.col("group").alias("kept")), "label", "left")
    return out.select("row", "id", "rep", "rep_row", "members", "smallest", "old", "kept").orderBy("row")


def _lines(
    rows: Iterator[Any], start: int, report: Any, representatives: set[str], sink: Any
) -> Iterator[dict[str, str]]:
    """The output lines: every row from ``start`` on, and earlier rows whose group
    changed; counts the batch's groups into ``report``, its representatives into
    ``representatives``, and hands every row's group to ``sink`` (the index's)."""
    sizes: dict[str, int] = {}
    for row, rid, rep, rep_row, members, smallest, old, kept in rows:
        gid = kept or group_id(smallest)
        if sink is not None:
            sink(rid, gid)
        if row >= start:
            sizes[gid] = members
            report.duplicates += rep != rid
            if rep_row >= start:
                representatives.add(rep)
        elif gid == old:
            continue
        yield {"id": rid, "reprint_group": gid, "representative": rep}
    report.groups = len(sizes)
    report.groups_with_copies = sum(1 for m in sizes.values() if m > 1)
