"""Locality-sensitive hashing over MinHash signatures: bands, buckets, candidate pairs.

``optimal_bands`` chooses (bands, rows) for a Jaccard threshold by minimising the
weighted false-positive and false-negative areas under the banding S-curve (the method
of Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3, as datasketch
implements it).  ``candidate_pairs`` hashes each band of every signature to a 64-bit key,
sorts the keys and reads the runs of equal keys as buckets: O(n log n) per band, no
dictionaries, no all-pairs step.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .minhash import EMPTY

try:
    from . import _fast
except ImportError:  # pragma: no cover - exercised where no compiler was available
    _fast = None

# Integration steps for the false positive / negative areas.
_STEPS = 200


def collision_probability(s: float, bands: int, rows: int) -> float:
    """P(two documents of Jaccard ``s`` share at least one band)."""
    return 1.0 - (1.0 - s**rows) ** bands


@lru_cache(maxsize=64)
def optimal_bands(threshold: float, num_perm: int, fp_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows) with ``bands * rows <= num_perm`` that best separates at ``threshold``.

    >>> optimal_bands(0.15, 128)
    (51, 2)
    """
    xs = np.linspace(0, 1, _STEPS + 1)
    best, best_cost = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        rows = num_perm // bands
        p = 1.0 - (1.0 - xs**rows) ** bands
        below, above = xs <= threshold, xs >= threshold
        fp = np.trapezoid(p[below], xs[below])
        fn = np.trapezoid(1 - p[above], xs[above])
        cost = fp_weight * fp + (1 - fp_weight) * fn
        if cost < best_cost:
            best, best_cost = (bands, rows), cost
    return best


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """A ``(n, bands)`` uint64 matrix: one hash key per band of each signature."""
    n = sigs.shape[0]
    keys = np.zeros((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            col = sigs[:, r : bands * rows : rows].astype(np.uint64)
            keys = keys * np.uint64(0x100000001B3) + col + np.uint64(r + 1)
        keys ^= keys >> np.uint64(29)
        keys *= np.uint64(0xBF58476D1CE4E5B9)
    return keys


def _bucket_pairs(order: np.ndarray, starts: np.ndarray, ends: np.ndarray, max_bucket: int) -> np.ndarray:
    """All pairs inside small buckets, a star (first member with each other) in big ones.

    Buckets of two, by far the most common, are handled in one vectorised step.
    """
    sizes = ends - starts
    out = []
    for size in np.unique(sizes).tolist():
        picked = starts[sizes == size]
        members = np.sort(order[picked[:, None] + np.arange(size)[None, :]], axis=1)  # (buckets, size)
        if size <= max_bucket:
            i, j = np.triu_indices(size, k=1)
            out.append(np.stack([members[:, i].ravel(), members[:, j].ravel()], axis=1))
        else:
            first = np.repeat(members[:, :1], size - 1, axis=1)
            out.append(np.stack([first.ravel(), members[:, 1:].ravel()], axis=1))
    return np.concatenate(out)


def candidate_pairs(
    sigs: np.ndarray, bands: int, rows: int, *, max_bucket: int = 64, only: np.ndarray | None = None
) -> np.ndarray:
    """Unique ``(i, j)`` row pairs, ``i < j``, that share a band bucket, in order.

    ``only`` (a boolean mask) keeps pairs with at least one flagged row: the new
    documents of an incremental run.  Runs in C when the extension is built (radix
    sorts, no temporary arrays per bucket size), else in numpy (same pairs).
    """
    if _fast is None or sigs.shape[0] >= 2**32:
        pairs = candidate_pairs_numpy(sigs, bands, rows, max_bucket=max_bucket)
    else:
        sigs = np.ascontiguousarray(sigs, dtype=np.uint32)
        raw = _fast.candidate_pairs(sigs, sigs.shape[1], bands, rows, max_bucket)
        pairs = np.frombuffer(raw, dtype=np.int64).reshape(-1, 2)
    if only is not None:
        pairs = pairs[only[pairs[:, 0]] | only[pairs[:, 1]]]
    return pairs


def candidate_pairs_numpy(sigs: np.ndarray, bands: int, rows: int, *, max_bucket: int = 64) -> np.ndarray:
    """``candidate_pairs`` in numpy: sort each band's keys, read runs as buckets."""
    keys = band_keys(sigs, bands, rows)
    empty = np.all(sigs == EMPTY, axis=1)
    found = []
    for band in range(bands):
        col = np.ascontiguousarray(keys[:, band])
        order = np.argsort(col)
        order = order[~empty[order]]
        sorted_keys = col[order]
        if len(sorted_keys) < 2:
            continue
        edges = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
        starts = np.concatenate(([0], edges))
        ends = np.concatenate((edges, [len(sorted_keys)]))
        multi = ends - starts > 1
        if multi.any():
            found.append(_bucket_pairs(order, starts[multi], ends[multi], max_bucket))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    both = np.concatenate(found).astype(np.int64)
    codes = np.unique(both[:, 0] * np.int64(sigs.shape[0]) + both[:, 1])  # one int per pair: a 1-D unique
    return np.stack([codes // sigs.shape[0], codes % sigs.shape[0]], axis=1)
