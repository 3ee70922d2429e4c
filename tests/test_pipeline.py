"""The local runner and the store: incremental ingest, stable ids, bad input costs nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

import storyline
from storyline.config import Config, ExtractConfig
from storyline.errors import NotFound, StoreError
from storyline.pipeline.ids import reconcile_ids

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "corpus"


def _memberships(db):
    return {a["id"]: (a["reprint_group"], a["story"], a["storyline"]) for a in storyline.export_records(db, "articles")}


def test_incremental_ingest_keeps_ids_and_attaches_new_articles(tmp_path):
    first, later = tmp_path / "first", tmp_path / "later"
    for src in sorted(DEMO.rglob("*.txt")):
        rel = src.relative_to(DEMO)
        dest = (later if rel.parts[0] in ("metro-digest", "lakeside-tribune") else first) / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dest)
    db = tmp_path / "news.db"
    storyline.ingest([first], db)
    before = _memberships(db)
    report = storyline.ingest([later], db)
    after = _memberships(db)
    assert report.added == len(list(later.rglob("*.txt"))) and report.unchanged == 0
    assert all(after[k] == v for k, v in before.items())  # nothing already stored moved
    # the new wire copies joined the existing groups of the same story
    assert after["metro-digest/rate-rise.txt"][0] == before["daily-courier/rate-rise.txt"][0]
    assert after["lakeside-tribune/wildfire.txt"][0] == before["daily-courier/wildfire.txt"][0]
    # the independent write-up joined the existing story, not a new one
    assert after["lakeside-tribune/bridge-collapse-own.txt"][1] == before["daily-courier/bridge-collapse.txt"][1]


def test_reconcile_ids_gives_old_ids_to_largest_successor():
    final = reconcile_ids({"p1": ["a"], "p2": ["b", "c"], "p3": ["d"]}, {"a": "X", "b": "X", "c": "X", "d": "Y"})
    assert final == {"p1": "p1", "p2": "X", "p3": "Y"}


def test_changed_article_is_updated_not_duplicated(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(DEMO / "daily-courier", folder)
    db = tmp_path / "n.db"
    storyline.ingest([folder], db)
    n = len(list(storyline.export_records(db, "articles")))
    path = folder / "wildfire.txt"
    path.write_text(path.read_text().replace("2,000 people", "2,500 people"))
    report = storyline.ingest([folder], db)
    arts = {a["id"]: a for a in storyline.export_records(db, "articles")}
    assert (report.added, report.updated) == (0, 1) and len(arts) == n
    assert "2,500 people" in arts["wildfire.txt"]["text"]


def test_bad_input_is_reported_and_costs_nothing(tmp_path):
    db = tmp_path / "n.db"
    storyline.ingest([DEMO / "daily-courier"], db)
    before = list(storyline.export_records(db, "articles"))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.jsonl").write_text('{"id": "a", "text": "fine text about the pier closing, officials said."}\n{oops\n')
    (bad / "y.txt").write_bytes(b"\x00\x00")
    report = storyline.ingest([bad], db)
    assert report.added == 1 and sorted(e.location for e in report.errors) == [f"{bad}/x.jsonl:2", f"{bad}/y.txt"]
    after = {a["id"]: a for a in storyline.export_records(db, "articles")}
    assert all(after[a["id"]] == a for a in before)
    assert "a" in after


def test_duplicate_id_in_one_run_is_reported(tmp_path):
    p = tmp_path / "x.jsonl"
    rec = {"id": "same", "text": "Some article text about the ferry pier, officials said."}
    p.write_text(json.dumps(rec) + "\n" + json.dumps(rec) + "\n")
    report = storyline.ingest([p], tmp_path / "n.db")
    assert report.added == 1 and "duplicate id 'same'" in report.errors[0].reason


def test_store_errors(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_text("this is not sqlite at all, just text that goes on " * 100)
    with pytest.raises(StoreError):
        storyline.open_db(bogus)
    db = tmp_path / "n.db"
    storyline.ingest([DEMO / "daily-courier"], db)
    with pytest.raises(NotFound):
        storyline.show(db, "no-such-id")
    with sqlite3.connect(db) as c:
        assert [r[0] for r in c.execute("SELECT version FROM schema_migrations")] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("kind", storyline.EXPORT_KINDS)
def test_exports_have_their_fields(demo_db, kind, tmp_path):
    recs = list(storyline.export_records(demo_db, kind))
    assert recs
    required = {
        "articles": {
            "id",
            "outlet",
            "url",
            "title",
            "date",
            "byline",
            "dateline",
            "wire",
            "text",
            "boilerplate",
            "reprint_group",
            "story",
            "storyline",
        },
        "reprints": {"id", "representative", "members", "pairs", "lineage"},
        "stories": {"id", "title", "first_date", "articles", "groups", "links", "storyline"},
        "quotes": {"id", "text", "kind", "cue", "speaker", "speaker_entity", "articles", "first_date", "variants"},
        "entities": {"id", "name", "type", "variants", "articles", "stories", "roles"},
        "storylines": {"id", "stories", "links"},
    }[kind]
    assert required <= set(recs[0])
    for fmt in ("jsonl", "csv", "parquet"):
        assert storyline.export(demo_db, kind, tmp_path / f"x.{fmt}", fmt) == len(recs)


def test_reading_a_missing_database_is_an_error_not_an_empty_file(tmp_path):
    missing = tmp_path / "nope.db"
    for call in (
        lambda: storyline.list_stories(missing),
        lambda: storyline.show(missing, "x"),
        lambda: list(storyline.export_records(missing, "articles")),
    ):
        with pytest.raises(StoreError, match="no such database"):
            call()
    assert not missing.exists()


def test_unchanged_reingest_skips_the_stages_unless_asked(tmp_path):
    db = tmp_path / "n.db"
    first = storyline.ingest([DEMO], db)
    calls: list[str] = []
    again = storyline.ingest([DEMO], db, on_stage=calls.append)
    assert calls == ["load"] and (again.unchanged, again.stories, again.groups) == (32, first.stories, first.groups)
    assert again.groups_with_copies == first.groups_with_copies
    calls.clear()
    forced = storyline.ingest([DEMO], db, on_stage=calls.append, recompute=True)
    assert "stories" in calls and forced.stories == first.stories
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT COUNT(*) FROM ingest_runs").fetchone()[0] == 3


def test_stages_in_two_processes_give_the_one_process_batch(monkeypatch, pool_sizes):
    """Cleaning, re-cleaning and the story word counts run their chunks in forked
    workers for large batches: the articles, groups and stories are the same."""
    from storyline.io.readers import read_inputs
    from storyline.pipeline import executors as parallel
    from storyline.pipeline import stages as pipeline

    def run(workers: int) -> pipeline.Batch:
        config = Config(extract=ExtractConfig(enabled=False), workers=workers)
        articles = [a for a in read_inputs([DEMO], config.reader) if not isinstance(a, Exception)]
        return pipeline.run_local(articles, pipeline.default_stages(config))

    monkeypatch.setattr(pipeline, "CHUNK", 3)  # the demo's 32 articles in 11 jobs
    monkeypatch.setattr(parallel, "WORKER_JOBS", 2)  # workers replaced mid-pass
    one, two = run(1), run(2)
    # clean and refine (line keys, then cleaning) and stories each forked two workers; one process none
    assert pool_sizes == [2] * 5
    assert [a.to_dict() for a in two.articles] == [a.to_dict() for a in one.articles]
    assert [(g.id, g.members) for g in two.groups] == [(g.id, g.members) for g in one.groups]
    assert [(s.id, s.groups, s.storyline) for s in two.stories] == [(s.id, s.groups, s.storyline) for s in one.stories]
    assert len(one.stories) == 8  # the demo's invented events


def test_a_mapped_pass_ends_its_pool_before_the_driver_goes_on(monkeypatch, pool_sizes):
    """A pass's fork pool is shut (its workers gone, the parent's heap unfrozen) before
    the driver's own work starts: idle workers left alive keep a copy-on-write snapshot
    of the parent, which at 1,000,000 articles grew to 9 GB during story clustering."""
    import gc
    import multiprocessing

    from storyline.io.readers import read_inputs
    from storyline.pipeline import executors as parallel
    from storyline.pipeline import stages as pipeline
    from storyline.stories import clustering

    seen = []
    real = clustering.stream_cluster

    def noting(*args, **kwargs):
        seen.append((len(multiprocessing.active_children()), gc.get_freeze_count()))
        return real(*args, **kwargs)

    monkeypatch.setattr(clustering, "stream_cluster", noting)
    monkeypatch.setattr(pipeline, "CHUNK", 3)
    monkeypatch.setattr(parallel, "WORKER_JOBS", 2)
    config = Config(extract=ExtractConfig(enabled=False), workers=2)
    articles = [a for a in read_inputs([DEMO], config.reader) if not isinstance(a, Exception)]
    batch = pipeline.run_local(articles, pipeline.default_stages(config))
    assert pool_sizes == [2] * 5 and len(batch.stories) == 8
    assert seen == [(0, 0), (0, 0)]  # stories, then storylines: no worker alive, nothing frozen


def test_articles_are_held_packed_and_read_as_their_text():
    """Between stages the pipeline holds raw and cleaned texts packed; every reader of
    ``text``/``clean_text`` still gets the text, and a pickled copy (what a worker is
    sent or sends back) stays packed."""
    import pickle

    from storyline import pipeline
    from storyline.model import Article, Removed, unpack

    long_text = "The council said on Monday that the “bridge” would open in May. " * 8
    removed = [
        Removed("Join our channel for the latest news and updates " * 5, "furniture", "follow"),
        Removed("x", "url"),
    ]
    a = Article("a", long_text, clean_text=long_text[:250], removed=list(removed)).pack()
    assert isinstance(a.stored("text"), bytes) and isinstance(a.stored_body(), bytes)
    assert isinstance(a.stored("removed"), bytes) and a.removed == removed and a.removed[0].kind is removed[0].kind
    assert len(a.stored("text")) < len(long_text) / 4
    assert (a.text, a.clean_text, a.body) == (long_text, long_text[:250], long_text[:250])
    assert unpack(a.stored_body()) == long_text[:250] and unpack("as is") == "as is"
    copy = pickle.loads(pickle.dumps(a))
    assert isinstance(copy.stored("text"), bytes) and copy == a and copy.to_dict() == a.to_dict()
    a.clean_text = "set again"  # a stage's assignment replaces the packed value
    assert a.stored("clean_text") == "set again" and a.body == "set again"
    short = Article("b", "A short note.").pack()
    assert short.stored("text") == "A short note."  # too short to pack

    config = Config(extract=ExtractConfig(enabled=False), workers=1)
    articles = pipeline.collect([DEMO], config, pipeline.IngestReport())
    assert all(isinstance(x.stored("text"), bytes) for x in articles if len(x.text) >= 200)
    batch = pipeline.run_local(articles, pipeline.default_stages(config))
    assert all(isinstance(x.stored("clean_text"), bytes) for x in batch.articles if len(x.clean_text) >= 200)
    assert len(batch.stories) == 8
