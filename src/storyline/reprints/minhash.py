"""MinHash signatures, computed for many documents at once.

One-permutation hashing with optimal densification (Shrivastava, "Optimal Densification
for Fast and Accurate Minwise Hashing", ICML 2017): each shingle is hashed once; the
hash picks one of ``num_perm`` bins and its low 32 bits compete for that bin's minimum.
A bin no shingle fell into takes the value of the first filled bin on its own fixed
probe sequence, so two texts agree on a bin with probability equal to their Jaccard
similarity, as with ``num_perm`` independent permutations, at one hash per shingle
instead of ``num_perm``.  (rensa computes classic signatures nearly as fast, but hands
them back as Python lists, which costs three times the computation.)

The C extension computes them (``_fast.signatures``); ``signatures_flat_numpy`` is the
same computation in numpy, used without the extension and checked against it.
Signatures are ``uint32`` rows; an empty set's row is all ``0xFFFFFFFF``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

try:
    from . import _fast
except ImportError:  # pragma: no cover - exercised where no compiler was available
    _fast = None

EMPTY = np.uint32(0xFFFFFFFF)
_SEED_MULT = np.uint64(0x9E3779B97F4A7C15)
_PROBE_MULT = np.uint64(0xD6E8FEB86659FD93)


def splitmix64(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser (``mix`` in ``_fast.c``): spreads the bits of hashes."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def signatures(shingle_sets: Sequence[np.ndarray], num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """A ``(len(shingle_sets), num_perm)`` uint32 matrix of MinHash signatures.

    An empty set gets an all-``0xFFFFFFFF`` row (it matches nothing but other empties).

    >>> a = np.arange(1, 400, dtype=np.uint64); b = np.arange(200, 600, dtype=np.uint64)  # Jaccard 200/599
    >>> s = signatures([a, b, a[:0]])
    >>> abs(estimate_jaccard(s[0], s[1]) - 200 / 599) < 0.1, bool((s[2] == EMPTY).all())
    (True, True)
    """
    lengths = np.fromiter(map(len, shingle_sets), dtype=np.int64, count=len(shingle_sets))
    offsets = np.zeros(len(shingle_sets) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.concatenate(shingle_sets) if len(shingle_sets) else np.empty(0, dtype=np.uint64)
    return signatures_flat(flat.astype(np.uint64, copy=False), offsets, num_perm, seed)


def signatures_flat(flat: np.ndarray, offsets: np.ndarray, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """Signatures of the sets ``flat[offsets[i]:offsets[i + 1]]`` (see ``signatures``)."""
    if _fast is None:
        return signatures_flat_numpy(flat, offsets, num_perm, seed)
    raw = _fast.signatures(
        np.ascontiguousarray(flat, dtype=np.uint64),
        np.ascontiguousarray(offsets, dtype=np.int64),
        num_perm,
        seed,
    )
    return np.frombuffer(raw, dtype=np.uint32).reshape(len(offsets) - 1, num_perm)


def _bin(h: np.ndarray, num_perm: int) -> np.ndarray:
    return (((h >> np.uint64(32)) * np.uint64(num_perm)) >> np.uint64(32)).astype(np.int64)


def signatures_flat_numpy(flat: np.ndarray, offsets: np.ndarray, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """``signatures_flat`` in numpy: the same values as the C path."""
    n = len(offsets) - 1
    sig = np.full(n * num_perm, EMPTY, dtype=np.uint32)
    with np.errstate(over="ignore"):
        h = splitmix64(np.asarray(flat, dtype=np.uint64) + np.uint64(seed) * _SEED_MULT)
    values = np.minimum((h & np.uint64(0xFFFFFFFF)).astype(np.uint32), EMPTY - np.uint32(1))
    slots = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets)) * num_perm + _bin(h, num_perm)
    order = np.lexsort((values, slots))  # per slot, its smallest value first
    first = np.ones(len(order), dtype=bool)
    first[1:] = slots[order][1:] != slots[order][:-1]
    sig[slots[order][first]] = values[order][first]
    sig = sig.reshape(n, num_perm)
    # densify: an empty bin of a non-empty set copies the first filled bin on its probe sequence
    filled = sig != EMPTY
    orig = sig.copy()
    rows, bins = np.nonzero(~filled & filled.any(axis=1, keepdims=True))
    with np.errstate(over="ignore"):
        probe_base = np.uint64(seed) * _PROBE_MULT
    t = 1
    while len(rows):
        with np.errstate(over="ignore"):
            j = _bin(splitmix64(probe_base ^ (bins.astype(np.uint64) << np.uint64(32)) ^ np.uint64(t)), num_perm)
        hit = filled[rows, j]
        sig[rows[hit], bins[hit]] = orig[rows[hit], j[hit]]
        rows, bins, t = rows[~hit], bins[~hit], t + 1
    return sig


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """The fraction of equal signature positions: an estimate of Jaccard similarity."""
    return float(np.mean(sig_a == sig_b))
