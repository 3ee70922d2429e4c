"""Reading the inputs of ``storyline dedup --engine spark``: every article numbered in
the local runner's input order, where it lies, with the local runner's errors.

JSON lines are read by Spark's text reader (split by Hadoop blocks, numbered with
``zipWithIndex``); other files one task per file; each line or file goes through the
local readers.  Rows are then numbered without moving the texts (``_number``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..config import Config, ReaderConfig
from ..errors import InputError
from ..io.readers import ReadReport, format_of, input_files, jsonl_line, read_path, sniff_encoding
from ..io.records import duplicate_id, record_to_text
from ..text.outlets import outlet_key

# The format ``_files`` gives JSON-lines files that Spark's text reader splits by lines.
_LINES = "jsonl-lines"


def _files(paths: Iterable[str], config: Config) -> tuple[list[tuple[str, str, str]], list[InputError]]:
    """(file, id it is read under, format) of every input file in the local runner's
    order, and an error for each path that does not exist.  The format of a JSON-lines
    file that Spark reads line by line is ``_LINES``."""
    found: list[tuple[str, str, str]] = []
    errors: list[InputError] = []
    for entry in input_files(paths, config.reader, ReadReport()):
        if isinstance(entry, InputError):
            errors.append(entry)
            continue
        path, rel_id = entry
        fmt = format_of(path, config.reader.format) or ""
        found.append((str(path), rel_id, _LINES if _split_by_lines(str(path), fmt, config.reader) else fmt))
    return found, errors


def _split_by_lines(name: str, fmt: str, reader: ReaderConfig) -> bool:
    """Whether a file is read line by line by Spark (plain JSON lines in UTF-8, which
    is what Spark's text reader decodes), not whole by one task."""
    return fmt == "jsonl" and not name.endswith(".gz") and _utf8_file(name, reader)


def _utf8_file(name: str, reader: ReaderConfig) -> bool:
    try:
        return sniff_encoding(Path(name), reader).lower().replace("_", "-") in ("utf-8", "utf8")
    except (OSError, InputError):
        return False  # read whole by a task, which reports what is wrong


def _read(
    spark: Any, paths: Iterable[str], config: Config, partitions: int, known: Any = None, first_row: int = 0
) -> tuple[Any, list[InputError], int]:
    """An RDD of ``(row, (id, text, outlet_key))`` numbered in the local runner's input
    order from ``first_row``, the errors of unreadable items and repeated ids (collected:
    they are few), and how many items were left out because their id is in the RDD
    ``known`` (a signature index's).  JSON lines files are split by Spark's text reader;
    runs of other files are read one task per file."""
    sc = spark.sparkContext
    reader = config.reader
    parts = []
    run: list[tuple[int, str, str]] = []  # consecutive files that are not JSON lines

    def read_file(job: tuple[int, str, str]) -> list[Any]:
        fi, name, rel_id = job
        out = []
        for li, item in enumerate(read_path(Path(name), rel_id, reader, ReadReport())):
            if isinstance(item, InputError):
                out.append(((fi, li), item))
            else:
                out.append(((fi, li), (item.id, item.text, outlet_key(item.outlet, item.url))))
        return out

    def flush() -> None:
        if run:  # the files spread over the cluster's cores, in order
            parts.append(sc.parallelize(list(run), min(len(run), sc.defaultParallelism)).flatMap(read_file))
            run.clear()

    files, missing = _files(paths, config)
    for fi, (name, rel_id, fmt) in enumerate(files):
        if fmt != _LINES:
            run.append((fi, name, rel_id))
            continue
        flush()

        def parse(pair: tuple[str, int], fi: int = fi, name: str = name) -> list[Any]:
            line, li = pair
            item = jsonl_line(line.encode("utf-8"), f"{name}:{li + 1}", name, reader, record_to_text)
            if item is None:
                return []
            if isinstance(item, InputError):
                return [((fi, li), item)]
            rid, text, outlet, url, _ = item
            return [((fi, li), (rid, text, outlet_key(outlet, url)))]

        parts.append(sc.textFile(name).zipWithIndex().flatMap(parse))
    flush()
    items = sc.union(parts) if parts else sc.emptyRDD()
    return _number(sc, items, files, missing, partitions, known, first_row)


def _is_error(value: Any) -> bool:
    return isinstance(value, InputError)


def _number(
    sc: Any,
    items: Any,
    files: list[tuple[str, str, str]],
    errors: list[InputError],
    partitions: int,
    known: Any = None,
    first_row: int = 0,
) -> tuple[Any, list[InputError], int]:
    """Rows numbered in input order from ``first_row`` without moving the texts: one
    light pass collects the errors, the repeated ids and the ids in ``known`` (left out,
    as the local runner skips what an index holds) and counts each partition's kept
    items; the texts are then read again where they lie and numbered from those counts
    (as ``zipWithIndex`` does)."""

    def light(index: int, it: Iterator[Any]) -> Iterator[Any]:
        for order, value in it:
            yield index, order, value if _is_error(value) else value[0]

    meta = items.mapPartitionsWithIndex(light)
    meta.persist()
    found = [(order, v) for _, order, v in meta.filter(lambda t: _is_error(t[2])).collect()]
    ids = meta.filter(lambda t: not _is_error(t[2]))
    repeated = dict(
        ids.map(lambda t: (t[2], (t[1], 1)))
        .reduceByKey(lambda x, y: (min(x[0], y[0]), x[1] + y[1]), partitions)
        .filter(lambda kv: kv[1][1] > 1)
        .map(lambda kv: (kv[0], kv[1][0]))
        .collect()
    )  # id -> the order of its first occurrence

    def where(order: tuple[int, int]) -> str:
        name, _, fmt = files[order[0]]
        return f"{name}:{order[1] + 1}" if fmt == _LINES else name

    first = sc.broadcast(repeated)
    later = ids.filter(lambda t: t[2] in first.value and t[1] != first.value[t[2]]).map(lambda t: (t[1], t[2]))
    dropped = set()
    for order, rid in sorted(later.collect()):  # a repeated id keeps its first occurrence (as locally)
        dropped.add(order)
        found.append((order, duplicate_id(where(order), rid, where(repeated[rid]))))
    # in input order, after the missing paths, as the local runner reports them
    errors = errors + [e for _, e in sorted(found, key=lambda x: x[0])]
    already = 0
    if known is not None:  # first occurrences of ids the index holds
        later_orders = sc.broadcast(set(dropped))
        kept = ids.filter(lambda t: t[1] not in later_orders.value).map(lambda t: (t[2], t[1]))
        held = kept.join(known.map(lambda rid: (rid, None)), partitions).map(lambda kv: kv[1][0]).collect()
        dropped.update(held)
        already = len(held)
    drop = sc.broadcast(dropped)
    counts = ids.filter(lambda t: t[1] not in drop.value).map(lambda t: (t[0], 1)).countByKey()
    meta.unpersist()
    offsets, total = {}, first_row
    for index in range(items.getNumPartitions()):
        offsets[index], total = total, total + counts.get(index, 0)
    start = sc.broadcast(offsets)

    def numbered(index: int, it: Iterator[Any]) -> Iterator[Any]:
        row = start.value[index]
        for order, value in it:
            if not _is_error(value) and order not in drop.value:
                yield row, value
                row += 1

    return items.mapPartitionsWithIndex(numbered, preservesPartitioning=True), errors, already
