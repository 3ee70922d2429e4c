"""Faults injected where they hurt: an ingest or a load killed with SIGKILL at each of
its steps (before, between and inside its stages, in the middle of its write), then run
again, ends as the uninterrupted run does; the same input twice at once and a user's
correction during an ingest end as the sequential runs do."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sqlite3
from pathlib import Path

import pytest

import storyline
import storyline.api
from storyline.errors import Busy
from storyline.pipeline import default_stages, restory
from storyline.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "corpus"
NO_EXTRACT = storyline.Config(extract=storyline.ExtractConfig(enabled=False))
FORK = multiprocessing.get_context("fork")
STAGES = [s.name for s in default_stages(NO_EXTRACT)]


def _tables(db: Path) -> dict[str, list[tuple]]:
    """Every table a run writes, but the run log (a killed run logs nothing)."""
    with sqlite3.connect(db) as c:
        names = [
            r[0]
            for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith(("sqlite_", "ingest_runs", "schema_migrations", "articles_fts", "quotes_fts"))
        ]
        out = {n: sorted(map(repr, c.execute(f"SELECT * FROM {n}"))) for n in names}
    # the times a row was written are not the same in two runs
    out["articles"] = sorted(
        repr(r) for r in sqlite3.connect(db).execute("SELECT id, row_hash, story, storyline FROM articles")
    )
    return out


def _die_at(point: str, work) -> None:
    """Run ``work`` in this (forked) process, killing it with SIGKILL at ``point``: a
    stage's start, or the write of the groupings inside the ingest's transaction."""
    if point == "write":
        original = Store._replace

        def replace_then_die(self, tables):
            original(self, tables)
            os.kill(os.getpid(), signal.SIGKILL)

        Store._replace = replace_then_die
        work(None)
    else:
        work(lambda name: name == point and os.kill(os.getpid(), signal.SIGKILL))
    os._exit(0)  # not killed: the point was never reached


def _killed(point: str, work) -> int | None:
    p = FORK.Process(target=_die_at, args=(point, work))
    p.start()
    p.join(120)
    return p.exitcode


@pytest.mark.parametrize("point", [*STAGES, "write"])
def test_an_ingest_killed_at_any_step_then_run_again_ends_as_an_uninterrupted_one(tmp_path, point):
    first, rest = [DEMO / "daily-courier"], [DEMO]
    db = tmp_path / "news.db"
    storyline.ingest(first, db, NO_EXTRACT)
    before = _tables(db)
    code = _killed(point, lambda on_stage: storyline.ingest(rest, db, NO_EXTRACT, on_stage=on_stage))
    assert code == -signal.SIGKILL
    assert _tables(db) == before  # nothing of the killed run is stored
    assert storyline.api.check(db) == []
    storyline.ingest(rest, db, NO_EXTRACT)  # the lock the dead run held is free
    clean = tmp_path / "clean.db"
    storyline.ingest(first, clean, NO_EXTRACT)
    storyline.ingest(rest, clean, NO_EXTRACT)
    assert _tables(db) == _tables(clean)


def test_a_load_killed_in_its_write_then_run_again_ends_as_an_uninterrupted_one(tmp_path):
    out = tmp_path / "dataset"
    storyline.ingest([DEMO], output=out, config=NO_EXTRACT)
    db = tmp_path / "news.db"
    assert _killed("write", lambda _: storyline.api.load_dataset(out, db)) == -signal.SIGKILL
    assert _tables(db)["articles"] == []  # nothing of the killed load is stored
    storyline.api.load_dataset(out, db)
    clean = tmp_path / "clean.db"
    storyline.api.load_dataset(out, clean)
    assert _tables(db) == _tables(clean) and storyline.api.check(db) == []


def _ingest_or_busy(db: Path, paths: list[Path], codes) -> None:
    try:
        storyline.ingest(paths, db, NO_EXTRACT)
    except Busy:
        codes.put("busy")
    else:
        codes.put("done")


def test_the_same_input_twice_at_once_stores_it_once(tmp_path):
    db = tmp_path / "news.db"
    codes = FORK.Queue()
    procs = [FORK.Process(target=_ingest_or_busy, args=(db, [DEMO], codes)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert all(p.exitcode == 0 for p in procs)  # no traceback in either
    outcomes = sorted(codes.get(timeout=10) for _ in procs)
    assert outcomes in (["busy", "done"], ["done", "done"])  # the second waits its turn or is told
    alone = tmp_path / "alone.db"
    storyline.ingest([DEMO], alone, NO_EXTRACT)
    assert _tables(db) == _tables(alone)


def test_corrections_during_an_ingest_are_refused_or_kept(tmp_path):
    db = tmp_path / "news.db"
    storyline.ingest([DEMO / "daily-courier", DEMO / "evening-post"], db, NO_EXTRACT)
    codes = FORK.Queue()
    made, refused, outcome = 0, 0, "busy"
    while outcome == "busy":  # an ingest that met a merge at work is told so, and runs again
        ingest = FORK.Process(target=_ingest_or_busy, args=(db, [DEMO], codes))
        ingest.start()
        while ingest.is_alive():
            stories = storyline.list_stories(db)
            if made >= 3 or len(stories) < 2:  # enough merges made: only watch the ingest
                continue
            try:
                storyline.api.merge_stories(db, stories[0].id, stories[-1].id)
                made += 1
            except Busy:
                refused += 1
        ingest.join()
        outcome = codes.get(timeout=10)
    assert len(storyline.list_corrections(db)) == made
    assert storyline.api.check(db) == []
    # what is stored is the ingest with every correction that was made applied
    again = tmp_path / "again.db"
    shutil.copyfile(db, again)
    restory(again)
    assert _tables(again) == _tables(db)
