"""Who said what, and about whom: quotes with their speakers, and the people, places
and organisations of each article, merged across articles.

``extract_texts`` reads single texts (``quotes.py`` finds the quotes, ``entities.py`` the
mentions and the speakers); ``merge.py`` makes corpus records of them: one
:class:`~storyline.model.Quote` per statement with every article that carries it, one
:class:`~storyline.model.Entity` per person, place or organisation.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import ConfigError
from ..model import EntityMention, QuoteMention
from .entities import SPEAKER_MEMORY, Resolved, find_mentions, passage_speaker, resolve_speaker
from .gender import person_genders
from .quotes import find_quotes, quotation_spans
from .sentences import paragraphs, sentences

__all__ = ["Extraction", "extract_texts"]


@dataclass(slots=True)
class Extraction:
    """What one text yields: its entity mentions and its quotes; ``text_hash`` names the
    text it was extracted from, when it is kept for later runs (an unchanged text is not
    read again)."""

    mentions: list[EntityMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    text_hash: str = ""


def _paragraph_of(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.open, m.close) for a, b in paragraphs(text) for m in quotation_spans(text, a, b)]


def extract_one(text: str, spans: list[tuple[int, int, str]]) -> Extraction:
    """Mentions and quotes of ``text``, given the recogniser's entity ``spans``."""
    mentions = find_mentions(text, spans)
    quoted = _quoted_spans(text)
    genders = person_genders(text, mentions)
    starts = [a for a, _ in paragraphs(text)] or [0]

    def para_of(pos: int) -> int:
        return max(0, bisect_right(starts, pos) - 1)

    def para_start(k: int) -> int:
        return starts[min(k, len(starts) - 1)]

    quotes = []
    last: tuple[Resolved, int] | None = None  # the last person quoted, and where its sentence ends
    passage: tuple[Resolved, int, int] | None = None  # the last person quoted: their quote's end, paragraph
    for q in find_quotes(text):
        recent = last if last is not None and q.start - last[1] <= SPEAKER_MEMORY else None
        subject_from = None
        if q.speaker is None and q.cue_start >= 0:
            subject_from = next(
                (a for a, b in sentences(text, *_paragraph_of(text, q.cue_start)) if a <= q.cue_start < b), None
            )
        if q.standalone:
            who = passage_speaker(q, mentions, quoted, text, passage, para_of, para_start)
            if who.type == "unknown" and q.speaker is None:
                continue  # a quoted paragraph nobody in the passage can have said
        else:
            before, since = (recent[0], recent[1]) if recent else (None, 0)
            who = resolve_speaker(q, mentions, quoted, before, since, subject_from, genders, text)
        if who.type == "person":
            ends = [b for a, b in sentences(text, *_paragraph_of(text, q.end)) if a <= max(q.end, q.cue_start) < b]
            last = (who, ends[0] if ends else q.end)
            passage = (who, q.end, para_of(q.end))
        quotes.append(
            QuoteMention(
                q.text,
                q.kind,
                q.cue,
                q.start,
                q.end,
                speaker=q.speaker,
                speaker_name=who.name,
                speaker_key=who.key,
                speaker_type=who.type,
                speaker_start=q.speaker_start,
                speaker_end=q.speaker_end,
                parts=list(q.parts),
            )
        )
    return Extraction(mentions, quotes)


def extract_texts(texts: Sequence[str], recognise: str = "speech") -> list[Extraction]:
    """Mentions and quotes of each text (spaCy's recogniser runs once over the batch, on
    the sentences that report speech, or on ``recognise="all"`` of them).

    >>> r = extract_texts(['"We will not move," Foreign Minister Anna Berg said on Monday. Mrs Berg left.'])[0]
    >>> [(q.text, q.speaker_name) for q in r.quotes]
    [('We will not move', 'Anna Berg')]
    """
    from .nlp import entity_spans

    if recognise not in ("speech", "all"):
        raise ConfigError(f"recognise must be 'speech' or 'all', not {recognise!r}")
    spans = entity_spans(texts, everywhere=recognise == "all")
    return [extract_one(t, s) for t, s in zip(texts, spans, strict=True)]
