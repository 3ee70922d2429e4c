"""Names as keys: the ways news text writes one person, place or organisation.

``name_key`` maps ``Sergey Lavrov`` / ``Sergei Lavrov`` / ``Mr Lavrov's``, ``Kim Jong Un`` /
``Kim Jong-un`` and ``U.S.`` / ``US`` / ``United States`` to comparable keys; ``split_role``
takes the role off a name (``Russian Foreign Minister Sergey Lavrov``).  Pure string
functions: which mentions are the same entity is decided in ``entities.py``.
"""

from __future__ import annotations

import re

from ..text.normalize import HONORIFICS as TEXT_HONORIFICS
from ..text.normalize import fold

# Honorifics dropped from a name: the ones text matching drops everywhere, and those that
# are honorifics only before a name (in running text "miss" and "lord" are words too).
HONORIFICS = TEXT_HONORIFICS | frozenset({"miss", "sir", "dame", "lord", "lady"})
# Words of a role title before a name ("Russian Foreign Minister", "Secretary of State").
ROLE_WORDS = frozenset(
    """president vice prime minister foreign defence defense interior finance secretary state deputy
    senator sen rep representative gov governor king queen prince princess chancellor premier ambassador
    judge justice chairman chairwoman chair chief executive ceo spokesman spokeswoman spokesperson envoy
    general gen col colonel lt lieutenant sgt sergeant mayor leader ruler pope cardinal archbishop bishop
    commander admiral adm director attorney counsel speaker house majority minority whip candidate nominee
    former acting first lady sheikh emir ayatollah supreme lawyer professor prof analyst counterpart
    economist official adviser advisor aide
    of the for u.s us un eu""".split()
)
# The last word of an organisation's name, or of a description of one ("the agency").
ORG_WORDS = frozenset(
    """council department ministry party committee agency commission coalition union association organization
    organisation institute university bank court police army navy force forces government office campaign
    foundation center centre corporation corp inc ltd company group times post news network press service
    services parliament congress senate assembly nations league federation alliance authority board""".split()
)
# Country and demonym adjectives that start a role ("Swiss Foreign Minister").
_DEMONYM = re.compile(r"^(?:[A-Z][a-z]+(?:an|ian|ese|ish|i|ch|ss)|U\.S\.|US|UN|U\.N\.|EU|British|Swiss|Greek|Thai)$")

# Short forms and the name they stand for (keys of both sides).
ALIASES = {
    "us": "united states",
    "usa": "united states",
    "united states of america": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "un": "united nations",
    "eu": "european union",
    "dprk": "north korea",
    "democratic people's republic of korea": "north korea",
    "nato": "north atlantic treaty organization",
    "g8": "group of eight",
    "g7": "group of seven",
    "ap": "associated press",
    "afp": "agence france presse",
    "state department": "us state department",
    "u s state department": "us state department",
}
_WORD = re.compile(r"[a-z0-9]+")
# Transliteration endings that vary between outlets (Sergey/Sergei, Dmitriy/Dmitri).
_TRANSLIT = [
    (re.compile(r"(?<=[a-z])(?:iy|yi|y|ii)$"), "i"),
    (re.compile(r"([a-z])\1"), r"\1"),
    (re.compile("ph"), "f"),
]


def words_of(name: str) -> list[str]:
    """Folded words of a name, without honorifics or a possessive ending.

    >>> words_of("Mr. Lavrov's")
    ['lavrov']
    """
    folded = fold(name).replace("'s", "").replace("-", " ").replace(".", "")
    return [w for w in _WORD.findall(folded) if w not in HONORIFICS]


def translit(word: str) -> str:
    """One spelling for transliteration variants of a name word.

    >>> translit("sergey") == translit("sergei"), translit("mohammed") == translit("mohamed")
    (True, True)
    """
    for pattern, repl in _TRANSLIT:
        word = pattern.sub(repl, word)
    return word


def name_key(name: str) -> str:
    """The comparison key of a name (aliases resolved, transliterations folded).

    >>> name_key("Kim Jong-un") == name_key("Kim Jong Un"), name_key("U.S.") == name_key("United States")
    (True, True)
    >>> name_key("Sergey Lavrov") == name_key("Sergei Lavrov"), name_key("the United Nations") == name_key("UN")
    (True, True)
    """
    words = words_of(name)
    if words and words[0] == "the":
        words = words[1:]
    phrase = " ".join(words)
    phrase = ALIASES.get(phrase, phrase)
    return " ".join(translit(w) for w in phrase.split())


def initials(name: str) -> str:
    """The acronym a name's capitalised words make (``United Nations`` -> ``un``)."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper()).lower()


def is_demonym(word: str) -> bool:
    """A nationality or place adjective that can start a title (``Russian``, ``U.S.``)."""
    return bool(_DEMONYM.match(word))


def split_role(words: list[str]) -> tuple[list[str], list[str]]:
    """``(role words, name words)`` of a title-and-name sequence.

    >>> split_role("Russian Foreign Minister Sergey Lavrov".split())
    (['Russian', 'Foreign', 'Minister'], ['Sergey', 'Lavrov'])
    >>> split_role(["Didier", "Burkhalter"])
    ([], ['Didier', 'Burkhalter'])
    """
    last = -1
    for k, w in enumerate(words[:-1]):
        lw = w.lower().rstrip(".")
        if lw in ROLE_WORDS and lw not in ("of", "the", "for", "us", "u.s", "un", "eu"):
            last = k
        elif not (_DEMONYM.match(w) or lw in ROLE_WORDS) and last < 0:
            break
    if last < 0:
        return [], words
    return words[: last + 1], words[last + 1 :]
