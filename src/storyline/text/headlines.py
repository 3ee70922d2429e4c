"""Which header line of a plain text is its headline, and how the headline is written.

A text saved without metadata opens with some of: a headline, a deck, a byline, a date,
a section label, an editor's note, a photo and its caption, the lead paragraph.  The
headline is the first line *shaped like one* (``headline_shaped``): short; not a date, a
byline, a label of capitalised words or a note; and, when it ends like a sentence,
without the grammar of prose (past-tense speech, articles and forms of "to be" that
headlinese drops).  ``headline_text`` takes off the full stop a saved text put after it.
"""

from __future__ import annotations

import re

from .dates import date_line
from .metadata import ends_with_photo_credit, parse_dateline, read_byline

# A line that starts the body: a sentence of at least this many words ...
BODY_MIN_WORDS = 12
# ... and a title is at most this long.
TITLE_MAX_WORDS = 30
SENTENCE_END = re.compile(r"[.!?\"'\u201d\u2019)\]]$")
# A first line that ends like a sentence is still the headline up to this many words
# (texts saved as "Headline." + body): 98% of PolNeAR's true titles are this short,
# and a lead sentence is longer.
_HEADLINE_SENTENCE_WORDS = 20
# A line of at most this many words, every one capitalised, is a label (a section, an
# outlet, a place: "CTV Vancouver", "World News"), not a headline.
_LABEL_WORDS = 3
_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Za-z]\.)+|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|Bros|St|No)\.)$")
# A headline's last full stop, before any closing quotes: "... Question.'"
_FINAL_STOP = re.compile(r"(?<!\.)\.([\"'\u201d\u2019]*)$")
# A sentence ending inside a line: a stop after a word of two or more letters that is
# not a title ("Dr.", "Mr."), then a capitalised word.
_SENTENCE_BREAK = re.compile(
    r"(?<![A-Z])(?<!\b(?:Dr|Mr|Ms|St|Jr|Sr|Mt|No|vs))(?<!\bMrs)(?<!\bGov|\bSen|\bRep|\bGen|\bCol)[.!?]"
    r"[\"'\u201d\u2019]?\s+[\"'\u201c\u2018]?[A-Z]"
)


def headline_shaped(line: str, *, dayfirst: bool = True) -> bool:
    """Whether a header line can be the title: short, not a dateline paragraph, a date,
    a byline or a label of capitalised words ("CTV Vancouver").  Captions and credits
    never get here: they are furniture.

    >>> headline_shaped("O'Malley campaign to shift staff, resources to Iowa.")
    True
    >>> [headline_shaped(x) for x in ("CTV Vancouver", "Greg Beacham, The Associated Press", "March 3, 2019")]
    [False, False, False]
    """
    words = line.split()
    if len(words) > TITLE_MAX_WORDS or (len(words) >= BODY_MIN_WORDS and parse_dateline(line)):
        return False
    if _NOTE.match(line) or ends_with_photo_credit(line):
        return False
    if SENTENCE_END.search(line) and (
        len(words) > _HEADLINE_SENTENCE_WORDS
        or _REPORTED.search(line)
        or sum(w in _PROSE_WORDS for w in words) >= _PROSE_WORDS_IN_LEAD
    ):
        return False  # a lead sentence: too long, past-tense speech, or prose grammar
    if len(words) <= _LABEL_WORDS and all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return False
    return not date_line(line, dayfirst=dayfirst) and not read_byline(line, dayfirst=dayfirst)


def headline_text(line: str) -> str:
    """A headline without the full stop a saved text put after it (headlines have
    none), kept after an abbreviation ("U.S.") and in multi-sentence headlines.

    >>> headline_text("Clinton camp: Trump's rhetoric threatens security.")
    "Clinton camp: Trump's rhetoric threatens security"
    """
    m = _FINAL_STOP.search(line)
    if not m or _ABBREVIATION_END.search(line[: m.start() + 1]) or _SENTENCE_BREAK.search(line[: m.start()]):
        return line
    return line[: m.start()] + m.group(1)


# Body grammar: headlines report speech in the present tense ("says"); a first line
# that says "said" and ends like a sentence is the lead paragraph.
_REPORTED = re.compile(r"\b(?:said|told|according to)\b")
# Headlinese drops articles and forms of "to be"; prose keeps them.  A first line that
# ends like a sentence and has this many of them (lower case, as prose writes them) is a
# lead paragraph: 1.8% of PolNeAR's true titles have three, most of them headline-and-
# deck pairs, which are joined after the headline's first line.
_PROSE_WORDS = frozenset("the a an is are was were has have had been be".split())
_PROSE_WORDS_IN_LEAD = 3
# An editor's note or warning above the story ("Warning: This story contains ...").
_NOTE = re.compile(
    r"^(?:warning|editor'?s note|note|update|updated|correction|clarification|trigger warning)\s*:", re.I
)
# A headline line ending with one of these goes on in the next line ("Jobs report
# gives Democrats a lift;" / "Solid upturn ... claims."): a headline and its deck.
TITLE_JOINERS = (";", ":", ",", "\u2013", "\u2014")


def continues_headline(title: str, line: str) -> bool:
    """Whether ``line`` is the rest of a headline broken after ``title``."""
    return len(title.split()) + len(line.split()) <= TITLE_MAX_WORDS and not parse_dateline(line)
