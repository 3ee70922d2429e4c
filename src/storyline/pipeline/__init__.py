"""The pipeline: the stages every engine runs (``stages.py``), the executors that run a
stage's per-article work (``executors.py``: this process or a fork pool; Spark's is in
``spark/``), id reconciliation across runs (``ids.py``), and the two jobs, ``ingest``
(``ingest.py``: into a database or dataset) and ``dedup`` (``dedup.py``: reprint groups
only, no database).  ``api`` chooses the engine; this package never imports one.
"""

from .dedup import DedupReport, dedup
from .ingest import IngestReport, collect, ingest, restory
from .stages import (
    Batch,
    CleanStage,
    ExtractStage,
    RefineStage,
    ReprintStage,
    Stage,
    StoryStage,
    default_stages,
    run_local,
)

__all__ = [
    "Batch",
    "CleanStage",
    "DedupReport",
    "ExtractStage",
    "IngestReport",
    "RefineStage",
    "ReprintStage",
    "Stage",
    "StoryStage",
    "collect",
    "dedup",
    "default_stages",
    "ingest",
    "restory",
    "run_local",
]
