"""The command line, end to end on a small folder, and its documentation."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from storyline.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "corpus"


@pytest.fixture()
def runner():
    return CliRunner()


def test_ingest_workers_option_runs_a_pool_with_the_same_result(runner, tmp_path, monkeypatch, pool_sizes):
    from storyline.pipeline import stages as pipeline

    monkeypatch.setattr(pipeline, "CHUNK", 4)  # the demo's 32 articles: jobs for both workers
    exports = []
    for workers in ("1", "2"):
        db = str(tmp_path / f"w{workers}.db")
        r = runner.invoke(main, ["ingest", str(DEMO), "--db", db, "--no-extract", "--workers", workers])
        assert r.exit_code == 0, r.output
        out = tmp_path / f"w{workers}.jsonl"
        assert runner.invoke(main, ["export", "articles", "--db", db, "-o", str(out)]).exit_code == 0
        exports.append(
            [{k: v for k, v in json.loads(x).items() if k != "ingested_at"} for x in out.read_text().splitlines()]
        )
    assert pool_sizes and set(pool_sizes) == {2}  # only --workers 2 started pools
    assert exports[0] == exports[1] and len(exports[0]) == 32


def test_ingest_stories_show_diff_export(runner, tmp_path):
    db = str(tmp_path / "n.db")
    r = runner.invoke(main, ["ingest", str(DEMO), "--db", db])
    assert r.exit_code == 0, r.output
    assert "32 added" in r.output and "8 stories" in r.output
    r = runner.invoke(main, ["stories", "--db", db, "--json"])
    stories = [json.loads(x) for x in r.output.splitlines()]
    assert len(stories) == 8 and stories[0]["first_date"] == "2024-03-14"
    r = runner.invoke(main, ["stories", "--db", db, "--groups"])
    assert "Storm brings down part of Port Vesna" in r.output and "daily-courier/bridge-collapse.txt" in r.output
    bridge = next(s for s in stories if s["title"].startswith("Storm brings down"))
    group = max(bridge["group_records"], key=lambda g: g["size"])["id"]
    r = runner.invoke(main, ["show", group, "--db", db])
    assert "reprint group" in r.output and "lacks" in r.output
    r = runner.invoke(main, ["diff", group, "--db", db, "--json"])
    lineage = json.loads(r.output)
    assert len(lineage) == 4 and all({"lacks", "adds", "edited"} <= set(x) for x in lineage)
    r = runner.invoke(main, ["show", "harbour-herald/bridge-collapse.txt", "--db", db])
    assert "removed, and why:" in r.output and "make a donation today" in r.output
    out = tmp_path / "a.jsonl"
    r = runner.invoke(main, ["export", "articles", "--db", db, "-o", str(out)])
    assert r.exit_code == 0 and len(out.read_text().splitlines()) == 32


def test_errors_are_clear_and_runs_go_on(runner, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00binary")
    (tmp_path / "good.txt").write_text(
        "A title\n\nKELMAR - The council met on Monday to discuss the pier, officials said."
    )
    db = str(tmp_path / "n.db")
    r = runner.invoke(main, ["ingest", str(tmp_path), "--db", db])
    assert r.exit_code == 0 and "1 added" in r.output
    assert "bad.txt: binary file" in r.output
    r = runner.invoke(main, ["ingest", str(tmp_path), "--db", db, "--strict"])
    assert r.exit_code == 1
    r = runner.invoke(main, ["show", "nope", "--db", db])
    assert r.exit_code == 1 and "no article, reprint group, story or storyline has id 'nope'" in r.output


def _commands(group: click.Group):
    for name, cmd in group.commands.items():
        yield name, cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd)


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_documented_with_an_example(name):
    cmd = main.commands[name]
    assert cmd.help and "Example:" in cmd.help, f"`storyline {name}` needs help text with an example"
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert param.help, f"`storyline {name} {param.opts[0]}` has no help text"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_in_the_readme(name):
    assert f"storyline {name}" in (ROOT / "README.md").read_text()


def test_compare_two_files(runner):
    a, b = DEMO / "daily-courier" / "bridge-collapse.txt", DEMO / "lakeside-tribune" / "bridge-collapse-own.txt"
    r = runner.invoke(main, ["compare", str(a), str(b), "--json"])
    res = json.loads(r.output)
    assert res["same_story"] and "Helena Varga" in res["reasons"]["shared_people"]
    other = DEMO / "daily-courier" / "cup-final.txt"
    r = runner.invoke(main, ["compare", str(a), str(other)])
    assert "different stories" in r.output


def test_nothing_to_read_fails_and_leaves_no_database(runner, tmp_path):
    db = tmp_path / "x.db"
    r = runner.invoke(main, ["ingest", str(tmp_path / "no-such-folder"), "--db", str(db)])
    assert r.exit_code == 1 and "no such file or folder" in r.output
    assert not db.exists()


def test_export_takes_its_format_from_the_file_name(runner, tmp_path, demo_db):
    import pyarrow.parquet as pq

    out = tmp_path / "a.parquet"
    r = runner.invoke(main, ["export", "articles", "--db", str(demo_db), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert pq.read_table(out).num_rows == 32
    csv_out = tmp_path / "s.csv"
    assert runner.invoke(main, ["export", "stories", "--db", str(demo_db), "-o", str(csv_out)]).exit_code == 0
    assert csv_out.read_text().splitlines()[0].startswith("id,")


def test_quotes_of_a_story_that_does_not_exist_is_an_error(runner, demo_db):
    r = runner.invoke(main, ["quotes", "--db", str(demo_db), "--story", "nope"])
    assert r.exit_code == 1 and "no story with id 'nope'" in r.output
