"""The TF-IDF vectors of a whole corpus's reprint groups, built with numpy.

``features.counted_vector`` and ``features.merge`` make one text's vector, and one
group's centroid, key by key in Python: at a million articles, about a quarter of the
story stage.  Here every article's keys become ids of one vocabulary as they arrive
(``KeyTable``: flat arrays, 8 bytes a key where ``KeyCounts`` took 12 and three objects),
each key's IDF is computed once, and the article vectors and their centroids are made
a few thousand groups at a time by ``vectors.centroids``: the same floats as the dict
functions give, bit for bit, because every sum adds the same numbers in the same order.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Sequence
from itertools import compress

import numpy as np

from .features import MIN_IDF, PERSON_WEIGHT, IdfModel, KeyCounts
from .vectors import VectorRows, centroids

# Groups (or stories) whose vectors are made in one set of numpy calls.
CHUNK = 4096


class Vocabulary(dict[str, int]):
    """Key -> id; a new key is numbered as it is first met."""

    def __missing__(self, key: str) -> int:
        self[key] = n = len(self)
        return n


class KeyTable:
    """Many texts' key counts as flat arrays: text ``t``'s key ids and counts are
    ``ids[ends[t]:ends[t + 1]]`` and ``counts[...]``, in the order ``KeyCounts`` has them."""

    def __init__(self) -> None:
        self.ids = array("i")
        self.counts = array("I")
        self.ends = array("q", [0])

    def add(self, counted: KeyCounts, vocab: Vocabulary) -> None:
        self.ids.extend(map(vocab.__getitem__, counted.keys))
        self.counts.extend(counted.counts)
        self.ends.append(len(self.ids))

    def last(self) -> array[int]:
        """The key ids of the text added last."""
        return self.ids[self.ends[-2] :]


class CorpusCounts:
    """What IDF and the group vectors need of every member of every group, in order:
    their word and name counts (``KeyTable``), the people among the names, and the
    document frequencies, one document per group (its representative's keys)."""

    def __init__(self) -> None:
        self.vocab = Vocabulary()
        self.words, self.names = KeyTable(), KeyTable()
        self.people: set[str] = set()
        self.surface: dict[str, str] = {}
        self._df = array("i")
        self.docs = 0

    def add(self, words: KeyCounts, names: KeyCounts, people: set[str], distinct: list[tuple[str, str]] | None) -> None:
        self.words.add(words, self.vocab)
        self.names.add(names, self.vocab)
        self.people |= people
        if distinct is not None:
            # Its distinct keys are its word keys and its name keys (never the same:
            # names are "e:" keys, words letters and digits), each counted once.
            self._df.extend(self.words.last())
            self._df.extend(self.names.last())
            self.docs += 1
            pairs = dict(distinct)
            # the first surface form seen (a set's difference with a dict reads only the set)
            for key in set(pairs).difference(self.surface):
                self.surface[key] = pairs[key]

    def idf(self) -> IdfModel:
        keys = list(self.vocab)
        found = np.frombuffer(self._df, dtype=np.int32) if self._df else np.zeros(0, dtype=np.int32)
        df = np.bincount(found, minlength=len(keys)).tolist()
        seen = Counter(dict(compress(zip(keys, df, strict=True), df)))
        return IdfModel(df=seen, docs=self.docs, surface=self.surface)


def group_rows(counts: CorpusCounts, sizes: Sequence[int], idf: IdfModel) -> tuple[VectorRows, VectorRows]:
    """Each group's word and name vectors (groups of ``sizes`` members, in the order the
    members were counted): the centroid of its members' ``counted_vector``s, as
    ``merge`` makes it, names of people weighing ``PERSON_WEIGHT`` times more."""
    keys = list(counts.vocab)
    weight = np.fromiter(map(idf.idf, keys), dtype=np.float64, count=len(keys))
    name = np.fromiter((k.startswith("e:") for k in keys), dtype=bool, count=len(keys))
    usable = (weight > 0) & ((weight >= MIN_IDF) | name)
    boost = np.ones(len(keys))
    boost[[counts.vocab[p] for p in counts.people if p in counts.vocab]] = PERSON_WEIGHT
    members = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
    out = []
    for table, factor in ((counts.words, None), (counts.names, boost)):
        ids = np.frombuffer(table.ids, dtype=np.int32) if table.ids else np.zeros(0, dtype=np.int32)
        tally = np.frombuffer(table.counts, dtype=np.uint32) if table.counts else np.zeros(0, dtype=np.uint32)
        ends = np.frombuffer(table.ends, dtype=np.int64)
        top = int(tally.max()) if len(tally) else 0
        tf = np.array([0.0] + [1.0 + math.log(c) for c in range(1, top + 1)])  # math.log, as counted_vector
        rows = VectorRows(vocab=counts.vocab, keys=keys)
        for g0 in range(0, len(sizes), CHUNK):
            g1 = min(g0 + CHUNK, len(sizes))
            m0, m1 = int(members[g0]), int(members[g1])
            lo, hi = int(ends[m0]), int(ends[m1])
            member = np.repeat(np.arange(m1 - m0), np.diff(ends[m0 : m1 + 1]))
            kid, c = ids[lo:hi], tally[lo:hi]
            keep = usable[kid]
            kid, c, member = kid[keep], c[keep], member[keep]
            vals = tf[c] * weight[kid]
            if factor is not None:
                vals = vals * factor[kid]
            # each member's vector normalised (its keys are distinct), then their centroid
            vals = vals / np.sqrt(np.bincount(member, weights=vals * vals, minlength=m1 - m0))[member]
            group = np.repeat(np.arange(g1 - g0), sizes[g0:g1])[member]
            rows.extend(*centroids(group, kid, vals, g1 - g0))
        out.append(rows)
    return out[0], out[1]


def merged_rows(rows: VectorRows, members: Sequence[Sequence[int]]) -> VectorRows:
    """Row ``s`` is the centroid (``merge``) of ``rows``' rows ``members[s]``, in that order."""
    out = VectorRows(vocab=rows.vocab, keys=rows.keys)
    for s0 in range(0, len(members), CHUNK):
        part = members[s0 : s0 + CHUNK]
        sizes = [len(m) for m in part]
        at, kid, vals = rows.entries(np.fromiter((i for m in part for i in m), dtype=np.int64, count=sum(sizes)))
        segment = np.repeat(np.arange(len(part)), sizes)[at]
        out.extend(*centroids(segment, kid, vals, len(part)))
    return out
