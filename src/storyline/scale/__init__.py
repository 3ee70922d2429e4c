"""Runners past one machine: the local pipeline's functions on Apache Spark (``spark.py``)."""
