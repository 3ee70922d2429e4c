"""Text: normalisation, boilerplate removal and metadata, all pure functions on strings."""

from .boilerplate import FurnitureModel, learn_furniture
from .clean import clean_article, clean_articles
from .dates import find_date, parse_date
from .metadata import parse_dateline
from .normalize import canonical_words, normalize_unicode

__all__ = [
    "FurnitureModel",
    "canonical_words",
    "clean_article",
    "clean_articles",
    "find_date",
    "learn_furniture",
    "normalize_unicode",
    "parse_date",
    "parse_dateline",
]
