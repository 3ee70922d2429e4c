"""Paragraphs and sentences of a cleaned article, as character spans.

Quote extraction needs sentence boundaries that respect quotation marks (a sentence
ends after the closing mark of ``... he said."``) and news abbreviations (``Mr.``,
``U.S.``, ``Sen.``, ``Jan.``).  spaCy's rule-based sentencizer knows neither, and its
parser costs more than everything else in extraction together, hence these few rules.
"""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st sen rep gov gen col lt sgt capt cmdr adm maj jr sr rev prof no vs etc inc corp co ltd "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u d.c a.m p.m".split()
)
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)]*(?=\s+[\"'\u201c\u2018(]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank line of ``text`` (one paragraph a line after
    cleaning).

    >>> paragraphs("One.\\n\\nTwo.")
    [(0, 4), (6, 10)]
    """
    out = []
    for m in _PARAGRAPH.finditer(text):
        line = m.group(0)
        if line.strip():  # trailing spaces are not part of it ("... district.  ")
            out.append((m.start(), m.start() + len(line.rstrip())))
    return out


def _abbreviation_before(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())  # an initial: "John F. Kerry"


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (one paragraph), offsets into ``text``.

    >>> t = 'Mr. Lavrov spoke in the U.S. capital. "It is over," he said. Then he left.'
    >>> [t[a:b] for a, b in sentences(t)]
    ['Mr. Lavrov spoke in the U.S. capital.', '"It is over," he said.', 'Then he left.']
    """
    end = len(text) if end is None else end
    out = []
    begin = start
    for m in _END.finditer(text, start, end):
        if (
            m.group(0)[0] == "."
            and len(m.group(0).rstrip("\"'\u201d\u2019)")) == 1
            and _abbreviation_before(text, m.start())
        ):
            continue
        out.append((begin, m.end()))
        begin = m.end()
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end and text[begin:end].strip():
        out.append((begin, end))
    return out
