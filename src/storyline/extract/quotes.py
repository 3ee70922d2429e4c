"""Who said what in one article: direct quotes, quote fragments and indirect speech,
each with its cue verb and its speaker as written.

The rules follow how news copy attributes speech:

* direct: ``"...," Lavrov said.`` / ``"...," said Lavrov.`` / ``Lavrov said: "..."``; a
  quote split by its attribution (``"...," Lavrov added, "but ..."``) is one quote, and
  so is a quote that runs over several paragraphs (each opens with a mark, only the last
  closes);
* a fragment: quoted words inside a sentence whose reporting verb is elsewhere
  (``warned it has weapons "on standby"``);
* a standalone quoted sentence right after an attributed one continues its speaker;
* indirect: ``S said (that) C``, ``C, S said.``, ``according to S, C``.

Speakers are found here as written (``Mr Lavrov``, ``he``, ``a senior U.S. State
Department official``); ``entities.py`` resolves them to names.  textacy's
``direct_quotations`` (the usual choice) needs spaCy's parser on every sentence and finds
no indirect speech; these rules need no parser (see ``benchmarks/quotes.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import AUXILIARIES, SPEECH_VERBS, TAKES_OBJECT
from .sentences import paragraphs, sentences

OPEN_MARKS = "\u201c\""
CLOSE_MARKS = "\u201d\""
# Characters after which a straight double quote opens a quotation.
_OPENS_AFTER = " \t\n([{\u2014\u2013-/:"
# How far (in words) an attribution may sit from the quote it attributes.
MAX_ATTRIBUTION_WORDS = 12
# The longest speaker phrase taken (words): "a senior U.S. State Department official".
MAX_SPEAKER_WORDS = 12
# Indirect content shorter than this (words) is not a statement ("he said so").
MIN_INDIRECT_WORDS = 4
# A fragment is quoted words inside a sentence; fewer than this is a scare quote.
MIN_FRAGMENT_WORDS = 2
# Paragraphs after an attributed quote in which a bare quote continues its speaker.
CONTINUATION_PARAGRAPHS = 1

PRONOUNS = frozenset("he she they it we i you".split())
_WORDS = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z'\u2019-]*|\d(?:[\d,.]*\d)?")
_SPEAKER_STOP = re.compile(r"[;:\"\u201c\u201d()]")
_RELATIVE = re.compile(r"^\s*(?:who|which|whose|whom)\b", re.I)
_APPOSITIVE = re.compile(r"^\s*(?:a|an|the|his|her|their|its)\s", re.I)
_CLAUSE_BREAK = re.compile(
    r"\b(?:and|but|while|as|because|although|though|when|where|whereas|after|before|if|since|so|then)\s*$", re.I
)
_ACCORDING = re.compile(r"\baccording to\s+", re.I)
_LEADING_THAT = re.compile(r"^\s*that\b", re.I)
# Full stops that end no sentence: "Mr.", "Sen.", "U.S.", "J."
_ABBREVIATION = re.compile(r"\b(?:[A-Z][a-z]{0,3}|[A-Z](?:\.[A-Z])+)\.")
_PREPOSITION = re.compile(r"(?:in|on|at|for|from|by|with|about|during|after|before|over|to|into|of)\b", re.I)
_COORDINATED = re.compile(r",?\s+(?:and|but)\s+(?:also\s+|then\s+|later\s+)?([a-z]+)\b|,\s+([a-z]+ing)\b")
_NOT_CONTENT = re.compile(r"(?:as much|so|nothing|little|otherwise)\b", re.I)
# Between an attribution and the second half of a split quote: a few words and a comma.
_SPLIT_GAP = re.compile(r"[\s,]*(?:\w[\w.'\u2019-]*\s+){0,6}?(?:\w[\w.'\u2019-]*)?\s*,?\s*")
_BE = frozenset("be been being is was were are am".split())
_PREV_WORD = re.compile(r"([a-z']+)(?:\s+[a-z]+ly)?\s+$")
_BARE_MODAL = re.compile(r"\b(?:to|will|would|could|can|may|might|must|should|shall)\s+$")
_PAST_IRREGULAR = frozenset({"said", "told", "wrote", "written"})
# Words that alone cannot be a speaker.
_NOT_A_SPEAKER = frozenset("on in at to of for by with from the a an this that it there here which who also".split())
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


@dataclass(slots=True)
class _Marks:
    open: int  # index of the opening mark
    close: int  # index of the closing mark, or the paragraph end when unclosed
    closed: bool


def quotation_spans(text: str, start: int, end: int) -> list[_Marks]:
    """Paired quotation marks in ``text[start:end]`` (one paragraph).

    >>> t = 'He said "yes" and \u201cno\u201d, then "maybe'
    >>> [(t[m.open + 1 : m.close], m.closed) for m in quotation_spans(t, 0, len(t))]
    [('yes', True), ('no', True), ('maybe', False)]
    """
    out = []
    opened = -1
    for i in range(start, end):
        c = text[i]
        if c not in OPEN_MARKS and c not in CLOSE_MARKS:
            continue
        if opened < 0:
            if c == "\u201c" or (c == '"' and (i == start or text[i - 1] in _OPENS_AFTER)):
                opened = i
        elif c == "\u201d" or (c == '"' and not (i + 1 < end and text[i + 1].isalnum() and text[i - 1] in _OPENS_AFTER)):
            out.append(_Marks(opened, i, True))
            opened = -1
        elif c == "\u201c":  # an unclosed quote followed by a new one: restart
            opened = i
    if opened >= 0 and end - opened > 1:
        out.append(_Marks(opened, end, False))
    return out


def _words(s: str) -> list[re.Match[str]]:
    return list(_WORDS.finditer(s))


def _strip_span(text: str, a: int, b: int, chars: str = " ,.;:\u2014\u2013-") -> tuple[int, int]:
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars:
        b -= 1
    return a, b


def _speaker_before(text: str, lo: int, verb_start: int) -> tuple[int, int] | None:
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
    stripped = piece.rstrip()
    if stripped.endswith(","):  # "Smith, a spokesman, said" / "Smith, who ..., said"
        head = stripped[:-1]
        cut = head.rfind(",")
        if cut >= 0:
            tail = head[cut + 1 :]
            if _RELATIVE.match(tail) or _APPOSITIVE.match(tail):
                prev = head[:cut]
                cut2 = max(prev.rfind(","), prev.rfind(";"))
                a, b = _strip_span(text, lo + cut2 + 1, lo + cut)
            else:  # "The campaign chairman, Phil Lovas, said": the name in apposition
                a, b = _strip_span(text, lo + cut + 1, lo + len(head))
            return (a, b) if b > a and len(_words(text[a:b])) <= MAX_SPEAKER_WORDS else None
        return None
    cut = max(piece.rfind(","), piece.rfind(";"), piece.rfind(":"), piece.rfind("\u2014"))
    a = lo + cut + 1
    sub = text[a:seg_end]
    # a clause break word inside the subject ("and", "but", "as") starts a new clause
    words = _words(sub)
    for k in range(len(words) - 1, -1, -1):
        if _CLAUSE_BREAK.match(words[k].group(0) + " ") or words[k].group(0).lower() == "that":
            a = a + words[k].end()
            break
    a, b = _strip_span(text, a, seg_end)
    trail = _TRAIL_WHEN.search(text, a, b)
    if trail is not None:
        b = trail.start()
    lead = _LEAD_WHEN.match(text, a, b)
    if lead is not None:
        a = lead.end()
    if b <= a or _SPEAKER_STOP.search(text[a:b]) or not any(
        w.group(0).lower() not in _NOT_A_SPEAKER for w in _words(text[a:b])
    ):
        return None
    span_words = _words(text[a:b])
    if not span_words or len(span_words) > MAX_SPEAKER_WORDS:
        return None
    return a, b


def _speaker_after(text: str, verb_end: int, hi: int) -> tuple[int, int] | None:
    """The subject after an inverted verb (``said Lavrov``, ``said a spokesman, adding``)."""
    a = verb_end
    stop = hi
    for ch in ",.;:!?\"\u201c\u201d(":
        k = text.find(ch, a, hi)
        if k >= 0:
            stop = min(stop, k)
    a, b = _strip_span(text, a, stop)
    words = _words(text[a:b])
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return None
    return a, b


def _reports(text: str, m: re.Match[str]) -> bool:
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
    if w.endswith("ing"):  # "..., saying", "is promising"
        return before.rstrip().endswith(",") or (prev is not None and prev.group(1) in _BE)
    if _BARE_MODAL.search(before):
        return False
    if prev is not None and prev.group(1) in _BE:  # passive: "they were criticized for ..."
        return False
    if not (w.endswith(("ed", "s")) or w in _PAST_IRREGULAR):
        return w in ("say", "tell") and not before.rstrip().endswith(("to", "not"))
    return True


def _cue_in(text: str, lo: int, hi: int, max_words: int | None = None) -> re.Match[str] | None:
    """The first reporting verb (or ``according``) among the words of ``text[lo:hi]``."""
    for n, m in enumerate(_WORDS.finditer(text, lo, hi)):
        if max_words is not None and n >= max_words:
            return None
        if _reports(text, m):
            return m
    return None


def _last_cue(text: str, lo: int, hi: int) -> re.Match[str] | None:
    found = None
    for m in _WORDS.finditer(text, lo, hi):
        if _reports(text, m):
            found = m
    return found


def _attribution_after(text: str, close: int, hi: int) -> tuple[re.Match[str], tuple[int, int] | None, int] | None:
    """``," Lavrov said`` / ``," said Lavrov`` right after a closing mark: (verb, speaker, end)."""
    verb = _cue_in(text, close + 1, hi, MAX_ATTRIBUTION_WORDS)
    if verb is None:
        return None
    between = text[close + 1 : verb.start()]
    if any(ch in _ABBREVIATION.sub("", between) for ch in ".!?\"\u201c\u201d") or between.count(",") > 3:
        return None
    # the quote ends its clause: '...," he said' / '...", he said' / '...," said he'
    if text[close - 1] not in ",?!\u2014-" and not between.lstrip().startswith(","):
        return None
    if verb.group(0).lower() == "according":
        spk = _speaker_after(text, verb.end() + 3, hi)
        return verb, spk, spk[1] if spk else verb.end()
    subject = _strip_span(text, close + 1, verb.start())
    if subject[1] > subject[0]:
        spk = _speaker_before(text, close + 1, verb.start())
        return verb, spk, verb.end()
    spk = _speaker_after(text, verb.end(), hi)
    return verb, spk, spk[1] if spk else verb.end()


def _attribution_before(text: str, lo: int, open_: int) -> tuple[re.Match[str], tuple[int, int] | None, bool] | None:
    """``Lavrov said: "`` right before an opening mark (adjacent: True), or a speech verb
    earlier in the sentence (a fragment: False)."""
    verb = _last_cue(text, lo, open_)
    if verb is None:
        return None
    gap = text[verb.end() : open_]
    adjacent = bool(re.fullmatch(r"\s*(?:that\s*|,\s*|:\s*)?", gap, re.I))
    if not adjacent:  # 'said in a statement: "', 'told reporters: "', 'saying on Twitter "'
        lead = _LEAD_WHEN.match(gap)
        rest = gap[lead.end() :] if lead else gap
        small = r"\s*(?:[\w.'-]+\s+){0,3}?[\w.'-]+\s*(?:[,:]|\s+that)\s*"
        adjacent = bool(lead and re.fullmatch(r"\s*[,:]?\s*(?:that\s*)?", rest)) or bool(
            verb.group(0).lower() in TAKES_OBJECT and re.fullmatch(small, gap)
        )
    if verb.group(0).lower().endswith("ing"):  # '..., saying "...': the sentence's subject
        return verb, None, adjacent
    before = _strip_span(text, lo, verb.start())
    spk = _speaker_before(text, lo, verb.start()) if before[1] > before[0] else _speaker_after(text, verb.end(), open_)
    return verb, spk, adjacent


def _clause_after(text: str, verb: re.Match[str], end: int) -> tuple[int, int]:
    """The reported clause after a cue verb, to the end of its sentence: the addressee
    of ``told``/``urged`` and a time phrase skipped, a ``;`` ending it."""
    ca = verb.end()
    while end > ca and text[end - 1] in " .!?":
        end -= 1
    semi = text.find(";", ca, end)
    if semi >= 0:
        end = semi
    if verb.group(0).lower() in TAKES_OBJECT:  # told reporters that ..., urged X to ...
        that = re.search(r"\b(?:that|to)\b", text[ca:end])
        if that is not None and len(_words(text[ca : ca + that.start()])) <= MAX_ATTRIBUTION_WORDS:
            ca = ca + that.start()
    lead = _LEAD_WHEN.match(text, ca, end)  # "said on Friday (that) his nation ..."
    if lead is not None:
        ca = lead.end()
    return _strip_span(text, ca, end, " ,:\u2014\u2013-")


def _sentence_of(sents: list[tuple[int, int]], pos: int) -> int:
    for k, (a, b) in enumerate(sents):
        if a <= pos < b:
            return k
    return len(sents) - 1


def find_direct(text: str) -> list[FoundQuote]:
    """Direct quotes and fragments of ``text`` with their cue and speaker as written.

    >>> t = '"We will talk," Mr Lavrov said. "But not today."\\n\\nHe warned of "grave consequences" ahead.'
    >>> [(q.text, q.kind, q.cue, q.speaker) for q in find_direct(t)]
    [('We will talk But not today.', 'direct', 'said', 'Mr Lavrov'), ('of "grave consequences" ahead', 'fragment', 'warned', 'He')]
    """
    out: list[FoundQuote] = []
    used: set[int] = set()  # cue verbs already attributing a quote
    last: tuple[FoundQuote, int] | None = None  # the last attributed quote and its paragraph
    carry: FoundQuote | None = None  # an unclosed quote continuing into the next paragraph
    for p, (pa, pb) in enumerate(paragraphs(text)):
        sents = sentences(text, pa, pb)
        marks = quotation_spans(text, pa, pb)
        k = 0
        while k < len(marks):
            m = marks[k]
            qa, qb = _strip_span(text, m.open + 1, m.close, " ")
            if qb <= qa:
                k += 1
                continue
            if carry is not None and m.open == pa:  # the quote runs on from the last paragraph
                carry.text += " " + text[qa:qb]
                carry.end = qb
                if m.closed:
                    carry = None
                k += 1
                continue
            carry = None
            s0 = sents[_sentence_of(sents, m.open)]
            s1 = sents[_sentence_of(sents, max(m.close - 1, m.open))]
            q = FoundQuote(text[qa:qb], "direct", "", qa, qb)
            after = _attribution_after(text, m.close, s1[1]) if m.closed else None
            before = _attribution_before(text, s0[0], m.open)
            if after is not None and not (before is not None and before[2]):
                verb, spk, att_end = after
                q.cue, q.cue_start = verb.group(0).lower(), verb.start()
                used.add(verb.start())
                # a split quote: '"...," Lavrov added, "but ..."' / '..., Schiff told CNN on Monday, "but'
                if k + 1 < len(marks) and _SPLIT_GAP.fullmatch(text[att_end : marks[k + 1].open]):
                    nxt = marks[k + 1]
                    na, nb = _strip_span(text, nxt.open + 1, nxt.close, " ")
                    q.text += " " + text[na:nb]
                    q.end = nb
                    k += 1
                    if not nxt.closed:
                        carry = q
            elif before is not None:
                verb, spk, adjacent = before
                if not adjacent and verb.start() in used:  # a title quoted after an attribution
                    k += 1
                    continue
                q.cue, q.cue_start = verb.group(0).lower(), verb.start()
                used.add(verb.start())
                if not adjacent:
                    # quoted words inside a reported clause: the clause is the statement
                    # ('said it was "resolutely opposed" to the test')
                    ca, cb = _clause_after(text, verb, s1[1])
                    q.kind, q.start, q.end, q.text = "fragment", ca, cb, text[ca:cb]
                    while k + 1 < len(marks) and marks[k + 1].open < cb:
                        k += 1
            elif (
                last is not None
                and p == last[1]
                and s0[0] == m.open
                and last[0] is out[-1]
                and _cue_in(text, m.close + 1, s1[1]) is None
            ):
                # '"...," he said. "And ..."': the same quote goes on after its attribution
                out[-1].text += " " + text[qa:qb].rstrip(" ,;:")
                out[-1].end = qb
                if not m.closed:
                    carry = out[-1]
                k += 1
                continue
            elif (
                last is not None
                and p - last[1] <= CONTINUATION_PARAGRAPHS
                and s0[0] == m.open
                and _cue_in(text, m.close + 1, s1[1]) is None
            ):
                spk = None
                q.cue, q.cue_start = last[0].cue, last[0].cue_start
                q.speaker, q.speaker_start, q.speaker_end = last[0].speaker, last[0].speaker_start, last[0].speaker_end
            else:
                k += 1
                continue
            if spk is not None:
                q.speaker, q.speaker_start, q.speaker_end = text[spk[0] : spk[1]], spk[0], spk[1]
            if q.kind == "direct":
                q.text = q.text.rstrip(" ,;:")
            if not m.closed:
                carry = q
            out.append(q)
            if q.kind == "direct":
                last = (q, p)
            k += 1
    return out


def find_indirect(text: str, taken: list[tuple[int, int]]) -> list[FoundQuote]:
    """Indirect speech: ``S said (that) C``, ``C, S said.``, ``according to S, C``.

    ``taken`` are spans already claimed by direct quotes; a sentence overlapping one is
    skipped.

    >>> t = "The minister said that the border would reopen on Monday. Talks will go on, a spokesman said."
    >>> [(q.text, q.speaker) for q in find_indirect(t, [])]
    [('that the border would reopen on Monday', 'The minister'), ('Talks will go on', 'a spokesman')]
    """
    out = []
    for pa, pb in paragraphs(text):
        if text[pb - 1] not in ".!?\"'\u201d\u2019)":  # a headline or a heading, not a statement
            continue
        for sa, sb in sentences(text, pa, pb):
            inside = [(a, b) for a, b in taken if a < sb and sa < b]
            if inside:  # a statement before the sentence's direct quote: "She said X, and ... replied, "...""
                sb = min(a for a, _ in inside)
                while sb > sa and text[sb - 1] in " ,:\"\u201c":
                    sb -= 1
                if sb <= sa or text[sb - 1] in ".!?":
                    continue
                sb += 1  # keep the last character: _indirect_in strips end punctuation itself
            found = _indirect_in(text, sa, sb, inverted=not inside)
            out.extend(q for q in found if not any(q.start < b and a < q.end for a, b in taken))
    return out


def _indirect_in(text: str, sa: int, sb: int, inverted: bool = True) -> list[FoundQuote]:
    """The statement of one sentence; ``inverted`` allows the attribution at its end
    (``C, S said.``), which a sentence cut before a direct quote cannot have."""
    end = sb
    while end > sa and text[end - 1] in ".!? ":
        end -= 1
    acc = _ACCORDING.search(text, sa, end)
    if acc is not None:
        if acc.start() == sa or text[sa : acc.start()].strip() == "":  # According to S, C.
            comma = text.find(",", acc.end(), end)
            if comma < 0:
                return []
            spk, content = (acc.end(), comma), _strip_span(text, comma + 1, end)
        else:  # C, according to S.
            spk, content = _strip_span(text, acc.end(), end), _strip_span(text, sa, acc.start())
        return _listed(_make(text, content, "according to", spk, acc.start()))
    verb = _cue_in(text, sa, end)
    if verb is None:
        return []
    rest = _words(text[verb.end() : end])
    rest_text = text[verb.end() : end].strip(" ,")
    setting = not rest_text or bool(_LEAD_WHEN.fullmatch(" " + rest_text)) or (
        bool(_PREPOSITION.match(rest_text)) and len(rest) <= 6
    )
    comma = text.rfind(",", sa, verb.start())
    if comma > sa and inverted and not verb.group(0).lower().endswith("ing"):
        between = _strip_span(text, comma + 1, verb.start())
        spk: tuple[int, int] | None = None
        if between[1] > between[0] and text[verb.end() : end].lstrip().startswith(","):
            # C1, S said, C2: the attribution in the middle
            spk = _speaker_before(text, comma + 1, verb.start())
            if spk is not None:
                return _listed(_make(text, (sa, end), verb.group(0), spk, verb.start()))
        if between[1] > between[0] and setting:  # C, S said [on Friday].
            spk = _speaker_before(text, comma + 1, verb.start())
        elif between[1] <= between[0] and len(rest) <= MAX_SPEAKER_WORDS and not _RELATIVE.match(
            text[text.rfind(",", sa, comma) + 1 : comma]
        ):  # C, said S.
            spk = _speaker_after(text, verb.end(), end)
            if spk is not None and not re.match(r"(?:[A-Z]|(?:a|an|the|one|another)\s)", text[spk[0] : spk[1]]):
                spk = None
        if spk is not None:
            return _listed(_make(text, _strip_span(text, sa, comma), verb.group(0), spk, verb.start()))
    if verb.group(0).lower().endswith("ing"):  # "..., arguing that ...": the sentence's subject speaks
        spk = None
    else:
        spk = _speaker_before(text, sa, verb.start())
        if spk is None:
            return []
    ca, cb = _clause_after(text, verb, end)
    if _PREPOSITION.match(text, ca) and not _LEADING_THAT.match(text[ca:cb]):
        that = re.search(r"\bthat\b", text[ca:cb])  # "told the conference in Neuchatel ... that"
        if that is None or len(_words(text[ca : ca + that.start()])) > 25:
            return []
        ca = ca + that.start()
    if _NOT_CONTENT.match(text, ca):  # "said as much", "said so"
        return []
    # "S accused X of ... and asserted that ...", "..., arguing that ...": a second
    # statement by the same speaker
    second_verb: re.Match[str] | None = None
    cut = cb
    for m in _COORDINATED.finditer(text, ca, cb):
        word = _WORDS.match(text, m.start(m.lastindex or 1))
        if word is not None and _reports(text, word):
            second_verb, cut = word, m.start()
            break
    found = _make(text, (ca, cut), verb.group(0), spk, verb.start())
    if second_verb is None:
        return _listed(found)
    second = _make(text, _clause_after(text, second_verb, end), second_verb.group(0), spk, second_verb.start())
    return [q for q in (found, second) if q is not None]


def _listed(q: FoundQuote | None) -> list[FoundQuote]:
    return [q] if q is not None else []


def _make(
    text: str, content: tuple[int, int], cue: str, spk: tuple[int, int] | None, cue_start: int
) -> FoundQuote | None:
    a, b = _strip_span(text, *content)
    if len(_words(text[a:b])) < MIN_INDIRECT_WORDS:
        return None
    if spk is None:
        return FoundQuote(text[a:b], "indirect", cue.lower(), a, b, cue_start=cue_start)
    sa, sb = _strip_span(text, *spk)
    if sb <= sa or len(_words(text[sa:sb])) > MAX_SPEAKER_WORDS:
        return None
    return FoundQuote(text[a:b], "indirect", cue.lower(), a, b, text[sa:sb], sa, sb, cue_start)


def find_quotes(text: str) -> list[FoundQuote]:
    """Every direct quote, fragment and indirect statement of ``text``, in text order.

    Two apostrophes (``''``, some archives' quotation mark) count as one mark; offsets
    are the text's own.
    """
    marked = text.replace("''", '" ') if "''" in text else text
    direct = find_direct(marked)
    indirect = find_indirect(marked, [(q.start, q.end) for q in direct])
    return sorted(direct + indirect, key=lambda q: q.start)
