"""Storyline: from a pile of scraped news articles to reprint groups, stories and storylines.

The public API::

    import storyline
    report = storyline.ingest(["articles/"], "news.db")   # read, clean, group, store
    for story in storyline.list_stories("news.db"):            # newest first
        print(story.first_date, story.title, len(story.articles))
    storyline.show("news.db", story.id)                   # any id, as data
    storyline.lineage("news.db", group_id)                # what each reprint changed
    storyline.list_quotes("news.db", speaker="Lavrov")    # who said what, merged across copies
    storyline.list_entities("news.db", kind="person")     # name variants merged
    storyline.export("news.db", "articles", "out.parquet", "parquet")
    storyline.ingest(["articles/"], output="out/")          # a dataset of Parquet tables instead
    storyline.load_dataset("out/", "news.db")                # ... into a database

The pure stages are importable on their own: ``storyline.text.clean_article``,
``storyline.reprints.find_reprint_groups``, ``storyline.stories.find_stories``,
``storyline.extract.extract_texts``.
"""

from .api import (
    ENTITY_TYPES,
    EXPORT_KINDS,
    compare,
    dedup,
    export,
    export_records,
    ingest,
    lineage,
    list_corrections,
    list_entities,
    list_quotes,
    list_stories,
    load_dataset,
    merge_stories,
    open_db,
    search,
    show,
    split_story,
    undo_correction,
)
from .config import CleanConfig, Config, ExtractConfig, ReaderConfig, ReprintConfig, StoryConfig
from .errors import ConfigError, InputError, MissingDependency, NotFound, StoreError, StorylineError
from .model import Article, Entity, EntityMention, Link, Quote, QuoteMention, ReprintGroup, Story, Storyline
from .pipeline import DedupReport, IngestReport

__version__ = "0.1.0"

__all__ = [
    "ENTITY_TYPES",
    "EXPORT_KINDS",
    "Entity",
    "EntityMention",
    "ExtractConfig",
    "Quote",
    "QuoteMention",
    "list_corrections",
    "list_entities",
    "list_quotes",
    "load_dataset",
    "merge_stories",
    "search",
    "split_story",
    "undo_correction",
    "Article",
    "CleanConfig",
    "Config",
    "ConfigError",
    "IngestReport",
    "InputError",
    "Link",
    "MissingDependency",
    "NotFound",
    "ReaderConfig",
    "ReprintConfig",
    "ReprintGroup",
    "Story",
    "StoreError",
    "StoryConfig",
    "Storyline",
    "StorylineError",
    "compare",
    "dedup",
    "DedupReport",
    "export",
    "export_records",
    "ingest",
    "lineage",
    "open_db",
    "show",
    "list_stories",
]
