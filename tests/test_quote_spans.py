"""Every quote span indexes exactly the text it claims, on every dev set we have (real
articles, read from ../shared/data; skipped when absent) and on written examples: a
quote's text is its parts' text joined by single spaces, each part a span of the
article's cleaned text, the first part's start and the last part's end its own."""

from __future__ import annotations

import json

import pytest

from conftest import shared_dir
from storyline.extract import extract_texts
from storyline.model import Article
from storyline.text import clean_article


def _bodies(name: str) -> list[str]:
    shared = shared_dir()
    if name == "ggt-quotes-dev":
        path = shared / "data" / "ggt-quotes-dev" / "articles.jsonl" if shared else None
        if path is None or not path.exists():
            pytest.skip("../shared/data/ggt-quotes-dev is absent")
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [clean_article(Article(r["id"], r["text"], title=r.get("title"))).body for r in records]
    folder = shared / "data" / "polnear" / "dev" / "text" if shared else None
    if folder is None or not folder.is_dir():
        pytest.skip("../shared/data/polnear is absent")
    return [clean_article(Article(p.name, p.read_text(encoding="utf-8"))).body for p in sorted(folder.glob("*.txt"))]


def _exact(text: str, q) -> bool:
    parts = q.parts or [(q.start, q.end)]
    return (
        q.text == " ".join(text[a:b] for a, b in parts)
        and (q.start, q.end) == (parts[0][0], parts[-1][1])
        and all(text[a:b] == text[a:b].strip() and b > a for a, b in parts)
    )


@pytest.mark.parametrize("dataset", ["ggt-quotes-dev", "polnear-dev"])
def test_every_quote_span_equals_its_text_on_the_dev_sets(dataset):
    bodies = _bodies(dataset)
    found = [(t, q) for t, ex in zip(bodies, extract_texts(bodies), strict=True) for q in ex.quotes]
    assert len(found) > 100
    wrong = [(q.text[:60], [t[a:b][:30] for a, b in q.parts]) for t, q in found if not _exact(t, q)]
    assert wrong == []


@pytest.mark.parametrize(
    "text, parts",
    [
        # a split quote keeps the comma before its attribution
        (
            '"The talks are over," Mayor Ona Brask said, "but the port stays open."',
            ["The talks are over,", "but the port stays open."],
        ),
        # a quote over two paragraphs: one part each, the second's opening mark left out
        (
            '"We waited nine days.\n\n"Now the boats sail again," union leader Ona Brask said.',
            ["We waited nine days.", "Now the boats sail again"],
        ),
        # the trailing comma before "she said" is not the quote's
        ('"The strike is over," Ona Brask said.', ["The strike is over"]),
    ],
)
def test_quote_parts_keep_their_punctuation_and_index_the_text(text, parts):
    (q,) = extract_texts([text])[0].quotes
    assert [text[a:b] for a, b in (q.parts or [(q.start, q.end)])] == parts
    assert q.text == " ".join(parts) and _exact(text, q)
