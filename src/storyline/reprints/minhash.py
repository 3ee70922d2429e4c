"""MinHash signatures, computed for many documents at once.

The permutations are rensa's (a Rust MinHash library made for this: it signs a flat
buffer of pre-hashed shingles with row offsets at several hundred thousand documents a
second on one core, where a numpy (shingles x permutations) product manages a few
thousand).  Storyline supplies the shingle hashes (``shingles.py``); the seed and the
number of permutations are explicit.  Signatures are ``uint32`` rows, serialisable with
``tobytes``; an empty set's row is all ``0xFFFFFFFF``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

EMPTY = np.uint32(0xFFFFFFFF)


def signatures(shingle_sets: Sequence[np.ndarray], num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """A ``(len(shingle_sets), num_perm)`` uint32 matrix of MinHash signatures.

    An empty set gets an all-``0xFFFFFFFF`` row (it matches nothing but other empties).
    """
    lengths = np.fromiter(map(len, shingle_sets), dtype=np.int64, count=len(shingle_sets))
    offsets = np.zeros(len(shingle_sets) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.concatenate(shingle_sets) if len(shingle_sets) else np.empty(0, dtype=np.uint64)
    return signatures_flat(flat.astype(np.uint64, copy=False), offsets, num_perm, seed)


def signatures_flat(flat: np.ndarray, offsets: np.ndarray, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """Signatures of the sets ``flat[offsets[i]:offsets[i + 1]]`` (see ``signatures``)."""
    from rensa import RMinHash

    matrix = RMinHash.digest_matrix_from_flat_token_hashes(
        np.ascontiguousarray(flat, dtype=np.uint64), np.ascontiguousarray(offsets, dtype=np.uint64), num_perm, seed
    )
    out = np.array(matrix.to_rows(), dtype=np.uint32)
    return out.reshape(len(offsets) - 1, num_perm)


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """The fraction of equal signature positions: an estimate of Jaccard similarity."""
    return float(np.mean(sig_a == sig_b))
