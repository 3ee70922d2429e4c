"""Which people of an article the text itself calls "he" or "she".

A pronoun speaker ("..., she said") refers to the last person named before it, but
only to one the article does not contradict: news copy tells a person's gender by
honorifics ("Mr Brooks", "Ms Jamil") and by the pronouns that follow their name in the
same sentence ("Dennis Brooks, 58, says his legs ..."). Evidence is counted per person
over the whole article, and a person counts as one gender only when the evidence for it
is at least ``MIN_LEAD`` times that for the other: no name list, no guessing from first
names, so a person the text never genders stays open to both pronouns.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..model import EntityMention

_HONORIFICS = r"(Mr|Mrs|Ms|Miss|Mme|Mister|Madam|Sir|Lady)\.?"
_HONORIFIC_BEFORE = re.compile(rf"\b{_HONORIFICS}\s+$")  # "Mr " before the name
_HONORIFIC_OPENS = re.compile(rf"{_HONORIFICS}\s")  # the mention as written: "Mr Lavrov"
_MALE_HONORIFICS = frozenset({"mr", "mister", "sir"})
_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.I)
_MALE = frozenset({"he", "him", "his", "himself"})
# How far after a name (characters, within its sentence) its pronouns are read.
WINDOW = 160
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019']?\s")
# The evidence for one gender must be this many times that for the other.
MIN_LEAD = 2.0


def person_genders(text: str, mentions: Sequence[EntityMention]) -> dict[str, str]:
    """Entity key -> "m" or "f" for the people ``text`` genders (see the module doc).

    >>> from storyline.model import EntityMention as M
    >>> t = "Ona Brask said her crews were tired. Mr Pell Aster agreed."
    >>> people = [M("Ona Brask", "person", 0, 9, key="brask"), M("Mr Pell Aster", "person", 37, 50, key="aster")]
    >>> person_genders(t, people)
    {'brask': 'f', 'aster': 'm'}
    """
    evidence: dict[str, Counter[str]] = defaultdict(Counter)
    people = [m for m in mentions if m.type == "person" and m.key]
    for k, m in enumerate(people):
        honorific = _HONORIFIC_BEFORE.search(text, max(0, m.start - 8), m.start) or _HONORIFIC_OPENS.match(m.text)
        if honorific is not None:
            word = honorific.group(1).lower()
            evidence[m.key]["m" if word in _MALE_HONORIFICS else "f"] += 2
        # the pronouns after the name, up to the sentence's end or the next person named
        stop = min(m.end + WINDOW, len(text))
        end = _SENTENCE_END.search(text, m.end, stop)
        if end is not None:
            stop = end.start()
        if k + 1 < len(people) and people[k + 1].start < stop:
            stop = people[k + 1].start
        for p in _PRONOUN.finditer(text, m.end, stop):
            evidence[m.key]["m" if p.group(1).lower() in _MALE else "f"] += 1
    out = {}
    for key, c in evidence.items():
        if c["m"] >= MIN_LEAD * max(c["f"], 0.5):
            out[key] = "m"
        elif c["f"] >= MIN_LEAD * max(c["m"], 0.5):
            out[key] = "f"
    return out


def agrees(pronoun: str, key: str | None, genders: dict[str, str]) -> bool:
    """Whether ``pronoun`` can refer to the person ``key`` (yes unless the article
    genders them otherwise; only "he" and "she" are checked)."""
    known = genders.get(key or "")
    if known is None or pronoun not in ("he", "she"):
        return True
    return known == ("m" if pronoun == "he" else "f")
