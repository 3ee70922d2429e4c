"""What an input record must be to become an article, checked once for every reader.

A record (a JSON line, a CSV row) needs an ``id`` that is a string or a number without
line breaks or control characters, and a non-empty ``text``; optional fields are text.
Strings are made safe to store: a lone surrogate (``"\\ud800"`` in JSON, or a file name's
undecodable byte) becomes U+FFFD.  A ``date`` is read in the formats news sites write
(``text.dates.parse_date``) and stored as ISO; one that is not understood is kept as
given in ``metadata["date_as_given"]`` and reported as a warning, never guessed.
An id read twice keeps its first record; each later one is an input error
(``FirstIds``), whichever command or engine reads it.
"""

from __future__ import annotations

import math
import os
import re
from typing import Any

from ..errors import InputError
from ..model import Article
from ..text.dates import normalize_date

KNOWN_FIELDS = ("id", "text", "title", "url", "outlet", "date", "byline")
_KNOWN = frozenset(KNOWN_FIELDS)
_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters an id may not hold: they break URLs, terminals and the lines of exports.
_CONTROL = re.compile("[\x00-\x1f\x7f\u2028\u2029]")
# The metadata key of a date kept as the input gave it.
DATE_AS_GIVEN = "date_as_given"


def safe_text(s: str) -> str:
    """``s`` with any lone surrogate replaced by U+FFFD, so it encodes as UTF-8.

    >>> safe_text("ok \\ud800 x")
    'ok \\ufffd x'
    """
    if s.isascii() or not _SURROGATE.search(s):
        return s
    return _SURROGATE.sub("\ufffd", s)


def fs_text(name: str) -> str:
    """A path as text that encodes as UTF-8 (bytes of a file name in another encoding,
    which Python keeps as lone surrogates, become U+FFFD)."""
    if name.isascii() or not _SURROGATE.search(name):
        return name
    return os.fsencode(name).decode("utf-8", "replace")


def record_id(value: Any, location: str) -> str:
    """A record's id as text, or the InputError that says why it cannot be one.

    >>> record_id(7, "x"), record_id(" a1 ", "x")
    ('7', 'a1')
    >>> record_id({"nested": 1}, "f:3")
    Traceback (most recent call last):
    storyline.errors.InputError: f:3: 'id' must be a string or a number, not an object
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        kind = {dict: "an object", list: "a list", bool: "true or false"}.get(type(value), type(value).__name__)
        raise InputError(
            location, "missing 'id'" if value is None else f"'id' must be a string or a number, not {kind}"
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(location, f"'id' must be a finite number, not {value}")
    rid = safe_text(value.strip() if isinstance(value, str) else str(value))
    if not rid:
        raise InputError(location, "missing 'id'")
    if _CONTROL.search(rid):
        raise InputError(location, f"'id' holds a line break or control character: {rid[:60]!r}")
    return rid


def id_and_text(rec: Any, location: str, valid: bool = False) -> tuple[str, str]:
    """A record's id and text, or the InputError that says what is wrong with it
    (``valid``: the text is known to encode as UTF-8, and is not searched again)."""
    if not isinstance(rec, dict):
        raise InputError(location, f"expected a JSON object, got {type(rec).__name__}")
    rid = record_id(rec.get("id"), location)
    text = rec.get("text")
    if not isinstance(text, str):
        raise InputError(location, "missing 'text'" if text is None else "'text' is not a string")
    if not text or text.isspace():  # (strip() would copy every text)
        raise InputError(location, "empty text")
    return rid, text if valid else safe_text(text)


def optional(rec: dict[str, Any], key: str) -> str | None:
    """An optional field as stripped text, None when absent or empty."""
    v = rec.get(key)
    if v is None or v == "":
        return None
    return safe_text((v if isinstance(v, str) else str(v)).strip()) or None


def _safe(value: Any) -> Any:
    """A metadata value with its strings (keys too) made safe to store."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {safe_text(str(k)): _safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe(v) for v in value]
    return value


def record_to_article(rec: Any, location: str, source: str, valid: bool = False) -> Article:
    """The article a record makes (``location``: where it was read, ``file:line``;
    ``valid``: its strings are known to encode as UTF-8)."""
    rid, text = id_and_text(rec, location, valid)
    extra = {safe_text(str(k)): _safe(v) for k, v in rec.items() if k not in _KNOWN} if len(rec) > 2 else {}
    given_date = optional(rec, "date")
    date = normalize_date(given_date) if given_date else None
    if given_date and date is None:
        extra[DATE_AS_GIVEN] = given_date
    return Article(
        id=rid,
        text=text,
        source=fs_text(location),
        title=optional(rec, "title"),
        url=optional(rec, "url"),
        outlet=optional(rec, "outlet"),
        date=date,
        byline=optional(rec, "byline"),
        metadata=extra,
    )


# What the lean path (``read_texts``) yields per item: id, text, outlet, url, and where
# it was read (file, or file:line).
TextRecord = tuple[str, str, str | None, str | None, str]


def record_to_text(rec: Any, location: str, source: str, valid: bool = False) -> TextRecord:
    """The lean form of ``record_to_article``: what corpus-scale dedup reads."""
    rid, text = id_and_text(rec, location, valid)
    return rid, text, optional(rec, "outlet"), optional(rec, "url"), fs_text(location)


def duplicate_id(location: str, rid: str, first: str) -> InputError:
    """The error of a record whose id an earlier record (read from ``first``) had."""
    return InputError(location, f"duplicate id {rid!r} (first read from {first})")


class FirstIds:
    """The duplicate-id rule: the first record of an id is kept, later ones are errors.

    >>> ids = FirstIds()
    >>> ids.check("a", "x.jsonl:1"), ids.check("a", "x.jsonl:2").reason
    (None, "duplicate id 'a' (first read from x.jsonl:1)")
    """

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def check(self, rid: str, location: str) -> InputError | None:
        """None for an id's first record (remembered), else its error."""
        first = self.seen.get(rid)
        if first is None:
            self.seen[rid] = location
            return None
        return duplicate_id(location, rid, first)
