"""Walking the folders a user names: which files are read, in which order, and why the
others are not.

Folders are walked in sorted order, hidden files and folders left out.  A symbolic link
whose target lies outside the folder given is not followed (a link to ``/etc/passwd``
in a crawl folder is not an article) unless ``ReaderConfig.follow_links``; a folder that
cannot be read is reported, not skipped in silence.  An id made from a file name that is
not UTF-8 keeps its undecodable bytes as U+FFFD (``records.fs_text``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..config import ReaderConfig
from ..errors import InputError
from .records import fs_text
from .report import ReadReport


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path``, all links resolved, lies inside ``root``."""
    try:
        path.resolve(strict=True).relative_to(root.resolve())
    except (OSError, ValueError, RuntimeError):  # outside, dangling, or a link loop
        return False
    return True


def walk_folder(root: Path, config: ReaderConfig, report: ReadReport) -> Iterator[tuple[Path, str] | InputError]:
    """(file, id it is read under) of every file below ``root`` in sorted order, and an
    InputError for each folder that cannot be read; links leaving ``root`` are noted in
    ``report.links_not_followed`` (unless ``config.follow_links``)."""
    failed: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=failed.append, followlinks=config.follow_links):
        while failed:
            e = failed.pop(0)
            yield InputError(fs_text(str(e.filename or dirpath)), f"cannot read the folder: {e.strerror}")
        here = Path(dirpath)
        kept = []
        for d in sorted(d for d in dirnames if not d.startswith(".")):
            if (here / d).is_symlink() and not _inside(here / d, root):
                report.links_not_followed.append(fs_text(str(here / d)))
                if not config.follow_links:
                    continue
            kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            if path.is_symlink() and not config.follow_links and not _inside(path, root):
                report.links_not_followed.append(fs_text(str(path)))
                continue
            yield path, fs_text(path.relative_to(root).as_posix())
    for e in failed:  # the root itself
        yield InputError(fs_text(str(e.filename or root)), f"cannot read the folder: {e.strerror}")
