"""Where the entity recogniser runs: the sentences that need it, and the names it found
carried to the rest of the text.

spaCy's recogniser is nearly all of extraction's cost (the quote rules run a few hundred
texts a second, the recogniser about fifteen).  Speakers need it only in the sentences
that carry a quote or a reporting verb, and the lede names the main actors with their
titles; so it runs on those, leaving out the words inside quotation marks (about a
third of a news text in all).  Every name it finds there is
then looked up in the whole text, a person's surname too, so a name in another sentence
is still a mention.  A name that appears only in sentences without speech is missed:
``ExtractConfig(recognise="all")`` runs the recogniser everywhere instead.
"""

from __future__ import annotations

import re

from .cues import has_cue
from .names import ORG_WORDS, split_role
from .quotes import quotation_spans
from .sentences import paragraphs, sentences

_CAPITAL = re.compile(r"[A-Z]")
# A capitalised name: words starting with a capital, "of"/"de"/"al-" and hyphens inside.
_NAME = re.compile(r"(?<![\w'\u2019.])[A-Z][\w-]*(?:\s+(?:(?:of|de|del|van|von|al|bin|la|le)\s+)?[A-Z][\w-]*)*")
_ORG_PREFIXES = frozenset({"UN", "EU", "NATO", "U.N.", "U.S."})
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Mme)\.?|\b(?:President|Minister|Secretary|Senator|Sen\.|Rep\.|Gov\.|Governor|"
    r"Chancellor|Premier|Ambassador|Judge|Chairman|Mayor|General|Gen\.|King|Queen|Prince|Pope|ruler|leader|"
    r"spokesman|spokeswoman|counterpart|lawyer|envoy|official|adviser|director|chief))\s+$"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|across|outside|inside|into|toward|towards|via)\s+(?:the\s+)?$")
# Capitalised words after "in" that are no place.
_NOT_PLACES = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday english french russian arabic spanish german chinese i""".split()
)

# The first paragraphs (title, lede) always go through the recogniser.
LEDE_PARAGRAPHS = 3
# Names shorter than this are not looked up elsewhere ("US" would match everywhere).
MIN_PROPAGATED_CHARS = 3


def focus_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` the recogniser reads: the lede, and every sentence with a
    quotation mark or a reporting verb without the words inside quotation marks (a
    speaker is never there); spans with no capital letter are left out.

    >>> t = 'Title\\n\\nBy A. Reporter\\n\\nThe port is old.\\n\\nGulls nest. "It will close," Brandt said.'
    >>> [t[a:b] for a, b in focus_spans(t)]
    ['Title\\n\\nBy A. Reporter\\n\\nThe port is old.', '" Brandt said.']
    """
    out: list[tuple[int, int]] = []
    for p, (pa, pb) in enumerate(paragraphs(text)):
        quoted = [(m.open + 1, m.close) for m in quotation_spans(text, pa, pb)]
        for sa, sb in sentences(text, pa, pb) if p >= LEDE_PARAGRAPHS else [(pa, pb)]:
            chunk = text[sa:sb]
            if p < LEDE_PARAGRAPHS or '"' in chunk or "\u201c" in chunk or has_cue(chunk):
                for a, b in _outside(sa, sb, quoted):
                    if _CAPITAL.search(text, a, b):
                        if out and not text[out[-1][1] : a].strip():
                            out[-1] = (out[-1][0], b)
                        else:
                            out.append((a, b))
    return out


def _outside(a: int, b: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[a, b)`` without the ``holes``."""
    out = []
    for ha, hb in holes:
        if hb <= a or ha >= b:
            continue
        if ha > a:
            out.append((a, ha))
        a = max(a, hb)
    if a < b:
        out.append((a, b))
    return out


def rule_spans(text: str, read: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Names outside the spans the recogniser ``read``, typed by what surrounds them: a
    title or honorific before a person ("Syrian President Bashar Assad", "Mr Magnitsky"),
    an organisation word in the name ("UN Security Council"), a preposition of place
    before a place ("talks in Almaty").  Names these rules cannot type are left out.

    >>> t = "Talks in Almaty failed. Syrian President Bashar Assad stayed home. The UN Security Council met."
    >>> [(t[a:b], k) for a, b, k in rule_spans(t, [])]
    [('Almaty', 'place'), ('Bashar Assad', 'person'), ('UN Security Council', 'org')]
    """
    out = []
    for a, b in _outside(0, len(text), read):
        for m in _NAME.finditer(text, a, b):
            start, end = m.start(), m.end()
            words = m.group(0).split()
            if words[0] in ("The", "A", "An"):
                start += len(words[0]) + 1
                words = words[1:]
            role, name = split_role(words) if len(words) > 1 else ([], words)
            if role:  # "Syrian President Bashar Assad": the title makes a person
                start = end - len(" ".join(name))
                out.append((start, end, "person"))
                continue
            if not words:
                continue
            before = text[max(0, start - 40) : start]
            if words[-1].lower() in ORG_WORDS or (len(words) > 1 and words[0] in _ORG_PREFIXES):
                out.append((start, end, "org"))
            elif _TITLE_BEFORE.search(before):
                out.append((start, end, "person"))
            elif _PLACE_BEFORE.search(before) and words[0].lower() not in _NOT_PLACES:
                out.append((start, end, "place"))
    return out


def propagate(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` plus every other occurrence in ``text`` of the names they cover (and of
    the surnames of people), typed as found."""
    names: dict[str, str] = {}
    for a, b, kind in spans:
        name = text[a:b].strip()
        if len(name) >= MIN_PROPAGATED_CHARS and name[:1].isupper():
            names.setdefault(name, kind)
            parts = name.split()
            if kind == "person" and len(parts) >= 2 and len(parts[-1]) >= MIN_PROPAGATED_CHARS:
                names.setdefault(parts[-1], "person")
    if not names:
        return spans
    taken = [(a, b) for a, b, _ in spans]
    pattern = re.compile(r"(?<![\w'])(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?!\w)")
    out = list(spans)
    for m in pattern.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            out.append((m.start(), m.end(), names[m.group(0)]))
    return sorted(out)
