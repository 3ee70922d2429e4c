"""What story decisions compare: TF-IDF word vectors, named things, dates and places.

TF-IDF over words and named entities with time decay is what the strongest streaming
news-clustering systems use (Miranda et al. 2018, "Multilingual Clustering of Streaming
News").  The IDF of a word blends the corpus's own document frequencies with a prior
from general word frequencies of the article's language (``wordfreq``, 40 languages), so
a folder of four articles still knows that "the" (or "der", "и") says nothing and
"Lavrov" says a lot; the corpus takes over as it grows (see ``IDF_PRIOR_DOCS``) but can
only lower a weight, never raise it past the prior.  A name's IDF is the corpus's,
capped by the prior of its words as a phrase.  Words
of an article in another language than English are keyed with it (``de:stadtrat``): a
word is weighed by its own language's frequencies, and "die" in German is not "die" in
English.  Words are letters of any script (Cyrillic, Greek, Arabic...).

Named things are capitalised word sequences (a cheap, model-free stand-in until the
entity extractor of ``extract/`` runs; the score only needs what two texts share).
"""

from __future__ import annotations

import math
import re
import sys
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from ..text.normalize import canonical_word, fold

# The general-frequency prior of a word counts as this many documents' worth of
# evidence: in a folder of 30 articles corpus IDF and prior weigh the same, and the
# corpus can only lower a word's weight (``IdfModel``), so four articles on one topic
# do not make their shared words say nothing, nor 40,000 unrelated ones make them say more.
IDF_PRIOR_DOCS = 30.0
# Expected words per news article, to turn a word's corpus frequency into the chance
# that an article contains it (wordfreq gives frequencies per word of running text).
WORDS_PER_ARTICLE = 500
# Words rarer than this (or unknown to wordfreq) are treated as this rare.
MIN_WORD_FREQUENCY = 1e-8
# No word or name weighs more than one found in a single article of 1,000: the rarest
# words of general frequencies are mostly misspellings and foreign names, and one shared
# misspelling is no better evidence than one shared rare word.
MAX_PRIOR_IDF = math.log(1000.0) + 1.0
# Words carrying less IDF than this are left out of vectors (function words).
MIN_IDF = 0.7
# A capitalised word that starts a sentence is a name only if it is rarer than this
# (Zipf scale: "The" is 7.7, "Recently" 5.0, "Switzerland" 4.3).
SENTENCE_START_MAX_ZIPF = 4.9
TITLE_WEIGHT = 2.0
# People are what ties stories into storylines ("same actors"); places and
# organisations mostly say the topic.  Set on the seeds, where the North Korea topic
# would otherwise outweigh the actors two April 2013 stories share.
PERSON_WEIGHT = 3.0

# Words of any script, as ``text.normalize`` tokenises them (letters and digits).
_WORD = re.compile(r"[^\W_]+(?:'[^\W\d_]+)?")
_CAP_SEQ = re.compile(r"(?<![\w'])(?:[A-Z][\w'\u2019.-]*[\w]|[A-Z])(?:(?: of)?[ -](?:[A-Z][\w'\u2019.-]*[\w]|[A-Z]))*")
_SENT_START = re.compile(r"(?:^|[.!?\"\u201c\u201d]\s+|\n)$")
# Role words that, inside a capitalised sequence, come before a person's name.
_TITLES = frozenset(
    "mr mrs ms dr mme president prime minister secretary sen senator rep gov governor king queen "
    "prince princess chancellor premier ambassador judge chairman chairwoman chief pope "
    "spokesman spokeswoman envoy general gen col lt sgt mayor".split()
)
# Sentence-initial function words swept into a capitalised sequence ("But Pyongyang").
_FUNCTION_WORDS = frozenset(
    "but and or so yet if when while as after before in on at for the a an this that these those "
    "its his her their recently meanwhile however".split()
)
# Calendar words are capitalised but name no one.
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december today yesterday tomorrow".split()
)


@cache
def _prior_languages() -> frozenset[str]:
    from wordfreq import available_languages

    return frozenset(available_languages())


def word_language(key: str) -> tuple[str, str]:
    """(language, word) of a word key: ``"de:stadtrat"`` -> ``("de", "stadtrat")``;
    an unprefixed key is English (or of a language too short to tell)."""
    if len(key) > 3 and key[2] == ":" and key[:2].isalpha():
        return key[:2], key[3:]
    return "en", key


def _prior_idf(word: str, language: str = "en") -> float | None:
    """The IDF general frequencies give ``word`` in ``language``; None for a language
    wordfreq does not know (the corpus alone speaks then)."""
    if language not in _prior_languages():
        return None
    from wordfreq import word_frequency

    p = max(word_frequency(word, language), MIN_WORD_FREQUENCY) * WORDS_PER_ARTICLE
    return min(math.log(1.0 / min(p, 1.0)), MAX_PRIOR_IDF)


@dataclass(slots=True)
class IdfModel:
    """Document frequencies of a corpus, blended with a prior from general word frequencies."""

    df: Counter[str] = field(default_factory=Counter)
    docs: int = 0
    # Weigh every name the same: for two texts compared without a corpus, where a name
    # both share would otherwise count less than one only one has.
    flat_names: bool = False
    surface: dict[str, str] = field(default_factory=dict)
    _cache: dict[str, float] = field(default_factory=dict)

    def add(self, keys: Iterable[tuple[str, str]]) -> None:
        """Count one document's distinct (key, surface form) pairs."""
        seen = set()
        for key, surface in keys:
            if key not in seen:
                seen.add(key)
                self.df[key] += 1
                self.surface.setdefault(key, surface)
        self.docs += 1
        self._cache.clear()

    def idf(self, key: str) -> float:
        v = self._cache.get(key)
        if v is None and key.startswith("e:") and self.flat_names:
            v = 1.0
        if v is None:
            v = self._blend(key)
            self._cache[key] = v
        return v

    def _blend(self, key: str) -> float:
        """The prior (general frequencies: how rare the word or name is in the world)
        lowered, never raised, by the corpus: a word every article of this folder has
        says less here, but a word this folder lacks says no more than the world knows
        it to.  So adding unrelated articles cannot make two texts' shared words (or
        names) weigh more: the score of a pair does not swing with what else is stored."""
        if key.startswith("e:"):
            # A name: the corpus speaks (a name every story of this pile mentions tells
            # none of them apart, and general frequencies know little of names), never
            # weighing it more than its words' general frequency as a phrase would.
            prior = _prior_idf(self.surface.get(key, key[2:]), "en")
            corpus = max(0.0, math.log((self.docs + 1) / (self.df.get(key, 0) + 0.5)))
            return corpus if prior is None else min(prior, corpus)
        language, _ = word_language(key)
        prior = _prior_idf(word_language(self.surface.get(key, key))[1], language)
        corpus = math.log((self.docs + 1) / (self.df.get(key, 0) + 1)) + 1.0
        if prior is None:
            return corpus
        w = self.docs / (self.docs + IDF_PRIOR_DOCS)
        return min(prior, w * corpus + (1 - w) * prior)


def word_keys(text: str, language: str | None = None) -> list[tuple[str, str]]:
    """(canonical key, folded surface) of each word; keyed with ``language`` when it is
    not English (``word_language`` reads it back).

    >>> word_keys("Der Rat"), word_keys("Der Rat", "de")
    ([('der', 'der'), ('rat', 'rat')], [('de:der', 'der'), ('de:rat', 'rat')])
    """
    words = _WORD.findall(fold(text))
    if language is None or language == "en":
        return [(canonical_word(w), w) for w in words]
    return [(f"{language}:{canonical_word(w)}", w) for w in words]


# Lower-case role words that, right before a name, say it is a person's.
_ROLE_BEFORE = re.compile(
    r"\b(?:leader|ruler|spokesman|spokeswoman|counterpart|minister|president|secretary|envoy|"
    r"chief|director|chairman|lawyer|official|diplomat|general|commander|mayor|governor|"
    r"ambassador|mr|mrs|ms|dr)\.?\s+$",
    re.I,
)


@dataclass(slots=True, frozen=True)
class Mention:
    """A capitalised name in a text; ``person`` when a title or role word introduces it."""

    text: str
    person: bool


def _after_title(words: list[str]) -> tuple[list[str], bool]:
    """Drop a leading role ("Russian Foreign Minister", "Secretary of State") from a name."""
    last = -1
    for k, w in enumerate(words):
        lw = w.lower().strip(".")
        if lw in _TITLES or (lw == "state" and k >= 2 and [x.lower() for x in words[k - 2 : k]] == ["secretary", "of"]):
            last = k
    if last < 0:
        return words, False
    return words[last + 1 :], True


def entity_mentions(text: str, language: str | None = None) -> list[Mention]:
    """Capitalised sequences of ``text`` that name something, leading titles dropped.

    >>> text = "Russian Foreign Minister Sergey Lavrov met Mr Kerry. The talks ended."
    >>> [(m.text, m.person) for m in entity_mentions(text)]
    [('Sergey Lavrov', True), ('Kerry', True)]
    """
    from wordfreq import zipf_frequency

    out = []
    for m in _CAP_SEQ.finditer(text):
        words = m.group(0).rstrip(".").split()
        while words and words[0].lower() in _FUNCTION_WORDS:
            words = words[1:]
        while words and words[-1].lower() == "of":
            words = words[:-1]
        words, person = _after_title(words)
        person = person or bool(_ROLE_BEFORE.search(text[max(0, m.start() - 20) : m.start()]))
        if not words or (len(words) == 1 and words[0].lower() in _CALENDAR):
            continue
        if len(words) == 1 and _SENT_START.search(text[max(0, m.start() - 3) : m.start()]):
            lang = language or "en"  # a common word capitalised by the sentence, in its language
            if lang in _prior_languages() and zipf_frequency(words[0].lower(), lang) > SENTENCE_START_MAX_ZIPF:
                continue
        out.append(Mention(" ".join(words), person))
    return out


def entity_keys(mention: str) -> list[tuple[str, str]]:
    """Keys of a mention: the whole name, and its last word for multi-word names
    (so ``Sergey Lavrov``, ``Sergei Lavrov`` and ``Lavrov`` meet on ``lavrov``)."""
    words = [w for w in _WORD.findall(fold(mention).replace("'s", "")) if w not in ("mr", "mrs", "ms")]
    if not words:
        return []
    phrase = " ".join(words)
    keys = [("e:" + phrase, phrase)]
    if len(words) > 1 and len(words[-1]) > 2:
        keys.append(("e:" + words[-1], words[-1]))
    return keys


@dataclass(slots=True)
class Evidence:
    """What a score reads of a text besides its word and name vectors: its dates, its
    dateline places, the corpus's dateline places it names, and (with
    ``StoryConfig.embeddings``) its sentence embedding.
    Clustering keeps the vectors apart, as rows (``vectors.VectorRows``)."""

    dates: tuple[str, str] | None
    places: frozenset[str]
    embedding: np.ndarray | None = None
    # Dateline places of the corpus this text names ("came from the meeting in London"):
    # a reference to where another report's event happened (``score.storyline_score``).
    named: frozenset[str] = frozenset()
    # Weekdays (0 = Monday) its undated texts' ledes name ("said on Friday"): the day of
    # the event they report, which a date alone would give (``score.weekday_evidence``).
    weekdays: frozenset[int] = frozenset()


@dataclass(slots=True)
class Features(Evidence):
    """The comparable view of one text (or of several merged): its evidence and its
    TF-IDF word and name vectors."""

    terms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)


def doc_keys(
    title: str | None, text: str, language: str | None = None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], set[str]]:
    """Word keys, entity keys and the entity keys that name people, of a title and body
    (in ``language``: ``word_keys``).

    Title words count twice; names come from the body only (a Title Case headline
    capitalises every word).
    """
    words = word_keys(text, language) + word_keys(title or "", language) * int(TITLE_WEIGHT)
    ents, people = [], set()
    for m in entity_mentions(text, language):
        keys = entity_keys(m.text)
        ents.extend(keys)
        if m.person:
            people.update(k for k, _ in keys)
    return words, ents, people


def vector(
    keys: list[tuple[str, str]], idf: IdfModel, boost: set[str] | None = None, factor: float = 1.0
) -> dict[str, float]:
    """L2-normalised TF-IDF vector (sublinear tf) of keys; keys in ``boost`` weigh ``factor`` times more."""
    return counted_vector(Counter(k for k, _ in keys).items(), idf, boost, factor)


class KeyCounts:
    """A text's distinct keys and how often each occurs, in first-seen order: what
    ``vector`` needs of a text, kept compact (a tuple of shared key strings and an array
    of counts, about a tenth of the memory of the keyed word list) while a corpus's IDF
    is being counted."""

    __slots__ = ("keys", "counts")

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        counted = Counter(k for k, _ in keys)
        self.keys = tuple(sys.intern(k) for k in counted)
        self.counts = array("I", counted.values())

    def __getstate__(self) -> tuple[tuple[str, ...], array[int]]:
        return self.keys, self.counts

    def __setstate__(self, state: tuple[tuple[str, ...], array[int]]) -> None:
        # sent back from a worker process: share the key strings again
        self.keys, self.counts = tuple(map(sys.intern, state[0])), state[1]

    def items(self) -> Iterable[tuple[str, int]]:
        return zip(self.keys, self.counts, strict=True)


def counted_vector(
    counts: Iterable[tuple[str, int]], idf: IdfModel, boost: set[str] | None = None, factor: float = 1.0
) -> dict[str, float]:
    """``vector`` of (key, count) pairs."""
    vec = {}
    for k, c in counts:
        w = idf.idf(k)
        if w >= (MIN_IDF if not k.startswith("e:") else 0.0) and w > 0:
            vec[k] = (1.0 + math.log(c)) * w * (factor if boost and k in boost else 1.0)
    return normalize(vec)


def normalize(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def merge(vectors: Iterable[dict[str, float]]) -> dict[str, float]:
    """The normalised centroid of several vectors."""
    acc: Counter[str] = Counter()
    for v in vectors:
        acc.update(v)
    return normalize(dict(acc))


WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
# The lede: the first paragraph, up to this many characters.
LEDE_CHARS = 400


def lede(body: str) -> str:
    """The lede of a cleaned text: its first paragraph, at most ``LEDE_CHARS``."""
    return body.split("\n\n", 1)[0][:LEDE_CHARS]


def lede_weekdays(body: str) -> frozenset[int]:
    """The weekdays (0 = Monday) a text's lede names.

    >>> sorted(lede_weekdays("KELMAR - The strike ended on Friday.\\n\\nTalks began on Monday."))
    [4]
    """
    return frozenset(WEEKDAY_NAMES.index(m.lower()) for m in WEEKDAY.findall(lede(body)))


def place_key(dateline: str | None) -> str | None:
    """``NEUCHATEL, Switzerland`` -> ``neuchatel``: the city of a dateline."""
    if not dateline:
        return None
    return fold(dateline.split(",")[0]).strip() or None


def top_terms(vec: dict[str, float], n: int) -> list[str]:
    return [k for k, _ in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]
