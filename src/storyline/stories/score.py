"""The same-story and same-storyline scores: one explainable number from text, named
things, time and place, returned with the parts that made it.

Story:      (TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * entities) * time * place
Storyline:  (LINE_TEXT_WEIGHT * text + (1 - LINE_TEXT_WEIGHT) * entities) * time

``time`` decays exponentially with the gap between the nearest dates beyond a grace
day (unknown dates are neutral); ``place`` lowers the score when both texts carry
datelines from different cities (one event happens in one place).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ..config import StoryConfig
from .features import Features, cosine

TEXT_WEIGHT = 0.6
LINE_TEXT_WEIGHT = 0.4
# Reports of one event are published within a day or so of each other.
GRACE_DAYS = 1.0
# Different dateline cities: the score is multiplied by this.
PLACE_MISMATCH_FACTOR = 0.5


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


def time_factor(gap: float | None, scale_days: float) -> float:
    if gap is None:
        return 1.0
    return math.exp(-max(0.0, gap - GRACE_DAYS) / scale_days)


def story_score(
    a: Features, b: Features, config: StoryConfig = StoryConfig(), sims: tuple[float, float] | None = None
) -> tuple[float, dict[str, Any]]:
    """How likely ``a`` and ``b`` report the same event, in [0, 1], with its reasons.

    ``sims`` passes the (text, entity) cosines when the caller computed them in bulk.
    """
    text, ents = sims if sims is not None else (cosine(a.terms, b.terms), cosine(a.entities, b.entities))
    gap = date_gap(a.dates, b.dates)
    tf = time_factor(gap, config.story_days)
    if a.places and b.places:
        place = "same" if a.places & b.places else "different"
    else:
        place = "unknown"
    pf = PLACE_MISMATCH_FACTOR if place == "different" else 1.0
    score = (TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * ents) * tf * pf
    return score, {
        "text": round(text, 4),
        "entities": round(ents, 4),
        "days_apart": gap,
        "time_factor": round(tf, 4),
        "place": place,
        "places": sorted(a.places | b.places),
    }


def storyline_score(
    a: Features, b: Features, config: StoryConfig = StoryConfig(), sims: tuple[float, float] | None = None
) -> tuple[float, dict[str, Any]]:
    """How likely two stories continue one another (same actors, close in time)."""
    text, ents = sims if sims is not None else (cosine(a.terms, b.terms), cosine(a.entities, b.entities))
    gap = date_gap(a.dates, b.dates)
    tf = time_factor(gap, config.storyline_days)
    score = (LINE_TEXT_WEIGHT * text + (1 - LINE_TEXT_WEIGHT) * ents) * tf
    return score, {"text": round(text, 4), "entities": round(ents, 4), "days_apart": gap, "time_factor": round(tf, 4)}
