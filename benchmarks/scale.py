#!/usr/bin/env python3
"""Corpus scale: `storyline dedup` (or the whole `ingest`) on the embedded engine and on
Spark local[2], one run.

    python benchmarks/scale.py --corpus /tmp/s100k          # a syndicate.py --scale corpus
    python benchmarks/scale.py --corpus /tmp/s1m --engines local,spark
    python benchmarks/scale.py --corpus /tmp/s100k --job ingest   # ingest to groups and stories
    python benchmarks/scale.py --corpus /tmp/s5k --job ingest --extract   # ... and quotes
    python benchmarks/scale.py --corpus /tmp/s100k --job ingest --to dataset --load   # Parquet, then SQLite

With ``--job ingest`` each engine ingests ``articles.jsonl`` into a fresh database
(cleaning, reprints, stories, and extraction with ``--extract``; on Spark the per-article
work of every stage runs as Spark tasks); the phases are the pipeline's stages, "to
groups" and "to stories" the time until reprint groups and stories are known, and
"same" compares every article's reprint group, story and storyline and the quote and
entity exports.  ``--to dataset`` ingests into a dataset folder (``ingest --output``)
instead, compared as Parquet; ``--load`` also times loading each into SQLite.

Each engine runs in its own process (`storyline dedup DIR/articles.jsonl -o ...`); the
figures are wall time, docs/s, peak memory of the process tree (proportional set sizes of
the process, its fork pool, Spark's JVM and Python workers, summed, sampled every half second,
every 2 s after the first two minutes), Spark's time per phase,
whether both engines wrote the same groups, and pairwise F1 against the corpus labels
(../shared/tools/score_reprints.py).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import scorer  # noqa: E402


def tree_rss(root: int) -> int:
    """Memory of process ``root`` and all its descendants (from /proc): the sum of their
    proportional set sizes, so pages that forked workers share with their parent count
    once (summing resident sizes counts them once per process)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(stat[1]), []).append(int(d.name))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss(pid)
        todo.extend(children.get(pid, []))
    return total


def _pss(pid: int) -> int:
    """Proportional set size of a process in bytes (its resident size where the kernel
    does not report one)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(stat[21]) * resource.getpagesize()
    except (OSError, IndexError, ValueError):
        return 0


_INGEST = (
    "import json, os, sys, threading, time\n"
    "from storyline.config import Config, ExtractConfig\n"
    "from storyline.pipeline import ingest\n"
    "marks, peaks, peak = [('read', time.perf_counter())], {}, [0]\n"
    "def rss():\n"
    "    with open('/proc/self/statm') as f: return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')\n"
    "def sample():\n"
    "    while True: peak[0] = max(peak[0], rss()); time.sleep(0.25)\n"
    "threading.Thread(target=sample, daemon=True).start()\n"
    "def on_stage(name):\n"
    "    done, started = marks[-1][0], marks[-1][1]\n"
    "    peaks[done] = round(max(peak[0], rss()) / 2**30, 1); peak[0] = 0\n"
    "    print(f'stage {done}: {time.perf_counter() - started:.1f} s, driver peak {peaks[done]} GB',"
    " file=sys.stderr, flush=True)\n"
    "    marks.append((name, time.perf_counter()))\n"
    "config = Config(extract=ExtractConfig(enabled=os.environ.get('SCALE_EXTRACT') == '1'))\n"
    "target = {'output': sys.argv[3]} if os.environ.get('SCALE_TO') == 'dataset' else {'db': sys.argv[3]}\n"
    "r = ingest([sys.argv[2]], config=config, engine=sys.argv[1], spark_master=sys.argv[4], on_stage=on_stage,"
    " **target)\n"
    "on_stage('end')\n"
    "phases = {a[0]: round(b[1] - a[1], 1) for a, b in zip(marks, marks[1:])}\n"
    "print(json.dumps({'articles': r.articles, 'groups': r.groups, 'stories': r.stories, 'quotes': r.quotes,"
    " 'phases': phases, 'driver_gb': peaks}))\n"
)


def run(
    engine: str,
    corpus: Path,
    out: Path,
    master: str,
    job: str = "dedup",
    extract: bool = False,
    to: str = "db",
    source: Path | None = None,
) -> dict:
    """One engine in a child process: wall time, its peak RSS and Spark's phase times."""
    code = (
        _INGEST
        if job == "ingest"
        else (
            "import json, sys\n"
            "from storyline.config import Config\n"
            "if sys.argv[1] == 'spark':\n"
            "    from storyline.scale.spark import spark_dedup\n"
            "    r = spark_dedup([sys.argv[2]], sys.argv[3], Config(), master=sys.argv[4])\n"
            "else:\n"
            "    from storyline.pipeline.dedup import dedup\n"
            "    r = dedup([sys.argv[2]], sys.argv[3], Config())\n"
            "print(json.dumps({'articles': r.articles, 'groups': r.groups, 'phases': r.seconds}))\n"
        )
    )
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, engine, str(source or corpus / "articles.jsonl"), str(out), master],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SCALE_EXTRACT": "1" if extract else "0", "SCALE_TO": to},
    )
    # the child's stderr without the JVM's stack frames (a failed Spark job prints
    # hundreds, which would push the Python traceback out of what is kept)
    tail: deque[str] = deque(maxlen=400)
    log = Path(tempfile.gettempdir()) / f"storyline-scale-{engine}.log"  # all of it, kept

    def relay() -> None:  # the child's stderr, read as it comes; its stage lines shown live
        assert proc.stderr is not None
        with open(log, "w", encoding="utf-8") as kept:
            for line in proc.stderr:
                kept.write(line)
                kept.flush()
                if not line.startswith(("\tat ", "\t... ")):
                    tail.append(line)
                if line.startswith("stage "):
                    print(f"  {engine}: {line}", end="", file=sys.stderr, flush=True)

    reader = threading.Thread(target=relay, daemon=True)
    reader.start()
    peak = 0
    while proc.poll() is None:  # the process tree's memory, summed, every half second,
        peak = max(peak, tree_rss(proc.pid))  # then every 2 s: reading the smaps of a
        time.sleep(0.5 if time.perf_counter() - start < 120 else 2.0)  # 10 GB process costs a core a quarter
    assert proc.stdout is not None
    stdout = proc.stdout.read()
    reader.join()
    if proc.returncode:
        raise SystemExit(
            f"{engine} failed ({_exit_reason(proc.returncode)}; all it printed: {log}):\n{_failure(list(tail))}"
        )
    seconds = time.perf_counter() - start
    res = json.loads(stdout.strip().splitlines()[-1])
    res.update(engine=engine, seconds=round(seconds, 1), peak_mb=round(peak / 2**20))
    return res


def _exit_reason(code: int) -> str:
    if code < 0:
        name = signal.Signals(-code).name
        return f"killed by {name}" + (" (the kernel's out-of-memory killer? see dmesg)" if name == "SIGKILL" else "")
    return f"exit {code}"


def _failure(lines: list[str]) -> str:
    """What a failed run said: its last Python traceback (from the first of a chain of
    tracebacks: the error being handled when another was raised) and the lines after it;
    else its last 60 lines."""
    starts = [i for i, line in enumerate(lines) if line.startswith("Traceback (most recent call last)")]
    while len(starts) > 1 and any(
        line.startswith(("During handling of the above exception", "The above exception was the direct cause"))
        for line in lines[starts[-2] : starts[-1]]
    ):
        starts.pop()
    return "".join(lines[starts[-1] :] if starts else lines[-60:])[-8000:]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True, help="folder with articles.jsonl (and labels.jsonl)")
    ap.add_argument("--input", type=Path, help="what to read instead of CORPUS/articles.jsonl (e.g. a folder of parts)")
    ap.add_argument("--engines", default="local,spark")
    ap.add_argument("--spark-master", default="local[2]")
    ap.add_argument("--job", choices=["dedup", "ingest"], default="dedup")
    ap.add_argument("--extract", action="store_true", help="ingest: extract quotes and entities too")
    ap.add_argument("--to", choices=["db", "dataset"], default="db", help="ingest: into a database, or a dataset")
    ap.add_argument("--load", action="store_true", help="--to dataset: load each dataset into SQLite too (timed)")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp())
    rows = []
    for engine in args.engines.split(","):
        out = tmp / (f"{engine}.db" if args.job == "ingest" else f"{engine}.jsonl")
        if args.job == "ingest" and args.to == "dataset":
            out = tmp / f"{engine}-dataset"
        res = run(engine, args.corpus, out, args.spark_master, args.job, args.extract, args.to, args.input)
        res["out"] = out
        if args.job == "ingest" and args.to == "dataset":
            size = sum(f.stat().st_size for f in out.rglob("*.parquet"))
            print(f"{engine}: dataset {size / 2**20:.0f} MB on disk")
            if args.load:  # what loading it into SQLite costs
                from storyline.api import load_dataset

                started = time.perf_counter()
                load_dataset(out, tmp / f"{engine}-loaded.db")
                print(f"{engine}: loaded into SQLite in {time.perf_counter() - started:.1f} s")
        print(f"  done: {engine}: {json.dumps({k: v for k, v in res.items() if k != 'out'})}", file=sys.stderr)
        rows.append(res)
    if args.job == "ingest":
        _ingest_table(rows, args)
        return
    labels = args.corpus / "labels.jsonl"
    sr = scorer() if labels.exists() else None
    gold = {r["id"]: r["cluster"] for r in sr.read_jsonl(labels)} if sr else {}
    print(f"\n{args.corpus} ({rows[0]['articles']} articles), storyline dedup\n")
    print(f"{'engine':<24}{'seconds':>9}{'docs/s':>9}{'peak MB':>13}{'pair F1':>9}  phases (s)")
    for r in rows:
        f1 = "-"
        if sr:
            pred = {x["id"]: x["reprint_group"] for x in sr.read_jsonl(r["out"])}
            f1 = f"{sr.cluster_metrics({k: v for k, v in gold.items() if k in pred}, pred)['pairwise_f1']:.4f}"
        name = r["engine"] if r["engine"] == "local" else f"spark {args.spark_master}"
        phases = ", ".join(f"{k} {v}" for k, v in r["phases"].items())
        print(f"{name:<24}{r['seconds']:>9}{r['articles'] / r['seconds']:>9.0f}{r['peak_mb']:>13}{f1:>9}  {phases}")
    if len(rows) > 1:
        same = all(r["out"].read_bytes() == rows[0]["out"].read_bytes() for r in rows[1:])
        print(f"\nsame groups and ids on every engine: {same}")


def _records(out: Path, table: str) -> list[dict]:
    """A table of an ingest's output: a database's export, or a dataset's Parquet table
    (read as it is, without loading it into SQLite)."""
    from storyline.api import export_records
    from storyline.store.dataset import Dataset, is_dataset

    if not is_dataset(out):
        return list(export_records(out, table))
    dataset = Dataset(out, create=False)
    if table == "articles":
        return dataset.read_table(table, ("id", "reprint_group", "story", "storyline"))
    return [
        {k: v for k, v in r.items() if k not in ("row_hash", "ingested_at", "updated_at")}
        for r in dataset.read_table(table)
    ]


def _ingest_table(rows: list[dict], args: argparse.Namespace) -> None:
    what = "stories, quotes, entities" if args.extract else "stories; no extraction"
    print(f"\n{args.corpus} ({rows[0]['articles']} articles), storyline ingest (to {what})\n")
    print(
        f"{'engine':<20}{'to groups s':>12}{'to stories s':>13}{'total s':>9}{'docs/s':>8}{'peak MB':>12}"
        f"{'group F1':>9}{'stories':>9}{'quotes':>8}  stages (s)"
    )
    labels = args.corpus / "labels.jsonl"
    sr = scorer() if labels.exists() else None
    gold = {r["id"]: r["cluster"] for r in sr.read_jsonl(labels)} if sr else {}
    for r in rows:
        name = r["engine"] if r["engine"] == "local" else f"spark {args.spark_master}"
        phases = r["phases"]
        to_groups = sum(v for k, v in phases.items() if k in ("read", "load", "clean", "reprints", "refine"))
        to_stories = to_groups + phases.get("stories", 0.0)
        f1 = "-"
        if sr:
            pred = {a["id"]: a["reprint_group"] for a in _records(r["out"], "articles")}
            f1 = f"{sr.cluster_metrics({k: v for k, v in gold.items() if k in pred}, pred)['pairwise_f1']:.4f}"
        print(
            f"{name:<20}{to_groups:>12.1f}{to_stories:>13.1f}{r['seconds']:>9}{r['articles'] / r['seconds']:>8.0f}"
            f"{r['peak_mb']:>12}{f1:>9}{r['stories']:>9}{r['quotes']:>8}  "
            + ", ".join(f"{k} {v}" for k, v in phases.items())
        )
        print(
            f"{'':<20}driver's resident peak by stage (GB): " + ", ".join(f"{k} {v}" for k, v in r["driver_gb"].items())
        )
    print("(to groups: reading, cleaning, reprints and their refinement; to stories: and story clustering)")
    if len(rows) > 1:

        def view(db: Path) -> tuple:
            arts = sorted((a["id"], a["reprint_group"], a["story"], a["storyline"]) for a in _records(db, "articles"))
            return arts, _records(db, "quotes"), _records(db, "entities")

        first = view(rows[0]["out"])
        same = all(view(r["out"]) == first for r in rows[1:])
        print(f"\nsame groups, stories, storylines, quotes and entities on every engine: {same}")


if __name__ == "__main__":
    main()
