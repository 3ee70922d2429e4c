"""Word shingles as sorted arrays of 64-bit hashes.

Tokens are put in canonical form (``text.normalize.canonical_words``), each distinct
token is hashed once with xxhash (cached), and the k-gram hashes are combined with
numpy in one vectorised pass: no per-shingle Python loop.
"""

from __future__ import annotations

import numpy as np
import xxhash

from ..text.normalize import canonical_words

_TOKEN_HASHES: dict[str, int] = {}
_TOKEN_CACHE_LIMIT = 2_000_000
_MASK64 = (1 << 64) - 1
# Odd multipliers for combining the k token hashes of a shingle (golden-ratio derived).
_MULTIPLIERS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)


def token_hashes(tokens: list[str], seed: int = 0) -> np.ndarray:
    """Stable 64-bit hashes of tokens (the same on every machine and run)."""
    cache = _TOKEN_HASHES if seed == 0 else {}
    out = np.empty(len(tokens), dtype=np.uint64)
    for i, tok in enumerate(tokens):
        h = cache.get(tok)
        if h is None:
            h = xxhash.xxh64_intdigest(tok.encode("utf-8"), seed)
            if len(cache) < _TOKEN_CACHE_LIMIT:
                cache[tok] = h
        out[i] = h
    return out


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the bits of combined hashes."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingle_hashes(hashes: np.ndarray, k: int) -> np.ndarray:
    """Sorted unique hashes of the k-grams of a token-hash sequence.

    A text shorter than ``k`` tokens gives one shingle of all its tokens.
    """
    if k > len(_MULTIPLIERS):
        raise ValueError(f"shingle size {k} > {len(_MULTIPLIERS)}")
    n = len(hashes)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    k = min(k, n)
    with np.errstate(over="ignore"):
        acc = np.zeros(n - k + 1, dtype=np.uint64)
        for j in range(k):
            acc += hashes[j : n - k + 1 + j] * _MULTIPLIERS[j]
        return np.unique(_mix(acc))


def shingle_text(text: str, k: int = 4) -> np.ndarray:
    """Sorted unique shingle hashes of a text.

    >>> a = shingle_text("The programme was cancelled on Friday, officials said.")
    >>> b = shingle_text("the program was canceled on Friday - officials said")
    >>> bool((a == b).all())
    True
    """
    return shingle_hashes(token_hashes(canonical_words(text)), k)
