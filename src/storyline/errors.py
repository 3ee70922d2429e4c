"""Storyline's exceptions: one tree, so callers can catch what they mean.

StorylineError
 +-- InputError          one input (file, line, record) cannot be read; the run goes on
 +-- ConfigError         an option or argument is invalid
 +-- StoreError          the database cannot be opened, migrated or queried
 |    +-- NotFound       no article, reprint group or story has that id
 |    +-- Busy           another writer (an ingest, a load, a correction) holds the database
 +-- MissingDependency   an optional package is needed for this feature ("install X")
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class of every error Storyline raises on purpose."""


class InputError(StorylineError):
    """An input that cannot become an article, with where it came from and why.

    ``location`` is ``path`` or ``path:line``; ``reason`` is a short human sentence.
    """

    def __init__(self, location: str, reason: str) -> None:
        # printable and storable whatever the input held (a file name's undecodable
        # bytes, a lone surrogate, control characters in an archive's garbage)
        location, reason = _printable(location), _printable(reason)
        super().__init__(f"{location}: {reason}")
        self.location = location
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # pickled as its two fields (process pools and Spark workers send errors back)
        return (type(self), (self.location, self.reason))


def _printable(s: str) -> str:
    """``s`` with lone surrogates as U+FFFD and control characters (a tab and a line
    break aside) escaped, at most 500 characters."""
    if not s.isascii() or any(c < " " for c in s):
        s = "".join(
            "\ufffd" if "\ud800" <= c <= "\udfff" else (repr(c)[1:-1] if c < " " and c not in "\t\n" else c)
            for c in s[:500]
        )
    return s[:500]


class ConfigError(StorylineError):
    """An invalid option value."""


class StoreError(StorylineError):
    """The database cannot do what was asked."""


class NotFound(StoreError):
    """No record with the given id."""


class Busy(StoreError):
    """Another writer holds the database (``store/lock.py``); try again when it ends."""


class MissingDependency(StorylineError):
    """An optional dependency is not installed."""

    def __init__(self, package: str, feature: str) -> None:
        super().__init__(f"{feature} needs the package '{package}': pip install {package}")
        self.package = package
