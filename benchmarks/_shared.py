"""What the benchmarks share: where ../shared is, and its reprint scorer."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``../shared`` beside the project (data and tools), or $STORYLINE_SHARED."""
    for c in (Path(os.environ.get("STORYLINE_SHARED") or ROOT.parent / "shared"),):
        if (c / "tools" / "score_reprints.py").exists():
            return c
    raise SystemExit("../shared (data and tools) not found")


def scorer(name: str = "score_reprints") -> ModuleType:
    """A scorer of ``../shared/tools/`` (``score_reprints`` or ``score_quotes``) as a module."""
    spec = importlib.util.spec_from_file_location(name, shared_dir() / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
