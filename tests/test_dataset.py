"""Datasets: ``ingest --output DIR`` writes Parquet tables, ``load`` puts them in a database.

The database a dataset loads into holds what ingest writes into a database itself:
every table, row for row (the times of writing aside).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from storyline import Config, ExtractConfig, ingest, load_dataset
from storyline.cli import main
from storyline.errors import StoreError
from storyline.store.dataset import MANIFEST, Dataset
from storyline.store.rows import TABLES

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "corpus"
NO_EXTRACT = Config(extract=ExtractConfig(enabled=False))
# Columns that say when a row was written, not what it holds.
TIMES = {"ingested_at", "updated_at", "row_hash"}


def tables(db: Path) -> dict[str, list[tuple]]:
    """Every table a dataset carries, as sorted rows without the times of writing."""
    conn = sqlite3.connect(db)
    out = {}
    for table, columns in TABLES.items():
        cols = ", ".join(f'"{c}"' for c in columns if c not in TIMES)
        out[table] = sorted(conn.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)
    conn.close()
    return out


def outlets(tmp: Path, *names: str) -> list[Path]:
    """A folder with the demo corpus's outlets ``names`` (all when none), added to what an
    earlier call put there: a later batch of the same folder, with the same ids."""
    folder = tmp / "in"
    for outlet in names or [p.name for p in DEMO.iterdir()]:
        if not (folder / outlet).exists():
            shutil.copytree(DEMO / outlet, folder / outlet)
    return [folder]


@pytest.fixture(scope="module")
def demo_both(tmp_path_factory):
    """The demo corpus ingested into a database, and into a dataset loaded into another."""
    tmp = tmp_path_factory.mktemp("demo")
    direct = ingest([DEMO], tmp / "direct.db")
    written = ingest([DEMO], output=tmp / "ds")
    counts = load_dataset(tmp / "ds", tmp / "loaded.db")
    return tmp, direct, written, counts


def test_a_loaded_dataset_is_the_database_ingest_writes(demo_both):
    tmp, direct, written, counts = demo_both
    assert (written.articles, written.groups, written.stories, written.storylines) == (32, 14, 8, 6)
    assert (written.quotes, written.entities) == (direct.quotes, direct.entities) and direct.quotes > 0
    assert counts["inserted"] == 32 and counts["stories"] == 8
    want, got = tables(tmp / "direct.db"), tables(tmp / "loaded.db")
    for table in TABLES:
        assert got[table] == want[table], table
    assert all(want[t] for t in ("articles", "reprint_pairs", "story_links", "quotes", "entity_articles"))
    # search works on the loaded database: its full-text entries were written too
    from storyline import search

    found = search(tmp / "loaded.db", "ferry")
    assert found == search(tmp / "direct.db", "ferry") and found["articles"]
    assert search(tmp / "loaded.db", "said")["quotes"]


def test_the_tables_are_plain_parquet_with_the_database_columns(demo_both):
    tmp = demo_both[0]
    for table, columns in TABLES.items():
        files = list((tmp / "ds" / table).glob("*.parquet"))
        assert len(files) == 1, table
        data = pq.read_table(files[0])
        assert tuple(data.column_names) == columns
    articles = pq.read_table(tmp / "ds" / "articles").to_pylist()  # the folder reads as one table
    assert len(articles) == 32 and "The Harbour Herald" in {a["outlet"] for a in articles}


def test_loading_or_ingesting_again_changes_nothing(demo_both, tmp_path):
    tmp = demo_both[0]
    shutil.copytree(tmp / "ds", tmp_path / "ds")
    shutil.copy(tmp / "loaded.db", tmp_path / "loaded.db")
    before = {p.name: p.read_bytes() for p in (tmp_path / "ds").rglob("*.parquet")}
    again = ingest([DEMO], output=tmp_path / "ds")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 32)
    assert {p.name: p.read_bytes() for p in (tmp_path / "ds").rglob("*.parquet")} == before
    assert len(Dataset(tmp_path / "ds").runs()) == 2  # the run is logged
    counts = load_dataset(tmp_path / "ds", tmp_path / "loaded.db")
    assert (counts["inserted"], counts["changed"], counts["unchanged"]) == (0, 0, 32)
    assert tables(tmp_path / "loaded.db") == tables(tmp / "direct.db")


def test_the_articles_table_is_written_a_row_group_at_a_time(tmp_path, monkeypatch):
    import storyline.store.dataset as dataset

    monkeypatch.setattr(dataset, "ROW_GROUP", 5)  # 32 articles: row groups of 5, 5, ..., 2
    ingest([DEMO], tmp_path / "direct.db", NO_EXTRACT)
    ingest([DEMO], output=tmp_path / "ds", config=NO_EXTRACT)
    (part,) = (tmp_path / "ds" / "articles").glob("*.parquet")
    meta = pq.ParquetFile(part).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [5] * 6 + [2]
    assert Dataset(tmp_path / "ds").count("articles") == 32
    load_dataset(tmp_path / "ds", tmp_path / "loaded.db")
    assert tables(tmp_path / "loaded.db") == tables(tmp_path / "direct.db")


def test_a_second_batch_keeps_ids_as_a_database_does(tmp_path):
    first = outlets(tmp_path, "harbour-herald", "valley-gazette")
    ingest(first, tmp_path / "direct.db", NO_EXTRACT)
    ingest(first, output=tmp_path / "ds", config=NO_EXTRACT)
    second = outlets(tmp_path)
    report = ingest(second, tmp_path / "direct.db", NO_EXTRACT)
    later = ingest(second, output=tmp_path / "ds", config=NO_EXTRACT)
    assert (later.added, later.unchanged) == (report.added, report.unchanged) and later.added > 0
    # one generation's files at a time: the first batch's are gone
    assert [p.name for p in (tmp_path / "ds" / "articles").iterdir()] == ["part-00002.parquet"]
    load_dataset(tmp_path / "ds", tmp_path / "loaded.db")
    assert tables(tmp_path / "loaded.db") == tables(tmp_path / "direct.db")
    # an extraction-less run leaves the knowledge tables out, as it leaves a database's alone
    assert Dataset(tmp_path / "ds").has_knowledge() is False


def test_a_later_dataset_updates_a_loaded_database(tmp_path):
    first = outlets(tmp_path, "harbour-herald")
    ingest(first, output=tmp_path / "ds", config=NO_EXTRACT)
    ingest(first, tmp_path / "direct.db", NO_EXTRACT)
    load_dataset(tmp_path / "ds", tmp_path / "loaded.db")
    ingest(outlets(tmp_path), output=tmp_path / "ds", config=NO_EXTRACT)
    counts = load_dataset(tmp_path / "ds", tmp_path / "loaded.db")
    assert (counts["inserted"], counts["articles"]) == (29, 32)
    ingest(outlets(tmp_path), tmp_path / "direct.db", NO_EXTRACT)
    assert tables(tmp_path / "loaded.db") == tables(tmp_path / "direct.db")


def test_load_refuses_a_folder_that_is_not_a_dataset(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError, match=r"notes: not a Storyline dataset \(no storyline-dataset.json\)"):
        load_dataset(tmp_path / "notes", tmp_path / "x.db")
    assert not (tmp_path / "x.db").exists()
    # nor does ingest write into it (and it says so before reading anything)
    with pytest.raises(StoreError, match="holds other files"):
        ingest([DEMO], output=tmp_path / "notes")
    assert sorted(p.name for p in (tmp_path / "notes").iterdir()) == ["a.txt"]


@pytest.mark.parametrize("table", ["stories", "articles"])
def test_a_damaged_table_is_named_and_the_database_keeps_what_it_had(tmp_path, table):
    ingest(outlets(tmp_path, "harbour-herald"), output=tmp_path / "ds", config=NO_EXTRACT)
    load_dataset(tmp_path / "ds", tmp_path / "loaded.db")
    before = tables(tmp_path / "loaded.db")
    ingest(outlets(tmp_path), output=tmp_path / "ds", config=NO_EXTRACT)
    part = next((tmp_path / "ds" / table).glob("*.parquet"))
    part.write_bytes(part.read_bytes()[: len(part.read_bytes()) // 2])  # truncated mid-file
    with pytest.raises(StoreError, match=rf"{table}/{part.name}: unreadable Parquet file"):
        load_dataset(tmp_path / "ds", tmp_path / "loaded.db")
    assert tables(tmp_path / "loaded.db") == before


def test_a_table_missing_columns_is_named(tmp_path):
    import pyarrow as pa

    ingest(outlets(tmp_path, "harbour-herald"), output=tmp_path / "ds", config=NO_EXTRACT)
    part = next((tmp_path / "ds" / "stories").glob("*.parquet"))
    pq.write_table(pa.table({"id": ["s1"]}), part)  # a stories table without its other columns
    with pytest.raises(StoreError, match=rf"stories/{part.name}: table stories lacks the column\(s\) title"):
        load_dataset(tmp_path / "ds", tmp_path / "x.db")


def test_a_hand_edited_article_row_is_refused(tmp_path):
    import pyarrow as pa

    ingest(outlets(tmp_path, "harbour-herald"), output=tmp_path / "ds", config=NO_EXTRACT)
    part = next((tmp_path / "ds" / "articles").glob("*.parquet"))
    data = pq.read_table(part)
    titles = data.column("title").to_pylist()
    titles[-1] = "Edited by hand"  # the last row: the others are read, and written, first
    pq.write_table(data.set_column(data.column_names.index("title"), "title", pa.array(titles)), part)
    with pytest.raises(StoreError, match="does not match its row hash"):
        load_dataset(tmp_path / "ds", tmp_path / "x.db")
    assert not any(tables(tmp_path / "x.db").values())  # the rows before it were not kept either


def test_load_refuses_a_database_with_articles_the_dataset_lacks(tmp_path):
    ingest([DEMO / "valley-gazette"], tmp_path / "news.db", NO_EXTRACT)
    before = tables(tmp_path / "news.db")
    ingest([DEMO / "harbour-herald"], output=tmp_path / "ds", config=NO_EXTRACT)
    with pytest.raises(StoreError, match=r"holds \d+ article\(s\) that the dataset .* lacks"):
        load_dataset(tmp_path / "ds", tmp_path / "news.db")
    assert tables(tmp_path / "news.db") == before


def test_an_interrupted_write_leaves_the_dataset_as_it_was(tmp_path, monkeypatch):
    ingest(outlets(tmp_path, "harbour-herald"), output=tmp_path / "ds", config=NO_EXTRACT)
    ingest(outlets(tmp_path, "harbour-herald"), tmp_path / "direct.db", NO_EXTRACT)
    manifest = (tmp_path / "ds" / MANIFEST).read_bytes()
    import storyline.store.dataset as dataset

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(dataset.os, "replace", crash)  # the step that makes a write take effect
    with pytest.raises(OSError, match="disk full"):
        ingest(outlets(tmp_path), output=tmp_path / "ds", config=NO_EXTRACT)
    monkeypatch.undo()
    assert (tmp_path / "ds" / MANIFEST).read_bytes() == manifest
    load_dataset(tmp_path / "ds", tmp_path / "x.db")
    assert tables(tmp_path / "x.db") == tables(tmp_path / "direct.db")
    assert len(list((tmp_path / "ds" / "articles").iterdir())) == 2  # the interrupted write's file is left
    # the next write removes the orphaned files of the interrupted one
    ingest(outlets(tmp_path), output=tmp_path / "ds", config=NO_EXTRACT)
    assert len(list((tmp_path / "ds" / "articles").iterdir())) == 1


def test_a_split_made_in_the_database_survives_loading_a_later_dataset(tmp_path):
    from storyline import list_stories, split_story

    ingest([DEMO], output=tmp_path / "ds", config=NO_EXTRACT)
    load_dataset(tmp_path / "ds", tmp_path / "news.db")
    story = next(s for s in list_stories(tmp_path / "news.db") if len(s.groups) > 1)
    split_story(tmp_path / "news.db", story.id, story.groups[-1:])
    stories_after_split = len(list_stories(tmp_path / "news.db"))
    assert stories_after_split == 9
    load_dataset(tmp_path / "ds", tmp_path / "news.db")
    assert len(list_stories(tmp_path / "news.db")) == stories_after_split


def test_cli_ingest_output_then_load(tmp_path):
    runner = CliRunner()
    ds, db = str(tmp_path / "out"), str(tmp_path / "news.db")
    r = runner.invoke(main, ["ingest", str(DEMO), "--output", ds, "--no-extract"])
    assert r.exit_code == 0, r.output
    assert "Dataset holds 32 article(s) in 14 reprint group(s)" in r.output
    assert not Path(db).exists()
    r = runner.invoke(main, ["load", ds, "--db", db])
    assert r.exit_code == 0, r.output
    assert "32 article(s) added" in r.output and "8 stories" in r.output
    r = runner.invoke(main, ["load", str(DEMO), "--db", db])
    assert r.exit_code == 1 and "not a Storyline dataset" in r.output
    r = runner.invoke(main, ["ingest", str(DEMO), "--output", ds, "--db", db])
    assert r.exit_code != 0 and "not both" in r.output


@pytest.mark.parametrize("cls", ["Store", "Dataset"])
def test_database_and_dataset_are_both_an_ingest_sink(cls):
    """Every method ``ingest`` calls on its sink exists on both, taking the protocol's
    parameters (any extra one optional)."""
    import inspect

    from storyline.store import Sink, Store
    from storyline.store.dataset import Dataset

    impl = {"Store": Store, "Dataset": Dataset}[cls]
    names = [n for n in vars(Sink) if not n.startswith("_") or n in ("__enter__", "__exit__")]
    assert {"write", "articles", "memberships", "extractions", "record_run"} <= set(names)
    for name in names:
        if not callable(getattr(Sink, name)):
            continue
        wanted = inspect.signature(getattr(Sink, name)).parameters
        got = inspect.signature(getattr(impl, name)).parameters
        for p in wanted.values():
            assert p.name in got and got[p.name].kind == p.kind, f"{cls}.{name} lacks {p}"
        extra = [q for q in got.values() if q.name not in wanted]
        assert all(q.default is not inspect.Parameter.empty for q in extra), f"{cls}.{name}: {extra}"
