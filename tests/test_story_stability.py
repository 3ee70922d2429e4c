"""Metamorphic tests: adding unrelated articles must not change the reprint groups,
stories, storylines or inferred dates of the articles already there.  The seeds beside
the demo corpus, beside a slice of syndication-dev (1987 wire copy) and the demo beside
PolNeAR articles (2015-16 US politics) come out, for the original articles, as alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import storyline
from conftest import shared_dir
from storyline.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "corpus"
NO_EXTRACT = storyline.Config(extract=storyline.ExtractConfig(enabled=False))


def _view(db: Path, ids: set[str]) -> dict[str, tuple]:
    """For each of ``ids``: which of ``ids`` share its group, its story and its storyline,
    and its inferred date."""
    with Store(db, create=False) as store:
        arts = {a.id: a for a in store.articles() if a.id in ids}
    assert set(arts) == ids

    def mates(field: str, a) -> frozenset[str]:
        return frozenset(x for x, b in arts.items() if getattr(b, field) == getattr(a, field))

    return {
        i: (mates("reprint_group", a), mates("story", a), mates("storyline", a), a.date_inferred)
        for i, a in arts.items()
    }


def _ingest(tmp_path: Path, name: str, paths: list[Path]) -> Path:
    db = tmp_path / f"{name}.db"
    storyline.ingest(paths, db, NO_EXTRACT)
    return db


def _ids(db: Path) -> set[str]:
    with Store(db, create=False) as store:
        return {a.id for a in store.articles()}


def _unchanged_beside(tmp_path: Path, original: Path, other: list[Path]) -> None:
    alone = _ingest(tmp_path, "alone", [original])
    ids = _ids(alone)
    beside = _ingest(tmp_path, "beside", [original, *other])
    assert _view(beside, ids) == _view(alone, ids)


@pytest.fixture(scope="module")
def seeds_copy(tmp_path_factory) -> Path:
    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared/seeds is absent (set STORYLINE_SHARED to its parent folder)")
    # the seeds as their own folder (ids are paths under the folder given)
    out = tmp_path_factory.mktemp("seeds") / "seeds"
    shutil.copytree(shared / "seeds", out, ignore=shutil.ignore_patterns("*.md"))
    return out


def test_the_seeds_beside_the_demo_corpus(tmp_path, seeds_copy):
    _unchanged_beside(tmp_path, seeds_copy, [DEMO])


def test_the_demo_corpus_beside_the_seeds(tmp_path, seeds_copy):
    _unchanged_beside(tmp_path, DEMO, [seeds_copy])


@pytest.mark.parametrize("start", [0, 3000])
def test_the_seeds_beside_1000_syndication_articles(tmp_path, seeds_copy, syndication_dir, start):
    lines = (syndication_dir / "articles.jsonl").read_text(encoding="utf-8").splitlines()[start : start + 1000]
    slice_file = tmp_path / "slice.jsonl"
    slice_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _unchanged_beside(tmp_path, seeds_copy, [slice_file])


def test_the_demo_corpus_beside_polnear_articles(tmp_path):
    shared = shared_dir()
    text = shared / "data" / "polnear" / "train" / "text" if shared else None
    if text is None or not text.is_dir():
        pytest.skip("../shared/data/polnear is absent")
    folder = tmp_path / "polnear"
    folder.mkdir()
    for f in sorted(text.glob("*.txt"))[::4]:  # 210 articles of the 840, every outlet
        shutil.copyfile(f, folder / f.name)
    _unchanged_beside(tmp_path, DEMO, [folder])


def test_the_seeds_come_out_as_expected_beside_others(tmp_path, seeds_copy):
    """EXPECTED.md's stories and storylines, beside the demo corpus."""
    db = _ingest(tmp_path, "both", [seeds_copy, DEMO])
    with Store(db, create=False) as store:
        seeds = {a.id[:3]: a for a in store.articles() if a.id[:3] in {"000", "001", "002", "004"}}
    assert seeds["000"].story == seeds["001"].story
    assert len({seeds[k].story for k in ("000", "002", "004")}) == 3
    assert seeds["000"].storyline == seeds["004"].storyline != seeds["002"].storyline
    # 000 and 001 have no date of their own; any inferred date is the 2013 week's
    assert all((seeds[k].date_inferred or "2013-04")[:7] == "2013-04" for k in ("000", "001"))
