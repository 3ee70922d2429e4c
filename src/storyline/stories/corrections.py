"""Users' corrections of the story clustering: a split takes reprint groups out of a
story into a story of their own, a merge joins two stories.  Corrections are stored
with the articles they concern (not the story ids, which a later run may rename) and
applied, in the order they were made, after every clustering: a later run never undoes
them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..model import Article, Link, Story, Storyline


def _refresh(story: Story, by_id: dict[str, Article]) -> None:
    dates = [by_id[a].date for a in story.articles if by_id[a].date]
    story.first_date = min(dates) if dates else None
    story.last_date = max(dates) if dates else None
    if story.title is None or not any(by_id[a].title == story.title for a in story.articles):
        story.title = next((by_id[a].title for a in story.articles if by_id[a].title), None)


def _story_holding(articles: Sequence[str], story_of: dict[str, str]) -> str | None:
    found = Counter(story_of[a] for a in articles if a in story_of)
    return found.most_common(1)[0][0] if found else None


def apply_corrections(
    articles: Sequence[Article],
    stories: list[Story],
    storylines: list[Storyline],
    corrections: Sequence[dict[str, Any]],
) -> None:
    """Apply ``corrections`` (``{"id", "kind", "articles"}``, oldest first) to the
    clustering in place: stories, their articles' ``story`` fields, storylines."""
    by_id = {a.id: a for a in articles}
    for c in corrections:
        _apply(c, by_id, stories)
    lines = {x.id: x for x in storylines}
    for x in storylines:
        x.stories = []
    for s in stories:
        if s.storyline in lines:
            lines[s.storyline].stories.append(s.id)
    storylines[:] = [x for x in storylines if x.stories]


def correct(articles: Sequence[Article], stories: Sequence[Story], correction: dict[str, Any]) -> list[Story]:
    """One correction applied to the stories it concerns (``stories``: every story
    holding one of its articles, ``articles``: all of theirs): the stories after it, a
    split's new one added and a merge's absorbed ones gone.  The same steps as in
    ``apply_corrections``, so a correction written to the stories it touches
    (``Store.correct``) leaves what a full re-clustering with it would leave."""
    after = list(stories)
    _apply(correction, {a.id: a for a in articles}, after)
    return after


def _apply(c: dict[str, Any], by_id: dict[str, Article], stories: list[Story]) -> None:
    story_of = {a: s.id for s in stories for a in s.articles}
    by_story = {s.id: s for s in stories}
    if c["kind"] == "split":
        _split(c, by_story, story_of, by_id, stories)
    elif c["kind"] == "merge":
        _merge(c, by_story, story_of, by_id, stories)


def _split(c: dict[str, Any], by_story: dict[str, Story], story_of: dict[str, str], by_id, stories) -> None:
    source = by_story.get(_story_holding(c["articles"], story_of) or "")
    if source is None:
        return
    groups = {by_id[a].reprint_group for a in c["articles"] if a in by_id and by_id[a].story == source.id}
    moved = [a for a in source.articles if by_id[a].reprint_group in groups]
    if not moved or len(moved) == len(source.articles):
        return  # nothing to take out, or nothing would stay
    new = Story(
        id=f"{source.id}-split{c['id']}",
        groups=[g for g in source.groups if g in groups],
        articles=moved,
        storyline=source.storyline,
        links=[
            Link(
                f"split{c['id']}:{by_id[min(moved)].reprint_group}",
                source.id,
                1.0,
                {"correction": c["id"], "kind": "split"},
            )
        ],  # fmt: skip
    )
    source.groups = [g for g in source.groups if g not in groups]
    source.articles = [a for a in source.articles if a not in set(moved)]
    source.links = [k for k in source.links if k.member not in groups]
    for a in moved:
        by_id[a].story = new.id
    _refresh(source, by_id)
    _refresh(new, by_id)
    stories.append(new)


def _merge(c: dict[str, Any], by_story: dict[str, Story], story_of: dict[str, str], by_id, stories) -> None:
    involved = Counter(story_of[a] for a in c["articles"] if a in story_of)
    if len(involved) < 2:
        return
    # the larger story takes the other in; on a tie, the one holding the first article id
    # (not the first story id: a story's id hangs on the run that made it)
    keep_id = min(involved, key=lambda s: (-len(by_story[s].articles), min(by_story[s].articles)))
    keep = by_story[keep_id]
    for sid in involved:
        if sid == keep_id:
            continue
        other = by_story[sid]
        keep.groups += other.groups
        keep.articles = sorted(keep.articles + other.articles)
        # the link names a group of the merged story ("merge<correction>:<group>"): a story merged
        # away has no id left to name, and a group's does not hang on which run made it
        first_group = by_id[min(other.articles)].reprint_group  # not min(groups): ids are renamed after
        merged = Link(f"merge{c['id']}:{first_group}", keep.id, 1.0, {"correction": c["id"], "kind": "merge"})
        keep.links += [*other.links, merged]
        for a in other.articles:
            by_id[a].story = keep.id
            by_id[a].storyline = keep.storyline
        stories.remove(other)
    _refresh(keep, by_id)
