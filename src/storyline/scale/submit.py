"""The file to hand to ``spark-submit`` (absolute imports, so it runs as a script)::

    SUBMIT="$(python -c 'import storyline.scale.submit as s; print(s.__file__)')"
    spark-submit --master yarn "$SUBMIT" ingest hdfs:///crawl/2026-12-01/ --output out/
    spark-submit --master yarn "$SUBMIT" dedup hdfs:///crawl/2026-12-01.jsonl -o groups.jsonl
    spark-submit --master yarn "$SUBMIT" hdfs:///crawl/2026-12-01.jsonl -o groups.jsonl   # dedup

``ingest`` and ``dedup`` take the arguments of ``storyline ingest`` and ``storyline
dedup`` and run on the Spark engine, with the master and settings spark-submit gives;
without a command the arguments are ``python -m storyline.scale.spark``'s (dedup).
Storyline must be installed on the driver and the executors (``pip install
storyline[spark]``).
"""

import sys

from storyline.scale.spark import main

COMMANDS = ("ingest", "dedup")


def submit(argv: list[str]) -> None:
    """Run ``argv``: a Storyline command on the Spark engine, or the dedup entry point."""
    if argv and argv[0] in COMMANDS:
        from storyline.cli import main as cli

        cli([*argv, "--engine", "spark"], prog_name="storyline")
    else:
        main(argv)


if __name__ == "__main__":
    submit(sys.argv[1:])
