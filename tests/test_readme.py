"""The README's tour is what a newcomer gets: each ``$ storyline ...`` line of it runs in an
80-column pseudo-terminal on the demo corpus, and its output ends as the README shows
(progress frames before it aside); and the README stays short."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shlex
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STORYLINE = Path(sys.executable).with_name("storyline")
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


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


def _in_terminal(args: list[str], cwd: Path) -> str:
    """What ``args`` print in an 80-column pseudo-terminal, escape codes removed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "TERM")}
    env["TERM"] = "xterm"
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=600)
    os.close(master)
    return _ESCAPES.sub("", b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n"))


def _lines(text: str | list[str]) -> list[str]:
    lines = text.splitlines() if isinstance(text, str) else text
    return [line.rstrip() for line in lines if line.strip()]


@pytest.mark.skipif(not STORYLINE.exists(), reason="the storyline command is not installed beside this Python")
def test_the_readme_tour_prints_what_the_readme_shows(tmp_path):
    (tmp_path / "demo").symlink_to(ROOT / "demo")
    steps = _tour()
    assert [cmd[:2] for cmd, _ in steps] == [["storyline", "ingest"], ["storyline", "stories"], ["storyline", "quotes"]]
    for cmd, expected in steps:
        got = _lines(_in_terminal([str(STORYLINE), *cmd[1:]], tmp_path))
        want = _lines(expected)
        assert got[-len(want) :] == want, f"$ {shlex.join(cmd)}\n" + "\n".join(got[-len(want) :])


def test_the_readme_is_a_short_read():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 150
