"""Why two articles are (or are not) the same story: the clustering's score, explained.

``compare_articles`` builds both articles' features against a corpus's IDF (the
database's reprint-group representatives, as clustering does, or just the two texts)
and returns the same-story score with its parts and the names the two share.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..config import StoryConfig
from ..model import Article
from .features import PERSON_WEIGHT, Features, IdfModel, doc_keys, lede_weekdays, merge, place_key, vector
from .score import same_story_threshold, story_score


def fit_corpus(corpus: Sequence[Article]) -> tuple[IdfModel, set[str]]:
    """The IDF model and the person-name keys of a corpus (fit once, compare many)."""
    idf, people = IdfModel(), set()
    for a in corpus:
        words, ents, persons = doc_keys(a.title, a.body, a.language)
        idf.add(words + ents)
        people |= persons
    return idf, people


def copies_features(copies: Sequence[Article], idf: IdfModel, people: set[str]) -> tuple[Features, bool]:
    """Features of an article with its reprints (their centroid, as clustering uses);
    the flag says it has no stated date but an inferred one, which the score does not
    use (clustering never does: dates are inferred from its result)."""
    keyed = [doc_keys(a.title, a.body, a.language) for a in copies]
    people = people.union(*(k[2] for k in keyed))
    dates = [a.date for a in copies if a.date]
    inferred = not dates and any(a.date_inferred for a in copies)
    feats = Features(
        terms=merge(vector(w, idf) for w, _, _ in keyed),
        entities=merge(vector(e, idf, people, PERSON_WEIGHT) for _, e, _ in keyed),
        dates=(min(dates), max(dates)) if dates else None,
        places=frozenset(p for p in (place_key(a.dateline) for a in copies) if p),
        weekdays=frozenset() if dates else frozenset().union(*(lede_weekdays(a.body) for a in copies)),
    )
    return feats, inferred


def _names(fa: Features, fb: Features, idf: IdfModel) -> list[str]:
    """The names two texts share, heaviest first, without a surname repeated beside its name."""
    shared = sorted(set(fa.entities) & set(fb.entities), key=lambda k: (-fa.entities[k] * fb.entities[k], k))
    surfaces = [idf.surface.get(k, k.removeprefix("e:")) for k in shared]
    out = []
    for s in surfaces:
        if any(o != s and o.endswith(" " + s) for o in surfaces) or s in out:
            continue
        out.append(s)
    return [_display(s) for s in out]


def _display(name: str) -> str:
    """A folded name as people write it: ``kim jong un`` -> ``Kim Jong Un``, ``u s`` -> ``U.S.``."""
    words = name.split()
    if all(len(w) == 1 for w in words):
        return ".".join(w.upper() for w in words) + "."
    return " ".join(w.upper() if w.isalnum() and any(c.isdigit() for c in w) else w.capitalize() for w in words)


def compare_articles(
    a: Sequence[Article],
    b: Sequence[Article],
    corpus: Sequence[Article] | None = None,
    config: StoryConfig = StoryConfig(),
    fitted: tuple[IdfModel, set[str]] | None = None,
) -> dict[str, Any]:
    """``{"score", "same_story", "reasons"}`` for two cleaned articles, each given with
    its reprints (``a[0]`` and ``b[0]`` are the articles compared).

    ``reasons`` holds the text and name similarities, the names and people the two
    share, the dates and days apart (and which were inferred), and the dateline places.
    """
    if fitted is not None:
        idf, people = fitted
    else:
        idf, people = fit_corpus(corpus if corpus else [*a, *b])
        idf.flat_names = not corpus
    fa, inferred_a = copies_features(a, idf, people)
    fb, inferred_b = copies_features(b, idf, people)
    if config.embeddings:
        from .embeddings import centroid, embed

        fa.embedding = centroid(list(embed([f"{x.title or ''}. {x.body}" for x in a])))
        fb.embedding = centroid(list(embed([f"{x.title or ''}. {x.body}" for x in b])))
    score, reasons = story_score(fa, fb, config)
    names = _names(fa, fb, idf)
    person_names = {idf.surface.get(k, "") for k in people}
    reasons.update(
        shared_names=names[:12],
        shared_people=[n for n in names if n.lower() in person_names][:8],
        dates={a[0].id: fa.dates[0] if fa.dates else None, b[0].id: fb.dates[0] if fb.dates else None},
        dates_inferred={x[0].id: x[0].date_inferred for x, inf in ((a, inferred_a), (b, inferred_b)) if inf},
    )
    threshold = same_story_threshold(fa, fb, config)
    return {"score": round(score, 4), "same_story": score >= threshold, "threshold": threshold, "reasons": reasons}
