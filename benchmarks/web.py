#!/usr/bin/env python3
"""Page times of the web UI on a large database: each main page requested over HTTP
(uvicorn in this process, httpx as the client), median and 95th percentile.

    storyline ingest ../scale/s100k/articles.jsonl --db /tmp/web100k.db --no-extract
    python benchmarks/web.py --db /tmp/web100k.db

The pages asked for: the home page (plain, and filtered by outlet), the story with the
most articles, the reprint group with the most copies (side by side), an article, an
entity (when the database has any), a search, and the JSON API of a story.
"""

from __future__ import annotations

import argparse
import socket
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# The target the issue sets for every page on 100,000 articles.
TARGET_MS = 200


def _pick(db: str) -> dict[str, str]:
    """Representative and worst-case ids to request (read straight from the file: this
    script measures the app, it is not part of it)."""
    c = sqlite3.connect(db)

    def one(q: str) -> str:
        return str((c.execute(q).fetchone() or [""])[0] or "")

    n = int(one("SELECT COUNT(*) FROM articles"))
    biggest_story = quote(one("SELECT id FROM stories ORDER BY size DESC LIMIT 1"))
    biggest_group = quote(one("SELECT id FROM reprint_groups ORDER BY size DESC LIMIT 1"))
    paths = {
        "home": "/",
        "home, outlet filter": "/?outlet=" + quote(one("SELECT outlet FROM articles WHERE outlet IS NOT NULL LIMIT 1")),
        "story (largest)": "/story/" + biggest_story,
        "reprint group (most copies)": "/group/" + biggest_group,
        "article": "/article/" + quote(one(f"SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET {n // 2}")),
        "search": "/search?q=" + quote("government said"),
        "API story (largest)": "/api/story/" + biggest_story,
    }
    entity = one("SELECT id FROM entities ORDER BY size DESC LIMIT 1")
    if entity:
        paths["entity (most mentioned)"] = "/entity/" + quote(entity)
    c.close()
    return paths


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="a Storyline database")
    ap.add_argument("--requests", type=int, default=20, help="requests per page")
    args = ap.parse_args(argv)

    import httpx
    import uvicorn

    from storyline.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    c = sqlite3.connect(args.db)
    n = c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    groups_max = c.execute("SELECT MAX(size) FROM reprint_groups").fetchone()[0]
    c.close()
    print(f"\n{args.db}: {n} articles (largest reprint group: {groups_max} copies); {args.requests} requests a page\n")
    print(f"{'page':<32}{'median ms':>10}{'p95 ms':>9}{'status':>8}")
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        for name, path in _pick(args.db).items():
            client.get(path)  # warm the caches once
            times, status = [], 0
            for _ in range(args.requests):
                start = time.perf_counter()
                r = client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                status = r.status_code
            times.sort()
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            flag = "" if p95 <= TARGET_MS else "  (over the target)"
            print(f"{name:<32}{statistics.median(times):>10.1f}{p95:>9.1f}{status:>8}{flag}")
    server.should_exit = True
    print(f"\ntarget: every page under {TARGET_MS} ms")


if __name__ == "__main__":
    main()
