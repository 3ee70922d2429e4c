"""Site furniture: the lines a site wraps around a story.

Two mechanisms, both line based (a scraped page keeps the site's furniture on lines of
its own):

* generic rules (``furniture_rule``) recognise news furniture on sight: donation
  appeals, newsletter/Telegram/social sign-ups, "Read more", "Original url:", "Source:",
  cookie notices, share bars, copyright lines, related-story lists;
* learned furniture (``learn_furniture``): lines that recur across many articles of one
  outlet, or across articles of several unrelated stories, are that site's furniture
  even when no rule knows them.  A paragraph shared only by copies of one story is
  story text and is never learned.

A furniture block at the top or bottom of a page also takes the short, link-like
lines and reader-addressed paragraphs inside it ("Not ready to support today?",
"We need your help ..."), which no rule could name in advance.

Boilerplate detectors in libraries (jusText, trafilatura) work on HTML structure; for
plain scraped text there is nothing to borrow, hence this module.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from .metadata import is_photo_credit
from .normalize import fold

_I = re.IGNORECASE

# (rule name, pattern): a stripped line matching the pattern is furniture.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "read-more",
        re.compile(
            r"^(?:read (?:more|also|next|the full (?:story|article))|continue reading|see also|"
            r"more (?:from|on|stories)\b.{0,40}|also read|related (?:stories|articles|news|coverage)|"
            r"most (?:read|popular)|trending(?: now)?|top stories|recommended(?: for you)?|"
            r"click here.{0,60}|show comments|comments?|load more|don'?t miss|see more|must read|more|"
            r"(?:most (?:read|popular)|popular) (?:in|on) [\w' .-]{2,40}|you (?:may|might) also like|"
            r"tell us what you think.{0,10}|.{0,60}\bby clicking here)\W*[»›>]?$",
            _I,
        ),
    ),
    (
        "related",
        re.compile(
            r"^(?:related(?: posts?| stories| articles)?|read also|also read|see also|more|watch|listen|"
            r"read more(?: about(?: this)?)?|"
            r"see more|more on this|"
            r"don'?t miss|must read)\s*:\s*\S",
            _I,
        ),
    ),
    # a teaser headline with its section tag: "Storm hits the coast [VIDEO]"
    (
        "teaser",
        re.compile(
            r"^.{10,200}\[(?:INSIGHT|VIDEO|PICTURES|PHOTOS|REACTION|NEWS|WARNING|ANALYSIS|REVEALED|LATEST|POLL)\]\W?$"
        ),
    ),
    (
        "advert",
        re.compile(
            r"^(?:advertisement|advertising|sponsored(?: content)?|ad|(?:story|article) continues (?:below|after)"
            r"(?: (?:the )?(?:advertisement|ad))?|article continued below|"
            r"article continues below.*|scroll to continue.*)[.!]?$",
            _I,
        ),
    ),
    # a photo viewer's label before its caption
    ("caption", re.compile(r"^(?:open|view|expand) this (?:photo|image|picture) in (?:the )?gallery\b", _I)),
    (
        "navigation",
        re.compile(
            r"^(?:skip to (?:main )?content|listen to this article|breaking news|latest news|home|"
            r"menu|search|sign in|log in|subscribe|print|share(?: this(?: article| story)?)?|"
            r"log in to continue reading.*|subscribe to (?:continue|read).*)$",
            _I,
        ),
    ),
    (
        "share",
        re.compile(r"^(?:(?:like|enjoy(?:ed)?|love) this (?:story|article)\?\s*)?share (?:it|this)\b.{0,40}$", _I),
    ),
    (
        "credit",
        re.compile(
            r"^(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}(?:,? and [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3})?"
            r"|additional reporting by .{2,80}) contributed (?:reporting|research|to this (?:report|story))\b.{0,80}$"
        ),
    ),
    ("updated", re.compile(r"^(?:last )?(?:updated|published|posted)(?: at| on)?:? [\w:.,/ ]{1,40}$", _I)),
    ("share-bar", re.compile(r"^(?:[\w' ]{1,20}\s*\|\s*){2,}[\w' ]{1,20}$")),
    (
        "original-url",
        re.compile(
            r"^(?:original (?:url|link|article|story)|originally published(?: at| on| in)?|"
            r"this article (?:first|originally) appeared(?: on| in)?)\b.{0,200}$",
            _I,
        ),
    ),
    ("source", re.compile(r"^(?:[\w]+/)?(?:source|sources|kaynak|quelle|fuente|via)\s*:.{0,80}$", _I)),
    ("url", re.compile(r"^(?:https?://|www\.)\S+$", _I)),
    (
        "social",
        re.compile(
            r"(?:\b(?:join|follow|subscribe to|like)\b.{0,60}\b(?:telegram|whatsapp|twitter|facebook|"
            r"instagram|tiktok|youtube|linkedin|newsletters?|channel|x)\b|\bsign up\b.{0,60}"
            r"\b(?:newsletter|alerts|updates)\b|\bget the latest\b.{0,60}\bdelivered\b)",
            _I,
        ),
    ),
    (
        "donation",
        re.compile(
            r"(?:\b(?:a|your|make a|making a|one-off|monthly|small) donation\b|"
            r"\bdonat(?:e|ions?) (?:now|today|here|to us)\b|"
            r"\bfavou?r to ask\b|\bfunded by (?:readers|our readers|you)\b|"
            r"\bsupport (?:us|our|independent|the)\b.{0,40}\b(?:journalism|newsroom|work|monthly|today)\b|"
            r"^support [\w' ]{2,40}!$|\bmake a (?:one-off|monthly|contribution)\b|"
            r"\bnot ready to support\b|\bbecome a (?:member|subscriber|supporter|patron)\b|"
            r"^if you (?:enjoyed|liked|value|appreciated) (?:this|our) (?:article|story|journalism|reporting)\b)",
            _I,
        ),
    ),
    ("cookies", re.compile(r"\bcookies?\b.{0,80}\b(?:use|accept|agree|consent|browse|browsing)\b", _I)),
    ("copyright", re.compile(r"^(?:copyright\b|\u00a9|\(c\) \d{4}).{0,150}$|\ball rights reserved\b", _I)),
    (
        "contact",
        re.compile(
            r"^(?:(?:have a (?:news )?tip|got a (?:news )?tip|email us at|contact us)\b.{0,120}|"
            r"write to [\w .'-]{2,60} at \S+@\S+)$",
            _I,
        ),
    ),
    (
        "subscription",
        re.compile(
            r"^(?:thanks? (?:you )?for (?:signing up|subscribing)\b.{0,80}|keep an eye on your inbox\b.{0,80}|"
            r"there was an error processing your (?:subscription|request)\b.{0,40}|"
            r"an error (?:has )?occurred,? please try again\b.{0,40})$",
            _I,
        ),
    ),
    (
        "reprints",
        re.compile(
            r"^(?:[-\u2022] )?(?:order reprints|print article|reprints? (?:&|and) permissions|"
            r"this copy is for your personal,? non-commercial use only\b.{0,300}|"
            r"this article has been sent to\b.{0,60})$",
            _I,
        ),
    ),
    ("image-url", re.compile(r"^.{0,120}\bhttps?://\S+\.(?:png|jpe?g|gif|webp|svg)$", _I)),
    ("tags", re.compile(r"^(?:tags?|topics?|filed under|categories)\s*:.{0,200}$", _I)),
    (
        "wire-disclaimer",
        re.compile(
            r"(?:published from a (?:wire|syndicated) (?:agency )?feed|has not been edited by|"
            r"auto-generated from a syndicated feed|(?:views|opinions) expressed (?:in|by) .{0,60} "
            r"(?:do not|don't) (?:necessarily )?reflect)",
            _I,
        ),
    ),
]

# Rules that search the whole line run only when the line holds one of their words:
# a substring test is a hundred times cheaper than the regex on a body paragraph.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "social": (
        "telegram",
        "whatsapp",
        "twitter",
        "facebook",
        "instagram",
        "tiktok",
        "youtube",
        "linkedin",
        "newsletter",
        "channel",
        "sign up",
        "delivered",
        " x ",
    ),
    "donation": ("donat", "favor", "favour", "funded by", "support", "contribution", "become a", "if you "),
    "cookies": ("cookie",),
    "copyright": ("copyright", "\u00a9", "(c)", "rights reserved"),
    "wire-disclaimer": ("feed", "edited by", "expressed"),
}

# A line this long is an article paragraph, whatever words it contains, unless it also
# addresses the reader (donation appeals are long).
_MAX_RULE_WORDS = 80
_QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d')
_READER = re.compile(r"\b(?:you|your|we|our|us)\b", _I)
_SAID = re.compile(r"\b(?:said|says|told|added|according to)\b", _I)
# Short lines inside a furniture block: "Remind me later.", "paiment methods".
_WEAK_MAX_WORDS = 4
# Paragraphs addressing the reader ("we need your help") at least this often.
_READER_MIN_HITS = 3


def furniture_rule(line: str) -> str | None:
    """The name of the generic rule ``line`` matches, or None.

    >>> furniture_rule("Join ST's Telegram channel and get the latest breaking news delivered to you.")
    'social'
    >>> furniture_rule("Russia would support an international war crimes prosecution.") is None
    True
    """
    s = line.strip()
    if not s:
        return None
    low = s.lower()
    for name, rx in _RULES:
        triggers = _TRIGGERS.get(name)
        if triggers and not any(t in low for t in triggers):
            continue
        if rx.search(s):
            if len(s.split()) > _MAX_RULE_WORDS and not addresses_reader(s):
                return None
            if name in ("social", "donation", "cookies") and _SAID.search(_QUOTED.sub("", s)):
                return None  # reported speech about a campaign is news
            return name
    if is_photo_credit(s):
        return "caption"
    return None


def addresses_reader(line: str) -> bool:
    """True for a paragraph that speaks to the reader outside quotes ("we need your help")."""
    outside = _QUOTED.sub("", line)
    return len(_READER.findall(outside)) >= _READER_MIN_HITS and not _SAID.search(outside)


def is_weak(line: str) -> bool:
    """A line that is furniture when it sits inside a furniture block."""
    s = line.strip()
    return len(s.split()) <= _WEAK_MAX_WORDS or addresses_reader(s)


_NONWORD = re.compile(r"[^\w]+")


def line_key(line: str) -> str:
    """The key under which repeated lines are counted: folded, punctuation erased.

    Digits are kept: a table row such as ``Avg shrs 20.2 million vs 19.6 million`` must
    not collapse with every other row of its shape.
    """
    return _NONWORD.sub(" ", fold(line)).strip()


def key_hash(key: str) -> int:
    """A line key as the 64-bit number learning counts it by (a stable hash: the same in
    every process; two of a corpus's keys sharing one is a one-in-10^10 chance)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(slots=True)
class FurnitureModel:
    """Lines learned as furniture, per outlet and across outlets, by ``key_hash`` of
    their ``line_key`` (a corpus has tens of millions of distinct lines to count)."""

    by_outlet: dict[str, set[int]] = field(default_factory=dict)
    anywhere: set[int] = field(default_factory=set)

    def learned_as(self, line: str, outlet: str | None) -> str | None:
        """``"outlet"`` when learned for this outlet, ``"anywhere"`` when across stories, else None."""
        text_key = line_key(line)
        if not text_key:
            return None
        key = key_hash(text_key)
        if outlet is not None and key in self.by_outlet.get(outlet, ()):
            return "outlet"
        return "anywhere" if key in self.anywhere else None

    def is_furniture(self, line: str, outlet: str | None) -> bool:
        return self.learned_as(line, outlet) is not None

    def __len__(self) -> int:
        return len(self.anywhere) + sum(len(v) for v in self.by_outlet.values())


@dataclass(slots=True)
class LineSample:
    """What ``learn_furniture`` needs of one article."""

    outlet: str | None
    lines: list[str]
    group: str | None = None  # reprint group, when known


@dataclass(slots=True, frozen=True)
class LineKeys:
    """What learning counts of one article: its outlet, a fingerprint of its lines
    (identical texts count once), the keys of its lines (``key_hash``) and its reprint
    group."""

    outlet: str | None
    fingerprint: bytes
    keys: frozenset[int]
    group: str | None = None


def line_keys(sample: LineSample, max_line_chars: int = 400) -> LineKeys:
    """The per-article part of ``learn_furniture`` (it runs where the articles are)."""
    fingerprint = hashlib.blake2b("\n".join(sample.lines).encode("utf-8"), digest_size=16).digest()
    keys = {line_key(x) for x in sample.lines if 0 < len(x.strip()) <= max_line_chars}
    keys.discard("")
    return LineKeys(sample.outlet, fingerprint, frozenset(map(key_hash, keys)), sample.group)


def learn_furniture(
    samples: Iterable[LineSample],
    *,
    min_outlet_repeats: int = 3,
    min_group_repeats: int = 3,
    max_line_chars: int = 400,
) -> FurnitureModel:
    """Learn the lines that recur as site furniture.

    A line is furniture of outlet O when it appears in ``min_outlet_repeats`` articles of
    O that are not copies of one story (when reprint groups are known, in that many
    different groups).  A line is furniture anywhere when it appears in
    ``min_group_repeats`` different reprint groups (a wire paragraph appears in one).
    Identical texts count once.
    """
    return learn_from_keys(
        (line_keys(s, max_line_chars) for s in samples),
        min_outlet_repeats=min_outlet_repeats,
        min_group_repeats=min_group_repeats,
    )


def learn_from_keys(
    articles: Iterable[LineKeys], *, min_outlet_repeats: int = 3, min_group_repeats: int = 3
) -> FurnitureModel:
    """``learn_furniture`` from each article's ``line_keys``, in corpus order.

    Every (outlet, key, unit) and (key, group) is appended to flat arrays as it arrives
    and counted with numpy at the end: a million articles' 25 million lines cost about
    20 bytes each, where sets per key cost about 500.
    """
    outlet_ids: dict[str, int] = {}
    unit_ids: dict[str, int] = {}  # reprint groups; an article outside any is its own unit
    outlets, keys, units = array("i"), array("Q"), array("q")
    group_keys, groups = array("Q"), array("q")
    seen_texts: set[bytes] = set()
    for n, sample in enumerate(articles):
        if sample.fingerprint in seen_texts:
            continue
        seen_texts.add(sample.fingerprint)
        k = len(sample.keys)
        unit = -1 - n if sample.group is None else unit_ids.setdefault(sample.group, len(unit_ids))
        if sample.outlet is not None:
            outlets.extend(repeat(outlet_ids.setdefault(sample.outlet, len(outlet_ids)), k))
            keys.extend(sample.keys)
            units.extend(repeat(unit, k))
        if sample.group is not None:
            group_keys.extend(sample.keys)
            groups.extend(repeat(unit, k))
    model = FurnitureModel()
    names = list(outlet_ids)
    for outlet, key in _repeated(
        (_np(outlets, np.int32), _np(keys, np.uint64)), _np(units, np.int64), min_outlet_repeats
    ):
        model.by_outlet.setdefault(names[outlet], set()).add(key)
    model.anywhere = {
        key for (key,) in _repeated((_np(group_keys, np.uint64),), _np(groups, np.int64), min_group_repeats)
    }
    return model


def _np(values: array[int], dtype: type) -> np.ndarray:
    return np.frombuffer(values, dtype=dtype) if len(values) else np.zeros(0, dtype=dtype)


def _repeated(by: tuple[np.ndarray, ...], units: np.ndarray, least: int) -> list[tuple[int, ...]]:
    """The distinct values of the columns ``by`` (read together) that occur with at
    least ``least`` distinct ``units``."""
    if not len(units):
        return []
    order = np.lexsort((units, *reversed(by)))  # by the columns of ``by``, then unit
    cols = [c[order] for c in by]
    unit = units[order]
    same_key = np.ones(len(unit), dtype=bool)
    for c in cols:
        same_key[1:] &= c[1:] == c[:-1]
    same_key[0] = False
    new_unit = ~same_key | np.r_[True, unit[1:] != unit[:-1]]
    starts = np.flatnonzero(~same_key)  # each key's first row
    distinct = np.add.reduceat(new_unit.astype(np.int64), starts)
    hits = starts[distinct >= least]
    return list(zip(*(c[hits].tolist() for c in cols), strict=True)) if len(hits) else []
