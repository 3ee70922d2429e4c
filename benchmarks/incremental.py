#!/usr/bin/env python3
"""A daily batch against the archive's signature index, beside recomputing everything.

    python benchmarks/incremental.py --corpus /tmp/s100k --batch 10000 [--engines local,spark]

The corpus's ``articles.jsonl`` (a ``syndicate.py --scale`` corpus) is cut into an
archive (all but the last ``--batch`` articles) and a day's batch.  Each step runs as
its own ``storyline dedup`` process:

1. index the archive once (``--index``);
2. the day's batch against the index (what a daily crawl costs);
3. the peer: dedup of archive + batch from scratch (what it costs without an index).

With ``--engines local,spark`` steps 1 and 2 also run on Spark (``--engine spark
--spark-master local[2]``, an index of its own), and the run says whether the Spark
day's output is the embedded one, byte for byte.

Printed: wall time, peak memory of each process, whether the two ways give the same
groups (they can differ where an LSH bucket is crowded past ``max_bucket_pairs`` and
cut to a star, which depends on the corpus it is cut in), and pairwise F1 against the
corpus labels for both.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import scorer  # noqa: E402
from scale import tree_rss  # noqa: E402


def step(args: list[str]) -> tuple[float, int]:
    """Run ``storyline dedup ARGS`` in a child: (seconds, peak RSS in MB, sampled every
    0.1 s: a child's own rusage would inherit this process's high-water mark)."""
    start = time.perf_counter()
    cli = Path(sys.executable).with_name("storyline")  # the console script beside this interpreter
    proc = subprocess.Popen([str(cli), "dedup", *args], stdout=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"storyline dedup {' '.join(args)} failed")
    return seconds, peak // 2**20


def _groups(*files: Path) -> dict[str, str]:
    sr = scorer()
    out: dict[str, str] = {}
    for f in files:  # later lines (a regrouped earlier article) win
        out.update({r["id"]: r["reprint_group"] for r in sr.read_jsonl(f)})
    return out


def _partition(groups: dict[str, str]) -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for k, v in groups.items():
        by.setdefault(v, set()).add(k)
    return {frozenset(x) for x in by.values()}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True, help="folder with articles.jsonl and labels.jsonl")
    ap.add_argument("--batch", type=int, default=10_000, help="articles in the day's batch (the corpus's last)")
    ap.add_argument("--engines", default="local", help="local, spark or local,spark")
    args = ap.parse_args(argv)
    engines = args.engines.split(",")
    tmp = Path(tempfile.mkdtemp())
    lines = (args.corpus / "articles.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    archive, day = tmp / "archive.jsonl", tmp / "day.jsonl"
    archive.write_text("".join(lines[: -args.batch]), encoding="utf-8")
    day.write_text("".join(lines[-args.batch :]), encoding="utf-8")
    index = tmp / ("index" if engines[0] == "local" else "index-spark")
    out = {name: str(tmp / f"{name}-groups.jsonl") for name in ("archive", "day", "all")}
    rows = []
    for engine in engines:
        flags = [] if engine == "local" else ["--engine", "spark", "--spark-master", "local[2]"]
        suffix = "" if engine == "local" else "-spark"
        where = ["--index", str(tmp / f"index{suffix}"), *flags]
        label = "" if engine == "local" else ", Spark local[2]"
        archive_out, day_out = (str(tmp / f"{name}{suffix}-groups.jsonl") for name in ("archive", "day"))
        rows.append((f"index the archive (once){label}", *step([str(archive), "-o", archive_out, *where])))
        rows.append((f"day's batch, with the index{label}", *step([str(day), "-o", day_out, *where])))
    rows.append(("peer: everything from scratch", *step([str(archive), str(day), "-o", out["all"]])))
    first = "" if engines[0] == "local" else "-spark"  # the groups scored: the first engine's
    incremental = _groups(tmp / f"archive{first}-groups.jsonl", tmp / f"day{first}-groups.jsonl")
    whole = _groups(tmp / "all-groups.jsonl")
    sr = scorer()
    gold = {r["id"]: r["cluster"] for r in sr.read_jsonl(args.corpus / "labels.jsonl")}
    print(f"\n{args.corpus}: archive {len(lines) - args.batch} articles, day's batch {args.batch}\n")
    print(f"{'step':<50}{'seconds':>9}{'peak RSS MB':>13}")
    for name, seconds, mb in rows:
        print(f"{name:<50}{seconds:>9.1f}{mb:>13}")
    if "spark" in engines and "local" in engines:
        same = (tmp / "day-groups.jsonl").read_bytes() == (tmp / "day-spark-groups.jsonl").read_bytes()
        print(f"Spark's day output is the embedded one, byte for byte: {same}")
    for name, groups in (("with the index", incremental), ("from scratch", whole)):
        f1 = sr.cluster_metrics({k: gold[k] for k in groups}, groups)["pairwise_f1"]
        print(f"pairwise F1, {name}: {f1:.4f}")
    a, b = _partition(incremental), _partition(whole)
    moved = len({x for g in a ^ b for x in g})
    print(f"same groups both ways: {a == b} (articles in groups that differ: {moved})")
    size = sum(f.stat().st_size for f in index.rglob("*") if f.is_file())
    print(f"index on disk: {size / 2**20:.0f} MB for {len(lines)} articles")


if __name__ == "__main__":
    main()
