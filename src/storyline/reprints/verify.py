"""Verification of candidate pairs: exact shingle overlap, read in both directions.

A copy trimmed to a quarter of the original has a Jaccard similarity near 0.25 but
is almost wholly *contained* in the original, so the decision rests on containment of
the shorter copy in the longer one, with a floor on the number of shared shingles so
that one shared sentence never makes a reprint.  Follow-up stories that reuse a
background paragraph or two stay well below the containment bar.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(slots=True, frozen=True)
class PairEvidence:
    """The measured overlap of two texts' shingle sets."""

    shared: int
    size_a: int
    size_b: int

    @property
    def containment_a(self) -> float:
        """Share of A's shingles found in B."""
        return self.shared / self.size_a if self.size_a else 0.0

    @property
    def containment_b(self) -> float:
        """Share of B's shingles found in A."""
        return self.shared / self.size_b if self.size_b else 0.0

    @property
    def containment(self) -> float:
        """Containment of the shorter copy in the longer one."""
        return max(self.containment_a, self.containment_b)

    @property
    def jaccard(self) -> float:
        union = self.size_a + self.size_b - self.shared
        return self.shared / union if union else 0.0

    def as_reasons(self) -> dict[str, float | int]:
        return {
            "shared_shingles": self.shared,
            "containment_a": round(self.containment_a, 4),
            "containment_b": round(self.containment_b, 4),
            "jaccard": round(self.jaccard, 4),
        }


# A text too short to share min_shared shingles must share this share of its own.
SMALL_TEXT_SHARE = 0.8


def measure(a: np.ndarray, b: np.ndarray) -> PairEvidence:
    """Exact overlap of two sorted unique shingle arrays."""
    shared = int(np.intersect1d(a, b, assume_unique=True).size)
    return PairEvidence(shared, int(a.size), int(b.size))


def reprint_mask(
    shared: np.ndarray, size_a: np.ndarray, size_b: np.ndarray, *, min_containment: float = 0.5, min_shared: int = 12
) -> np.ndarray:
    """``is_reprint`` over arrays of pairs at once (same rule, vectorised).

    >>> reprint_mask(np.array([90, 25]), np.array([100, 100]), np.array([400, 400])).tolist()
    [True, False]
    """
    smaller = np.minimum(size_a, size_b)
    needed = np.minimum(min_shared, np.maximum(1, (SMALL_TEXT_SHARE * smaller).astype(np.int64)))
    containment = np.divide(shared, smaller, out=np.zeros(len(shared)), where=smaller > 0)
    return (shared >= needed) & (containment >= min_containment)


def shared_counts(flat: np.ndarray, offsets: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """For each ``(i, j)`` in ``pairs``, how many elements sets ``i`` and ``j`` share.

    Sets are the sorted runs ``flat[offsets[i]:offsets[i + 1]]`` of a uint32 array; the
    merge runs in C when the extension is built.
    """
    try:
        from . import _fast
    except ImportError:  # pragma: no cover - without a compiler
        _fast = None
    pairs = np.ascontiguousarray(pairs, dtype=np.int64).reshape(-1, 2)
    if _fast is not None and flat.dtype == np.uint32:
        raw = _fast.shared_counts(
            np.ascontiguousarray(flat), np.ascontiguousarray(offsets, np.int64), np.ascontiguousarray(pairs, np.int64)
        )
        return np.frombuffer(raw, dtype=np.int64)
    return np.array(
        [
            np.intersect1d(
                flat[offsets[i] : offsets[i + 1]], flat[offsets[j] : offsets[j + 1]], assume_unique=True
            ).size
            for i, j in pairs.tolist()
        ],
        dtype=np.int64,
    )


def is_reprint(ev: PairEvidence, *, min_containment: float = 0.5, min_shared: int = 12) -> bool:
    """The reprint decision on measured evidence.

    >>> is_reprint(PairEvidence(shared=90, size_a=100, size_b=400))
    True
    >>> is_reprint(PairEvidence(shared=25, size_a=100, size_b=400))
    False
    """
    mask = reprint_mask(
        np.array([ev.shared]),
        np.array([ev.size_a]),
        np.array([ev.size_b]),
        min_containment=min_containment,
        min_shared=min_shared,
    )
    return bool(mask[0])
