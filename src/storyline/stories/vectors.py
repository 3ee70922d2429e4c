"""Many sparse vectors held compactly: the group and story vectors of story clustering.

A corpus of a million articles has hundreds of thousands of reprint groups, each with a
few hundred weighted words and names.  As dicts of floats they cost about 60 bytes an
entry (10 GB for the groups of a million articles, and as much again for the stories);
as compressed rows over one vocabulary, 12 (an int32 key id and a float64 weight).
:class:`VectorRows` stores them so, gives each back as the dict it was
(``vector(i)``: the same keys in the same order, the same floats), and computes the dot
products of one row with many in a few numpy calls (``dots``).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator

import numpy as np


class VectorRows:
    """Sparse vectors (``dict[str, float]``) appended as compressed rows; row ``i`` is
    the ``i``-th vector added.

    >>> rows = VectorRows()
    >>> rows.add({"lavrov": 0.6, "kerry": 0.8}), rows.add({"kerry": 1.0})
    (0, 1)
    >>> rows.vector(1), [round(float(x), 2) for x in rows.dots(0, np.array([0, 1]))]
    ({'kerry': 1.0}, [1.0, 0.8])
    """

    def __init__(
        self,
        vectors: Iterable[dict[str, float]] = (),
        vocab: dict[str, int] | None = None,
        keys: list[str] | None = None,
    ) -> None:
        # ``vocab`` and ``keys`` may be shared with other rows over the same keys (rows
        # appended by ``extend`` use their ids); key id -> key, ids in first-seen order
        self.vocab: dict[str, int] = {} if vocab is None else vocab
        self.keys: list[str] = [] if keys is None else keys
        self._ids = array("i")
        self._data = array("d")
        self._ends = array("q", [0])
        self._scratch = np.zeros(0, dtype=np.float64)
        for vec in vectors:
            self.add(vec)

    def __len__(self) -> int:
        return len(self._ends) - 1

    def add(self, vec: dict[str, float]) -> int:
        """Append ``vec`` as the next row; returns its row number."""
        vocab, keys = self.vocab, self.keys
        for k in vec:
            if k not in vocab:
                vocab[k] = len(keys)
                keys.append(k)
        self._ids.extend(map(vocab.__getitem__, vec))
        self._data.extend(vec.values())
        self._ends.append(len(self._ids))
        return len(self._ends) - 2

    def extend(self, ids: np.ndarray, data: np.ndarray, lengths: np.ndarray) -> None:
        """Append rows given as arrays: key ids (of ``keys``) and weights, concatenated,
        row ``r`` having ``lengths[r]`` entries."""
        base = len(self._ids)
        self._ids.frombytes(np.ascontiguousarray(ids, dtype=np.int32).tobytes())
        self._data.frombytes(np.ascontiguousarray(data, dtype=np.float64).tobytes())
        self._ends.frombytes((base + np.cumsum(lengths, dtype=np.int64)).tobytes())

    def entries(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The entries of ``rows`` (row numbers), concatenated in their order: for each,
        the place in ``rows`` of its row, its key id and its weight."""
        return _gather(rows, *self._arrays())

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows as CSR arrays (views): row ends, key ids, weights."""
        indptr = np.frombuffer(self._ends, dtype=np.int64)
        indices = np.frombuffer(self._ids, dtype=np.int32) if len(self._ids) else np.zeros(0, dtype=np.int32)
        data = np.frombuffer(self._data, dtype=np.float64) if len(self._data) else np.zeros(0)
        return indptr, indices, data

    def vector(self, i: int) -> dict[str, float]:
        """Row ``i`` as the dict it was added as."""
        start, end = self._ends[i], self._ends[i + 1]
        return dict(zip(map(self.keys.__getitem__, self._ids[start:end]), self._data[start:end], strict=True))

    def vectors(self) -> Iterator[dict[str, float]]:
        return (self.vector(i) for i in range(len(self)))

    def top(self, i: int, n: int) -> list[str]:
        """Row ``i``'s ``n`` highest-weighted keys, ties by key: ``top_terms`` of
        ``vector(i)`` without building the dict or sorting all of it."""
        start, end = self._ends[i], self._ends[i + 1]
        if n <= 0:
            return []
        data = np.frombuffer(self._data, dtype=np.float64)[start:end] if end > start else np.zeros(0)
        if len(data) > n:
            at = np.nonzero(data >= np.partition(data, len(data) - n)[len(data) - n])[0]
        else:
            at = np.arange(len(data))
        ids, keys = self._ids, self.keys
        return [k for _, k in sorted((-float(data[j]), keys[ids[start + j]]) for j in at.tolist())[:n]]

    def rows_with(self, keys: Iterable[str]) -> list[list[str]]:
        """For each row, which of ``keys`` it has (in key-id order)."""
        wanted = np.array(sorted(self.vocab[k] for k in set(keys) if k in self.vocab), dtype=np.int32)
        found: list[list[str]] = [[] for _ in range(len(self))]
        if not len(wanted):
            return found
        indptr, indices, _ = self._arrays()
        at = np.nonzero(np.isin(indices, wanted))[0]
        rows = np.searchsorted(indptr, at, side="right") - 1
        for r, k in zip(rows.tolist(), indices[at].tolist(), strict=True):
            found[r].append(self.keys[k])
        return found

    def dots(self, i: int, rows: np.ndarray) -> np.ndarray:
        """Dot products of row ``i`` with each of ``rows`` (row numbers): row ``i`` is
        scattered into a dense scratch vector once and every candidate's entries read
        from it in one gather, a few numpy calls whatever the number of candidates
        (slicing a scipy matrix per item cost ten times more)."""
        indptr, indices, data = self._arrays()
        if len(self._scratch) < len(self.keys):
            self._scratch = np.zeros(max(1, 2 * len(self.keys)), dtype=np.float64)
        scratch = self._scratch
        own = indices[indptr[i] : indptr[i + 1]]
        scratch[own] = data[indptr[i] : indptr[i + 1]]
        at, ids, weights = _gather(rows, indptr, indices, data)
        products = scratch[ids] * weights
        scratch[own] = 0.0
        return np.bincount(at, weights=products, minlength=len(rows))


def _gather(
    rows: np.ndarray, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``VectorRows.entries`` over the rows' CSR arrays (``dots`` has them already)."""
    starts, lens = indptr[rows], indptr[rows + 1] - indptr[rows]
    ends = np.cumsum(lens)
    pos = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(starts - (ends - lens), lens)
    return np.repeat(np.arange(len(rows)), lens), indices[pos], data[pos]


def centroids(segment: np.ndarray, ids: np.ndarray, weights: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
    """The normalised sum of each of ``n`` segments' sparse vectors, as rows for
    ``VectorRows.extend`` (key ids, weights, lengths): entry ``e`` (key id ``ids[e]``,
    ``weights[e]``) belongs to segment ``segment[e]``, segments in non-decreasing order.

    Bit for bit what ``features.merge`` makes of the dicts (and, for one segment's
    distinct keys, what ``features.normalize`` does): a segment's keys in first-seen
    order, each key's weights added in entry order (``np.bincount`` adds in input
    order), the norm's squares added in key order; a segment without entries is empty.
    """
    if not len(ids):
        return np.zeros(0, dtype=np.int32), np.zeros(0), np.zeros(n, dtype=np.int64)
    width = int(ids.max()) + 1
    pair = segment.astype(np.int64) * width + ids
    found, first, at = np.unique(pair, return_index=True, return_inverse=True)
    sums = np.bincount(at, weights=weights, minlength=len(found))
    order = np.argsort(first)  # first places are distinct: the first-seen order
    found, sums = found[order], sums[order]
    seg = found // width
    norms = np.sqrt(np.bincount(seg, weights=sums * sums, minlength=n))
    return (found - seg * width).astype(np.int32), sums / norms[seg], np.bincount(seg, minlength=n)
