"""Listings read well in a terminal and parse in a pipe: ``stories``, ``quotes`` and
``entities`` as a table sized to 80 columns, as TSV (the default when piped), as JSON
lines and as one JSON document, with a limit that says when it left records out."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storyline.cli import main

LISTINGS = ["stories", "quotes", "entities"]


def _run(*args: str, columns: int = 80):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": str(columns)})


@pytest.mark.parametrize("command", LISTINGS)
def test_piped_listing_is_tsv_one_line_a_record(command, seeds_db):
    r = _run(command, "--db", str(seeds_db))
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    header = lines[0].split("\t")
    assert len(header) >= 4 and len(lines) > 1
    assert all(len(line.split("\t")) == len(header) for line in lines[1:])
    records = [json.loads(x) for x in _run(command, "--db", str(seeds_db), "--format", "jsonl").stdout.splitlines()]
    assert len(records) == len(lines) - 1


@pytest.mark.parametrize("command", LISTINGS)
def test_json_is_one_document_and_jsonl_one_object_a_line(command, seeds_db):
    document = json.loads(_run(command, "--db", str(seeds_db), "--format", "json").stdout)
    lines = [json.loads(x) for x in _run(command, "--db", str(seeds_db), "--format", "jsonl").stdout.splitlines()]
    assert isinstance(document, list) and document == lines and document
    # --json is the same as --format jsonl
    assert [json.loads(x) for x in _run(command, "--db", str(seeds_db), "--json").stdout.splitlines()] == lines


@pytest.mark.parametrize("command", LISTINGS)
def test_table_fits_80_columns_without_breaking_words(command, seeds_db):
    r = _run(command, "--db", str(seeds_db), "--format", "table")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines and max(map(len, lines)) <= 80
    text_field = {"stories": "title", "quotes": "text", "entities": "name"}[command]
    records = [json.loads(x) for x in _run(command, "--db", str(seeds_db), "--format", "jsonl").stdout.splitlines()]
    shown = " ".join(r.stdout.split())
    for rec in records[:5]:
        for word in (rec[text_field] or "").split():
            if len(word) <= 16:  # a word narrower than its column is never cut in two
                assert word in shown, (command, word)


def test_a_limit_says_what_it_left_out(seeds_db):
    every = [
        json.loads(x) for x in _run("quotes", "--db", str(seeds_db), "--all", "--format", "jsonl").stdout.splitlines()
    ]
    assert len(every) > 2
    r = _run("quotes", "--db", str(seeds_db), "--limit", "2", "--format", "jsonl")
    assert [json.loads(x) for x in r.stdout.splitlines()] == every[:2]
    assert "showing the first 2 quotes" in r.stderr and "--all" in r.stderr
    assert "showing" not in _run("quotes", "--db", str(seeds_db), "--all").stderr


def test_piped_diff_reads_without_colour(seeds_db):
    group = next(
        g for g in json.loads(_run("stories", "--db", str(seeds_db), "--format", "json").stdout) if g["size"] == 2
    )
    gid = group["group_records"][0]["id"]
    out = _run("diff", gid, "--db", str(seeds_db)).stdout
    assert "[-Sergey-]{+Sergei+}" in out or "[-Sergei-]{+Sergey+}" in out


def test_export_says_what_it_wrote(seeds_db, tmp_path):
    r = _run("export", "stories", "--db", str(seeds_db), "-o", str(tmp_path / "s.jsonl"))
    assert r.exit_code == 0 and "wrote 3 stories to" in r.stderr


def test_ingest_progress_is_plain_lines_with_counts_off_a_terminal(tmp_path):
    from pathlib import Path

    demo = Path(__file__).resolve().parents[1] / "demo" / "corpus"
    r = _run("ingest", str(demo), "--db", str(tmp_path / "a.db"), "--no-extract")
    assert r.exit_code == 0
    assert "clean: cleaning: 32/32 (" in r.stderr and "stories: words and names: 32/32 (" in r.stderr
    quiet = _run("ingest", str(demo), "--db", str(tmp_path / "b.db"), "--no-extract", "--quiet")
    assert quiet.exit_code == 0 and "32/32" not in quiet.stderr and "8 stories" in quiet.stdout


def test_export_refuses_a_format_its_file_name_contradicts(seeds_db, tmp_path):
    r = _run("export", "articles", "--db", str(seeds_db), "--format", "jsonl", "-o", str(tmp_path / "a.parquet"))
    assert r.exit_code == 1 and "a .parquet file" in r.output and not (tmp_path / "a.parquet").exists()


def test_show_and_export_say_why_each_line_was_removed(seeds_db, tmp_path):
    article = "004_3f426f10fa9980cc.txt"
    shown = _run("show", article, "--db", str(seeds_db)).stdout
    assert "removed, and why:" in shown
    _run("export", "articles", "--db", str(seeds_db), "-o", str(tmp_path / "a.jsonl"))
    rec = next(r for r in map(json.loads, (tmp_path / "a.jsonl").open()) if r["id"] == article)
    assert rec["removed"] and all(set(r) == {"line", "kind", "rule"} and r["kind"] for r in rec["removed"])
    assert [r["line"] for r in rec["removed"]] == rec["boilerplate"]
    ruled = next(r for r in rec["removed"] if r["rule"])  # furniture names the rule that removed it
    assert f"({ruled['kind']}: {ruled['rule']})" in shown and "(byline)" in shown


def test_serve_says_a_database_is_missing_before_serving(tmp_path):
    r = _run("serve", "--db", str(tmp_path / "missing.db"))
    assert r.exit_code == 1 and "no such database" in r.output and "serving" not in r.output


@pytest.mark.parametrize("command", LISTINGS)
def test_listings_in_an_80_column_terminal_keep_ids_dates_and_words_whole(command, seeds_db):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from terminal import STORYLINE, in_terminal

    if not STORYLINE.exists():
        pytest.skip("the storyline command is not installed beside this Python")
    shown = in_terminal([str(STORYLINE), command, "--db", str(seeds_db)], seeds_db.parent)
    lines = [line for line in shown.splitlines() if line.strip()]
    assert lines and max(map(len, lines)) <= 80 and "\t" not in shown  # a table, not TSV
    records = [json.loads(x) for x in _run(command, "--db", str(seeds_db), "--format", "jsonl").stdout.splitlines()]
    short = {"stories": ("id", "first_date"), "quotes": ("first_date", "kind"), "entities": ("type",)}[command]
    for rec in records:
        for key in short:
            if rec[key]:
                assert str(rec[key]) in shown, (command, key, rec[key])  # never cut to fit
