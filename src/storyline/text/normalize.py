"""Text normalisation: display-safe unicode clean-up and the canonical word form used
for matching copies of a story.

``normalize_unicode`` keeps the text readable (it is what users see).  ``canonical_words``
is for comparison only: it maps the ways outlets write the same word to one key, so that
``programme``/``program``, ``demilitarised``/``demilitarized``, ``cancelled``/``canceled``,
``U.S.``/``US``/``United States`` and ``Mr Lavrov``/``Lavrov`` compare equal, and so do
common OCR confusions (``rn``/``m``, ``l``/``1``).  The key needs only to be *consistent*,
not pretty: mapping two real words onto one key (``four``/``for``) costs next to nothing
in shingle matching, while a missed variant costs a whole shingle per occurrence.  No
spelling library maps British to American forms as a pure token function, hence the rules.

Scanned and scraped copies carry damage besides: ``repair_damage`` decodes the HTML
entities scraping leaves as text, ``join_broken_words`` joins words a page layout
hyphenated across line ends, and ``ocr_key`` reads a word through the confusions of optical character
recognition (``cl``/``d``, ``e``/``c``, ``h``/``b``, ``0``/``o``...), for comparing
copies that a scanner read differently.
"""

from __future__ import annotations

import html
import re
import unicodedata

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Typographic characters news text is full of, and their plain forms.  Replaced one by
# one with str.replace (a C scan each) before falling back to a per-character table.
_PLAIN = {
    "\u2019": "'",
    "\u2018": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2014": " - ",
    "\u2013": " - ",
    "\u00a0": " ",
    "\u2026": "...",
    "\u00a9": "(c)",
}
_QUOTES = str.maketrans(
    {
        **_PLAIN,
        "\u2012": " - ",
        "\u2212": "-",
        "\u00a9": "(c)",
        "\u2022": " ",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


def normalize_unicode(text: str) -> str:
    """Readable clean-up: NFC, HTML entity residue, invisible characters, odd spaces.

    Quotes and dashes are kept as written (they are part of the article); line
    structure is kept.

    >>> normalize_unicode("Caf\\u00e9 &amp; bar\\u00a0 \\u200bopen")
    'Café & bar open'
    """
    text = repair_damage(text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SPACES.sub(" ", text)


def fold(text: str) -> str:
    """Lower case, accents stripped, typographic quotes and dashes made plain."""
    if not text.isascii():
        for ch, plain in _PLAIN.items():
            if ch in text:
                text = text.replace(ch, plain)
        if not text.isascii():
            text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_QUOTES)))
    return text.lower()


# Abbreviations and multi-word names that outlets write in several ways.  Dotted
# abbreviations are one token (``u.s.``) and lose their dots in ``canonical_word``;
# single-word forms are mapped there too; two-word names are joined here.
# Letters and digits of any script ("[^\W_]"); on folded ASCII text exactly
# (?:[a-z]\.){2,}|[a-z0-9]+(?:'[a-z]+)?|%, the grammar reprints/_fast.c tokenises.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:'[^\W\d_]+)?|%")
_ONE_WORD = {
    "%": "percent",
    "pct": "percent",
    "mln": "million",
    "bln": "billion",
    "dlr": "dollars",
    "dlrs": "dollars",
}
_TWO_WORDS = {
    ("united", "states"): "us",
    ("united", "nations"): "un",
    ("united", "kingdom"): "uk",
    ("european", "union"): "eu",
    ("per", "cent"): "percent",
}
_TWO_WORD_STARTS = tuple(f"{a} " for a in {a for a, _ in _TWO_WORDS})
# Honorifics that matching drops wherever they stand ("Mr Lavrov" = "Lavrov");
# ``extract.names`` adds the ones that are honorifics only before a name.
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "mme", "mlle", "messrs"})
_OCR_DIGITS = str.maketrans({"0": "o", "1": "l", "5": "s", "8": "b"})

# Spelling rules, applied in order to one lower-case word (British -> one key), each
# with the substring a word must contain for the rule to apply (a cheap test first).
_SPELLING_RULES = [
    ("mme", re.compile(r"mme$"), "m"),  # programme
    ("ogue", re.compile(r"ogue$"), "og"),  # catalogue, dialogue
    ("re", re.compile(r"([tbvg])re(s?)$"), r"\1er\2"),  # centre, manoeuvre, fibres
    ("ence", re.compile(r"ence$"), "ense"),  # defence, licence
    ("our", re.compile(r"our"), "or"),  # colour, favourable, labour
    ("e", re.compile(r"ae|oe"), "e"),  # paediatric, manoeuvre
    ("s", re.compile(r"s"), "z"),  # -ise/-ize, -yse/-yze, -isation
    ("rn", re.compile(r"rn"), "m"),  # OCR: rn read for m
    ("vv", re.compile(r"vv"), "w"),  # OCR: vv read for w
    ("", re.compile(r"(.)\1+"), r"\1"),  # cancelled, travelling, fulfil(l)
]
_WORD_CACHE: dict[str, str] = {}
_WORD_CACHE_LIMIT = 2_000_000


def canonical_word(word: str) -> str:
    """The matching key of one folded word: ``'programme'`` and ``'program'`` -> ``'program'``."""
    key = _WORD_CACHE.get(word)
    if key is None:
        key = _ONE_WORD.get(word) or word.replace("'", "").replace(".", "")
        if not key.isdigit() and any(c.isdigit() for c in key):
            key = key.translate(_OCR_DIGITS)
        for needle, rx, rep in _SPELLING_RULES:
            if needle in key:
                key = rx.sub(rep, key)
        if len(_WORD_CACHE) >= _WORD_CACHE_LIMIT:
            _WORD_CACHE.clear()
        _WORD_CACHE[word] = key
    return key


def match_form(folded: str) -> list[str]:
    """The words of folded text, two-word names joined (``united states`` -> ``us``).
    Not yet in canonical spelling (``canonical_word`` does that, word by word).

    >>> match_form("the u.s. and the united states, 5% or 5 per cent")
    ['the', 'u.s.', 'and', 'the', 'us', '5', '%', 'or', '5', 'percent']
    """
    if not any(s in folded for s in _TWO_WORD_STARTS):
        return _TOKEN.findall(folded)
    # join a name's two words when one plain space separates them
    words: list[str] = []
    prev_end = -2
    for m in _TOKEN.finditer(folded):
        joined = _TWO_WORDS.get((words[-1], m.group(0))) if words and m.start() == prev_end + 1 else None
        if joined and folded[prev_end] == " ":
            words[-1] = joined
        else:
            words.append(m.group(0))
        prev_end = m.end()
    return words


def canonical_words(text: str, *, drop_honorifics: bool = True) -> list[str]:
    """Words of ``text`` in canonical matching form.

    >>> canonical_words("Mr Lavrov's programme was cancelled by the U.S.")
    ['lavrovz', 'program', 'waz', 'canceled', 'by', 'the', 'uz']
    """
    words = match_form(fold(text))
    if drop_honorifics:
        words = [w for w in words if w not in HONORIFICS]
    return [canonical_word(w) for w in words]


# Letters (and digits) that optical character recognition reads for one another, mapped
# to one of each class: i l 1 I | o 0 a | s 5 | b h 8 | e c | n u | t f | g q | v y.
_OCR_CLASSES = str.maketrans("i10a5h8cnfqy", "llooobbeutgv")
_RUNS = re.compile(r"(.)\1+")
# A word broken across a line end, in folded text: a letter, "-", then a space, a line
# break or both, any whitespace, and a letter ("exam- ple", "exam-\nple"); a compound's
# hyphen has no space after it ("well-known") and stays.  The pattern starts with its
# literal "-", which the regex engine finds fast; ``_joined`` checks the letter before.
_LINE_BREAK_HYPHEN = re.compile(r"-(?: ?\n| )[ \t\n\r\f\v]*(?=[a-z])")


def _joined(m: re.Match[str]) -> str:
    before = m.string[m.start() - 1] if m.start() else ""
    return "" if "a" <= before <= "z" else m.group(0)


def ocr_key(key: str) -> str:
    """A canonical word (``canonical_word``) as optical character recognition may have
    read it: ``cl`` read for ``d``, then each class of confusable characters as one,
    then doubled letters as one.  Numbers stay as they are (``1987`` is no word).

    >>> [ocr_key(canonical_word(w)) for w in ("modem", "rnodern", "clean", "dean", "1987")]
    ['modem', 'modem', 'deou', 'deou', '1987']
    """
    if key.isdigit():
        return key
    return _RUNS.sub(r"\1", key.replace("cl", "d").translate(_OCR_CLASSES))


def repair_damage(text: str) -> str:
    """``text`` without the HTML entities that scraping left as text (``&amp;``,
    ``&#8217;``): what a scraped copy adds to its words.

    >>> repair_damage("AT&amp;T&#8217;s rule")
    'AT&T’s rule'
    """
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def tolerant_words(text: str) -> list[str]:
    """The words of ``text`` as reprint matching reads them: entities decoded, folded,
    broken words joined, canonical and through OCR confusions (``reprints/shingles.py``
    hashes these very keys).

    >>> tolerant_words("The rnodern ferry&#8217;s exam- ple") == tolerant_words("the modern ferry's example")
    True
    """
    return [tolerant_key(w) for w in match_form(join_broken_words(fold(repair_damage(text))))]


def tolerant_key(word: str) -> str:
    """The key reprint matching reads a folded word as: ``canonical_word``, then
    ``ocr_key`` (shingles leave honorifics out besides)."""
    return ocr_key(canonical_word(word))


def join_broken_words(folded: str) -> str:
    """Folded text (``fold``) with the words a page layout hyphenated across a line end
    joined again; ``reprints/_fast.c`` applies the same rule as it folds.

    >>> join_broken_words("a new exam- ple, an-\\nother and a well-known rule")
    'a new example, another and a well-known rule'
    """
    if "- " in folded or "-\n" in folded:
        return _LINE_BREAK_HYPHEN.sub(_joined, folded)
    return folded
