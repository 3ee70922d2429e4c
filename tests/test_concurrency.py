"""One writer at a time: a second ingest, load or correction is told the database is busy
(never a traceback, never a half-merged database), readers are never blocked, and a
writer killed with SIGKILL leaves no lock behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import storyline
from storyline.cli import main
from storyline.errors import Busy
from storyline.store.lock import writer_lock

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "corpus"
NO_EXTRACT = storyline.Config(extract=storyline.ExtractConfig(enabled=False))
FORK = multiprocessing.get_context("fork")


def _hold(target: str, ready, release, folder: bool = False) -> None:
    with writer_lock(target, "ingest", folder=folder):
        ready.set()
        release.wait(60)


@pytest.fixture
def held(tmp_path):
    """A database whose writer's lock another process holds until released."""
    db = tmp_path / "news.db"
    storyline.ingest([DEMO / "daily-courier"], db, NO_EXTRACT)
    ready, release = FORK.Event(), FORK.Event()
    holder = FORK.Process(target=_hold, args=(str(db), ready, release))
    holder.start()
    assert ready.wait(30)
    yield db, release, holder
    release.set()
    holder.join(30)


def _tables(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as c:
        return {
            t: sorted(c.execute(f"SELECT * FROM {t}").fetchall())
            for t in ("reprint_groups", "stories", "storylines", "story_links", "reprint_pairs")
        } | {"articles": sorted(c.execute("SELECT id, reprint_group, story, storyline FROM articles").fetchall())}


def test_a_second_writer_is_told_the_database_is_busy(held):
    db, release, holder = held
    before = db.read_bytes()
    with pytest.raises(Busy, match=rf"database busy: another ingest is at work \(pid {holder.pid}"):
        storyline.ingest([DEMO / "evening-post"], db, NO_EXTRACT)
    story = storyline.list_stories(db)[0]  # readers are not blocked
    with pytest.raises(Busy):
        storyline.api.merge_stories(db, story.id, storyline.list_stories(db)[1].id)
    r = CliRunner().invoke(main, ["ingest", str(DEMO / "evening-post"), "--db", str(db), "--no-extract"])
    assert r.exit_code == 1 and "database busy" in r.output and "Traceback" not in r.output
    assert db.read_bytes() == before  # nothing written
    release.set()
    holder.join(30)
    storyline.ingest([DEMO / "evening-post"], db, NO_EXTRACT)  # free again


def test_two_ingests_at_once_give_the_sequential_result(tmp_path):
    db = tmp_path / "both.db"
    storyline.ingest([DEMO / "daily-courier"], db, NO_EXTRACT)
    folders = [DEMO / "evening-post", DEMO / "harbour-herald"]
    done = FORK.Queue()

    def run(folder: Path) -> None:
        try:
            storyline.ingest([folder], db, NO_EXTRACT)
        except Busy:
            os._exit(3)
        done.put(folder.name)
        done.close()
        done.join_thread()  # flushed before the process ends
        os._exit(0)

    procs = [FORK.Process(target=run, args=(f,)) for f in folders]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    codes = [p.exitcode for p in procs]
    assert set(codes) <= {0, 3} and 0 in codes
    order = [done.get(timeout=10) for _ in range(codes.count(0))]
    for folder, code in zip(folders, codes, strict=True):
        if code == 3:  # the loser, told it was busy, runs again
            storyline.ingest([folder], db, NO_EXTRACT)
            order.append(folder.name)
    sequential = tmp_path / "sequential.db"
    for name in ["daily-courier", *order]:  # the same ingests one after the other
        storyline.ingest([DEMO / name], sequential, NO_EXTRACT)
    assert _tables(db) == _tables(sequential)


def test_a_writer_killed_with_sigkill_leaves_no_lock(tmp_path):
    db = tmp_path / "news.db"
    ready, release = FORK.Event(), FORK.Event()
    holder = FORK.Process(target=_hold, args=(str(db), ready, release))
    holder.start()
    assert ready.wait(30)
    os.kill(holder.pid, signal.SIGKILL)
    holder.join(30)
    with writer_lock(db, "ingest"):  # the kernel released it
        pass


def test_the_lock_is_reentrant_in_one_thread_and_exclusive_across_threads(tmp_path):
    import threading

    db = tmp_path / "news.db"
    seen: list[str] = []
    with writer_lock(db, "split"), writer_lock(db, "correction"):

        def other() -> None:
            try:
                with writer_lock(db, "ingest"):
                    seen.append("got it")
            except Busy as e:
                seen.append(str(e))

        t = threading.Thread(target=other)
        t.start()
        t.join()
    assert len(seen) == 1 and "another split is at work" in seen[0]


def test_a_dataset_folder_has_its_own_lock(tmp_path):
    out = tmp_path / "out"
    ready, release = FORK.Event(), FORK.Event()
    holder = FORK.Process(target=_hold, args=(str(out), ready, release, True))
    holder.start()
    assert ready.wait(30)
    try:
        with pytest.raises(Busy):
            storyline.ingest([DEMO / "daily-courier"], output=out, config=NO_EXTRACT)
    finally:
        release.set()
        holder.join(30)
    storyline.ingest([DEMO / "daily-courier"], output=out, config=NO_EXTRACT)  # the lock file is no bother
    assert (out / "storyline-dataset.json").exists()


def _sleepy(job: str, shared: None) -> None:
    with open(job, "w") as f:
        f.write(str(os.getpid()))
    import time

    time.sleep(60)


def _run_pool(folder: str) -> None:
    from storyline.pipeline.executors import LocalMapper

    list(LocalMapper(2)(_sleepy, [f"{folder}/w1", f"{folder}/w2"], None, items=1000))


def test_fork_pool_workers_end_when_their_parent_is_killed(tmp_path):
    import time

    parent = FORK.Process(target=_run_pool, args=(str(tmp_path),))
    parent.start()
    deadline = time.time() + 30
    while time.time() < deadline and not all(
        (tmp_path / w).exists() and (tmp_path / w).read_text() for w in ("w1", "w2")
    ):
        time.sleep(0.05)
    workers = [int((tmp_path / w).read_text()) for w in ("w1", "w2")]
    os.kill(parent.pid, signal.SIGKILL)
    parent.join(30)
    deadline = time.time() + 5
    alive = workers
    while alive and time.time() < deadline:
        alive = [pid for pid in alive if _alive(pid)]
        time.sleep(0.05)
    assert alive == []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie (dead, not yet reaped) counts as gone
        return f.read().split(")")[-1].split()[0] != "Z"


def test_check_finds_broken_references_and_repair_recomputes_them(tmp_path):
    db = tmp_path / "news.db"
    storyline.ingest([DEMO / "daily-courier", DEMO / "evening-post"], db, NO_EXTRACT)
    assert storyline.api.check(db) == []
    with sqlite3.connect(db) as c:
        c.execute("DELETE FROM stories WHERE rowid IN (SELECT rowid FROM stories LIMIT 2)")
    problems = dict(storyline.api.check(db))
    assert problems["articles whose story does not exist"] > 0
    r = CliRunner().invoke(main, ["check", "--db", str(db)])
    assert r.exit_code == 1 and "articles whose story does not exist" in r.output
    r = CliRunner().invoke(main, ["check", "--db", str(db), "--repair"])
    assert r.exit_code == 0 and "every check passed" in r.output
