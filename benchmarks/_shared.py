"""What the benchmarks share: where ../shared is, and its reprint scorer."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``../shared`` beside the project (data and tools), or /work/shared."""
    for c in (ROOT.parent / "shared", Path("/work/shared")):
        if (c / "tools" / "score_reprints.py").exists():
            return c
    raise SystemExit("../shared (data and tools) not found")


def scorer() -> ModuleType:
    """The benchmark's own scorer, ``../shared/tools/score_reprints.py``."""
    spec = importlib.util.spec_from_file_location("score_reprints", shared_dir() / "tools" / "score_reprints.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
