"""How the store writes times and JSON columns (one form for every table)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any


def now() -> str:
    """The current UTC time, to the second, in ISO form."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def to_json(value: Any) -> str:
    """A JSON column: keys sorted (so equal values give equal text), UTF-8 kept."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
