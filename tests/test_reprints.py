"""Reprint detection: shingles, MinHash, LSH, verification, grouping and lineage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storyline.config import ReprintConfig
from storyline.model import Article
from storyline.reprints import compare_copies, find_reprint_groups, is_reprint, measure
from storyline.reprints.lsh import candidate_pairs, collision_probability, optimal_bands
from storyline.reprints.minhash import estimate_jaccard, signatures
from storyline.reprints.shingles import shingle_text

PARAS = [
    "KELMAR (AP) - The harbor authority said on Tuesday that the eastern breakwater would be rebuilt over the next two years at a cost of 90 million crowns.",
    "The breakwater was damaged in the winter storms, and engineers found that waves had undermined its foundations in four places.",
    '"We cannot wait for the next storm to finish the job," harbor master Elin Dahl told reporters at the terminal on Tuesday afternoon.',
    "Work will begin in the summer, when the sea is calm, and the shipping lane will stay open throughout the program, the authority said.",
    "The authority has asked the transport ministry to pay half of the cost, and the ministry said it would decide by the end of the month.",
    "Fishing crews based in the harbor welcomed the plan but asked for compensation for the months when their moorings would be moved.",
]
ORIGINAL = "\n\n".join(PARAS)


def uk(text: str) -> str:
    return text.replace("harbor", "harbour").replace("program", "programme").replace('"', "\u201c", 1)


COPIES = {
    "identical": ORIGINAL,
    "trimmed to a third": "\n\n".join(PARAS[:2]),
    "respelled and honorifics": uk(ORIGINAL).replace("told reporters", "told reporters, Ms Dahl added"),
    "paragraph dropped and one inserted": "\n\n".join(
        PARAS[:3] + ["A local paragraph that only this outlet wrote about its own readers."] + PARAS[4:]
    ),
    "reordered": "\n\n".join([PARAS[0], PARAS[3], PARAS[1], PARAS[2], PARAS[5], PARAS[4]]),
    "upper case": ORIGINAL.upper(),
    "OCR noise": ORIGINAL.replace("m", "rn", 3).replace("l", "1", 2),
}

FOLLOW_UP = "\n\n".join(
    [
        "KELMAR (AP) - The transport ministry on Friday refused to pay for half of the harbor breakwater repairs, saying the harbor authority had enough reserves of its own.",
        "Minister Jon Vale said the authority had set aside money for exactly this kind of damage and should use it before asking taxpayers for help.",
        "Harbor master Elin Dahl said the decision would delay the work by at least a year and put the shipping lane at risk during the next winter.",
        PARAS[1],  # background paragraph reused from the first story
        "The authority's board will meet next week to decide whether to borrow the money instead.",
    ]
)


@pytest.mark.parametrize("name", sorted(COPIES))
def test_copies_are_reprints(name):
    ev = measure(shingle_text(ORIGINAL), shingle_text(COPIES[name]))
    assert is_reprint(ev), (name, ev)


def test_follow_up_story_sharing_background_is_not_a_reprint():
    ev = measure(shingle_text(ORIGINAL), shingle_text(FOLLOW_UP))
    assert ev.shared > 0
    assert not is_reprint(ev)


def test_minhash_estimates_jaccard():
    a, b = shingle_text(ORIGINAL), shingle_text(COPIES["trimmed to a third"])
    sigs = signatures([a, b], num_perm=256, seed=7)
    assert estimate_jaccard(sigs[0], sigs[1]) == pytest.approx(measure(a, b).jaccard, abs=0.1)


def test_signatures_are_deterministic_and_batch_independent():
    sets = [shingle_text(t) for t in COPIES.values()]
    together = signatures(sets, 64, 3)
    alone = np.vstack([signatures([s], 64, 3) for s in sets])
    assert (together == alone).all()
    assert together.dtype == np.uint32 and together.tobytes() == signatures(sets, 64, 3).tobytes()


def test_empty_text_has_a_signature_that_matches_nothing():
    sigs = signatures([np.empty(0, np.uint64), shingle_text(ORIGINAL)], 32, 1)
    assert (sigs[0] == 0xFFFFFFFF).all()
    assert len(candidate_pairs(np.vstack([sigs[0], sigs[0]]), 16, 2)) == 0


def test_optimal_bands_fit_permutations_and_separate_at_threshold():
    for t in (0.15, 0.3, 0.5, 0.8):
        b, r = optimal_bands(t, 128)
        assert b * r <= 128
        assert collision_probability(min(1.0, t + 0.2), b, r) > collision_probability(max(0.0, t - 0.1), b, r)


def test_candidate_pairs_big_bucket_becomes_star():
    sig = np.ones((10, 8), dtype=np.uint32)
    pairs = candidate_pairs(sig, 4, 2, max_bucket=3)
    assert sorted(map(tuple, pairs.tolist())) == [(0, j) for j in range(1, 10)]


def test_groups_and_representative():
    arts = [Article(name, text) for name, text in COPIES.items()]
    arts += [Article("follow-up", FOLLOW_UP), Article("unrelated", "A cat sat on the warm mat all afternoon long.")]
    for a in arts:
        a.clean_text = a.text
    groups = find_reprint_groups(arts, ReprintConfig())
    sizes = sorted(len(g.members) for g in groups)
    assert sizes == [1, 1, len(COPIES)]
    big = max(groups, key=lambda g: len(g.members))
    assert big.representative in (
        "identical",
        "respelled and honorifics",
        "OCR noise",
        "reordered",
        "upper case",
        "paragraph dropped and one inserted",
    )
    assert all(p.reasons["shared_shingles"] > 0 for p in big.pairs)


def test_lineage_of_a_trimmed_respelled_copy():
    copy = uk("\n\n".join(PARAS[:3] + ["An extra local paragraph."]))
    lin = compare_copies(("orig", ORIGINAL), ("copy", copy))
    assert lin.adds == ["An extra local paragraph."]
    assert lin.lacks == PARAS[3:]
    assert {e.kind for e in lin.edited} == {"respelled"}
    diff = lin.edited[0].diff
    assert {"op": "replace", "a": "harbor", "b": "harbour"} in diff


def test_dedup_groups_copies_and_drops_outlet_furniture():
    from storyline.reprints.dedup import find_duplicates

    footer = "Subscribe to the Example Daily for all the news from the valley and beyond, every morning."
    others = [
        f"Story {i}: the council discussed item number {i} of its agenda on a quiet evening in town, officials said."
        for i in range(8)
    ]
    recs = [(f"o{i}", t + "\n" + footer, "example daily") for i, t in enumerate(others)]
    recs += [(name, text, None) for name, text in COPIES.items()] + [("follow-up", FOLLOW_UP, None)]
    result = find_duplicates(recs, ReprintConfig(), sample_docs=5, batch_size=3)
    label = dict(zip(result.ids, result.labels.tolist(), strict=True))
    assert len({label[n] for n in COPIES}) == 1
    assert label["follow-up"] != label["identical"]
    assert len({label[f"o{i}"] for i in range(8)}) == 8  # the shared footer joined nothing
    rows = list(result.rows())
    assert {r["representative"] for r in rows if r["id"] in COPIES} <= set(COPIES)


def test_shared_counts_match_numpy():
    from storyline.reprints.verify import shared_counts

    sets = [np.array(sorted({3, 5, 9, 11}), np.uint32), np.array([1, 3, 9], np.uint32), np.array([], np.uint32)]
    flat = np.concatenate(sets)
    offsets = np.array([0, 4, 7, 7])
    assert shared_counts(flat, offsets, np.array([[0, 1], [1, 2], [0, 0]])).tolist() == [2, 0, 4]


def test_dedup_two_processes_give_identical_groups(tmp_path):
    from storyline.pipeline.dedup import dedup

    corpus = Path(__file__).resolve().parents[1] / "demo" / "corpus"
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    reps = tmp_path / "reps.jsonl"
    r1 = dedup([corpus], one, workers=1, write_deduplicated=reps)
    r2 = dedup([corpus], two, workers=2)
    assert one.read_text() == two.read_text()
    assert r1.articles == 32 and r1.groups == r2.groups == 14
    assert len(reps.read_text().splitlines()) == 14


def test_find_duplicates_pool_matches_one_process():
    from storyline.pipeline.executors import LocalMapper
    from storyline.reprints.dedup import find_duplicates

    corpus = Path(__file__).resolve().parents[1] / "demo" / "corpus"
    recs = [(p.name + str(i), p.read_text(), p.parent.name) for i, p in enumerate(sorted(corpus.rglob("*.txt")))]
    one = find_duplicates(recs, ReprintConfig(), sample_docs=8, batch_size=5)
    two = find_duplicates(recs, ReprintConfig(), sample_docs=8, batch_size=5, mapper=LocalMapper(2))
    assert list(one.rows()) == list(two.rows())
    assert len(set(one.labels.tolist())) == 14


def test_min_labels_match_scipy_components_and_label_by_smallest_member():
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from storyline.reprints.components import compact, min_labels

    rng = np.random.default_rng(7)
    for n, m in [(1, 0), (50, 0), (200, 150), (2000, 1900), (3000, 6000)]:
        pairs = rng.integers(0, n, size=(m, 2))
        labels = min_labels(n, pairs)
        _, ref = connected_components(
            coo_matrix((np.ones(m), (pairs[:, 0], pairs[:, 1])), shape=(n, n)), directed=False
        )
        # same partition
        assert len(set(zip(labels.tolist(), ref.tolist(), strict=True))) == len(set(ref.tolist()))
        # each label is the smallest row of its component, whatever the pair order
        for label in set(labels.tolist()):
            assert label == int(np.flatnonzero(labels == label).min())
        assert np.array_equal(min_labels(n, pairs[::-1, ::-1]), labels)
        assert compact(labels).max(initial=-1) + 1 == len(set(ref.tolist()))
    # a long chain needs many rounds of hooking and jumping
    chain = np.stack([np.arange(1, 500), np.arange(0, 499)], axis=1)[::-1]
    assert set(min_labels(500, chain).tolist()) == {0}
    with pytest.raises(ValueError, match="out of range"):
        min_labels(3, np.array([[0, 3]]))
