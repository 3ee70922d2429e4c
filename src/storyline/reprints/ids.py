"""The rules that name a reprint group and choose its representative, and the rule that
turns an LSH bucket into candidate pairs: written once, for every engine.

``ingest`` (``grouping.py``), ``dedup`` (``dedup.py``), the signature index and the
Spark engine (``spark/dedup.py``) all apply these, so the same articles grouped the
same way get the same group ids and representatives whichever command or engine ran
(the C extension mirrors ``bucket_pairs``; ``tests/test_fast.py`` checks they agree).

- **Group id**: a hash of the group's smallest member id.  It depends on who is in the
  group, not on which copy represents it nor on input order, so a better
  representative rule never renames groups, and a folder read in another order gets the
  same ids.  (A store or a signature index keeps the ids of groups it already holds; this
  names new groups.)
- **Representative**: the most complete copy, the one with the most shingles of the text
  the engine compares, then the earliest dated (the likelier original, when the engine
  knows dates: ``ingest`` does, ``dedup`` reads no dates), then the smallest id (never
  input order: the same articles in another order get the same representative).
- **Bucket pairs**: every pair of a bucket of up to ``max_bucket`` members, a star from
  its smallest row beyond (a big bucket is one shared boilerplate, not hundreds of copies
  of each other; the star keeps them connected at linear cost).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence

import numpy as np


def group_id(smallest_member: str) -> str:
    """A group's id from its smallest member id (see the module doc).

    >>> group_id("000_5121eb60957fa2fd.txt")
    'g5a9487f6469'
    """
    return "g" + hashlib.sha1(smallest_member.encode("utf-8")).hexdigest()[:11]


def id_ranks(ids: Sequence[str]) -> np.ndarray:
    """Each id's rank in sorted order (``ranks[i] < ranks[j]`` iff ``ids[i] < ids[j]``)."""
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    return ranks


def representatives(
    labels: np.ndarray, sizes: np.ndarray, ids: Sequence[str], dates: Sequence[str | None] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per group label ``0..labels.max()``: the row of its representative (most shingles,
    then earliest of ``dates``, an unknown one last, then smallest id) and the row of its
    smallest id (whose ``group_id`` names it).

    >>> labels, sizes = np.array([0, 0, 0, 1]), np.array([9, 9, 5, 3])
    >>> representatives(labels, sizes, ["b", "c", "a", "d"])[0].tolist()
    [0, 3]
    >>> representatives(labels, sizes, ["b", "c", "a", "d"], [None, "2013-04-12", None, None])[0].tolist()
    [1, 3]
    """
    n = len(labels)
    count = int(labels.max()) + 1 if n else 0
    ranks = id_ranks(ids)
    when = np.zeros(n, dtype=np.int64)
    if dates is not None:
        when = np.unique(np.array([d or "\uffff" for d in dates], dtype=object), return_inverse=True)[1]
    reps = np.empty(count, dtype=np.int64)
    order = np.lexsort((ranks, when, -np.asarray(sizes, dtype=np.int64), labels))
    first = np.ones(n, dtype=bool)
    first[1:] = labels[order][1:] != labels[order][:-1]
    reps[labels[order][first]] = order[first]
    smallest = np.empty(count, dtype=np.int64)
    order = np.lexsort((ranks, labels))
    first[1:] = labels[order][1:] != labels[order][:-1]
    smallest[labels[order][first]] = order[first]
    return reps, smallest


def bucket_pairs(members: Sequence[int], max_bucket: int) -> list[tuple[int, int]]:
    """The candidate pairs of one bucket of rows, ``i < j`` (see the module doc).

    >>> bucket_pairs([3, 1, 2], 8), bucket_pairs([3, 1, 2], 2)
    ([(1, 2), (1, 3), (2, 3)], [(1, 2), (1, 3)])
    """
    m = sorted(members)
    if len(m) <= max_bucket:
        return list(itertools.combinations(m, 2))
    return [(m[0], x) for x in m[1:]]
