"""Word shingles as sorted arrays of 64-bit hashes, computed a batch of texts at a time.

A text is first repaired (``text.normalize``: HTML entities decoded, then folded and
words broken across line ends joined); each word is put in canonical form and read through OCR
confusions (``canonical_word``, ``ocr_key``: a scanned copy's "rnodern" is "modern")
and hashed with xxhash
*once per distinct word* (a dictionary maps the folded word straight to its hash), so a
text costs one regex pass and one C-level dictionary lookup per word.  The k-gram
hashes of a whole batch are then combined, de-duplicated per text and sorted with a
handful of numpy operations on one concatenated array: no per-shingle Python loop, and
no per-text numpy call.  ``shingle_text`` is the one-text form of the same function.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import xxhash

from ..text.normalize import (
    HONORIFICS,
    fold,
    join_broken_words,
    match_form,
    repair_damage,
    tolerant_key,
)
from .minhash import signatures_flat, splitmix64

try:  # the C hot path (reprints/_fast.c), built at install when a compiler is present
    from . import _fast
except ImportError:  # pragma: no cover - exercised where no compiler was available
    _fast = None

# Folded word -> hash of its canonical key (0: a word that is dropped, an honorific).
_WORD_HASHES: dict[str, int] = {}
_WORD_CACHE_LIMIT = 4_000_000
# Odd multipliers for combining the k token hashes of a shingle (golden-ratio derived).
_MULTIPLIERS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)


def _word_hash(word: str) -> int:
    h = 0 if word in HONORIFICS else xxhash.xxh64_intdigest(tolerant_key(word).encode("utf-8")) or 1
    if len(_WORD_HASHES) >= _WORD_CACHE_LIMIT:
        _WORD_HASHES.clear()
    _WORD_HASHES[word] = h
    return h


def word_hashes(text: str) -> list[int]:
    """Hashes of the canonical words of ``text`` (0 for dropped words)."""
    return _hashes(repair_damage(text))


def _hashes(repaired: str) -> list[int]:
    words = match_form(join_broken_words(fold(repaired)))
    hashes = list(map(_WORD_HASHES.get, words))
    if None in hashes:
        hashes = [h if h is not None else _word_hash(w) for h, w in zip(hashes, words, strict=True)]
    return hashes


def _combine(tokens: np.ndarray, k: int) -> np.ndarray:
    """Hashes of every k-token window of ``tokens`` (length - k + 1 of them)."""
    n = len(tokens) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc += tokens[j : n + j] * _MULTIPLIERS[j]
        return splitmix64(acc)


def _fast_tokens(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Canonical word hashes (dropped words left out) and per-text counts, in C."""
    texts = [repair_damage(t) for t in texts]
    raw, counts, missing, where, which, fallback = _fast.token_hashes(texts)
    tokens, lengths = np.frombuffer(raw, dtype=np.uint64), np.frombuffer(counts, dtype=np.int64)
    if missing:  # words the C table has not seen yet: each listed once
        values = [_word_hash(w) for w in missing]
        _fast.register(missing, values)
        positions = np.frombuffer(where, dtype=np.int64)
        tokens = tokens.copy()
        tokens[positions] = np.array(values, dtype=np.uint64)[np.frombuffer(which, dtype=np.int64)]
        dropped = positions[tokens[positions] == 0]
        if len(dropped):  # unknown words that turned out to be dropped ones (honorifics)
            doc = np.searchsorted(np.cumsum(lengths), dropped, side="right")
            lengths = lengths - np.bincount(doc, minlength=len(lengths))
            tokens = np.delete(tokens, dropped)
    slow = np.frombuffer(fallback, dtype=np.int64)
    if not len(slow):
        return tokens, lengths
    # texts with characters only NFKD can fold take the regex path
    bounds = np.concatenate(([0], np.cumsum(lengths)))
    per_text = [tokens[bounds[i] : bounds[i + 1]] for i in range(len(texts))]
    for i in slow.tolist():
        h = np.array(_hashes(texts[i]), dtype=np.uint64)
        per_text[i] = h[h != 0]
    return np.concatenate(per_text), np.fromiter(map(len, per_text), dtype=np.int64, count=len(per_text))


def batch_shingles(texts: Sequence[str], k: int = 4, stops: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Shingle sets of many texts as one flat array and offsets.

    Returns ``(flat, offsets)``: the sorted unique shingle hashes of text ``i`` are
    ``flat[offsets[i]:offsets[i + 1]]``.  A text shorter than ``k`` words gives one
    shingle of all its words; an empty text gives none.  ``stops`` (sorted uint64)
    are left out.  Runs in C when the ``storyline._fast`` extension is built, else in
    numpy (same result).
    """
    if k > len(_MULTIPLIERS):
        raise ValueError(f"shingle size {k} > {len(_MULTIPLIERS)}")
    if _fast is not None:
        tokens, lengths = _fast_tokens(list(texts))
        extra = () if stops is None or not len(stops) else (np.ascontiguousarray(stops, np.uint64),)
        flat, offsets = _fast.shingles(np.ascontiguousarray(tokens), np.ascontiguousarray(lengths), k, *extra)
        return np.frombuffer(flat, dtype=np.uint64), np.frombuffer(offsets, dtype=np.int64)
    flat, offsets = batch_shingles_numpy(texts, k)
    if stops is None or not len(stops):
        return flat, offsets
    keep = ~np.isin(flat, stops)
    docs = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    new = np.zeros_like(offsets)
    np.cumsum(np.bincount(docs[keep], minlength=len(offsets) - 1), out=new[1:])
    return flat[keep], new


def sample_sets(flat: np.ndarray, offsets: np.ndarray, sample: int) -> tuple[np.ndarray, np.ndarray]:
    """Each set's shingles whose high 32 bits are 0 modulo ``sample`` (a power of two),
    as those high 32 bits: a hash-chosen ``1/sample`` of every set, the same shingles in
    every text, so containment measured on them estimates containment without bias.
    Sorted sets stay sorted."""
    high = (flat >> np.uint64(32)).astype(np.uint32)
    if sample <= 1:
        return high, offsets
    keep = (high & np.uint32(sample - 1)) == 0
    docs = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    new = np.zeros_like(offsets)
    np.cumsum(np.bincount(docs[keep], minlength=len(offsets) - 1), out=new[1:])
    return high[keep], new


def sketch_batch(
    texts: Sequence[str], k: int, num_perm: int, seed: int, sample: int, stops: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What corpus-scale dedup keeps of each text, in one pass: ``(sigs, sets, offsets)``.

    ``sigs`` are the MinHash signatures of the shingle sets without ``stops``; ``sets``
    (uint32) and ``offsets`` are ``sample_sets`` of those sets.  The C path never sorts a
    whole set (signatures need no order); the numpy path composes ``batch_shingles``,
    ``minhash.signatures_flat`` and ``sample_sets`` and gives the same arrays.
    """
    if sample < 1 or sample & (sample - 1):
        raise ValueError(f"sample must be a power of two, not {sample}")
    if _fast is None:
        flat, offsets = batch_shingles(texts, k, stops)
        sets, set_offsets = sample_sets(flat, offsets, sample)
        return signatures_flat(flat, offsets, num_perm, seed), sets, set_offsets
    tokens, lengths = _fast_tokens(list(texts))
    extra = () if stops is None or not len(stops) else (np.ascontiguousarray(stops, np.uint64),)
    sigs, sets, offsets = _fast.sketch(
        np.ascontiguousarray(tokens), np.ascontiguousarray(lengths), k, num_perm, seed, sample, *extra
    )
    return (
        np.frombuffer(sigs, dtype=np.uint32).reshape(len(texts), num_perm),
        np.frombuffer(sets, dtype=np.uint32),
        np.frombuffer(offsets, dtype=np.int64),
    )


def batch_shingles_numpy(texts: Sequence[str], k: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """The numpy path of ``batch_shingles`` (used without the C extension)."""
    lists = [word_hashes(t) for t in texts]
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    tokens = np.fromiter(itertools.chain.from_iterable(lists), dtype=np.uint64, count=int(lengths.sum()))
    doc = np.repeat(np.arange(len(lists), dtype=np.int64), lengths)
    kept = tokens != 0
    tokens, doc = tokens[kept], doc[kept]
    lengths = np.bincount(doc, minlength=len(lists))
    parts_hash, parts_doc = [], []
    if len(tokens) >= k:
        windows = _combine(tokens, k)
        same = doc[: len(windows)] == doc[k - 1 :]
        parts_hash.append(windows[same])
        parts_doc.append(doc[: len(windows)][same])
    short = np.flatnonzero((lengths > 0) & (lengths < k))
    if len(short):
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        parts_hash.append(
            np.concatenate([_combine(tokens[starts[d] : starts[d] + lengths[d]], lengths[d]) for d in short])
        )
        parts_doc.append(short)
    if not parts_hash:
        return np.empty(0, dtype=np.uint64), np.zeros(len(lists) + 1, dtype=np.int64)
    hashes, docs = np.concatenate(parts_hash), np.concatenate(parts_doc)
    if len(short):  # short texts' shingles came last: put every text's shingles together
        order = np.argsort(docs, kind="stable")
        hashes, docs = hashes[order], docs[order]
    bounds = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(np.bincount(docs, minlength=len(lists)), out=bounds[1:])
    # sort and de-duplicate each text's run (small sorts beat one lexsort of everything)
    parts = [np.unique(hashes[bounds[i] : bounds[i + 1]]) for i in range(len(lists))]
    offsets = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)), out=offsets[1:])
    return np.concatenate(parts), offsets


def split(flat: np.ndarray, offsets: np.ndarray) -> list[np.ndarray]:
    """Per-text views of a flat shingle array."""
    return [flat[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1)]


def shingle_text(text: str, k: int = 4) -> np.ndarray:
    """Sorted unique shingle hashes of a text.

    >>> a = shingle_text("The programme was cancelled on Friday, officials said.")
    >>> b = shingle_text("the program was canceled on Friday - officials said")
    >>> bool((a == b).all())
    True
    """
    flat, _ = batch_shingles([text], k)
    return flat
