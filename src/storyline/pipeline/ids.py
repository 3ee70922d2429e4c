"""Stable ids across ingests: a reprint group, story or storyline that keeps members of
an earlier one keeps its id, so ids users bookmarked survive a new day's articles and a
re-ingest of the same input changes nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..model import Article, ReprintGroup, Story, Storyline

__all__ = ["apply_stable_ids", "reconcile_ids"]


def reconcile_ids(new: dict[str, list[str]], old_of: dict[str, str | None]) -> dict[str, str]:
    """Map provisional cluster ids to final ones, keeping earlier ids where members stay.

    ``new`` maps a provisional id to its member article ids; ``old_of`` maps an article
    to the id its cluster had before.  Each earlier id goes to the new cluster that
    holds most of its members (ties: the smaller provisional id); other clusters keep
    their provisional id.

    >>> reconcile_ids({"p1": ["a", "b", "c"], "p2": ["d"]}, {"a": "old", "b": "old"})
    {'p1': 'old', 'p2': 'p2'}
    """
    claims: list[tuple[int, str, str]] = []
    for pid, members in new.items():
        for old, n in Counter(old_of.get(m) for m in members if old_of.get(m)).items():
            claims.append((-n, pid, old))
    claims.sort()
    final: dict[str, str] = {}
    taken: set[str] = set()
    for _, pid, old in claims:
        if pid not in final and old not in taken:
            final[pid] = old
            taken.add(old)
    for pid in new:
        if pid not in final:
            fid, n = pid, 1
            while fid in taken:
                fid, n = f"{pid}-{n}", n + 1
            final[pid] = fid
            taken.add(fid)
    return final


def _renamed(ident: str, gmap: dict[str, str], smap: dict[str, str]) -> str:
    """A link end renamed: a group, a story, or a correction's "merge<id>:<group>"."""
    if ":" in ident:
        prefix, _, group = ident.rpartition(":")
        return f"{prefix}:{gmap.get(group, group)}"
    return gmap.get(ident, smap.get(ident, ident))


def apply_stable_ids(
    articles: Sequence[Article],
    groups: Sequence[ReprintGroup],
    stories: Sequence[Story],
    storylines: Sequence[Storyline],
    previous: dict[str, tuple[str | None, str | None, str | None]],
) -> None:
    """Rename groups, stories and storylines (and the articles' memberships) to their
    earlier ids; ``previous``: article id -> (group, story, storyline) before."""
    by_id = {a.id: a for a in articles}
    gmap = reconcile_ids({g.id: g.members for g in groups}, {k: v[0] for k, v in previous.items()})
    smap = reconcile_ids({s.id: s.articles for s in stories}, {k: v[1] for k, v in previous.items()})
    line_articles: dict[str, list[str]] = {x.id: [] for x in storylines}
    for story in stories:  # one pass: a storyline's articles are its stories'
        if story.storyline in line_articles:
            line_articles[story.storyline].extend(story.articles)
    lmap = reconcile_ids(line_articles, {k: v[2] for k, v in previous.items()})
    for g in groups:
        g.id = gmap[g.id]
    for s in stories:
        s.id, s.storyline = smap[s.id], lmap.get(s.storyline or "", s.storyline)
        s.groups = [gmap[x] for x in s.groups]
        for link in s.links:  # groups joined by the clustering, stories by a user's merge
            link.member = _renamed(link.member, gmap, smap)
            link.target = _renamed(link.target, gmap, smap)
    for x in storylines:
        x.id = lmap[x.id]
        x.stories = [smap[s] for s in x.stories]
        for link in x.links:
            link.member, link.target = smap.get(link.member, link.member), smap.get(link.target, link.target)
    for a in by_id.values():
        a.reprint_group = gmap.get(a.reprint_group or "", a.reprint_group)
        a.story = smap.get(a.story or "", a.story)
        a.storyline = lmap.get(a.storyline or "", a.storyline)
