"""Users' splits, merges and undos are written to the stories they touch only, and
leave the database exactly as re-clustering everything with the same corrections would."""

from __future__ import annotations

import random
import shutil
import sqlite3

import pytest

import storyline
import storyline.api
from storyline.config import Config, ExtractConfig
from storyline.pipeline import restory

NO_EXTRACT = Config(extract=ExtractConfig(enabled=False))

DERIVED = {
    "stories": "SELECT * FROM stories ORDER BY id",
    "story_links": "SELECT * FROM story_links ORDER BY story_id, member, target",
    "storylines": "SELECT * FROM storylines ORDER BY id",
    "storyline_links": "SELECT * FROM storyline_links ORDER BY storyline_id, member, target",
    "reprint_groups": "SELECT id, representative, size, story FROM reprint_groups ORDER BY id",
    "articles": "SELECT id, story, storyline, date_inferred, row_hash FROM articles ORDER BY id",
}


def _tables(db) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as c:
        return {name: c.execute(q).fetchall() for name, q in DERIVED.items()}


def _recomputed(db, tmp_path) -> dict[str, list[tuple]]:
    """The tables after re-clustering a copy of ``db`` with its active corrections."""
    copy = tmp_path / "recomputed.db"
    shutil.copyfile(db, copy)
    restory(copy)
    return _tables(copy)


@pytest.fixture()
def demo(tmp_path, demo_corpus):
    db = tmp_path / "demo.db"
    storyline.ingest([demo_corpus], db, NO_EXTRACT)
    return db


def _random_correction(db, rng: random.Random) -> str:
    stories = storyline.list_stories(db)
    active = [c for c in storyline.list_corrections(db) if not c["undone_at"]]
    splittable = [s for s in stories if len(s.groups) >= 2]
    choice = rng.choice(["split"] * bool(splittable) + ["merge"] * (len(stories) >= 2) + ["undo"] * bool(active))
    if choice == "split":
        story = rng.choice(splittable)
        storyline.split_story(db, story.id, rng.sample(story.groups, rng.randint(1, len(story.groups) - 1)))
    elif choice == "merge":
        a, b = rng.sample(stories, 2)
        storyline.merge_stories(db, a.id, b.id)
    else:
        storyline.undo_correction(db, rng.choice(active)["id"])
    return choice


@pytest.mark.parametrize("seed", range(12))
def test_any_sequence_of_corrections_equals_reclustering_with_them(demo, tmp_path, seed):
    rng = random.Random(seed)
    done = []
    for _ in range(6):
        done.append(_random_correction(demo, rng))
        assert _tables(demo) == _recomputed(demo, tmp_path), done
        assert storyline.api.check(demo) == []


def test_a_split_touches_only_its_story(demo):
    before = {s.id: s.articles for s in storyline.list_stories(demo)}
    story = next(s for s in storyline.list_stories(demo) if len(s.groups) >= 2)
    new = storyline.split_story(demo, story.id, story.groups[:1])
    after = {s.id: s.articles for s in storyline.list_stories(demo)}
    assert {k: v for k, v in after.items() if k not in (story.id, new)} == {
        k: v for k, v in before.items() if k != story.id
    }
    assert sorted(after[story.id] + after[new]) == sorted(story.articles)


def test_undo_puts_the_stories_back_exactly(demo):
    start = _tables(demo)
    a, b = storyline.list_stories(demo)[:2]
    storyline.merge_stories(demo, a.id, b.id)
    assert _tables(demo) != start
    (c,) = storyline.list_corrections(demo)
    storyline.undo_correction(demo, c["id"])
    after = _tables(demo)
    # the same rows; only the articles' updated_at (not compared) moved
    assert after == start


def test_an_undo_after_a_later_change_to_the_same_stories_reclusters(demo, tmp_path):
    story = next(s for s in storyline.list_stories(demo) if len(s.groups) >= 2)
    other = next(s for s in storyline.list_stories(demo) if s.id != story.id)
    new = storyline.split_story(demo, story.id, story.groups[:1])
    storyline.merge_stories(demo, new, other.id)  # changes the split's story again
    first = storyline.list_corrections(demo)[0]
    storyline.undo_correction(demo, first["id"])  # cannot be put back in place
    assert _tables(demo) == _recomputed(demo, tmp_path)
    merged = {storyline.show(demo, a)["story"] for a in other.articles}
    assert len(merged) == 1 and set(story.articles) <= set(storyline.show(demo, merged.pop())["articles"])


def test_a_corrected_database_reingests_unchanged(demo, demo_corpus):
    story = next(s for s in storyline.list_stories(demo) if len(s.groups) >= 2)
    storyline.split_story(demo, story.id, story.groups[:1])
    before = _tables(demo)
    report = storyline.ingest([demo_corpus], demo, NO_EXTRACT)
    assert report.unchanged == report.read and _tables(demo) == before
