"""Where results are kept: the embedded database (``db.Store``, the only module that
speaks SQL) and dataset folders (``dataset.Dataset``), both an ingest ``sink.Sink``."""

from .db import Store
from .sink import Sink

__all__ = ["Sink", "Store"]
