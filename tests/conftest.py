"""Shared fixtures: where the real data lives, and ingested databases of the seeds and demo."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import storyline

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """``../shared`` beside the project (or $STORYLINE_SHARED), when present."""
    candidates = [os.environ.get("STORYLINE_SHARED"), ROOT.parent / "shared"]
    for c in candidates:
        if c and (Path(c) / "seeds").is_dir():
            return Path(c)
    return None


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared/seeds is absent (set STORYLINE_SHARED to its parent folder)")
    return shared / "seeds"


@pytest.fixture(scope="session")
def syndication_dir() -> Path:
    shared = shared_dir()
    path = shared / "data" / "syndication-dev" if shared else None
    if path is None or not (path / "articles.jsonl").exists():
        pytest.skip("../shared/data/syndication-dev is absent")
    return path


@pytest.fixture(scope="session")
def seeds_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    storyline.ingest([seeds_dir], db)
    return db


@pytest.fixture(scope="session")
def seeds_articles(seeds_db: Path) -> dict[str, dict]:
    """The exported articles of the seeds, by the three-digit file prefix."""
    return {a["id"][:3]: a for a in storyline.export_records(seeds_db, "articles")}


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    storyline.ingest([ROOT / "demo" / "corpus"], db)
    return db


@pytest.fixture(scope="session")
def demo_expected() -> dict:
    return json.loads((ROOT / "demo" / "expected.json").read_text())


@pytest.fixture(scope="session")
def demo_corpus() -> Path:
    """The invented demo articles (demo/corpus)."""
    return ROOT / "demo" / "corpus"


@pytest.fixture()
def pool_sizes(monkeypatch) -> list[int]:
    """The worker counts of the fork pools the local mapper starts, in order; any batch
    of two articles or more is large enough for a pool."""
    from storyline.pipeline import executors as parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_ARTICLES", 1)
    sizes: list[int] = []
    real_context = parallel.multiprocessing.get_context

    class Counting:  # a multiprocessing context that notes the pools it starts
        def __init__(self, kind: str) -> None:
            self.context = real_context(kind)

        def Pool(self, n: int, **kwargs):  # noqa: N802 (multiprocessing's name)
            sizes.append(n)
            return self.context.Pool(n, **kwargs)

    monkeypatch.setattr(parallel.multiprocessing, "get_context", Counting)
    return sizes
