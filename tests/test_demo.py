"""The demo corpus (written by us, demo/corpus) comes out as its invented events."""

from __future__ import annotations

from collections import defaultdict

import storyline


def _by(records, key):
    out = defaultdict(set)
    for r in records:
        out[r[key]].add(r["id"])
    return out


def test_each_event_is_one_story(demo_db, demo_expected):
    arts = list(storyline.export_records(demo_db, "articles"))
    stories = {frozenset(v) for v in _by(arts, "story").values()}
    events = {frozenset(v) for v in demo_expected["events"].values()}
    assert stories == events


def test_wire_copies_share_a_reprint_group_and_own_writeups_do_not(demo_db, demo_expected):
    arts = {a["id"]: a for a in storyline.export_records(demo_db, "articles")}
    for event, ids in demo_expected["events"].items():
        wire = [i for i in ids if not i.endswith("-own.txt") and not i.split("/")[1].startswith("cup-final")]
        assert len({arts[i]["reprint_group"] for i in wire}) <= 1, event
        own = [i for i in ids if i.endswith("-own.txt")]
        for i in own:
            assert all(arts[i]["reprint_group"] != arts[w]["reprint_group"] for w in wire), i


def test_storylines_link_follow_up_stories(demo_db, demo_expected):
    arts = list(storyline.export_records(demo_db, "articles"))
    line_of_event = {
        event: {a["storyline"] for a in arts if a["id"] in ids} for event, ids in demo_expected["events"].items()
    }
    assert all(len(v) == 1 for v in line_of_event.values())
    linked = [frozenset(pair) for pair in demo_expected["storylines"]]
    for a in line_of_event:
        for b in line_of_event:
            if a < b:
                same = line_of_event[a] == line_of_event[b]
                assert same == (frozenset((a, b)) in linked), (a, b)


def test_every_story_link_records_its_reasons(demo_db):
    for story in storyline.list_stories(demo_db):
        assert len(story.links) == len(story.groups) - 1
        for link in story.links:
            assert link.score >= storyline.StoryConfig().story_threshold
            assert {"text", "entities", "days_apart", "place"} <= set(link.reasons)


def test_demo_boilerplate_is_removed(demo_db):
    for a in storyline.export_records(demo_db, "articles"):
        assert "Read more" not in a["text"].splitlines()
        for marker in ("donation", "cookies", "Telegram", "newsletter", "All rights reserved", "Original url"):
            assert marker not in a["text"], (a["id"], marker)
