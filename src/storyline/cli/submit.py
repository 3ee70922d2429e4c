"""The file to hand to ``spark-submit`` (absolute imports, so it runs as a script)::

    SUBMIT="$(python -c 'import storyline.cli.submit as s; print(s.__file__)')"
    spark-submit --master yarn "$SUBMIT" ingest hdfs:///crawl/2026-12-01/ --output out/
    spark-submit --master yarn "$SUBMIT" dedup hdfs:///crawl/2026-12-01.jsonl -o groups.jsonl

The arguments are those of ``storyline ingest`` and ``storyline dedup`` (the one command
line, ``storyline.cli``), run on the Spark engine with the master and settings
spark-submit gives; without a command they are dedup's.  Storyline must be installed
on the driver and the executors (``pip install storyline[spark]``).
"""

import sys

COMMANDS = ("ingest", "dedup")


def submit(argv: list[str]) -> None:
    """Run ``argv``, a Storyline ``ingest`` or ``dedup`` (the default), on the Spark engine."""
    from storyline.cli import main as cli

    command = argv if argv and argv[0] in COMMANDS else ["dedup", *argv]
    cli([*command, "--engine", "spark"], prog_name="storyline")


if __name__ == "__main__":
    submit(sys.argv[1:])
