"""Metadata found in the plain text of a scraped article: datelines, bylines, wire
agencies, outlet names and the title's casing (dates: ``dates.py``).

Dates are read only from lines that are *about* the article (a date line, a byline with
a date, a source line), never from sentences of the body: "talks in 2009" says nothing
about when the article was written, and a missing date stays missing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .dates import date_line

_NAME_WORD = r"(?:[A-Z][\w.'\u2019-]*|and|of|the|de|van|von|al|el|da|du|bin)"
_CALENDAR_START = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
_BYLINE = re.compile(
    rf"^(?P<by>(?:by|written by|reporter:|reported by|words by)\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,7}}"
    r"(?:,\s*[A-Z][\w ]{2,40})?)"
    rf"\s*(?:$|[|\u00b7]|,?\s+(?=\d|{_CALENDAR_START}))",
    re.I,
)
_BYLINE_MAX_WORDS = 10


def byline_of(line: str) -> str | None:
    """The byline in a line such as ``By Staff Reporter | March 13, 1987``, else None.

    >>> byline_of("By Staff Reporter | March 13, 1987"), byline_of("By region, Britain gave 34 million")
    ('By Staff Reporter', None)
    """
    s = line.strip()
    m = _BYLINE.match(s)
    if not m or len(s.split()) > _BYLINE_MAX_WORDS + 6:
        return None
    by = m.group("by").strip(" ,")
    if len(by.split()) > _BYLINE_MAX_WORDS or by.endswith(".") or not by.split()[-1][:1].isupper():
        return None
    return by


# The words outlets' names end with ("CBC News", "The Harbour Herald").
_OUTLET_WORDS = (
    "news|press|times|post|herald|journal|tribune|globe|mail|star|telegraph|guardian|gazette|radio|television|tv"
)
# Words that make the part after a name's comma an affiliation ("Greg Beacham, The
# Associated Press"; "Rachel Gilmore, Power Play producer"): a newsroom role, or an
# outlet's name.
_ROLE_WORDS = (
    r"reporter|producer|correspondent|writer|editor|columnist|contributor|staff|journalist|photographer|"
    r"bureau|chief|critic|anchor|host|analyst|intern|wire|agency|network|media|" + _OUTLET_WORDS
)
_PERSON = r"[A-Z][\w.'\u2019-]*(?: (?:[A-Z][\w.'\u2019-]*|de|van|von|da|di|le|la|del|bin|al|el)){1,3}"
_AFFILIATED_BYLINE = re.compile(
    rf"^(?P<names>{_PERSON}(?:(?:,| and| &|, and) {_PERSON}){{0,3}})\s*[,\u00b7|\u2013\u2014-]\s*"
    rf"(?P<affiliation>(?:[\w.'\u2019&-]+ ){{0,5}}[\w.'\u2019&-]+)\.?$"
)
_ROLE = re.compile(rf"\b(?:{_ROLE_WORDS})$", re.I)  # the affiliation ends with it
# An affiliation that is an outlet's name rather than a role: "CBC News", "The Harbour
# Herald" (capitalised words, the last one of ``_OUTLET_WORDS``), not "producer".
_OUTLET_NAME = re.compile(
    r"^(?:The )?[A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,3} (?:"
    + "|".join("TV" if w == "tv" else w.capitalize() for w in _OUTLET_WORDS.split("|"))
    + ")$"
)


def names_outlet(affiliation: str) -> bool:
    """Whether a byline's affiliation is an outlet's name.

    >>> names_outlet("CBC News"), names_outlet("Power Play producer")
    (True, False)
    """
    return bool(_OUTLET_NAME.match(affiliation))


# "NAME · CBC News · Posted: Jan 10, 2019 4:00 AM ET": a byline bar.
_BYLINE_BAR = re.compile(r"\s+[\u00b7|\u2022]\s+")


@dataclass(slots=True, frozen=True)
class Byline:
    """A byline line read: the names, and the affiliation written beside them."""

    names: str
    affiliation: str | None = None
    date: str | None = None


def read_byline(line: str, *, dayfirst: bool = True) -> Byline | None:
    """The byline a line states, in the forms news sites write them, or None.

    >>> read_byline("Amy Forliti and Todd Richmond, The Associated Press")
    Byline(names='Amy Forliti and Todd Richmond', affiliation='The Associated Press', date=None)
    >>> read_byline("Clinton Campaign Manager Laughs, Evades Reporter's Question") is None
    True
    >>> read_byline("Rachel Gilmore, Power Play producer").affiliation
    'Power Play producer'
    >>> read_byline("Ann Lee · CBC News · Posted: Jan 10, 2019 4:00 AM ET")
    Byline(names='Ann Lee', affiliation='CBC News', date='2019-01-10')
    >>> read_byline("Paris, France and the rest of Europe") is None
    True
    """
    s = line.strip()
    by = byline_of(s)
    if by:
        return Byline(by, None, date_line(s, dayfirst=dayfirst))
    if len(s.split()) > _BYLINE_MAX_WORDS + 6:
        return None
    bar = _BYLINE_BAR.split(s)
    if len(bar) >= 2 and re.fullmatch(_PERSON, bar[0]):
        dates = [d for d in (date_line(p, dayfirst=dayfirst) for p in bar[1:]) if d]
        others = [p for p in bar[1:] if not date_line(p, dayfirst=dayfirst)]
        if dates or any(_ROLE.search(p) for p in others):
            return Byline(bar[0], others[0] if others else None, dates[0] if dates else None)
    m = _AFFILIATED_BYLINE.match(s)
    if m and (wire_name(m.group("affiliation")) or _ROLE.search(m.group("affiliation"))):
        return Byline(m.group("names"), m.group("affiliation"))
    return None


# Agencies whose name in a dateline or source line makes an article wire copy.
WIRE_AGENCIES = {
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "upi": "UPI",
    "united press international": "UPI",
    "dpa": "dpa",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "interfax": "Interfax",
    "ria": "RIA",
    "ria novosti": "RIA Novosti",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "bloomberg": "Bloomberg",
    "pa": "PA",
    "press association": "PA",
    "bernama": "Bernama",
    "pti": "PTI",
    "ani": "ANI",
    "ians": "IANS",
    "anadolu": "Anadolu",
    "aap": "AAP",
    "cp": "CP",
    "the canadian press": "CP",
}


def wire_name(name: str) -> str | None:
    """The canonical agency for a name as written (``"Associated Press"`` -> ``"AP"``)."""
    return WIRE_AGENCIES.get(name.strip(" .()").lower())


# A photo credit opening a caption: "Tijana Martin / The Canadian Press Anne Marie ...",
# "The Canadian Press Prime Minister Justin Trudeau holds ..." (the credit, then the
# caption's first capitalised word, with no verb between).
_PHOTOGRAPHER = re.compile(r"^[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3} ?/ ?[A-Z]")
# "Gary Cameron/Reuters": a credit line of its own is this short.
_CREDIT_LINE_WORDS = 6
_LONG_AGENCY_NAMES = tuple(sorted((k for k in WIRE_AGENCIES if " " in k), key=len, reverse=True))
# A caption that ends with its credit in brackets: "(Haweya Fadal/CBC)", "(Photo: City
# of Surrey)", "( Toronto Star file photo )", "(Luis Tato/AFP/Getty Images)".
_TRAILING_CREDIT = re.compile(
    r"\(\s*(?:[A-Z][\w.' -]{1,40}\s*/\s*[A-Z][\w.' /-]{1,60}|(?:photo|image|video)s?\s*:[^()]{1,60}|"
    r"[^()]{0,60}\b(?:file photo|photo|photograph|getty images|handout)\b[^()]{0,20})\s*\)\W{0,2}$",
    re.I,
)


def ends_with_photo_credit(line: str) -> bool:
    """Whether a line ends with a photo credit in brackets: a caption (kept as text when
    it says something, but never a title)."""
    s = line.strip()
    return s.endswith((")", ").", ")”")) and bool(_TRAILING_CREDIT.search(s))


def is_photo_credit(line: str) -> bool:
    """Whether a line is a photo caption or credit (not article text, never a title).

    >>> is_photo_credit("The Canadian Press"), is_photo_credit("Jo Ray / The Canadian Press Two boys play.")
    (True, True)
    >>> is_photo_credit("Gary Cameron/Reuters."), is_photo_credit("Sales rose 3/4 of a point.")
    (True, False)
    >>> is_photo_credit("(Image: Ann Lee)"), is_photo_credit("Crowds gathered at the pier on Friday. (Ann Lee/AFP)")
    (True, False)
    >>> is_photo_credit("The Canadian Press reported on Monday that talks had failed.")
    False
    """
    s = line.strip().rstrip(".")
    low = s.lower()
    if len(s) < 40 and wire_name(s) and " " in s:
        return True  # a credit line of its own under a photo
    if "/" in s and _PHOTOGRAPHER.match(s) and (" / " in s or len(s.split()) <= _CREDIT_LINE_WORDS):
        return True
    if s.endswith(")"):  # a credit line of its own; a caption sentence before it is text
        whole = line.strip()
        m = _TRAILING_CREDIT.search(whole)
        if m and len(whole[: m.start()].split()) <= _CREDIT_LINE_WORDS // 2:
            return True
    if not low.startswith(_LONG_AGENCY_NAMES):
        return False
    for name in _LONG_AGENCY_NAMES:
        if low.startswith(name) and len(s) > len(name) + 1:
            nxt = s[len(name) :].lstrip()
            return s[len(name)] == " " and nxt[:1].isupper() and not nxt.split()[0].isupper()
    return False


_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3}(?:,\s*[A-Z][A-Za-z.\-]+(?: [A-Z][A-Za-z.\-]+){0,2})?)"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"\s*(?:\((?P<agency>[A-Za-z .\-]{2,30})\))?"
    r"\s*(?:-{1,2}|\u2014|\u2013|:)\s+"
)


@dataclass(slots=True, frozen=True)
class Dateline:
    """``NEUCHATEL, Switzerland (AP) -`` -> place ``NEUCHATEL, Switzerland``, agency ``AP``."""

    place: str
    agency: str | None
    end: int


# Words that open furniture and notes in dateline shape ("SOURCE: ...", "UPDATE: ...").
_NOT_PLACES = frozenset(
    {
        "source", "sources", "more", "read more", "see more", "related", "update", "updated", "watch", "video",
        "photo", "photos", "editor's note", "note", "correction", "advertisement", "listen", "breaking",
        "exclusive", "opinion", "analysis", "also read", "read also", "see also",
    }
)  # fmt: skip


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of a paragraph, or None.

    >>> parse_dateline("NEUCHATEL, Switzerland (AP) - Russian Foreign Minister said")
    Dateline(place='NEUCHATEL, Switzerland', agency='AP', end=30)
    """
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    place = m.group("place").strip()
    first = place.split(",")[0]
    if sum(c.isalpha() for c in first) < 3 or first.lower() in WIRE_AGENCIES or first.lower() in _NOT_PLACES:
        return None
    agency = m.group("agency")
    return Dateline(place=place, agency=wire_name(agency) if agency else None, end=m.end())


_NAME = r"(?:The )?[A-Z][\w&-]*(?: [A-Z][\w&-]*){0,4}"
_OUTLET_PATTERNS = [
    re.compile(r"^(?i:support) (?P<o>" + _NAME + r")!?$"),
    re.compile(r"^(?P<o>" + _NAME + r") is (?:funded|owned|supported|run) by"),
    re.compile(r"\b(?i:journalists of) (?P<o>The [A-Z][\w'&-]*(?: [A-Z][\w'&-]*){0,4})"),
    re.compile(r"^(?i:follow|join) (?:the )?(?P<o>" + _NAME + r")(?:'s)? (?i:on|telegram|newsletter|whatsapp)"),
    re.compile(r"^(?i:copyright|\u00a9)\s*(?:\u00a9\s*)?(?:\d{4}\s+)?(?P<o>" + _NAME + r")\.\s"),
    re.compile(r"^(?i:sign up for) (?:the )?(?P<o>" + _NAME + r") (?i:newsletter)"),
    re.compile(r"^[Bb]y (?P<o>The [A-Z][\w'&-]*(?: [A-Z][\w'&-]*){0,4})$"),
    # an outlet's own desk: "By Tribune Staff", "Source: Metro News Digest wire desk"
    re.compile(r"^[Bb]y (?P<o>" + _NAME + r") (?i:staff(?: writers?| reporters?)?|news ?desk|newsroom)$"),
    re.compile(r"^(?i:source)\s*:\s*(?P<o>" + _NAME + r") (?i:(?:wire |news )?desk|newsroom|staff)\.?$"),
]


def outlet_in(line: str) -> str | None:
    """An outlet name that a furniture or byline line states, or None.

    >>> outlet_in("By Tribune Staff"), outlet_in("Source: Metro News Digest wire desk")
    ('Tribune', 'Metro News Digest')
    """
    s = line.strip()
    for rx in _OUTLET_PATTERNS:
        m = rx.search(s)
        if m:
            name = m.group("o").strip()
            if name.lower() not in {"us", "our", "the", "me", "twitter", "facebook"}:
                return name
    return None


_SOURCE_LINE = re.compile(r"^(?P<o>[A-Z][\w'.&-]*(?: [A-Z][\w'.&-]*){0,4}),\s+(?P<rest>.+)$")


def source_line(line: str, *, dayfirst: bool = True) -> tuple[str, str] | None:
    """``Al Jazeera, 26 Dec 2017`` -> ``("Al Jazeera", "2017-12-26")``; else None."""
    m = _SOURCE_LINE.match(line.strip())
    if not m:
        return None
    iso = date_line(m.group("rest"), dayfirst=dayfirst)
    return (m.group("o"), iso) if iso else None


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019]*|[^A-Za-z]+")


def recase_title(title: str, body: str) -> str:
    """Turn an all-caps headline into sentence case, keeping the casing its words have
    in the body (proper names, acronyms).

    >>> recase_title("RUSSIA URGES US-NORTH KOREA TALKS", "Russia and the US met. Talks on North Korea stalled.")
    'Russia urges US-North Korea talks'
    """
    if not title.isupper():
        return title
    casings: dict[str, Counter[str]] = {}
    for sentence in re.split(r"(?<=[.!?\"])\s+|\n+", body):
        words = re.findall(r"[A-Za-z][A-Za-z'\u2019]*", sentence)
        for w in words[1:]:  # the first word of a sentence is capitalised anyway
            casings.setdefault(w.lower(), Counter())[w] += 1
    out = []
    for n, tok in enumerate(_TOKEN.findall(title)):
        if not tok[0].isalpha():
            out.append(tok)
            continue
        stem, apos, rest = tok.lower().partition("'")
        seen = casings.get(tok.lower()) or casings.get(stem)
        word = seen.most_common(1)[0][0] if seen else tok.lower()
        if seen and word.lower() == stem and apos:
            word = word + apos + rest
        if n == 0:
            word = word[0].upper() + word[1:]
        out.append(word)
    return "".join(out)
