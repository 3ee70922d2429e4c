"""Story clustering's compact vectors give what the dict vectors give."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.stories.clustering import Items
from storyline.stories.features import Evidence, cosine, normalize
from storyline.stories.score import story_score, storyline_score
from storyline.stories.vectors import VectorRows

VECTORS = [
    normalize({"harbour": 2.0, "ferry": 1.5, "kelmar": 3.0}),
    normalize({"ferry": 1.0, "strike": 2.5, "kelmar": 0.5, "union": 1.2}),
    {},
    normalize({"budget": 1.0, "library": 2.0}),
]


def test_rows_give_back_each_vector_as_it_was_added():
    rows = VectorRows(VECTORS)
    assert len(rows) == len(VECTORS)
    for i, vec in enumerate(VECTORS):
        got = rows.vector(i)
        assert got == vec and list(got) == list(vec)  # the same keys, order and floats
    assert list(rows.vectors()) == VECTORS


def test_dots_are_the_cosines_of_the_vectors():
    rows = VectorRows(VECTORS)
    for i, a in enumerate(VECTORS):
        others = np.array([j for j in range(len(VECTORS)) if j != i])
        expected = [cosine(a, VECTORS[j]) for j in others]
        assert rows.dots(i, others).tolist() == pytest.approx(expected, abs=1e-12)
    assert rows.dots(0, np.array([], dtype=np.int64)).tolist() == []
    assert rows.dots(0, np.array([0])).tolist() == pytest.approx([1.0])  # the scratch is left clean


def test_clustering_items_score_as_their_features_do():
    items = Items()
    items.add(VECTORS[0], VECTORS[3], Evidence(("1987-03-02", "1987-03-02"), frozenset({"kelmar"})))
    items.add(VECTORS[1], VECTORS[3], Evidence(("1987-03-06", "1987-03-07"), frozenset({"coast city"})))
    sims = (float(items.terms.dots(0, np.array([1]))[0]), float(items.entities.dots(0, np.array([1]))[0]))
    for scorer in (story_score, storyline_score):
        assert scorer(items.evidence[0], items.evidence[1], sims=sims) == scorer(items.features(0), items.features(1))
        score, reasons = scorer(items.evidence[0], items.evidence[1], sims=sims)
        assert reasons and scorer(items.evidence[0], items.evidence[1], sims=sims, explain=False) == (score, {})
    with pytest.raises(TypeError, match="needs the cosines"):
        story_score(items.evidence[0], items.evidence[1])


def test_group_features_reads_the_keyed_pass_to_its_end():
    """The per-article keys come in as a generator (a mapped pass): it is run to its end,
    and one entry too many is an error, not silently ignored."""
    from storyline.model import Article, ReprintGroup
    from storyline.stories.clustering import article_keys, group_features

    arts = [Article("a", "KELMAR - The ferry strike ended on Monday, Mayor Ona Brask said."), Article("b", "x")]
    arts[0].clean_text, arts[1].clean_text = arts[0].text, "The library budget was cut."
    groups = [ReprintGroup("g1", ["a"], "a"), ReprintGroup("g2", ["b"], "b")]
    ended = []

    def keyed(extra: int):
        try:
            yield from (article_keys(a.title, a.body, True) for a in arts + arts[:extra])
        finally:
            ended.append(extra)

    items, idf = group_features(groups, {a.id: a for a in arts}, keyed(0))
    assert ended == [0] and len(items) == 2 and idf.docs == 2
    assert "e:brask" in items.entities.vector(0) and "library" in items.terms.vector(1)
    with pytest.raises(ValueError, match="more entries"):
        group_features(groups, {a.id: a for a in arts}, keyed(1))


def test_top_keys_of_a_row_are_those_of_its_vector():
    """``VectorRows.top`` picks what ``top_terms`` picks from the dict: the heaviest
    keys, ties (here many) broken by key."""
    from storyline.stories.features import top_terms

    rng = np.random.default_rng(7)
    vectors = VECTORS + [{f"k{j}": float(rng.choice([0.1, 0.2, 0.3])) for j in rng.permutation(40)} for _ in range(20)]
    rows = VectorRows(vectors)
    for i, vec in enumerate(vectors):
        for n in (0, 1, 2, 12, 50):
            assert rows.top(i, n) == top_terms(vec, n)


# Reports written for these tests: copies that differ (one adds a paragraph), a
# spokesman named in one copy only, repeated words, and a copy with no usable word.
REPORTS = [
    ("g1", "KELMAR - The ferry strike ended on Monday, Mayor Ona Brask said. Ferry crews return."),
    ("g1", "KELMAR - The ferry strike ended on Monday, Mayor Ona Brask said.\n\nUnion leader Ivo Tamm agreed."),
    ("g2", "The library budget was cut by the council of Coast City. Library hours shrink."),
    ("g2", "The the the."),
    ("g3", "Spokesman Ivo Tamm said the ferry union in Kelmar would meet the council."),
]


def test_group_vectors_are_the_dict_centroids_bit_for_bit():
    """``group_features`` builds the groups' vectors with numpy; they are, key order and
    floats, what ``merge`` of the members' ``counted_vector``s gives, and a story's
    vector (``merged_rows``) what ``merge`` of its groups' vectors gives."""
    from storyline.model import Article, ReprintGroup
    from storyline.stories.clustering import article_keys, group_features
    from storyline.stories.features import PERSON_WEIGHT, IdfModel, counted_vector, merge
    from storyline.stories.tfidf import merged_rows

    arts = []
    for n, (_, text) in enumerate(REPORTS):
        arts.append(Article(f"a{n}", text, title=f"Report {n}"))
        arts[-1].clean_text = text
    groups = []
    for gid in dict.fromkeys(g for g, _ in REPORTS):
        members = [a.id for a, (g, _) in zip(arts, REPORTS, strict=True) if g == gid]
        groups.append(ReprintGroup(gid, members, members[-1]))  # the representative not first
    by_id = {a.id: a for a in arts}
    items, idf = group_features(groups, by_id)

    ref, people, keyed = IdfModel(), set(), {}
    for g in groups:
        for m in g.members:
            keyed[m] = article_keys(by_id[m].title, by_id[m].body, m == g.representative)
            people |= keyed[m][2]
            if keyed[m][3] is not None:
                ref.add(keyed[m][3])
    assert "e:ivo tamm" in people and idf.docs == ref.docs == 3 and idf.df == ref.df
    assert any(c > 1 for w, _, _, _ in keyed.values() for c in w.counts)
    for i, g in enumerate(groups):
        terms = merge(counted_vector(keyed[m][0].items(), ref) for m in g.members)
        names = merge(counted_vector(keyed[m][1].items(), ref, people, PERSON_WEIGHT) for m in g.members)
        assert list(items.terms.vector(i).items()) == list(terms.items()) and terms
        assert list(items.entities.vector(i).items()) == list(names.items())
    for members in ([0, 2], [2, 1, 0], [1], []):
        got = merged_rows(items.entities, [members, [0]])
        assert list(got.vector(0).items()) == list(merge(items.entities.vector(i) for i in members).items())
        assert got.vector(1) == items.entities.vector(0)
