"""The file to hand to ``spark-submit`` (absolute imports, so it runs as a script)::

    spark-submit --master yarn "$(python -c 'import storyline.scale.submit as s; print(s.__file__)')" \\
        hdfs:///crawl/2026-12-01.jsonl -o groups.jsonl

Storyline must be installed on the driver and the executors (``pip install storyline[spark]``).
"""

from storyline.scale.spark import main

if __name__ == "__main__":
    main()
