#!/usr/bin/env python3
"""Article bodies from HTML pages: trafilatura alone against Storyline's HTML reading
(trafilatura, then Storyline's news boilerplate cleaning), in one run.

    python benchmarks/extraction.py

Data: ``../shared/data/article-extraction-benchmark/`` (181 news pages with the article
body written out by hand).  Metric, as the data's README gives it: 4-word shingles of
``\\w+`` tokens (case kept) counted with multiplicity; per page true positives, false
positives and false negatives normalised to sum 1, summed over pages; precision, recall
and F1 from the sums.

Storyline reads each page as ``storyline ingest`` does (``io.readers.read_html``) and
cleans the pages together (``text.clean_articles``: furniture rules, lines learned from
repetition in one site, metadata lines set aside), as an ingest of the folder would.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import shared_dir  # noqa: E402

_TOKEN = re.compile(r"\w+")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def page_score(pred: str, gold: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page, normalised to sum 1."""
    p, g = shingles(pred), shingles(gold)
    tp = sum((p & g).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (1.0, 0.0, 0.0)


def totals(preds: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    tp = fp = fn = 0.0
    for pid, body in gold.items():
        a, b, c = page_score(preds.get(pid, ""), body)
        tp, fp, fn = tp + a, fp + b, fn + c
    p, r = tp / (tp + fp), tp / (tp + fn)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r)}


def trafilatura_alone(pages: dict[str, str]) -> dict[str, str]:
    import trafilatura

    return {pid: trafilatura.extract(html) or "" for pid, html in pages.items()}


def storyline_bodies(pages: dict[str, str]) -> dict[str, str]:
    from storyline.config import CleanConfig, ReaderConfig
    from storyline.io.readers import read_html
    from storyline.model import Article
    from storyline.text import clean_articles

    folder = Path(tempfile.mkdtemp())
    articles = []
    for pid, html in pages.items():
        path = folder / f"{pid}.html"
        path.write_text(html, encoding="utf-8")
        item = read_html(path, pid, ReaderConfig())
        articles.append(item if isinstance(item, Article) else Article(pid, ""))
    clean_articles(articles, CleanConfig())
    return {a.id: a.body for a in articles}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, help="the first N pages only")
    args = ap.parse_args(argv)
    base = shared_dir() / "data" / "article-extraction-benchmark"
    gold_all = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold_all)[: args.limit] if args.limit else sorted(gold_all)
    pages = {
        pid: gzip.decompress((base / "html" / f"{pid}.html.gz").read_bytes()).decode("utf-8", "replace") for pid in ids
    }
    gold = {pid: gold_all[pid]["articleBody"] for pid in ids}
    print(f"\n{base.name}: {len(ids)} pages; 4-word shingle F1 of the article body\n")
    print(f"{'system':<52}{'P':>8}{'R':>8}{'F1':>8}{'pages/s':>9}")
    for name, run in (
        ("trafilatura alone (extract, defaults)", trafilatura_alone),
        ("storyline (trafilatura + news boilerplate cleaning)", storyline_bodies),
    ):
        start = time.perf_counter()
        preds = run(pages)
        rate = len(pages) / (time.perf_counter() - start)
        s = totals(preds, gold)
        print(f"{name:<52}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}{rate:>9.1f}")
    print("\nanchors (the data's README): trafilatura 2.0.0 0.958, best commercial service 0.970")


if __name__ == "__main__":
    main()
