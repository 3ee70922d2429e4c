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

from ..text.metadata import parse_dateline
from .attribution import (
    _ABBREVIATION,
    _LEAD_WHEN,
    _OPENS_AFTER,
    _SPLIT_GAP,
    CLOSE_MARKS,
    CONTINUATION_PARAGRAPHS,
    MAX_ATTRIBUTION_WORDS,
    OPEN_MARKS,
    PRONOUNS,
    TITLE_MAX_WORDS,
    FoundQuote,
    clause_after,
    cue_in,
    last_cue,
    speaker_after,
    speaker_before,
    strip_span,
    word_matches,
)
from .cues import TAKES_OBJECT
from .indirect import find_indirect
from .sentences import paragraphs, sentences


@dataclass(slots=True)
class _Marks:
    open: int  # index of the opening mark
    close: int  # index of the closing mark, or the paragraph end when unclosed
    closed: bool


_NEW_CLAUSE = re.compile(r"[\s,]*(?:and|but|or|while|because|as|although|though)\b", re.I)
# After a closing mark, more words before the sentence ends.
_GOES_ON = re.compile(r"[A-Za-z0-9]")
# After a quote's closing mark, the sentence going on in lower case ("... every time he").
_RUNS_ON = re.compile(r" [a-z]")


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
        elif c == "\u201d" or (
            c == '"' and not (i + 1 < end and text[i + 1].isalnum() and text[i - 1] in _OPENS_AFTER)
        ):
            out.append(_Marks(opened, i, True))
            opened = -1
        elif c == "\u201c":  # an unclosed quote followed by a new one: restart
            opened = i
    if opened >= 0 and end - opened > 1:
        out.append(_Marks(opened, end, False))
    return out


def _attribution_after(text: str, close: int, hi: int) -> tuple[re.Match[str], tuple[int, int] | None, int] | None:
    """``," Lavrov said`` / ``," said Lavrov`` right after a closing mark: (verb, speaker, end)."""
    verb = cue_in(text, close + 1, hi, MAX_ATTRIBUTION_WORDS)
    if verb is None:
        return None
    between = text[close + 1 : verb.start()]
    if any(ch in _ABBREVIATION.sub("", between) for ch in '.!?"\u201c\u201d') or between.count(",") > 3:
        return None
    # the quote ends its clause: '...," he said' / '...", he said' / '...," said he'
    if text[close - 1] not in ",?!\u2014-'\u2019" and not between.lstrip().startswith(","):
        return None
    if _NEW_CLAUSE.match(between):  # '..., "absolute evidence," but he said that ...': another statement
        return None
    if verb.group(0).lower() == "according":
        spk = speaker_after(text, verb.end() + 3, hi)
        return verb, spk, spk[1] if spk else verb.end()
    subject = strip_span(text, close + 1, verb.start())
    if subject[1] > subject[0]:
        spk = speaker_before(text, close + 1, verb.start())
        return verb, spk, verb.end()
    spk = speaker_after(text, verb.end(), hi)
    return verb, spk, spk[1] if spk else verb.end()


def _attribution_before(text: str, lo: int, open_: int) -> tuple[re.Match[str], tuple[int, int] | None, bool] | None:
    """``Lavrov said: "`` right before an opening mark (adjacent: True), or a speech verb
    earlier in the sentence (a fragment: False)."""
    verb = last_cue(text, lo, open_)
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
    before = strip_span(text, lo, verb.start())
    spk = speaker_before(text, lo, verb.start()) if before[1] > before[0] else speaker_after(text, verb.end(), open_)
    return verb, spk, adjacent


def _is_title(quoted: str) -> bool:
    """``Face the Nation``, ``Morning Joe``: capitalised words, no sentence.

    >>> _is_title("Face the Nation,"), _is_title("We will win"), _is_title("Bobby!")
    (True, False, False)
    """
    words = word_matches(quoted)
    long = [w.group(0) for w in words if len(w.group(0)) > 3]
    return (
        1 < len(words) <= TITLE_MAX_WORDS
        and bool(long)
        and all(w[0].isupper() for w in long)
        and quoted.rstrip()[-1:] not in "!?"
        and not any(w.group(0).lower() in PRONOUNS for w in words)
    )


def _sentence_of(sents: list[tuple[int, int]], pos: int) -> int:
    for k, (a, b) in enumerate(sents):
        if a <= pos < b:
            return k
    return len(sents) - 1


# A quoted paragraph with no attribution is taken for speech from this many words (a
# shorter one is as often a title, a slogan or a sign).
STANDALONE_MIN_WORDS = 5


def find_direct(text: str) -> list[FoundQuote]:
    """Direct quotes and fragments of ``text`` with their cue and speaker as written.

    >>> t = '"We will talk," Mr Lavrov said. "But not today."\\n\\nHe warned of "grave consequences" ahead.'
    >>> [(q.text, q.kind, q.speaker) for q in find_direct(t)]
    [('We will talk But not today.', 'direct', 'Mr Lavrov'), ('of "grave consequences" ahead', 'fragment', 'He')]
    """
    out: list[FoundQuote] = []
    used: set[int] = set()  # cue verbs already attributing a quote
    last: tuple[FoundQuote, int] | None = None  # the last attributed quote and its paragraph
    carry: FoundQuote | None = None  # an unclosed quote continuing into the next paragraph
    pending: int | None = None  # where an unclosed, not yet attributed quote began
    prev: tuple[int, int] | None = None  # the last sentence of the paragraph before: start, paragraph end
    for p, (pa, pb) in enumerate(paragraphs(text)):
        sents = sentences(text, pa, pb)
        marks = quotation_spans(text, pa, pb)
        if not marks or marks[0].open != pa:
            pending = None
        k = 0
        while k < len(marks):
            m = marks[k]
            qa, qb = strip_span(text, m.open + 1, m.close, " ")
            if qb <= qa:
                k += 1
                continue
            if pending is not None and m.open == pa:  # an unattributed paragraph opened this quote
                qa, pending = pending, None
            if carry is not None and m.open == pa:  # the quote runs on from the last paragraph
                carry.add_part(qa, qb, text[qa:qb])
                if m.closed:
                    carry = None
                k += 1
                continue
            carry = None
            if _is_title(text[qa:qb]):  # 'on CBS's "Face the Nation,"': a name, not a quote
                k += 1
                continue
            s0 = sents[_sentence_of(sents, m.open)]
            s1 = sents[_sentence_of(sents, max(m.close - 1, m.open))]
            q = FoundQuote(text[qa:qb], "direct", "", qa, qb)
            after = _attribution_after(text, m.close, s1[1]) if m.closed else None
            if after is None and m.closed and text[m.close - 2 : m.close].rstrip("'\u2019")[-1:] in ("?", "!"):
                # '"...?" Sanders replied.': the question mark ended the sentence early
                k1 = _sentence_of(sents, max(m.close - 1, m.open))
                if k1 + 1 < len(sents) and sents[k1][1] <= m.close + 2:
                    after = _attribution_after(text, m.close, sents[k1 + 1][1])
                    if after is not None:
                        s1 = sents[k1 + 1]
            before = _attribution_before(text, s0[0], m.open)
            if before is None and m.open == pa and prev is not None and text[prev[1] - 1] == ":":
                # 'He said:' closing the paragraph before: the quote is the whole next one
                before = _attribution_before(text, prev[0], prev[1])
                if before is not None and not before[2]:
                    before = None
            if after is not None and not (before is not None and before[2]):
                verb, spk, att_end = after
                q.cue, q.cue_start = verb.group(0).lower(), verb.start()
                used.add(verb.start())
                # a split quote: '"...," Lavrov added, "but ..."' / '..., Schiff told CNN on Monday, "but'
                if (
                    k + 1 < len(marks)
                    and _SPLIT_GAP.fullmatch(text[att_end : marks[k + 1].open])
                    and cue_in(text, att_end, marks[k + 1].open) is None  # '..., adding, "': a new statement
                ):
                    nxt = marks[k + 1]
                    na, nb = strip_span(text, nxt.open + 1, nxt.close, " ")
                    q.add_part(na, nb, text[na:nb])
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
                if spk is None and last is not None and last[1] == p and last[0].cue_start < verb.start():
                    # '..." she said, adding, "...': the last speaker of the paragraph goes on
                    spk = (last[0].speaker_start, last[0].speaker_end) if last[0].speaker_start is not None else None
                if (
                    adjacent
                    and m.closed
                    and _GOES_ON.search(text, m.close + 1, s1[1])
                    and (
                        re.match(r"\s*that\b", text[verb.end() : m.open], re.I)
                        or (
                            not text[verb.end() : m.open].strip()
                            and text[m.close - 1] not in ",.;:!?"
                            and _RUNS_ON.match(text, m.close + 1)
                            and not _NEW_CLAUSE.match(text, m.close + 1)
                        )
                    )
                ):
                    # 'saying that "race still matters" in America, ...', 'said "it gets me
                    # mad" every time he ...': the quoted words begin a clause
                    adjacent = False
                if not adjacent:
                    # quoted words inside a reported clause: the clause is the statement
                    # ('said it was "resolutely opposed" to the test')
                    ca, cb = clause_after(text, verb, s1[1])
                    q.kind, q.start, q.end, q.text = "fragment", ca, cb, text[ca:cb]
                    while k + 1 < len(marks) and marks[k + 1].open < cb:
                        k += 1
            elif (
                last is not None
                and p == last[1]
                and s0[0] == m.open
                and last[0] is out[-1]
                and cue_in(text, m.close + 1, s1[1]) is None
            ):
                # '"...," he said. "And ..."': the same quote goes on after its attribution
                out[-1].add_part(qa, qb, text[qa:qb].rstrip(" ,;:"))
                if not m.closed:
                    carry = out[-1]
                k += 1
                continue
            elif (
                last is not None
                and p - last[1] <= CONTINUATION_PARAGRAPHS
                and s0[0] == m.open
                and cue_in(text, m.close + 1, s1[1]) is None
            ):
                spk = None
                q.cue, q.cue_start = last[0].cue, last[0].cue_start
                q.speaker, q.speaker_start, q.speaker_end = last[0].speaker, last[0].speaker_start, last[0].speaker_end
                q.standalone = True
            elif (
                m.open == pa
                and m.closed
                and s0[0] == m.open
                and len(text[qa:qb].split()) >= STANDALONE_MIN_WORDS
                and cue_in(text, m.close + 1, s1[1]) is None
            ):
                # a quoted paragraph further on: whose it is, the passage says (resolution)
                spk = None
                q.standalone = True
            else:
                if not m.closed and k == len(marks) - 1:  # may be attributed where it ends
                    pending = qa
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
        prev = (sents[-1][0], pb) if sents else None
    return out


# Two apostrophes before a word open a quote: the mark goes next to the word (''If ->  "If),
# so that a sentence is seen to start at it.
_TWO_APOSTROPHES_OPEN = re.compile(r"''(?=[\w\u2018\u201c$])")


def find_quotes(text: str) -> list[FoundQuote]:
    """Every direct quote, fragment and indirect statement of ``text``, in text order.

    Two apostrophes (``''``, some archives' quotation mark) count as one mark; offsets
    are the text's own.
    """
    marked = _TWO_APOSTROPHES_OPEN.sub(' "', text).replace("''", '" ') if "''" in text else text
    direct = find_direct(marked)
    indirect = find_indirect(marked, [(q.start, q.end) for q in direct])
    found = (exact(q, text) for q in sorted(direct + indirect, key=lambda q: q.start))
    return [q for q in found if q is not None and not (q.kind == "indirect" and _MOVE.match(q.text))]


# What follows "added" or "gained" in a market report: a move, not words ("Germany's DAX
# added 1.2 percent to 11,205", "the index added 54.12 points"); "the mayor added 40
# percent of the budget would go to roads" is words.
_MOVE = re.compile(
    r"[-+]?[$\u20ac\u00a3]?\d[\d,.]*\s*(?:%|percent\b|per cent\b|points?\b|cents?\b|basis points\b|bps\b)"
    r"(?=\s*(?:$|[,;.]|(?:to|at|from|in|on|after|as|while|or|and)\b))",
    re.I,
)


_TRAILING = " ,;:\n\t"
_OPENING_MARKS = "\"\u201c\u2018'"


def exact(q: FoundQuote, text: str) -> FoundQuote | None:
    """``q`` with its text made exactly its parts' text, joined by single spaces: each
    part a span of ``text`` (a part crossing paragraphs split at each break, the next
    paragraph's opening mark left out), spaces trimmed, and the whole quote's trailing
    comma, colon or semicolon (the one before "she said") left out; the punctuation
    between parts stays.  ``start``/``end`` span the first part's start to the last's end.
    None when nothing is left (quotation marks around nothing but spaces or a comma).

    >>> t = '"We will talk," Mr Lavrov said, "but not today.\\n\\n"Maybe Friday," he added.'
    >>> q = find_quotes(t)[0]
    >>> q.text, [t[a:b] for a, b in q.parts]
    ('We will talk, but not today. Maybe Friday', ['We will talk,', 'but not today.', 'Maybe Friday'])
    """
    spans: list[tuple[int, int]] = []
    for a, b in q.parts or [(q.start, q.end)]:
        while True:  # one span a paragraph
            nl = text.find("\n", a, b)
            seg_end = b if nl < 0 else nl
            s, e = a, seg_end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
            if nl < 0:
                break
            a = nl + 1
            while a < b and (text[a].isspace() or text[a] in _OPENING_MARKS):
                a += 1
    if (
        q.speaker_start is not None
        and q.speaker_end is not None
        and (q.speaker_start == 0 or text[q.speaker_start - 1] == "\n")
    ):
        d = parse_dateline(text[q.speaker_start : q.speaker_end])  # "KELMAR - The mayor said ..."
        if d is not None and q.speaker_start + d.end < q.speaker_end:
            q.speaker_start += d.end
            q.speaker = text[q.speaker_start : q.speaker_end]
    if q.kind == "indirect" and spans:  # "KELMAR - The line will cost ..., the authority said"
        s, e = spans[0]
        d = parse_dateline(text[s:e]) if s == 0 or text[s - 1] == "\n" else None
        if d is not None:
            spans[0] = (s + d.end, e)
    if q.kind == "direct" and spans:
        s, e = spans[-1]
        while e > s and text[e - 1] in _TRAILING:
            e -= 1
        spans[-1] = (s, e)
        spans = [(s, e) for s, e in spans if e > s]
    if not spans:
        return None
    q.parts = spans if len(spans) > 1 else []
    q.start, q.end = spans[0][0], spans[-1][1]
    q.text = " ".join(text[s:e] for s, e in spans)
    return q
