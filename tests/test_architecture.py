"""The house shape: the pure core imports nothing from the edges, no import loops, one
face (``api``) chooses the engine and carries the command line, and no package reaches
into another's private names.  (Modules are split by concept, not by a line count:
``../shared/docs/house-style.md``.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "storyline"
CORE = ["text", "reprints", "stories", "extract", "model.py"]
EDGES = {"io", "store", "cli", "web", "spark", "pipeline", "api"}


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


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in SRC.rglob("*.py")}


def _targets(module: str) -> list[tuple[str, list[str]]]:
    """(imported storyline module, names taken from it) of every import in ``module``,
    those inside functions too (a lazy import is a dependency all the same)."""
    path = MODULES[module]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            if not base.startswith("storyline"):
                continue
            names = [a.name for a in node.names]
            # "from . import api": the name may be a module of that package
            subs = [f"{base}.{n}" for n in names if f"{base}.{n}" in MODULES]
            if len(subs) < len(names):
                out.append((base, [n for n in names if f"{base}.{n}" not in MODULES]))
            out.extend((m, []) for m in subs)
        elif isinstance(node, ast.Import):
            out.extend((a.name, []) for a in node.names if a.name.startswith("storyline"))
    return [(t, names) for t, names in out if t in MODULES]


GRAPH = {m: {t for t, _ in _targets(m)} - {m} for m in MODULES}


def _area(module: str) -> str:
    """The package (``storyline.pipeline``) or top-level module (``storyline.api``) a module belongs to."""
    return ".".join(module.split(".")[:2])


def test_no_import_loops():
    """No module reaches itself through the modules it imports (a package's ``__init__``
    re-exporting its own modules aside)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops = []

    def edges(m: str) -> set[str]:
        return {t for t in GRAPH[m] if not (MODULES[m].name == "__init__.py" and t.startswith(m + "."))}

    def visit(m: str) -> None:  # Tarjan's strongly connected components
        index[m] = low[m] = len(index)
        stack.append(m)
        for t in edges(m):
            if t not in index:
                visit(t)
                low[m] = min(low[m], low[t])
            elif t in stack:
                low[m] = min(low[m], index[t])
        if low[m] == index[m]:
            component = []
            while True:
                x = stack.pop()
                component.append(x)
                if x == m:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for m in sorted(MODULES):
        if m not in index:
            visit(m)
    assert not loops, f"import loops: {loops}"


def test_only_api_chooses_an_engine():
    """Spark (``spark/``) is imported by the one face, ``api``, and by itself; the
    pipeline runs whatever stages it is given and never imports an engine."""
    bad = sorted(
        (m, t)
        for m, targets in GRAPH.items()
        for t in targets
        if _area(t) == "storyline.spark" and _area(m) not in ("storyline.spark", "storyline.api")
    )
    assert not bad, f"modules importing the Spark engine besides api: {bad}"


@pytest.mark.parametrize("face", ["storyline.cli", "storyline.web"])
def test_faces_go_through_the_api(face):
    """The command line and the web UI read and write through ``api`` (and the settings
    and errors every face shares, and their own helpers), never the pipeline, the store
    or the core directly; the command line starts the web UI (``serve``)."""
    allowed = {"storyline.api", "storyline.config", "storyline.errors", face, "storyline.web"}
    modules = [m for m in MODULES if _area(m) == face]
    assert modules
    for m in modules:
        bad = {t for t in GRAPH[m] if _area(t) not in allowed}
        assert not bad, f"{m} imports {sorted(bad)} instead of going through storyline.api"


def test_no_module_takes_another_packages_private_names():
    bad = [
        (m, t, n)
        for m in MODULES
        for t, names in _targets(m)
        for n in names
        if n.startswith("_") and _area(t) != _area(m)
    ]
    assert not bad, f"private names taken across packages: {bad}"
