"""The signature index (``storyline dedup --index DIR``): a later batch is matched
against the stored signatures of earlier ones, with the groups a single run would find."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from storyline.config import Config, ReprintConfig
from storyline.errors import ConfigError
from storyline.pipeline.dedup import dedup
from storyline.reprints.dedup import VERIFY_SAMPLE, find_duplicates
from storyline.store.signature_index import load_index, save_index

CORPUS = Path(__file__).resolve().parents[1] / "demo" / "corpus"


def _records() -> list[tuple[str, str, str]]:
    return [
        (f"{p.parent.name}/{p.stem}", p.read_text(encoding="utf-8"), p.parent.name)
        for p in sorted(CORPUS.rglob("*.txt"))
    ]


def _partition(ids: list[str], labels: np.ndarray) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for rid, label in zip(ids, labels.tolist(), strict=True):
        groups.setdefault(label, set()).add(rid)
    return {frozenset(g) for g in groups.values()}


def test_a_second_batch_against_the_index_finds_the_groups_of_one_run(tmp_path):
    recs = _records()
    first, second = recs[::2], recs[1::2]  # the demo's copies fall on both sides
    config = ReprintConfig()
    whole = find_duplicates(first + second, config, sample_docs=len(first))
    a = find_duplicates(first, config, sample_docs=len(first), keep_index=True)
    save_index(tmp_path / "index", a.index, 0, config, VERIFY_SAMPLE)
    prior = load_index(tmp_path / "index", config, VERIFY_SAMPLE)
    assert prior.ids == a.index.ids and prior.groups == a.index.groups
    assert np.array_equal(prior.sigs, a.index.sigs) and np.array_equal(prior.sets, a.index.sets)
    assert np.array_equal(prior.offsets, a.index.offsets) and np.array_equal(prior.stops, a.index.stops)
    b = find_duplicates(second, config, prior=prior, keep_index=True)
    assert b.ids == whole.ids
    assert _partition(b.ids, b.labels) == _partition(whole.ids, whole.labels)
    # groups that held first-batch articles keep the first batch's ids
    before = dict(zip(a.ids, a.index.groups, strict=True))
    after = dict(zip(b.ids, b.index.groups, strict=True))
    assert all(after[i] == before[i] for i in a.ids)
    joined = [i for i, _, _ in second if after[i] in set(before.values())]
    assert joined  # some second-batch articles are copies of first-batch ones: not vacuous


def _write_jsonl(path: Path, recs: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for rid, text, outlet in recs:
            f.write(json.dumps({"id": rid, "text": text, "outlet": outlet}) + "\n")
    return path


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_dedup_with_an_index_day_after_day(tmp_path):
    recs = _records()
    day1 = _write_jsonl(tmp_path / "day1.jsonl", recs[::2])
    day2 = _write_jsonl(tmp_path / "day2.jsonl", recs[1::2])
    index = tmp_path / "index"
    r1 = dedup([day1], tmp_path / "out1.jsonl", index=index)
    assert (r1.articles, r1.indexed, r1.already_indexed) == (len(recs[::2]), 0, 0)
    groups1 = {r["id"]: r["reprint_group"] for r in _lines(tmp_path / "out1.jsonl")}

    r2 = dedup([day2], tmp_path / "out2.jsonl", index=index)
    assert (r2.articles, r2.indexed) == (len(recs[1::2]), len(recs[::2]))
    out2 = _lines(tmp_path / "out2.jsonl")
    assert {r["id"] for r in out2} >= {rid for rid, _, _ in recs[1::2]}
    assert any(r["reprint_group"] in set(groups1.values()) for r in out2)  # day 2 found day 1's stories
    # the same groups as one run over both days' articles
    together = dedup([day1, day2], tmp_path / "both.jsonl")
    assert together.groups == len({*groups1.values(), *(r["reprint_group"] for r in out2)})

    # running day 2 again changes nothing: every article is already indexed
    meta = (index / "meta.json").read_bytes()
    r3 = dedup([day2], tmp_path / "out3.jsonl", index=index)
    assert (r3.articles, r3.already_indexed) == (0, len(recs[1::2]))
    assert (tmp_path / "out3.jsonl").read_text() == ""
    assert (index / "meta.json").read_bytes() == meta


def test_an_index_built_with_other_settings_is_refused(tmp_path):
    day1 = _write_jsonl(tmp_path / "day1.jsonl", _records()[:6])
    dedup([day1], tmp_path / "out.jsonl", index=tmp_path / "index")
    other = Config(reprints=ReprintConfig(num_perm=64))
    with pytest.raises(ConfigError, match="num_perm"):
        dedup([day1], tmp_path / "out.jsonl", other, index=tmp_path / "index")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("not an index")
    with pytest.raises(ConfigError, match="not a signature index"):
        dedup([day1], tmp_path / "out.jsonl", index=tmp_path / "notes")
