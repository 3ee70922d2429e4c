#!/usr/bin/env python3
"""What a user's split, merge and undo cost on a large database: each written to the
stories it touches (what the web UI and the API do), beside re-clustering the whole
corpus with the same corrections (what they did before, and what an undo still does
when a later change touched its stories).

    storyline ingest ../shared/data/syndication-dev --db /tmp/synd.db
    python benchmarks/corrections.py --db /tmp/synd.db

Works on a copy of the database; the original is not changed.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    args = ap.parse_args()

    from storyline import api
    from storyline.pipeline import restory

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "copy.db"
        shutil.copyfile(args.db, db)
        c = sqlite3.connect(db)
        n = c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        big = c.execute("SELECT story FROM reprint_groups GROUP BY story HAVING COUNT(*) >= 2 LIMIT 1").fetchone()[0]
        groups = [r[0] for r in c.execute("SELECT id FROM reprint_groups WHERE story = ? ORDER BY id", (big,))]
        a, b = (r[0] for r in c.execute("SELECT id FROM stories WHERE id != ? ORDER BY size DESC LIMIT 2", (big,)))
        c.close()
        times = {}

        def timed(name, fn, *fargs):
            t = time.perf_counter()
            out = fn(*fargs)
            times[name] = time.perf_counter() - t
            return out

        timed("split", api.split_story, db, big, groups[:1])
        timed("merge", api.merge_stories, db, a, b)
        last = api.list_corrections(db)[-1]["id"]
        timed("undo (latest)", api.undo_correction, db, last)
        timed("re-cluster everything (as before)", restory, db)

    print(f"corrections on {n:,} articles (copy of {args.db})")
    for name, s in times.items():
        print(f"  {name:<36} {s * 1000:>10.1f} ms")


if __name__ == "__main__":
    main()
