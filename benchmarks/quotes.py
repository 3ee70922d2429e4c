#!/usr/bin/env python3
"""Who said what: Storyline's quote extraction against textacy on PolNeAR, in one run.

    python benchmarks/quotes.py                 # dev and test splits
    python benchmarks/quotes.py --split dev --limit 20 --systems storyline

PolNeAR (``../shared/data/polnear/``) annotates every attribution of 1,008 US political
news articles: source, cue and content spans.  For each system and split this prints:

* content precision / recall / F1, a predicted quote matching a gold content span when
  their token overlap (shared tokens over the longer span's tokens) is at least 0.3,
  and exactly (the same tokens, punctuation and quote marks aside);
* speaker accuracy over the matched pairs whose gold attribution names a source: the
  predicted speaker's span overlaps the gold source span, or the name it resolves to
  shares a word with it.

Scope.  Storyline reports speech: direct quotes, fragments and indirect speech brought
in by a verb of saying or writing, or ``according to``.  PolNeAR also annotates
attributions of belief, knowledge and intention (``Trump believes ...``, ``polls show
...``) and nominal cues (``his claim that``).  Figures are printed twice: over every gold
attribution, and over the in-scope ones only (cue contains a speech verb or "according
to", and no negation or modal: "didn't suggest", "would reveal" state nothing); in the
second, a prediction that matches an out-of-scope attribution is counted neither right
nor wrong.

textacy's ``direct_quotations`` (the baseline a user would otherwise pick) runs on
spaCy's full small English pipeline (it needs the parser); Storyline runs its own
extraction stage.  Throughput is docs/s of each system on one core, whole stage.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import scorer, shared_dir  # noqa: E402
from storyline.extract.cues import SPEECH_VERBS  # noqa: E402

OVERLAP = 0.3
REPEATS = 3
# A cue with a negation or a modal reports no statement ("didn't suggest", "could deny").
_NOT_STATED = frozenset("not never no could would might may can will should must".split())
_TOKEN = re.compile(r"\w+")
_ANN_SPAN = re.compile(r"T\d+\t")
_ANN_EVENT = re.compile(r"E\d+\t")


@dataclass
class Gold:
    content: list[tuple[int, int]]
    cue: str
    source: list[tuple[int, int]]
    source_text: str
    in_scope: bool


@dataclass
class Pred:
    content: list[tuple[int, int]]
    speaker: tuple[int, int] | None
    speaker_name: str | None


def _spans(field: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split() for part in field.split(";"))]


def read_gold(ann: Path, text: str) -> list[Gold]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        # A span whose text runs over a line break continues on the next line: skip it.
        if _ANN_SPAN.match(line):
            tid, body, *_ = line.split("\t")
            kind, _, where = body.partition(" ")
            spans[tid] = (kind, _spans(where))
        elif _ANN_EVENT.match(line):
            relations.append(dict(part.split(":") for part in line.split("\t")[1].split()))
    out = []
    for rel in relations:
        if "Content" not in rel:
            continue
        content = spans[rel["Content"]][1]
        cue = " ".join(text[a:b] for a, b in spans[rel["Cue"]][1]) if "Cue" in rel else ""
        source = spans[rel["Source"]][1] if "Source" in rel else []
        words = [w.lower() for w in _TOKEN.findall(cue.replace("n\u2019t", " not").replace("n't", " not"))]
        scope = ("according" in words or any(w in SPEECH_VERBS for w in words)) and not _NOT_STATED & set(words)
        out.append(Gold(content, cue, source, " ".join(text[a:b] for a, b in source), scope))
    return out


def _tokens(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Token start offsets inside the spans (quote marks and punctuation aside)."""
    return {m.start() for a, b in spans for m in _TOKEN.finditer(text, a, b)}


def _overlap(p: set[int], g: set[int]) -> float:
    return len(p & g) / max(len(p), len(g)) if p and g else 0.0


def score(docs: list[tuple[str, list[Gold], list[Pred]]], in_scope_only: bool) -> dict[str, float]:
    tp = fp = fn = exact_tp = 0
    spk_ok = spk_n = 0
    for text, golds, preds in docs:
        gtoks = [_tokens(text, g.content) for g in golds]
        pairs = []
        for i, p in enumerate(preds):
            pt = _tokens(text, p.content)
            for j, gt in enumerate(gtoks):
                o = _overlap(pt, gt)
                if o >= OVERLAP:
                    pairs.append((o, i, j, pt == gt))
        pairs.sort(reverse=True)
        used_p, used_g = set(), set()
        matched = []
        for _, i, j, exact in pairs:
            if i not in used_p and j not in used_g:
                used_p.add(i)
                used_g.add(j)
                matched.append((i, j, exact))
        for i, j, exact in matched:
            g = golds[j]
            if in_scope_only and not g.in_scope:
                continue
            tp += 1
            exact_tp += exact
            if g.source:
                spk_n += 1
                spk_ok += _speaker_matches(text, preds[i], g)
        fp += len(preds) - len(used_p)
        fn += sum(1 for j, g in enumerate(golds) if j not in used_g and (g.in_scope or not in_scope_only))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    ep = exact_tp / (tp + fp) if tp + fp else 0.0
    er = exact_tp / (tp + fn) if tp + fn else 0.0
    return {
        "p": p,
        "r": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "exact_f1": 2 * ep * er / (ep + er) if ep + er else 0.0,
        "speaker": spk_ok / spk_n if spk_n else 0.0,
        "gold": tp + fn,
        "pred": tp + fp,
    }


def _speaker_matches(text: str, p: Pred, g: Gold) -> bool:
    if p.speaker is not None and any(p.speaker[0] < b and a < p.speaker[1] for a, b in g.source):
        return True
    if p.speaker_name:
        gold_words = {w.lower() for w in _TOKEN.findall(g.source_text)}
        name_words = {w.lower() for w in _TOKEN.findall(p.speaker_name) if len(w) > 2}
        return bool(gold_words & name_words)
    return False


def storyline_predict(texts: list[str]) -> list[list[Pred]]:
    from storyline.extract import extract_texts

    out = []
    for found in extract_texts(texts):
        out.append(
            [
                Pred(
                    [tuple(p) for p in q.parts] or [(q.start, q.end)],
                    (q.speaker_start, q.speaker_end) if q.speaker_start is not None else None,
                    q.speaker_name,
                )
                for q in found.quotes
            ]
        )
    return out


def textacy_predict(texts: list[str]) -> list[list[Pred]]:
    import spacy
    from textacy.extract.triples import direct_quotations

    from storyline.extract.nlp import model_name

    nlp = spacy.load(model_name())
    out = []
    for doc in nlp.pipe(texts, batch_size=16):
        preds = []
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # noqa: BLE001 - textacy fails on some documents; count them as empty
            triples = []
        for t in triples:
            spk = (t.speaker[0].idx, t.speaker[-1].idx + len(t.speaker[-1])) if t.speaker else None
            c = t.content
            preds.append(Pred([(c.start_char, c.end_char)], spk, " ".join(x.text for x in t.speaker)))
        out.append(preds)
    return out


def ggt_rows(folder: Path, systems: list[str], predictors: dict) -> list[tuple[str, dict]]:
    """Each system's quotes on ggt-quotes-dev (the articles cleaned as an ingest cleans
    them), scored by the data's own scorer: one predicted quote an article (its text and
    its speaker: Storyline's resolved name, textacy's speaker tokens)."""
    import json

    from storyline.model import Article
    from storyline.text import clean_article

    tool = scorer("score_quotes")
    records = [json.loads(x) for x in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines() if x]
    bodies = [clean_article(Article(r["id"], r["text"], title=r.get("title"))).body for r in records]
    gold = {}
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            gold[d["id"]] = [q for q in d.get("quotes") or [] if q.get("quote")]
    rows = []
    for system in systems:
        preds = predictors[system](bodies)
        pred = {
            r["id"]: [{"text": " ".join(t[a:b] for a, b in p.content), "speaker": p.speaker_name} for p in found]
            for r, t, found in zip(records, bodies, preds, strict=True)
        }
        rows.append((system, tool.score(gold, pred)))
    return rows


def throughput(n: int = 150) -> list[tuple[str, float]]:
    """docs/s on one core for 3-4 KB articles (PolNeAR's, every split), models loaded first."""
    import spacy

    from storyline.extract import extract_texts
    from storyline.extract.nlp import model_name

    base = shared_dir() / "data" / "polnear"
    texts = [p.read_text(encoding="utf-8") for p in sorted(base.glob("*/text/*.txt"))]
    texts = [t for t in texts if 3000 <= len(t.encode("utf-8")) <= 4000][:n]
    full = spacy.load(model_name())
    extract_texts(texts[:4])
    rows = []
    for label, run in (  # the best of REPEATS runs each: this machine's speed varies by a third
        ("storyline extraction (recogniser where speech is reported)", lambda: extract_texts(texts)),
        ("storyline extraction (recogniser everywhere)", lambda: extract_texts(texts, "all")),
        ("spaCy small, full pipeline (what textacy needs)", lambda: list(full.pipe(texts, batch_size=16))),
    ):
        best = float("inf")
        for _ in range(REPEATS):
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        rows.append((label, len(texts) / best))
    return rows


def load_split(split: str, limit: int | None) -> list[tuple[str, list[Gold]]]:
    base = shared_dir() / "data" / "polnear" / split
    docs = []
    for ann in sorted((base / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        path = base / "text" / f"{stem}.txt"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        docs.append((text, read_gold(ann, text)))
        if limit and len(docs) >= limit:
            break
    return docs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev,test", help="dev, test or both (comma-separated)")
    ap.add_argument("--limit", type=int, help="first N articles of each split")
    ap.add_argument("--systems", default="storyline,textacy")
    ap.add_argument("--no-throughput", action="store_true", help="skip the throughput measurement")
    args = ap.parse_args(argv)
    predictors = {"storyline": storyline_predict, "textacy": textacy_predict}
    rows = []
    for split in args.split.split(","):
        docs = load_split(split, args.limit)
        texts = [t for t, _ in docs]
        for system in args.systems.split(","):
            start = time.process_time()
            preds = predictors[system](texts)
            seconds = time.process_time() - start
            scored = [(t, g, p) for (t, g), p in zip(docs, preds, strict=True)]
            rows.append((split, system, score(scored, False), score(scored, True), len(texts) / seconds))
    print(f"\nPolNeAR: content match at token overlap >= {OVERLAP}; speaker accuracy over matched pairs\n")
    print(
        f"{'split':<6}{'system':<11}{'scope':<10}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}{'exact F1':>10}"
        f"{'speaker':>9}{'docs/s':>8}"
    )
    for split, system, every, scoped, rate in rows:
        for label, s in (("all", every), ("speech", scoped)):
            print(
                f"{split:<6}{system:<11}{label:<10}{s['gold']:>6}{s['pred']:>6}{s['p']:>7.3f}{s['r']:>7.3f}"
                f"{s['f1']:>7.3f}{s['exact_f1']:>10.3f}{s['speaker']:>9.3f}{rate:>8.1f}"
            )
    print("\nscope 'speech': gold attributions whose cue has a speech verb or 'according to' (see the module doc).")
    ggt = shared_dir() / "data" / "ggt-quotes-dev"
    if (ggt / "gold.jsonl").exists():
        print("\nggt-quotes-dev (49 Canadian articles, 789 quotes; ../shared/tools/score_quotes.py):\n")
        print(f"{'system':<11}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}{'speaker':>9}")
        for system, m in ggt_rows(ggt, args.systems.split(","), predictors):
            print(
                f"{system:<11}{m['predicted']:>6}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
                f"{m['speaker_accuracy']:>9.3f}"
            )
    if not args.no_throughput:
        print(f"\nThroughput, one core, 3-4 KB articles (CPU time, models loaded, best of {REPEATS}):")
        for label, rate in throughput():
            print(f"  {label:<60}{rate:>8.1f} docs/s")


if __name__ == "__main__":
    main()
