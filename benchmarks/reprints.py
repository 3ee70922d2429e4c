#!/usr/bin/env python3
"""Reprint grouping: Storyline against datasketch and rensa, in one run.

    python benchmarks/reprints.py                          # syndication-dev and -noisy-dev
    python benchmarks/reprints.py --scale 100000           # and a syndicate.py --scale corpus
    python benchmarks/reprints.py --corpus /tmp/s100k      # any corpus (repeatable)
    python benchmarks/reprints.py --limit 20000 --thresholds 0.5

Every system reads the same JSON lines, shingles the raw texts the same way (Storyline's
canonical word 4-grams, timed inside each system), and writes ``{"id", "cluster"}``:

* storyline:  ``storyline dedup`` (stop-shingle filtering, MinHash LSH, containment
  verification), on one process and on two (``--workers 2``);
* datasketch: ``MinHash.update_batch`` + ``MinHashLSH`` (the library's documented path),
  candidates kept when their estimated Jaccard reaches the threshold, groups = connected
  components;
* rensa:      ``RMinHash.update`` + ``RMinHashLSH`` (its documented path), likewise.

Each system runs in a fresh process, so its peak RSS is its own.  Accuracy is scored by
the benchmark's scorer (``../shared/tools/score_reprints.py``) when labels exist.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import scorer, shared_dir  # noqa: E402


def _records(path: Path, limit: int | None):
    import orjson

    with open(path, "rb") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                return
            yield orjson.loads(line)


def _components(n: int, pairs) -> list[int]:
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    pairs = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    return connected_components(graph, directed=False)[1].tolist()


def _shingle_tokens(texts):
    """Storyline's shingles of raw texts, as 8-byte tokens for the peers' update calls."""
    from storyline.reprints.shingles import batch_shingles

    flat, offsets = batch_shingles(texts, 4)
    raw = flat.view("S8")
    return [list(raw[offsets[i] : offsets[i + 1]]) for i in range(len(texts))]


def run_system(system: str, corpus: Path, out: Path, limit: int | None, threshold: float, workers: int) -> dict:
    """Run one system in this process; write its clusters; return timings."""
    start = time.perf_counter()
    n = 0
    if system == "storyline":
        from storyline.config import Config, ReprintConfig
        from storyline.pipeline.dedup import dedup

        src = corpus / "articles.jsonl"
        if limit is not None:
            src = Path(tempfile.mkdtemp()) / "articles.jsonl"
            with open(corpus / "articles.jsonl", "rb") as f, open(src, "wb") as g:
                for i, line in enumerate(f):
                    if i >= limit:
                        break
                    g.write(line)
            start = time.perf_counter()
        groups = out.with_suffix(".groups.jsonl")
        report = dedup([src], groups, Config(reprints=ReprintConfig()), workers=workers)
        n = report.articles
        with open(groups) as f, open(out, "w") as g:
            for line in f:
                r = json.loads(line)
                g.write(json.dumps({"id": r["id"], "cluster": r["reprint_group"]}) + "\n")
    else:
        recs = list(_records(corpus / "articles.jsonl", limit))
        n = len(recs)
        ids = [r["id"] for r in recs]
        pairs = []
        for lo in range(0, n, 10_000):
            chunk = recs[lo : lo + 10_000]
            tokens = _shingle_tokens([r["text"] for r in chunk])
            if system == "datasketch":
                from datasketch import MinHash, MinHashLSH

                if lo == 0:
                    lsh, sigs = MinHashLSH(threshold=threshold, num_perm=128), []
                for i, toks in enumerate(tokens, start=lo):
                    m = MinHash(num_perm=128)
                    m.update_batch(toks)
                    lsh.insert(i, m)
                    sigs.append(m)
            else:
                from rensa import RMinHash, RMinHashLSH

                if lo == 0:
                    # rensa needs bands dividing 128: the divisor whose S-curve midpoint
                    # (1/b)^(1/r) is nearest the threshold
                    bands = min((b for b in (2, 4, 8, 16, 32, 64)), key=lambda b: abs((1 / b) ** (b / 128) - threshold))
                    lsh, sigs = RMinHashLSH(threshold, 128, bands), []
                for i, toks in enumerate(tokens, start=lo):
                    m = RMinHash(128, 42)
                    m.update(toks)
                    lsh.insert(i, m)
                    sigs.append(m)
        for i, m in enumerate(sigs):  # candidates verified on estimated Jaccard, as both READMEs do
            pairs.extend((i, j) for j in lsh.query(m) if j > i and m.jaccard(sigs[j]) >= threshold)
        labels = _components(n, pairs)
        with open(out, "w") as g:
            for i, label in enumerate(labels):
                g.write(json.dumps({"id": ids[i], "cluster": label}) + "\n")
    seconds = time.perf_counter() - start
    return {
        "docs": n,
        "seconds": round(seconds, 2),
        "docs_per_second": round(n / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _score(corpus: Path, pred: Path, limit: int | None) -> dict | None:
    labels = corpus / "labels.jsonl"
    if not labels.exists():
        return None
    sr = scorer()
    p = {r["id"]: r["cluster"] for r in sr.read_jsonl(pred)}
    gold = {r["id"]: r["cluster"] for r in sr.read_jsonl(labels) if r["id"] in p}
    return sr.cluster_metrics(gold, p)


def scaled_corpus(n: int) -> Path:
    """A syndicated corpus of ``n`` articles (``../shared/tools/syndicate.py --scale``),
    made once and kept in the temporary folder."""
    out = Path(tempfile.gettempdir()) / f"storyline-syndicated-{n}"
    if not (out / "articles.jsonl").exists():
        tool = shared_dir() / "tools" / "syndicate.py"
        print(f"  making {out} with {tool.name} --scale {n} (minutes; kept for the next run)", file=sys.stderr)
        subprocess.run(
            [sys.executable, str(tool), "--source", "reuters", "--scale", str(n), "--out", str(out), "--no-stats"],
            check=True,
            capture_output=True,
        )
    return out


def bench_corpus(corpus: Path, args: argparse.Namespace) -> list[dict]:
    """Every system's runs on one corpus, each in a fresh process."""
    runs = []
    for system in args.systems.split(","):
        settings = (
            [(None, 1), (None, 2)] if system == "storyline" else [(float(t), 1) for t in args.thresholds.split(",")]
        )
        for threshold, workers in settings:
            out = Path(tempfile.mkdtemp()) / f"{system}.jsonl"
            cmd = [
                sys.executable,
                __file__,
                "--run",
                system,
                "--corpus",
                str(corpus),
                "--out",
                str(out),
                "--workers",
                str(workers),
                "--threshold",
                str(threshold or 0.5),
            ]
            if args.limit:
                cmd += ["--limit", str(args.limit)]
            res = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()[-1])
            res.update(system=system, threshold=threshold, workers=workers, scores=_score(corpus, out, args.limit))
            runs.append(res)
            if not args.json:
                print(
                    f"  done: {corpus.name}: {system} threshold={threshold} workers={workers}: {res['seconds']} s",
                    file=sys.stderr,
                )
    return runs


def print_runs(corpus: Path, runs: list[dict]) -> None:
    print(f"\n{corpus} ({runs[0]['docs']} articles)\n")
    print(f"{'system':<30}{'pair P':>8}{'pair R':>8}{'pair F1':>9}{'ARI':>8}{'B3 F1':>8}{'docs/s':>10}{'RSS MB':>9}")
    for r in runs:
        name = r["system"] + (f" LSH t={r['threshold']}" if r["threshold"] else "") + f", {r['workers']} proc"
        s = r["scores"]
        acc = (
            (
                f"{s['pairwise_precision']:>8.4f}{s['pairwise_recall']:>8.4f}{s['pairwise_f1']:>9.4f}{s['ari']:>8.4f}"
                f"{s['bcubed_f1']:>8.4f}"
            )
            if s
            else f"{'(no labels)':>41}"
        )
        print(f"{name:<30}{acc}{r['docs_per_second']:>10.0f}{r['peak_rss_mb']:>9.0f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="folder with articles.jsonl (and labels.jsonl); repeatable (default: syndication-dev and -noisy-dev)",
    )
    ap.add_argument("--scale", type=int, default=None, help="also a syndicate.py --scale N corpus (made once)")
    ap.add_argument("--limit", type=int, default=None, help="use the first N articles")
    ap.add_argument("--thresholds", default="0.5,0.2", help="LSH thresholds for the peers (comma-separated)")
    ap.add_argument("--systems", default="storyline,datasketch,rensa")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--run", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--threshold", type=float, default=0.5, help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.run:  # child process: one system on one corpus
        corpus = args.corpus[0]
        print(json.dumps(run_system(args.run, corpus, args.out, args.limit, args.threshold, args.workers)))
        return
    corpora = args.corpus or [
        shared_dir() / "data" / name
        for name in ("syndication-dev", "syndication-noisy-dev")
        if (shared_dir() / "data" / name / "articles.jsonl").exists()
    ]
    if args.scale:
        corpora.append(scaled_corpus(args.scale))
    results = {str(c): bench_corpus(c, args) for c in corpora}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for corpus in corpora:
        print_runs(corpus, results[str(corpus)])
    print(
        "\ndocs/s: whole process, JSON lines in, groups out, shingling included; datasketch and rensa have no "
        "multi-process mode, so they run on one."
    )


if __name__ == "__main__":
    main()
