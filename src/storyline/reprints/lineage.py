"""Lineage: what each copy of a reprint group cut, added and edited.

Paragraphs of a copy are aligned to the representative's by containment of word
bigrams read as reprint matching reads words (``text.normalize.tolerant_words``: robust
to respelling, to a quote split differently and to scanning damage); aligned pairs that
differ get a word-level diff from ``difflib`` and a kind: *respelled* (the same words in
canonical form), *damaged* (every change is what a scanner or a scraper does to a text:
a letter misread, dropped or doubled, words run together or split, entities left as
text, specks), or *rewritten*.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from ..text.normalize import canonical_words, repair_damage, tolerant_words

# Two paragraphs are the same passage when this share of the shorter one's word
# bigrams occur in the other (a respelled or lightly edited paragraph keeps > 0.7).
ALIGN_MIN_CONTAINMENT = 0.5


@dataclass(slots=True)
class ParagraphEdit:
    """A passage both copies have, written differently."""

    original: str
    copy: str
    kind: str  # "respelled" (same canonical words), "damaged" (scanning or scraping noise), "rewritten"
    diff: list[dict[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class CopyLineage:
    """How one copy differs from the group's representative."""

    article: str
    representative: str
    lacks: list[str] = field(default_factory=list)
    adds: list[str] = field(default_factory=list)
    edited: list[ParagraphEdit] = field(default_factory=list)
    same: int = 0

    def to_dict(self) -> dict[str, Any]:
        """As data (new lists: the record may be shared, as ``api`` keeps recent lineages)."""
        return {
            "article": self.article,
            "representative": self.representative,
            "lacks": list(self.lacks),
            "adds": list(self.adds),
            "edited": [
                {"original": e.original, "copy": e.copy, "kind": e.kind, "diff": [dict(d) for d in e.diff]}
                for e in self.edited
            ],
            "same": self.same,
        }


def paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs of a cleaned text."""
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = tolerant_words(text)
    if len(words) < 2:
        return {(w, "") for w in words}
    return set(zip(words, words[1:], strict=False))


def word_diff(a: str, b: str) -> list[dict[str, str]]:
    """Word-level diff of two passages: ``[{"op", "a", "b"}]`` with op equal/delete/insert/replace."""
    wa, wb = a.split(), b.split()
    ops = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes()
    return [{"op": op, "a": " ".join(wa[i1:i2]), "b": " ".join(wb[j1:j2])} for op, i1, i2, j1, j2 in ops]


# A changed span is a scanner's misreading when its letters are this close to what it
# replaces (difflib's ratio; "harbour"/"harhour" 0.86, "attempt"/"try" 0.4) and the copy's
# side holds a string that is no word of the language.
DAMAGE_MIN_SIMILARITY = 0.7
# Words rarer than this (Zipf scale: a word in a billion is 0) are no words.
NON_WORD_MAX_ZIPF = 1.0
_NOT_ALNUM = re.compile(r"[\W_]+")


def _letters(text: str) -> str:
    return _NOT_ALNUM.sub("", text.lower())


def _is_damage(op: dict[str, str]) -> bool:
    """Whether one change of a word diff is scanning or scraping damage."""
    a, b = _letters(op["a"]), _letters(op["b"])
    if not a or not b:  # a speck or a single letter put in or lost
        return len(a or b) <= 1
    if difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio() < DAMAGE_MIN_SIMILARITY:
        return False
    from wordfreq import zipf_frequency

    return any(zipf_frequency(w, "en") < NON_WORD_MAX_ZIPF for w in _NOT_ALNUM.split(op["b"].lower()) if w)


def edit_kind(original: str, copy: str, diff: list[dict[str, str]] | None = None) -> str:
    """How a copy's paragraph differs from the original's: "respelled", "damaged" or
    "rewritten" (see the module doc); ``diff``: their ``word_diff`` when already made.

    >>> edit_kind("The harbour closed.", "The harbor closed."), edit_kind("The harbour closed.", "Tbe harhour c1osed.")
    ('respelled', 'damaged')
    >>> edit_kind("The harbour closed on Monday.", "The harbour shut on Monday.")
    'rewritten'
    """
    repaired = repair_damage(original), repair_damage(copy)
    if diff is None or repaired != (original, copy):  # judged on the text without entity residue
        diff = word_diff(*repaired)
    changes = [op for op in diff if op["op"] != "equal"]
    damage = bool(changes) and all(map(_is_damage, changes))
    if canonical_words(original) == canonical_words(copy):
        return "damaged" if damage else "respelled"
    return "damaged" if damage or tolerant_words(original) == tolerant_words(copy) else "rewritten"


def compare_copies(representative: tuple[str, str], copy: tuple[str, str]) -> CopyLineage:
    """Compare ``copy`` (id, text) with ``representative`` (id, text).

    >>> lin = compare_copies(("r", "A storm hit the coast.\\n\\nThe colour of the sky changed."),
    ...                      ("c", "The color of the sky changed.\\n\\nA new local paragraph here."))
    >>> lin.lacks, lin.adds, [e.kind for e in lin.edited]
    (['A storm hit the coast.'], ['A new local paragraph here.'], ['respelled'])
    """
    rep_paras, copy_paras = paragraphs(representative[1]), paragraphs(copy[1])
    rep_grams = [_bigrams(p) for p in rep_paras]
    lineage = CopyLineage(copy[0], representative[0])
    covered: set[int] = set()
    for para in copy_paras:
        grams = _bigrams(para)
        best, best_score = -1, 0.0
        for i, rg in enumerate(rep_grams):
            if not grams or not rg:
                continue
            score = len(grams & rg) / min(len(grams), len(rg))
            if score > best_score:
                best, best_score = i, score
        if best < 0 or best_score < ALIGN_MIN_CONTAINMENT:
            lineage.adds.append(para)
            continue
        covered.add(best)
        original = rep_paras[best]
        if original == para:
            lineage.same += 1
        else:
            diff = word_diff(original, para)
            lineage.edited.append(ParagraphEdit(original, para, edit_kind(original, para, diff), diff))
    lineage.lacks = [p for i, p in enumerate(rep_paras) if i not in covered]
    return lineage


def group_lineage(representative: tuple[str, str], copies: list[tuple[str, str]]) -> list[CopyLineage]:
    """Lineage of every copy against the representative (the representative excluded)."""
    return [compare_copies(representative, c) for c in copies if c[0] != representative[0]]


@dataclass(slots=True, frozen=True)
class CopyFacts:
    """What ``likely_original`` weighs about one copy."""

    article: str
    wire: str | None
    paragraphs: int
    date: str | None


def likely_original(copies: list[CopyFacts]) -> tuple[str, list[str]]:
    """The copy most likely to be the original, and why.

    A copy whose dateline names a wire agency comes first (it kept the wire's own
    dateline); then the most complete text (most paragraphs); then the earliest date;
    then the smallest id, so the answer is stable.

    >>> likely_original([CopyFacts("a", None, 9, "2024-01-02"), CopyFacts("b", "AP", 7, "2024-01-02")])
    ('b', ['its dateline names the wire agency AP', 'the earliest date (2024-01-02)'])
    """
    best = min(copies, key=lambda c: (c.wire is None, -c.paragraphs, c.date or "9999", c.article))
    reasons = []
    if best.wire:
        reasons.append(f"its dateline names the wire agency {best.wire}")
    if best.paragraphs == max(c.paragraphs for c in copies):
        reasons.append(f"the most complete text ({best.paragraphs} paragraphs)")
    dated = [c.date for c in copies if c.date]
    if best.date and best.date == min(dated):
        reasons.append(f"the earliest date ({best.date})")
    return best.article, reasons
