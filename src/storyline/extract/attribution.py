"""Attribution: the reporting verb of a statement, its speaker as written, and the
reported clause, in the ways news copy writes them.

Shared by ``quotes.py`` (direct quotes) and ``indirect.py`` (indirect speech).  A cue
must report: a past or third-person form, not an infinitive, a modal's verb, a negated
verb or a passive one (``they were criticized``).  A speaker is the noun phrase before
the verb back to a clause boundary (an appositive or relative clause skipped:
``Smith, a spokesman, said``; ``Lavrov, who spoke in Russian, said``), or after an
inverted verb (``said Lavrov``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cues import AUXILIARIES, PLURAL_PRESENT, SPEECH_VERBS, TAKES_INFINITIVE, TAKES_OBJECT

OPEN_MARKS = '\u201c"'
CLOSE_MARKS = '\u201d"'
# Characters after which a straight double quote opens a quotation.
_OPENS_AFTER = " \t\n([{\u2014\u2013-/:"
# How far (in words) an attribution may sit from the quote it attributes.
MAX_ATTRIBUTION_WORDS = 12
# The longest addressee before the content ("told the news conference in Neuchatel, a
# city at the foot of the Jura Mountains close to the French border, that ...").
MAX_OBJECT_WORDS = 25
# ... and before an infinitive ("urged the United States and North Korea to start").
MAX_ADDRESSEE_WORDS = 6
# The longest speaker phrase taken (words): "a senior U.S. State Department official".
MAX_SPEAKER_WORDS = 12
# Indirect content shorter than this (words) is not a statement ("he said so").
MIN_INDIRECT_WORDS = 3
# A fragment is quoted words inside a sentence; fewer than this is a scare quote.
MIN_FRAGMENT_WORDS = 2
# Paragraphs after an attributed quote in which a bare quote continues its speaker.
CONTINUATION_PARAGRAPHS = 1

PRONOUNS = frozenset("he she they it we i you".split())
_WORDS = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z'\u2019-]*|\d(?:[\d,.]*\d)?")
_SPEAKER_STOP = re.compile(r"[;:\"\u201c\u201d]")
_RELATIVE = re.compile(r"^\s*(?:who|which|whose|whom)\b", re.I)
_APPOSITIVE = re.compile(r"^\s*(?:a|an|the|his|her|their|its)\s", re.I)
# An appositive that starts with its owner's name: "Marshall, Clinton's director of ..., said".
_OWNER = re.compile(r"^\s*(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*(?:'s|\u2019s)\s+[a-z]")
_CLAUSE_BREAK = re.compile(
    r"\b(?:and|but|while|as|because|although|though|when|where|whereas|after|before|if|since|so|then)\s*$", re.I
)
_ACCORDING = re.compile(r"\baccording to\s+", re.I)
_LEADING_THAT = re.compile(r"^\s*that\b", re.I)
# Full stops that end no sentence: "Mr.", "Sen.", "U.S.", "J."
_ABBREVIATION = re.compile(r"\b(?:[A-Z][a-z]{0,3}|[A-Z](?:\.[A-Z])+)\.")
_NEW_SUBJECT = re.compile(
    r",\s+(?:but|and|while|although|though|whereas|yet)\s+(?:he|she|they|we|i)\s+(?!said|says|say|told|added)", re.I
)
_PREPOSITION = re.compile(r"(?:in|on|at|for|from|by|with|during|to|into|of|after|before|following|upon|amid)\b", re.I)
_COORDINATED = re.compile(
    r"(?:,|\s[\u2014\u2013-])?\s+(?:and|but)\s+(?:(?:he|she|they|it|we)\s+)?(?:also\s+|then\s+|later\s+)?"
    r"([a-z]+)\b|,\s+([a-z]+ing)\b"
)
_PASSIVE = re.compile(r"\b(?:was|were|been)\s+(?:\w+ly\s+)?\w+\b", re.I)
_SHARED_SUBJECT = re.compile(r'[\w"\u201d\u2019)]+,?\s+(?:and|but)\s+(?:(?:also|later|then|has|have|had)\s+)*$', re.I)
_NOT_CONTENT = re.compile(r"(?:as much|so|nothing|little|otherwise|(?:as|while) (?:he|she|they|we|i)\b)\b", re.I)
# Between an attribution and the second half of a split quote: a few words and a comma.
_SPLIT_GAP = re.compile(r"[\s,]*(?:\w[\w.'\u2019-]*,?\s+){0,8}?(?:\w[\w.'\u2019-]*)?\s*,?\s*")
# A quoted name of a show, book or film: a few words, the long ones capitalised.
TITLE_MAX_WORDS = 5
_DETERMINERS = frozenset("the a an his her their its our my your these those this some any no such".split())
_POSSESSIVE_BEFORE = re.compile(r"(?:'s|\u2019s|s')\s+$")
_BE = frozenset("be been being is was were are am".split())
_PREV_WORD = re.compile(r"([a-z']+)(?:\s+[a-z]+ly)?\s+$")
_NEGATED = re.compile(r"(?:\bnot|n't|n\u2019t|\bnever)\s+$")
_BARE_MODAL = re.compile(r"\b(?:to|will|would|could|can|may|might|must|should|shall)\s+$")
# What can say something by itself: "a statement saying ...", "911 calls saying ...".
_MESSAGES = frozenset(
    "statement statements letter letters tweet tweets post posts release message messages email emails note memo "
    "report reports ad ads video sign signs call calls filing complaint lawsuit order ruling editorial op-ed "
    "column headline headlines banner banners".split()
)
_BEFORE_PARTICIPLE = _MESSAGES | {"while", "and"}
_PAST_IRREGULAR = frozenset({"said", "told", "wrote", "written"})
# Words that alone cannot be a speaker.
_NOT_A_SPEAKER = frozenset(
    "on in at to of for by with from the a an this that it there here which who also however meanwhile though "
    "instead still yet then".split()
)
_ASIDE = re.compile(
    r",\s*(?:however|meanwhile|though|too|also|instead|in turn|for (?:his|her|its|their) part),\s*$", re.I
)
_DASHED_ASIDE = re.compile(r"\s*[\u2014\u2013][^\u2014\u2013]{3,200}[\u2014\u2013]\s*$|\s+--\s[^-]{3,200}\s--\s*$")
_DISCOURSE = re.compile(r"^(?:however|meanwhile|though|instead|still|yet|then|now)\b[\s,]*", re.I)
# A time or setting phrase: after a verb it precedes the content ("said on Friday that"),
# at the end of a speaker it is not part of the name ("the ministry on Sunday").
_WHEN = (
    r"(?:(?:on|late|early|last|this|earlier|later)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"today|yesterday|tonight|week|month|year|morning|afternoon|evening|night)"
    r"|in\s+(?:a|an|his|her|their|its)\s+(?:statement|interview|speech|tweet|letter|post)"
    r"|on\s+(?:twitter|facebook|television|tv|radio)"
)
_LEAD_WHEN = re.compile(rf"\s*(?:{_WHEN})\b[\s,]*", re.I)
_TRAIL_WHEN = re.compile(rf"[\s,]+(?:{_WHEN})\s*$", re.I)


@dataclass(slots=True)
class FoundQuote:
    """One quote in one text, as written there."""

    text: str
    kind: str  # "direct" | "fragment" | "indirect"
    cue: str
    start: int  # span of the quoted words (without the marks) in the text
    end: int
    speaker: str | None = None  # as written; None: the subject of the sentence (resolved later)
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int = -1
    # the quoted parts (start, end) when a quote is split by its attribution or runs over
    # paragraphs; empty when it is the one span start..end
    parts: list[tuple[int, int]] = field(default_factory=list)
    # the text names no speaker and none is to be guessed ("when asked whether ...": the
    # asker is unnamed, and is not the sentence's subject)
    unnamed: bool = False
    # a quoted paragraph with no attribution of its own: its speaker is the passage's
    # (``entities.passage_speaker``)
    standalone: bool = False

    def add_part(self, start: int, end: int, text: str) -> None:
        """Append the next part of a split quote."""
        if not self.parts:
            self.parts.append((self.start, self.end))
        self.parts.append((start, end))
        self.text += " " + text
        self.end = end


def word_matches(s: str) -> list[re.Match[str]]:
    return list(_WORDS.finditer(s))


def strip_span(text: str, a: int, b: int, chars: str = " ,.;:\u2014\u2013-") -> tuple[int, int]:
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars:
        b -= 1
    return a, b


def speaker_before(text: str, lo: int, verb_start: int) -> tuple[int, int] | None:
    """The subject right before a verb at ``verb_start``: back to a clause boundary,
    auxiliaries and adverbs dropped, an appositive or relative clause skipped."""
    seg_end = verb_start
    # drop auxiliaries and -ly adverbs between subject and verb
    while True:
        m = re.search(r"([A-Za-z']+)\s*$", text[lo:seg_end])
        if not m:
            break
        w = m.group(1).lower()
        if w in AUXILIARIES or (w.endswith("ly") and len(w) > 4 and w not in ("italy", "family")):
            seg_end = lo + m.start(1)
        else:
            break
    piece = text[lo:seg_end]
    dashed = _DASHED_ASIDE.search(piece)  # "Joyce \u2014 who is listed as an attorney \u2014 told"
    if dashed is not None:
        seg_end = lo + dashed.start()
        piece = text[lo:seg_end]
    aside = _ASIDE.search(piece)  # "The official, however, said"
    if aside is not None:
        seg_end = lo + aside.start()
        piece = text[lo:seg_end]
    stripped = piece.rstrip()
    if stripped.endswith(","):  # "Smith, a spokesman, said" / "Smith, who ..., said"
        head = stripped[:-1]
        cut = head.rfind(",")
        if cut >= 0:
            tail = head[cut + 1 :]
            if _RELATIVE.match(tail) or _APPOSITIVE.match(tail) or _OWNER.match(tail) or tail.strip()[:1].islower():
                # "Smith, a spokesman, said" / "Megan Hester, senior associate at X, said"
                prev = head[:cut]
                cut2 = max(prev.rfind(","), prev.rfind(";"))
                a, b = strip_span(text, lo + cut2 + 1, lo + cut)
            else:  # "The campaign chairman, Phil Lovas, said": the name in apposition
                a, b = strip_span(text, lo + cut + 1, lo + len(head))
            return (a, b) if b > a and len(word_matches(text[a:b])) <= MAX_SPEAKER_WORDS else None
        return None
    cut = max(piece.rfind(","), piece.rfind(";"), piece.rfind(":"), piece.rfind("\u2014"))
    a = lo + cut + 1
    sub = text[a:seg_end]
    # a clause break word inside the subject ("and", "but", "as") starts a new clause
    words = word_matches(sub)
    for k in range(len(words) - 1, -1, -1):
        if _CLAUSE_BREAK.match(words[k].group(0) + " ") or words[k].group(0).lower() == "that":
            a = a + words[k].end()
            break
    a, b = strip_span(text, a, seg_end)
    trail = _TRAIL_WHEN.search(text, a, b)
    if trail is not None:
        b = trail.start()
    lead = _LEAD_WHEN.match(text, a, b) or _DISCOURSE.match(text[a:b])
    if lead is not None:
        a = lead.end() if lead.re is _LEAD_WHEN else a + lead.end()
    if (
        b <= a
        or _SPEAKER_STOP.search(text[a:b])
        or not any(w.group(0).lower() not in _NOT_A_SPEAKER for w in word_matches(text[a:b]))
    ):
        return None
    span_words = word_matches(text[a:b])
    if not span_words or len(span_words) > MAX_SPEAKER_WORDS:
        return None
    return a, b


def speaker_after(text: str, verb_end: int, hi: int) -> tuple[int, int] | None:
    """The subject after an inverted verb (``said Lavrov``, ``said a spokesman, adding``)."""
    a = verb_end
    stop = hi
    for ch in ',;:!?"\u201c\u201d(':
        k = text.find(ch, a, hi)
        if k >= 0:
            stop = min(stop, k)
    k = text.find(".", a, stop)
    while k >= 0:  # a full stop ends the name unless it ends an initial or a title: "Paul H. Chipok"
        word = re.search(r"[\w.]+$", text[a : k + 1])
        if word is None or not _ABBREVIATION.fullmatch(word.group(0)):
            stop = k
            break
        k = text.find(".", k + 1, stop)
    a, b = strip_span(text, a, stop)
    words = word_matches(text[a:b])
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return None
    return a, b


def reports(text: str, m: re.Match[str]) -> bool:
    """Whether the word ``m`` is a speech verb used to report: a past or third-person
    form, ``say``/``tell`` after a plural subject, or a participle after a comma
    (``..., saying``); not an infinitive (``to respond``) or a modal's verb."""
    w = m.group(0).lower()
    if w == "according":
        return text[m.end() : m.end() + 3].lower() == " to"
    if w not in SPEECH_VERBS:
        return False
    before = text[max(0, m.start() - 24) : m.start()].lower()
    prev = _PREV_WORD.search(before)
    if w.endswith("ing"):  # "..., saying", "– saying", "while saying", "is promising"
        return before.rstrip().endswith((",", "\u2013", "\u2014", " -")) or (
            prev is not None and (prev.group(1) in _BE or prev.group(1) in _BEFORE_PARTICIPLE)
        )
    if _BARE_MODAL.search(before) or _NEGATED.search(before):  # "could deny", "has not revealed"
        return False
    if prev is not None and prev.group(1) in _BE:  # passive: "they were criticized for ..."
        return False
    if (prev is not None and prev.group(1) in _DETERMINERS) or _POSSESSIVE_BEFORE.search(before):
        return False  # a noun: "his remarks", "Mr. Obama's claims"
    if not (w.endswith(("ed", "s")) or w in _PAST_IRREGULAR):
        return w in PLURAL_PRESENT and not before.rstrip().endswith(("to", "not"))
    return True


def cue_in(text: str, lo: int, hi: int, max_words: int | None = None) -> re.Match[str] | None:
    """The first reporting verb (or ``according``) among the words of ``text[lo:hi]``."""
    for n, m in enumerate(_WORDS.finditer(text, lo, hi)):
        if max_words is not None and n >= max_words:
            return None
        if reports(text, m):
            return m
    return None


def last_cue(text: str, lo: int, hi: int) -> re.Match[str] | None:
    found = None
    for m in _WORDS.finditer(text, lo, hi):
        if reports(text, m):
            found = m
    return found


# The reported clause after an addressee ("told reporters ..."): "that", or a pronoun
# subject and its verb ("told a news conference they are ...").
EMBEDDED = re.compile(
    r"\b(?:that\b|(?=(?:he|she|they|we|it|I|there)(?:['\u2019](?:s|d|ll|re|ve|m)\b|\s+(?:would|will|is|are|was|were|has|have|had|could|can|"
    r"should|must|might|may|did|does|do|wanted|wants|planned|plans|believed|believes|thought|thinks|felt|feels|"
    r"knew|knows|expected|expects|hoped|hopes)\b)))"
)


def clause_after(text: str, verb: re.Match[str], end: int) -> tuple[int, int]:
    """The reported clause after a cue verb, to the end of its sentence: the addressee
    of ``told``/``urged`` and a time phrase skipped, a ``;`` ending it."""
    ca = verb.end()
    while end > ca and text[end - 1] in " .!?":
        end -= 1
    semi = text.find(";", ca, end)
    if semi >= 0:
        end = semi
    turn = _NEW_SUBJECT.search(text, ca, end)  # "..., but he has also intensified ...": the speaker's own clause
    if turn is not None:
        end = turn.start()
    if verb.group(0).lower() in TAKES_OBJECT:  # told reporters that ..., urged X to ...
        that = EMBEDDED.search(text[ca:end])  # "that", or "she would ..." after the addressee
        to = re.search(r"\bto\b", text[ca:end])
        if (
            that is not None
            and len(word_matches(text[ca : ca + that.start()])) <= MAX_OBJECT_WORDS
            and not any(c in text[ca : ca + that.start()] for c in '.;"\u201c')
        ):
            ca = ca + that.start()
        elif (
            to is not None
            and verb.group(0).lower() in TAKES_INFINITIVE
            and len(word_matches(text[ca : ca + to.start()])) <= MAX_ADDRESSEE_WORDS
            and not any(c in text[ca : ca + to.start()] for c in '"\u201c')
        ):
            ca = ca + to.start()
    lead = _LEAD_WHEN.match(text, ca, end)  # "said on Friday (that) his nation ..."
    if lead is not None:
        ca = lead.end()
    return strip_span(text, ca, end, " ,:\u2014\u2013-")
