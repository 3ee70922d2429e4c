"""Connected components of verified reprint pairs, labelled by their smallest member.

Min-label propagation with pointer jumping, vectorised: every round hooks the root of
each pair's larger label under the smaller one, then compresses every path to its root.
A component ends labelled by its smallest row, whatever the order of the pairs, which is
what makes the label the same on one core, in a process pool and on Spark (whose runner
propagates the same minimum over a shuffle instead of an array).  Rounds grow with the
logarithm of a component's diameter; a pile of reprints is mostly stars and short chains.

Written here rather than taken from scipy.sparse.csgraph because the labelling rule is
Storyline's (smallest member, so ids are stable across engines) and because importing
csgraph (which pulls scipy.linalg) cost `storyline dedup` a quarter of a second.
"""

from __future__ import annotations

import numpy as np


def min_labels(n: int, pairs: np.ndarray) -> np.ndarray:
    """For ``n`` rows joined by ``pairs`` (an ``(m, 2)`` integer array), each row's label:
    the smallest row of its component.

    >>> min_labels(6, np.array([[4, 1], [1, 3], [5, 2]])).tolist()
    [0, 1, 2, 1, 1, 2]
    """
    labels = np.arange(n, dtype=np.int64)
    if not len(pairs):
        return labels
    a = np.asarray(pairs[:, 0], dtype=np.int64)
    b = np.asarray(pairs[:, 1], dtype=np.int64)
    if a.min() < 0 or b.min() < 0 or a.max() >= n or b.max() >= n:
        raise ValueError(f"pair rows out of range for {n} rows")
    while True:
        la, lb = labels[a], labels[b]
        differ = la != lb
        if not differ.any():
            return labels
        la, lb = la[differ], lb[differ]
        # hook: each root takes the smallest root it is paired with (roots only fall)
        np.minimum.at(labels, np.maximum(la, lb), np.minimum(la, lb))
        # jump: every row points at its root
        while True:
            up = labels[labels]
            if np.array_equal(up, labels):
                break
            labels = up


def compact(labels: np.ndarray) -> np.ndarray:
    """Labels renumbered 0..k-1 in order of each component's smallest row.

    >>> compact(np.array([0, 1, 1, 0, 4])).tolist()
    [0, 1, 1, 0, 2]
    """
    return np.unique(labels, return_inverse=True)[1].astype(np.int64)
