"""The Spark session every Spark job of Storyline runs in: the one running (under
``spark-submit``, its master wins), or a new one (``local[*]`` unless told)."""

from __future__ import annotations

import os
import sys
from typing import Any

from ..errors import MissingDependency


def session(master: str | None = None, app: str = "storyline") -> Any:
    """A Spark session: ``master`` (``local[*]`` when None) unless one is running."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        raise MissingDependency("pyspark", "the Spark engine (pip install 'storyline[spark]')") from e
    # local workers run this interpreter, which has storyline installed
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app).config("spark.ui.enabled", "false")
    builder = builder.config("spark.sql.shuffle.partitions", "8").config("spark.ui.showConsoleProgress", "false")
    builder = builder.config("spark.python.worker.faulthandler.enabled", "true")
    master = master or (None if _active() or _submitted() else "local[*]")
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):  # one JVM does everything: give it room
        builder = builder.config("spark.driver.memory", os.environ.get("STORYLINE_SPARK_MEMORY", "4g"))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _active() -> bool:
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession() is not None


def _submitted() -> bool:
    """Whether ``spark-submit`` set the master (its ``--master`` must win over ours)."""
    from pyspark import SparkConf, SparkContext

    SparkContext._ensure_initialized()  # the JVM (spark-submit's, or a new one) holds the settings
    return SparkConf().contains("spark.master")
