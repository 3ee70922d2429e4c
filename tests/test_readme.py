"""The README's tour is what a newcomer gets: each ``$ storyline ...`` line of it runs in an
80-column pseudo-terminal on the demo corpus, and its output ends as the README shows
(progress frames before it aside); and the README stays short."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from terminal import STORYLINE, in_terminal  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _tour() -> list[tuple[list[str], list[str]]]:
    """(command, expected output lines) of the README's console block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```console\n", 1)[1].split("```", 1)[0]
    steps: list[tuple[list[str], list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((shlex.split(line[2:]), []))
        else:
            steps[-1][1].append(line)
    return steps


def _lines(text: str | list[str]) -> list[str]:
    lines = text.splitlines() if isinstance(text, str) else text
    return [line.rstrip() for line in lines if line.strip()]


@pytest.mark.skipif(not STORYLINE.exists(), reason="the storyline command is not installed beside this Python")
def test_the_readme_tour_prints_what_the_readme_shows(tmp_path):
    (tmp_path / "demo").symlink_to(ROOT / "demo")
    steps = _tour()
    assert [cmd[:2] for cmd, _ in steps] == [["storyline", "ingest"], ["storyline", "stories"], ["storyline", "quotes"]]
    for cmd, expected in steps:
        got = _lines(in_terminal([str(STORYLINE), *cmd[1:]], tmp_path))
        want = _lines(expected)
        assert got[-len(want) :] == want, f"$ {shlex.join(cmd)}\n" + "\n".join(got[-len(want) :])


def test_the_readme_is_a_short_read():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 150
