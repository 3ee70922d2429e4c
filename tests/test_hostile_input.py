"""No single input can end a run: every hostile or broken input is a reported skip, a
warning, or a correct article, and the rest of the run goes on.  The fixed cases are the
ones users met; the Hypothesis properties feed random records, bytes and file names
through the readers."""

from __future__ import annotations

import json
import os
import sqlite3
from io import BytesIO

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import storyline
from storyline.cli import main
from storyline.config import ReaderConfig
from storyline.errors import InputError
from storyline.io import ReadReport, read_inputs
from storyline.io.readers import read_jsonl

BODY = "The harbour board voted on Monday to close the ferry pier at Kelmar for repairs, officials said."
NO_EXTRACT = storyline.Config(extract=storyline.ExtractConfig(enabled=False))


def _read(folder, **kw):
    report = ReadReport()
    items = list(read_inputs([folder], ReaderConfig(**kw), report))
    return [i for i in items if not isinstance(i, InputError)], [i for i in items if isinstance(i, InputError)], report


def _storable(a) -> None:
    """Every text field of an article encodes as UTF-8 (what SQLite and Parquet need)."""
    for value in (a.id, a.text, a.source, a.title, a.url, a.outlet, a.date, a.byline, json.dumps(a.metadata)):
        if value is not None:
            value.encode("utf-8")


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path):
    (tmp_path / "s.jsonl").write_text(
        '{"id": "s1", "text": "' + BODY + ' \\ud800 end", "title": "T \\udc00"}\n'
        '{"id": "s\\udc00x", "text": "' + BODY + '", "extra": {"k\\ud800": ["\\udfff"]}}\n'
    )
    arts, errors, _ = _read(tmp_path)
    assert not errors and [a.id for a in arts] == ["s1", "s\ufffdx"]
    assert "\ufffd end" in arts[0].text and arts[0].title == "T \ufffd"
    for a in arts:
        _storable(a)


@pytest.mark.parametrize(
    "rid, reason",
    [
        ({"nested": 1}, "not an object"),
        ([1, 2], "not a list"),
        (True, "not true or false"),
        ("line\nbreak", "line break or control character"),
        ("tab\there", "line break or control character"),
        ("", "missing 'id'"),
        (None, "missing 'id'"),
    ],
)
def test_ids_must_be_strings_or_numbers_without_control_characters(tmp_path, rid, reason):
    (tmp_path / "i.jsonl").write_text(
        json.dumps({"id": rid, "text": BODY}) + "\n" + json.dumps({"id": 7, "text": BODY})
    )
    arts, errors, _ = _read(tmp_path)
    assert [a.id for a in arts] == ["7"]
    assert len(errors) == 1 and reason in errors[0].reason and errors[0].location.endswith("i.jsonl:1")


@pytest.mark.parametrize(
    "given, stored",
    [("March 3, 1987", "1987-03-03"), ("03/02/1987", "1987-02-03"), ("1987-03-02T10:00:00Z", "1987-03-02T10:00:00Z")],
)
def test_dates_in_news_formats_are_read_as_iso(tmp_path, given, stored):
    (tmp_path / "d.jsonl").write_text(json.dumps({"id": "d", "text": BODY, "date": given}))
    [a], _, report = _read(tmp_path)
    assert a.date == stored and not report.warnings


@pytest.mark.parametrize("given", ["1987-13-45", "yesterday", "sometime in spring"])
def test_a_date_not_understood_is_kept_as_text_with_a_warning(tmp_path, given):
    (tmp_path / "d.jsonl").write_text(json.dumps({"id": "d", "text": BODY, "date": given}))
    [a], errors, report = _read(tmp_path)
    assert a.date is None and a.metadata["date_as_given"] == given and not errors
    assert len(report.warnings) == 1 and "not understood" in report.warnings[0].reason


def test_csv_unterminated_quote_and_long_rows_are_reported(tmp_path):
    (tmp_path / "q.csv").write_text(f'id,text\nc0,"{BODY}"\nc1,"{BODY}\nc2,swallowed row\nc3,another\n')
    (tmp_path / "w.csv").write_text(f'id,text\nw1,"{BODY}",extra,cells\nw2,"{BODY}"\n')
    arts, errors, _ = _read(tmp_path)
    assert [a.id for a in arts] == ["c0", "w2"]
    reasons = {e.location.rsplit("/", 1)[-1]: e.reason for e in errors}
    assert "never closed" in reasons["q.csv:3"]
    assert reasons["w.csv:2"] == "row has 4 cells, the header 2"


def _warc(pages, gz=True):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers))
    return buf.getvalue()


def _page(n: int) -> bytes:
    paras = "".join(f"<p>Paragraph {i} of story {n}: {BODY}</p>" for i in range(30))
    return f"<html><body><article>{paras}</article></body></html>".encode()


@pytest.mark.parametrize("gz", [True, False])
def test_a_warc_cut_inside_a_record_is_reported_not_stored_in_part(tmp_path, gz):
    data = _warc([("https://example.com/0", _page(0)), ("https://example.com/1", _page(1))], gz)
    (tmp_path / ("cut.warc.gz" if gz else "cut.warc")).write_bytes(data[: int(len(data) * 0.8)])
    arts, errors, _ = _read(tmp_path)
    assert [a.url for a in arts] == ["https://example.com/0"]
    assert len(errors) == 1 and "archive damaged" in errors[0].reason


def test_garbage_in_an_archive_is_reported_in_printable_words(tmp_path):
    data = _warc([("https://example.com/0", _page(0))], gz=False)
    (tmp_path / "bad.warc").write_bytes(data + b"\x00\x01\x1b[31mGARBAGE\x07\xff\xfe" * 20)
    _, errors, _ = _read(tmp_path)
    assert errors and all(c >= " " or c in "\t\n" for e in errors for c in str(e))


def test_file_names_that_are_not_utf8_give_storable_ids(tmp_path):
    name = os.fsdecode(b"caf\xe9-news.txt")
    (tmp_path / name).write_text(BODY)
    [a], errors, _ = _read(tmp_path)
    assert not errors and a.id == "caf\ufffd-news.txt"
    _storable(a)
    db = tmp_path / "x.db"
    storyline.ingest([tmp_path], db, NO_EXTRACT)
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT id FROM articles").fetchall() == [("caf\ufffd-news.txt",)]


def test_links_out_of_the_folder_are_not_followed_unless_asked(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash " * 5)
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(BODY)
    (folder / "passwd.txt").symlink_to(outside / "secret.txt")
    (folder / "linked-dir").symlink_to(outside, target_is_directory=True)
    (folder / "sub" / "same.txt").symlink_to(folder / "a.txt")  # inside the folder: read
    arts, errors, report = _read(folder)
    assert sorted(a.id for a in arts) == ["a.txt", "sub/same.txt"] and not errors
    assert sorted(os.path.basename(p) for p in report.links_not_followed) == ["linked-dir", "passwd.txt"]
    arts, _, report = _read(folder, follow_links=True)
    assert sorted(a.id for a in arts) == ["a.txt", "linked-dir/secret.txt", "passwd.txt", "sub/same.txt"]


def test_an_unreadable_folder_is_reported(tmp_path, monkeypatch):
    from storyline.io import walk

    (tmp_path / "a.txt").write_text(BODY)
    real = os.walk

    def failing(top, onerror=None, followlinks=False):
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
        yield from real(top, followlinks=followlinks)

    monkeypatch.setattr(walk.os, "walk", failing)
    arts, errors, _ = _read(tmp_path)
    assert [a.id for a in arts] == ["a.txt"]
    assert len(errors) == 1 and errors[0].location.endswith("locked") and "Permission denied" in errors[0].reason


def test_a_mixed_folder_of_hostile_inputs_ingests_with_a_complete_report(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Pier to close\n\n" + BODY)
    (folder / "s.jsonl").write_text('{"id": "s1", "text": "' + BODY + ' \\ud800"}\n{"id": {"x": 1}, "text": "t"}\n')
    (folder / "d.jsonl").write_text(json.dumps({"id": "d1", "text": BODY, "date": "yesterday"}) + "\n")
    (folder / "q.csv").write_text(f'id,text\nc1,"{BODY}\nc2,x\n')
    (folder / "cut.warc.gz").write_bytes(_warc([("https://example.com/0", _page(0))])[:300])
    (folder / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "long.txt").write_text("Long story\n\n" + (BODY + " ") * 3000)  # 300,000 characters
    db = tmp_path / "x.db"
    r = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "skipped 4 input(s)" in r.output  # the id, the CSV, the archive, the binary file
    assert "not followed 1 symbolic link" in r.output
    assert "not understood" in r.output and "over the extractors' 200,000" in r.output
    with sqlite3.connect(db) as c:
        ids = sorted(x for (x,) in c.execute("SELECT id FROM articles"))
        assert ids == ["d1", "good.txt", "long.txt", "s1"]
        # every article points at a group and a story that exist
        assert not c.execute(
            "SELECT id FROM articles WHERE reprint_group NOT IN (SELECT id FROM reprint_groups) "
            "OR story NOT IN (SELECT id FROM stories)"
        ).fetchall()
    again = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)])
    assert again.exit_code == 0 and "0 added, 0 updated, 4 unchanged" in again.output


# -- properties -------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
RECORDS = st.dictionaries(
    st.sampled_from(["id", "text", "title", "url", "outlet", "date", "byline", "other"]), JSON_VALUES, max_size=8
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.lists(RECORDS | JSON_VALUES, min_size=1, max_size=6))
def test_any_json_lines_give_articles_or_reported_errors(tmp_path, records):
    path = tmp_path / "fuzz.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8", errors="surrogatepass")
    items = list(read_jsonl(path, ReaderConfig()))
    assert len(items) <= len(records)
    for item in items:
        if isinstance(item, InputError):
            assert item.location.startswith(str(path))
            continue
        _storable(item)
        assert item.id and item.text.strip() and "\n" not in item.id
        assert item.date is None or item.date[:4].isdigit()


@FUZZ
@given(st.binary(max_size=600), st.sampled_from(["txt", "csv", "jsonl", "html", "warc"]))
def test_any_bytes_in_any_format_give_articles_or_reported_errors(tmp_path, data, ext):
    path = tmp_path / f"fuzz.{ext}"
    path.write_bytes(data)
    for item in read_inputs([path]):
        if isinstance(item, InputError):
            str(item).encode("utf-8")
        else:
            _storable(item)


def test_a_reader_library_failing_on_one_file_costs_only_that_file(tmp_path, monkeypatch):
    from storyline.io import readers

    (tmp_path / "a.html").write_text("<html><body><p>x</p></body></html>")
    (tmp_path / "b.txt").write_text(BODY)

    def broken(html, location):
        raise RuntimeError("the extractor fell over")

    monkeypatch.setattr(readers, "extract_page", broken)
    arts, errors, _ = _read(tmp_path)
    assert [a.id for a in arts] == ["b.txt"]
    assert len(errors) == 1 and "RuntimeError: the extractor fell over" in errors[0].reason


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=40)), st.one_of(st.none(), st.text(max_size=40)))
def test_cleaning_any_text_gives_a_storable_article(text, title, url):
    from storyline.io.records import safe_text
    from storyline.model import Article
    from storyline.text import clean_article

    a = clean_article(
        Article("x", safe_text(text) or "x", title=title and safe_text(title), url=url and safe_text(url))
    )
    assert a.clean_text is not None
    _storable(a)
    assert a.date is None or a.date[:4].isdigit()
