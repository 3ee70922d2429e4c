"""Readers: folders of text files, JSONL, CSV and HTML pages, to :class:`Article` records.

``read_inputs`` yields either an :class:`Article` or an :class:`InputError` per input
item, in a stable order (folders are walked sorted), so a bad file or line is reported
and the run goes on.  Ids are the input's ``id`` field, or for one-article files the path
relative to the folder given (``000_5121eb60957fa2fd.txt``), stable across runs.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from ..config import ReaderConfig
from ..errors import ConfigError, InputError
from ..model import Article
from .encoding import decode
from .html import extract_page
from .records import DATE_AS_GIVEN, KNOWN_FIELDS, TextRecord, fs_text, record_to_article, record_to_text
from .report import ReadReport
from .walk import walk_folder
from .warc import read_warc

__all__ = ["FORMATS", "KNOWN_FIELDS", "TextRecord", "read_inputs", "read_path", "read_texts"]

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
    ".arc": "warc",
}
# Where csv puts the cells of a row longer than its header (then reported).
_EXTRA_CELLS = "\x00extra"
# Bytes of a CSV or JSON-lines file read to choose its encoding (a file is one
# encoding; the detector needs a few hundred non-ASCII bytes to be sure).
_SAMPLE_BYTES = 1 << 20
# Files whose names mark them as a folder's documentation, not articles (README.txt,
# LICENSE, CHANGELOG.md): skipped with a note.
_DOCUMENTATION = frozenset(
    {"readme", "license", "licence", "copying", "changelog", "changes", "authors", "contributing", "notice"}
)


def _is_utf8(encoding: str | None) -> bool:
    return encoding is not None and encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def _file_encoding(sample: bytes, location: str, config: ReaderConfig) -> str:
    """The encoding of a line-oriented file (CSV, JSON lines) from its first bytes: the
    forced one, else what ``encoding.decode`` finds for them (cut at a line end, so no
    character is split)."""
    if config.encoding:
        return config.encoding
    cut = sample.rfind(b"\n") + 1 if len(sample) >= _SAMPLE_BYTES else len(sample)
    head = sample[: cut or len(sample)]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") and len(head) % 2:
        head = head[:-1]  # UTF-16's newline is two bytes: keep whole code units
    return decode(head, location)[1]


def _gz(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def _open_binary(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when its name ends in .gz."""
    return gzip.open(path, "rb") if _gz(path) else open(path, "rb")  # type: ignore[return-value]


def _read_bytes(path: Path, config: ReaderConfig) -> bytes:
    limit = config.max_article_bytes
    if not _gz(path):
        size = path.stat().st_size
        if size > limit:
            raise InputError(str(path), f"file too large for one article ({size / 1e6:.1f} MB > {limit / 1e6:.1f} MB)")
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as f:
            data = f.read(limit + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise InputError(str(path), f"not a readable gzip file ({e})") from None
    if len(data) > limit:
        raise InputError(str(path), f"file too large for one article (over {limit / 1e6:.1f} MB uncompressed)")
    return data


def read_txt(path: Path, article_id: str, config: ReaderConfig) -> Article:
    """One article per text file, in whatever encoding it was saved (``io.encoding``)."""
    text, encoding = decode(_read_bytes(path, config), str(path), forced=config.encoding)
    if not text.strip():
        raise InputError(str(path), "empty text")
    return Article(id=article_id, text=text, source=str(path), encoding=encoding)


def read_html(path: Path, article_id: str, config: ReaderConfig) -> Article:
    """One article per HTML page: main text and metadata through trafilatura."""
    text, encoding = decode(_read_bytes(path, config), str(path), forced=config.encoding)
    found = extract_page(text, str(path))
    if isinstance(found, InputError):
        raise found
    return Article(
        id=article_id,
        text=found["text"] or "",
        source=str(path),
        title=found["title"],
        url=found["url"],
        date=found["date"],
        byline=found["byline"],
        encoding=encoding,
        metadata={"site_name": found["outlet"]} if found["outlet"] else {},
    )


def _loads(raw: bytes, location: str) -> tuple[Any, bool]:
    """Parse one UTF-8 JSON line with orjson (several times faster than json); on
    failure, json gives the message users see (or parses what orjson refused, such as
    a line in a legacy encoding, decoded by ``io.encoding``).  The flag says whether the
    strings are known to encode as UTF-8: orjson refuses a lone surrogate, json keeps it."""
    try:
        return orjson.loads(raw), True
    except orjson.JSONDecodeError:
        return json.loads(decode(raw, location)[0]), False


def read_jsonl(
    path: Path, config: ReaderConfig, convert: Callable[[Any, str, str, bool], Any] = record_to_article
) -> Iterator[Any]:
    """One article per JSON line (``convert`` makes it from the parsed record); a
    malformed line is reported with its number.  UTF-8 lines are parsed as bytes (a
    line in a legacy encoding among them is decoded by itself); a file in a wider
    encoding (UTF-16, UTF-32) is read as text in it."""
    try:
        handle = _open_binary(path)
    except OSError as e:
        yield InputError(str(path), f"cannot open: {e.strerror}")
        return
    with handle:
        n = 0
        name = str(path)
        try:
            encoding = _file_encoding(handle.read(_SAMPLE_BYTES), name, config)
            handle.seek(0)
            lines: Iterable[bytes | str] = (
                handle if _is_utf8(encoding) else io.TextIOWrapper(handle, encoding=encoding, newline="")
            )
            for n, raw in enumerate(lines, start=1):
                item = jsonl_line(raw, f"{name}:{n}", name, config, convert)
                if type(item) is Article:
                    item.encoding = encoding
                if item is not None:
                    yield item
        except InputError as e:
            yield e
        except UnicodeDecodeError as e:
            yield InputError(f"{path}:{n + 1}", f"not valid {encoding} ({e.reason}); the rest of the file is unread")
        except (OSError, EOFError, zlib.error) as e:  # a truncated or corrupt .gz
            yield InputError(f"{path}:{n + 1}", f"cannot read further ({e})")


def sniff_encoding(path: Path, config: ReaderConfig) -> str:
    """The encoding ``read_jsonl`` and ``read_csv`` read a file in (from its first
    bytes; the forced one when given)."""
    with _open_binary(path) as f:
        return _file_encoding(f.read(_SAMPLE_BYTES), str(path), config)


def jsonl_line(
    raw: bytes | str,
    location: str,
    source: str,
    config: ReaderConfig,
    convert: Callable[[Any, str, str, bool], Any],
) -> Any:
    """One JSON line (bytes, or text already decoded) as ``convert`` makes it, an
    error, or None for a blank line (``convert(record, location, source, valid)``:
    ``valid`` when its strings are known to encode as UTF-8)."""
    if not raw or raw.isspace():
        return None
    if len(raw) > config.max_article_bytes:
        return InputError(location, f"line too large for one article ({len(raw) / 1e6:.1f} MB)")
    try:
        valid = False
        if isinstance(raw, str):
            rec = json.loads(raw)
        elif config.encoding and not _is_utf8(config.encoding):
            rec = json.loads(decode(raw, location, forced=config.encoding)[0])
        else:
            rec, valid = _loads(raw, location)
        return convert(rec, location, source, valid)
    except InputError as e:
        return e
    except json.JSONDecodeError as e:
        return InputError(location, f"malformed JSON ({e.msg} at column {e.colno})")


def _wide(path: Path) -> bool:
    """Whether a file starts like UTF-16 or UTF-32 text (a mark, or NUL bytes), whose
    lines cannot be found by cutting its bytes at b"\\n"."""
    with open(path, "rb") as f:
        head = f.read(4)
    return head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head


def jsonl_parts(path: Path, size: int) -> list[tuple[int, int, int]]:
    """An uncompressed JSON-lines file cut at line ends into parts of about ``size``
    bytes: (start byte, end byte, number of the part's first line), for readers that
    read the parts apart (``read_jsonl_part``).  One pass over the file's lines; a
    UTF-16 or UTF-32 file is one part."""
    if _wide(path):
        return [(0, path.stat().st_size, 1)]
    parts: list[tuple[int, int, int]] = []
    start = pos = 0
    first = line = 1
    with open(path, "rb") as f:
        for raw in f:
            pos += len(raw)
            line += 1
            if pos - start >= size:
                parts.append((start, pos, first))
                start, first = pos, line
    if pos > start or not parts:
        parts.append((start, pos, first))
    return parts


def read_jsonl_part(path: Path, part: tuple[int, int, int], config: ReaderConfig) -> Iterator[Article | InputError]:
    """The articles of one part of a JSON-lines file (``jsonl_parts``), each line
    reported under its number in the whole file."""
    start, end, first = part
    if start == 0 and _wide(path):
        yield from read_jsonl(path, config)
        return
    name = str(path)
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    encoding = config.encoding or "utf-8"  # a part of a wide-encoded file is never read apart
    for n, raw in enumerate(io.BytesIO(data), start=first):  # lines as a file gives them
        item = jsonl_line(raw, f"{name}:{n}", name, config, record_to_article)
        if type(item) is Article:
            item.encoding = encoding
        if item is not None:
            yield item


def read_csv(path: Path, config: ReaderConfig) -> Iterator[Article | InputError]:
    """One article per CSV row, with a header naming at least ``id`` and ``text``."""
    csv.field_size_limit(config.max_article_bytes)
    encoding = config.encoding or "utf-8"
    try:
        encoding = sniff_encoding(path, config)
        codec = "utf-8-sig" if _is_utf8(encoding) else encoding
        with io.TextIOWrapper(_open_binary(path), encoding=codec, newline="") as f:
            # strict: an unterminated quote is an error, not a field that swallows the rows after it
            reader = csv.DictReader(f, restkey=_EXTRA_CELLS, strict=True)
            missing = [c for c in ("id", "text") if c not in (reader.fieldnames or [])]
            if missing:
                yield InputError(str(path), f"CSV header lacks column(s) {', '.join(missing)}")
                return
            n = 1
            while True:
                start = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as e:
                    why = "a quote opened here is never closed" if "end of data" in str(e) else str(e)
                    yield InputError(f"{path}:{start}", f"malformed CSV ({why}); the rest of the file is unread")
                    return
                n = reader.line_num
                if _EXTRA_CELLS in row:
                    cells = len(reader.fieldnames or []) + len(row[_EXTRA_CELLS])
                    yield InputError(f"{path}:{n}", f"row has {cells} cells, the header {len(reader.fieldnames or [])}")
                    continue
                try:
                    article = record_to_article(row, f"{path}:{n}", str(path))
                    article.encoding = encoding
                    yield article
                except InputError as e:
                    yield e
    except InputError as e:
        yield e
    except UnicodeDecodeError as e:
        yield InputError(str(path), f"not valid {encoding} after its first {_SAMPLE_BYTES >> 20} MB ({e.reason})")
    except (OSError, EOFError, zlib.error) as e:
        yield InputError(str(path), f"cannot read: {getattr(e, 'strerror', None) or e}")


def format_of(path: Path, forced: str | None) -> str | None:
    """The reader for a path: ``forced`` when given, else by extension (None: unsupported)."""
    if forced:
        return forced
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":  # article.html.gz, crawl.jsonl.gz
        suffixes = suffixes[:-1]
    return FORMATS.get(suffixes[-1]) if suffixes else None


def read_path(
    path: Path, rel_id: str, config: ReaderConfig, report: ReadReport, part: tuple[int, int, int] | None = None
) -> Iterator[Article | InputError]:
    """Articles of one file, or of one ``part`` of a JSON-lines file (``jsonl_parts``;
    the file is counted with its first part)."""
    fmt = format_of(path, config.format)
    if fmt is None:
        report.ignored.append(str(path))
        return
    if part is not None and fmt != "jsonl":
        raise ConfigError(f"{path}: only JSON-lines files are read in parts, not {fmt}")
    if part is None and _is_documentation(path):
        report.documentation.append(str(path))
        return
    if part is None or part[0] == 0:
        report.files += 1
    try:
        items = _read_format(fmt, path, rel_id, config, report, part)
        counted = fmt == "warc"  # an archive's records are counted one by one
        for item in items:
            if type(item) is Article:
                item.source = fs_text(item.source)
                if not counted and item.encoding:
                    report.count_encoding(item.encoding)
                    counted = True
                if DATE_AS_GIVEN in item.metadata:
                    why = f"date {item.metadata[DATE_AS_GIVEN]!r} not understood: kept as text, the article undated"
                    report.warnings.append(InputError(item.source, why))
            yield item
    except InputError as e:
        yield e
    except OSError as e:
        yield InputError(str(path), f"cannot read: {e.strerror or e}")
    except (ConfigError, MemoryError):
        raise
    except Exception as e:  # a reader's library failing on one file must not end the run
        yield InputError(str(path), f"could not be read ({type(e).__name__}: {e})")


def _is_documentation(path: Path) -> bool:
    """README.txt, LICENSE, CHANGELOG.md...: a folder's own documentation (an ``index.html``
    is not: crawlers save article pages under that name)."""
    stem = path.name.split(".", 1)[0].lower()
    return stem in _DOCUMENTATION


def _read_format(
    fmt: str, path: Path, rel_id: str, config: ReaderConfig, report: ReadReport, part: tuple[int, int, int] | None
) -> Iterator[Article | InputError]:
    try:
        if fmt == "jsonl":
            yield from read_jsonl(path, config) if part is None else read_jsonl_part(path, part, config)
        elif fmt == "csv":
            yield from read_csv(path, config)
        elif fmt == "txt":
            yield read_txt(path, rel_id, config)
        elif fmt == "html":
            yield read_html(path, rel_id, config)
        elif fmt == "warc":
            yield from read_warc(path, rel_id, config, report)
        else:
            raise ConfigError(f"unknown format {fmt!r}; choose from txt, jsonl, csv, html, warc")
    except InputError as e:
        yield e


def read_inputs(
    paths: Iterable[str | os.PathLike[str]],
    config: ReaderConfig = ReaderConfig(),
    report: ReadReport | None = None,
) -> Iterator[Article | InputError]:
    """Every article in ``paths`` (files or folders), with an :class:`InputError` in place
    of each item that cannot be read.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("Hello world.")
    >>> [a.id for a in read_inputs([d])]
    ['a.txt']
    """
    return _walk(paths, config, report if report is not None else ReadReport(), read_path)


def read_texts(
    paths: Iterable[str | os.PathLike[str]],
    config: ReaderConfig = ReaderConfig(),
    report: ReadReport | None = None,
) -> Iterator[TextRecord | InputError]:
    """``read_inputs`` for what corpus-scale dedup needs: ``(id, text, outlet, url,
    location)`` tuples.  JSON lines skip building an :class:`Article` (half the cost of reading
    them); every format and every error is as ``read_inputs`` gives it."""

    def per_file(path: Path, rel_id: str, config: ReaderConfig, report: ReadReport) -> Iterator[Any]:
        if format_of(path, config.format) == "jsonl":
            report.files += 1
            yield from read_jsonl(path, config, record_to_text)
            return
        for item in read_path(path, rel_id, config, report):
            yield item if isinstance(item, InputError) else (item.id, item.text, item.outlet, item.url, item.source)

    return _walk(paths, config, report if report is not None else ReadReport(), per_file)


def input_files(
    paths: Iterable[str | os.PathLike[str]], config: ReaderConfig, report: ReadReport
) -> Iterator[tuple[Path, str] | InputError]:
    """Every file of ``paths`` as ``(path, the id it is read under)``, folders walked in
    sorted order, and an error for each path that does not exist (or folder entry that
    cannot be read): the order every reader and engine reads in."""
    if config.format is not None and config.format not in set(FORMATS.values()):
        raise ConfigError(f"unknown format {config.format!r}; choose from txt, jsonl, csv, html, warc")
    for p in paths:
        root = Path(p)
        if root.is_dir():
            yield from walk_folder(root, config, report)
        elif root.exists():
            yield root, fs_text(root.name)
        else:
            yield InputError(fs_text(str(root)), "no such file or folder")


def _walk(
    paths: Iterable[str | os.PathLike[str]],
    config: ReaderConfig,
    report: ReadReport,
    per_file: Callable[[Path, str, ReaderConfig, ReadReport], Iterator[Any]],
) -> Iterator[Any]:
    """``per_file`` over every file of ``paths`` (``input_files``)."""
    for found in input_files(paths, config, report):
        if isinstance(found, InputError):
            yield found
        else:
            yield from per_file(*found, config, report)
