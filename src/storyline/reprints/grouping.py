"""From articles to reprint groups: shingles, signatures, LSH candidates, verification,
connected components (components.py), a representative and an id for each group
(``ids.py``: the same rules as ``dedup`` and the Spark engine).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..config import ReprintConfig
from ..model import Article, Link, ReprintGroup
from .components import min_labels
from .ids import group_id, representatives
from .lsh import candidate_pairs, optimal_bands
from .minhash import signatures_flat
from .shingles import batch_shingles, split
from .verify import PairEvidence, measure, reprint_mask

# Texts shingled and signed at once: large enough for numpy to pay, small enough to
# bound the temporary arrays (about 10,000 texts of 500 words: 40 MB of hashes).
_BATCH = 10_000


@dataclass(slots=True)
class ReprintIndex:
    """Shingle sets and signatures of a list of articles, row ``i`` for ``articles[i]``."""

    ids: list[str]
    shingles: list[np.ndarray]
    sigs: np.ndarray


def build_index(articles: Sequence[Article], config: ReprintConfig = ReprintConfig()) -> ReprintIndex:
    """Shingle and sign every article's cleaned body, ``_BATCH`` texts at a time (the
    bodies may be held packed: only a batch's are unpacked at once); identical texts
    are shingled once and share their rows."""
    rows: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}
    keys: list[bytes] = []
    todo: dict[bytes, str] = {}

    def sign() -> None:
        flat, offsets = batch_shingles(list(todo.values()), config.shingle_size)
        sigs = signatures_flat(flat, offsets, config.num_perm, config.seed)
        rows.update(zip(todo, zip(split(flat, offsets), sigs, strict=True), strict=True))
        todo.clear()

    for a in articles:
        text = a.body
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        keys.append(key)
        if key not in rows and key not in todo:
            todo[key] = text
            if len(todo) == _BATCH:
                sign()
    if todo:
        sign()
    held = [rows[k] for k in keys]
    sigs = np.vstack([r[1] for r in held]) if held else np.empty((0, config.num_perm), dtype=np.uint32)
    return ReprintIndex([a.id for a in articles], [r[0] for r in held], sigs)


def verified_pairs(index: ReprintIndex, config: ReprintConfig = ReprintConfig()) -> list[tuple[int, int, PairEvidence]]:
    """Candidate pairs from LSH that pass verification, with their evidence."""
    bands, rows = optimal_bands(config.lsh_threshold, config.num_perm)
    pairs = candidate_pairs(index.sigs, bands, rows, max_bucket=config.max_bucket_pairs).tolist()
    evidence = [measure(index.shingles[i], index.shingles[j]) for i, j in pairs]
    keep = reprint_mask(
        np.array([e.shared for e in evidence], dtype=np.int64),
        np.array([e.size_a for e in evidence], dtype=np.int64),
        np.array([e.size_b for e in evidence], dtype=np.int64),
        min_containment=config.min_containment,
        min_shared=config.min_shared_shingles,
    )
    return [(i, j, e) for (i, j), e, k in zip(pairs, evidence, keep.tolist(), strict=True) if k]


def find_reprint_groups(articles: Sequence[Article], config: ReprintConfig = ReprintConfig()) -> list[ReprintGroup]:
    """Group articles that are copies of one text; sets ``article.reprint_group``.

    Every article ends in exactly one group (a group of one when it has no copy).

    >>> text = "Officials said on Monday that the new bridge across the river will open next spring after delays."
    >>> a, b = Article("a", text), Article("b", text.replace("on Monday", "Monday"))
    >>> [g.members for g in find_reprint_groups([a, b])]
    [['a', 'b']]
    """
    index = build_index(articles, config)
    pairs = verified_pairs(index, config)
    n = len(articles)
    labels = min_labels(n, np.array([(i, j) for i, j, _ in pairs], dtype=np.int64).reshape(-1, 2))
    sizes = np.fromiter(map(len, index.shingles), dtype=np.int64, count=n)
    reps, smallest = representatives(labels, sizes, index.ids, [a.date for a in articles])
    members: dict[int, list[int]] = {}
    for row, label in enumerate(labels):
        members.setdefault(int(label), []).append(row)
    pair_links: dict[int, list[Link]] = {}
    for i, j, ev in pairs:
        pair_links.setdefault(int(labels[i]), []).append(
            Link(articles[i].id, articles[j].id, round(ev.containment, 4), ev.as_reasons())
        )
    groups = []
    for label, rows_ in members.items():
        rows_.sort(key=lambda r: articles[r].id)
        gid = group_id(articles[smallest[label]].id)
        for r in rows_:
            articles[r].reprint_group = gid
        rep = articles[reps[label]].id
        groups.append(ReprintGroup(gid, [articles[r].id for r in rows_], rep, pair_links.get(label, [])))
    groups.sort(key=lambda g: g.id)
    return groups
