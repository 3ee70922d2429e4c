"""Readers: formats, ids, and a clear error per bad input (the run goes on)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from storyline.config import ReaderConfig
from storyline.errors import ConfigError, InputError
from storyline.io import ReadReport, read_inputs, write_records
from storyline.io.readers import jsonl_parts, read_jsonl, read_jsonl_part, read_path

TEXT = "A title\n\nDUNMORE - The council voted on Monday to close the old ferry pier for repairs, officials said."


def _read(paths, **kw):
    report = ReadReport()
    items = list(read_inputs(paths, ReaderConfig(**kw), report))
    return [i for i in items if not isinstance(i, InputError)], [i for i in items if isinstance(i, InputError)], report


def test_folder_of_text_files_ids_are_relative_paths(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "b.txt").write_text(TEXT)
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "notes.md").write_text("not an article")
    arts, errors, report = _read([tmp_path])
    assert [a.id for a in arts] == ["a.txt", "site/b.txt"]
    assert not errors and report.ignored == [str(tmp_path / "notes.md")]


def test_jsonl_fields_and_extra_metadata(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text(
        json.dumps(
            {
                "id": 7,
                "text": TEXT,
                "title": "T",
                "url": "http://x",
                "outlet": "O",
                "date": "2024-01-02",
                "byline": "By A",
                "lang": "en",
            }
        )
        + "\n"
    )
    (a,), errors, _ = _read([p])
    assert (a.id, a.title, a.url, a.outlet, a.date, a.byline, a.metadata) == (
        "7",
        "T",
        "http://x",
        "O",
        "2024-01-02",
        "By A",
        {"lang": "en"},
    )


def test_csv(tmp_path):
    p = tmp_path / "in.csv"
    p.write_text('id,text,outlet\nx1,"' + TEXT.replace('"', '""') + '",Example\nx2,,Example\n')
    arts, errors, _ = _read([p])
    assert [a.id for a in arts] == ["x1"]
    assert [e.reason for e in errors] == ["empty text"] and errors[0].location.endswith(
        ":5"
    )  # physical line of the row


def test_html_page_through_trafilatura(tmp_path):
    body = " ".join(["The council voted on Monday to close the old ferry pier for repairs."] * 6)
    html = (
        f"<html><head><title>Pier closes</title></head><body><nav>Home | News</nav>"
        f"<article><h1>Pier closes</h1><p>{body}</p><p>{body}</p></article>"
        f"<footer>Copyright Example</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(html)
    (a,), errors, _ = _read([tmp_path])
    assert a.id == "page.html" and "ferry pier" in a.text and "Home | News" not in a.text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bin.txt", b"\x00\x01\x02binary", "binary file"),
        ("empty.txt", b"  \n\n ", "empty text"),
    ],
)
def test_bad_files_are_reported_and_the_rest_is_read(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(TEXT)
    arts, errors, _ = _read([tmp_path])
    assert [a.id for a in arts] == ["good.txt"]
    assert len(errors) == 1 and errors[0].location.endswith(name) and reason in errors[0].reason


def test_too_large_file(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 3000)
    _, errors, _ = _read([tmp_path], max_article_bytes=10_000)
    assert "too large" in errors[0].reason


def test_malformed_jsonl_lines_name_the_line(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok", "text": TEXT}),
                "{not json",
                json.dumps({"text": TEXT}),
                json.dumps({"id": "no-text"}),
                json.dumps(["a list"]),
                json.dumps({"id": "ok2", "text": TEXT}),
            ]
        )
    )
    arts, errors, _ = _read([p])
    assert [a.id for a in arts] == ["ok", "ok2"]
    assert [(e.location.rsplit(":", 1)[1], e.reason.split(" (")[0]) for e in errors] == [
        ("2", "malformed JSON"),
        ("3", "missing 'id'"),
        ("4", "missing 'text'"),
        ("5", "expected a JSON object, got list"),
    ]


def test_missing_path_and_unknown_format(tmp_path):
    _, errors, _ = _read([tmp_path / "nope"])
    assert errors[0].reason == "no such file or folder"
    with pytest.raises(ConfigError):
        list(read_inputs([tmp_path], ReaderConfig(format="pdf")))


def test_forced_format(tmp_path):
    (tmp_path / "article.dat").write_text(TEXT)
    arts, _, _ = _read([tmp_path], format="txt")
    assert [a.id for a in arts] == ["article.dat"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_writers_round_trip(tmp_path, fmt):
    recs = [{"id": "a", "boilerplate": ["x", "y"], "n": 1}, {"id": "b", "boilerplate": [], "n": 2}]
    path = tmp_path / f"out.{fmt}"
    assert write_records(recs, path, fmt) == 2
    if fmt == "jsonl":
        assert [json.loads(x) for x in path.read_text().splitlines()] == recs
    elif fmt == "csv":
        assert path.read_text().splitlines()[1] == 'a,"[""x"", ""y""]",1'
    else:
        assert pq.read_table(path).to_pylist() == recs


def test_writer_rejects_unknown_format(tmp_path: Path):
    with pytest.raises(ConfigError):
        write_records([], tmp_path / "x", "xml")


def test_gzip_compressed_inputs(tmp_path):
    import gzip

    rec = json.dumps({"id": "g1", "text": TEXT}) + "\n"
    with gzip.open(tmp_path / "crawl.jsonl.gz", "wt") as f:
        f.write(rec)
    with gzip.open(tmp_path / "page.txt.gz", "wt") as f:
        f.write(TEXT)
    full = gzip.compress((rec * 50).encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(full[: len(full) // 2])  # truncated archive
    arts, errors, report = _read([tmp_path])
    assert sorted(a.id for a in arts if a.id != "g1") == ["page.txt.gz"]
    assert any(a.id == "g1" for a in arts)
    assert len(errors) == 1 and "cut.jsonl.gz" in errors[0].location and "cannot read further" in errors[0].reason
    assert report.ignored == []


def _warc(path, pages, truncate=False):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers))
    if truncate:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])


def _page(title, sentence):
    body = " ".join([sentence] * 8)
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>".encode()


def test_warc_html_records_become_articles(tmp_path):
    _warc(
        tmp_path / "crawl.warc.gz",
        [
            (
                "https://example.org/a",
                "text/html; charset=utf-8",
                _page("Pier closes", "The council closed the old ferry pier for repairs on Monday."),
            ),
            ("https://example.org/logo.png", "image/png", b"\x89PNG..."),
            (
                "https://example.org/b",
                "text/html",
                _page("Rates rise", "The central bank raised its main rate by a quarter point on Tuesday."),
            ),
        ],
    )
    arts, errors, report = _read([tmp_path])
    assert not errors and report.archive_counts == {"not_html": 1}
    assert [a.url for a in arts] == ["https://example.org/a", "https://example.org/b"]
    assert all(a.id.startswith("crawl.warc.gz:") and a.metadata.get("fetched") for a in arts)
    assert "ferry pier" in arts[0].text
    again, _, _ = _read([tmp_path])
    assert [a.id for a in again] == [a.id for a in arts]  # ids are stable


def test_truncated_warc_keeps_what_came_before(tmp_path):
    pages = [
        (
            f"https://example.org/{i}",
            "text/html",
            _page(f"Story {i}", f"Story number {i} happened in the town on a quiet day."),
        )
        for i in range(3)
    ]
    _warc(tmp_path / "cut.warc.gz", pages, truncate=True)
    arts, errors, _ = _read([tmp_path])
    assert len(arts) == 1 and len(errors) == 1 and "archive damaged" in errors[0].reason


@pytest.mark.parametrize("size", [1, 40, 90, 10_000])
def test_a_json_lines_file_read_in_parts_gives_what_it_gives_whole(tmp_path, size):
    lines = [
        json.dumps({"id": "a", "text": "The ferry pier at Kelmar will close."}),
        "",
        "{broken",
        json.dumps({"id": "b", "text": "Workers met the harbour board on Tuesday."}),
        json.dumps({"id": "c", "text": "The council approved the library budget."}),
    ]
    path = tmp_path / "wire.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    parts = jsonl_parts(path, size)
    assert parts[0][0] == 0 and parts[-1][1] == path.stat().st_size
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False))  # they tile the file
    assert (len(parts) == 5) == (size == 1)  # a part a line when parts are tiny, one when large
    config = ReaderConfig()

    def view(items):
        return [(x.location, x.reason) if isinstance(x, InputError) else (x.id, x.source, x.text) for x in items]

    whole = view(read_jsonl(path, config))
    assert view(x for p in parts for x in read_jsonl_part(path, p, config)) == whole
    assert whole[1] == (f"{path}:3", whole[1][1])  # the bad line under its number in the file
    report = ReadReport()
    assert view(x for p in parts for x in read_path(path, path.name, config, report, p)) == whole
    assert report.files == 1  # counted with its first part
    path.unlink()  # a part whose file is gone is an error naming it, as a whole file's is
    assert [(x.location, x.reason) for x in read_path(path, path.name, config, ReadReport(), parts[-1])] == [
        (str(path), "cannot read: No such file or directory")
    ]


def test_warc_pages_decoded_by_their_header_charset_and_named_from_their_host(tmp_path):
    from storyline.text import clean_article

    caf = "Caf\u00e9 owners in Z\u00fcrich said the \u201cnew rules\u201d would cost them \u20ac400 a month."
    _warc(
        tmp_path / "crawl.warc.gz",
        [
            (
                "https://www.example.com/a",
                "text/html; charset=windows-1252",
                _page("Cafe rules", caf).decode().encode("cp1252"),
            ),
            ("https://edition.cnn.com/b", "text/html", _page("Rates rise", "The bank raised its rate on Tuesday.")),
        ],
    )
    report = ReadReport()
    arts = [a for a in read_inputs([tmp_path], ReaderConfig(), report) if not isinstance(a, InputError)]
    assert caf in arts[0].text and arts[0].encoding == "cp1252"
    assert report.encodings == {"cp1252": 1, "utf-8": 1}
    outlets = [(a.outlet, a.outlet_from) for a in map(clean_article, arts)]
    assert outlets == [("example.com", "url"), ("CNN", "url")]
