"""Indirect speech: ``S said (that) C``, ``C, S said.``, ``C1, S said, C2``,
``according to S, C``, and a statement after a direct quote (``..., adding that C``).
The content is the reported clause; coordinated statements (``S accused X of ... and
asserted that ...``) are two.
"""

from __future__ import annotations

import re

from .attribution import (
    _ACCORDING,
    _APPOSITIVE,
    _COORDINATED,
    _LEAD_WHEN,
    _LEADING_THAT,
    _NOT_CONTENT,
    _PASSIVE,
    _PREPOSITION,
    _RELATIVE,
    _SHARED_SUBJECT,
    _WORDS,
    EMBEDDED,
    MAX_ADDRESSEE_WORDS,
    MAX_SPEAKER_WORDS,
    MIN_INDIRECT_WORDS,
    FoundQuote,
    clause_after,
    cue_in,
    reports,
    speaker_after,
    speaker_before,
    strip_span,
    word_matches,
)
from .cues import PROMISES, TAKES_INFINITIVE, TAKES_OBJECT
from .sentences import paragraphs, sentences


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
            sent_end = sb
            inside = [(a, b) for a, b in taken if a < sb and sa < b]
            if inside:  # '"...," he said, adding that ...': a statement after the quote
                out.extend(_participle_after(text, max(b for _, b in inside), sent_end))
                # '"You bet I would," Christie said when asked whether ...'
                out.extend(_questions_put(text, max(b for _, b in inside), sent_end))
                # a statement before the sentence's direct quote: "She said X, and ... replied, "...""
                sb = min(a for a, _ in inside)
                while sb > sa and text[sb - 1] in ' ,:"\u201c':
                    sb -= 1
                if sb <= sa or text[sb - 1] in ".!?":
                    continue
                sb += 1  # keep the last character: _indirect_in strips end punctuation itself
            sentence_text = text
            for rel in _relative_statements(text, sa, sb) + _questions_put(text, sa, sb):
                out.append(rel)
                # the main clause is read without it (offsets kept)
                a, b = rel.cue_start, rel.end
                sentence_text = sentence_text[:a] + " " * (b - a) + sentence_text[b:]
            found = _indirect_in(sentence_text, sa, sb, inverted=not inside)
            found = [_retext(text, q) for q in found] if sentence_text is not text else found
            out.extend(q for q in found if not any(q.start < b and a < q.end for a, b in taken))
    return out


# "Barkley, who said he typically votes Democratic, said ...": a statement in a relative
# clause, from the comma after the name to the next comma (or the sentence's end).
_WHO_SAID = re.compile(
    r"(?P<spk>[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}), who (?:has |had |also )?(?P<verb>[a-z]+) "
)


def _to_comma(text: str, lo: int, hi: int) -> int:
    """Where an inserted clause that starts at ``lo`` ends: the next comma, or ``hi``."""
    end = text.find(",", lo, hi)
    return end if end >= 0 else hi


def _relative_statements(text: str, sa: int, sb: int) -> list[FoundQuote]:
    out = []
    for m in _WHO_SAID.finditer(text, sa, sb):
        if not reports(text, _WORDS.match(text, m.start("verb"))):
            continue
        end = _to_comma(text, m.end(), sb)
        if any(c in text[m.end() : end] for c in '"\u201c\u201d'):
            continue
        q = _make(text, (m.end(), end), m.group("verb"), (m.start("spk"), m.end("spk")), m.start("verb"))
        if q is not None and not text[q.start : q.end].lower().startswith(("to ", "about ", "of ", "on ")):
            out.append(q)
    return out


# A question put to someone: "Asked by X whether C, ..." / "Y was asked by X if C" (the
# asker speaks; without "by", the speaker is unnamed).
_ASKED = re.compile(
    r"\b(?P<verb>[Aa]sked)(?: by (?P<spk>[^,;]{2,60}?))? (?P<content>(?:whether|if|about|to|how|why|what|when) )"
)


def _questions_put(text: str, sa: int, sb: int) -> list[FoundQuote]:
    out = []
    for m in _ASKED.finditer(text, sa, sb):
        lead = text[sa : m.start()].strip().lower()
        if lead and not re.search(r"(?:^|\s)(?:when|was|were|is|are|been|being)$", lead):
            continue  # "Trump asked ..." is the active verb: the main clause handles it
        end = _to_comma(text, m.start("content"), sb)
        spk = (m.start("spk"), m.end("spk")) if m.group("spk") else None
        q = _make(text, (m.start("content"), end), "asked", spk, m.start("verb"))
        if q is not None:
            q.unnamed = spk is None
            out.append(q)
    return out


def _retext(text: str, q: FoundQuote) -> FoundQuote:
    """A statement found in a masked copy of ``text``, with its words from ``text``."""
    q.text = text[q.start : q.end]
    if q.speaker_start is not None:
        q.speaker = text[q.speaker_start : q.speaker_end]
    return q


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
            spk, content = (acc.end(), comma), strip_span(text, comma + 1, end)
        else:  # C, according to S.  /  C1, according to S, C2.  /  C according to S, but ...
            spk, content = strip_span(text, acc.end(), end), strip_span(text, sa, acc.start())
            comma = text.find(",", acc.end(), end)
            if comma >= 0 and len(word_matches(text[acc.end() : comma])) <= MAX_SPEAKER_WORDS:
                spk = (acc.end(), comma)
                if text[sa : acc.start()].rstrip().endswith(","):  # an inserted attribution
                    content = strip_span(text, sa, end)
        return _listed(_make(text, content, "according to", _source_head(text, spk), acc.start()))
    verb = cue_in(text, sa, end)
    if verb is None:
        return []
    rest = word_matches(text[verb.end() : end])
    rest_text = text[verb.end() : end].strip(" ,")
    setting = (
        not rest_text
        or bool(_LEAD_WHEN.fullmatch(" " + rest_text))
        or (bool(_PREPOSITION.match(rest_text)) and len(rest) <= 6)
        or (  # "C, a spokesman told The Wall Street Journal."
            verb.group(0).lower() in TAKES_OBJECT
            and len(rest) <= MAX_ADDRESSEE_WORDS
            and not (_CLAUSE_START.search(rest_text) or EMBEDDED.search(rest_text))
        )
    )
    comma = text.rfind(",", sa, verb.start())
    if comma > sa and inverted and not verb.group(0).lower().endswith("ing"):
        between = strip_span(text, comma + 1, verb.start())
        spk: tuple[int, int] | None = None
        if between[1] > between[0] and text[verb.end() : end].lstrip().startswith(","):
            # C1, S said, C2: the attribution in the middle
            spk = speaker_before(text, comma + 1, verb.start())
            if spk is not None:
                return _listed(_make(text, (sa, end), verb.group(0), spk, verb.start()))
        if between[1] > between[0] and setting:  # C, S said [on Friday].
            spk = speaker_before(text, comma + 1, verb.start())
        elif (
            between[1] <= between[0]
            and _named_after(text, verb.end(), end)
            and not _RELATIVE.match(text[text.rfind(",", sa, comma) + 1 : comma])
        ):  # C, said S. / C, said S, a professor at ...
            spk = speaker_after(text, verb.end(), end)
            if spk is not None and (
                not re.match(r"(?:[A-Z]|(?:a|an|the|one|another)\s)", text[spk[0] : spk[1]])
                or any(w.group(0).lower() in _FINITE for w in word_matches(text[spk[0] : spk[1]]))
            ):
                spk = None  # "Marshall, Clinton's director, said the campaign is ...": a clause, not a speaker
        if spk is not None:
            return _listed(_make(text, strip_span(text, sa, comma), verb.group(0), spk, verb.start()))
    if verb.group(0).lower().endswith("ing"):  # "..., arguing that ...": the sentence's subject speaks
        spk = None
    else:
        spk = speaker_before(text, sa, verb.start())
        # "X agreed, but also contended that ...": the subject of the first verb speaks
        if spk is None and (
            not _SHARED_SUBJECT.search(text, sa, verb.start()) or _PASSIVE.search(text, sa, verb.start())
        ):
            return []
    ca, cb = clause_after(text, verb, end)
    cue = verb.group(0).lower()
    request = (cue in TAKES_INFINITIVE and text.startswith("to ", ca) and ca > verb.end() + 1) or (
        cue in PROMISES and re.match(r"(?:not )?to \w", text[ca:cb]) is not None
    )  # "asked the network to donate ...", "vowed (not) to ..."
    if _PREPOSITION.match(text, ca) and not _LEADING_THAT.match(text[ca:cb]) and not request:
        that = re.search(r"\bthat\b", text[ca:cb])  # "told the conference in Neuchatel ... that"
        if that is None or len(word_matches(text[ca : ca + that.start()])) > 25:
            return []
        ca = ca + that.start()
    if _NOT_CONTENT.match(text, ca):  # "said as much", "said so"
        return []
    if verb.group(0).lower() in TAKES_OBJECT and not (_CLAUSE_START.match(text, ca) or EMBEDDED.match(text, ca)):
        return []  # "asked the authority for comment": an addressee and no statement
    # "S accused X of ... and asserted that ...", "..., arguing that ...": a second
    # statement by the same speaker
    second_verb: re.Match[str] | None = None
    cut = cb
    for m in _COORDINATED.finditer(text, ca, cb):
        word = _WORDS.match(text, m.start(m.lastindex or 1))
        if word is not None and reports(text, word):
            second_verb, cut = word, m.start()
            break
    if request and ca > verb.end() + 1:  # what was asked includes of whom: "urged him to resign"
        ca = strip_span(text, verb.end(), ca)[0]
    found = _make(text, (ca, cut), verb.group(0), spk, verb.start())
    if second_verb is None:
        return _listed(found)
    second = _make(text, clause_after(text, second_verb, end), second_verb.group(0), spk, second_verb.start())
    return [q for q in (found, second) if q is not None]


# Words that make a phrase a clause: an inverted verb's subject has none of them.
_FINITE = frozenset("is are was were has have had will would can could does did do should must may might".split())


def _named_after(text: str, lo: int, hi: int) -> bool:
    """Whether what follows an inverted verb is a speaker: a short phrase to the end, or
    to a comma that opens an apposition ("said Wilcox, an Orlando Republican who ...")."""
    comma = text.find(",", lo, hi)
    if comma < 0:
        return len(word_matches(text[lo:hi])) <= MAX_SPEAKER_WORDS
    after = text[comma + 1 : hi]
    return len(word_matches(text[lo:comma])) <= MAX_SPEAKER_WORDS and (
        bool(_APPOSITIVE.match(after) or _RELATIVE.match(after)) or after.strip()[:1].islower()
    )


def _participle_after(text: str, lo: int, hi: int) -> list[FoundQuote]:
    """``, adding that ...`` / ``, saying ...`` / `` and said ...`` after a direct quote
    (``called the plan "a disgrace" and said it would fail``), by its speaker."""
    m = re.search(r",\s+([a-z]+ing)\b|^[\s,]*(?:and|but)\s+(?:also\s+|then\s+|later\s+)?([a-z]+)\b", text[lo:hi])
    if m is None or text[lo : lo + m.start()].count('"') + text[lo : lo + m.start()].count("\u201c") > 0:
        return []
    word = _WORDS.match(text, lo + m.start(m.lastindex or 1))
    if word is None or not reports(text, word):
        return []
    return _listed(_make(text, clause_after(text, word, hi), word.group(0), None, word.start()))


_CLAUSE_START = re.compile(r"(?:that|to|whether|if|how|why|what|when|where|who)\b", re.I)


# Where a long "according to" source's description starts: the source is what comes before.
_SOURCE_TAIL = re.compile(
    r"\s(?:conducted|released|published|carried out|obtained|commissioned|compiled|cited|seen|reviewed|issued|"
    r"posted|shared|filed)\b"
)


def _source_head(text: str, spk: tuple[int, int]) -> tuple[int, int]:
    """The source of "according to" without its description: "early results of exit
    polls (conducted for The Associated Press and television networks)"."""
    a, b = spk
    if len(word_matches(text[a:b])) <= MAX_SPEAKER_WORDS:
        return spk
    tail = _SOURCE_TAIL.search(text, a, b)
    return (a, tail.start()) if tail is not None else spk


def _listed(q: FoundQuote | None) -> list[FoundQuote]:
    return [q] if q is not None else []


def _make(
    text: str, content: tuple[int, int], cue: str, spk: tuple[int, int] | None, cue_start: int
) -> FoundQuote | None:
    a, b = strip_span(text, *content)
    if len(word_matches(text[a:b])) < MIN_INDIRECT_WORDS:
        return None
    if spk is None:
        return FoundQuote(text[a:b], "indirect", cue.lower(), a, b, cue_start=cue_start)
    sa, sb = strip_span(text, *spk)
    if sb <= sa or len(word_matches(text[sa:sb])) > MAX_SPEAKER_WORDS:
        return None
    return FoundQuote(text[a:b], "indirect", cue.lower(), a, b, text[sa:sb], sa, sb, cue_start)
