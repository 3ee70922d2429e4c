"""MinHash signatures, computed for many documents at once with numpy.

Permutation ``i`` maps a 64-bit shingle hash x to ``(a_i * x + b_i) mod 2**64 >> 32``
(multiply-shift hashing, Dietzfelbinger et al. 1997), with odd ``a_i`` drawn from a
seeded generator; the signature is the column-wise minimum.  A batch of documents is
processed as one concatenated shingle array with ``np.minimum.reduceat``, so the work is
a handful of large vectorised operations per batch.  Signatures are ``uint32`` rows and
serialise to bytes with ``tobytes``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Rows of the (shingles x permutations) product computed at once: bounds memory to
# about 64 MB per chunk at 128 permutations.
_CHUNK_SHINGLES = 1 << 16
EMPTY = np.uint32(0xFFFFFFFF)


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) parameters of ``num_perm`` hash permutations for ``seed``."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 1 << 63, size=num_perm, dtype=np.uint64)
    return a, b


def signatures(shingle_sets: Sequence[np.ndarray], num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """A ``(len(shingle_sets), num_perm)`` uint32 matrix of MinHash signatures.

    An empty set gets an all-``0xFFFFFFFF`` row (it matches nothing but other empties).
    """
    a, b = permutations(num_perm, seed)
    out = np.full((len(shingle_sets), num_perm), EMPTY, dtype=np.uint32)
    lengths = np.array([len(s) for s in shingle_sets], dtype=np.int64)
    nonempty = np.flatnonzero(lengths)
    start = 0
    while start < len(nonempty):
        stop, total = start, 0
        while stop < len(nonempty) and (total == 0 or total + lengths[nonempty[stop]] <= _CHUNK_SHINGLES):
            total += lengths[nonempty[stop]]
            stop += 1
        docs = nonempty[start:stop]
        flat = np.concatenate([shingle_sets[d] for d in docs])
        with np.errstate(over="ignore"):
            hashed = ((flat[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)).astype(np.uint32)
        offsets = np.concatenate(([0], np.cumsum(lengths[docs])[:-1]))
        out[docs] = np.minimum.reduceat(hashed, offsets, axis=0)
        start = stop
    return out


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """The fraction of equal signature positions: an estimate of Jaccard similarity."""
    return float(np.mean(sig_a == sig_b))
