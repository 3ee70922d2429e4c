"""Corpus-scale near-duplicate grouping without a database: ``storyline dedup``.

The ingest pipeline cleans every article line by line before it compares texts; at
corpus scale that costs more than the comparison itself.  Here site furniture is removed
at the shingle level instead: a shingle that recurs in many articles of one outlet (or
in a large share of the whole sample) is a stop shingle (the outlet's header, footer,
donation appeal) and is dropped from every text before signing and verification, in
one vectorised pass.  A wire paragraph recurs once per outlet, so it stays.

Stop shingles are learned from a sample (the first ``sample_docs`` articles), so the
corpus streams through in batches: memory holds one batch's texts, and for every
article its shingle set (as uint32) and its signature.

The grouping itself is the same as the pipeline's: MinHash signatures, LSH candidates,
exact containment verification, connected components (``grouping.py``'s parts).
"""

from __future__ import annotations

import gc
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..config import ReprintConfig
from .components import compact, min_labels
from .ids import group_id, representatives
from .lsh import candidate_pairs, optimal_bands
from .minhash import signatures_flat
from .shingles import batch_shingles, sample_sets, sketch_batch
from .verify import reprint_mask, shared_counts

# The item count a stream of unknown length is given to a mapper as (enough for a pool).
STREAM = 1 << 62
# With sampled sets, a reprint still shares at least this many sampled shingles.
MIN_SAMPLED_SHARED = 3
# Verification keeps one shingle in this many of each text (``sample_sets``).
VERIFY_SAMPLE = 4
# A shingle in this many articles of one outlet is that outlet's furniture: a story's
# text appears once per outlet (refiles and updates make two or three).
STOP_OUTLET_REPEATS = 5
# Without outlets, a shingle in more than this share of the sample (and in at least
# STOP_MIN_DOCS articles) is furniture: no story is reprinted by 1% of a corpus.
STOP_SAMPLE_SHARE = 0.01
# Articles the stop shingles are learned from.  5,000 (50 articles an outlet on the
# benchmark corpora) find the same furniture as 10,000: pairwise F1 0.9993 against
# 0.9994 on 100,000 generated articles, at three quarters of the time.
STOP_SAMPLE_DOCS = 5_000
STOP_MIN_DOCS = 50
# Articles shingled and signed together.  Small batches keep the C buffers (about 40 KB
# an article) in memory malloc reuses: 20,000 took a fifth longer on 100,000 articles,
# zeroing fresh pages from the kernel for every batch.
BATCH_DOCS = 2_000


@dataclass(slots=True)
class PriorIndex:
    """What earlier batches left for the next one (``store/signature_index.py`` keeps
    it): every article's id, group id, signature and sampled shingle set, in row order,
    and the stop shingles learned from the first batch."""

    ids: list[str]
    groups: list[str]
    sigs: np.ndarray
    sets: np.ndarray
    offsets: np.ndarray
    stops: np.ndarray


@dataclass(slots=True)
class DedupResult:
    """Groups over the input order: ``labels[i]`` is article ``i``'s group number.

    After an earlier index (``prior``), rows ``0 .. len(prior.ids)`` are its articles:
    a group holding any keeps the id of the earliest one's group, so ids do not move
    from batch to batch; ``index`` then holds every row, for the next batch."""

    ids: list[str]
    labels: np.ndarray
    representative: np.ndarray  # row of each group's representative, indexed by label
    smallest: np.ndarray  # row of each group's smallest id, indexed by label (``ids.group_id``)
    pairs: int = 0
    candidates: int = 0
    prior: PriorIndex | None = None
    index: PriorIndex | None = None
    _first: np.ndarray | None = None

    def group_id(self, label: int) -> str:
        """A group's id: an earlier run's, when the group holds its articles, else
        ``ids.group_id`` of its smallest member."""
        if self.prior is not None:
            if self._first is None:  # each group's first row
                self._first = np.full(len(self.representative), len(self.ids), dtype=np.int64)
                np.minimum.at(self._first, self.labels, np.arange(len(self.ids)))
            first = int(self._first[label])
            if first < len(self.prior.ids):
                return self.prior.groups[first]
        return group_id(self.ids[self.smallest[label]])

    def row_groups(self) -> list[str]:
        """The group id of every row."""
        names: dict[int, str] = {}
        return [names.get(x) or names.setdefault(x, self.group_id(x)) for x in self.labels.tolist()]

    def rows(self) -> Iterator[dict[str, str]]:
        """``{"id", "reprint_group", "representative"}`` per article, in input order."""
        reps = self.representative[self.labels].tolist()
        for rid, gid, rep in zip(self.ids, self.row_groups(), reps, strict=True):
            yield {"id": rid, "reprint_group": gid, "representative": self.ids[rep]}


def _outlet_hashes(outlets: Sequence[str | None]) -> np.ndarray:
    return np.array(
        [int.from_bytes(hashlib.blake2b((o or "").encode("utf-8"), digest_size=8).digest()) for o in outlets],
        dtype=np.uint64,
    )


def learn_stop_shingles(flat: np.ndarray, offsets: np.ndarray, outlets: Sequence[str | None]) -> np.ndarray:
    """Sorted shingle hashes that are furniture in a sample of texts (see module doc)."""
    n = len(offsets) - 1
    docs = np.repeat(np.arange(n), np.diff(offsets))
    stops = []
    known = np.array([o is not None for o in outlets], dtype=bool)
    if known.any():
        mask = known[docs]
        with np.errstate(over="ignore"):
            keyed = flat[mask] ^ (_outlet_hashes(outlets)[docs[mask]] * np.uint64(0x9E3779B97F4A7C15))
        frequent = _frequent(keyed, STOP_OUTLET_REPEATS)
        stops.append(np.unique(flat[mask][_member(keyed, frequent)]))
    stops.append(_frequent(flat, max(STOP_MIN_DOCS, STOP_SAMPLE_SHARE * n)))
    return np.unique(np.concatenate(stops))


def sample_stop_shingles(
    sample: Sequence[tuple[str, str, str | None]], k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The shingle sets of sample records ``(id, text, outlet)`` and the stop shingles
    learned from them: ``(flat, offsets, stops)`` (both engines learn them this way)."""
    flat, offsets = batch_shingles([r[1] for r in sample], k)
    return flat, offsets, learn_stop_shingles(flat, offsets, [r[2] for r in sample])


# A verification sample of one shingle in four estimates a 400-shingle text's containment
# with a standard error of about 0.05 (sqrt(0.5 * 0.5 / 100)): a pair is held to the bar
# less that margin, so that the sample's noise does not reject copies at the bar.  On the
# full sets ingest verifies there is no such noise, and no margin.
SAMPLE_CONTAINMENT_MARGIN = 0.05


def sampled_min_containment(config: ReprintConfig, sample: int) -> float:
    """``min_containment`` on sets that keep one shingle in ``sample``."""
    return config.min_containment - (SAMPLE_CONTAINMENT_MARGIN if sample > 1 else 0.0)


def sampled_min_shared(config: ReprintConfig, sample: int) -> int:
    """``min_shared_shingles`` on sets that keep one shingle in ``sample``."""
    return max(MIN_SAMPLED_SHARED, config.min_shared_shingles // sample)


def _frequent(values: np.ndarray, min_count: float) -> np.ndarray:
    """Sorted distinct values occurring at least ``min_count`` times."""
    s = np.sort(values)
    if not len(s):
        return s
    starts = np.flatnonzero(np.concatenate(([True], s[1:] != s[:-1])))
    counts = np.diff(np.append(starts, len(s)))
    return s[starts[counts >= min_count]]


# Bits of the bitmap that screens values before the exact binary search (2 MB).
_SCREEN_BITS = 24


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Boolean mask: which ``values`` are in ``sorted_set``.

    A bitmap indexed by the low bits of each value rules most values out in one
    gather; only the rest are binary-searched.
    """
    found = np.zeros(len(values), dtype=bool)
    if not len(sorted_set):
        return found
    mask = np.uint64((1 << _SCREEN_BITS) - 1)
    screen = np.zeros(1 << _SCREEN_BITS, dtype=bool)
    screen[(sorted_set & mask).astype(np.int64)] = True
    maybe = np.flatnonzero(screen[(values & mask).astype(np.int64)])
    idx = np.minimum(np.searchsorted(sorted_set, values[maybe]), len(sorted_set) - 1)
    found[maybe] = sorted_set[idx] == values[maybe]
    return found


def drop_stops(flat: np.ndarray, offsets: np.ndarray, stops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The shingle sets without stop shingles (still sorted, as flat array and offsets)."""
    if not len(stops):
        return flat, offsets
    keep = ~_member(flat, stops)
    docs = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    new_offsets = np.zeros_like(offsets)
    np.cumsum(np.bincount(docs[keep], minlength=len(offsets) - 1), out=new_offsets[1:])
    return flat[keep], new_offsets


@dataclass(slots=True)
class _Index:
    """Every signed article's signature and verification sample (``sample_sets``)."""

    flats: list[np.ndarray] = field(default_factory=list)
    offsets: list[np.ndarray] = field(default_factory=list)
    sigs: list[np.ndarray] = field(default_factory=list)

    sample: int = 1

    def add(self, sigs: np.ndarray, sets: np.ndarray, offsets: np.ndarray) -> None:
        self.flats.append(sets)
        self.offsets.append(offsets)
        self.sigs.append(sigs)

    def sets(self) -> tuple[np.ndarray, np.ndarray]:
        flat = np.concatenate(self.flats) if self.flats else np.empty(0, np.uint32)
        sizes = np.concatenate([np.diff(o) for o in self.offsets]) if self.offsets else np.empty(0, np.int64)
        offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        return flat, offsets


def group(
    ids: list[str], index: _Index, config: ReprintConfig, keep: tuple[PriorIndex | None, np.ndarray] | None = None
) -> DedupResult:
    """LSH candidates, verification and components over every signed article;
    ``keep`` (the earlier index, and the stop shingles) asks for the index of every row
    in the result, for the next batch."""
    flat, offsets = index.sets()
    index.flats.clear()  # the concatenated copy replaces the batches
    sigs = np.vstack(index.sigs) if index.sigs else np.empty((0, config.num_perm), np.uint32)
    bands, rows = optimal_bands(config.lsh_threshold, config.num_perm)
    cands = candidate_pairs(sigs, bands, rows, max_bucket=config.max_bucket_pairs)
    prior = keep[0] if keep is not None else None
    if prior is not None:  # earlier articles' pairs were verified in their run
        cands = cands[cands.max(axis=1) >= len(prior.ids)] if len(cands) else cands
    sizes = np.diff(offsets)
    shared = shared_counts(flat, offsets, cands) if len(cands) else np.empty(0, np.int64)
    ok = cands[
        reprint_mask(
            shared,
            sizes[cands[:, 0]],
            sizes[cands[:, 1]],
            min_containment=sampled_min_containment(config, index.sample),
            min_shared=sampled_min_shared(config, index.sample),
        )
    ]
    n = len(ids)
    if prior is not None:  # and their groups stand: each earlier article joins its group's first
        ok = np.concatenate([ok.reshape(-1, 2), _group_edges(prior.groups)])
    labels = compact(min_labels(n, ok))
    representative, smallest = representatives(labels, sizes, ids)
    result = DedupResult(ids, labels, representative, smallest, len(ok), len(cands))
    if keep is not None:
        result.prior = keep[0]
        result.index = PriorIndex(ids, result.row_groups(), sigs, flat, offsets, keep[1])
    return result


def _group_edges(groups: list[str]) -> np.ndarray:
    """Pairs (first row of the group, row) that hold ``groups`` (a group id per row) together."""
    first: dict[str, int] = {}
    edges = [(first.setdefault(g, i), i) for i, g in enumerate(groups)]
    return np.array([e for e in edges if e[0] != e[1]], dtype=np.int64).reshape(-1, 2)


# ``mapper(fn, jobs, shared, items)``: calls ``fn(job, shared)`` on every job, yielding
# the results in order (``pipeline.executors``: in this process or a fork pool).
Mapper = Callable[..., Iterator[Any]]


def _sketch_job(texts: list[str], shared: tuple[np.ndarray, ReprintConfig, int]) -> tuple[np.ndarray, ...]:
    """Shingle and sign one batch without the stop shingles (``shared``: the stops, the
    settings, the verification sample)."""
    stops, config, sample = shared
    return sketch_batch(texts, config.shingle_size, config.num_perm, config.seed, sample, stops)


def _in_order(fn: Callable[[Any, Any], Any], jobs: Iterable[Any], shared: Any = None, items: int = 0) -> Iterator[Any]:
    """The mapper of one process."""
    return (fn(job, shared) for job in jobs)


def find_duplicates(
    records: Iterable[tuple[str, str, str | None]],
    config: ReprintConfig = ReprintConfig(),
    *,
    batch_size: int = BATCH_DOCS,
    sample_docs: int = STOP_SAMPLE_DOCS,
    mapper: Mapper | None = None,
    verify_sample: int = VERIFY_SAMPLE,
    prior: PriorIndex | None = None,
    keep_index: bool = False,
) -> DedupResult:
    """Group ``(id, text, outlet)`` records into reprint groups, streaming in batches.

    With ``prior`` (earlier batches' index) the records are matched against its
    articles too, with its stop shingles; ``keep_index`` returns every row's index in
    ``result.index`` (to save for the next batch).

    The first ``sample_docs`` records teach the stop shingles; later batches are
    shingled and signed through ``mapper`` (``pipeline.executors.LocalMapper``: in a
    fork pool; None: in this process), with the same result.
    Verification keeps one shingle in ``verify_sample`` of each text (chosen by hash, so
    the same in every text: containment is estimated without bias), which bounds memory
    at corpus scale; 1 keeps them all.

    >>> text = "The council said on Monday that the old ferry pier will close for repairs until the spring."
    >>> r = find_duplicates([("a", text, None), ("b", text.upper(), None), ("c", "Something else entirely.", None)])
    >>> [row["reprint_group"] == r.group_id(r.labels[0]) for row in r.rows()]
    [True, True, False]
    """
    # The stream allocates millions of small objects and creates no cycles: the cyclic
    # garbage collector would only rescan the growing id list (about 5% of the run).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _find_duplicates(
            records, config, batch_size, sample_docs, mapper or _in_order, verify_sample, prior, keep_index
        )
    finally:
        if gc_was_enabled:
            gc.enable()


def _find_duplicates(
    records: Iterable[tuple[str, str, str | None]],
    config: ReprintConfig,
    batch_size: int,
    sample_docs: int,
    mapper: Mapper,
    verify_sample: int,
    prior: PriorIndex | None = None,
    keep_index: bool = False,
) -> DedupResult:
    ids: list[str] = []
    index = _Index(sample=verify_sample)
    it = iter(records)
    if prior is not None:  # the earlier batches come first, with their stop shingles
        ids.extend(prior.ids)
        index.add(prior.sigs, prior.sets, prior.offsets)
        stops = prior.stops
    else:
        sample = list(itertools.islice(it, sample_docs))
        flat, offsets, stops = sample_stop_shingles(sample, config.shingle_size)
        flat, offsets = drop_stops(flat, offsets, stops)
        sigs = signatures_flat(flat, offsets, config.num_perm, config.seed)
        index.add(sigs, *sample_sets(flat, offsets, verify_sample))
        ids.extend(r[0] for r in sample)
        del sample, flat, offsets

    def jobs() -> Iterator[list[str]]:
        while batch := list(itertools.islice(it, batch_size)):
            ids.extend(r[0] for r in batch)
            yield [r[1] for r in batch]

    # a fork pool's workers inherit the stops and the C tokenizer's warm word table
    for sketched in mapper(_sketch_job, jobs(), (stops, config, verify_sample), STREAM):
        index.add(*sketched)
    return group(ids, index, config, (prior, stops) if prior is not None or keep_index else None)
