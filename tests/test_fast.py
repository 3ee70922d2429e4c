"""The C shingling path gives exactly what the numpy path gives."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from storyline.reprints import shingles

ROOT = Path(__file__).resolve().parents[1]

TEXTS = [
    "A new exam- ple, an-\nother, a third-  \n  one, a well-known rule, NEW- York and (Reuters) - the end-",
    "Entities left by a scraper: AT&amp;T&#8217;s and &lt;b&gt; but not &bogus; or & alone.",
    "The U.S. and the United States: Mr Smith's programme, 5% or 5 per cent -- cancelled.",
    "e.g. a.b c.d.e. x'y don't  O'Neill's 1990s B2B rn vv 3rd",
    "Caf\u00e9 cr\u00e8me \u2014 \u201cquoted\u201d words \u2026 na\u00efve",
    "\u041c\u043e\u0441\u043a\u0432\u0430 is Moscow in Cyrillic",
    "",
    "one",
    "two words",
    "Only three words",
    # words of 7, 8, 9, 16 and 17 letters (the C word hash reads 8 bytes at a time), and
    # words that differ only past their eighth letter
    "seventh eighthss nineteens abcdefghijklmnop abcdefghijklmnopq abcdefghXY abcdefghXZ",
    "ends on an acronym u.s.",
    "ends on a joined name: united states",
]


@pytest.fixture()
def fast():
    if shingles._fast is None:
        pytest.skip("the C extension storyline.reprints._fast is not built")
    return shingles._fast


def _texts():
    demo = sorted((ROOT / "demo" / "corpus").rglob("*.txt"))
    return TEXTS + [p.read_text() for p in demo]


@pytest.mark.parametrize("k", [1, 3, 4, 5])
def test_c_and_numpy_paths_agree(fast, k):
    texts = _texts()
    flat_c, off_c = shingles.batch_shingles(texts, k)
    flat_n, off_n = shingles.batch_shingles_numpy(texts, k)
    assert np.array_equal(off_c, off_n)
    assert np.array_equal(flat_c, flat_n)


def test_c_path_on_real_wire_text(fast, syndication_dir):
    with open(syndication_dir / "articles.jsonl") as f:
        texts = [json.loads(line)["text"] for line in itertools.islice(f, 500)]
    a = shingles.batch_shingles(texts, 4)
    b = shingles.batch_shingles_numpy(texts, 4)
    assert np.array_equal(a[1], b[1]) and np.array_equal(a[0], b[0])


def test_c_tokenizer_hands_unfoldable_texts_back(fast):
    *_, fallback = fast.token_hashes(["plain \u201cquoted\u201d text", "caf\u00e9 au lait"])
    assert np.frombuffer(fallback, dtype=np.int64).tolist() == [1]


def test_two_word_names_join_only_across_one_space(fast):
    texts = ["the United States and the united  states", "United Nations' staff", "per cent, per\ncent"]
    assert np.array_equal(shingles.batch_shingles(texts, 1)[0], shingles.batch_shingles_numpy(texts, 1)[0])


def test_stops_are_left_out_the_same_way(fast):
    texts = _texts()
    flat, _ = shingles.batch_shingles_numpy(texts, 4)
    stops = np.unique(flat[::7])
    a = shingles.batch_shingles(texts, 4, stops)
    shingles._fast, saved = None, shingles._fast
    try:
        b = shingles.batch_shingles(texts, 4, stops)
    finally:
        shingles._fast = saved
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.isin(a[0], stops).any()


def _numpy_only():
    """Context: run the modules' numpy paths (the extension hidden)."""
    import contextlib

    from storyline.reprints import lsh, minhash

    @contextlib.contextmanager
    def hidden():
        saved = shingles._fast, minhash._fast, lsh._fast
        shingles._fast = minhash._fast = lsh._fast = None
        try:
            yield
        finally:
            shingles._fast, minhash._fast, lsh._fast = saved

    return hidden()


def test_signatures_agree_with_numpy_and_estimate_jaccard(fast):
    from storyline.reprints import minhash

    rng = np.random.default_rng(7)
    sets = [np.unique(rng.integers(0, 2**63, size=int(rng.integers(0, 600)), dtype=np.uint64)) for _ in range(200)]
    offsets = np.concatenate(([0], np.cumsum([len(s) for s in sets]))).astype(np.int64)
    flat = np.concatenate(sets)
    c = minhash.signatures_flat(flat, offsets, 128, 3)
    n = minhash.signatures_flat_numpy(flat, offsets, 128, 3)
    assert np.array_equal(c, n)
    assert (c[[len(s) == 0 for s in sets]] == minhash.EMPTY).all()
    assert not (c[[len(s) > 0 for s in sets]] == minhash.EMPTY).any()  # every bin of a non-empty set is filled
    a, b = np.arange(1, 3001, dtype=np.uint64), np.arange(1001, 4001, dtype=np.uint64)  # Jaccard 0.5
    sig = minhash.signatures([a, b], 256)
    assert abs(minhash.estimate_jaccard(sig[0], sig[1]) - 0.5) < 0.1


@pytest.mark.parametrize("max_bucket", [2, 8])
def test_candidate_pairs_agree_with_numpy(fast, max_bucket):
    from storyline.reprints import lsh

    rng = np.random.default_rng(3)
    sigs = rng.integers(0, 40, size=(3000, 128), dtype=np.uint32)
    sigs[5] = 0xFFFFFFFF  # an empty set's row pairs with nothing
    c = lsh.candidate_pairs(sigs, 51, 2, max_bucket=max_bucket)
    n = lsh.candidate_pairs_numpy(sigs, 51, 2, max_bucket=max_bucket)
    assert len(c) > 1000 and np.array_equal(c, n)
    assert (c[:, 0] < c[:, 1]).all() and not (c == 5).any()


def test_sketch_agrees_with_the_composed_numpy_path(fast):
    texts = _texts()
    flat, _ = shingles.batch_shingles_numpy(texts, 4)
    stops = np.unique(flat[::9])
    c = shingles.sketch_batch(texts, 4, 128, 1, 4, stops)
    with _numpy_only():
        n = shingles.sketch_batch(texts, 4, 128, 1, 4, stops)
    for x, y in zip(c, n, strict=True):
        assert np.array_equal(x, y)
    assert len(c[1]) > 0 and c[0].shape == (len(texts), 128)
