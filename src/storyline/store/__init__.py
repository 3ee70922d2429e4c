"""The embedded database: the only module that speaks SQL."""

from .db import Store

__all__ = ["Store"]
