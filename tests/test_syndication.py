"""Accuracy on ../shared/data/syndication-dev (real wire text, invented outlets).

Skipped when the data is absent.  benchmarks/syndication.py prints the same figures
with timings; this test holds the targets of issue 2: pairwise F1 >= 0.95, body lines
kept >= 0.99, added boilerplate lines removed >= 0.95.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import syndication  # noqa: E402


@pytest.fixture(scope="module")
def result(syndication_dir):
    return syndication.run(syndication_dir)


def test_reprint_grouping_f1(result):
    assert result["pairwise_f1"] >= 0.95, json.dumps(result)


def test_cleaning_keeps_body_and_removes_boilerplate(result):
    assert result["body_kept"] >= 0.99, json.dumps(result)
    assert result["boilerplate_removed"] >= 0.95, json.dumps(result)
