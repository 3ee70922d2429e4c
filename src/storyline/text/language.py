"""The language an article is written in, as an ISO 639-1 code.

py3langid (the maintained fork of langid.py: a naive Bayes model over byte n-grams, 97
languages, the model inside the package) reads the cleaned body.  It was chosen over
lingua-language-detector and langdetect by ``benchmarks/languages.py``: as accurate on
paragraphs of 200+ characters, and many times faster (see docs/intake.md).

A text too short to tell (a headline, a caption) gets None rather than a guess, and
so does one whose best language the model is not sure of.  What depends on English
(spaCy's English model, the quote rules) runs only where the language is English or
unknown; reprints and stories work in any language written in words.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..errors import MissingDependency

# Fewer letters than this and the language is not told (a headline or a caption is
# too short for byte n-grams to be sure; 200-character paragraphs are told right).
MIN_LETTERS = 40
# Only this many characters are read: the opening paragraphs decide, and a long
# article costs no more than a short one.  On 3,000 syndication-dev articles 600 gives
# the answers 2,000 gives, at 4,200 articles a second on one core (2,000: 1,300).
READ_CHARS = 600
# Below this normalised probability the answer is None (a mixed or garbled text).
MIN_CONFIDENCE = 0.5
_LETTER = re.compile(r"[^\W\d_]")


@cache
def _identifier() -> Any:
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise MissingDependency("py3langid", "identifying languages") from e
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def known_languages() -> frozenset[str]:
    """The ISO 639-1 codes the identifier can answer."""
    return frozenset(_identifier().nb_classes)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when too short or unsure.

    >>> detect_language("The council voted on Tuesday to close the old harbour bridge for repairs.")
    'en'
    >>> detect_language("Der Stadtrat hat am Dienstag beschlossen, die alte Hafenbrücke zu sperren.")
    'de'
    >>> detect_language("Breaking news") is None
    True
    """
    sample = text[:READ_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    lang, probability = _identifier().classify(sample)
    return str(lang) if probability >= MIN_CONFIDENCE else None


# In a raw text (before cleaning), lines with at least this many words are read: menus,
# bylines and captions are shorter.
_RAW_LINE_WORDS = 8
# How a language list names articles whose language is not told.
UNKNOWN = "unknown"


def detect_language_raw(text: str) -> str | None:
    """``detect_language`` on a text before cleaning: its sentence-length lines only,
    so a page's menus and bylines do not speak for its body."""
    lines = (x for x in text.splitlines() if len(x.split()) >= _RAW_LINE_WORDS)
    body = "\n".join(lines)
    return detect_language(body if len(body) >= MIN_LETTERS else text)


def parse_languages(spec: str | None) -> frozenset[str | None] | None:
    """A user's language list ("en,de", "unknown" for too short to tell) as a set of
    codes (None stands for unknown), or None for no filter.

    >>> sorted(parse_languages("de, EN"), key=str), parse_languages("en,unknown") == {"en", None}
    (['de', 'en'], True)
    """
    if not spec or not spec.strip():
        return None
    out: set[str | None] = set()
    for part in spec.split(","):
        code = part.strip().lower()
        if code:
            out.add(None if code == UNKNOWN else code)
    return frozenset(out)


def is_english(language: str | None) -> bool:
    """Whether the English-only stages (entities, quotes) read an article: English, or
    a language too short to tell."""
    return language is None or language == "en"
