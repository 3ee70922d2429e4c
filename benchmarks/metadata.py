#!/usr/bin/env python3
"""Metadata from plain text: titles, bylines and wire agencies on PolNeAR's real articles.

    python benchmarks/metadata.py [--split train|dev|test|all] [--errors N]

Each of PolNeAR's ``text/*.txt`` files is one real article as saved from its site,
headline first; ``metadata.tsv`` has its true title, author and wire.  Storyline reads
each text as it would any plain-text article (``clean_article``, no input metadata)
and the figures compare what it found with the truth:

- title accuracy: exact after whitespace normalisation;
- wire accuracy: the agency found, or none, against ``wire`` (AP, AFP, Reuters...);
- byline: of the articles whose author (a person, not an agency or desk) is named in
  their first lines, how many got it as byline (recall), and of the bylines found, how
  many name the author (precision).  Most PolNeAR texts were saved without their
  byline, so these counts are small.

``--errors N`` prints N wrong titles and bylines.  Read errors on train, choose on dev,
report test once.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import shared_dir  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.text import clean_article  # noqa: E402
from storyline.text.metadata import wire_name  # noqa: E402

# The author's name is "written in the first lines" when it is in the first this many
# characters of the text (a byline stands under the headline).
HEAD_CHARS = 400


def _norm(s: str | None) -> str:
    return " ".join((s or "").split())


def _gold_wire(value: str) -> str | None:
    if value in ("", "None", "NA"):
        return None
    return wire_name(value) or value


def _personal(author: str) -> bool:
    """Whether an author field names people (not an agency or a desk: "AP", "Breitbart News")."""
    if author in ("", "None", "NA") or wire_name(author) or len(author.split()) < 2:
        return False
    return not any(w in author for w in ("News", "Press", "Staff", "Editorial", "Board"))


def load(split: str) -> list[tuple[dict[str, str], Path]]:
    base = shared_dir() / "data" / "polnear"
    with open(base / "metadata.tsv", newline="") as f:
        rows = {r["filename"]: r for r in csv.DictReader(f, delimiter="\t")}
    splits = ["train", "dev", "test"] if split == "all" else [split]
    out = []
    for s in splits:
        for path in sorted((base / s / "text").glob("*.txt")):
            row = rows.get(path.stem)
            if row is not None:
                out.append((row, path))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="all", choices=["train", "dev", "test", "all"])
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong titles and bylines")
    args = ap.parse_args()
    items = load(args.split)
    if not items:
        raise SystemExit("no PolNeAR texts found under ../shared/data/polnear")
    titles = wires = by_written = by_found_right = by_found = by_recalled = 0
    title_errors, byline_errors, wire_errors = [], [], []
    for row, path in items:
        text = path.read_text(encoding="utf-8")
        a = clean_article(Article(path.name, text))
        if _norm(a.title) == _norm(row["title"]):
            titles += 1
        else:
            title_errors.append((path.name, row["title"], a.title))
        gold_wire = _gold_wire(row["wire"])
        if a.wire == gold_wire:
            wires += 1
        else:
            wire_errors.append((path.name, gold_wire, a.wire))
        author = _norm(row["author"])
        written = _personal(author) and author.lower() in text[:HEAD_CHARS].lower()
        by_written += written
        hit = bool(a.byline) and author.lower() in (a.byline or "").lower()
        if written and hit:
            by_recalled += 1
        if a.byline:
            by_found += 1
            by_found_right += hit
            if not hit:
                byline_errors.append((path.name, author, a.byline))
        elif written:
            byline_errors.append((path.name, author, None))
    n = len(items)
    print(f"PolNeAR {args.split}: {n} articles, plain text, no input metadata")
    print(f"  title accuracy     {titles / n:.3f}  ({titles}/{n}, exact after whitespace normalisation)")
    print(f"  wire accuracy      {wires / n:.3f}  ({wires}/{n})")
    if by_written:
        print(
            f"  byline recall      {by_recalled / by_written:.3f}  ({by_recalled}/{by_written} whose author is written)"
        )
    if by_found:
        print(f"  byline precision   {by_found_right / by_found:.3f}  ({by_found_right}/{by_found} bylines found)")
    for label, errors in (("title", title_errors), ("wire", wire_errors), ("byline", byline_errors)):
        for name, gold, got in errors[: args.errors]:
            print(f"  {label} {name}\n     gold: {gold!r}\n     got:  {got!r}")


if __name__ == "__main__":
    main()
