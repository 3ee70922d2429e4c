#!/usr/bin/env python3
"""Intake: files read per encoding with default flags, the detectors compared, and what
finding encodings costs beside a whole ingest.

    python benchmarks/intake.py [--articles N]

1. A folder built from PolNeAR's real texts, each saved as UTF-8, UTF-8 with a BOM,
   cp1252, Latin-1 (where it can hold the text), UTF-16 with a BOM, UTF-16-LE without
   one, and as HTML declaring ISO-8859-1: read with default flags, it prints the files
   read per encoding used and how many came back with exactly the original characters.
2. The detectors on the files that need one (cp1252 and Latin-1 texts with non-ASCII
   characters): chardet (Storyline's), charset-normalizer and cchardet (when installed:
   ``pip install -e '.[bench]'``), share of files whose guess decodes to the original.
3. The cost on syndication-dev as distributed (UTF-8 JSON lines): read with detection
   and with ``--encoding utf-8`` forced, beside the whole ingest (no extraction).
4. The worst case: its first N articles written as one cp1252 .txt file each (every
   file needs the detector), read with detection and with ``--encoding cp1252``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import shared_dir  # noqa: E402
from storyline.config import Config, ReaderConfig  # noqa: E402
from storyline.errors import InputError  # noqa: E402
from storyline.io import ReadReport, read_inputs  # noqa: E402
from storyline.io.encoding import detect_encoding  # noqa: E402
from storyline.pipeline import CleanStage, RefineStage, ReprintStage, StoryStage, run_local  # noqa: E402

SAVES = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 with BOM": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "cp1252": lambda t: t.encode("cp1252"),
    "latin-1": lambda t: t.encode("latin-1"),
    "utf-16 with BOM": lambda t: t.encode("utf-16"),
    "utf-16-le, no BOM": lambda t: t.encode("utf-16-le"),
}


def _html(text: str) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    head = '<html><head><meta charset="ISO-8859-1"><title>t</title></head>'
    page = f"{head}<body><article>{paras}</article></body></html>"
    return page.encode("cp1252")


def build_folder(texts: list[str], folder: Path) -> dict[str, tuple[str, str]]:
    """Write every text in every encoding that can hold it; name -> (saved as, text)."""
    made = {}
    for i, text in enumerate(texts):
        for saved_as, save in {**SAVES, "html declaring ISO-8859-1": _html}.items():
            try:
                data = save(text)
            except UnicodeEncodeError:
                continue
            ext = "html" if saved_as.startswith("html") else "txt"
            name = f"{i:04d}-{saved_as.replace(' ', '_').replace(',', '')}.{ext}"
            (folder / name).write_bytes(data)
            made[name] = (saved_as, text)
    return made


def section_folder(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        made = build_folder(texts, Path(tmp))
        report = ReadReport()
        items = list(read_inputs([tmp], ReaderConfig(), report))
        pages = [p for p in Path(tmp).glob("*.html")]
        forced = {a.id: a.text for a in read_inputs(pages, ReaderConfig(encoding="cp1252"))}
    errors = [i for i in items if isinstance(i, InputError)]
    got = {a.id: a for a in items if not isinstance(a, InputError)}
    by_saved: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    used: dict[str, Counter[str]] = {}
    for name, (saved_as, text) in made.items():
        a = got.get(name)
        if a is None:
            continue
        by_saved[saved_as] += 1
        used.setdefault(saved_as, Counter())[a.encoding or "?"] += 1
        if saved_as.startswith("html"):  # the extractor rewraps text: compare with the page read as cp1252
            exact[saved_as] += a.text == forced.get(name)
        else:
            exact[saved_as] += a.text == text
    print(f"1. {len(made)} files from {len(texts)} PolNeAR texts, default flags: {len(got)} read, {len(errors)} errors")
    print(f"   {'saved as':<28} {'files':>6} {'read':>6} {'exact text':>11}  decoded as")
    saved_counts = Counter(s for s, _ in made.values())
    for saved_as, n in saved_counts.items():
        print(
            f"   {saved_as:<28} {n:>6} {by_saved[saved_as]:>6} {exact[saved_as] / max(1, by_saved[saved_as]):>11.3f}  "
            + ", ".join(f"{k} {v}" for k, v in used[saved_as].most_common())
        )
    print("   (an exact-text miss is a PolNeAR file whose own text holds mojibake that UTF-8 then repairs)")
    print("   ingest summary counts:", dict(report.encodings))


# Our paragraphs (benchmarks/data/languages.jsonl) saved in their languages' legacy codecs.
LEGACY = {"pl": ("cp1250", "iso8859-2"), "ru": ("cp1251", "koi8-r"), "tr": ("cp1254",), "id": (), "en": ()}


def own_paragraphs() -> list[tuple[str, bytes]]:
    out = []
    for line in (ROOT / "benchmarks" / "data" / "languages.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        for enc in LEGACY.get(rec["lang"], ("cp1252",)):
            out.append((rec["text"], rec["text"].encode(enc)))
    return out


def section_detectors(texts: list[str]) -> None:
    samples = []
    for t in texts:
        if t.isascii():
            continue
        for enc in ("cp1252", "latin-1"):
            try:
                samples.append((t, t.encode(enc)))
            except UnicodeEncodeError:
                pass
    detectors = {"chardet (storyline)": detect_encoding}
    try:
        import charset_normalizer

        def cn(b: bytes) -> str | None:
            best = charset_normalizer.from_bytes(b).best()
            return best.encoding if best else None

        detectors["charset-normalizer"] = cn
    except ImportError:
        pass
    try:
        import cchardet

        detectors["cchardet"] = lambda b: cchardet.detect(b)["encoding"]
    except ImportError:
        print("   (cchardet not installed: pip install -e '.[bench]')")
    own = own_paragraphs()
    print(f"2. detectors: A = {len(samples)} PolNeAR files in cp1252 / Latin-1 with non-ASCII characters,")
    print(f"   B = {len(own)} of our paragraphs in 13 languages in cp1252, cp1250, ISO-8859-2, cp1251, KOI8-R, cp1254")
    for name, fn in detectors.items():
        figures = []
        for data_set in (samples, own):
            t0 = time.perf_counter()
            right = 0
            for text, data in data_set:
                guess = fn(data)
                try:
                    right += guess is not None and data.decode(guess) == text
                except (LookupError, UnicodeDecodeError):
                    pass
            figures.append((right / len(data_set), len(data_set) / (time.perf_counter() - t0)))
        (a, a_speed), (b, _) = figures
        print(f"   {name:<22} original text back: A {a:.3f}, B {b:.3f}   {a_speed:>7.0f} files/s (A)")


def _cost(path: Path, forced: str) -> tuple[int, float, float, float]:
    """(articles, seconds to read with detection, with ``forced``, of the ingest stages)."""
    reads = {}
    for label, cfg in (("detected", ReaderConfig()), ("forced", ReaderConfig(encoding=forced))):
        t0 = time.perf_counter()
        arts = [a for a in read_inputs([path], cfg) if not isinstance(a, InputError)]
        reads[label] = time.perf_counter() - t0
    config = Config()
    t0 = time.perf_counter()
    run_local(arts, [CleanStage(config), ReprintStage(config), RefineStage(config), StoryStage(config)])
    return len(arts), reads["detected"], reads["forced"], time.perf_counter() - t0


def _print_cost(detected: float, forced: float, stages: float, label: str) -> None:
    total = detected + stages
    print(f"   read with detection {detected:.2f} s, forced {label} {forced:.2f} s; ingest stages {stages:.2f} s")
    print(f"   detection costs {detected - forced:+.2f} s = {100 * (detected - forced) / total:+.1f}% of the ingest")


def section_cost(n: int) -> None:
    bench = shared_dir() / "data" / "syndication-dev" / "articles.jsonl"
    count, detected, forced, stages = _cost(bench, "utf-8")
    print(f"3. syndication-dev as distributed ({count} articles, one UTF-8 JSON-lines file)")
    _print_cost(detected, forced, stages, "utf-8")
    recs = [json.loads(x) for x, _ in zip(open(bench, encoding="utf-8"), range(n), strict=False)]
    with tempfile.TemporaryDirectory() as tmp:
        for r in recs:
            (Path(tmp) / f"{r['id']}.txt").write_bytes(r["text"].encode("cp1252", "replace"))
        count, detected, forced, stages = _cost(Path(tmp), "cp1252")
    print(f"4. the worst case: syndication-dev's first {count} articles as cp1252 .txt files, chardet on every one")
    _print_cost(detected, forced, stages, "cp1252")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=3000, help="syndication-dev articles for the cost figure")
    args = ap.parse_args()
    base = shared_dir() / "data" / "polnear"
    texts = [p.read_text(encoding="utf-8") for p in sorted(base.glob("*/text/*.txt"))]
    section_folder(texts)
    section_detectors(texts)
    section_cost(args.articles)


if __name__ == "__main__":
    main()
