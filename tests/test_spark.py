"""The Spark engine gives the local engine's reprint groups, line for line.

Runs Spark in local mode (local[2]); skipped, saying so, when pyspark or Java is absent.
"""

from __future__ import annotations

import json
import operator
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.config import Config, ExtractConfig
from storyline.pipeline.dedup import dedup

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: Spark needs it")
    from storyline.spark.dedup import session

    s = session("local[2]", app="storyline-tests")
    yield s
    s.stop()


def _both(paths, tmp_path: Path, spark, config: Config | None = None):
    from storyline.spark.dedup import spark_dedup

    local, distributed = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"
    a = dedup(paths, local, config, write_deduplicated=tmp_path / "local-unique.jsonl")
    b = spark_dedup(paths, distributed, config, write_deduplicated=tmp_path / "spark-unique.jsonl")
    # the representatives' records too
    assert (tmp_path / "local-unique.jsonl").read_bytes() == (tmp_path / "spark-unique.jsonl").read_bytes()
    return a, b, local.read_bytes(), distributed.read_bytes()


def test_demo_corpus_same_groups_and_ids_as_local(spark, tmp_path):
    a, b, local, distributed = _both([ROOT / "demo" / "corpus"], tmp_path, spark)
    assert local == distributed
    assert (a.articles, a.groups, a.groups_with_copies) == (b.articles, b.groups, b.groups_with_copies)
    assert b.groups_with_copies > 0  # the demo has reprints: the comparison is not vacuous


def test_bad_lines_and_repeated_ids_cost_only_themselves(spark, tmp_path):
    body = "The harbour board said on {day} that the ferry pier at Kelmar will close for repairs " * 3
    rows = [
        {"id": "a", "text": body.format(day="Monday"), "outlet": "Kelmar Post"},
        {"id": "b", "text": body.format(day="Monday") + " Workers met the board.", "outlet": "Coast Daily"},
        {"id": "a", "text": "A second record under an id already used.", "outlet": "Coast Daily"},
        {"id": "c", "text": "The council approved a new budget for the city library on Tuesday evening."},
    ]
    src = tmp_path / "in.jsonl"
    lines = [json.dumps(r) for r in rows]
    lines.insert(2, '{"id": "broken", "text": ')  # malformed JSON on line 3
    src.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    a, b, local, distributed = _both([src], tmp_path, spark)
    assert local == distributed
    got = [json.loads(x) for x in distributed.decode().splitlines()]
    assert [r["id"] for r in got] == ["a", "b", "c"]
    assert got[0]["reprint_group"] == got[1]["reprint_group"] != got[2]["reprint_group"]
    assert len(a.errors) == len(b.errors) == 2
    assert any("malformed JSON" in e.reason and e.location.endswith(":3") for e in b.errors)
    assert [(e.location, e.reason) for e in a.errors if "duplicate" in e.reason] == [
        (e.location, e.reason) for e in b.errors if "duplicate" in e.reason
    ]


def test_syndication_dev_same_as_local(spark, syndication_dir, tmp_path):
    a, b, local, distributed = _both([syndication_dir / "articles.jsonl"], tmp_path, spark)
    assert local == distributed
    assert a.groups_with_copies == b.groups_with_copies > 1000


def test_twenty_thousand_generated_articles_same_as_local(spark, syndication_dir, tmp_path):
    tool = syndication_dir.parents[1] / "tools" / "syndicate.py"
    if not tool.exists():
        pytest.skip("../shared/tools/syndicate.py is absent")
    out = tmp_path / "s20k"
    subprocess.run(
        [sys.executable, str(tool), "--source", "reuters", "--split", "a", "--scale", "20000", "--out", str(out)]
        + ["--no-stats"],
        check=True,
        capture_output=True,
    )
    a, b, local, distributed = _both([out / "articles.jsonl"], tmp_path, spark)
    assert a.articles == 20_000
    assert local == distributed


def test_a_folder_mixing_text_files_and_json_lines_keeps_the_input_order(spark, tmp_path):
    story = "The harbour board said on Monday that the ferry pier at Kelmar will close for repairs until May. " * 3
    other = "The city council approved a larger budget for the public library after a long debate on Tuesday. " * 3
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(story, encoding="utf-8")
    (folder / "b.jsonl").write_text(
        json.dumps({"id": "b1", "text": other}) + "\n" + json.dumps({"id": "b2", "text": story}) + "\n",
        encoding="utf-8",
    )
    (folder / "c.txt").write_text(other + " Workers welcomed it.", encoding="utf-8")
    _, _, local, distributed = _both([folder], tmp_path, spark)
    assert local == distributed
    assert [json.loads(x)["id"] for x in distributed.decode().splitlines()] == ["a.txt", "b1", "b2", "c.txt"]


def test_json_lines_in_legacy_and_wide_encodings_dedup_as_on_the_local_engine(spark, tmp_path):
    story = "Caf\u00e9 owners in Z\u00fcrich said the \u201cnew rules\u201d would cost them \u20ac400 a month. " * 3
    other = "The city council approved a larger budget for the public library after a long debate on Tuesday. " * 3
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in (("w1", story), ("w2", other))]
    (folder / "a-wide.jsonl").write_bytes(("\n".join(lines) + "\n").encode("utf-16"))
    (folder / "b-legacy.jsonl").write_bytes((lines[0].replace("w1", "l1") + "\n").encode("cp1252"))
    _, _, local, distributed = _both([folder], tmp_path, spark)
    assert local == distributed
    rows = [json.loads(x) for x in distributed.decode().splitlines()]
    assert [r["id"] for r in rows] == ["w1", "w2", "l1"]
    assert rows[0]["reprint_group"] == rows[2]["reprint_group"] != rows[1]["reprint_group"]


def _exports(db: Path) -> dict[str, list[dict]]:
    from storyline.api import EXPORT_KINDS, export_records

    return {kind: list(export_records(db, kind)) for kind in EXPORT_KINDS}


def test_ingest_on_spark_gives_the_local_database(spark, tmp_path, monkeypatch):
    import storyline.extract
    import storyline.pipeline.stages as pipeline
    import storyline.spark.executor  # noqa: F401
    from storyline.api import ingest
    from storyline.pipeline.executors import LocalMapper

    monkeypatch.setattr(pipeline, "CHUNK", 5)  # several chunks: several Spark tasks
    monkeypatch.setattr(storyline.spark.executor, "WAVE_JOBS_PER_CORE", 1)  # and several waves of them
    corpus = [ROOT / "demo" / "corpus"]
    local = ingest(corpus, tmp_path / "local.db")

    def not_here(*args, **kwargs):
        raise AssertionError("per-article work ran in the driver, not in Spark tasks")

    # Spark's Python workers are fresh interpreters: these patches bind the driver only
    for module, name in [
        (pipeline, "clean_article"),
        (pipeline, "reclean"),
        (pipeline, "article_keys"),
        (storyline.extract, "extract_texts"),
        (LocalMapper, "__call__"),
    ]:
        monkeypatch.setattr(module, name, not_here)
    distributed = ingest(corpus, tmp_path / "spark.db", engine="spark", spark_master="local[2]")
    assert (local.articles, local.groups, local.stories, local.quotes, local.entities) == (
        distributed.articles,
        distributed.groups,
        distributed.stories,
        distributed.quotes,
        distributed.entities,
    )
    assert distributed.quotes > 0 and distributed.entities > 0  # there was something to extract
    assert _exports(tmp_path / "local.db") == _exports(tmp_path / "spark.db")
    # a second run over the same input changes nothing, on Spark too
    again = ingest(corpus, tmp_path / "spark.db", engine="spark", spark_master="local[2]")
    assert (again.added, again.updated, again.unchanged) == (0, 0, local.read)
    assert _exports(tmp_path / "local.db") == _exports(tmp_path / "spark.db")


def test_spark_mapper_sends_jobs_in_waves_and_keeps_their_order(spark, monkeypatch):
    import storyline.spark.executor as spark_ingest

    monkeypatch.setattr(spark_ingest, "WAVE_JOBS_PER_CORE", 1)  # waves of two jobs on local[2]
    jobs = [list(range(n, n + 3)) for n in range(0, 27, 3)]
    # operator.mul(job, shared): a function Spark's workers can import (a test's cannot)
    out = list(spark_ingest.SparkMapper("local[2]")(operator.mul, jobs, 2))
    assert out == [job + job for job in jobs]


def test_spark_mapper_frees_each_waves_jvm_objects_without_waiting_for_the_collector(spark, monkeypatch):
    # py4j's proxies are reference cycles: until they are collected the JVM keeps each
    # wave's RDD (its articles).  With the collector off (as good as off with a million
    # articles on the driver: its oldest generation runs rarely), a wave's proxies must
    # still be gone when it ends, and without releasing_proxies they are not.
    import contextlib
    import gc

    from py4j.java_gateway import JavaObject

    import storyline.spark.executor as spark_ingest

    monkeypatch.setattr(spark_ingest, "WAVE_JOBS_PER_CORE", 1)  # waves of two jobs on local[2]

    def proxies_left_by(waves: int) -> int:
        jobs = [[n] for n in range(2 * waves)]
        gc.collect()
        gc.disable()
        try:
            before = sum(isinstance(o, JavaObject) for o in gc.get_objects())
            assert list(spark_ingest.SparkMapper("local[2]")(operator.mul, jobs, 2)) == [job + job for job in jobs]
            return sum(isinstance(o, JavaObject) for o in gc.get_objects()) - before
        finally:
            gc.enable()

    proxies_left_by(1)  # the session's own proxies made
    # a pass leaves its few (its broadcast's), whatever its number of waves
    assert proxies_left_by(12) == proxies_left_by(4)
    monkeypatch.setattr(spark_ingest, "releasing_proxies", contextlib.nullcontext)
    assert proxies_left_by(12) - proxies_left_by(4) >= 8  # without it: some for every wave


def test_ingest_reads_files_in_spark_tasks_with_the_local_order_and_errors(spark, tmp_path, monkeypatch):
    import storyline.spark.executor as spark_ingest
    from storyline.api import ingest

    src = tmp_path / "in"
    shutil.copytree(ROOT / "demo" / "corpus" / "harbour-herald", src / "herald")
    body = "The harbour board said on Monday that the ferry pier at Kelmar will close for repairs in March. " * 3
    rows = [json.dumps({"id": "j1", "text": body, "outlet": "Coast Daily"}), "{not json", json.dumps({"id": "j2"})]
    rows += [
        "",
        *(json.dumps({"id": f"j{n}", "text": f"Item {n}. {body}", "outlet": "Coast Daily"}) for n in (3, 4, 5)),
    ]
    (src / "wire.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    # the JSON-lines file read as parts of a few lines, a task each; waves of two jobs' bytes
    monkeypatch.setattr(spark_ingest, "SPLIT_BYTES", 300)
    monkeypatch.setattr(spark_ingest, "WAVE_BYTES", 700)
    assert len(spark_ingest._jobs(src / "wire.jsonl", "wire.jsonl", Config().reader)) >= 3
    (src / "page.html").write_text(
        f"<html><head><title>Pier to close</title></head><body><article><h1>Pier to close</h1><p>{body}</p>"
        "<p>Workers met the board on Tuesday to discuss the schedule for the repairs.</p></article></body></html>",
        encoding="utf-8",
    )
    (src / "photo.png").write_bytes(b"\x89PNG\r\n")
    paths = [src, tmp_path / "missing.jsonl"]
    local = ingest(paths, tmp_path / "local.db", engine="local")

    def not_here(*args, **kwargs):
        raise AssertionError("a file was read in the driver, not in a Spark task")

    monkeypatch.setattr(spark_ingest, "read_path", not_here)
    distributed = ingest(paths, tmp_path / "spark.db", engine="spark", spark_master="local[2]")
    assert [(e.location, e.reason) for e in local.errors] == [(e.location, e.reason) for e in distributed.errors]
    assert len(local.errors) == 3  # the bad line, the record without text, the missing path
    assert (local.read, local.files, local.ignored) == (distributed.read, distributed.files, distributed.ignored)
    assert local.ignored and local.read > 3
    assert _exports(tmp_path / "local.db") == _exports(tmp_path / "spark.db")


def test_ingest_on_spark_writes_the_local_dataset(spark, tmp_path):
    from storyline.api import ingest, load_dataset
    from storyline.store.dataset import Dataset
    from storyline.store.rows import TABLES

    corpus = [ROOT / "demo" / "corpus"]
    ingest(corpus, output=tmp_path / "local")
    ingest(corpus, output=tmp_path / "spark", engine="spark", spark_master="local[2]")
    for table, columns in TABLES.items():
        keep = [c for c in columns if c not in ("ingested_at", "updated_at")]
        rows = [
            [{c: r[c] for c in keep} for r in Dataset(tmp_path / name).read_table(table)] for name in ("local", "spark")
        ]
        assert rows[0] == rows[1] and rows[0], table
    load_dataset(tmp_path / "spark", tmp_path / "loaded.db")
    ingest(corpus, tmp_path / "direct.db")
    assert _exports(tmp_path / "loaded.db") == _exports(tmp_path / "direct.db")


def _demo_records() -> list[dict]:
    corpus = ROOT / "demo" / "corpus"
    return [
        {"id": f"{p.parent.name}/{p.stem}", "text": p.read_text(encoding="utf-8"), "outlet": p.parent.name}
        for p in sorted(corpus.rglob("*.txt"))
    ]


def _jsonl(path: Path, records: list[dict], extra: list[str] = ()) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + "".join(x + "\n" for x in extra), encoding="utf-8")
    return path


def _index_contents(index: Path) -> tuple:
    from storyline.reprints.dedup import VERIFY_SAMPLE
    from storyline.store.signature_index import load_index

    prior = load_index(index, Config().reprints, VERIFY_SAMPLE)
    return (
        prior.ids,
        prior.groups,
        prior.sigs.tolist(),
        prior.sets.tolist(),
        prior.offsets.tolist(),
        prior.stops.tolist(),
    )


def test_dedup_with_an_index_on_spark_gives_the_embedded_batches(spark, tmp_path):
    from storyline.spark.dedup import spark_dedup

    recs = _demo_records()
    day1 = _jsonl(tmp_path / "day1.jsonl", recs[::2])
    # day 2: the other half, an article that joins two of day 1's groups (so one of them
    # is regrouped), a bad line, an id repeated within the day and one day 1 indexed
    bridge = {"id": "bridge", "text": recs[0]["text"] + "\n\n" + recs[2]["text"], "outlet": "digest"}
    day2 = _jsonl(tmp_path / "day2.jsonl", [*recs[1::2], bridge, recs[1], recs[0]], ["{broken"])
    runs = {}
    for engine, run in (("local", dedup), ("spark", spark_dedup)):
        index = tmp_path / f"index-{engine}"
        reports = [
            run([day], tmp_path / f"{engine}-{n}.jsonl", index=index) for n, day in enumerate([day1, day2, day2])
        ]
        runs[engine] = (
            [
                (r.articles, r.groups, r.groups_with_copies, r.duplicates, r.indexed, r.already_indexed, r.regrouped)
                for r in reports
            ],
            [[(e.location, e.reason) for e in r.errors] for r in reports],
            [(tmp_path / f"{engine}-{n}.jsonl").read_bytes() for n in range(3)],
            _index_contents(index),
        )
    assert runs["spark"] == runs["local"]
    counts, errors, outputs, _ = runs["spark"]
    assert counts[1][5] == 1 and counts[1][6] >= 1  # one already indexed, an earlier article regrouped
    assert len(errors[1]) == 2 and outputs[2] == b""  # the bad line and the repeat; day 2 again: nothing
    # either engine takes the next batch of an index the other wrote
    dedup([day1], tmp_path / "mixed-0.jsonl", index=tmp_path / "mixed")
    spark_dedup([day2], tmp_path / "mixed-1.jsonl", index=tmp_path / "mixed")
    assert (tmp_path / "mixed-1.jsonl").read_bytes() == outputs[1]
    assert _index_contents(tmp_path / "mixed") == runs["local"][3]


def test_spark_submit_runs_ingest_and_dedup_on_the_master_it_is_given(spark, tmp_path):
    from storyline.api import ingest
    from storyline.store.dataset import Dataset

    submit_cmd = Path(sys.executable).with_name("spark-submit")
    if not submit_cmd.exists():
        pytest.skip("spark-submit is not beside this interpreter (pyspark installs it)")
    import storyline.cli.submit as submit

    env = {**os.environ, "PATH": f"{submit_cmd.parent}:{os.environ['PATH']}"}
    corpus = ROOT / "demo" / "corpus" / "harbour-herald"
    day = _jsonl(tmp_path / "day.jsonl", _demo_records()[:12])

    def run(*args: str) -> str:
        cmd = [str(submit_cmd), "--master", "local[1]", submit.__file__, *args]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout + done.stderr

    # dedup without a command: spark-submit's master, not local[*]
    assert "on Spark local[1]" in run(str(day), "-o", str(tmp_path / "submitted.jsonl"))
    dedup([day], tmp_path / "local.jsonl")
    assert (tmp_path / "submitted.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    # a CLI command: ingest into a dataset
    assert "Dataset holds" in run("ingest", str(corpus), "--no-extract", "--output", str(tmp_path / "ds"))
    ingest([corpus], output=tmp_path / "local-ds", config=Config(extract=ExtractConfig(enabled=False)))
    for table in ("articles", "reprint_groups", "stories"):
        strip = [
            [
                {k: v for k, v in r.items() if k not in ("ingested_at", "updated_at")}
                for r in Dataset(d).read_table(table)
            ]
            for d in (tmp_path / "ds", tmp_path / "local-ds")
        ]
        assert strip[0] == strip[1] and strip[0], table
