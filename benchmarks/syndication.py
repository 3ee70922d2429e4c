#!/usr/bin/env python3
"""Reprint grouping and cleaning accuracy on ../shared/data/syndication-dev, with timings.

    python benchmarks/syndication.py [--bench DIR] [--json]

Runs Storyline's cleaning and reprint stages on the benchmark's articles.jsonl and
scores them with the benchmark's own scorer (``../shared/tools/score_reprints.py``):
pairwise precision/recall/F1, ARI and B-cubed for the groups; boilerplate removal
recall, body lines kept and removal precision for the cleaned texts.  The scorer's
reference baselines (same normalised title; exact shingle Jaccard over an inverted
index) are printed beside Storyline's figures, with run time and peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import scorer, shared_dir  # noqa: E402
from storyline.config import Config  # noqa: E402
from storyline.errors import InputError  # noqa: E402
from storyline.io import read_inputs  # noqa: E402
from storyline.pipeline import CleanStage, RefineStage, ReprintStage, StoryStage, run_local  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(bench: Path, config: Config | None = None, with_stories: bool = False) -> dict:
    """Clean and group the benchmark's articles; return the scores and timings."""
    config = config or Config()
    sr = scorer()
    t0 = time.perf_counter()
    articles = [a for a in read_inputs([bench / "articles.jsonl"], config.reader) if not isinstance(a, InputError)]
    t_read = time.perf_counter()
    timings = {}

    def on_stage(name: str) -> None:
        timings[name] = time.perf_counter()

    stages = [CleanStage(config), ReprintStage(config), RefineStage(config)]
    stages += [StoryStage(config)] if with_stories else []
    batch = run_local(articles, stages, on_stage)
    t_end = time.perf_counter()
    names = list(timings) + ["end"]
    stamps = list(timings.values()) + [t_end]
    stage_seconds = {n: round(stamps[i + 1] - stamps[i], 2) for i, n in enumerate(names[:-1])}

    arts, gold, gold_bp = sr.load_bench(str(bench))
    pred = {a.id: a.reprint_group for a in batch.articles}
    cleaned = {a.id: a.clean_text for a in batch.articles}
    cm = sr.cluster_metrics(gold, pred)
    bm = sr.boilerplate_metrics(arts, gold_bp, cleaned)
    return {
        "articles": len(articles),
        "pairwise_precision": cm["pairwise_precision"],
        "pairwise_recall": cm["pairwise_recall"],
        "pairwise_f1": cm["pairwise_f1"],
        "ari": cm["ari"],
        "bcubed_f1": cm["bcubed_f1"],
        "boilerplate_removed": bm["boilerplate_removal_recall"],
        "body_kept": bm["body_kept"],
        "removal_precision": bm["removal_precision"],
        "read_seconds": round(t_read - t0, 2),
        "stage_seconds": stage_seconds,
        "total_seconds": round(t_end - t0, 2),
        "docs_per_second": round(len(articles) / (t_end - t0), 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def baselines(bench: Path) -> dict[str, dict]:
    sr = scorer()
    arts, gold, gold_bp = sr.load_bench(str(bench))
    out = {}
    for name in ("title", "shingle"):
        t0 = time.perf_counter()
        pred = sr.baseline(name, arts, gold_bp)
        m = sr.cluster_metrics(gold, pred)
        m["seconds"] = round(time.perf_counter() - t0, 2)
        out[name] = m
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--bench", type=Path, default=None, help="benchmark folder (default ../shared/data/syndication-dev)"
    )
    ap.add_argument("--stories", action="store_true", help="also time the story stage")
    ap.add_argument("--json", action="store_true", help="print JSON only")
    args = ap.parse_args(argv)
    bench = args.bench or shared_dir() / "data" / "syndication-dev"
    result = run(bench, with_stories=args.stories)
    base = baselines(bench)
    if args.json:
        print(json.dumps({"storyline": result, "baselines": base}, indent=2))
        return
    print(f"syndication-dev: {result['articles']} articles ({bench})\n")
    print(f"{'system':<28}{'pair P':>8}{'pair R':>8}{'pair F1':>9}{'ARI':>8}{'B3 F1':>8}{'seconds':>9}")
    print(
        f"{'storyline':<28}{result['pairwise_precision']:>8.4f}{result['pairwise_recall']:>8.4f}"
        f"{result['pairwise_f1']:>9.4f}{result['ari']:>8.4f}{result['bcubed_f1']:>8.4f}{result['total_seconds']:>9.2f}"
    )
    for name, m in base.items():
        label = {"title": "baseline: same title", "shingle": "baseline: exact 5-gram Jaccard"}[name]
        print(
            f"{label:<28}{m['pairwise_precision']:>8.4f}{m['pairwise_recall']:>8.4f}{m['pairwise_f1']:>9.4f}"
            f"{m['ari']:>8.4f}{m['bcubed_f1']:>8.4f}{m['seconds']:>9.2f}"
        )
    print(
        f"\ncleaning: boilerplate lines removed {result['boilerplate_removed']:.4f}, body lines kept "
        f"{result['body_kept']:.4f}, removal precision {result['removal_precision']:.4f}"
    )
    print(
        f"time: read {result['read_seconds']}s, stages {result['stage_seconds']}, total {result['total_seconds']}s "
        f"({result['docs_per_second']} docs/s, one process); peak RSS {result['peak_rss_mb']} MB"
    )


if __name__ == "__main__":
    main()
