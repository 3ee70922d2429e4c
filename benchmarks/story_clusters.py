"""Stories and storylines against labelled events (``benchmarks/stories.py`` prints them):
B-cubed precision, recall and F1 of Storyline's stories and storylines on the demo
corpus (``demo/expected.json``) and on 58 PolNeAR articles labelled by event
(``benchmarks/data/polnear-events.jsonl``; how they were chosen: benchmarks/README.md),
with the articles' dates and with them removed, beside a TF-IDF + time-window baseline
(single-link over cosine of title + text, within 3 days for stories and 21 for
storylines, its thresholds the best on the demo corpus).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import re
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "benchmarks" / "data" / "polnear-events.jsonl"


def b_cubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster) against gold."""
    items = sorted(gold)
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i in items:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in items) / len(items)
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items) / len(items)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


# -- the corpora ---------------------------------------------------------------------
def demo_corpus() -> tuple[list[dict[str, Any]], dict[str, str], dict[str, str]]:
    """The demo articles as records (id, text; their dates are in the text) and their
    gold events and storylines."""
    expected = json.loads((ROOT / "demo" / "expected.json").read_text(encoding="utf-8"))
    event = {a: e for e, arts in expected["events"].items() for a in arts}
    line = {e: e for e in expected["events"]}
    for members in expected["storylines"]:
        for e in members:
            line[e] = members[0]
    records = [
        {"id": str(p.relative_to(ROOT / "demo" / "corpus")), "text": p.read_text(encoding="utf-8")}
        for p in sorted((ROOT / "demo" / "corpus").rglob("*.txt"))
    ]
    return records, event, {a: line[e] for a, e in event.items()}


def polnear_corpus(shared: Path, dated: bool) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, str]]:
    """The labelled PolNeAR articles (ids are the first 12 hex digits of the SHA-1 of
    their file names), with their dates from ``metadata.tsv`` or none."""
    root = shared / "data" / "polnear"
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    wanted = {r["id"] for r in labels}
    files = {
        hashlib.sha1(p.stem.encode()).hexdigest()[:12]: p
        for split in ("train", "dev", "test")
        for p in (root / split / "text").glob("*.txt")
    }
    dates = {r["filename"]: r["publication_date"] for r in csv.DictReader(open(root / "metadata.tsv"), delimiter="\t")}
    records = []
    for h in sorted(wanted):
        p = files[h]
        rec = {"id": h, "text": p.read_text(encoding="utf-8", errors="replace")}
        if dated:
            rec["date"] = dates[p.stem]
        records.append(rec)
    return records, {r["id"]: r["event"] for r in labels}, {r["id"]: r["storyline"] for r in labels}


# -- Storyline and the baseline ------------------------------------------------------------
def storyline_clusters(records: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str], list]:
    """Storyline's stories and storylines of ``records`` (ingested into a temporary
    database without extraction), and the articles (for the baseline's texts and dates)."""
    import storyline
    from storyline.store.db import Store

    config = storyline.Config(extract=storyline.ExtractConfig(enabled=False))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        storyline.ingest([src], Path(tmp) / "x.db", config)
        with Store(Path(tmp) / "x.db", create=False) as store:
            arts = list(store.articles())
    key = {a.id: a.id.split(":")[-1] for a in arts}
    return {key[a.id]: a.story for a in arts}, {key[a.id]: a.storyline for a in arts}, arts


_WORD = re.compile(r"\w+")


def tfidf_clusters(arts: list, threshold: float, window_days: int) -> dict[str, str]:
    """Single-link clusters of plain TF-IDF (sublinear tf, smooth idf) of title + text:
    two articles join when their cosine reaches ``threshold`` and their dates (when both
    are known) lie within ``window_days``."""
    docs = {a.id.split(":")[-1]: Counter(_WORD.findall(f"{a.title or ''} {a.body}".lower())) for a in arts}
    day = {a.id.split(":")[-1]: a.date for a in arts}
    df = Counter(w for c in docs.values() for w in c)
    n = len(docs)
    vecs = {}
    for i, c in docs.items():
        v = {w: (1 + math.log(k)) * (math.log((1 + n) / (1 + df[w])) + 1) for w, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs[i] = {w: x / norm for w, x in v.items()}
    parent = {i: i for i in docs}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ids = sorted(docs)
    for x, i in enumerate(ids):
        for j in ids[x + 1 :]:
            if day[i] and day[j]:
                gap = abs((dt.date.fromisoformat(day[i][:10]) - dt.date.fromisoformat(day[j][:10])).days)
                if gap > window_days:
                    continue
            small, large = sorted((vecs[i], vecs[j]), key=len)
            if sum(v * large.get(w, 0.0) for w, v in small.items()) >= threshold:
                parent[find(i)] = find(j)
    return {i: find(i) for i in ids}


def evaluate(shared: Path | None) -> list[dict[str, Any]]:
    """Every corpus and system: B-cubed of stories and of storylines."""
    corpora: list[tuple[str, Any]] = [("demo corpus (32 articles, 8 events)", demo_corpus())]
    if shared is not None and (shared / "data" / "polnear").is_dir():
        corpora.append(("PolNeAR events (58 articles), dated", polnear_corpus(shared, True)))
        corpora.append(("PolNeAR events, dates removed", polnear_corpus(shared, False)))
    runs = [(name, *storyline_clusters(records), event, line) for name, (records, event, line) in corpora]
    # the baseline's thresholds: the best on the demo corpus (stories, then storylines)
    demo_arts, demo_event, demo_line = runs[0][3], runs[0][4], runs[0][5]
    grid = [t / 100 for t in range(10, 90, 2)]
    t_story = max(grid, key=lambda t: (b_cubed(tfidf_clusters(demo_arts, t, 3), demo_event)["f1"], t))
    t_line = max(grid, key=lambda t: (b_cubed(tfidf_clusters(demo_arts, t, 21), demo_line)["f1"], t))
    rows = []
    for name, stories, lines, arts, event, line in runs:
        rows.append({"corpus": name, "system": "storyline", "stories": b_cubed(stories, event),
                     "storylines": b_cubed(lines, line)})  # fmt: skip
        rows.append(
            {
                "corpus": name,
                "system": f"TF-IDF + time window ({t_story:.2f}/{t_line:.2f})",
                "stories": b_cubed(tfidf_clusters(arts, t_story, 3), event),
                "storylines": b_cubed(tfidf_clusters(arts, t_line, 21), line),
            }
        )
    return rows


def seeds_beside(shared: Path) -> list[tuple[str, bool, bool]]:
    """The seeds alone, beside the demo corpus and beside 1,000 syndication-dev articles:
    whether their groups, stories, storylines and inferred dates are those they have
    alone, and whether they are what ``EXPECTED.md`` says."""
    seeds = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted((shared / "seeds").glob("*.txt"))]
    synd = shared / "data" / "syndication-dev" / "articles.jsonl"
    others = {"beside the demo corpus (32 articles)": demo_corpus()[0]}
    if synd.exists():
        lines = synd.read_text(encoding="utf-8").splitlines()[:1000]
        others["beside 1,000 syndication-dev articles"] = [json.loads(x) for x in lines]

    def view(records: list[dict[str, Any]]) -> dict[str, tuple]:
        _, _, arts = storyline_clusters(records)
        mine = {a.id.split(":")[-1][:3]: a for a in arts if a.id.split(":")[-1] in {r["id"] for r in seeds}}

        def mates(k: str, field: str) -> frozenset[str]:
            return frozenset(x for x, b in mine.items() if getattr(b, field) == getattr(mine[k], field))

        return {k: (mates(k, "reprint_group"), mates(k, "story"), mates(k, "storyline"), mine[k].date_inferred)
                for k in mine}  # fmt: skip

    def expected(v: dict[str, tuple]) -> bool:
        return (
            v["000"][0] == {"000", "001"}
            and v["000"][1] == {"000", "001"}
            and v["002"][1] == {"002"}
            and v["004"][1] == {"004"}
            and v["000"][2] == {"000", "001", "004"}
            and v["002"][2] == {"002"}
        )

    alone = view(seeds)
    out = [("alone", True, expected(alone))]
    for name, records in others.items():
        v = view(seeds + records)
        out.append((name, v == alone, expected(v)))
    return out


def print_rows(rows: list[dict[str, Any]]) -> None:
    print(f"{'corpus':<38}{'system':<32}{'stories P / R / F1':>22}{'storylines P / R / F1':>26}")
    for r in rows:
        s, x = r["stories"], r["storylines"]
        print(
            f"{r['corpus']:<38}{r['system']:<32}"
            f"{s['precision']:>8.2f}{s['recall']:>7.2f}{s['f1']:>7.2f}"
            f"{x['precision']:>11.2f}{x['recall']:>7.2f}{x['f1']:>7.2f}"
        )
