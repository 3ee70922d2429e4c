"""Dates of news articles: the formats news sites print them in, read exactly (never
guessed), and the lines that *are* a date line ("Published: 20 March 1987") as opposed to
a sentence with a date in it, or a correction's or an update's date.

dateparser-style libraries find dates anywhere in a string and guess the missing parts,
which is exactly what must not happen here, so the formats news sites use are matched
explicitly.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = re.compile(r",?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?")
_DATE_PATTERNS = [
    (
        "iso",
        re.compile(
            r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
            r"(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
        ),
    ),
    ("mdy", re.compile(_WEEKDAY + _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b", re.I)),
    (
        "dmy",
        re.compile(
            r"\b" + _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+(?P<y>\d{4})\b", re.I
        ),
    ),
    ("numeric", re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})\b")),
    ("ymd-slash", re.compile(r"\b(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})\b")),
]


_YEAR = re.compile(r"\d{4}")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat() if 1800 <= y <= 2200 else None
    except ValueError:
        return None


def parse_date(text: str, *, dayfirst: bool = True) -> tuple[str, tuple[int, int]] | None:
    """The first complete date in ``text`` as ``(iso, (start, end))``, or None.

    Complete means day, month and year; ``"on Friday"`` or ``"in 2009"`` are not dates.
    ``dayfirst`` decides ambiguous numeric dates such as ``03/04/2013``.

    >>> parse_date("April 10, 2013")[0], parse_date("- 26.12.2017")[0], parse_date("26 Dec 2017")[0]
    ('2013-04-10', '2017-12-26', '2017-12-26')
    """
    if not _YEAR.search(text):
        return None
    best: tuple[str, tuple[int, int]] | None = None
    for kind, rx in _DATE_PATTERNS:
        for m in rx.finditer(text):
            g = m.groupdict()
            if kind in ("mdy", "dmy"):
                iso = _valid(int(g["y"]), _MONTHS[g["mon"].lower()[:3]], int(g["d"]))
            elif kind == "numeric":
                a, b = int(g["a"]), int(g["b"])
                if b > 12:
                    day, mon = b, a
                elif a > 12:
                    day, mon = a, b
                else:
                    day, mon = (a, b) if dayfirst else (b, a)
                iso = _valid(int(g["y"]), mon, day)
            else:
                iso = _valid(int(g["y"]), int(g["m"]), int(g["d"]))
            if iso and (best is None or m.start() < best[1][0]):
                best = (iso, m.span())
            if iso:
                break
    return best


_ISO_START = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


def normalize_date(value: str, *, dayfirst: bool = True) -> str | None:
    """An input's ``date`` field as ISO: an ISO date or timestamp as it is, another
    complete date in the forms news sites write (``parse_date``) as ``YYYY-MM-DD``, and
    None for what is not a complete, valid date.

    >>> [normalize_date(x) for x in ("2024-03-12T10:00:00Z", "March 3, 1987", "03/02/1987", "1987-13-45", "yesterday")]
    ['2024-03-12T10:00:00Z', '1987-03-03', '1987-02-03', None, None]
    """
    s = value.strip()
    m = _ISO_START.match(s)
    if m:
        return s if _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))) else None
    found = parse_date(s, dayfirst=dayfirst)
    return found[0] if found else None


_DATE_PREFIX = re.compile(
    r"^(?:[-\u2013\u2014|\u00b7*]\s*)?(?:(?:published|updated|posted|last updated|first published|"
    r"date|dated|created|modified)(?:\s+on)?\s*:?\s*)?",
    re.I,
)
# A date line is mostly date: at most this many other words besides the date.
_DATE_LINE_SPARE_WORDS = 5


# "(@handle)": the signature of an embedded social-media post ("— Kelmar Port
# Authority (@KelmarPort) March 3, 2019"), which quotes the post's date, not the article's.
_POST_HANDLE = re.compile(r"\(@\w{1,30}\)")


# Labels of a date that is not when the article came out but when it was changed: a
# correction or an update can come months later, and is no publication date.
_REVISION_LABEL = re.compile(
    r"^\W*(?:corrections?|corrected|clarifications?|updated?|last updated|modified|amended|revised|"
    r"editor'?s note|editor\u2019s note)\b",
    re.I,
)


def revision_line(line: str, *, dayfirst: bool = True) -> bool:
    """Whether ``line`` dates a change to the article ("Correction: March 3, 2015",
    "Updated 4 May 2019"), not its publication.

    >>> revision_line("Correction: March 3, 2015"), revision_line("Published: March 3, 2015")
    (True, False)
    """
    return bool(_REVISION_LABEL.match(line.strip())) and parse_date(line, dayfirst=dayfirst) is not None


def date_line(line: str, *, dayfirst: bool = True) -> str | None:
    """The ISO date of a line that *is* a date line ("Published: 20 March 1987"), else None.

    >>> date_line("Published: 20 March 1987"), date_line("— Kelmar Port (@KelmarPort) March 3, 2019")
    ('1987-03-20', None)
    """
    s = line.strip()
    if not s or len(s) > 120 or _POST_HANDLE.search(s):
        return None
    found = parse_date(s, dayfirst=dayfirst)
    if not found:
        return None
    iso, (a, b) = found
    rest = _DATE_PREFIX.sub("", (s[:a] + " " + s[b:]).strip())
    rest = re.sub(r"\b(?:by|at|on|updated|published|posted)\b|[|,\u00b7:\-\u2013\u2014]", " ", rest, flags=re.I)
    rest = _TIME.sub(" ", rest)
    if len(rest.split()) > _DATE_LINE_SPARE_WORDS or rest.strip().endswith("."):
        return None
    return iso


def find_date(lines: list[str], *, dayfirst: bool = True) -> str | None:
    """The date of the first date line among ``lines`` (a correction's or an update's
    date is not one), or None."""
    for line in lines:
        iso = None if revision_line(line, dayfirst=dayfirst) else date_line(line, dayfirst=dayfirst)
        if iso:
            return iso
    return None
