"""Stories and storylines, built in one streaming pass each.

Items (reprint groups for stories, stories for storylines) are taken in date order,
undated ones last; each joins the best-scoring existing cluster among the candidates
that share one of its highest-weighted terms or names, or starts a new one.  This is
single-pass clustering as in news-stream systems (Miranda et al. 2018): near-linear,
incremental by construction, and every join records the link that made it.  scipy's
agglomerative clustering needs all pairwise distances, which is what must not happen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..config import StoryConfig
from ..model import Article, Link, ReprintGroup, Story, Storyline
from .features import (
    WEEKDAY,
    WEEKDAY_NAMES,
    Evidence,
    Features,
    IdfModel,
    KeyCounts,
    doc_keys,
    lede,
    lede_weekdays,
    place_key,
)
from .score import story_score, storyline_score
from .tfidf import CorpusCounts, group_rows, merged_rows
from .vectors import VectorRows

# story_score or storyline_score: (a, b, config, sims, explain=True) -> (score, reasons)
Scorer = Callable[..., tuple[float, dict[str, Any]]]


@dataclass(slots=True)
class Items:
    """Items to cluster (reprint groups, or stories): each one's evidence, and its word
    and name vectors as rows (row ``i`` is item ``i``'s), 12 bytes an entry where dicts
    of floats took about 60."""

    evidence: list[Evidence] = field(default_factory=list)
    terms: VectorRows = field(default_factory=VectorRows)
    entities: VectorRows = field(default_factory=VectorRows)

    def __len__(self) -> int:
        return len(self.evidence)

    def add(self, terms: dict[str, float], entities: dict[str, float], evidence: Evidence) -> None:
        self.terms.add(terms)
        self.entities.add(entities)
        self.evidence.append(evidence)

    def features(self, i: int) -> Features:
        """Item ``i`` with its vectors as dicts (what ``story_score`` takes without sims)."""
        e = self.evidence[i]
        return Features(
            e.dates,
            e.places,
            e.embedding,
            e.named,
            e.weekdays,
            terms=self.terms.vector(i),
            entities=self.entities.vector(i),
        )


@dataclass(slots=True)
class _Cluster:
    members: list[int] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def _sort_key(f: Evidence, ident: str) -> tuple[bool, str, str]:
    return (f.dates is None, f.dates[0] if f.dates else "", ident)


def stream_cluster(
    ids: Sequence[str], items: Items, scorer: Scorer, threshold: float, config: StoryConfig
) -> list[_Cluster]:
    """Single-pass clustering of items; a cluster's score for an item is its best member's."""
    feats, terms, ents = items.evidence, items.terms, items.entities
    order = sorted(range(len(ids)), key=lambda i: _sort_key(feats[i], ids[i]))
    clusters: list[_Cluster] = []
    cluster_of: dict[int, int] = {}
    postings = _Postings(ids, [_day_span(f.dates) for f in feats], config)
    for i in order:
        keys = terms.top(i, config.block_terms) + ents.top(i, config.block_terms)
        start = feats[i].dates[0] if feats[i].dates else None
        cutoff = _days_before(start, config.max_gap_days) if start else None
        if cutoff is not None:
            postings.expire(keys, lambda j, cutoff=cutoff: _ended_before(feats[j], cutoff))
        candidates = postings.candidates(i, keys, dated=cutoff is not None)
        best: tuple[float, int, tuple[float, float]] | None = None
        if candidates:
            rows = np.array(candidates)
            text_sims, ent_sims = terms.dots(i, rows).tolist(), ents.dots(i, rows).tolist()
        for n, j in enumerate(candidates):
            sims = (text_sims[n], ent_sims[n])
            score = scorer(feats[i], feats[j], config, sims, explain=False)[0]
            if best is None or score > best[0] or (score == best[0] and ids[j] < ids[best[1]]):
                best = (score, j, sims)
        if best is not None and best[0] >= threshold:
            c = cluster_of[best[1]]
            _, reasons = scorer(feats[i], feats[best[1]], config, best[2])
            clusters[c].links.append(Link(ids[i], ids[best[1]], round(best[0], 4), reasons))
        else:
            c = len(clusters)
            clusters.append(_Cluster())
        clusters[c].members.append(i)
        cluster_of[i] = c
        postings.add(i, keys)
    return clusters


class _Postings:
    """The items seen so far under each blocking key, and the candidates they give an item.

    Each key's items are an ``array`` of item numbers in the order they came; dated items
    come in date order, so those that ended more than ``max_gap_days`` before the
    current item starts can match no dated item any more and the key's live part starts
    after them (``expire``).  Undated items (last) read a key's whole list.  An item's
    candidates are those sharing at least ``min_shared_keys`` of its keys, within the
    date gap, the ``max_candidates`` sharing most (ties by id): counted with numpy over
    at most ``max_key_scan`` latest items a key, where a ``Counter`` and a sort in Python
    took half of the story stage at 1,000,000 articles.
    """

    def __init__(self, ids: Sequence[str], days: list[tuple[int, int] | None], config: StoryConfig) -> None:
        self.config = config
        self.lists: dict[str, array[int]] = {}
        self.live: dict[str, int] = {}  # key -> index of its first item not expired
        self.dated = np.array([d is not None for d in days], dtype=bool)
        self.first = np.array([d[0] if d else 0 for d in days], dtype=np.int64)
        self.last = np.array([d[1] if d else 0 for d in days], dtype=np.int64)
        self.rank = np.empty(len(ids), dtype=np.int64)  # each item's place in id order
        self.rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))

    def add(self, i: int, keys: list[str]) -> None:
        for k in keys:
            found = self.lists.get(k)
            if found is None:
                found = self.lists[k] = array("i")
                self.live[k] = 0
            found.append(i)

    def expire(self, keys: list[str], ended: Callable[[int], bool]) -> None:
        for k in keys:
            found = self.lists.get(k)
            if found is not None:
                lo = self.live[k]
                while lo < len(found) and ended(found[lo]):
                    lo += 1
                self.live[k] = lo

    def candidates(self, i: int, keys: list[str], dated: bool) -> list[int]:
        config = self.config
        parts = []
        for k in keys:
            found = self.lists.get(k)
            lo = self.live[k] if found is not None and dated else 0
            if found is None or not 0 < len(found) - lo <= config.max_key_items:
                continue  # none, or a key this many items share tells none of them apart
            parts.append(np.frombuffer(found, dtype=np.int32)[max(lo, len(found) - config.max_key_scan) :])
        if not parts:
            return []
        found_items, shared = np.unique(np.concatenate(parts), return_counts=True)
        keep = shared >= config.min_shared_keys
        if self.dated[i]:
            gap = np.maximum(self.first[found_items] - self.last[i], self.first[i] - self.last[found_items])
            keep &= ~self.dated[found_items] | (np.maximum(gap, 0) <= config.max_gap_days)
        found_items, shared = found_items[keep], shared[keep]
        best = np.lexsort((self.rank[found_items], -shared))[: config.max_candidates]
        return found_items[best].tolist()


def _days_before(day: str, days: float) -> str | None:
    """The ISO date ``days`` before ``day`` (None when ``day`` is no date)."""
    try:
        return (dt.date.fromisoformat(day[:10]) - dt.timedelta(days=days)).isoformat()
    except ValueError:
        return None


def _ended_before(f: Evidence, cutoff: str) -> bool:
    return f.dates is not None and f.dates[1][:10] < cutoff


def _day_span(dates: tuple[str, str] | None) -> tuple[int, int] | None:
    """A date range as day numbers (None when unknown or not a date)."""
    try:
        return (dt.date.fromisoformat(dates[0][:10]).toordinal(), dt.date.fromisoformat(dates[1][:10]).toordinal())
    except (TypeError, ValueError):
        return None


def _stable_id(prefix: str, first: str) -> str:
    return prefix + hashlib.sha1(first.encode("utf-8")).hexdigest()[:11]


def _date_range(dates: list[str]) -> tuple[str, str] | None:
    return (min(dates), max(dates)) if dates else None


# What clustering needs of one article: its word and name counts, the name keys that
# are people's, and (for a group's representative) its distinct (key, surface) pairs for IDF.
DocKeys = tuple[KeyCounts, KeyCounts, set[str], list[tuple[str, str]] | None]


def article_keys(title: str | None, body: str, representative: bool, language: str | None = None) -> DocKeys:
    """The per-article part of ``group_features`` (it runs where the articles are)."""
    words, ents, persons = doc_keys(title, body, language)
    distinct: dict[str, str] = {}
    if representative:
        for key, surface in words + ents:
            distinct.setdefault(key, surface)
    return KeyCounts(words), KeyCounts(ents), persons, list(distinct.items()) if representative else None


def group_features(
    groups: Sequence[ReprintGroup], by_id: dict[str, Article], keyed: Iterable[DocKeys] | None = None
) -> tuple[Items, IdfModel]:
    """Features of each reprint group: the centroid of its copies (copies add paragraphs).

    ``keyed``: ``article_keys`` of every group's members, groups and members in order
    (computed here when None; the pipeline's stage computes them in worker processes).
    """
    if keyed is None:
        keyed = (
            article_keys(by_id[m].title, by_id[m].body, m == g.representative, by_id[m].language)
            for g in groups
            for m in g.members
        )
    found = iter(keyed)
    counts = CorpusCounts()
    for g in groups:
        for _ in g.members:
            counts.add(*next(found))
    # Run ``keyed`` to its end: a mapped pass's generator shuts its workers and unfreezes
    # the heap only then, and idle forked workers would keep a snapshot of the parent's
    # memory through clustering (9 GB at 1,000,000 articles).
    if next(found, None) is not None:
        raise ValueError("keyed has more entries than the groups have members")
    idf = counts.idf()
    terms, entities = group_rows(counts, [len(g.members) for g in groups], idf)
    del counts
    items = Items(terms=terms, entities=entities)
    for g in groups:
        members = [by_id[m] for m in g.members]
        dates = [m.date for m in members if m.date]
        items.evidence.append(
            Evidence(
                dates=_date_range(dates),
                places=frozenset(p for p in (place_key(m.dateline) for m in members) if p),
                weekdays=frozenset() if dates else frozenset().union(*(lede_weekdays(m.body) for m in members)),
            )
        )
    places = set().union(*(f.places for f in items.evidence))
    for f, named in zip(items.evidence, entities.rows_with("e:" + p for p in places), strict=True):
        f.named = frozenset(k.removeprefix("e:") for k in named) - f.places
    return items, idf


def find_stories(
    groups: Sequence[ReprintGroup],
    articles: Sequence[Article],
    config: StoryConfig = StoryConfig(),
    keyed: Iterable[DocKeys] | None = None,
) -> tuple[list[Story], list[Storyline]]:
    """Cluster reprint groups into stories and stories into storylines.

    Sets ``story``, ``storyline`` and (for undated articles with close dated evidence:
    ``infer_dates``) ``date_inferred`` on the articles.  ``keyed``: see ``group_features``.
    """
    by_id = {a.id: a for a in articles}
    for a in articles:
        a.date_inferred = a.date_inferred_range = a.date_inferred_from = None
    gitems, _ = group_features(groups, by_id, keyed)
    gids = [g.id for g in groups]
    if config.embeddings:
        from .embeddings import embed

        reps = [by_id[g.representative] for g in groups]
        for f, vec in zip(gitems.evidence, embed([f"{a.title or ''}. {a.body}" for a in reps]), strict=True):
            f.embedding = vec
    threshold = config.story_threshold_embeddings if config.embeddings else config.story_threshold
    story_clusters = stream_cluster(gids, gitems, story_score, threshold, config)
    stories, story_groups, story_evidence = [], [], []
    for c in story_clusters:
        members = sorted(c.members, key=lambda i: gids[i])
        sgroups = [groups[i] for i in members]
        arts = sorted(a for g in sgroups for a in g.members)
        dates = [by_id[a].date for a in arts if by_id[a].date]
        lead = max(sgroups, key=lambda g: (len(g.members), -ord(min(by_id[g.representative].date or "~")[0])))
        story = Story(
            id=_stable_id("s", sgroups[0].id),
            groups=[g.id for g in sgroups],
            articles=arts,
            title=by_id[lead.representative].title,
            first_date=min(dates) if dates else None,
            last_date=max(dates) if dates else None,
            links=c.links,
        )
        stories.append(story)
        story_groups.append(members)
        story_evidence.append(
            Evidence(
                dates=_date_range(dates),
                places=frozenset().union(*(gitems.evidence[i].places for i in members)),
                named=frozenset().union(*(gitems.evidence[i].named for i in members)),
            )
        )
        for a in arts:
            by_id[a].story = story.id
    sitems = Items(story_evidence, merged_rows(gitems.terms, story_groups), merged_rows(gitems.entities, story_groups))
    del gitems  # the groups' vectors: the storylines need only the stories'
    storylines = _link_storylines(stories, sitems, by_id, config)
    infer_dates(stories, groups, by_id)
    return stories, storylines


def _link_storylines(
    stories: list[Story], sitems: Items, by_id: dict[str, Article], config: StoryConfig
) -> list[Storyline]:
    sids = [s.id for s in stories]
    sfeats = sitems.evidence
    clusters = stream_cluster(sids, sitems, storyline_score, config.storyline_threshold, config)
    out = []
    for c in clusters:
        members = sorted(c.members, key=lambda i: _sort_key(sfeats[i], sids[i]))
        dated = [stories[i] for i in members if stories[i].first_date]
        first = min((s.first_date for s in dated), default=None)
        last = max((s.last_date or "" for s in dated), default=None) or None
        line = Storyline(
            id=_stable_id("l", min(sids[i] for i in members)),
            stories=[sids[i] for i in members],
            title=stories[members[0]].title,
            first_date=first,
            last_date=last,
            links=c.links,
        )
        out.append(line)
        for i in members:
            s = stories[i]
            s.storyline = line.id
            for a in s.articles:
                by_id[a].storyline = line.id
    return out


# Dated articles whose dates lie within this many days of each other are close evidence
# of an undated one's date (copies of one text, or reports of one event); a story whose
# dates spread wider (a long-running event, or a topic's slice) dates none of its own.
INFER_SPAN_DAYS = 3


def infer_dates(stories: Sequence[Story], groups: Sequence[ReprintGroup], by_id: dict[str, Article]) -> None:
    """Date undated articles from close evidence only, marked as inferred with the days
    they lie within and what those come from: first the dated copies of the article's
    own reprint group, else the dated articles of its story, each only when their dates
    lie within ``INFER_SPAN_DAYS``.  A storyline, or a story spanning weeks, dates
    nothing: an undated report stays undated rather than take a date its evidence
    does not give."""
    group_of = {g.id: g for g in groups}
    for s in stories:
        story_range = _close_range([by_id[a].date for a in s.articles if by_id[a].date])
        for gid in s.groups:
            members = [by_id[m] for m in group_of[gid].members]
            dated = [m.date for m in members if m.date]
            group_range = _close_range(dated)
            if group_range:
                copies = "copy" if len(dated) == 1 else "copies"
                evidence, (lo, hi) = f"reprint group: {len(dated)} dated {copies}", group_range
            elif story_range:
                n = sum(1 for a in s.articles if by_id[a].date)
                evidence, (lo, hi) = f"story: {n} dated article{'s' * (n != 1)}", story_range
            else:
                continue
            for a in members:
                if not a.date:
                    a.date_inferred, weekday = infer_date(a.body, lo, hi)
                    a.date_inferred_range = f"{lo}/{hi}"
                    a.date_inferred_from = evidence + (f"; its lede's {weekday}" if weekday else "")


def _close_range(dates: list[str]) -> tuple[str, str] | None:
    """The first and last day of ``dates`` when they lie within ``INFER_SPAN_DAYS``."""
    days = sorted(d[:10] for d in dates if _day_span((d, d)) is not None)
    if not days or _days_between(days[0], days[-1]) > INFER_SPAN_DAYS:
        return None
    return days[0], days[-1]


def _days_between(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def infer_date(body: str, first: str, last: str | None = None) -> tuple[str, str | None]:
    """The likely date of an undated article whose evidence lies within ``first`` ..
    ``last`` (ISO days), and the weekday of its lede that chose it (or None).

    When the lede names a weekday ("said on Friday") and a day of that name lies within
    the evidence's days, that day; otherwise the first day.  Never outside the range.

    >>> infer_date("NEUCHATEL - The minister said on Friday that talks could resume.", "2013-04-10", "2013-04-13")
    ('2013-04-12', 'Friday')
    >>> infer_date("The minister said on Friday that talks could resume.", "2013-04-10")
    ('2013-04-10', None)
    """
    last = last or first
    m = WEEKDAY.search(lede(body))
    if m:
        day = dt.date.fromisoformat(first)
        while day.isoformat() <= last:
            if WEEKDAY_NAMES[day.weekday()] == m.group(1).lower():
                return day.isoformat(), m.group(1)
            day += dt.timedelta(days=1)
    return first, None
