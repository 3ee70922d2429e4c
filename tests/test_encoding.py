"""Every file read with default flags, whatever encoding it was saved in, with the right
characters; a forced encoding wins; binary files are still refused."""

from __future__ import annotations

import gzip
import json

import pytest

from storyline.config import ReaderConfig
from storyline.errors import InputError
from storyline.io import ReadReport, read_inputs
from storyline.io.encoding import declared_encoding, decode, header_charset

# A paragraph we wrote, with the characters legacy encodings disagree about: curly
# quotes, a dash, the euro sign, accented letters.
WESTERN = (
    "Caf\u00e9 owners in Z\u00fcrich said on Monday that the \u201cnew rules\u201d would cost each of "
    "them about \u20ac400 a month \u2014 far too much, according to M\u00fcller\u2019s association, "
    "which represents 312 businesses along the lake."
)
# ... and what Latin-1 can hold of it (no curly quotes, dash or euro sign).
LATIN1 = (
    "Caf\u00e9 owners in Z\u00fcrich said on Monday that the new rules would cost each of them about "
    "400 francs a month, far too much, according to M\u00fcller's association (\u00a9 1987, r\u00e9sum\u00e9 "
    "on file), which represents 312 businesses along the lake."
)
POLISH = (
    "W\u0142adze miasta \u0141\u00f3d\u017a poinformowa\u0142y w poniedzia\u0142ek, \u017ce nowe przepisy "
    "b\u0119d\u0105 obowi\u0105zywa\u0107 od stycznia, a wi\u0119kszo\u015b\u0107 w\u0142a\u015bcicieli "
    "kawiarni uwa\u017ca je za zbyt kosztowne."
)
RUSSIAN = (
    "\u0412\u043b\u0430\u0441\u0442\u0438 \u0433\u043e\u0440\u043e\u0434\u0430 \u0441\u043e\u043e\u0431\u0449"
    "\u0438\u043b\u0438 \u0432 \u043f\u043e\u043d\u0435\u0434\u0435\u043b\u044c\u043d\u0438\u043a, \u0447"
    "\u0442\u043e \u043d\u043e\u0432\u044b\u0435 \u043f\u0440\u0430\u0432\u0438\u043b\u0430 \u0432\u0441\u0442"
    "\u0443\u043f\u044f\u0442 \u0432 \u0441\u0438\u043b\u0443 \u0432 \u044f\u043d\u0432\u0430\u0440\u0435, "
    "\u0430 \u0432\u043b\u0430\u0434\u0435\u043b\u044c\u0446\u044b \u043a\u0430\u0444\u0435 \u0441\u0447"
    "\u0438\u0442\u0430\u044e\u0442 \u0438\u0445 \u0441\u043b\u0438\u0448\u043a\u043e\u043c \u0434\u043e"
    "\u0440\u043e\u0433\u0438\u043c\u0438."
)


def _html(body: str, charset: str) -> bytes:
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>Cafe rules</title></head><body><article><h1>Cafe rules</h1>"
        f"<p>{body}</p><p>{body}</p></article></body></html>"
    )
    return page.encode(charset)


# file name -> (bytes on disk, the text the article must hold)
MIXED = {
    "utf8.txt": (WESTERN.encode("utf-8"), WESTERN),
    "utf8-bom.txt": (b"\xef\xbb\xbf" + WESTERN.encode("utf-8"), WESTERN),
    "cp1252.txt": (WESTERN.encode("cp1252"), WESTERN),
    "latin1.txt": (LATIN1.encode("latin-1"), LATIN1),
    "utf16-bom.txt": (WESTERN.encode("utf-16"), WESTERN),
    "utf16be-bom.txt": (b"\xfe\xff" + WESTERN.encode("utf-16-be"), WESTERN),
    "utf16le-nobom.txt": (WESTERN.encode("utf-16-le"), WESTERN),
    "cp1250.txt": (POLISH.encode("cp1250"), POLISH),
    "cp1251.txt": (RUSSIAN.encode("cp1251"), RUSSIAN),
    "gz.txt.gz": (gzip.compress(WESTERN.encode("cp1252")), WESTERN),
}


@pytest.fixture
def mixed_folder(tmp_path):
    for name, (data, _) in MIXED.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "declared-latin1.html").write_bytes(_html(LATIN1, "ISO-8859-1"))
    (tmp_path / "declared-cp1251.html").write_bytes(_html(RUSSIAN, "windows-1251"))
    return tmp_path


def test_a_folder_of_mixed_encodings_reads_completely_with_default_flags(mixed_folder):
    report = ReadReport()
    items = list(read_inputs([mixed_folder], ReaderConfig(), report))
    errors = [i for i in items if isinstance(i, InputError)]
    assert errors == []
    by_id = {a.id: a for a in items}
    assert len(by_id) == len(MIXED) + 2
    for name, (_, text) in MIXED.items():
        assert by_id[name].text == text, name
    assert LATIN1 in by_id["declared-latin1.html"].text
    assert RUSSIAN in by_id["declared-cp1251.html"].text
    assert by_id["declared-cp1251.html"].encoding == "cp1251"
    assert by_id["cp1252.txt"].encoding == "cp1252" and by_id["utf8.txt"].encoding == "utf-8"
    assert by_id["utf16-bom.txt"].encoding == "utf-16"
    # the ingest summary's counts: every file under the codec that read it
    assert sum(report.encodings.values()) == len(by_id)
    assert report.encodings["utf-8"] == 2 and report.encodings["cp1252"] >= 3


def test_jsonl_and_csv_in_legacy_and_wide_encodings(tmp_path):
    line = json.dumps({"id": "j1", "text": WESTERN}, ensure_ascii=False) + "\n"
    (tmp_path / "wide.jsonl").write_bytes((line + line.replace("j1", "j2")).encode("utf-16"))
    (tmp_path / "legacy.jsonl").write_bytes(line.replace("j1", "j3").encode("cp1252"))
    (tmp_path / "rows.csv").write_bytes(f'id,text\nc1,"{WESTERN}"\nc2,"{LATIN1}"\n'.encode("cp1252"))
    items = list(read_inputs([tmp_path]))
    assert not [i for i in items if isinstance(i, InputError)]
    texts = {a.id: a.text for a in items}
    assert texts == {"j1": WESTERN, "j2": WESTERN, "j3": WESTERN, "c1": WESTERN, "c2": LATIN1}


def test_forced_encoding_wins_and_a_wrong_one_is_reported(tmp_path):
    (tmp_path / "a.txt").write_bytes(RUSSIAN.encode("koi8-r"))
    [a] = read_inputs([tmp_path], ReaderConfig(encoding="koi8-r"))
    assert a.text == RUSSIAN and a.encoding == "koi8-r"
    (tmp_path / "a.txt").write_bytes(b"\xff\xfe\xfd not ascii")
    [e] = read_inputs([tmp_path], ReaderConfig(encoding="ascii"))
    assert isinstance(e, InputError) and "not valid ascii" in e.reason and e.location.endswith("a.txt")


def test_binary_is_still_refused_and_decodable_text_never_called_binary(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    [e] = read_inputs([tmp_path])
    assert isinstance(e, InputError) and "binary" in e.reason
    with pytest.raises(InputError, match="binary"):
        decode(b"ab\x00\x01cd\x02\x03", "x")
    assert decode(LATIN1.encode("latin-1"), "x")[0] == LATIN1


@pytest.mark.parametrize(
    "head, expected",
    [
        (b'<meta charset="iso-8859-1">', "cp1252"),
        (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1251'>", "cp1251"),
        (b'<?xml version="1.0" encoding="ISO-8859-2"?><rss>', "iso8859-2"),
        (b'<meta charset="no-such-codec">', None),
        (b"<p>no declaration</p>", None),
    ],
)
def test_declared_charsets(head, expected):
    assert declared_encoding(head) == expected


def test_a_declaration_that_the_bytes_contradict():
    # a template still declaring Latin-1 over UTF-8 content: the bytes win
    page = '<meta charset="iso-8859-1"><p>Z\u00fcrich \u2014 caf\u00e9</p>'.encode()
    assert decode(page, "x") == (page.decode("utf-8"), "utf-8")
    # the container's header is read before the page's own declaration
    assert decode(RUSSIAN.encode("cp1251"), "x", declared=header_charset("text/html; charset=windows-1251")) == (
        RUSSIAN,
        "cp1251",
    )
