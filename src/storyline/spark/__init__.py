"""The Spark engine: the pipeline's stages with their per-article work as Spark tasks
(``executor.py``: ``storyline ingest --engine spark``), reprint grouping in Spark SQL
(``dedup.py``, reading in ``read.py``, the signature index in ``index.py``:
``storyline dedup --engine spark``) and the session (``session.py``); the file for
``spark-submit`` is the command line's (``cli/submit.py``).  Only ``storyline.api``
imports this package."""
