"""What each page of the web UI shows, as data: ``views.story(db, story_id)`` and the
like, assembled from the database for the templates and the JSON API alike (``/api/...``
returns exactly what a page renders).  Part of the Python API, so the web UI, like the
command line, reads through ``storyline.api`` only."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..reprints.lineage import paragraphs
from ..store import Store
from ..store.browse import HIT_END, HIT_START
from . import show


def _view(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """``fn(store, *args)`` as a function of the database's path: ``view(db, *args)``."""

    @functools.wraps(fn)
    def run(db: str | Path, *args: Any) -> dict[str, Any]:
        with Store(db, create=False) as store:
            return fn(store, *args)

    return run


# Stories on a page of the home page (and of /api/stories unless asked otherwise).
PER_PAGE = 100
# The timeline chart: pixels, and the stories drawn.
CHART_WIDTH, ROW_HEIGHT, CHART_STORIES = 640, 16, 20
# "Merge with" offers the stories this many days around a story.
MERGE_WINDOW_DAYS = 14
# Copies shown side by side on a reprint group page (the rest are listed).
MAX_COLUMNS = 8


@_view
def home(store: Store, filters: dict[str, str | None], page: int = 1, per_page: int = PER_PAGE) -> dict[str, Any]:
    """A page of the stories, newest first (filtered; undated last), with the total and
    a per-day timeline of the page's first ones."""
    given = {k: v for k, v in filters.items() if v}
    total = store.story_count(**given)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    stories = store.story_list(**given, limit=per_page, offset=(page - 1) * per_page)
    days = store.timeline([s["id"] for s in stories[:CHART_STORIES]])
    return {
        "stories": stories,
        "total": total,
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "first": (page - 1) * per_page + 1 if stories else 0,
        "chart": _chart(stories[:CHART_STORIES], days),
        "outlets": store.outlets(),
        "languages": store.languages(),
    }


def _chart(stories: list[dict[str, Any]], days: dict[str, dict[str, int]]) -> dict[str, Any] | None:
    """Bars of articles per day per story, laid out for an SVG drawn by the template."""
    all_days = sorted({d for per in days.values() for d in per if _is_date(d)})
    if not all_days:
        return None
    first, last = dt.date.fromisoformat(all_days[0]), dt.date.fromisoformat(all_days[-1])
    span = max((last - first).days, 1)
    peak = max(n for per in days.values() for n in per.values())
    rows = []
    for i, s in enumerate(stories):
        bars = []
        for d, n in sorted(days.get(s["id"], {}).items()):
            if _is_date(d):
                x = (dt.date.fromisoformat(d) - first).days / span * (CHART_WIDTH - 10)
                bars.append({"x": round(x, 1), "h": round(2 + (ROW_HEIGHT - 4) * n / peak, 1), "n": n, "day": d})
        rows.append({"y": i * ROW_HEIGHT, "id": s["id"], "title": s["title"] or s["id"], "bars": bars})
    return {
        "width": CHART_WIDTH,
        "height": len(rows) * ROW_HEIGHT,
        "rows": rows,
        "first": str(first),
        "last": str(last),
    }


def _is_date(d: str) -> bool:
    try:
        dt.date.fromisoformat(d)
    except ValueError:
        return False
    return True


@_view
def story(store: Store, story_id: str) -> dict[str, Any]:
    """A story: its reprint groups and articles, people and places, quotes, and why
    each group joined (the scores), plus the stories it could be merged with."""
    s = store.story(story_id)
    arts = store.article_briefs(s.articles)  # by group, then id (s.articles is in id order)
    reps = store.representative_of(s.groups)
    by_group: dict[str, list[dict[str, Any]]] = {g: [] for g in s.groups}
    for a in arts:
        by_group.setdefault(a["reprint_group"], []).append(a)
    titles = {a["id"]: a["title"] for a in arts}
    links = [link.to_dict() for link in s.links]
    groups = [
        {
            "id": gid,
            "representative": reps.get(gid),
            "articles": [_brief(a) for a in by_group[gid]],
            "title": titles.get(reps.get(gid, "")),
        }
        for gid in s.groups
    ]
    return {
        "story": {
            "id": s.id,
            "groups": s.groups,
            "articles": s.articles,
            "title": s.title,
            "first_date": s.first_date,
            "last_date": s.last_date,
            "storyline": s.storyline,
            "links": links,
        },
        "groups": groups,
        "entities": store.entities_of_articles(s.articles),
        "quotes": [q.to_dict() for q in store.quotes(story=story_id)],
        "links": links,
        "others": _merge_candidates(store, s),
    }


def _merge_candidates(store: Store, s: Any) -> list[dict[str, Any]]:
    """Stories to offer in "merge with": those within MERGE_WINDOW_DAYS of this one."""
    if s.first_date:
        day = dt.date.fromisoformat(s.first_date[:10])
        window = dt.timedelta(days=MERGE_WINDOW_DAYS)
        ids = store.story_ids(since=str(day - window), until=str(day + window), limit=100)
    else:
        ids = store.story_ids(limit=100)
    briefs = {b["id"]: b for b in store.story_briefs(ids)}
    return [briefs[i] for i in ids if i != s.id]


def _brief(a: dict[str, Any]) -> dict[str, Any]:
    """An article as lists show it (``Store.article_briefs``)."""
    return {
        "id": a["id"],
        "title": a["title"],
        "outlet": a["outlet"],
        "date": a["date"] or a["date_inferred"],
        "inferred": not a["date"] and bool(a["date_inferred"]),
        "story": a["story"],
        "reprint_group": a["reprint_group"],
    }


@_view
def group(store: Store, group_id: str) -> dict[str, Any]:
    """A reprint group's copies side by side, aligned on the representative's
    paragraphs: each cell the same, edited (with the word diff), or cut; paragraphs a
    copy adds come after."""
    rec = show(store.path, group_id)
    rep = rec["representative"]
    columns = [rep] + [m for m in rec["members"] if m != rep]
    briefs = {b["id"]: _brief(b) for b in store.article_briefs(columns)}
    shown = columns[:MAX_COLUMNS]
    lineage = {x["article"]: x for x in rec["lineage"]}
    rows = []
    for para in paragraphs(store.article(rep).body):  # as lineage splits them, so its lacks/edits match
        cells = [{"kind": "same", "text": para}]
        lacking = 0
        for m in shown[1:]:
            lin = lineage.get(m, {})
            edit = next((e for e in lin.get("edited", []) if e["original"] == para), None)
            if para in lin.get("lacks", []):
                cells.append({"kind": "cut", "text": ""})
                lacking += 1
            elif edit is not None:
                cells.append({"kind": "edited", "text": edit["copy"], "diff": edit["diff"], "how": edit["kind"]})
            else:
                cells.append({"kind": "same", "text": para})
        if lacking:
            cells[0]["kind"] = "only-some"
        rows.append(cells)
    for i, m in enumerate(shown[1:], start=1):
        for para in lineage.get(m, {}).get("adds", []):
            rows.append(
                [{"kind": "added", "text": para} if j == i else {"kind": "none", "text": ""} for j in range(len(shown))]
            )
    return {
        "group": {k: rec[k] for k in ("id", "representative", "size", "likely_original", "likely_original_because")},
        "columns": [briefs[m] for m in shown],
        "hidden": [briefs[m] for m in columns[MAX_COLUMNS:]],
        "rows": rows,
    }


@_view
def article(store: Store, article_id: str) -> dict[str, Any]:
    """An article: clean text in paragraphs with its quotes marked, the removed
    boilerplate apart, metadata, and links to its story and group."""
    a = store.article(article_id)
    quotes = store.quotes(article=article_id)
    spans = sorted(
        (x["start"], x["end"], q.id, q.speaker or "?") for q in quotes for x in q.articles if x["id"] == article_id
    )
    body, pieces, offset = a.body, [], 0
    for para in body.split("\n"):
        start, end = offset, offset + len(para)
        offset = end + 1
        if not para.strip():
            continue
        parts, at = [], start
        for qa, qb, qid, who in spans:
            if qb <= start or qa >= end or qa < at:
                continue
            parts.append({"text": body[at:qa]})
            # the speaker is shown where the quote ends (not only in a tooltip: touch and keyboards)
            parts.append({"text": body[qa : min(qb, end)], "quote": qid, "speaker": who, "ends": qb <= end})
            at = min(qb, end)
        parts.append({"text": body[at:end]})
        pieces.append(parts)
    return {
        "article": {k: v for k, v in a.to_dict().items() if k not in ("text", "boilerplate")},
        "paragraphs": pieces,
        "removed": [{"line": r.line, "kind": r.kind, "rule": r.rule} for r in a.removed],
        "quotes": [q.to_dict() for q in quotes],
    }


@_view
def entity(store: Store, ident: str) -> dict[str, Any]:
    """A person, place or organisation: name variants, roles, quotes, stories in time."""
    e = store.entity(ident)
    return {
        "entity": e.to_dict(),
        "quotes": [q.to_dict() for q in store.quotes(entity=e.id, limit=200)],
        "stories": store.story_briefs(e.stories[:200]),  # one query, not a story load each
    }


@_view
def search(store: Store, text: str) -> dict[str, Any]:
    """Search results, articles grouped by story."""
    found = store.search(text) if text.strip() else {"articles": [], "quotes": []}
    for rec in found["articles"] + found["quotes"]:
        rec["snippet"] = _hits(rec["snippet"])
    by_story: dict[str, list[dict[str, Any]]] = {}
    for a in found["articles"]:
        by_story.setdefault(a["story"] or "", []).append(a)
    titles = store.story_titles([s for s in by_story if s])
    return {
        "q": text,
        "stories": [{"id": s, "title": titles.get(s), "articles": arts} for s, arts in by_story.items()],
        "quotes": found["quotes"],
    }


def _hits(snippet: str) -> list[dict[str, Any]]:
    """A snippet as parts, the matched words flagged (templates escape every part)."""
    parts = []
    for i, piece in enumerate(re.split(f"{HIT_START}|{HIT_END}", snippet)):
        if piece:
            parts.append({"text": piece, "hit": i % 2 == 1})
    return parts
