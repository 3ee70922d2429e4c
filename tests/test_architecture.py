"""The house shape: the pure core imports nothing from the edges."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "storyline"
CORE = ["text", "reprints", "stories", "extract", "model.py"]
EDGES = {"io", "store", "cli", "web", "scale", "pipeline", "api"}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.lstrip("."))
            if node.level >= 2 or node.module.startswith("storyline"):
                names.add(node.module.removeprefix("storyline.").split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def _core_files():
    for part in CORE:
        p = SRC / part
        yield from (sorted(p.rglob("*.py")) if p.is_dir() else [p])


@pytest.mark.parametrize("path", list(_core_files()), ids=lambda p: str(p.relative_to(SRC)))
def test_core_does_not_import_edges(path):
    bad = {n for n in _imports(path) if n.split(".")[0] in EDGES}
    assert not bad, f"{path.relative_to(SRC)} imports edge module(s) {sorted(bad)}"


def test_modules_stay_small():
    for path in SRC.rglob("*.py"):
        assert len(path.read_text().splitlines()) <= 500, path
