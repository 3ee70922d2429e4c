"""WARC (and ARC) archives: each HTML response record becomes an article.

warcio reads the records (gzip per record or not); trafilatura extracts the main text.
The record's target URI is the article's URL and its capture date the article's date;
the id is ``<archive name>:<record id>``, stable across runs.  Records that are not
HTML responses (requests, metadata, images, scripts) are counted, not read; a truncated
or corrupt archive yields what came before the damage and one error naming where.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..config import ReaderConfig
from ..errors import InputError, MissingDependency
from ..model import Article
from .encoding import decode, header_charset
from .html import extract_page
from .records import safe_text
from .report import ReadReport


def _page_metadata(fetched: str | None, site_name: str | None) -> dict[str, str]:
    """A record's capture date and the page's own site name (``og:site_name``): the
    outlet comes from the URL's host first (``text.clean``)."""
    return {k: v for k, v in (("fetched", fetched), ("site_name", site_name)) if v}


# Bytes decompressed at a time when checking that a gzipped archive ends whole.
_CHECK_CHUNK = 1 << 20


def _gzip_cut_short(path: Path) -> bool:
    """Whether a gzipped file ends before its last member's end-of-stream marker."""
    with open(path, "rb") as f:
        if f.read(2) != b"\x1f\x8b":
            return False
    try:
        with gzip.open(path, "rb") as g:
            while g.read(_CHECK_CHUNK):
                pass
    except (EOFError, OSError, zlib.error):
        return True
    return False


def read_warc(path: Path, name: str, config: ReaderConfig, report: ReadReport) -> Iterator[Article | InputError]:
    """Articles of the HTML response records of one archive; ``report.archive_counts
    ["not_html"]`` is increased for every record skipped as not an HTML response, and
    each page's encoding (its HTTP header's charset, else as ``io.encoding`` finds it)
    is counted in ``report.encodings``."""
    counts = report.archive_counts
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise MissingDependency("warcio", "reading WARC archives") from e
    n = 0
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            records = ArchiveIterator(f, arc2warc=True)
            for n, rec in enumerate(records, start=1):
                ctype = rec.http_headers.get_header("Content-Type", "") if rec.http_headers else ""
                if rec.rec_type != "response" or "html" not in ctype.lower():
                    counts["not_html"] = counts.get("not_html", 0) + 1
                    continue
                record_id = safe_text((rec.rec_headers.get_header("WARC-Record-ID") or f"record-{n}").strip("<>"))
                location = f"{path} (record {n})"
                body = rec.content_stream().read(config.max_article_bytes + 1)
                if len(body) > config.max_article_bytes:
                    yield InputError(location, "page too large for one article")
                    continue
                missing = getattr(rec.raw_stream, "limit", 0)  # what the record declared, unread
                if missing:
                    declared = rec.rec_headers.get_header("Content-Length") or "?"
                    yield InputError(
                        location, f"archive damaged: the record is cut short ({missing} of {declared} bytes missing)"
                    )
                    continue
                try:
                    html, encoding = decode(body, location, forced=config.encoding, declared=header_charset(ctype))
                except InputError as e:
                    yield e
                    continue
                report.count_encoding(encoding)
                found = extract_page(html, location)
                if isinstance(found, InputError):
                    yield found
                    continue
                captured = (rec.rec_headers.get_header("WARC-Date") or "")[:10] or None
                yield Article(
                    id=f"{name}:{record_id.removeprefix('urn:uuid:')}",
                    text=found["text"] or "",
                    source=location,
                    url=rec.rec_headers.get_header("WARC-Target-URI"),
                    title=found["title"],
                    byline=found["byline"],
                    date=found["date"] or captured,
                    encoding=encoding,
                    metadata=_page_metadata(captured, found["outlet"]),
                )
            end = getattr(records, "offset", size)  # warcio stops quietly at a cut-off record
            if end < size:
                yield InputError(
                    f"{path} (after record {n})", f"archive damaged: its last {size - end} bytes are unreadable"
                )
            elif _gzip_cut_short(path):  # ... and at a gzip member cut short, with its offset at the end
                yield InputError(f"{path} (after record {n})", "archive damaged: it ends inside a compressed record")
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as e:
        yield InputError(f"{path} (after record {n})", f"archive damaged, the rest is unreadable ({e})")
