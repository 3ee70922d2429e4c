"""What reading found besides articles: the one record every reader adds to."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError


@dataclass(slots=True)
class ReadReport:
    """What reading found besides articles: errors, and files not in a supported format."""

    errors: list[InputError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    files: int = 0
    # records of archives that were not HTML responses (requests, images, metadata)
    archive_counts: dict[str, int] = field(default_factory=dict)
    # files (and archive records) read, by the encoding that decoded them
    encodings: dict[str, int] = field(default_factory=dict)
    # files skipped as a folder's documentation (README, LICENSE, ...)
    documentation: list[str] = field(default_factory=list)
    # symbolic links not followed because they lead out of the folder given
    links_not_followed: list[str] = field(default_factory=list)
    # what was read, but not all of it as given (a date not understood, kept as text)
    warnings: list[InputError] = field(default_factory=list)

    def count_encoding(self, name: str) -> None:
        self.encodings[name] = self.encodings.get(name, 0) + 1

    def merge(self, other: ReadReport) -> None:
        """Add what ``other`` (a part read elsewhere: a Spark task) reported."""
        self.errors.extend(other.errors)
        self.ignored.extend(other.ignored)
        self.documentation.extend(other.documentation)
        self.links_not_followed.extend(other.links_not_followed)
        self.warnings.extend(other.warnings)
        self.files += other.files
        for mine, theirs in ((self.archive_counts, other.archive_counts), (self.encodings, other.encodings)):
            for kind, n in theirs.items():
                mine[kind] = mine.get(kind, 0) + n
