"""The same-story and same-storyline scores: one explainable number from text, named
things, time and place, returned with the parts that made it.

Story:      (TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * entities) * time * place
Storyline:  (LINE_TEXT_WEIGHT * text + (1 - LINE_TEXT_WEIGHT) * entities) * time

``time`` decays exponentially with the gap between the nearest dates beyond a grace
day (an unknown date lowers it: ``UNDATED_FACTOR``); ``place`` lowers the score when both texts carry
datelines from different cities (one event happens in one place).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ..config import StoryConfig
from .features import Evidence, Features, cosine

TEXT_WEIGHT = 0.6
# With embeddings: least-squares weights on the SemEval-2022 sample (text 1.30, names
# 0.94, MiniLM 2.29 in units of the 1-4 scale), normalised to sum to 1.
EMBED_TEXT_WEIGHT, EMBED_NAME_WEIGHT, EMBED_WEIGHT = 0.288, 0.207, 0.505
LINE_TEXT_WEIGHT = 0.4
# Reports of one event are published within two days of each other (same-story pairs of
# the SemEval-2022 sample are up to three days apart; the decay starts after two).
GRACE_DAYS = 2.0
# The time factor of a pair of which one text is dated and the other not: at the story
# threshold (0.36) their texts and names must then score 0.45.  Chosen between 0.7
# (which cost the SemEval sample's same-story pairs with one undated text their recall:
# 65 of its 173 texts lack a date) and 1 (unknown taken for agreement); the seeds'
# undated 2013 copies stay apart from the 2017 report by their lede's weekday
# (WEEKDAY_CONFLICT_FACTOR), whatever this is.
UNDATED_FACTOR = 0.8
# The time factor of a pair whose weekdays disagree (``weekday_evidence``): an undated
# lede's "on Friday" is no report of an event dated on a Tuesday, or of another's "Monday".
WEEKDAY_CONFLICT_FACTOR = 0.5
# Different dateline cities: the score is multiplied by this.  Not lower: a local paper
# datelines a match from its home town, and suburbs name their own (0.7 keeps the seeds
# apart and the demo and SemEval same-story pairs together).
PLACE_MISMATCH_FACTOR = 0.7


def _days(a: str, b: str) -> float:
    return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)


def date_gap(a: tuple[str, str] | None, b: tuple[str, str] | None) -> float | None:
    """Days between two date ranges (0 when they overlap), None when either is unknown."""
    if not a or not b:
        return None
    if a[1] < b[0]:
        return _days(a[1], b[0])
    if b[1] < a[0]:
        return _days(b[1], a[0])
    return 0.0


def place_agreement(a: frozenset[str], b: frozenset[str]) -> str:
    """``same`` when a dateline place of one names one of the other's (``los angeles``
    and ``downtown los angeles``), ``different`` when both have places and none agree,
    else ``unknown``.

    >>> place_agreement(frozenset({"downtown los angeles"}), frozenset({"los angeles"}))
    'same'
    """
    if not a or not b:
        return "unknown"
    for x in a:
        for y in b:
            wx, wy = set(x.split()), set(y.split())
            if wx <= wy or wy <= wx:
                return "same"
    return "different"


def time_factor(gap: float | None, scale_days: float, one_dated: bool = False) -> float:
    """How much the time between two texts lets them be one event: 1 within the grace
    days, decaying after.  When only one of them is dated (``one_dated``),
    ``UNDATED_FACTOR``: not knowing is not agreeing, and an undated text joins a dated
    one on strong evidence only.  When neither is, time tells nothing either way (1)."""
    if gap is None:
        return UNDATED_FACTOR if one_dated else 1.0
    return math.exp(-max(0.0, gap - GRACE_DAYS) / scale_days)


def _cosines(a: Evidence, b: Evidence) -> tuple[float, float]:
    """The text and name cosines of two texts' vectors (``Features``)."""
    if not isinstance(a, Features) or not isinstance(b, Features):
        raise TypeError("a score of Evidence without vectors needs the cosines (sims)")
    return cosine(a.terms, b.terms), cosine(a.entities, b.entities)


def story_score(
    a: Evidence,
    b: Evidence,
    config: StoryConfig = StoryConfig(),
    sims: tuple[float, float] | None = None,
    explain: bool = True,
) -> tuple[float, dict[str, Any]]:
    """How likely ``a`` and ``b`` report the same event, in [0, 1], with its reasons.

    ``sims`` passes the (text, entity) cosines when the caller computed them in bulk
    (clustering, whose items are ``Evidence`` with their vectors kept as rows).
    ``explain=False``: the same score, reasons left empty (clustering scores every
    candidate and keeps the reasons of the best only).
    """
    text, ents = sims if sims is not None else _cosines(a, b)
    gap = date_gap(a.dates, b.dates)
    weekday = weekday_evidence(a, b) if gap is None else None
    if weekday == "agree":
        tf = 1.0
    elif weekday == "conflict":
        tf = WEEKDAY_CONFLICT_FACTOR
    else:
        tf = time_factor(gap, config.story_days, bool(a.dates) != bool(b.dates))
    place = place_agreement(a.places, b.places)
    pf = PLACE_MISMATCH_FACTOR if place == "different" else 1.0
    extra: dict[str, Any] = {}
    if a.embedding is not None and b.embedding is not None:
        emb = float(a.embedding @ b.embedding)
        base = EMBED_TEXT_WEIGHT * text + EMBED_NAME_WEIGHT * ents + EMBED_WEIGHT * emb
        extra["embedding"] = round(emb, 4)
    else:
        base = TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * ents
    score = base * tf * pf
    if not explain:
        return score, {}
    return score, {
        **extra,
        "text": round(text, 4),
        "entities": round(ents, 4),
        "days_apart": gap,
        **({"weekday": weekday} if weekday else {}),
        "time_factor": round(tf, 4),
        "place": place,
        "places": sorted(a.places | b.places),
    }


def weekday_evidence(a: Evidence, b: Evidence) -> str | None:
    """What the weekdays undated ledes name say of two texts whose dates are not both
    known: "agree" when an undated one names a day of the event the other reports (its
    dates, the two days before and the day after: a report says "on Tuesday" of the
    day before it appeared), "conflict" when it names none of them, None when there is
    nothing to compare (no weekday named, or neither dated nor both naming one).  Two
    undated texts agree when they name days at most one apart.

    >>> mon, fri = (Evidence(None, frozenset(), weekdays=frozenset({d})) for d in (0, 4))
    >>> tuesday = Evidence(("2017-12-26", "2017-12-26"), frozenset())
    >>> weekday_evidence(fri, tuesday), weekday_evidence(mon, tuesday), weekday_evidence(mon, fri)
    ('conflict', 'agree', 'conflict')
    """
    if a.dates and b.dates:
        return None
    if a.dates or b.dates:
        dated, undated = (a, b) if a.dates else (b, a)
        if not undated.weekdays or dated.dates is None:
            return None
        try:
            lo, hi = (dt.date.fromisoformat(d[:10]) for d in dated.dates)
        except ValueError:
            return None
        span = min((hi - lo).days + 4, 7)
        days = {(lo - dt.timedelta(days=2) + dt.timedelta(days=k)).weekday() for k in range(span)}
        return "agree" if undated.weekdays & days else "conflict"
    if a.weekdays and b.weekdays:
        near = any(min((x - y) % 7, (y - x) % 7) <= 1 for x in a.weekdays for y in b.weekdays)
        return "agree" if near else "conflict"
    return None


def same_story_threshold(a: Evidence, b: Evidence, config: StoryConfig) -> float:
    """The threshold that applies to this pair: the embedding blend has its own scale."""
    if a.embedding is not None and b.embedding is not None:
        return config.story_threshold_embeddings
    return config.story_threshold


def storyline_score(
    a: Evidence,
    b: Evidence,
    config: StoryConfig = StoryConfig(),
    sims: tuple[float, float] | None = None,
    explain: bool = True,
) -> tuple[float, dict[str, Any]]:
    """How likely two stories continue one another (same actors, close in time)."""
    text, ents = sims if sims is not None else _cosines(a, b)
    gap = date_gap(a.dates, b.dates)
    # One names the place the other is datelined from: it refers to that event, which
    # is evidence of when it was written as much as a date would be.
    named = sorted((a.places & b.named) | (b.places & a.named))
    tf = time_factor(gap, config.storyline_days, bool(a.dates) != bool(b.dates) and not named)
    score = (LINE_TEXT_WEIGHT * text + (1 - LINE_TEXT_WEIGHT) * ents) * tf
    if not explain:
        return score, {}
    reasons = {"text": round(text, 4), "entities": round(ents, 4), "days_apart": gap, "time_factor": round(tf, 4)}
    return score, {**reasons, "place_named": named} if named else reasons
